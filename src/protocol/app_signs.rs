//! The two App-interface signs made from digests rather than RSA: the `loginTokenValidate` MD5 sign and the
//! `/openapi/rs/tokenValidate` keyType 0 phoneNum and HMAC-SHA256 sign (docs/protocol.md#c-app-one-click-login, #d-app-number-verification).

use crate::codec::Encoding;
use crate::error::{Error, Result};
use crate::protocol::interfaces::{APP_LOGIN_MD5_SIGN, APP_NUMBER_KEY0_PHONE_NUM, APP_NUMBER_KEY0_SIGN};
use crate::protocol::strings::{number_verify_values, phone_values, AppLoginMd5Input};

/// The App MD5 sign ([`APP_LOGIN_MD5_SIGN`]) as hex; the platform documents upper case. `secret` is the
/// APPSecret (the appkey for apps created before 2018-12-26).
pub fn app_login_md5_sign(input: &AppLoginMd5Input<'_>, secret: &str, encoding: Encoding) -> Result<String> {
    let encoding = encoding.require_hex("the App MD5 sign")?;
    keyless(APP_LOGIN_MD5_SIGN.digest(&input.values(secret), encoding)?)
}

/// keyType 0 request fields, both upper-case hex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyType0 {
    /// [`APP_NUMBER_KEY0_PHONE_NUM`]: `SHA256(phone + appKey + timestamp)`.
    pub phone_num: String,
    /// [`APP_NUMBER_KEY0_SIGN`]: `HMAC-SHA256(key = appKey, appId + msgId + phoneNum + timestamp + token + version)`.
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
    let phone_num = APP_NUMBER_KEY0_PHONE_NUM.encoding;
    let phone_num = keyless(APP_NUMBER_KEY0_PHONE_NUM.digest(&phone_values(phone, app_key, timestamp), phone_num)?)?;
    let mut values = number_verify_values(app_id, msg_id, &phone_num, timestamp, token, version).to_vec();
    values.push((crate::protocol::interfaces::APP_KEY.name, app_key));
    let sign = keyless(APP_NUMBER_KEY0_SIGN.digest(&values, APP_NUMBER_KEY0_SIGN.encoding)?)?;
    Ok(KeyType0 { phone_num, sign })
}

/// The output of a recipe whose algorithm needs no key.
fn keyless(output: Option<String>) -> Result<String> {
    output.ok_or_else(|| Error::invalid_arg("this recipe is an RSA operation and needs a key"))
}
