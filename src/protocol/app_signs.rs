//! The two App-interface signs made from digests rather than RSA: the `loginTokenValidate` MD5 sign and the
//! `/openapi/rs/tokenValidate` keyType 0 phoneNum and HMAC-SHA256 sign (docs/protocol.md#c-app-one-click-login, #d-app-number-verification).

use crate::codec::Encoding;
use crate::error::Result;
use crate::protocol::strings::{app_login_md5_string, number_verify_string, phone_plaintext, AppLoginMd5Input};
use crate::signature::{hmac_sha256_hex, md5_digest, sha256_hex};

/// `MD5(appid + version + msgid + systemtime + strictcheck + token + secret)` as hex; the platform documents
/// upper case. `secret` is the APPSecret (the appkey for apps created before 2018-12-26).
pub fn app_login_md5_sign(input: &AppLoginMd5Input<'_>, secret: &str, encoding: Encoding) -> Result<String> {
    let encoding = encoding.require_hex("the App MD5 sign")?;
    let text = app_login_md5_string(input, secret)?;
    Ok(encoding.encode(&md5_digest(text.as_bytes())))
}

/// keyType 0 request fields, both upper-case hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyType0 {
    /// `SHA256(phone + appKey + timestamp)`.
    pub phone_num: String,
    /// `HMAC-SHA256(key = appKey, appId + msgId + phoneNum + timestamp + token + version)`.
    pub sign: String,
}

/// The keyType 0 `phoneNum` and `sign` of App number verification.
pub fn app_number_key_type0(
    app_id: &str,
    app_key: &str,
    msg_id: &str,
    phone: &str,
    timestamp: &str,
    token: &str,
    version: &str,
) -> Result<KeyType0> {
    let phone_num = sha256_hex(phone_plaintext(phone, app_key, timestamp)?.as_bytes(), true);
    let text = number_verify_string(app_id, msg_id, &phone_num, timestamp, token, version)?;
    let sign = hmac_sha256_hex(app_key.as_bytes(), text.as_bytes(), true);
    Ok(KeyType0 { phone_num, sign })
}
