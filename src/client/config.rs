//! The client's configuration, parsed from JSON. Every key is checked: an unknown key (a typo) is an error
//! naming it, and a value of the wrong JSON type is an error naming its path. Every uncertain protocol choice
//! (docs/protocol.md#configurable-choices) is an option here; its default comes from the interface's descriptor
//! in `crate::protocol::interfaces`. Each interface's section is read by its own options type.

use std::time::Duration;

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::cipher::AesKeyDerivation;
use crate::client::signer::Signer;
use crate::client::validate;
use crate::codec::Encoding;
use crate::error::{quoted_name, Error, Result};
use crate::keys::{PrivateKey, PublicKey};
use crate::protocol::ids::BEIJING_UTC_OFFSET_MINUTES;
use crate::protocol::interfaces::{
    APP_LOGIN, APP_NUMBER, JSSDK, LONGEST_TOKEN_LIFETIME, NUMBER_VERIFY, ONEKEY_LOGIN, PRESIGN,
};
use crate::protocol::recipe::Setting;
use crate::signature::SignAlgorithm;

pub use crate::protocol::interfaces::SignStyle;

pub const DEFAULT_BASE_URL: &str = "https://www.cmpassport.com";
/// Longest configuration JSON accepted.
pub const MAX_CONFIG_BYTES: usize = 1024 * 1024;
/// The shortest `token_ttl_ms` (and its default): the longest token lifetime of the interface descriptors
/// (docs/protocol.md#tokens), so that single use holds for as long as the platform could accept the token.
pub const MIN_TOKEN_TTL_MS: u64 = LONGEST_TOKEN_LIFETIME.as_millis() as u64;

/// Where an interface is reached: `base_url` (the client's unless overridden) + `path`.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub(crate) base_url: Option<String>,
    pub(crate) path: String,
}

/// jssdk parameters for YDRZ.getTokenInfo (docs/protocol.md#jssdk-sign).
#[derive(Clone, Debug)]
pub struct JssdkOptions {
    pub(crate) version: String,
    pub(crate) business_type: String,
    pub(crate) sign_encoding: Encoding,
}

/// `/h5/onekeylogin/tokenValidate` (docs/protocol.md#a-mini-program-one-click-login).
#[derive(Clone, Debug)]
pub struct OnekeyOptions {
    pub(crate) endpoint: Endpoint,
    pub(crate) interface_version: String,
    pub(crate) business_type: String,
    pub(crate) sign_encoding: Encoding,
    pub(crate) msisdn_aes_key: AesKeyDerivation,
}

/// `/NumberAbility/h5/verifyVmMobileApi.htm` (docs/protocol.md#b-mini-program-number-verification).
#[derive(Clone, Debug)]
pub struct NumberVerifyOptions {
    pub(crate) endpoint: Endpoint,
    pub(crate) version: String,
    pub(crate) sign: SignStyle,
    pub(crate) match_codes: Vec<String>,
    pub(crate) no_match_codes: Vec<String>,
}

/// How the App loginTokenValidate request is signed (docs/protocol.md#c-app-one-click-login).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppLoginMode {
    Md5,
    Rsa,
}

/// Which secret ends the App MD5 string to sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Md5Secret {
    AppSecret,
    AppKey,
}

/// `/unisdk/rsapi/loginTokenValidate` (docs/protocol.md#c-app-one-click-login).
#[derive(Debug)]
pub struct AppLoginOptions {
    pub(crate) endpoint: Endpoint,
    pub(crate) mode: AppLoginMode,
    pub(crate) version: String,
    pub(crate) strict_check: String,
    pub(crate) md5_secret: Md5Secret,
    pub(crate) md5_encoding: Encoding,
    pub(crate) rsa_sign_encoding: Encoding,
    /// Private key of 应用公钥2, which decrypts an RSA-mode msisdn; the customer private key when absent.
    pub(crate) msisdn_private_key: Option<PrivateKey>,
    /// The msisdn key in force before a rotation, tried after the current one during the overlap window.
    pub(crate) previous_msisdn_private_key: Option<PrivateKey>,
}

