//! The exact strings each interface signs or encrypts ("+" in the platform's formulas is plain concatenation).
//! Builders validate their fields, so a malformed input is reported here rather than as a platform 103101.

use zeroize::Zeroizing;

use crate::error::Result;
use crate::protocol::field_names::{
    APP_LOGIN_FIELDS as C, JSSDK_FIELDS as J, NUMBER_FIELDS as N, ONEKEY_LOGIN_FIELDS as A,
};
use crate::protocol::interfaces::{
    APP_KEY, APP_LOGIN_MD5_SIGN, APP_LOGIN_RSA_SIGN, APP_SECRET, JSSDK, JSSDK_APPKEY, JSSDK_SIGN, NUMBER_VERIFY_SIGN,
    ONEKEY_SIGN, ONEKEY_SIGNED_VERSION, PHONE_NUM,
};
use crate::protocol::recipe::Piece;

/// Default jssdk `version` for one-click login.
pub const JSSDK_DEFAULT_VERSION: &str = JSSDK.text("version");
/// Default jssdk `businessType` for one-click login.
pub const JSSDK_DEFAULT_BUSINESS_TYPE: &str = JSSDK.text("business_type");

/// Inputs of the mini-program / H5 jssdk MD5 sign (docs/protocol.md#jssdk-sign).
#[derive(Clone, Debug)]
pub struct JssdkSignInput<'a> {
    pub app_id: &'a str,
    pub business_type: &'a str,
    pub trace_id: &'a str,
    pub timestamp: &'a str,
    pub version: &'a str,
}

impl<'a> JssdkSignInput<'a> {
    /// The values of [`JSSDK_SIGN`]'s pieces, msgId = traceId, with `app_key`.
    pub fn values(&self, app_key: &'a str) -> [(&'static str, &'a str); 7] {
        [
            (J.app_id, self.app_id),
            (J.business_type, self.business_type),
            (J.msg_id, self.trace_id),
            (J.timestamp, self.timestamp),
            (J.trace_id, self.trace_id),
            (J.version, self.version),
            (JSSDK_APPKEY.name, app_key),
        ]
    }
}

/// The jssdk string to sign ([`JSSDK_SIGN`]), with msgId = traceId.
pub fn jssdk_sign_string(input: &JssdkSignInput<'_>, app_key: &str) -> Result<Zeroizing<String>> {
    JSSDK_SIGN.compose(&input.values(app_key))
}

/// The values of [`ONEKEY_SIGN`]'s pieces.
pub fn token_validate_values<'a>(
    app_id: &'a str,
    trace_id: &'a str,
    ts: &'a str,
    token: &'a str,
    version: &'a str,
) -> [(&'static str, &'a str); 5] {
    [(A.app_id, app_id), (A.trace_id, trace_id), (A.timestamp, ts), (A.token, token), (ONEKEY_SIGNED_VERSION, version)]
}

/// The `/h5/onekeylogin/tokenValidate` string to sign ([`ONEKEY_SIGN`], docs/protocol.md#a-mini-program-one-click-login).
pub fn token_validate_string(app_id: &str, trace_id: &str, ts: &str, token: &str, version: &str) -> Result<String> {
    Ok(ONEKEY_SIGN.compose(&token_validate_values(app_id, trace_id, ts, token, version))?.to_string())
}

/// The values of the number-verification sign's pieces.
pub fn number_verify_values<'a>(
    app_id: &'a str,
    msg_id: &'a str,
    phone_num: &'a str,
    ts: &'a str,
    token: &'a str,
    version: &'a str,
) -> [(&'static str, &'a str); 6] {
    [
        (N.app_id, app_id),
        (N.msg_id, msg_id),
        (N.phone_num, phone_num),
        (N.timestamp, ts),
        (N.token, token),
        (N.version, version),
    ]
}

/// The number-verification string to sign ([`NUMBER_VERIFY_SIGN`]; the App interface's keyType 1 and 0 sign the
/// same pieces, docs/protocol.md#b-mini-program-number-verification, #d-app-number-verification).
pub fn number_verify_string(
    app_id: &str,
    msg_id: &str,
    phone_num: &str,
    ts: &str,
    token: &str,
    version: &str,
) -> Result<String> {
    let values = number_verify_values(app_id, msg_id, phone_num, ts, token, version);
    Ok(NUMBER_VERIFY_SIGN.compose(&values)?.to_string())
}

/// The values of the `phoneNum` recipes' pieces.
pub fn phone_values<'a>(phone: &'a str, app_key: &'a str, ts: &'a str) -> [(&'static str, &'a str); 3] {
    [(Piece::PHONE.name, phone), (APP_KEY.name, app_key), (N.timestamp, ts)]
}

/// What is encrypted ([`PHONE_NUM`]) or hashed (keyType 0) into `phoneNum`.
pub fn phone_plaintext(phone: &str, app_key: &str, ts: &str) -> Result<Zeroizing<String>> {
    PHONE_NUM.compose(&phone_values(phone, app_key, ts))
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

impl<'a> AppLoginMd5Input<'a> {
    /// The values of [`APP_LOGIN_MD5_SIGN`]'s pieces, with `secret` (APPSecret, or the appkey of an old app).
    pub fn values(&self, secret: &'a str) -> [(&'static str, &'a str); 7] {
        [
            (C.app_id, self.app_id),
            (C.version, self.version),
            (C.msg_id, self.msg_id),
            (C.system_time, self.system_time),
            (C.strict_check, self.strict_check),
            (C.token, self.token),
            (APP_SECRET.name, secret),
        ]
    }
}

/// The App MD5 string to sign ([`APP_LOGIN_MD5_SIGN`]).
pub fn app_login_md5_string(input: &AppLoginMd5Input<'_>, secret: &str) -> Result<Zeroizing<String>> {
    APP_LOGIN_MD5_SIGN.compose(&input.values(secret))
}

/// The values of [`APP_LOGIN_RSA_SIGN`]'s pieces.
pub fn app_login_rsa_values<'a>(app_id: &'a str, token: &'a str) -> [(&'static str, &'a str); 2] {
    [(C.app_id, app_id), (C.token, token)]
}

/// The App RSA-mode string to sign ([`APP_LOGIN_RSA_SIGN`], docs/protocol.md#c-app-one-click-login).
pub fn app_login_rsa_string(app_id: &str, token: &str) -> Result<String> {
    Ok(APP_LOGIN_RSA_SIGN.compose(&app_login_rsa_values(app_id, token))?.to_string())
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
