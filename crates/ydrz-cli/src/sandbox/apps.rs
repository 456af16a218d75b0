//! The apps the sandbox knows: two built-in demo apps made from `data/demo_app.json` (fake keys), and
//! any given with `--apps`. An app is described by the same JSON object in `--apps`, in the info JSON and (for
//! its options) in `POST /_sandbox/apps`.

use std::sync::{Arc, PoisonError, RwLock};

use serde_json::{json, Map, Value};
use ydrz::client::config::MAX_CONFIG_BYTES;
use ydrz::codec::Encoding;
use ydrz::keys::{PrivateKey, PublicKey};
use ydrz::protocol::interfaces::{APP_LOGIN_RSA_SIGN, ONEKEY_SIGN};

use super::limits::Allowlist;
use crate::input::{read_text, Contents};

/// The demo app: fake identifiers and 1024-bit key pairs, published for tests and examples.
const DEMO_APP: &str = include_str!("../../../../data/demo_app.json");
/// The second built-in app, allowed only from an address no test runs on.
const BLOCKED_APP_ID: &str = "300012345679";
/// The TEST-NET-1 address the blocked app allows.
const BLOCKED_APP_IP: &str = "192.0.2.1";

/// Where `/h5/onekeylogin/tokenValidate` puts `msisdn` and `securityPhone` (nested is documented,
/// docs/protocol.md#a-mini-program-one-click-login; flat is kept for tolerant-reader tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Inside `data` (the default).
    Nested,
    /// At the top level.
    Flat,
}

/// The names of the [`Options`] fields in app JSON: what `POST /_sandbox/apps` may change.
pub const OPTION_FIELDS: [&str; 5] =
    ["allowed_ips", "daily_limit", "response_shape", "token_validate_sign_encoding", "app_login_rsa_sign_encoding"];

/// The settings of an app that may change while the sandbox runs.
#[derive(Clone, Debug)]
pub struct Options {
    pub allowed_ips: Allowlist,
    /// Verifications per phone number per day (number verification products).
    pub daily_limit: u32,
    pub response_shape: Shape,
    /// Encoding the `/h5/onekeylogin/tokenValidate` sign must have (default: the recipe's, upper-case hex).
    pub token_validate_sign: Encoding,
    /// Encoding the `loginTokenValidate` RSA-mode sign must have (default: the recipe's, upper-case hex).
    pub app_login_rsa_sign: Encoding,
}

impl Options {
    fn new(daily_limit: u32) -> Options {
        Options {
            allowed_ips: Allowlist::default(),
            daily_limit,
            response_shape: Shape::Nested,
            token_validate_sign: ONEKEY_SIGN.encoding,
            app_login_rsa_sign: APP_LOGIN_RSA_SIGN.encoding,
        }
    }