/// `/openapi/rs/tokenValidate` (docs/protocol.md#d-app-number-verification).
#[derive(Clone, Debug)]
pub struct AppNumberOptions {
    pub(crate) endpoint: Endpoint,
    pub(crate) version: String,
    pub(crate) key_type: u8,
    pub(crate) key_type_as_number: bool,
    pub(crate) open_type: String,
    pub(crate) requester_type: String,
    pub(crate) sign: SignStyle,
}

/// The whole client configuration.
#[derive(Debug)]
pub struct Config {
    pub(crate) app_id: String,
    pub(crate) app_key: Option<Zeroizing<String>>,
    pub(crate) app_secret: Option<Zeroizing<String>>,
    /// The customer key's signer: `private_key`, or the host (`"signer": "external"`, `public_key`).
    pub(crate) signer: Option<Signer>,
    pub(crate) platform_public_key: Option<PublicKey>,
    pub(crate) base_url: String,
    pub(crate) timeout: Duration,
    /// The built-in transport's settings: without the `http-client` feature they are still parsed and checked,
    /// so that a configuration means the same in every build, but nothing in the library reads them.
    #[cfg_attr(not(feature = "http-client"), allow(dead_code))]
    pub(crate) connect_timeout: Duration,
    #[cfg_attr(not(feature = "http-client"), allow(dead_code))]
    pub(crate) ca_cert_pem: Option<String>,
    #[cfg_attr(not(feature = "http-client"), allow(dead_code))]
    pub(crate) proxy: Option<String>,
    #[cfg_attr(not(feature = "http-client"), allow(dead_code))]
    pub(crate) keep_alive: bool,
    #[cfg_attr(not(feature = "http-client"), allow(dead_code))]
    pub(crate) retries: u32,
    pub(crate) token_ttl: Duration,
    pub(crate) utc_offset_minutes: i32,
    pub(crate) jssdk: JssdkOptions,
    pub(crate) presign: SignStyle,
    pub(crate) onekey: OnekeyOptions,
    pub(crate) number_verify: NumberVerifyOptions,
    pub(crate) app_login: AppLoginOptions,
    pub(crate) app_number: AppNumberOptions,
}

/// One configuration key as the parser reads it: its dotted path, its JSON type and its default (`None`:
/// absent unless given). Collected by [`Config::keys`], the source of the configuration reference
/// (docs/configuration.md), so the reference shows exactly what the parser does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRead {
    pub path: String,
    pub kind: String,
    pub default: Option<String>,
    pub required: bool,
}

/// Reads one JSON object, remembering which keys were read (and how) so that leftovers can be reported. An
/// option absent from the object takes its default from `defaults` (the section's descriptor) when it has one.
struct Section<'a> {
    path: String,
    map: &'a Map<String, Value>,
    defaults: &'static [Setting],
    used: Vec<&'static str>,
    reads: Vec<KeyRead>,
}

