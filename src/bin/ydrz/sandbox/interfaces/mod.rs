//! The platform's four token-verification interfaces, and the checks they share.
//!
//! Every interface checks in this order: the body parses → the app exists → the peer's IP is on the app's
//! allowlist → the required fields are present → the timestamp has 17 digits, is a valid date and is within
//! ±10 minutes of now (UTC+8) → the signature verifies → the token is redeemed (single use from then on,
//! whatever the outcome) → the interface's own checks. A field of the wrong JSON type counts as a parse error.
//! Every answer is HTTP 200 with the interface's JSON envelope; codes and texts follow `ydrz::catalog`.

pub mod app_login;
pub mod app_number;
pub mod number_verify;
pub mod onekey_login;

use std::borrow::Cow;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use ydrz::catalog;
use ydrz::cipher::is_plain_phone;
use ydrz::codec::Encoding;
use ydrz::keys::PublicKey;
use ydrz::protocol::ids::{timestamp_now, unix_millis_of_timestamp};
use ydrz::protocol::strings::number_verify_string;
use ydrz::signature::SignAlgorithm;

use super::apps::App;
use super::http::Request;
use super::log::Note;
use super::router::Reply;
use super::state::State;
use super::tokens::{Grant, Product, Refusal};

/// How far a request timestamp may be from the sandbox's clock.
const TIMESTAMP_WINDOW_MS: i64 = 10 * 60 * 1000;

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
    match path {
        onekey_login::PATH => Some(onekey_login::handle),
        number_verify::PATH => Some(number_verify::handle),
        app_login::PATH => Some(app_login::handle),
        app_number::PATH => Some(app_number::handle),
        _ => None,
    }
}

/// The token a request body names: top-level `token` or `body.token`.
pub fn token_of(json: &Value) -> Option<&str> {
    json.get("token").or_else(|| json.get("body").and_then(|b| b.get("token"))).and_then(Value::as_str)
}

/// A refused request: its result code and, when the catalog's text says too little, a description.
#[derive(Clone, Debug)]
pub struct Reject {
    pub code: &'static str,
    desc: Option<Cow<'static, str>>,
}

impl Reject {
    pub const fn code(code: &'static str) -> Reject {
        Reject { code, desc: None }
    }

    /// A refusal with a fixed description, for the code tables.
    pub const fn fixed(code: &'static str, desc: &'static str) -> Reject {
        Reject { code, desc: Some(Cow::Borrowed(desc)) }
    }

    pub fn described(code: &'static str, desc: impl Into<Cow<'static, str>>) -> Reject {
        Reject { code, desc: Some(desc.into()) }
    }
}

/// An interface's catalog coordinates and the result codes of the shared checks.
pub struct Codes {
    pub product: &'static str,
    pub stage: &'static str,
    pub parse: Reject,
    pub missing: Reject,
    pub unknown_app: Reject,
    pub ip: Reject,
    pub timestamp: Reject,
    pub sign: Reject,
    /// Unknown, used or expired token.
    pub token: &'static str,
    /// Another app's token.
    pub token_other_app: &'static str,
    /// A token of another product.
    pub token_other_product: &'static str,
}

impl Codes {
    /// The catalog's text for `code` in this product (this stage first), or the code itself.
    pub fn text(&self, code: &str) -> String {
        catalog::first(code, Some(self.product), Some(self.stage))
            .or_else(|| catalog::first(code, Some(self.product), None))
            .map_or_else(|| code.to_string(), |e| e.message_zh().to_string())
    }

    /// The description of a refusal.
    pub fn describe(&self, reject: &Reject) -> String {
        reject.desc.as_deref().map_or_else(|| self.text(reject.code), str::to_string)
    }

    /// The value as a JSON object, or a parse error.
    pub fn object<'v>(&self, value: Option<&'v Value>) -> Result<&'v Map<String, Value>, Reject> {
        value.and_then(Value::as_object).ok_or_else(|| self.parse.clone())
    }

    /// A nested object field: missing or parse error.
    pub fn child<'v>(&self, object: &'v Map<String, Value>, name: &str) -> Result<&'v Map<String, Value>, Reject> {
        match object.get(name) {
            None | Some(Value::Null) => Err(self.missing.clone()),
            Some(value) => self.object(Some(value)),
        }
    }

    /// A text field; absent, null or empty is `None`; another type is a parse error.
    pub fn optional<'v>(&self, object: &'v Map<String, Value>, name: &str) -> Result<Option<&'v str>, Reject> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str()).filter(|s| !s.is_empty())),
            Some(_) => Err(Reject::described(self.parse.code, format!("{name} must be a string"))),
        }
    }

    /// A non-empty text field.
    pub fn required<'v>(&self, object: &'v Map<String, Value>, name: &str) -> Result<&'v str, Reject> {
        self.optional(object, name)?.ok_or_else(|| self.missing_field(name))
    }

    pub fn missing_field(&self, name: &str) -> Reject {
        Reject::described(self.missing.code, format!("{}: {name}", self.text(self.missing.code)))
    }

    /// The app, if it exists and the peer is on its allowlist.
    pub fn admit(&self, call: &Call<'_>, app_id: &str) -> Result<Arc<App>, Reject> {
        let app = call.state.apps.get(app_id).ok_or_else(|| self.unknown_app.clone())?;
        if app.options.allowed_ips.allows(call.peer) {
            Ok(app)
        } else {
            Err(self.ip.clone())
        }
    }

    /// A 17-digit, valid and current (±10 min) timestamp.
    pub fn check_timestamp(&self, ts: &str) -> Result<(), Reject> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
        match unix_millis_of_timestamp(ts) {
            Some(millis) if (millis - now).abs() <= TIMESTAMP_WINDOW_MS => Ok(()),
            _ => Err(self.timestamp.clone()),
        }
    }

    pub fn check_sign(&self, verified: bool) -> Result<(), Reject> {
        if verified {
            Ok(())
        } else {
            Err(self.sign.clone())
        }
    }

    /// Redeems the token (it is used up whatever the outcome) for this app and product.
    pub fn redeem(&self, call: &Call<'_>, token: &str, app: &App, product: Product) -> Result<Grant, Reject> {
        call.state.tokens.redeem(token, &app.app_id, product).map_err(|refusal| {
            let code = match refusal {
                Refusal::Unknown | Refusal::Expired => self.token,
                Refusal::OtherApp => self.token_other_app,
                Refusal::OtherProduct => self.token_other_product,
            };
            Reject::described(code, format!("{} ({})", self.text(code), refusal.describe()))
        })
    }
}

