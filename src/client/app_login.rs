//! App one-click login: `POST /unisdk/rsapi/loginTokenValidate` in MD5 or RSA mode
//! (docs/protocol.md#c-app-one-click-login).

use std::sync::Arc;

use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::cipher::{decode_rsa_ciphertext, is_plain_phone};
use crate::client::config::{AppLoginMode, Config, Md5Secret};
use crate::client::outcome::Answer;
use crate::client::{Client, Exchange, Sources, Validated};
use crate::error::Result;
use crate::keys::PrivateKey;
use crate::protocol::app_signs::app_login_md5_sign;
use crate::protocol::field_names::APP_LOGIN_FIELDS as F;
use crate::protocol::fields::{optional, required};
use crate::protocol::interfaces::{APP_LOGIN, APP_LOGIN_RSA_SIGN};
use crate::protocol::strings::{app_login_rsa_values, AppLoginMd5Input};

impl Client {
    /// Validates a token from the Android/iOS SDK and returns the phone number (decrypted in RSA mode):
    /// [`Client::app_login_begin`] sent by the built-in transport.
    pub fn app_login_validate(&self, token: &str, expand_params: Option<&str>) -> Result<Validated> {
        self.send(self.app_login_begin(&Sources::SYSTEM, token, expand_params)?)
    }

    /// The exchange of [`Client::app_login_validate`], with the systemtime and msgid of `sources`.
    pub fn app_login_begin(
        &self,
        sources: &Sources,
        token: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Validated>> {
        let c = &self.config;
        let o = &c.app_login;
        let token = required(F.token, token)?;
        let expand_params = optional("expand_params", expand_params)?;
        let msg_id = sources.ids.new_id();
        let system_time = self.timestamp(sources);
        let (sign, algorithm) = match o.mode {
            AppLoginMode::Md5 => {
                let secret = match o.md5_secret {
                    Md5Secret::AppSecret => c.require_app_secret("app_login_validate in md5 mode")?,
                    Md5Secret::AppKey => c.require_app_key("app_login_validate with md5_secret app_key")?,
                };
                let input = AppLoginMd5Input {
                    app_id: &c.app_id,
                    version: &o.version,
                    msg_id: &msg_id,
                    system_time: &system_time,
                    strict_check: &o.strict_check,
                    token,
                };
                (app_login_md5_sign(&input, secret, o.md5_encoding)?, "")
            }
            AppLoginMode::Rsa => {
                let key = c.require_private_key("app_login_validate in rsa mode")?;
                let values = app_login_rsa_values(&c.app_id, token);
                (APP_LOGIN_RSA_SIGN.sign_with(key, &values, o.rsa_sign_encoding)?, "RSA")
            }
        };
        let body = json!({
            F.version: o.version,
            F.msg_id: msg_id,
            F.system_time: system_time,
            F.strict_check: o.strict_check,
            F.app_id: c.app_id,
            F.token: token,
            F.sign: sign,
            F.encryption_algorithm: algorithm,
            F.expand_params: expand_params,
        })
        .to_string();
        let config = Arc::clone(&self.config);
        let read = Box::new(move |answer: Answer| read_login(&config, &answer, msg_id));
        self.begin(token, c.url(&o.endpoint), &[], body, read)
    }
}

/// The phone number of an App login answer (decrypted when it is not plain digits) and its details.
fn read_login(c: &Config, answer: &Answer, msg_id: String) -> Result<Validated> {
    let msisdn = answer.success_msisdn(APP_LOGIN.codes)?;
    let phone = if is_plain_phone(msisdn.trim()) {
        Zeroizing::new(msisdn.trim().to_string())
    } else {
        let key = c
            .app_login
            .msisdn_private_key
            .as_ref()
            .map_or_else(|| c.require_private_key("decrypting an RSA-mode msisdn"), Ok)?;
        decrypt_rsa_msisdn(key, &msisdn)?
    };
    let details = answer.details(&[("msgId", Value::from(msg_id))])?;
    Ok(Validated { phone, details })
}

/// RSA-mode msisdn: hex or Base64 PKCS#1 v1.5 blocks; the plaintext is UTF-8, or UTF-16LE as one sample reads it.
/// Every failure that depends on the decrypted bytes (padding, not a phone number) is the same error.
fn decrypt_rsa_msisdn(key: &PrivateKey, msisdn: &str) -> Result<Zeroizing<String>> {
    let raw = decode_rsa_ciphertext(msisdn, key.size())?;
    key.decrypt_with(
        &raw,
        phone_from_plaintext,
        "RSA-mode msisdn does not decrypt to a phone number with this key (wrong msisdn_private_key, or altered msisdn)",
    )
}

/// The phone number a decrypted RSA-mode msisdn holds, as UTF-8 or UTF-16LE text.
fn phone_from_plaintext(plain: &[u8]) -> Option<Zeroizing<String>> {
    if let Ok(text) = std::str::from_utf8(plain) {
        if is_plain_phone(text) {
            return Some(Zeroizing::new(text.to_string()));
        }
    }
    if plain.len() % 2 == 0 {
        let units: Vec<u16> = plain.chunks(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
        if let Ok(text) = String::from_utf16(&units) {
            if is_plain_phone(&text) {
                return Some(Zeroizing::new(text));
            }
        }
    }
    None
}