impl<'a> Section<'a> {
    fn new(path: &str, value: &'a Value, defaults: &'static [Setting]) -> Result<Section<'a>> {
        match value {
            Value::Object(map) => {
                Ok(Section { path: path.to_string(), map, defaults, used: Vec::new(), reads: Vec::new() })
            }
            _ => Err(Error::invalid_arg(format!("config {path} must be a JSON object"))),
        }
    }

    fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The value of `key`: the object's (unless null), else the descriptor's default. The read is recorded with
    /// its type and its default (`fallback`, the caller's own, else the descriptor's).
    fn get(&mut self, key: &'static str, kind: impl Into<String>, fallback: Option<String>) -> Option<Value> {
        self.used.push(key);
        let default = self.defaults.iter().find(|s| s.key == key).map(|s| s.default.to_json());
        let shown = fallback.or_else(|| default.as_ref().map(shown_default));
        self.reads.push(KeyRead { path: self.name(key), kind: kind.into(), default: shown, required: false });
        self.map.get(key).filter(|v| !v.is_null()).cloned().or(default)
    }

    fn string_with(&mut self, key: &'static str, fallback: Option<&str>) -> Result<Option<String>> {
        match self.get(key, "string", fallback.map(str::to_string)) {
            None => Ok(fallback.map(str::to_string)),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Error::invalid_arg(format!("config {} must be a string", self.name(key)))),
        }
    }

    fn string(&mut self, key: &'static str) -> Result<Option<String>> {
        self.string_with(key, None)
    }

    /// A string that must be present and not empty.
    fn required_string(&mut self, key: &'static str) -> Result<String> {
        let value = self.string(key)?;
        if let Some(read) = self.reads.last_mut() {
            read.required = true;
        }
        value
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::invalid_arg(format!("config {} is required", self.name(key))))
    }

    fn string_or(&mut self, key: &'static str, default: &str) -> Result<String> {
        Ok(self.string_with(key, Some(default))?.unwrap_or_default())
    }

    /// A text option with a default in the descriptor.
    fn text(&mut self, key: &'static str) -> Result<String> {
        self.string(key)?.ok_or_else(|| self.no_default(key))
    }

    /// The error for an option read as having a default that the descriptor does not give (a defect).
    fn no_default(&self, key: &str) -> Error {
        Error::invalid_arg(format!("config {} has no default", self.name(key)))
    }

    fn number(&mut self, key: &'static str, default: u64, max: u64) -> Result<u64> {
        match self.get(key, format!("number, 0 to {max}"), Some(default.to_string())) {
            None => Ok(default),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) if v <= max => Ok(v),
                _ => {
                    Err(Error::invalid_arg(format!("config {} must be a whole number from 0 to {max}", self.name(key))))
                }
            },
            Some(_) => Err(Error::invalid_arg(format!("config {} must be a number", self.name(key)))),
        }
    }

    fn boolean(&mut self, key: &'static str, default: bool) -> Result<bool> {
        match self.get(key, "boolean", Some(default.to_string())) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(b),
            Some(_) => Err(Error::invalid_arg(format!("config {} must be true or false", self.name(key)))),
        }
    }

    /// A true-or-false option with a default in the descriptor.
    fn flag(&mut self, key: &'static str) -> Result<bool> {
        match self.get(key, "boolean", None) {
            None => Err(self.no_default(key)),
            Some(Value::Bool(b)) => Ok(b),
            Some(_) => Err(Error::invalid_arg(format!("config {} must be true or false", self.name(key)))),
        }
    }

    /// An array-of-strings option with a default in the descriptor.
    fn strings(&mut self, key: &'static str) -> Result<Vec<String>> {
        match self.get(key, "array of strings", None) {
            None => Err(self.no_default(key)),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Error::invalid_arg(format!("config {} must be an array of strings", self.name(key)))),
            Some(_) => Err(Error::invalid_arg(format!("config {} must be an array of strings", self.name(key)))),
        }
    }

    /// Parses a string option that has a default in the descriptor with `parse`, prefixing its errors with the
    /// option's path.
    fn parsed<T>(&mut self, key: &'static str, parse: fn(&str) -> Result<T>) -> Result<T> {
        let text = self.text(key)?;
        parse(&text).map_err(|e| Error::invalid_arg(format!("config {}: {}", self.name(key), e.message())))
    }

    /// Reads the section `descriptor` (absent: empty) with `read`, then rejects its unread keys.
    fn section<T>(
        &mut self,
        descriptor: &crate::protocol::recipe::Section,
        read: fn(&mut Section<'_>) -> Result<T>,
    ) -> Result<T> {
        static EMPTY: once_cell::sync::Lazy<Value> = once_cell::sync::Lazy::new(|| Value::Object(Map::new()));
        let path = self.name(descriptor.name);
        let given = self.map.get(descriptor.name).filter(|v| !v.is_null());
        self.used.push(descriptor.name);
        let mut section = Section::new(&path, given.unwrap_or(&EMPTY), descriptor.settings)?;
        let value = read(&mut section)?;
        self.reads.append(&mut section.reads);
        section.finish()?;
        Ok(value)
    }

    fn endpoint(&mut self, default_path: &str) -> Result<Endpoint> {
        let base_url = self.string("base_url")?.map(|u| validate::base_url(&self.name("base_url"), &u)).transpose()?;
        let path = self.string_or("path", default_path)?;
        if !path.starts_with('/') {
            return Err(Error::invalid_arg(format!("config {} must start with /", self.name("path"))));
        }
        Ok(Endpoint { base_url, path })
    }

    fn sign_style(&mut self) -> Result<SignStyle> {
        Ok(SignStyle {
            algorithm: self.parsed("sign_algorithm", SignAlgorithm::from_name)?,
            encoding: self.parsed("sign_encoding", Encoding::from_name)?,
        })
    }

    /// Fails when the object has a key that no option read.
    fn finish(self) -> Result<()> {
        match self.map.keys().find(|k| !self.used.contains(&k.as_str())) {
            Some(unknown) => {
                Err(Error::invalid_arg(format!("unknown config key {}", quoted_name(&self.name(unknown)))))
            }
            None => Ok(()),
        }
    }
}

