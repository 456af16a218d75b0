//! `ydrz`: the command-line tool. Offline helpers (keys, signs, encryption, code lookup, doctor), calls to the
//! platform or the sandbox, and the sandbox server itself. The sandbox lives only in this binary; the shared
//! library contains no server code.

mod args;
mod commands;
mod input;
mod sandbox;

use std::process::ExitCode;

use args::UsageError;

/// Exit codes: 0 success, 1 the operation failed (bad key, platform error, no match ...), 2 usage error.
pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

const HELP: &str = "\
ydrz — tools for China Mobile's authentication platform (移动认证, cmpassport)

Usage: ydrz <command> [options]      (ydrz <command> --help for the options of one command)

Offline:
  keygen          generate an RSA key pair in the Java getEncoded() forms the console expects
  sign            compute a sign: jssdk (MD5), token-validate (SHA256withRSA), presign, raw RSA
  encrypt-phone   encrypt phone + appkey + timestamp with the platform public key (number verification)
  decrypt-msisdn  decrypt the msisdn that tokenValidate returns
  explain CODE    describe a platform result code (Chinese, English, what to check)
  doctor          find out why the platform rejects a sign (103101, 104013, 130018 ...)

Online:
  validate        one-click login: validate a token and print the phone number
  verify          number verification: check a typed phone number against a token
  sandbox         run a local platform sandbox for tests and demos

Exit codes: 0 success, 1 the operation failed, 2 usage error.
";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = argv.split_first() else {
        eprint!("{HELP}");
        return ExitCode::from(EXIT_USAGE);
    };
    if matches!(command.as_str(), "-h" | "--help" | "help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    if matches!(command.as_str(), "-V" | "--version") {
        println!("ydrz {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    let Some(cmd) = commands::find(command) else {
        let message = format!("unknown command \"{command}\"");
        if argv.iter().any(|a| a == "--json") {
            print_usage_json(&message);
        }
        eprintln!("ydrz: {message}\n");
        eprint!("{HELP}");
        return ExitCode::from(EXIT_USAGE);
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        print!("{}", cmd.help);
        return ExitCode::SUCCESS;
    }
    match (cmd.run)(rest) {
        Ok(code) => code,
        Err(UsageError(message)) => {
            if rest.iter().any(|a| a == "--json") {
                print_usage_json(&message);
            }
            eprintln!("ydrz {}: {message}\n", cmd.name);
            eprint!("{}", cmd.help);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// A usage error as the JSON object that `--json` asks for, on stdout.
fn print_usage_json(message: &str) {
    println!("{}", serde_json::json!({"status": "USAGE", "message": message, "platform_code": null}));
}
