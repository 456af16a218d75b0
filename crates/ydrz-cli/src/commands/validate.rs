//! `ydrz validate`: one-click login token validation against the platform or the sandbox, with the library's
//! client.

use std::process::ExitCode;

use super::common::{client, emit, finish, options, print_json, shown_phone, web_or_app, Failure};
use super::Command;
use crate::args::{Spec, UsageError};

pub const COMMAND: Command = Command { name: "validate", help: HELP, run };

const HELP: &str = "\
Usage: ydrz validate --config FILE --token TOKEN [--interface onekey|app-login]
                     [--user-information TEXT] [--expand-params P] [--show-phone] [--json]

Validates a one-click-login token with the platform (or the sandbox) and prints the phone number:
  onekey     (default) mini-program / H5: POST /h5/onekeylogin/tokenValidate; needs --user-information,
             exactly as the jssdk returned it (never URL-decoded)
  app-login  App SDK loginTokenValidate (MD5 or RSA mode, as the config says)

--config FILE is the client's JSON configuration (appId, keys, URLs ...; `-` reads standard input), or the
info file `ydrz sandbox` writes (its client_config is used). A token is single-use: validating it twice fails.

The phone number is masked (138****8000), also inside --json details, unless --show-phone is given.
Exit status: 0 validated, 1 the platform refused (the message says which code and what it means) or the call
failed, 2 usage.

Examples:
  ydrz validate --config client.json --token \"$TOKEN\" --user-information \"$USER_INFORMATION\"
  ydrz validate --config sandbox-info.json --interface app-login --token \"$TOKEN\" --json
";

fn run(raw: &[String]) -> Result<ExitCode, UsageError> {
    finish(COMMAND.name, raw, execute(raw))
}

fn execute(raw: &[String]) -> Result<ExitCode, Failure> {
    let spec = Spec {
        valued: &["config", "token", "interface", "user-information", "expand-params"],
        flags: &["show-phone", "json"],
    };
    let args = options(raw, &spec)?;
    let token = args.required("token")?;
    let expand_params = args.value("expand-params");
    let (interface, user_information) = web_or_app(&args, "onekey", "app-login")?;
    let client = client(&args)?;
    let validated = match user_information {
        Some(info) => client.onekey_validate(token, info, expand_params)?,
        None => client.app_login_validate(token, expand_params)?,
    };
    let mut details = validated.details;
    let (phone, masked) = shown_phone(&args, &validated.phone, Some(&mut details));
    if args.flag("json") {
        print_json(&serde_json::json!({ "phone": phone, "masked": masked, "details": details }));
    } else {
        let code = details["resultCode"].as_str().unwrap_or("?");
        emit(&format!("phone {phone}  (resultCode {code}, interface {interface})\n"));
    }
    Ok(ExitCode::SUCCESS)
}
