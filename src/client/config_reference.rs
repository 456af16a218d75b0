//! The configuration reference, docs/configuration.md: every key the parser reads ([`Config::keys`]: path,
//! type, default) with its meaning from [`MEANINGS`], the one place meanings are written. The repository's
//! copy is checked against [`markdown`] by `tests/config_reference.rs`; every package ships that copy.

use crate::client::config::{Config, KeyRead};
use crate::error::{Error, Result};

/// What each key means, by dotted path (`<section>.base_url` and `.path` share one entry per section).
pub const MEANINGS: &[(&str, &str)] = &[
    ("app_id", "the app's APPID from the platform's console (sent in a header: visible ASCII)"),
    ("app_key", "appkey: the jssdk sign, the msisdn AES key, phone encryption, the keyType 0 HMAC"),
    ("app_secret", "APPSecret: the App loginTokenValidate MD5 mode"),
    ("private_key", "the customer private key, PEM or Base64, PKCS#8 or PKCS#1; its public key is the one registered with the platform"),
    ("platform_public_key", "the platform's public key (number verification: phone encryption)"),
    ("base_url", "read with the HTTP stack's own URL parser (`http::Uri`); no `user@`, `?query` or `#fragment`; `http://` only for `localhost` or a loopback IP literal (the sandbox)"),
    ("connect_timeout_ms", "connect timeout, greater than 0"),
    ("timeout_ms", "whole-request timeout, greater than 0"),
    ("ca_cert_pem", "an extra trusted CA (PEM) in addition to the Mozilla roots; verification cannot be disabled"),
    ("proxy", "HTTP proxy URL (`http://host:port`); environment proxy variables are not used implicitly"),
    ("keep_alive", "reuse connections (false: a new connection per request)"),
    ("retries", "retries only for failures of the connection stage, before any request byte (DNS, refused, connect timeout, proxy tunnel, the whole TLS handshake), so a token is never sent twice"),
    ("token_ttl_ms", "how long a sent token is refused locally (`YDRZ_E_TOKEN_REUSED`); at least 120000, the platform's longest token lifetime, so single use holds as long as the platform could accept a token"),
    ("utc_offset_minutes", "the offset of the `yyyyMMddHHmmssSSS` timestamps (480: UTC+8, Beijing)"),
    ("jssdk.version", "jssdk version ([jssdk sign](protocol.md#jssdk-sign))"),
    ("jssdk.business_type", "jssdk businessType ([jssdk sign](protocol.md#jssdk-sign))"),
    ("jssdk.sign_encoding", "`hex_upper` or `hex_lower` ([jssdk sign](protocol.md#jssdk-sign))"),
    ("presign.sign_algorithm", "`MD5withRSA` or `SHA256withRSA` ([preSign](protocol.md#presign))"),
    ("presign.sign_encoding", "`hex_upper`, `hex_lower` or `base64` ([preSign](protocol.md#presign))"),
    ("onekey.base_url", "this interface's base URL instead of the client's ([configurable choices](protocol.md#configurable-choices))"),
    ("onekey.path", "this interface's path ([configurable choices](protocol.md#configurable-choices))"),
    ("onekey.interface_version", "header and string-to-sign version ([one-click login](protocol.md#a-mini-program-one-click-login))"),
    ("onekey.business_type", "the businessType header ([one-click login](protocol.md#a-mini-program-one-click-login))"),
    ("onekey.sign_encoding", "tokenValidate signature text ([one-click login](protocol.md#a-mini-program-one-click-login))"),
    ("onekey.msisdn_aes_key", "`first16` or `full` appkey bytes as the msisdn AES key ([one-click login](protocol.md#a-mini-program-one-click-login))"),
    ("number_verify.base_url", "this interface's base URL instead of the client's ([configurable choices](protocol.md#configurable-choices))"),
    ("number_verify.path", "this interface's path ([configurable choices](protocol.md#configurable-choices))"),
    ("number_verify.version", "request version ([number verification](protocol.md#b-mini-program-number-verification))"),
    ("number_verify.sign_algorithm", "`MD5withRSA` or `SHA256withRSA` ([number verification](protocol.md#b-mini-program-number-verification))"),
    ("number_verify.sign_encoding", "`hex_upper`, `hex_lower` or `base64` ([number verification](protocol.md#b-mini-program-number-verification))"),
    ("number_verify.match_codes", "answer codes meaning \"the number matches\" (undocumented by the platform; [number verification](protocol.md#b-mini-program-number-verification))"),
    ("number_verify.no_match_codes", "answer codes meaning \"the number does not match\" ([number verification](protocol.md#b-mini-program-number-verification))"),
    ("app_login.base_url", "this interface's base URL instead of the client's ([configurable choices](protocol.md#configurable-choices))"),
    ("app_login.path", "this interface's path ([configurable choices](protocol.md#configurable-choices))"),
    ("app_login.mode", "`md5` or `rsa` ([App one-click login](protocol.md#c-app-one-click-login))"),
    ("app_login.version", "request version ([App one-click login](protocol.md#c-app-one-click-login))"),
    ("app_login.strictcheck", "the strictcheck field ([App one-click login](protocol.md#c-app-one-click-login))"),
    ("app_login.md5_secret", "`app_secret`, or `app_key` for apps created before 2018-12-26 ([App one-click login](protocol.md#c-app-one-click-login))"),
    ("app_login.md5_encoding", "`hex_upper` or `hex_lower` ([App one-click login](protocol.md#c-app-one-click-login))"),
    ("app_login.rsa_sign_encoding", "`hex_upper`, `hex_lower` or `base64` ([App one-click login](protocol.md#c-app-one-click-login))"),
    ("app_login.msisdn_private_key", "private key of 应用公钥2, which decrypts an RSA-mode msisdn; `private_key` when absent"),
    ("app_number.base_url", "this interface's base URL instead of the client's ([configurable choices](protocol.md#configurable-choices))"),
    ("app_number.path", "this interface's path ([configurable choices](protocol.md#configurable-choices))"),
    ("app_number.version", "request version ([App number verification](protocol.md#d-app-number-verification))"),
    ("app_number.key_type", "`0` (SHA-256 + HMAC) or `1` (RSA + MD5withRSA)"),
    ("app_number.key_type_as_number", "send keyType as a JSON number ([App number verification](protocol.md#d-app-number-verification))"),
    ("app_number.open_type", "the openType field"),
    ("app_number.requester_type", "the requesterType field"),
    ("app_number.sign_algorithm", "`MD5withRSA` or `SHA256withRSA` (keyType 1)"),
    ("app_number.sign_encoding", "`hex_upper`, `hex_lower` or `base64` (keyType 1)"),
];

