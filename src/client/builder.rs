//! [`ClientBuilder`]: the client's configuration written with typed setters instead of JSON text. Each setter is
//! one key of the JSON configuration (docs/configuration.md), and [`ClientBuilder::build`] reads the result with
//! the parser of [`Client::new`]: a value refused there is refused here, with the same message (which names the
//! JSON key, e.g. `timeout_ms`).

use std::time::Duration;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::client::Client;
use crate::error::{Error, Result};

/// Builds a [`Client`]. Secrets (`app_key`, `app_secret`, `private_key`) are held in memory that is zeroized
/// when the builder is dropped, as is the configuration text handed to the parser.
///
/// ```
/// use std::time::Duration;
/// use ydrz::client::ClientBuilder;
///
/// let client = ClientBuilder::new("300012345678")
///     .app_key("an-app-key-from-the-console")
///     .base_url("http://127.0.0.1:8080") // the sandbox; https:// for the platform
///     .timeout(Duration::from_secs(5))
///     .option("app_login.mode", "md5")
///     .build()?;
/// let params = client.jssdk_params()?;
/// assert_eq!(params["appId"], "300012345678");
/// # Ok::<(), ydrz::Error>(())
/// ```
pub struct ClientBuilder {
    app_id: String,
    secrets: Vec<(&'static str, Zeroizing<String>)>,
    settings: Map<String, Value>,
}

impl ClientBuilder {
    /// A configuration for the app `app_id` (the APPID of the platform's console), with every other key at its
    /// default.
    pub fn new(app_id: impl Into<String>) -> ClientBuilder {
        ClientBuilder { app_id: app_id.into(), secrets: Vec::new(), settings: Map::new() }
    }

    /// `app_key`: the jssdk sign, the msisdn AES key, phone encryption, the keyType 0 HMAC.
    pub fn app_key(self, app_key: &str) -> ClientBuilder {
        self.secret("app_key", app_key)
    }

    /// `app_secret`: the App loginTokenValidate MD5 mode.
    pub fn app_secret(self, app_secret: &str) -> ClientBuilder {
        self.secret("app_secret", app_secret)
    }

    /// `private_key`: the customer private key, PEM or Base64, PKCS#8 or PKCS#1.
    pub fn private_key(self, private_key_text: &str) -> ClientBuilder {
        self.secret("private_key", private_key_text)
    }

    /// `platform_public_key`: the platform's public key (number verification's phone encryption).
    pub fn platform_public_key(self, public_key_text: &str) -> ClientBuilder {
        self.option("platform_public_key", public_key_text)
    }

    /// `base_url`: `https://` for the platform, `http://` only for a loopback host (the sandbox).
    pub fn base_url(self, url: &str) -> ClientBuilder {
        self.option("base_url", url)
    }

    /// `timeout_ms`: the whole request's timeout (whole milliseconds).
    pub fn timeout(self, timeout: Duration) -> ClientBuilder {
        self.option("timeout_ms", millis(timeout))
    }

    /// `connect_timeout_ms` (whole milliseconds).
    pub fn connect_timeout(self, timeout: Duration) -> ClientBuilder {
        self.option("connect_timeout_ms", millis(timeout))
    }

    /// `proxy`: an `http://host:port` proxy (environment proxy variables are never used implicitly).
    pub fn proxy(self, url: &str) -> ClientBuilder {
        self.option("proxy", url)
    }

    /// `ca_cert_pem`: a CA trusted in addition to the Mozilla roots (verification cannot be turned off).
    pub fn ca_cert_pem(self, pem: &str) -> ClientBuilder {
        self.option("ca_cert_pem", pem)
    }

    /// `keep_alive`: reuse connections (the default).
    pub fn keep_alive(self, keep_alive: bool) -> ClientBuilder {
        self.option("keep_alive", keep_alive)
    }

    /// `retries`: retries of failures before any request byte left, so a token is never sent twice.
    pub fn retries(self, retries: u32) -> ClientBuilder {
        self.option("retries", retries)
    }

