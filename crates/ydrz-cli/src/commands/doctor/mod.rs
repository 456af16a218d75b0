//! `ydrz doctor`: the integrator's debugging tool. Given what they sent and the sign they computed, it shows the
//! exact string to sign, checks their sign against the known wrong variants (hex case, algorithm, version inside
//! the string, appkey vs APPSecret, URL-decoded token, msgId vs traceId, field order, key-pair mismatch) and says
//! which one matches. Exit 0 when a diagnosis was found (including "your sign is correct"), 1 when nothing
//! matched.

#[macro_use]
mod names;
mod interfaces;
mod report;
pub(super) mod variants;

use std::process::ExitCode;

use interfaces::INTERFACES;

use super::common::{emit, failed, finish, options, print_json, Failure};
use super::Command;
use crate::args::{Spec, UsageError};

pub const COMMAND: Command = Command { name: "doctor", help: HELP, run };

const HELP: &str = "\
Usage: ydrz doctor <interface> [options] --sign THEIR_SIGN [--code CODE] [--all] [--json]

Shows the exact string the platform signs for the values you sent, checks YOUR sign against the usual
mistakes and says which one it is: hex case, Base64, MD5withRSA vs SHA256withRSA, interfaceVersion 1.0 vs 2.0
inside the string, appkey vs APPSecret, URL-decoded token, msgId vs traceId, field order, and whether your
private key pairs with the registered public key. --code adds what the catalog says about the error you got.

Interfaces:
  token-validate  /h5/onekeylogin/tokenValidate (104013, 103101)
      PUBLIC KEY [PRIVATE KEY] --app-id --trace-id --timestamp --token [--version 2.0]
      [--msg-id ID (another id you may have signed with, e.g. the jssdk traceId)] [--user-information TEXT]
  jssdk           getTokenInfo MD5 sign (103101)
      --app-id APPKEY --trace-id --timestamp [--version 2.0] [--business-type 8] [--msg-id ID] [APPSECRET]
  number-verify   verifyVmMobileApi / App tokenValidate keyType=1 (130018, 130016)
      PUBLIC KEY [PRIVATE KEY] --app-id --msg-id --phone-num CIPHERTEXT --timestamp --token [--version 1.0]
      [--phone 1XXXXXXXXXX] [--trace-id ID] [--user-information TEXT]
  presign         preSign signature given to getTokenInfo (130018)
      PUBLIC KEY [PRIVATE KEY] --presign TEXT
  app-login       App loginTokenValidate, MD5 mode (103101)
      --app-id --msg-id --systemtime --token [--version 2.0] [--strictcheck 0] APPSECRET and/or APPKEY
  app-login-rsa   App loginTokenValidate, RSA mode (encryptionalgorithm=RSA)
      PUBLIC KEY (验签公钥, 应用公钥1) [PRIVATE KEY] --app-id --token

PUBLIC KEY is the customer public key registered on dev.10086.cn: --public-key-file PATH or --public-key TEXT.
PRIVATE KEY (optional) is --private-key-file PATH or --private-key TEXT: the doctor then checks that it pairs with
the registered key and prints the sign the platform expects. `-` as PATH reads standard input.
APPKEY is --app-key-file PATH (`-` reads standard input), the environment variable YDRZ_APP_KEY, or
--app-key TEXT, which every user of the machine can read in the process list (--app-key - reads standard
input). APPSECRET is the same with --app-secret-file, YDRZ_APP_SECRET and --app-secret.
Secrets are masked in the output; private keys are never printed.

--all shows every combination checked, not only single differences and matches.

Examples:
  ydrz doctor token-validate --public-key-file public_spki.txt --app-id 300012345678 \\
      --trace-id 7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37 --timestamp 20240131235959123 --token \"$TOKEN\" \\
      --sign \"$THEIR_SIGN\" --code 104013
  ydrz doctor jssdk --app-id 300012345678 --app-key-file appkey.txt --trace-id \"$TRACE_ID\" \\
      --timestamp 20240131235959123 --sign 632f97ffa0e9d7b80f78e7ba7e524fe5
";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let names = || INTERFACES.iter().map(|i| i.name).collect::<Vec<_>>().join(", ");
    let Some((name, rest)) = raw.split_first() else {
        return Err(UsageError(format!("which interface? give one of {}", names())).into());
    };
    let Some(interface) = INTERFACES.iter().find(|i| i.name == name) else {
        return Err(UsageError(format!("unknown interface \"{name}\"; use one of {}", names())).into());
    };
    let args = options(rest, &Spec { valued: interface.valued, flags: &["json", "all"] })?;
    let sign = args.required("sign")?;
    let case = (interface.case)(&args)?;
    let report = report::diagnose(&case, sign, args.value("code"), args.flag("all"));
    if args.flag("json") {
        print_json(&report.json);
    } else {
        emit(&report.text);
    }
    if report.matched {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(failed("no known variant matches your sign (see the verdict above)"))
    }
}