/// A descriptor default as the configuration reference shows it: a string as it is, anything else as JSON.
fn shown_default(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn aes_key(name: &str) -> Result<AesKeyDerivation> {
    AesKeyDerivation::from_name(name)
}

fn app_login_mode(name: &str) -> Result<AppLoginMode> {
    match name {
        "md5" => Ok(AppLoginMode::Md5),
        "rsa" => Ok(AppLoginMode::Rsa),
        other => Err(Error::invalid_arg(format!("unknown mode {}: use md5 or rsa", quoted_name(other)))),
    }
}

fn required_secret<'a>(value: &'a Option<Zeroizing<String>>, name: &str, what: &str) -> Result<&'a str> {
    value
        .as_deref()
        .map(String::as_str)
        .ok_or_else(|| Error::invalid_arg(format!("config has no {name}; {what} needs it")))
}

fn md5_secret(name: &str) -> Result<Md5Secret> {
    match name {
        "app_secret" => Ok(Md5Secret::AppSecret),
        "app_key" => Ok(Md5Secret::AppKey),
        other => Err(Error::invalid_arg(format!("unknown md5_secret \"{other}\": use app_secret or app_key"))),
    }
}

fn key_type(name: &str) -> Result<u8> {
    match name {
        "0" => Ok(0),
        "1" => Ok(1),
        other => Err(Error::invalid_arg(format!("unknown key_type {}: use \"0\" or \"1\"", quoted_name(other)))),
    }
}

fn load_private(name: &str, text: Option<Zeroizing<String>>) -> Result<Option<PrivateKey>> {
    text.map(|t| PrivateKey::load(&t).map_err(|e| Error::key(format!("config {name}: {}", e.message())))).transpose()
}

impl JssdkOptions {
    fn read(s: &mut Section<'_>) -> Result<JssdkOptions> {
        Ok(JssdkOptions {
            version: s.text("version")?,
            business_type: s.text("business_type")?,
            sign_encoding: s
                .parsed("sign_encoding", |name| Encoding::from_name(name)?.require_hex("the jssdk MD5 sign"))?,
        })
    }
}

impl OnekeyOptions {
    fn read(s: &mut Section<'_>) -> Result<OnekeyOptions> {
        let i = &ONEKEY_LOGIN;
        let options = OnekeyOptions {
            endpoint: s.endpoint(i.path)?,
            interface_version: s.text(i.version_option)?,
            business_type: s.text("business_type")?,
            sign_encoding: s.parsed("sign_encoding", Encoding::from_name)?,
            msisdn_aes_key: s.parsed("msisdn_aes_key", aes_key)?,
        };
        // Both travel as HTTP headers.
        validate::header_value(&format!("config {}", s.name("interface_version")), &options.interface_version)?;
        validate::header_value(&format!("config {}", s.name("business_type")), &options.business_type)?;
        Ok(options)
    }
}

impl NumberVerifyOptions {
    fn read(s: &mut Section<'_>) -> Result<NumberVerifyOptions> {
        let i = &NUMBER_VERIFY;
        Ok(NumberVerifyOptions {
            endpoint: s.endpoint(i.path)?,
            version: s.text(i.version_option)?,
            sign: s.sign_style()?,
            match_codes: s.strings("match_codes")?,
            no_match_codes: s.strings("no_match_codes")?,
        })
    }
}