    /// Any other key of the configuration by its dotted path (`"app_login.mode"`, `"onekey.sign_encoding"`,
    /// `"utc_offset_minutes"`), as docs/configuration.md lists them. Setting a key twice keeps the last value;
    /// an unknown key is refused by [`build`](Self::build).
    pub fn option(mut self, path: &str, value: impl Into<Value>) -> ClientBuilder {
        let mut section = &mut self.settings;
        let mut names = path.split('.').peekable();
        while let Some(name) = names.next() {
            if names.peek().is_none() {
                section.insert(name.to_string(), value.into());
                break;
            }
            let entry = section.entry(name.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            section = entry.as_object_mut().expect("made an object above");
        }
        self
    }

    /// Checks the configuration and creates the client (keys load here, once): the errors of
    /// [`Client::new`], `Status::InvalidArg` naming the key for a refused value.
    pub fn build(self) -> Result<Client> {
        Client::new(&self.to_json()?)
    }

    fn secret(mut self, name: &'static str, value: &str) -> ClientBuilder {
        self.secrets.retain(|(n, _)| *n != name);
        self.secrets.push((name, Zeroizing::new(value.to_string())));
        self
    }

    /// The configuration as JSON text, written into memory reserved up front (no reallocation leaves a copy of
    /// a secret behind) and zeroized when dropped.
    fn to_json(&self) -> Result<Zeroizing<String>> {
        let mut members = Map::new();
        members.insert("app_id".into(), Value::String(self.app_id.clone()));
        members.extend(self.settings.iter().map(|(k, v)| (k.clone(), v.clone())));
        let settings = serde_json::to_string(&members).map_err(|e| Error::invalid_arg(e.to_string()))?;
        // serde_json escapes a byte as at most 6 (\u00XX); 8 more for the key's quotes, the colon and the comma.
        let room: usize = self.secrets.iter().map(|(name, value)| name.len() + 6 * value.len() + 8).sum();
        let mut text = Zeroizing::new(Vec::with_capacity(settings.len() + room));
        text.extend_from_slice(&settings.as_bytes()[..settings.len() - 1]);
        for (name, value) in &self.secrets {
            text.extend_from_slice(format!(",\"{name}\":").as_bytes());
            serde_json::to_writer(&mut *text, value.as_str()).map_err(|e| Error::invalid_arg(e.to_string()))?;
        }
        text.push(b'}');
        let text = String::from_utf8(std::mem::take(&mut *text)).map_err(|e| Error::invalid_arg(e.to_string()))?;
        Ok(Zeroizing::new(text))
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    #[test]
    fn setters_write_the_json_keys_and_nested_options() {
        let builder = ClientBuilder::new("300012345678")
            .app_key("k\"ey")
            .app_key("key")
            .timeout(Duration::from_millis(2500))
            .option("app_login.mode", "rsa")
            .option("app_login.version", "2.0")
            .keep_alive(false);
        let json: Value = serde_json::from_str(&builder.to_json().unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"app_id":"300012345678","app_key":"key","timeout_ms":2500,"keep_alive":false,
                "app_login":{"mode":"rsa","version":"2.0"}})
        );
    }

    #[test]
    fn the_parser_refuses_what_json_would() {
        let e = ClientBuilder::new("1").timeout(Duration::ZERO).build().err().unwrap();
        assert_eq!(e.status(), Status::InvalidArg);
        assert!(e.message().contains("timeout_ms"), "{}", e.message());
        let e = ClientBuilder::new("1").option("no_such_key", 1).build().err().unwrap();
        assert!(e.message().contains("no_such_key"), "{}", e.message());
        let e = ClientBuilder::new("1").private_key("zz-secret-zz").build().err().unwrap();
        assert_eq!(e.status(), Status::Key);
        assert!(!e.message().contains("zz-secret-zz"), "{}", e.message());
    }

    #[test]
    fn escapes_secrets_like_any_json_string() {
        let text = ClientBuilder::new("1").app_secret("a\"b\\c\u{1}").to_json().unwrap();
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["app_secret"], "a\"b\\c\u{1}");
    }
}
