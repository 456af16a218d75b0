//! What every subcommand shares: the failure type and how it is reported, key loading from
//! `--NAME TEXT` / `--NAME-file PATH`, the appkey and APPSecret from an option, a file or the environment,
//! default timestamps, masking of secrets, and output helpers.

use std::io::Write;
use std::process::ExitCode;

use ydrz::client::config::MAX_CONFIG_BYTES;
use ydrz::codec::Encoding;
use ydrz::keys::{PrivateKey, PublicKey, MAX_KEY_TEXT};
use ydrz::protocol::fields::MAX_FIELD_LEN;
use ydrz::signature::SignAlgorithm;
use zeroize::Zeroizing;

use crate::args::{Args, Spec, UsageError};
use crate::input::{read_text, Contents};
use crate::EXIT_FAILURE;

/// Why a subcommand stopped: a usage error (exit 2, printed with the help by `main`) or a failed operation
/// (exit 1, printed here as `ydrz <cmd>: <message>`, or as a JSON object on stdout with `--json`).
#[derive(Debug)]
pub enum Failure {
    Usage(UsageError),
    Failed(Failed),
}

/// A failed operation: the message, and the library's status and platform result code when the library failed
/// (none for the tool's own failures, such as an unreadable file).
#[derive(Debug)]
pub struct Failed {
    pub message: String,
    pub status: Option<ydrz::Status>,
    pub platform_code: Option<String>,
}

impl Failed {
    /// `{"status","message","platform_code"}`; `status` is the library's constant name (e.g. "YDRZ_E_PLATFORM")
    /// or null for a failure of the tool itself.
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "status": self.status.map(ydrz::Status::name),
            "message": self.message,
            "platform_code": self.platform_code,
        })
    }
}

impl From<UsageError> for Failure {
    fn from(e: UsageError) -> Failure {
        Failure::Usage(e)
    }
}

impl From<ydrz::Error> for Failure {
    fn from(e: ydrz::Error) -> Failure {
        failed_because(&e, e.message().to_string())
    }
}

/// A failed operation caused by the library error `e`, explained by `message`.
pub fn failed_because(e: &ydrz::Error, message: String) -> Failure {
    Failure::Failed(Failed { message, status: Some(e.status()), platform_code: e.platform_code().map(str::to_string) })
}

/// Parses options only: any positional argument is a usage error.
pub fn options(raw: &[String], spec: &Spec<'_>) -> Result<Args, Failure> {
    let args = Args::parse(raw, spec)?;
    if let Some(extra) = args.positional().first() {
        return Err(UsageError(format!("unexpected argument \"{extra}\"")).into());
    }
    Ok(args)
}

/// `--interface`: `web` (the default; the mini-program / H5 interface, which needs `--user-information`) or
/// `app` (the App SDK interface, which takes none). Returns the interface name and the user information.
pub fn web_or_app<'a>(args: &'a Args, web: &'a str, app: &'a str) -> Result<(&'a str, Option<&'a str>), Failure> {
    let interface = args.value("interface").unwrap_or(web);
    if interface == web {
        return Ok((interface, Some(args.required("user-information")?)));
    }
    if interface != app {
        return Err(UsageError(format!("--interface is {web} or {app}, not \"{interface}\"")).into());
    }
    if args.value("user-information").is_some() {
        return Err(UsageError(format!("--user-information is for --interface {web} only")).into());
    }
    Ok((interface, None))
}

/// A failed operation with this message.
pub fn failed(message: impl Into<String>) -> Failure {
    Failure::Failed(Failed { message: message.into(), status: None, platform_code: None })
}

/// Turns a subcommand's result into what `Command::run` returns: a failed operation becomes exit code 1 and is
/// printed to stderr as `ydrz <name>: <message>`, or with `--json` among `raw` to stdout as a JSON object
/// (`Failed::to_json`); a usage error is passed on to `main`.
pub fn finish(name: &str, raw: &[String], result: Result<ExitCode, Failure>) -> Result<ExitCode, UsageError> {
    match result {
        Ok(code) => Ok(code),
        Err(Failure::Usage(e)) => Err(e),
        Err(Failure::Failed(failure)) => {
            if raw.iter().any(|a| a == "--json") {
                print_json(&failure.to_json());
            } else {
                eprintln!("ydrz {name}: {}", failure.message);
            }
            Ok(ExitCode::from(EXIT_FAILURE))
        }
    }
}

/// The key text given as `--NAME TEXT` or `--NAME-file PATH` (`-` reads standard input), and where it came
/// from. `None` when neither is given; giving both is a usage error. Files are read whole (up to the library's
/// limit for key text); the key parser ignores surrounding whitespace.
fn key_text(args: &Args, name: &str, contents: Contents) -> Result<Option<(Zeroizing<String>, String)>, Failure> {
    let file_option = format!("{name}-file");
    match (args.value(name), args.value(&file_option)) {
        (Some(_), Some(_)) => Err(UsageError(format!("give --{name} or --{file_option}, not both")).into()),
        (Some(text), None) => Ok(Some((Zeroizing::new(text.to_string()), format!("--{name}")))),
        (None, Some(path)) => {
            let text = read_text(&format!("--{file_option}"), path, MAX_KEY_TEXT, contents).map_err(failed)?;
            Ok(Some((text, format!("--{file_option} {path}"))))
        }
        (None, None) => Ok(None),
    }
}

