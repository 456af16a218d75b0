//! `ydrz sign`: the signs the platform expects, computed by the library (jssdk MD5, tokenValidate
//! SHA256withRSA, number-verification preSign, and a raw RSA signature of any text).

use std::process::ExitCode;

use ydrz::codec::Encoding;
use ydrz::protocol::field_names::{JSSDK_FIELDS, ONEKEY_LOGIN_FIELDS};
use ydrz::protocol::ids::new_id;
use ydrz::protocol::interfaces::ONEKEY_LOGIN;
use ydrz::protocol::strings::{
    jssdk_sign_string, token_validate_string, JssdkSignInput, JSSDK_DEFAULT_BUSINESS_TYPE, JSSDK_DEFAULT_VERSION,
};
use ydrz::signature::{md5_hex, SignAlgorithm};

use super::common::{
    algorithm, emit, encoding, finish, mask_secrets_in, options, print_json, required_app_key, required_private_key,
    timestamp_or_now, Failure,
};
use super::doctor::variants::{Format, Scheme};
use super::Command;
use crate::args::{Args, Spec, UsageError};

pub const COMMAND: Command = Command { name: "sign", help: HELP, run };

const HELP: &str = "\
Usage: ydrz sign <kind> [options] [--json]

Kinds:
  jssdk           MD5(appId + businessType + msgId + timestamp + traceId + version + appkey), msgId = traceId:
                  the sign the mini-program passes to YDRZ.getTokenInfo (one-click login)
      --app-id ID APPKEY [--trace-id ID (default: new 32-hex id)] [--timestamp 17DIGITS (default: now,
      UTC+8)] [--version 2.0] [--business-type 8] [--lower (lower-case hex; the platform expects upper)]
  token-validate  SHA256withRSA(appId + traceId + timestamp + token + version): body.sign of
                  /h5/onekeylogin/tokenValidate; traceId, timestamp and version are the header values you send
      PRIVATE KEY --app-id ID --token TOKEN [--trace-id ID (default: new)] [--timestamp (default: now)]
      [--version 2.0] [--encoding hex_upper (default) | hex_lower | base64]
  presign         the number-verification preSign (from jssdk getSign) signed verbatim
      PRIVATE KEY --presign TEXT [--algorithm MD5withRSA (default) | SHA256withRSA] [--encoding base64 (default)
      | hex_upper | hex_lower]
  rsa             an RSASSA-PKCS1-v1_5 signature of any UTF-8 text
      PRIVATE KEY --data TEXT --algorithm MD5withRSA|SHA256withRSA --encoding hex_upper|hex_lower|base64

PRIVATE KEY is --private-key-file PATH (`-` reads standard input) or --private-key TEXT: the Base64 PKCS#8
string (Java getEncoded()), or PEM (PKCS#8 or PKCS#1). Prefer the file: command lines are visible to other
users of the machine.
APPKEY is --app-key-file PATH (`-` reads standard input), the environment variable YDRZ_APP_KEY, or
--app-key TEXT, which every user of the machine can read in the process list (--app-key - reads standard
input).

The appkey is masked in what is printed. --json prints the fields, the string to sign and the sign.

Examples:
  ydrz sign jssdk --app-id 300012345678 --app-key-file appkey.txt
  ydrz sign token-validate --private-key-file private_pkcs8.txt --app-id 300012345678 \\
      --trace-id 7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37 --timestamp 20240131235959123 --token \"$TOKEN\"
  ydrz sign presign --private-key-file private_pkcs8.txt --presign \"$PRESIGN\"
";

const KINDS: &str = "jssdk, token-validate, presign or rsa";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let Some((kind, rest)) = raw.split_first() else {
        return Err(UsageError(format!("which sign? give {KINDS}")).into());
    };
    let output = match kind.as_str() {
        "jssdk" => jssdk(rest)?,
        "token-validate" => token_validate(rest)?,
        "presign" => presign(rest)?,
        "rsa" => rsa(rest)?,
        other => return Err(UsageError(format!("unknown sign kind \"{other}\"; use {KINDS}")).into()),
    };
    output.print();
    Ok(ExitCode::SUCCESS)
}