impl AppLoginOptions {
    fn read(s: &mut Section<'_>) -> Result<AppLoginOptions> {
        let i = &APP_LOGIN;
        Ok(AppLoginOptions {
            endpoint: s.endpoint(i.path)?,
            mode: s.parsed("mode", app_login_mode)?,
            version: s.text(i.version_option)?,
            strict_check: s.text("strictcheck")?,
            md5_secret: s.parsed("md5_secret", md5_secret)?,
            md5_encoding: s
                .parsed("md5_encoding", |name| Encoding::from_name(name)?.require_hex("the App MD5 sign"))?,
            rsa_sign_encoding: s.parsed("rsa_sign_encoding", Encoding::from_name)?,
            msisdn_private_key: load_private(
                "app_login.msisdn_private_key",
                s.string("msisdn_private_key")?.map(Zeroizing::new),
            )?,
            previous_msisdn_private_key: load_private(
                "app_login.previous_msisdn_private_key",
                s.string("previous_msisdn_private_key")?.map(Zeroizing::new),
            )?,
        })
    }
}

impl AppNumberOptions {
    fn read(s: &mut Section<'_>) -> Result<AppNumberOptions> {
        let i = &APP_NUMBER;
        Ok(AppNumberOptions {
            endpoint: s.endpoint(i.path)?,
            version: s.text(i.version_option)?,
            key_type: s.parsed("key_type", key_type)?,
            key_type_as_number: s.flag("key_type_as_number")?,
            open_type: s.text("open_type")?,
            requester_type: s.text("requester_type")?,
            sign: s.sign_style()?,
        })
    }
}

impl Config {
    /// Parses and checks the JSON configuration (keys load here, once).
    pub fn from_json(text: &str) -> Result<Config> {
        Ok(Config::parse(text)?.0)
    }