/// The appkey: `--app-key TEXT`, `--app-key -` or `--app-key-file PATH|-` (standard input), or else the
/// environment variable `YDRZ_APP_KEY`. The file and environment forms keep it out of the process list.
pub fn app_key(args: &Args) -> Result<Option<Zeroizing<String>>, Failure> {
    secret(args, "app-key", "YDRZ_APP_KEY")
}

/// The APPSecret, like [`app_key`]: `--app-secret`, `--app-secret-file`, or `YDRZ_APP_SECRET`.
pub fn app_secret(args: &Args) -> Result<Option<Zeroizing<String>>, Failure> {
    secret(args, "app-secret", "YDRZ_APP_SECRET")
}

/// Like [`app_key`], but the appkey is required.
pub fn required_app_key(args: &Args) -> Result<Zeroizing<String>, Failure> {
    app_key(args)?.ok_or_else(|| UsageError("--app-key, --app-key-file or YDRZ_APP_KEY is required".into()).into())
}

/// A secret from `--NAME TEXT`, `--NAME -` / `--NAME-file PATH|-` (read, up to the library's field limit,
/// without its line ending), or the environment variable `env`, in that order. Empty text is a failure.
fn secret(args: &Args, name: &str, env: &str) -> Result<Option<Zeroizing<String>>, Failure> {
    let file_option = format!("{name}-file");
    let (text, origin) = match (args.value(name), args.value(&file_option)) {
        (Some(_), Some(_)) => return Err(UsageError(format!("give --{name} or --{file_option}, not both")).into()),
        (Some("-"), None) => (read_secret(&format!("--{name}"), "-")?, format!("--{name} -")),
        (Some(text), None) => (Zeroizing::new(text.to_string()), format!("--{name}")),
        (None, Some(path)) => (read_secret(&format!("--{file_option}"), path)?, format!("--{file_option} {path}")),
        (None, None) => match std::env::var(env) {
            Ok(text) => (Zeroizing::new(text), env.to_string()),
            Err(_) => return Ok(None),
        },
    };
    if text.is_empty() {
        return Err(failed(format!("{origin} is empty")));
    }
    Ok(Some(text))
}

fn read_secret(option: &str, path: &str) -> Result<Zeroizing<String>, Failure> {
    let text = read_text(option, path, MAX_FIELD_LEN, Contents::Secret).map_err(failed)?;
    Ok(Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_string()))
}

/// Loads an optional private key from `--NAME` / `--NAME-file`. A key that does not load is a failure whose
/// message names the option and the key problem, never the key material.
pub fn private_key(args: &Args, name: &str) -> Result<Option<PrivateKey>, Failure> {
    let Some((text, origin)) = key_text(args, name, Contents::Secret)? else { return Ok(None) };
    PrivateKey::load(&text)
        .map(Some)
        .map_err(|e| failed_because(&e, format!("cannot load the private key from {origin}: {}", e.message())))
}

/// Loads an optional public key from `--NAME` / `--NAME-file`, like [`private_key`].
pub fn public_key(args: &Args, name: &str) -> Result<Option<PublicKey>, Failure> {
    let Some((text, origin)) = key_text(args, name, Contents::Public)? else { return Ok(None) };
    PublicKey::load(&text)
        .map(Some)
        .map_err(|e| failed_because(&e, format!("cannot load the public key from {origin}: {}", e.message())))
}

/// Like [`private_key`], but the key is required.
pub fn required_private_key(args: &Args, name: &str) -> Result<PrivateKey, Failure> {
    private_key(args, name)?.ok_or_else(|| missing_key(name))
}

/// Like [`public_key`], but the key is required.
pub fn required_public_key(args: &Args, name: &str) -> Result<PublicKey, Failure> {
    public_key(args, name)?.ok_or_else(|| missing_key(name))
}

fn missing_key(name: &str) -> Failure {
    UsageError(format!("--{name} KEY_TEXT or --{name}-file PATH is required")).into()
}

/// The platform client configured by `--config FILE` (`-` reads standard input): the client's JSON
/// configuration, or a sandbox info file, whose `client_config` object is used.
pub fn client(args: &Args) -> Result<ydrz::client::Client, Failure> {
    let path = args.required("config")?;
    let text = read_text("--config", path, MAX_CONFIG_BYTES, Contents::Secret).map_err(failed)?;
    let sandbox_config = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|info| info.get("client_config").filter(|c| c.is_object()).map(|c| Zeroizing::new(c.to_string())));
    ydrz::client::Client::new(sandbox_config.as_ref().unwrap_or(&text))
        .map_err(|e| failed_because(&e, format!("cannot use --config {path}: {}", e.message())))
}