/// What one sign computation prints.
struct Output {
    json: bool,
    /// Request fields worth echoing (ids and timestamps that were defaulted must reach the caller).
    fields: Vec<(&'static str, String)>,
    /// The string that was signed, secrets masked.
    string_to_sign: String,
    method: String,
    sign: String,
}

impl Output {
    fn print(&self) {
        if self.json {
            let mut object = serde_json::Map::new();
            for (name, value) in &self.fields {
                object.insert((*name).to_string(), value.clone().into());
            }
            object.insert("string_to_sign".into(), self.string_to_sign.clone().into());
            object.insert("method".into(), self.method.clone().into());
            object.insert("sign".into(), self.sign.clone().into());
            print_json(&object.into());
            return;
        }
        let mut text: String = self.fields.iter().map(|(name, value)| format!("{name:<15} {value}\n")).collect();
        text.push_str(&format!(
            "string to sign  {}\nmethod          {}\nsign            {}\n",
            self.string_to_sign, self.method, self.sign
        ));
        emit(&text);
    }
}

fn parse(raw: &[String], valued: &[&str]) -> Result<Args, Failure> {
    let args = options(raw, &Spec { valued, flags: &["json", "lower"] })?;
    Ok(args)
}

fn jssdk(raw: &[String]) -> Result<Output, Failure> {
    let args = parse(raw, &["app-id", "app-key", "app-key-file", "trace-id", "timestamp", "version", "business-type"])?;
    let app_key = required_app_key(&args)?;
    let trace_id = args.value("trace-id").map_or_else(new_id, str::to_string);
    let timestamp = timestamp_or_now(&args);
    let input = JssdkSignInput {
        app_id: args.required("app-id")?,
        business_type: args.value("business-type").unwrap_or(JSSDK_DEFAULT_BUSINESS_TYPE),
        trace_id: &trace_id,
        timestamp: &timestamp,
        version: args.value("version").unwrap_or(JSSDK_DEFAULT_VERSION),
    };
    let text = jssdk_sign_string(&input, &app_key)?;
    let upper = !args.flag("lower");
    Ok(Output {
        json: args.flag("json"),
        fields: vec![
            (JSSDK_FIELDS.app_id, input.app_id.to_string()),
            (JSSDK_FIELDS.business_type, input.business_type.to_string()),
            (JSSDK_FIELDS.trace_id, trace_id.clone()),
            (JSSDK_FIELDS.timestamp, timestamp.clone()),
            (JSSDK_FIELDS.version, input.version.to_string()),
        ],
        string_to_sign: mask_secrets_in(&text, &[app_key.as_str()]),
        method: Format::new(Scheme::Md5, if upper { Encoding::HexUpper } else { Encoding::HexLower }).describe(),
        sign: md5_hex(text.as_bytes(), upper),
    })
}

fn token_validate(raw: &[String]) -> Result<Output, Failure> {
    let args = parse(
        raw,
        &["private-key", "private-key-file", "app-id", "trace-id", "timestamp", "token", "version", "encoding"],
    )?;
    reject_lower(&args)?;
    let app_id = args.required("app-id")?;
    let token = args.required("token")?;
    let version = args.value("version").unwrap_or(ONEKEY_LOGIN.default_version());
    let encoding = encoding(&args)?.unwrap_or(Encoding::HexUpper);
    let key = required_private_key(&args, "private-key")?;
    let trace_id = args.value("trace-id").map_or_else(new_id, str::to_string);
    let timestamp = timestamp_or_now(&args);
    let text = token_validate_string(app_id, &trace_id, &timestamp, token, version)?;
    let algorithm = SignAlgorithm::Sha256WithRsa;
    Ok(Output {
        json: args.flag("json"),
        fields: vec![
            (ONEKEY_LOGIN_FIELDS.app_id, app_id.to_string()),
            (ONEKEY_LOGIN_FIELDS.trace_id, trace_id.clone()),
            (ONEKEY_LOGIN_FIELDS.timestamp, timestamp.clone()),
            // The interfaceVersion, labelled as the documents write it inside the string to sign.
            ("version", version.to_string()),
        ],
        method: Format::new(Scheme::Rsa(algorithm), encoding).describe(),
        sign: key.sign_encoded(text.as_bytes(), algorithm, encoding)?,
        string_to_sign: text,
    })
}

fn presign(raw: &[String]) -> Result<Output, Failure> {
    let args = parse(raw, &["private-key", "private-key-file", "presign", "algorithm", "encoding"])?;
    reject_lower(&args)?;
    let presign = ydrz::protocol::fields::required("presign", args.required("presign")?)?;
    let algorithm = algorithm(&args)?.unwrap_or(SignAlgorithm::Md5WithRsa);
    rsa_output(&args, presign, algorithm, encoding(&args)?.unwrap_or(Encoding::Base64))
}

fn rsa(raw: &[String]) -> Result<Output, Failure> {
    let args = parse(raw, &["private-key", "private-key-file", "data", "algorithm", "encoding"])?;
    reject_lower(&args)?;
    let data = args.required("data")?;
    let algorithm = algorithm(&args)?.ok_or_else(|| UsageError("--algorithm is required".into()))?;
    let encoding = encoding(&args)?.ok_or_else(|| UsageError("--encoding is required".into()))?;
    rsa_output(&args, data, algorithm, encoding)
}

/// Signs `data` verbatim with the `--private-key`.
fn rsa_output(args: &Args, data: &str, algorithm: SignAlgorithm, encoding: Encoding) -> Result<Output, Failure> {
    let key = required_private_key(args, "private-key")?;
    Ok(Output {
        json: args.flag("json"),
        fields: Vec::new(),
        string_to_sign: data.to_string(),
        method: Format::new(Scheme::Rsa(algorithm), encoding).describe(),
        sign: key.sign_encoded(data.as_bytes(), algorithm, encoding)?,
    })
}

/// `--lower` belongs to `jssdk`; the RSA kinds take `--encoding`.
fn reject_lower(args: &Args) -> Result<(), Failure> {
    if args.flag("lower") {
        return Err(UsageError("--lower is for `sign jssdk`; use --encoding hex_lower here".into()).into());
    }
    Ok(())
}
