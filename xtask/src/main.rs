//! The repository's tools, run as `cargo xtask <command>` (the alias is in .cargo/config.toml):
//!
//! `cargo xtask dist-check --version V --glibc-floor X.Y --max-shared-lib-bytes N [--manifest FILE] TREE...`
//! checks the ELF files of staged release trees (scripts/dist/check.sh passes scripts/dist/env.sh's values):
//! every ELF is stripped, needs at most GLIBC_X.Y (weak references included) and only the manylinux2014
//! system libraries; lib/libydrz.so.V has the SONAME libydrz.so.<YDRZ_ABI_VERSION>, which the development
//! links resolve through, exports exactly the functions of the ABI manifest (default include/ydrz.abi.json),
//! is at most N bytes and is marked NODELETE; lib/libydrz_jni.so exports only Java_* and JNI_OnLoad and is
//! marked NODELETE; lib/libydrz.a defines exactly the manifest's functions globally, calls no __isoc23_*
//! symbol and holds no debug info. Exits 1 naming every problem, 2 on a usage error.

mod dist_check;
mod elf;
mod manifest;
mod policy;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dist_check::Limits;
use manifest::Manifest;

const USAGE: &str = "usage: cargo xtask dist-check --version V --glibc-floor X.Y --max-shared-lib-bytes N \
                     [--manifest FILE] TREE...";

struct DistCheck {
    version: String,
    limits: Limits,
    manifest: PathBuf,
    trees: Vec<PathBuf>,
}

fn parse_dist_check(mut args: impl Iterator<Item = String>) -> Result<DistCheck, String> {
    let (mut version, mut floor, mut max, mut trees) = (None, None, None, Vec::new());
    let mut manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/ydrz.abi.json");
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--version" => version = Some(value()?),
            "--glibc-floor" => floor = Some(value()?.parse()?),
            "--max-shared-lib-bytes" => {
                max = Some(value()?.parse().map_err(|e| format!("--max-shared-lib-bytes: {e}"))?)
            }
            "--manifest" => manifest = PathBuf::from(value()?),
            option if option.starts_with('-') => return Err(format!("unknown option {option}")),
            tree => trees.push(PathBuf::from(tree)),
        }
    }
    if trees.is_empty() {
        return Err("no release tree given".to_owned());
    }
    Ok(DistCheck {
        version: version.ok_or("--version is required")?,
        limits: Limits {
            glibc_floor: floor.ok_or("--glibc-floor is required")?,
            max_shared_lib_bytes: max.ok_or("--max-shared-lib-bytes is required")?,
        },
        manifest,
        trees,
    })
}

fn dist_check(command: DistCheck) -> Result<usize, String> {
    let manifest = Manifest::read(&command.manifest)?;
    let mut problems = 0;
    for tree in &command.trees {
        println!("checking {}", tree.display());
        for problem in dist_check::check_tree(tree, &command.version, &manifest, &command.limits)? {
            eprintln!("  FAIL: {problem}");
            problems += 1;
        }
    }
    Ok(problems)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let outcome = match args.next().as_deref() {
        Some("dist-check") => parse_dist_check(args).map(dist_check),
        _ => Err("no command given".to_owned()),
    };
    match outcome {
        Err(usage) => {
            eprintln!("xtask: {usage}\n{USAGE}");
            ExitCode::from(2)
        }
        Ok(Err(error)) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
        Ok(Ok(0)) => ExitCode::SUCCESS,
        Ok(Ok(problems)) => {
            eprintln!("xtask dist-check: {problems} problem(s)");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<DistCheck, String> {
        parse_dist_check(args.iter().map(|a| a.to_string()))
    }

    #[test]
    fn the_arguments_are_typed() {
        let c =
            parse(&["--version", "0.1.0", "--glibc-floor", "2.17", "--max-shared-lib-bytes", "8", "t1", "t2"]).unwrap();
        assert_eq!((c.version.as_str(), c.limits.max_shared_lib_bytes), ("0.1.0", 8));
        assert_eq!(c.limits.glibc_floor, "2.17".parse().unwrap());
        assert_eq!(c.trees, [PathBuf::from("t1"), PathBuf::from("t2")]);
        assert!(c.manifest.ends_with("include/ydrz.abi.json"));
    }

    #[test]
    fn bad_arguments_are_refused() {
        assert!(parse(&["--version", "0.1.0", "--glibc-floor", "2.17", "--max-shared-lib-bytes", "8"]).is_err());
        assert!(parse(&["--glibc-floor", "2.17", "--max-shared-lib-bytes", "8", "t"]).is_err());
        assert!(parse(&["--version", "1", "--glibc-floor", "two", "--max-shared-lib-bytes", "8", "t"]).is_err());
        assert!(parse(&["--version", "1", "--glibc-floor", "2.17", "--max-shared-lib-bytes", "-1", "t"]).is_err());
        assert!(parse(&["--version", "1", "--glibc-floor", "2.17", "--max-shared-lib-bytes", "8", "--strict", "t"])
            .is_err());
        assert!(parse(&["--version"]).is_err());
    }
}
