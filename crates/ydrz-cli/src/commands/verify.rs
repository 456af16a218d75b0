//! `ydrz verify`: number verification (is this typed number the device's own?) against the platform or the
//! sandbox, with the library's client.

use std::process::ExitCode;

use super::common::{client, emit, failed, finish, options, print_json, shown_phone, web_or_app, Failure};
use super::Command;
use crate::args::{Spec, UsageError};

pub const COMMAND: Command = Command { name: "verify", help: HELP, run };

const HELP: &str = "\
Usage: ydrz verify --config FILE --token TOKEN --phone 1XXXXXXXXXX [--interface number|app-number]
                   [--user-information TEXT] [--expand-params P] [--show-phone] [--json]

Asks the platform (or the sandbox) whether the phone number the user typed is the number of the device the
token came from:
  number      (default) mini-program / H5: POST /NumberAbility/h5/verifyVmMobileApi.htm; needs
              --user-information, exactly as the jssdk returned it (never URL-decoded)
  app-number  App SDK /openapi/rs/tokenValidate (keyType as the config says)

--config FILE is the client's JSON configuration (`-` reads standard input), or the info file `ydrz sandbox`
writes (its client_config is used). A token is single-use.

The phone number is masked (138****8000), also inside --json details, unless --show-phone is given.
Exit status: 0 the number matches, 1 it does not (the result is still printed) or the platform refused or the
call failed, 2 usage.

Example:
  ydrz verify --config client.json --token \"$TOKEN\" --user-information \"$USER_INFORMATION\" --phone 13800138000
";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let spec = Spec {
        valued: &["config", "token", "phone", "interface", "user-information", "expand-params"],
        flags: &["show-phone", "json"],
    };
    let args = options(raw, &spec)?;
    let token = args.required("token")?;
    let phone = args.required("phone")?;
    let expand_params = args.value("expand-params");
    let (interface, user_information) = web_or_app(&args, "number", "app-number")?;
    let client = client(&args)?;
    let verified = match user_information {
        Some(info) => client.number_verify(token, info, phone, expand_params)?,
        None => client.app_number_verify(token, phone, expand_params)?,
    };
    let mut details = verified.details;
    let (shown, masked) = shown_phone(&args, phone, Some(&mut details));
    let code = details["resultCode"].as_str().unwrap_or("?").to_string();
    if args.flag("json") {
        print_json(
            &serde_json::json!({ "matched": verified.matched, "phone": shown, "masked": masked, "details": details }),
        );
    } else {
        let answer = if verified.matched { "is" } else { "is NOT" };
        emit(&format!("{shown} {answer} the device's number  (resultCode {code}, interface {interface})\n"));
    }
    if verified.matched {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(failed(format!("{shown} is not the device's number (resultCode {code})")))
    }
}