    /// Sets the option named `key`. `Ok(false)` when `key` names no option.
    pub fn set(&mut self, key: &str, value: &Value) -> Result<bool, String> {
        let text = || value.as_str().ok_or_else(|| format!("{key} must be a string"));
        match key {
            "allowed_ips" => self.allowed_ips = Allowlist::from_json(value)?,
            "daily_limit" => {
                self.daily_limit = value
                    .as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or("daily_limit must be a whole number from 0 to 4294967295")?
            }
            "response_shape" => {
                self.response_shape = match text()? {
                    "nested" => Shape::Nested,
                    "flat" => Shape::Flat,
                    other => return Err(format!("response_shape \"{other}\": use nested or flat")),
                }
            }
            "token_validate_sign_encoding" => self.token_validate_sign = encoding(key, text()?)?,
            "app_login_rsa_sign_encoding" => self.app_login_rsa_sign = encoding(key, text()?)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn write_json(&self, out: &mut Map<String, Value>) {
        out.insert("allowed_ips".into(), self.allowed_ips.to_json());
        out.insert("daily_limit".into(), self.daily_limit.into());
        let shape = match self.response_shape {
            Shape::Nested => "nested",
            Shape::Flat => "flat",
        };
        out.insert("response_shape".into(), shape.into());
        out.insert("token_validate_sign_encoding".into(), self.token_validate_sign.name().into());
        out.insert("app_login_rsa_sign_encoding".into(), self.app_login_rsa_sign.name().into());
    }
}

fn encoding(key: &str, name: &str) -> Result<Encoding, String> {
    Encoding::from_name(name).map_err(|e| format!("{key}: {}", e.message()))
}

/// The key material of an app. Texts are kept as given, to be shown in the info JSON.
pub struct Keys {
    customer_private_text: Option<String>,
    /// Verifies the customer's signs (the "验签公钥", 应用公钥1).
    pub customer_public: PublicKey,
    customer_public_text: String,
    /// Encrypts the App login RSA-mode msisdn (the "加密公钥", 应用公钥2), when it differs from 应用公钥1.
    customer_encryption_public: Option<PublicKey>,
    customer_encryption_public_text: Option<String>,
    platform_public_text: String,
    /// Decrypts the number-verification `phoneNum`; without it those checks answer "cannot decrypt".
    pub platform_private: Option<PrivateKey>,
    platform_private_text: Option<String>,
}

/// One app.
#[derive(Clone)]
pub struct App {
    pub name: String,
    pub app_id: String,
    pub app_key: String,
    pub app_secret: String,
    pub keys: Arc<Keys>,
    pub options: Options,
}

const IDENTITY_FIELDS: [&str; 9] = [
    "name",
    "app_id",
    "app_key",
    "app_secret",
    "customer_private_key",
    "customer_public_key",
    "customer_encryption_public_key",
    "platform_public_key",
    "platform_private_key",
];

impl App {
    /// Reads an app object (see the module doc). Unknown fields are errors, so a typo does not go unnoticed.
    pub fn from_json(value: &Value, default_daily_limit: u32) -> Result<App, String> {
        let object = value.as_object().ok_or("an app must be a JSON object")?;
        let text = |key: &str| -> Result<Option<String>, String> {
            match object.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
                Some(_) => Err(format!("{key} must be a non-empty string")),
            }
        };
        let required = |key: &str| text(key)?.ok_or_else(|| format!("{key} is required"));
        let app_id = required("app_id")?;
        let app_key = required("app_key")?;
        if app_key.len() < 16 {
            return Err("app_key must be at least 16 bytes (the msisdn AES key is its first 16)".into());
        }
        let mut options = Options::new(default_daily_limit);
        for (key, value) in object {
            if !IDENTITY_FIELDS.contains(&key.as_str()) && !options.set(key, value)? {
                return Err(format!("unknown field \"{key}\""));
            }
        }
        let mut keys = Keys::from_texts(
            text("customer_private_key")?,
            required("customer_public_key")?,
            text("platform_public_key")?,
            text("platform_private_key")?,
        )?;
        if let Some(text) = text("customer_encryption_public_key")? {
            let key = PublicKey::load(&text).map_err(|e| format!("customer_encryption_public_key: {}", e.message()))?;
            keys.customer_encryption_public = Some(key);
            keys.customer_encryption_public_text = Some(text);
        }
        Ok(App {
            name: text("name")?.unwrap_or_else(|| app_id.clone()),
            app_id,
            app_key,
            app_secret: required("app_secret")?,
            keys: Arc::new(keys),
            options,
        })
    }

    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("name".into(), self.name.clone().into());
        out.insert("app_id".into(), self.app_id.clone().into());
        out.insert("app_key".into(), self.app_key.clone().into());
        out.insert("app_secret".into(), self.app_secret.clone().into());
        out.insert("customer_private_key".into(), self.keys.customer_private_text.clone().into());
        out.insert("customer_public_key".into(), self.keys.customer_public_text.clone().into());
        out.insert("customer_encryption_public_key".into(), self.keys.customer_encryption_public_text.clone().into());
        out.insert("platform_public_key".into(), self.keys.platform_public_text.clone().into());
        out.insert("platform_private_key".into(), self.keys.platform_private_text.clone().into());
        self.options.write_json(&mut out);
        Value::Object(out)
    }
}

impl Keys {
    /// The key that encrypts the App login RSA-mode msisdn: 应用公钥2, or 应用公钥1 when the app has one key.
    pub fn customer_encryption_public(&self) -> &PublicKey {
        self.customer_encryption_public.as_ref().unwrap_or(&self.customer_public)
    }