const INTRO: &str = "\
# Client configuration

<!-- Generated from the library's configuration parser (src/client/config.rs, src/client/config_reference.rs);
     `tests/config_reference.rs` fails when this file differs. Regenerate with
     `YDRZ_BLESS=1 cargo test --test config_reference`. -->

Every binding's `Client` (and `ydrz_client_new` in C) takes this configuration as a JSON object (Python, Node.js
and PHP also take a dict / object / array). Unknown keys are rejected by name and wrong types with their path.
Values sent in HTTP headers (`app_id`, `onekey.interface_version`, `onekey.business_type`) must be visible ASCII
(spaces and tabs allowed); every field, `expand_params` included, is at most 64 KiB. Options are JSON strings
(`\"key_type\": \"1\"`) except where the type column says otherwise. A sandbox prints a complete configuration for
its demo app (`client_config`); for the real platform leave `base_url` out and use your own app's values.

Every uncertain protocol choice follows the default the [protocol reference](protocol.md) gives with its
sources.

| key | type | default | meaning |
|---|---|---|---|
";

/// The meaning of `path`, or an error naming a key the parser reads but [`MEANINGS`] lacks.
fn meaning(path: &str) -> Result<&'static str> {
    MEANINGS
        .iter()
        .find(|(key, _)| *key == path)
        .map(|(_, text)| *text)
        .ok_or_else(|| Error::invalid_arg(format!("config key {path} has no entry in config_reference::MEANINGS")))
}

fn default_cell(key: &KeyRead) -> String {
    match (&key.default, key.required) {
        (_, true) => "required".to_string(),
        (Some(value), false) => format!("`{value}`"),
        (None, false) => "—".to_string(),
    }
}

/// docs/configuration.md: fails when a key the parser reads has no meaning, or a meaning names no key.
pub fn markdown() -> Result<String> {
    let keys = Config::keys()?;
    if let Some((stale, _)) = MEANINGS.iter().find(|(path, _)| !keys.iter().any(|k| k.path == *path)) {
        return Err(Error::invalid_arg(format!(
            "config_reference::MEANINGS documents {stale}, which the parser does not read"
        )));
    }
    let mut out = String::from(INTRO);
    for key in &keys {
        out.push_str(&format!("| `{}` | {} | {} | {} |\n", key.path, key.kind, default_cell(key), meaning(&key.path)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_meaning_and_every_meaning_a_key() {
        let text = markdown().unwrap();
        assert!(text.contains("| `app_id` | string | required |"), "{text}");
        assert!(text.contains("| `token_ttl_ms` | number, 0 to 86400000 | `120000` |"), "{text}");
        assert!(text.contains("| `onekey.sign_encoding` | string | `hex_upper` |"), "{text}");
        assert!(text.contains("| `number_verify.match_codes` | array of strings | `[\"000\"]` |"), "{text}");
    }

    #[test]
    fn the_defaults_shown_are_the_parsers() {
        let keys = Config::keys().unwrap();
        let default = |path: &str| keys.iter().find(|k| k.path == path).and_then(|k| k.default.clone());
        let parsed = Config::from_json(r#"{"app_id":"1"}"#).unwrap();
        assert_eq!(default("timeout_ms"), Some(parsed.timeout.as_millis().to_string()));
        assert_eq!(default("base_url").as_deref(), Some(parsed.base_url.as_str()));
        assert_eq!(default("app_login.rsa_sign_encoding").as_deref(), Some(parsed.app_login.rsa_sign_encoding.name()));
        assert_eq!(default("onekey.path").as_deref(), Some(parsed.onekey.endpoint.path.as_str()));
    }
}