/// True when `sign` is written exactly in `encoding` and verifies over `data` with `key`.
pub fn rsa_signed(key: &PublicKey, data: &str, sign: &str, algorithm: SignAlgorithm, encoding: Encoding) -> bool {
    encoding.is_canonical(sign) && key.verify_encoded(data.as_bytes(), sign, algorithm, encoding).is_ok()
}

/// What both number-verification interfaces read from `{"header":{version, msgId, timestamp, appId},
/// "body":{phoneNum, token, sign, ...}}`, once the app is admitted and these fields are present.
pub struct NumberRequest<'a> {
    pub app: Arc<App>,
    pub body: &'a Map<String, Value>,
    pub version: &'a str,
    pub msg_id: &'a str,
    pub ts: &'a str,
    pub phone_num: &'a str,
    pub token: &'a str,
    pub sign: &'a str,
}

impl<'a> NumberRequest<'a> {
    /// Parses the envelope, admits the app and reads the shared required fields (in the shared check order).
    pub fn read(call: &Call<'a>, codes: &Codes) -> Result<NumberRequest<'a>, Reject> {
        let root = codes.object(call.json)?;
        let header = codes.child(root, "header")?;
        let body = codes.child(root, "body")?;
        let app = codes.admit(call, codes.required(header, "appId")?)?;
        Ok(NumberRequest {
            app,
            body,
            version: codes.required(header, "version")?,
            msg_id: codes.required(header, "msgId")?,
            ts: codes.required(header, "timestamp")?,
            phone_num: codes.required(body, "phoneNum")?,
            token: codes.required(body, "token")?,
            sign: codes.required(body, "sign")?,
        })
    }

    /// appId + msgId + phoneNum + timestamp + token + version; `None` if a field breaks the library's rules.
    pub fn string_to_sign(&self) -> Option<String> {
        number_verify_string(&self.app.app_id, self.msg_id, self.phone_num, self.ts, self.token, self.version).ok()
    }

    /// The MD5withRSA, Base64 sign of both interfaces (keyType 1 for the App one).
    pub fn rsa_signed(&self) -> bool {
        self.string_to_sign().is_some_and(|data| {
            rsa_signed(&self.app.keys.customer_public, &data, self.sign, SignAlgorithm::Md5WithRsa, Encoding::Base64)
        })
    }

    /// The typed phone number inside `phoneNum` (see [`decrypt_phone`]).
    pub fn typed_phone(&self) -> Option<String> {
        decrypt_phone(&self.app, self.phone_num, self.ts)
    }

    /// Counts a verification of `phone` for the app today; `daily_limit` when over the app's limit.
    pub fn count(&self, call: &Call<'_>, phone: &str, daily_limit: Reject) -> Result<(), Reject> {
        if call.state.daily.record(&self.app.app_id, phone, self.app.options.daily_limit) {
            Ok(())
        } else {
            Err(daily_limit)
        }
    }
}

/// A number verification that reached its verdict.
pub struct Verdict {
    pub token_phone: String,
    pub same: bool,
}

impl Verdict {
    /// The result code, description and log note of a number verification: `000` 是本机号码 when the typed
    /// number is the token's, `001` 非本机号码 when not, or the refusal.
    pub fn answer(outcome: Result<Verdict, Reject>, codes: &Codes) -> (&'static str, String, Note) {
        match outcome {
            Ok(verdict) => {
                let (code, desc) = if verdict.same { ("000", "是本机号码") } else { ("001", "非本机号码") };
                (code, desc.to_string(), Note::code(code).with_phone(Some(&verdict.token_phone)))
            }
            Err(reject) => (reject.code, codes.describe(&reject), Note::code(reject.code)),
        }
    }
}

/// The phone number in a number-verification `phoneNum`: RSA-encrypted `phone + appKey + timestamp` under
/// the app's platform key. `None` when it does not decrypt to exactly that.
fn decrypt_phone(app: &App, phone_num: &str, ts: &str) -> Option<String> {
    let plain = app.keys.platform_private.as_ref()?.decrypt_text(phone_num).ok()?;
    let phone = plain.strip_suffix(&format!("{}{ts}", app.app_key))?;
    is_plain_phone(phone).then(|| phone.to_string())
}

/// The `{header, body}` envelope of the number-verification interfaces, echoing the request's
/// `header.appId` and `header.msgId` when it had them.
pub fn header_body(request: Option<&Value>, code: &str, body: Value) -> Value {
    let echo = |name: &str| {
        request.and_then(|r| r.get("header")).and_then(|h| h.get(name)).and_then(Value::as_str).unwrap_or_default()
    };
    json!({
        "header": {"appId": echo("appId"), "msgId": echo("msgId"), "resultCode": code, "timestamp": timestamp_now()},
        "body": body,
    })
}
