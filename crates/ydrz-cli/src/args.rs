//! A small command-line parser: `--name value`, `--name=value` and `--flag`, plus positional arguments.
//! Every option a command accepts must be declared, so a typo is an error rather than silently ignored.

use std::collections::HashMap;

/// A usage error, printed with the command's help and exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Parsed arguments of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    values: HashMap<String, Vec<String>>,
    flags: Vec<String>,
    positional: Vec<String>,
}

/// Declares the options of a subcommand: those that take a value and boolean flags (names without `--`).
pub struct Spec<'a> {
    pub valued: &'a [&'a str],
    pub flags: &'a [&'a str],
}

impl Args {
    pub fn parse(raw: &[String], spec: &Spec<'_>) -> Result<Args, UsageError> {
        let mut args = Args::default();
        let mut iter = raw.iter();
        while let Some(item) = iter.next() {
            let Some(option) = item.strip_prefix("--") else {
                args.positional.push(item.clone());
                continue;
            };
            let (name, inline) = match option.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (option, None),
            };
            if spec.flags.contains(&name) {
                if inline.is_some() {
                    return Err(UsageError(format!("--{name} takes no value")));
                }
                args.flags.push(name.to_string());
            } else if spec.valued.contains(&name) {
                let value = match inline {
                    Some(v) => v,
                    None => iter.next().cloned().ok_or_else(|| UsageError(format!("--{name} needs a value")))?,
                };
                args.values.entry(name.to_string()).or_default().push(value);
            } else {
                return Err(UsageError(format!("unknown option --{name}")));
            }
        }
        Ok(args)
    }

    /// The last value given for `--name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(String::as_str)
    }

    /// Every value given for a repeatable `--name`.
    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The value of a required `--name`.
    pub fn required(&self, name: &str) -> Result<&str, UsageError> {
        self.value(name).ok_or_else(|| UsageError(format!("--{name} is required")))
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    pub fn positional(&self) -> &[String] {
        &self.positional
    }

    /// A numeric `--name`, or `default` when absent.
    pub fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, UsageError> {
        match self.value(name) {
            None => Ok(default),
            Some(text) => text.parse().map_err(|_| UsageError(format!("--{name} must be a number, got \"{text}\""))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_values_flags_and_positionals() {
        let spec = Spec { valued: &["port", "allow-ip"], flags: &["json"] };
        let args = Args::parse(
            &strings(&["104013", "--port", "0", "--allow-ip=1.2.3.4", "--allow-ip", "::1", "--json"]),
            &spec,
        )
        .unwrap();
        assert_eq!(args.positional(), ["104013"]);
        assert_eq!(args.number::<u16>("port", 9).unwrap(), 0);
        assert_eq!(args.values("allow-ip"), ["1.2.3.4", "::1"]);
        assert!(args.flag("json"));
        assert!(Args::parse(&strings(&["--nope"]), &spec).is_err());
        assert!(Args::parse(&strings(&["--port"]), &spec).is_err());
        assert!(Args::parse(&strings(&["--json=1"]), &spec).is_err());
        assert!(args.required("missing").is_err());
    }
}
