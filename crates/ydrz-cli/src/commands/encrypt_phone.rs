//! `ydrz encrypt-phone`: the number-verification `phoneNum`, RSA-encrypted with the platform public key.

use std::process::ExitCode;

use ydrz::protocol::field_names::NUMBER_FIELDS;
use ydrz::protocol::fields::mask_phone;
use ydrz::protocol::strings::phone_plaintext;

use super::common::{
    emit, finish, mask_secret, options, print_json, required_app_key, required_public_key, timestamp_or_now, Failure,
};
use super::Command;
use crate::args::{Spec, UsageError};

pub const COMMAND: Command = Command { name: "encrypt-phone", help: HELP, run };

const HELP: &str = "\
Usage: ydrz encrypt-phone PLATFORM KEY --phone 1XXXXXXXXXX APPKEY [--timestamp 17DIGITS] [--json]

Computes body.phoneNum of number verification: Base64(RSA PKCS#1 v1.5 encryption of phone + appKey + timestamp
with the PLATFORM public key shown on dev.10086.cn), in blocks of k-11 bytes like RsaUtils.encryptedDataOnJava.
The timestamp must be the header timestamp of the same request (default: now, UTC+8), and the request sign must
be computed over this exact phoneNum text. Encryption is randomized: every run prints a different phoneNum.

PLATFORM KEY is --platform-public-key-file PATH (`-` reads standard input) or --platform-public-key TEXT
(Base64 X.509 SPKI as the console shows it, or PEM).
APPKEY is --app-key-file PATH (`-` reads standard input), the environment variable YDRZ_APP_KEY, or
--app-key TEXT, which every user of the machine can read in the process list (--app-key - reads standard
input).

The phone number and the appkey are masked in what is printed.

Example:
  ydrz encrypt-phone --platform-public-key-file platform_public.txt --phone 13800138000 --app-key-file appkey.txt \\
      --timestamp 20240131235959123
";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let spec = Spec {
        valued: &["platform-public-key", "platform-public-key-file", "phone", "app-key", "app-key-file", "timestamp"],
        flags: &["json"],
    };
    let args = options(raw, &spec)?;
    let phone = args.required("phone")?;
    let app_key = required_app_key(&args)?;
    let key = required_public_key(&args, "platform-public-key")?;
    let timestamp = timestamp_or_now(&args);
    let plaintext = phone_plaintext(phone, &app_key, &timestamp)?;
    let phone_num = key.encrypt_to_base64(&plaintext)?;
    let shown_plaintext = format!("{}{}{timestamp}", mask_phone(phone), mask_secret(&app_key));
    if args.flag("json") {
        print_json(&serde_json::json!({
            NUMBER_FIELDS.timestamp: timestamp,
            "plaintext": shown_plaintext,
            "key_bits": key.bits(),
            NUMBER_FIELDS.phone_num: phone_num,
        }));
    } else {
        emit(&format!(
            "timestamp  {timestamp}\nplaintext  {shown_plaintext}  (phone + appKey + timestamp)\nphoneNum   {phone_num}\n"
        ));
    }
    Ok(ExitCode::SUCCESS)
}
