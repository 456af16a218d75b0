//! Tokens as the SDKs and jssdks obtain them from the platform, and their single use by the interfaces.
//!
//! A token belongs to one app, one product and one phone number, expires after its product's lifetime (the
//! interface descriptor's, unless the sandbox or the request overrides it) and is removed by the first
//! redemption, whatever that redemption decides; an unknown, used or expired token is refused alike.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rand::distributions::Alphanumeric;
use rand::Rng;
use ydrz::protocol::ids::new_id;
use ydrz::protocol::interfaces::{Interface, APP_LOGIN, APP_NUMBER, NUMBER_VERIFY, ONEKEY_LOGIN};

use super::state::lock;

/// Most tokens alive at once (expired ones are purged whenever a token is issued).
pub const MAX_LIVE_TOKENS: usize = 100_000;
/// Longest lifetime a token may be given.
pub const MAX_TTL: Duration = Duration::from_secs(24 * 3600);

/// The product a token was obtained for; each is redeemed by one interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    /// Mini-program one-click login: `/h5/onekeylogin/tokenValidate`.
    OnekeyLogin,
    /// Mini-program number verification: `/NumberAbility/h5/verifyVmMobileApi.htm`.
    NumberVerify,
    /// App one-click login: `/unisdk/rsapi/loginTokenValidate`.
    AppLogin,
    /// App number verification: `/openapi/rs/tokenValidate`.
    AppNumber,
}

impl Product {
    const ALL: [Product; 4] = [Product::OnekeyLogin, Product::NumberVerify, Product::AppLogin, Product::AppNumber];

    /// The interface that redeems this product's tokens.
    pub fn interface(self) -> &'static Interface {
        match self {
            Product::OnekeyLogin => &ONEKEY_LOGIN,
            Product::NumberVerify => &NUMBER_VERIFY,
            Product::AppLogin => &APP_LOGIN,
            Product::AppNumber => &APP_NUMBER,
        }
    }

    /// Parses a control-endpoint product name (the interface's name); the error lists the valid names.
    pub fn from_name(name: &str) -> Result<Product, String> {
        Product::ALL.into_iter().find(|p| p.interface().name == name).ok_or_else(|| {
            let names: Vec<&str> = Product::ALL.iter().map(|p| p.interface().name).collect();
            format!("unknown product \"{name}\"; use one of {}", names.join(", "))
        })
    }

    /// Mini-program tokens come with a `userInformation` fingerprint that the backend must pass through.
    fn has_user_information(self) -> bool {
        matches!(self, Product::OnekeyLogin | Product::NumberVerify)
    }
}

/// A freshly issued token, as the client side receives it.
#[derive(Debug)]
pub struct Issued {
    pub token: String,
    pub user_information: Option<String>,
    pub ttl: Duration,
}

/// What a redeemed token stands for.
#[derive(Debug)]
pub struct Grant {
    pub phone: String,
    pub user_information: Option<String>,
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Never issued, already used, or purged.
    Unknown,
    Expired,
    OtherApp,
    OtherProduct,
}

impl Refusal {
    pub fn describe(self) -> &'static str {
        match self {
            Refusal::Unknown => "token 不存在或已使用",
            Refusal::Expired => "token 已过期",
            Refusal::OtherApp => "token 不属于该 appId",
            Refusal::OtherProduct => "token 不属于该能力",
        }
    }
}

struct Entry {
    app_id: String,
    product: Product,
    phone: String,
    user_information: Option<String>,
    expires: Instant,
}

pub struct TokenStore {
    /// One lifetime for every product (`--token-ttl-ms`); each product's own when `None`.
    ttl_override: Option<Duration>,
    live: Mutex<HashMap<String, Entry>>,
}

impl TokenStore {
    pub fn new(ttl_override: Option<Duration>) -> TokenStore {
        TokenStore { ttl_override, live: Mutex::new(HashMap::new()) }
    }

    /// Issues a token for a validated app and phone. `ttl` defaults to the store's override, else to the
    /// product's lifetime; at most [`MAX_TTL`].
    pub fn issue(&self, app_id: &str, product: Product, phone: &str, ttl: Option<Duration>) -> Result<Issued, String> {
        let ttl = ttl.or(self.ttl_override).unwrap_or(product.interface().token_lifetime);
        if ttl > MAX_TTL {
            return Err(format!("ttl_ms may be at most {}", MAX_TTL.as_millis()));
        }
        let token = match product {
            Product::OnekeyLogin | Product::NumberVerify => format!("H5HTTPS{}", new_id().to_ascii_uppercase()),
            Product::AppLogin | Product::AppNumber => app_token(),
        };
        let user_information = product.has_user_information().then(user_information);
        let now = Instant::now();
        let mut live = lock(&self.live);
        live.retain(|_, entry| entry.expires > now);
        if live.len() >= MAX_LIVE_TOKENS {
            return Err(format!("{MAX_LIVE_TOKENS} tokens are alive; redeem some or let them expire"));
        }
        let entry = Entry {
            app_id: app_id.to_string(),
            product,
            phone: phone.to_string(),
            user_information: user_information.clone(),
            expires: now + ttl,
        };
        live.insert(token.clone(), entry);
        Ok(Issued { token, user_information, ttl })
    }

