//! `ydrz decrypt-msisdn`: the phone number inside a token-validation answer's `msisdn`.

use std::process::ExitCode;

use ydrz::cipher::{decrypt_msisdn, AesKeyDerivation};

use super::common::{app_key, emit, finish, options, print_json, private_key, shown_phone, Failure};
use super::Command;
use crate::args::{Spec, UsageError};

pub const COMMAND: Command = Command { name: "decrypt-msisdn", help: HELP, run };

const HELP: &str = "\
Usage: ydrz decrypt-msisdn --msisdn TEXT (APPKEY [--aes-key first16|full] | PRIVATE KEY)
                           [--show-phone] [--json]

Decrypts the msisdn a token validation returned:
  one-click login (mini-program / H5 tokenValidate): Base64 AES-ECB/PKCS7 with a key derived from the appkey:
      --aes-key first16 (default) = its first 16 bytes, AES-128; full = all its bytes (16/24/32 long)
  App loginTokenValidate in RSA mode (encryptionalgorithm=RSA): RSA PKCS#1 v1.5 with the private key of
      your encryption public key (应用公钥2); hex or Base64 is detected
A plain 11-digit number is returned as it is (AES mode).

PRIVATE KEY is --private-key-file PATH (`-` reads standard input) or --private-key TEXT.
APPKEY is --app-key-file PATH (`-` reads standard input), the environment variable YDRZ_APP_KEY, or
--app-key TEXT, which every user of the machine can read in the process list (--app-key - reads standard
input).

The phone number is masked (138****8000) unless --show-phone is given.

Examples:
  ydrz decrypt-msisdn --app-key-file appkey.txt --msisdn RP+ama7A6MB2X/o7iETGrQ== --show-phone
  ydrz decrypt-msisdn --private-key-file private_pkcs8.txt --msisdn 60BDB800A30A...
";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let spec = Spec {
        valued: &["msisdn", "app-key", "app-key-file", "aes-key", "private-key", "private-key-file"],
        flags: &["show-phone", "json"],
    };
    let args = options(raw, &spec)?;
    let msisdn = args.required("msisdn")?;
    let key = private_key(&args, "private-key")?;
    let app_key_option = args.value("app-key").is_some() || args.value("app-key-file").is_some();
    // A private key selects RSA mode, whatever YDRZ_APP_KEY holds; only an appkey option conflicts with it.
    let app_key = if key.is_some() { None } else { app_key(&args)? };
    let (phone, mode) = match (key, app_key) {
        (Some(_), _) if app_key_option => {
            return Err(
                UsageError("give --app-key[-file] (AES mode) or a private key (RSA mode), not both".into()).into()
            )
        }
        (None, None) => {
            return Err(UsageError(
                "--app-key[-file] or YDRZ_APP_KEY (AES mode), or --private-key[-file] (RSA mode), is required".into(),
            )
            .into())
        }
        (Some(key), _) => {
            if args.value("aes-key").is_some() {
                return Err(UsageError("--aes-key applies to AES mode (the appkey) only".into()).into());
            }
            (key.decrypt_text(msisdn)?, "RSA PKCS#1 v1.5".to_string())
        }
        (None, Some(app_key)) => {
            let derivation_name = args.value("aes-key").unwrap_or("first16");
            let derivation =
                AesKeyDerivation::from_name(derivation_name).map_err(|e| UsageError(e.message().to_string()))?;
            (decrypt_msisdn(&app_key, msisdn, derivation)?, format!("AES-ECB, key = appkey {derivation_name}"))
        }
    };
    let (shown, masked) = shown_phone(&args, &phone, None);
    if args.flag("json") {
        print_json(&serde_json::json!({ "phone": shown, "masked": masked, "mode": mode }));
    } else {
        emit(&format!("{shown}  ({mode})\n"));
    }
    Ok(ExitCode::SUCCESS)
}
