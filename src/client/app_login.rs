//! App one-click login: `POST /unisdk/rsapi/loginTokenValidate` in MD5 or RSA mode
//! (docs/protocol.md#c-app-one-click-login).

use std::sync::Arc;

use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::cipher::{check_rsa_blocks, decode_rsa_ciphertext, is_plain_phone};
use crate::client::config::{AppLoginMode, Config, Md5Secret};
use crate::client::exchange::SignedBody;
use crate::client::outcome::Answer;
use crate::client::stats::Interface;
use crate::client::{Answered, Client, DecryptStep, Decryption, Exchange, Signature, Signer, Sources, Validated};
use crate::error::{Error, Result};
use crate::keys::PrivateKey;
use crate::protocol::app_signs::app_login_md5_sign;
use crate::protocol::field_names::APP_LOGIN_FIELDS as F;
use crate::protocol::fields::{optional, required};
use crate::protocol::interfaces::{SignStyle, APP_LOGIN, APP_LOGIN_RSA_SIGN};
use crate::protocol::strings::{app_login_rsa_values, AppLoginMd5Input};

impl Client {
    /// Validates a token from the Android/iOS SDK and returns the phone number (decrypted in RSA mode):
    /// [`Client::app_login_begin`] sent by the built-in transport.
    pub fn app_login_validate(&self, token: &str, expand_params: Option<&str>) -> Result<Validated> {
        let setup = self.setup();
        Client::send(&setup, self.app_login_exchange(&setup.config, &Sources::SYSTEM, token, expand_params)?)
    }

    /// The exchange of [`Client::app_login_validate`], with the systemtime and msgid of `sources`.
    pub fn app_login_begin(
        &self,
        sources: &Sources,
        token: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Validated>> {
        self.app_login_exchange(&self.setup().config, sources, token, expand_params)
    }

    /// [`Client::app_login_begin`] under configuration `c`.
    fn app_login_exchange(
        &self,
        c: &Arc<Config>,
        sources: &Sources,
        token: &str,
        expand_params: Option<&str>,
    ) -> Result<Exchange<Validated>> {
        let o = &c.app_login;
        let token = required(F.token, token)?;
        let expand_params = optional("expand_params", expand_params)?;
        let msg_id = sources.ids.new_id();
        let system_time = Client::timestamp(c, sources);
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
                (Signature::Made(app_login_md5_sign(&input, secret, o.md5_encoding)?), "")
            }
            AppLoginMode::Rsa => {
                let signer = c.require_signer("app_login_validate in rsa mode")?;
                let values = app_login_rsa_values(&c.app_id, token);
                let style = SignStyle { algorithm: APP_LOGIN_RSA_SIGN.rsa_algorithm()?, encoding: o.rsa_sign_encoding };
                (signer.sign(APP_LOGIN_RSA_SIGN.compose(&values)?.as_bytes(), style)?, "RSA")
            }
        };
        let body = json!({
            F.version: o.version,
            F.msg_id: msg_id,
            F.system_time: system_time,
            F.strict_check: o.strict_check,
            F.app_id: c.app_id,
            F.token: token,
            F.sign: sign.text(),
            F.encryption_algorithm: algorithm,
            F.expand_params: expand_params,
        });
        let config = Arc::clone(c);
        let read = Box::new(move |answer: Answer| read_login(&config, &answer, msg_id));
        self.begin(
            c,
            Interface::AppLogin,
            token,
            &[],
            SignedBody { body, pointer: format!("/{}", F.sign), signature: sign },
            read,
        )
    }
}

/// The phone number of an App login answer and its details: plain digits as they are, an RSA-mode msisdn
/// decrypted with `msisdn_private_key` or the configured private key, or, when the external signer holds the
/// key, the decryption the host must make.
fn read_login(c: &Config, answer: &Answer, msg_id: String) -> Result<Answered<Validated>> {
    let msisdn = answer.success_msisdn(APP_LOGIN.codes)?;
    let details = answer.details(&[("msgId", Value::from(msg_id))])?;
    if is_plain_phone(msisdn.trim()) {
        return Ok(Answered::Done(Validated { phone: Zeroizing::new(msisdn.trim().to_string()), details }));
    }
    let key = match (&c.app_login.msisdn_private_key, c.require_signer("decrypting an RSA-mode msisdn")?) {
        (Some(key), _) | (None, Signer::Key(key)) => key,
        (None, Signer::External(public)) => return host_decryption(public.size(), &msisdn, details),
    };
    let phone = decrypt_rsa_msisdn(key, c.app_login.previous_msisdn_private_key.as_ref(), &msisdn)?;
    Ok(Answered::Done(Validated { phone, details }))
}

/// The RSA-mode msisdn as a decryption for the host's key of `block_bytes`-byte blocks; its plaintext must be
/// the phone number (as [`phone_from_plaintext`] reads it), else the one decryption error.
fn host_decryption(block_bytes: usize, msisdn: &str, details: Value) -> Result<Answered<Validated>> {
    let ciphertext = decode_rsa_ciphertext(msisdn, block_bytes)?;
    check_rsa_blocks(ciphertext.len(), block_bytes)?;
    let complete = move |plaintext: &[u8]| {
        let phone = phone_from_plaintext(plaintext).ok_or_else(|| Error::crypto(MSISDN_DOES_NOT_DECRYPT))?;
        Ok(Validated { phone, details: details.clone() })
    };
    Ok(Answered::Decrypt(Decryption::new(DecryptStep::new(ciphertext, block_bytes), Box::new(complete))))
}

const MSISDN_DOES_NOT_DECRYPT: &str =
    "RSA-mode msisdn does not decrypt to a phone number with this key (wrong msisdn_private_key, or altered msisdn)";

/// RSA-mode msisdn: hex or Base64 PKCS#1 v1.5 blocks; the plaintext is UTF-8, or UTF-16LE as one sample reads it.
/// Every failure that depends on the decrypted bytes (padding, not a phone number) is the same error.
///
/// With a `previous` key (a rotation's overlap window) the msisdn is decrypted with both keys every time, the
/// current key's phone number winning, and every failure of either (undecodable for the key's size included)
/// gives that same one error: neither timing nor message tells which key or which check failed.
fn decrypt_rsa_msisdn(key: &PrivateKey, previous: Option<&PrivateKey>, msisdn: &str) -> Result<Zeroizing<String>> {
    let with = |key: &PrivateKey| {
        let raw = decode_rsa_ciphertext(msisdn, key.size())?;
        key.decrypt_with(&raw, phone_from_plaintext, MSISDN_DOES_NOT_DECRYPT)
    };
    let Some(previous) = previous else {
        return with(key);
    };
    let (current, old) = (with(key), with(previous));
    current.or(old).map_err(|_| Error::crypto(MSISDN_DOES_NOT_DECRYPT))
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
