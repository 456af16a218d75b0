//! The main job end to end, through the C ABI (the same functions a C, Java, Python or Go host calls):
//! start the sandbox, build the jssdk parameters, validate a one-click-login token and get the phone, sign a
//! preSign, and run number verifications (a match and a no-match).
//!
//! Run: `make demo` (builds the `ydrz` binary and this example in release mode and runs it).
//! Against the real platform: replace `client_config` below with your own configuration (app_id, app_key,
//! private_key, platform_public_key; base_url defaults to https://www.cmpassport.com) and take the token and
//! userInformation from your mini-program instead of the sandbox's control endpoint.

use std::ffi::{c_char, CStr, CString};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::ptr;

use serde_json::{json, Value};
use ydrz::ffi::client::*;
use ydrz::ffi::errors::*;
use ydrz::ffi::{ydrz_error, YDRZ_OK};

/// The sandbox process; killed when dropped.
struct Sandbox(Child);

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `YDRZ_BIN`, or the `ydrz` binary next to this example's directory (target/<profile>/ydrz).
fn sandbox_binary() -> Result<PathBuf, String> {
    if let Ok(path) = std::env::var("YDRZ_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let candidate = exe.parent().and_then(|examples| examples.parent()).map(|dir| dir.join("ydrz"));
    match candidate {
        Some(path) if path.exists() => Ok(path),
        _ => Err("the ydrz binary was not found next to this example; run `make demo` or set YDRZ_BIN".into()),
    }
}

fn start_sandbox() -> Result<(Sandbox, Value), String> {
    let child = Command::new(sandbox_binary()?)
        .args(["sandbox", "--port", "0", "--exit-on-stdin-eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    let mut sandbox = Sandbox(child);
    let stdout = sandbox.0.stdout.take().ok_or("sandbox has no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
    let info: Value = serde_json::from_str(&line).map_err(|e| format!("sandbox info is not JSON: {e}"))?;
    Ok((sandbox, info))
}

/// Simulates the mini-program side: the sandbox issues a token for a phone, as the jssdk would.
fn issue_token(info: &Value, product: &str, phone: &str) -> Result<(String, String), String> {
    let url = format!("{}/token", info["control_url"].as_str().ok_or("no control_url")?);
    let body = json!({"app_id": info["client_config"]["app_id"], "phone": phone, "product": product});
    let mut response = ureq::post(&url)
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .map_err(|e| e.to_string())?;
    let text = response.body_mut().read_to_string().map_err(|e| e.to_string())?;
    let answer: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let field = |k: &str| answer[k].as_str().map(str::to_string).ok_or(format!("token answer has no {k}"));
    Ok((field("token")?, field("userInformation")?))
}

fn cstring(text: &str) -> CString {
    CString::new(text).expect("no NUL in example strings")
}

/// Takes a library string, copies it and frees it.
unsafe fn take_string(s: *mut c_char) -> String {
    let text = CStr::from_ptr(s).to_string_lossy().into_owned();
    ydrz_string_free(s);
    text
}

/// Turns a status and error object into a Result, freeing the error.
unsafe fn check(status: i32, err: *mut ydrz_error) -> Result<(), String> {
    if status == YDRZ_OK {
        return Ok(());
    }
    let name = CStr::from_ptr(ydrz_status_name(status)).to_string_lossy();
    let message = CStr::from_ptr(ydrz_error_message(err)).to_string_lossy().into_owned();
    ydrz_error_free(err);
    Err(format!("{name}: {message}"))
}

fn mask(phone: &str) -> String {
    ydrz::protocol::fields::mask_phone(phone)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("quickstart failed: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let (_sandbox, info) = start_sandbox()?;
    println!("sandbox listening at {}", info["base_url"].as_str().unwrap_or("?"));
    let config = cstring(&info["client_config"].to_string());
    let mut err: *mut ydrz_error = ptr::null_mut();
    let mut client: *mut ydrz_client = ptr::null_mut();
    unsafe {
        check(ydrz_client_new(config.as_ptr(), &mut client, &mut err), err)?;

        // 1. The mini-program asks the backend for jssdk parameters.
        let mut params = ptr::null_mut();
        check(ydrz_client_jssdk_params(client, &mut params, &mut err), err)?;
        println!("1. jssdk params for YDRZ.getTokenInfo: {}", take_string(params));

        // 2. It comes back with a token and userInformation; the backend validates them and gets the phone.
        let (token, user_information) = issue_token(&info, "onekey", "13800138000")?;
        let (token_c, ui_c) = (cstring(&token), cstring(&user_information));
        let (mut phone, mut details) = (ptr::null_mut(), ptr::null_mut());
        check(
            ydrz_client_onekey_validate(
                client,
                token_c.as_ptr(),
                ui_c.as_ptr(),
                ptr::null(),
                &mut phone,
                &mut details,
                &mut err,
            ),
            err,
        )?;
        let phone = take_string(phone);
        let details: Value = serde_json::from_str(&take_string(details)).map_err(|e| e.to_string())?;
        println!(
            "2. one-click login: phone {} (resultCode {}, securityPhone {})",
            mask(&phone),
            details["resultCode"],
            details["securityPhone"]
        );

        // 3. Validating the same token again fails fast, without a request: tokens are single-use.
        let mut again = ptr::null_mut();
        let status = ydrz_client_onekey_validate(
            client,
            token_c.as_ptr(),
            ui_c.as_ptr(),
            ptr::null(),
            &mut again,
            ptr::null_mut(),
            &mut err,
        );
        println!("3. same token again: {}", check(status, err).err().unwrap_or_else(|| "unexpectedly accepted".into()));

        // 4. Number verification: the backend signs the jssdk preSign, then checks the number the user typed.
        let presign = cstring("3000123456780.8417539203461297202401312359591235f1c2a3b-4d5e-6f70-8192-a3b4c5d6e7f81.0");
        let mut sign = ptr::null_mut();
        check(ydrz_client_presign_sign(client, presign.as_ptr(), &mut sign, &mut err), err)?;
        println!("4. preSign signature (MD5withRSA, Base64): {}…", &take_string(sign)[..24]);
        for typed in ["13800138000", "13900139000"] {
            let (token, user_information) = issue_token(&info, "number_verify", "13800138000")?;
            let (token_c, ui_c, typed_c) = (cstring(&token), cstring(&user_information), cstring(typed));
            let mut matched = -1;
            check(
                ydrz_client_number_verify(
                    client,
                    token_c.as_ptr(),
                    ui_c.as_ptr(),
                    typed_c.as_ptr(),
                    ptr::null(),
                    &mut matched,
                    ptr::null_mut(),
                    &mut err,
                ),
                err,
            )?;
            println!(
                "   number verification of {}: {}",
                mask(typed),
                if matched == 1 { "this device's number" } else { "not this device's number" }
            );
        }
        ydrz_client_free(client);
    }
    println!("done");
    Ok(())
}