    /// Loads the keys, checking that each private key belongs to its public key.
    fn from_texts(
        customer_private: Option<String>,
        customer_public_text: String,
        platform_public: Option<String>,
        platform_private_text: Option<String>,
    ) -> Result<Keys, String> {
        let load_public =
            |name: &str, text: &str| PublicKey::load(text).map_err(|e| format!("{name}: {}", e.message()));
        let load_private =
            |name: &str, text: &str| PrivateKey::load(text).map_err(|e| format!("{name}: {}", e.message()));
        let customer_public = load_public("customer_public_key", &customer_public_text)?;
        if let Some(text) = &customer_private {
            if load_private("customer_private_key", text)?.public_key() != customer_public {
                return Err("customer_private_key does not belong to customer_public_key".into());
            }
        }
        let platform_private =
            platform_private_text.as_deref().map(|t| load_private("platform_private_key", t)).transpose()?;
        let platform_public_text = match (platform_public, &platform_private) {
            (Some(text), Some(private)) => {
                if load_public("platform_public_key", &text)? != private.public_key() {
                    return Err("platform_private_key does not belong to platform_public_key".into());
                }
                text
            }
            (Some(text), None) => {
                load_public("platform_public_key", &text)?;
                text
            }
            (None, Some(private)) => private.public_key().to_spki_base64().map_err(|e| e.message().to_string())?,
            (None, None) => return Err("platform_public_key (or platform_private_key) is required".into()),
        };
        Ok(Keys {
            customer_private_text: customer_private,
            customer_public,
            customer_public_text,
            customer_encryption_public: None,
            customer_encryption_public_text: None,
            platform_public_text,
            platform_private,
            platform_private_text,
        })
    }
}

/// The two built-in apps: `demo` (allowed from loopback) and `blocked` (allowed only from 192.0.2.1).
pub fn builtin(daily_limit: u32) -> Result<Vec<App>, String> {
    let demo: Value = serde_json::from_str(DEMO_APP).map_err(|e| format!("embedded demo_app.json: {e}"))?;
    let mut blocked = demo.clone();
    blocked["name"] = "blocked".into();
    blocked["app_id"] = BLOCKED_APP_ID.into();
    blocked["allowed_ips"] = json!([BLOCKED_APP_IP]);
    [demo, blocked]
        .iter()
        .map(|app| App::from_json(app, daily_limit).map_err(|e| format!("built-in app: {e}")))
        .collect()
}

/// Reads a `--apps` file: a JSON array of app objects. Errors name the file and the item.
pub fn load_file(path: &str, daily_limit: u32) -> Result<Vec<App>, String> {
    let text = read_text("--apps", path, MAX_CONFIG_BYTES, Contents::Public)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("--apps file {path} is not JSON: {e}"))?;
    let items = value.as_array().ok_or_else(|| format!("--apps file {path} must hold a JSON array of app objects"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            App::from_json(item, daily_limit).map_err(|e| format!("--apps file {path}, app #{}: {e}", i + 1))
        })
        .collect()
}

/// The apps by id. Apps are never removed; an update replaces an app's options.
pub struct Registry {
    apps: RwLock<Vec<Arc<App>>>,
}

impl Registry {
    /// A registry of these apps, in this order; app ids must be distinct.
    pub fn new(apps: Vec<App>) -> Result<Registry, String> {
        for (i, app) in apps.iter().enumerate() {
            if apps[..i].iter().any(|a| a.app_id == app.app_id) {
                return Err(format!("app_id {} is defined twice", app.app_id));
            }
        }
        Ok(Registry { apps: RwLock::new(apps.into_iter().map(Arc::new).collect()) })
    }

    pub fn get(&self, app_id: &str) -> Option<Arc<App>> {
        self.apps.read().unwrap_or_else(PoisonError::into_inner).iter().find(|a| a.app_id == app_id).cloned()
    }

