//! The exact strings each interface signs or encrypts ("+" in the platform's formulas is plain concatenation).
//! Builders validate their fields, so a malformed input is reported here rather than as a platform 103101.

use zeroize::Zeroizing;

use crate::error::Result;
use crate::protocol::field_names::APP_LOGIN_FIELDS;
use crate::protocol::fields::{required, timestamp};

/// Default jssdk `version` for one-click login.
pub const JSSDK_DEFAULT_VERSION: &str = "2.0";
/// Default jssdk `businessType` for one-click login.
pub const JSSDK_DEFAULT_BUSINESS_TYPE: &str = "8";

/// Inputs of the mini-program / H5 jssdk MD5 sign (docs/protocol.md#jssdk-sign).
#[derive(Clone, Debug)]
pub struct JssdkSignInput<'a> {
    pub app_id: &'a str,
    pub business_type: &'a str,
    pub trace_id: &'a str,
    pub timestamp: &'a str,
    pub version: &'a str,
}

/// `appId + businessType + msgId + timestamp + traceId + version + appkey`, with msgId = traceId.
pub fn jssdk_sign_string(input: &JssdkSignInput<'_>, app_key: &str) -> Result<Zeroizing<String>> {
    let app_id = required("app_id", input.app_id)?;
    let business_type = required("business_type", input.business_type)?;
    let trace_id = required("trace_id", input.trace_id)?;
    let ts = timestamp("timestamp", input.timestamp)?;
    let version = required("version", input.version)?;
    let app_key = required("app_key", app_key)?;
    Ok(Zeroizing::new(format!("{app_id}{business_type}{trace_id}{ts}{trace_id}{version}{app_key}")))
}

/// `appId + traceId + timestamp + token + version` for `/h5/onekeylogin/tokenValidate` (docs/protocol.md#a-mini-program-one-click-login).
pub fn token_validate_string(app_id: &str, trace_id: &str, ts: &str, token: &str, version: &str) -> Result<String> {
    Ok(format!(
        "{}{}{}{}{}",
        required("app_id", app_id)?,
        required("trace_id", trace_id)?,
        timestamp("timestamp", ts)?,
        required("token", token)?,
        required("version", version)?
    ))
}

/// `appId + msgId + phoneNum + timestamp + token + version` for number verification
/// (docs/protocol.md#b-mini-program-number-verification; #d-app-number-verification keyType 1, and with the SHA-256
/// phoneNum for keyType 0).
pub fn number_verify_string(
    app_id: &str,
    msg_id: &str,
    phone_num: &str,
    ts: &str,
    token: &str,
    version: &str,
) -> Result<String> {
    Ok(format!(
        "{}{}{}{}{}{}",
        required("app_id", app_id)?,
        required("msg_id", msg_id)?,
        required("phone_num", phone_num)?,
        timestamp("timestamp", ts)?,
        required("token", token)?,
        required("version", version)?
    ))
}

/// `phone + appKey + timestamp`: what is encrypted (or hashed, keyType 0) into `phoneNum`.
pub fn phone_plaintext(phone: &str, app_key: &str, ts: &str) -> Result<Zeroizing<String>> {
    let phone = crate::protocol::fields::phone(phone)?;
    let app_key = required("app_key", app_key)?;
    let ts = timestamp("timestamp", ts)?;
    Ok(Zeroizing::new(format!("{phone}{app_key}{ts}")))
}

/// Inputs of the App `loginTokenValidate` MD5 sign (docs/protocol.md#c-app-one-click-login).
#[derive(Clone, Debug)]
pub struct AppLoginMd5Input<'a> {
    pub app_id: &'a str,
    pub version: &'a str,
    pub msg_id: &'a str,
    pub system_time: &'a str,
    pub strict_check: &'a str,
    pub token: &'a str,
}

/// `appid + version + msgid + systemtime + strictcheck + token + APPSecret` (or the appkey for old apps).
pub fn app_login_md5_string(input: &AppLoginMd5Input<'_>, secret: &str) -> Result<Zeroizing<String>> {
    Ok(Zeroizing::new(format!(
        "{}{}{}{}{}{}{}",
        required("app_id", input.app_id)?,
        required("version", input.version)?,
        required("msg_id", input.msg_id)?,
        timestamp(APP_LOGIN_FIELDS.system_time, input.system_time)?,
        required(APP_LOGIN_FIELDS.strict_check, input.strict_check)?,
        required("token", input.token)?,
        required("app_secret", secret)?
    )))
}

/// `appid + token` for the App `loginTokenValidate` RSA mode (docs/protocol.md#c-app-one-click-login).
pub fn app_login_rsa_string(app_id: &str, token: &str) -> Result<String> {
    Ok(format!("{}{}", required("app_id", app_id)?, required("token", token)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jssdk_string_repeats_trace_id_as_msg_id() {
        let input = JssdkSignInput {
            app_id: "A",
            business_type: "8",
            trace_id: "T",
            timestamp: "20240131235959123",
            version: "2.0",
        };
        assert_eq!(jssdk_sign_string(&input, "K").unwrap().as_str(), "A8T20240131235959123T2.0K");
        let bad = JssdkSignInput { timestamp: "2024", ..input };
        assert!(jssdk_sign_string(&bad, "K").is_err());
    }
}