    /// The phone number of a live token, without using it up (the daily count that precedes the sign check).
    pub fn phone_of(&self, token: &str) -> Option<String> {
        let live = lock(&self.live);
        live.get(token).filter(|entry| entry.expires > Instant::now()).map(|entry| entry.phone.clone())
    }

    /// Uses a token up: it is removed whatever the answer, then checked against the app and product.
    pub fn redeem(&self, token: &str, app_id: &str, product: Product) -> Result<Grant, Refusal> {
        let entry = lock(&self.live).remove(token).ok_or(Refusal::Unknown)?;
        if entry.expires <= Instant::now() {
            Err(Refusal::Expired)
        } else if entry.app_id != app_id {
            Err(Refusal::OtherApp)
        } else if entry.product != product {
            Err(Refusal::OtherProduct)
        } else {
            Ok(Grant { phone: entry.phone, user_information: entry.user_information })
        }
    }
}

/// An App SDK token: `STsid`, 19 digits of time, 32 letters and digits (the shape of the platform's).
fn app_token() -> String {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
    let tail: String = rand::thread_rng().sample_iter(&Alphanumeric).take(32).map(char::from).collect();
    format!("STsid{millis:019}{tail}")
}

/// `encodeURIComponent("Xiaomi@@8.0.5@@Android 10@@<32 hex>")`, the jssdk's device fingerprint: it contains
/// `%40` and `%20`, so a backend that URL-decodes it sends something else.
fn user_information() -> String {
    format!("Xiaomi%40%408.0.5%40%40Android%2010%40%40{}", new_id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_single_use_and_bound_to_app_and_product() {
        let store = TokenStore::new(Some(Duration::from_secs(60)));
        let issued = store.issue("A", Product::OnekeyLogin, "13800138000", None).unwrap();
        assert_eq!(issued.ttl, Duration::from_secs(60));
        assert_eq!(store.phone_of(&issued.token).as_deref(), Some("13800138000"));
        assert!(issued.token.starts_with("H5HTTPS") && issued.token.len() == 39);
        assert!(issued.user_information.as_deref().is_some_and(|u| u.contains("%40") && u.contains("%20")));
        let grant = store.redeem(&issued.token, "A", Product::OnekeyLogin).unwrap();
        assert_eq!(grant.phone, "13800138000");
        assert_eq!(grant.user_information, issued.user_information);
        assert_eq!(store.redeem(&issued.token, "A", Product::OnekeyLogin).unwrap_err(), Refusal::Unknown);

        let other = store.issue("A", Product::AppLogin, "13800138000", None).unwrap();
        assert!(other.token.starts_with("STsid") && other.user_information.is_none());
        assert_eq!(store.redeem(&other.token, "B", Product::AppLogin).unwrap_err(), Refusal::OtherApp);
        assert_eq!(store.redeem(&other.token, "A", Product::AppLogin).unwrap_err(), Refusal::Unknown);
        let third = store.issue("A", Product::AppLogin, "13800138000", None).unwrap();
        assert_eq!(store.redeem(&third.token, "A", Product::AppNumber).unwrap_err(), Refusal::OtherProduct);
    }

    #[test]
    fn lifetimes_are_the_products_unless_overridden() {
        let store = TokenStore::new(None);
        let one_click = store.issue("A", Product::OnekeyLogin, "13800138000", None).unwrap();
        assert_eq!(one_click.ttl, Duration::from_secs(120));
        let number = store.issue("A", Product::NumberVerify, "13800138000", None).unwrap();
        assert_eq!(number.ttl, Duration::from_secs(60));
        let explicit = store.issue("A", Product::NumberVerify, "13800138000", Some(Duration::from_secs(5))).unwrap();
        assert_eq!(explicit.ttl, Duration::from_secs(5));
    }

    #[test]
    fn tokens_expire() {
        let store = TokenStore::new(None);
        let issued = store.issue("A", Product::AppNumber, "13800138000", Some(Duration::ZERO)).unwrap();
        assert_eq!(store.phone_of(&issued.token), None);
        assert_eq!(store.redeem(&issued.token, "A", Product::AppNumber).unwrap_err(), Refusal::Expired);
        assert!(store.issue("A", Product::AppNumber, "13800138000", Some(MAX_TTL + Duration::from_secs(1))).is_err());
        assert!(Product::from_name("nope").unwrap_err().contains("onekey"));
    }
}