    /// Applies option changes (every key but `app_id` must be an option) to an app; all or nothing.
    pub fn update(&self, app_id: &str, changes: &Map<String, Value>) -> Result<Arc<App>, String> {
        let mut apps = self.apps.write().unwrap_or_else(PoisonError::into_inner);
        let slot =
            apps.iter_mut().find(|a| a.app_id == app_id).ok_or_else(|| format!("no app with app_id {app_id}"))?;
        let mut app = App::clone(slot);
        for (key, value) in changes.iter().filter(|(k, _)| k.as_str() != "app_id") {
            if !app.options.set(key, value)? {
                return Err(format!("\"{key}\" cannot be changed; use {}", OPTION_FIELDS.join(", ")));
            }
        }
        *slot = Arc::new(app);
        Ok(Arc::clone(slot))
    }

    /// Every app, in order, as JSON objects.
    pub fn to_json(&self) -> Value {
        Value::from(
            self.apps.read().unwrap_or_else(PoisonError::into_inner).iter().map(|a| a.to_json()).collect::<Vec<_>>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_apps_round_trip_through_their_json() {
        let apps = builtin(10).unwrap();
        assert_eq!(apps[0].app_id, "300012345678");
        assert_eq!(apps[1].app_id, BLOCKED_APP_ID);
        let json = apps[0].to_json();
        assert_eq!(json["daily_limit"], 10);
        assert_eq!(json["allowed_ips"], json!(["127.0.0.1", "::1"]));
        let again = App::from_json(&json, 3).unwrap();
        assert_eq!(again.to_json(), json);
        assert!(again.keys.platform_private.is_some());
    }

    #[test]
    fn the_demo_app_uses_the_test_vectors_keys() {
        // The demo app is what the examples and binding tests sign with; the vectors check those signs.
        let vectors: Value = serde_json::from_str(include_str!("../../../../tests/data/vectors.json")).unwrap();
        let demo = builtin(10).unwrap()[0].to_json();
        let (fixed, keys) = (&vectors["fixed_inputs"], &vectors["keys"]);
        assert_eq!(demo["app_id"], fixed["appId"]);
        assert_eq!(demo["app_key"], fixed["appkey"]);
        assert_eq!(demo["app_secret"], fixed["APPSecret"]);
        assert_eq!(demo["customer_private_key"], keys["customer_1024"]["private_pkcs8_der_base64"]);
        assert_eq!(demo["platform_private_key"], keys["platform_1024"]["private_pkcs8_der_base64"]);
    }

    #[test]
    fn invalid_apps_are_explained() {
        let demo = builtin(10).unwrap()[0].to_json();
        let with = |key: &str, value: Value| {
            let mut app = demo.clone();
            app[key] = value;
            App::from_json(&app, 10).err().unwrap_or_default()
        };
        assert!(with("app_key", "short".into()).contains("16 bytes"));
        assert!(with("colour", "red".into()).contains("unknown field \"colour\""));
        assert!(with("allowed_ips", json!(["1.2.3"])).contains("1.2.3"));
        assert!(with("customer_public_key", demo["platform_public_key"].clone()).contains("does not belong"));
        assert!(with("response_shape", "round".into()).contains("nested or flat"));
        assert!(with("app_secret", Value::Null).contains("app_secret is required"));
        let mut no_platform = demo.clone();
        no_platform.as_object_mut().unwrap().remove("platform_private_key");
        let app = App::from_json(&no_platform, 10).unwrap();
        assert!(app.keys.platform_private.is_none());
        assert_eq!(app.to_json()["platform_public_key"], demo["platform_public_key"]);
    }

    #[test]
    fn registry_updates_options_only() {
        let registry = Registry::new(builtin(10).unwrap()).unwrap();
        let changes = json!({"app_id": "300012345678", "daily_limit": 2, "response_shape": "flat"});
        let app = registry.update("300012345678", changes.as_object().unwrap()).unwrap();
        assert_eq!((app.options.daily_limit, app.options.response_shape), (2, Shape::Flat));
        assert_eq!(registry.get("300012345678").unwrap().options.daily_limit, 2);
        assert!(registry.update("300012345678", json!({"app_key": "x"}).as_object().unwrap()).is_err());
        assert!(registry.update("1", json!({}).as_object().unwrap()).is_err());
        assert!(Registry::new([builtin(1).unwrap(), builtin(1).unwrap()].concat()).is_err());
    }
}