/// The phone number as printed and whether it is masked: as is with `--show-phone`; otherwise its mask, and the
/// number is masked inside `details` too.
pub fn shown_phone(args: &Args, phone: &str, details: Option<&mut serde_json::Value>) -> (String, bool) {
    if args.flag("show-phone") {
        return (phone.to_string(), false);
    }
    if let Some(details) = details {
        mask_phone_in(details, phone);
    }
    (ydrz::protocol::fields::mask_phone(phone), true)
}

/// Replaces every JSON string equal to `phone` (e.g. a plain msisdn inside the raw response) by its mask.
fn mask_phone_in(value: &mut serde_json::Value, phone: &str) {
    match value {
        serde_json::Value::String(s) if s == phone => *s = ydrz::protocol::fields::mask_phone(phone),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| mask_phone_in(v, phone)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| mask_phone_in(v, phone)),
        _ => {}
    }
}

/// `--timestamp`, or the current Beijing time as 17 digits when absent.
pub fn timestamp_or_now(args: &Args) -> String {
    args.value("timestamp").map_or_else(ydrz::protocol::ids::timestamp_now, str::to_string)
}

/// `--algorithm` (SHA256withRSA / MD5withRSA) if given; an unknown name is a usage error.
pub fn algorithm(args: &Args) -> Result<Option<SignAlgorithm>, Failure> {
    args.value("algorithm").map(SignAlgorithm::from_name).transpose().map_err(usage)
}

/// `--encoding` (hex_upper / hex_lower / base64) if given; an unknown name is a usage error.
pub fn encoding(args: &Args) -> Result<Option<Encoding>, Failure> {
    args.value("encoding").map(Encoding::from_name).transpose().map_err(usage)
}

/// A library error about a bad option value, as a usage error.
fn usage(e: ydrz::Error) -> Failure {
    UsageError(e.message().to_string()).into()
}

/// Masks a secret (appkey, APPSecret) for display: its first 4 characters, then one `*` per remaining
/// character, so lengths can still be compared. Secrets of 8 characters or fewer are masked entirely.
pub fn mask_secret(secret: &str) -> String {
    let count = secret.chars().count();
    let shown = if count > 8 { 4 } else { 0 };
    secret.chars().take(shown).chain(std::iter::repeat_n('*', count - shown)).collect()
}

/// `text` with every occurrence of each non-empty secret replaced by its mask.
pub fn mask_secrets_in(text: &str, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_string(), |acc, secret| acc.replace(secret, &mask_secret(secret)))
}

/// How an encoding is called in messages.
pub fn encoding_words(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::HexUpper => "upper-case hex",
        Encoding::HexLower => "lower-case hex",
        Encoding::Base64 => "Base64",
    }
}

/// Writes `text` to standard output. A closed pipe (`ydrz explain --list | head`) is not an error worth a
/// panic: the rest of the output is dropped.
pub fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

/// Writes a JSON value, pretty, followed by a newline.
pub fn print_json(value: &serde_json::Value) {
    emit(&format!("{}\n", serde_json::to_string_pretty(value).expect("a serde_json::Value always serializes")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_but_keep_their_length() {
        assert_eq!(mask_secret("5A3F0E9C2B7D4E1F"), "5A3F************");
        assert_eq!(mask_secret("short"), "*****");
        assert_eq!(mask_secrets_in("300012345678KEY0123456789", &["KEY0123456789", ""]), "300012345678KEY0*********");
    }

    #[test]
    fn phones_inside_details_are_masked() {
        let mut details = serde_json::json!({"response": {"msisdn": "13800138000", "list": ["13800138000", "x"]}});
        mask_phone_in(&mut details, "13800138000");
        assert_eq!(details.to_string(), r#"{"response":{"list":["138****8000","x"],"msisdn":"138****8000"}}"#);
    }

    #[test]
    fn key_options_are_exclusive_and_name_the_problem() {
        let spec = crate::args::Spec { valued: &["private-key", "private-key-file"], flags: &[] };
        let both =
            Args::parse(&["--private-key".into(), "x".into(), "--private-key-file".into(), "y".into()], &spec).unwrap();
        assert!(matches!(private_key(&both, "private-key"), Err(Failure::Usage(_))));
        let bad = Args::parse(&["--private-key".into(), "not a key".into()], &spec).unwrap();
        match private_key(&bad, "private-key") {
            Err(Failure::Failed(f)) => {
                assert!(f.message.contains("private key from --private-key"), "{}", f.message);
                assert_eq!(f.status, Some(ydrz::Status::Key));
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        let none = Args::parse(&[], &spec).unwrap();
        assert!(matches!(required_private_key(&none, "private-key"), Err(Failure::Usage(_))));
    }
}