    /// Every key the parser reads, in order, with its type and default: what the configuration reference
    /// (docs/configuration.md) lists.
    pub fn keys() -> Result<Vec<KeyRead>> {
        Ok(Config::parse(r#"{"app_id":"300000000000"}"#)?.1)
    }

    fn parse(text: &str) -> Result<(Config, Vec<KeyRead>)> {
        if text.len() > MAX_CONFIG_BYTES {
            return Err(Error::invalid_arg("config JSON is larger than 1 MiB"));
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| Error::invalid_arg(format!("config is not valid JSON: {e}")))?;
        let mut top = Section::new("", &value, &[])?;
        let app_id = top.required_string("app_id")?;
        validate::header_value("config app_id", &app_id)?;
        let app_key = top.string("app_key")?.map(Zeroizing::new);
        let app_secret = top.string("app_secret")?.map(Zeroizing::new);
        let private_key = load_private("private_key", top.string("private_key")?.map(Zeroizing::new))?;
        let public_key = top
            .string("public_key")?
            .map(|t| PublicKey::load(&t).map_err(|e| Error::key(format!("config public_key: {}", e.message()))))
            .transpose()?;
        let signer = match (top.string_or("signer", "private_key")?.as_str(), private_key, public_key) {
            ("private_key", key, None) => key.map(Signer::Key),
            ("external", None, Some(key)) => Some(Signer::External(key)),
            ("external", _, _) => {
                return Err(Error::invalid_arg(
                    "config signer \"external\" needs public_key (the registered customer public key) and no \
                     private_key",
                ))
            }
            ("private_key", _, Some(_)) => {
                return Err(Error::invalid_arg("config public_key is read only with \"signer\": \"external\""))
            }
            (other, _, _) => {
                return Err(Error::invalid_arg(format!(
                    "config signer must be \"private_key\" or \"external\", not {}",
                    quoted_name(other)
                )))
            }
        };
        let platform_public_key = top
            .string("platform_public_key")?
            .map(|t| {
                PublicKey::load(&t).map_err(|e| Error::key(format!("config platform_public_key: {}", e.message())))
            })
            .transpose()?;
        let base_url = validate::base_url("base_url", &top.string_or("base_url", DEFAULT_BASE_URL)?)?;
        let connect_timeout = Duration::from_millis(top.number("connect_timeout_ms", 5_000, 600_000)?);
        let timeout = Duration::from_millis(top.number("timeout_ms", 10_000, 600_000)?);
        if connect_timeout.is_zero() || timeout.is_zero() {
            return Err(Error::invalid_arg("config connect_timeout_ms and timeout_ms must be greater than 0"));
        }
        let ca_cert_pem = top.string("ca_cert_pem")?;
        let proxy = top.string("proxy")?;
        let keep_alive = top.boolean("keep_alive", true)?;
        let retries = top.number("retries", 0, 5)? as u32;
        let token_ttl = Duration::from_millis(top.number("token_ttl_ms", MIN_TOKEN_TTL_MS, 86_400_000)?);
        if token_ttl < Duration::from_millis(MIN_TOKEN_TTL_MS) {
            return Err(Error::invalid_arg(format!(
                "config token_ttl_ms must be at least {MIN_TOKEN_TTL_MS} (the platform's token lifetime): a sent \
                 token is refused at least as long as the platform could accept it"
            )));
        }
        let beijing = BEIJING_UTC_OFFSET_MINUTES as u64;
        let utc_offset_minutes = top.number("utc_offset_minutes", beijing, 14 * 60)? as i32;

        let jssdk = top.section(&JSSDK, JssdkOptions::read)?;
        let presign = top.section(&PRESIGN, |s| s.sign_style())?;
        let onekey = top.section(&ONEKEY_LOGIN.section(), OnekeyOptions::read)?;
        let number_verify = top.section(&NUMBER_VERIFY.section(), NumberVerifyOptions::read)?;
        let app_login = top.section(&APP_LOGIN.section(), AppLoginOptions::read)?;
        let app_number = top.section(&APP_NUMBER.section(), AppNumberOptions::read)?;
        let keys = std::mem::take(&mut top.reads);
        top.finish()?;

        let config = Config {
            app_id,
            app_key,
            app_secret,
            signer,
            platform_public_key,
            base_url,
            connect_timeout,
            timeout,
            ca_cert_pem,
            proxy,
            keep_alive,
            retries,
            token_ttl,
            utc_offset_minutes,
            jssdk,
            presign,
            onekey,
            number_verify,
            app_login,
            app_number,
        };
        Ok((config, keys))
    }

    /// The full URL of an interface.
    pub(crate) fn url(&self, endpoint: &Endpoint) -> String {
        format!("{}{}", endpoint.base_url.as_deref().unwrap_or(&self.base_url), endpoint.path)
    }

    /// The appkey, required by the operation `what`.
    pub(crate) fn require_app_key(&self, what: &str) -> Result<&str> {
        required_secret(&self.app_key, "app_key", what)
    }

    /// The APPSecret, required by the operation `what`.
    pub(crate) fn require_app_secret(&self, what: &str) -> Result<&str> {
        required_secret(&self.app_secret, "app_secret", what)
    }

    /// The customer key's signer, required by the operation `what`.
    pub(crate) fn require_signer(&self, what: &str) -> Result<&Signer> {
        self.signer.as_ref().ok_or_else(|| {
            Error::invalid_arg(format!("config has no private_key (nor \"signer\": \"external\"); {what} needs it"))
        })
    }

    /// The platform public key, required by the operation `what`.
    pub(crate) fn require_platform_key(&self, what: &str) -> Result<&PublicKey> {
        self.platform_public_key
            .as_ref()
            .ok_or_else(|| Error::invalid_arg(format!("config has no platform_public_key; {what} needs it")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_follow_the_interface_descriptors() {
        let c = Config::from_json(r#"{"app_id":"300012345678"}"#).unwrap();
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!(c.onekey.interface_version, "2.0");
        assert_eq!(c.onekey.sign_encoding, Encoding::HexUpper);
        assert_eq!(c.onekey.msisdn_aes_key, AesKeyDerivation::First16);
        assert_eq!(c.number_verify.sign.algorithm, SignAlgorithm::Md5WithRsa);
        assert_eq!(c.presign.encoding, Encoding::Base64);
        assert_eq!(c.app_login.rsa_sign_encoding, Encoding::HexUpper, "docs/protocol.md#c-app-one-click-login");
        assert_eq!(c.app_login.rsa_sign_encoding, crate::protocol::interfaces::APP_LOGIN_RSA_SIGN.encoding);
        assert_eq!((c.app_login.mode, c.app_login.md5_secret), (AppLoginMode::Md5, Md5Secret::AppSecret));
        assert_eq!((c.app_login.strict_check.as_str(), c.app_login.md5_encoding), ("0", Encoding::HexUpper));
        assert_eq!(
            (c.app_number.key_type, c.app_number.open_type.as_str(), c.app_number.requester_type.as_str()),
            (1, "1", "0")
        );
        assert_eq!((c.jssdk.version.as_str(), c.jssdk.business_type.as_str()), ("2.0", "8"));
        assert_eq!(c.number_verify.match_codes, ["000"]);
        assert!(!c.app_number.key_type_as_number);
        assert_eq!(c.retries, 0);
        assert_eq!(c.token_ttl, Duration::from_secs(120));
        assert_eq!(c.url(&c.onekey.endpoint), "https://www.cmpassport.com/h5/onekeylogin/tokenValidate");
    }

    /// Every default of the descriptors is an option the configuration reads, and giving it explicitly changes
    /// nothing.
    #[test]
    fn every_descriptor_default_is_a_known_option_of_its_section() {
        let defaults = Config::from_json(r#"{"app_id":"1"}"#).unwrap();
        for section in crate::protocol::interfaces::SECTIONS {
            for setting in section.settings {
                let config = json!({"app_id": "1", (section.name): {(setting.key): setting.default.to_json()}});
                let explicit = Config::from_json(&config.to_string());
                let explicit = explicit.unwrap_or_else(|e| panic!("{}.{}: {}", section.name, setting.key, e.message()));
                assert_eq!(format!("{explicit:?}"), format!("{defaults:?}"), "{}.{}", section.name, setting.key);
            }
        }
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_named() {
        let e = Config::from_json(r#"{"app_id":"1","timeout":5}"#).unwrap_err();
        assert_eq!(e.message(), "unknown config key \"timeout\"");
        let misplaced_app_key = r#"{"app_id":"1","5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C":"app_key"}"#;
        let e = Config::from_json(misplaced_app_key).unwrap_err();
        assert!(e.message().starts_with("unknown config key (a 32-character value"), "{}", e.message());
        assert!(!e.message().contains("5A3F0E9C"), "a key-like name is not shown: {}", e.message());
        let e = Config::from_json(r#"{"app_id":"1","onekey":{"sign_encoding":"5A3F0E9C2B7D4E1F"}}"#).unwrap_err();
        assert!(!e.message().contains("5A3F0E9C"), "a key-like value is not shown: {}", e.message());
        let e = Config::from_json(r#"{"app_id":"1","onekey":{"interface_versoin":"1.0"}}"#).unwrap_err();
        assert_eq!(e.message(), "unknown config key \"onekey.interface_versoin\"");
        let e = Config::from_json(r#"{"app_id":"1","timeout_ms":"5"}"#).unwrap_err();
        assert!(e.message().contains("timeout_ms must be a number"), "{}", e.message());
        let e = Config::from_json(r#"{"app_id":"1","onekey":{"sign_encoding":"HEX"}}"#).unwrap_err();
        assert!(e.message().starts_with("config onekey.sign_encoding: unknown encoding"), "{}", e.message());
        for (section, option) in [("jssdk", "sign_encoding"), ("app_login", "md5_encoding")] {
            let e = Config::from_json(&format!(r#"{{"app_id":"1","{section}":{{"{option}":"base64"}}}}"#)).unwrap_err();
            assert!(e.message().starts_with(&format!("config {section}.{option}: the")), "{}", e.message());
            assert!(e.message().contains("MD5 sign is hex"), "an MD5 sign has no Base64 form: {}", e.message());
        }
        assert!(Config::from_json(r#"{"app_key":"x"}"#).is_err());
        assert!(Config::from_json("[]").is_err());
        assert!(Config::from_json("{").is_err());
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(Config::from_json(r#"{"app_id":"1","base_url":"http://127.0.0.1:8080/"}"#).is_ok());
        assert!(Config::from_json(r#"{"app_id":"1","base_url":"http://[::1]:8080"}"#).is_ok());
        assert!(Config::from_json(r#"{"app_id":"1","base_url":"http://localhost"}"#).is_ok());
        assert!(Config::from_json(r#"{"app_id":"1","base_url":"http://www.cmpassport.com"}"#).is_err());
        assert!(Config::from_json(r#"{"app_id":"1","base_url":"ftp://x"}"#).is_err());
        assert!(Config::from_json(r#"{"app_id":"1","onekey":{"base_url":"http://10.0.0.1"}}"#).is_err());
    }

    /// URLs that a split on `/` reads as loopback but the HTTP stack sends elsewhere.
    #[test]
    fn loopback_bypass_shapes_are_refused() {
        for url in [
            "http://evil.example?@127.0.0.1",
            "http://evil.example#@127.0.0.1",
            "http://evil.example\\@127.0.0.1",
            "http://evil.example%3f@127.0.0.1",
            "http://localhost.",
            "http://localhost.evil.example",
            "http://[::1].evil.example",
            "https://user@www.cmpassport.com",
            "https://www.cmpassport.com?x=1",
        ] {
            for config in
                [json!({"app_id": "1", "base_url": url}), json!({"app_id": "1", "app_number": {"base_url": url}})]
            {
                let e = Config::from_json(&config.to_string()).err();
                assert_eq!(e.map(|e| e.status()), Some(crate::Status::InvalidArg), "{url} is refused");
            }
        }
    }

    /// A sent token is refused for at least the platform's longest token lifetime (docs/protocol.md#tokens).
    #[test]
    fn token_ttl_below_the_platform_lifetime_is_refused() {
        for ttl in [0, 1, 119_999] {
            let e = Config::from_json(&format!(r#"{{"app_id":"1","token_ttl_ms":{ttl}}}"#)).unwrap_err();
            assert_eq!(e.status(), crate::Status::InvalidArg, "{ttl}");
            assert!(e.message().contains("token_ttl_ms"), "{}", e.message());
        }
        let c = Config::from_json(r#"{"app_id":"1","token_ttl_ms":120000}"#).unwrap();
        assert_eq!(c.token_ttl, Duration::from_secs(120));
    }

    /// Values sent in HTTP headers are checked when the client is created.
    #[test]
    fn header_values_with_line_breaks_are_refused() {
        for config in [
            json!({"app_id": "300\r\nX-Injected: 1"}),
            json!({"app_id": "1", "onekey": {"interface_version": "2.0\n"}}),
            json!({"app_id": "1", "onekey": {"business_type": "8\r"}}),
            json!({"app_id": "x".repeat(crate::protocol::fields::MAX_FIELD_LEN + 1)}),
        ] {
            let e = Config::from_json(&config.to_string()).unwrap_err();
            assert_eq!(e.status(), crate::Status::InvalidArg, "{config}");
            assert!(!e.message().contains("Injected"), "{}", e.message());
        }
    }

    #[test]
    fn key_errors_name_the_option_and_never_echo_the_key() {
        let e = Config::from_json(r#"{"app_id":"1","private_key":"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC9tEePvnP58N8B9zSNByHUrDehyM9Z4c5YNEhXWXEC9PfXQJ6sy0ukUvZY8sP3oAnP6D6+bTlWCyL3WJRGnFSQFCYO+uxoIkQ56ou+2/9OnfyWkNMAo/7RmSsHHhgoJ8xzadPd1367T2eergGplAiyEegQN/C+sbdEkV5xMUKRWwIDAQAB"}"#).unwrap_err();
        assert_eq!(e.status(), crate::Status::Key);
        assert!(e.message().starts_with("config private_key: this is a public key"), "{}", e.message());
        assert!(!e.message().contains("MIGf"));
    }
}
