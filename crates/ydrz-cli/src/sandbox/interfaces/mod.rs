//! The platform's four token-verification interfaces.
//!
//! Every interface checks in this order: the body is declared and parses as JSON → the app exists → the
//! peer's IP is on the app's allowlist → the required fields are present → the version is the interface's →
//! the timestamp has 17 digits, is a valid date and is within ±10 minutes of now (UTC+8) → (mini-program
//! number verification: the number's daily count) → the signature verifies → the token is redeemed (single
//! use from then on, whatever the outcome) → the interface's own checks. A field of the wrong JSON type
//! counts as a parse error. Every answer is HTTP 200 with the interface's JSON envelope; codes and texts
//! follow `ydrz::catalog`, and a refusal's `desc` ends with the basis of its rule.

pub mod app_login;
pub mod app_number;
mod checks;
mod number;
pub mod number_verify;
pub mod onekey_login;

use std::net::IpAddr;

use serde_json::Value;

pub use checks::{Basis, Codes, Reject};
pub use number::{header_body, NumberRequest, Verdict};
use ydrz::protocol::field_names::{APP_LOGIN_FIELDS, NUMBER_FIELDS, ONEKEY_LOGIN_FIELDS};
use ydrz::protocol::interfaces::{Interface, APP_LOGIN, APP_NUMBER, NUMBER_VERIFY, ONEKEY_LOGIN};

use super::http::Request;
use super::router::Reply;
use super::state::State;

/// One request to an interface.
pub struct Call<'a> {
    pub state: &'a State,
    pub peer: IpAddr,
    pub request: &'a Request,
    /// The body as JSON; `None` when it is not JSON.
    pub json: Option<&'a Value>,
}

pub type Handler = fn(&Call<'_>) -> Reply;

/// The handler of an interface path.
pub fn find(path: &str) -> Option<Handler> {
    let handlers: [(&Interface, Handler); 4] = [
        (&ONEKEY_LOGIN, onekey_login::handle),
        (&NUMBER_VERIFY, number_verify::handle),
        (&APP_LOGIN, app_login::handle),
        (&APP_NUMBER, app_number::handle),
    ];
    handlers.into_iter().find(|(i, _)| i.path == path).map(|(_, handler)| handler)
}

/// The token a request body names: top-level (one-click login, mini-program or App) or in the number-verification
/// `body`.
pub fn token_of(json: &Value) -> Option<&str> {
    let flat = json.get(APP_LOGIN_FIELDS.token).or_else(|| json.get(ONEKEY_LOGIN_FIELDS.token));
    flat.or_else(|| json.get(NUMBER_FIELDS.body).and_then(|b| b.get(NUMBER_FIELDS.token))).and_then(Value::as_str)
}
