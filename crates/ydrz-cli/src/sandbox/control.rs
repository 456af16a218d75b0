//! The control endpoints under `/_sandbox`, for tests and demos. JSON in and out.
//!
//! - `POST /_sandbox/token` `{app_id, phone, product, ttl_ms?}` → `{token, userInformation, expires_in_ms}`:
//!   what the SDK or jssdk would obtain on the user's phone (`userInformation` is null for App products).
//! - `POST /_sandbox/faults` `{kind, count?, delay_ms?, status?}` → `{queued}` (see `faults`).
//! - `GET /_sandbox/stats?token=T` → `{requests, total_requests}`: interface requests that named T, and all.
//! - `POST /_sandbox/apps` `{app_id, allowed_ips?, daily_limit?, response_shape?, ...}` → the updated app.
//! - `POST /_sandbox/reset` → clears queued faults, daily counters and request counts.
//! - `GET /_sandbox` or `/_sandbox/info` → the info JSON printed at start.
//! - `GET /_sandbox/demo[?backend=URL]` → a page that plays the mini-program's part against a backend (the
//!   example backends' API: `/api/jssdk-params`, `/api/login`, `/api/verify-number`), with tokens from `/token`.
//!
//! A malformed request is HTTP 400 and an unknown app 404, both `{"error": "..."}`.

use std::time::Duration;

use serde_json::{json, Map, Value};
use ydrz::protocol::fields;

use super::apps::OPTION_FIELDS;
use super::faults::Fault;
use super::http::{Request, Response};
use super::log::Note;
use super::router::Reply;
use super::state::State;
use super::tokens::Product;

pub const PREFIX: &str = "/_sandbox";

/// The page of `GET /_sandbox/demo`: static HTML and script, no input of the request in it.
const DEMO_PAGE: &[u8] = include_bytes!("demo.html");
/// The page runs only its own inline script and style, and may call any backend (the one the user names).
const DEMO_POLICY: &str = "default-src 'self'; connect-src *; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// A refused control request: HTTP status and message.
struct Failure(u16, String);

fn bad(message: impl Into<String>) -> Failure {
    Failure(400, message.into())
}

type Outcome = Result<(Value, Note), Failure>;

pub fn handle(state: &State, request: &Request) -> Reply {
    let endpoint = request.path.strip_prefix(PREFIX).unwrap_or_default();
    if request.method == "GET" && endpoint == "/demo" {
        let page = Response::new(200, "text/html; charset=utf-8", DEMO_PAGE.to_vec())
            .with_header("Content-Security-Policy", DEMO_POLICY)
            .with_header("Cache-Control", "no-store");
        return Reply { response: page, note: Note::default() };
    }
    let outcome = match (request.method.as_str(), endpoint) {
        ("POST", "/token") => issue_token(state, request),
        ("POST", "/faults") => queue_faults(state, request),
        ("GET", "/stats") => stats(state, request),
        ("POST", "/apps") => update_app(state, request),
        ("POST", "/reset") => reset(state),
        ("GET", "" | "/" | "/info") => Ok((state.info.clone(), Note::default())),
        (_, "/token" | "/faults" | "/apps" | "/reset") => Err(Failure(405, format!("use POST {PREFIX}{endpoint}"))),
        (_, "/stats" | "/info" | "/demo") => Err(Failure(405, format!("use GET {PREFIX}{endpoint}"))),
        _ => Err(Failure(404, format!("no control endpoint {}; see ydrz sandbox --help", request.path))),
    };
    match outcome {
        Ok((value, note)) => Reply { response: Response::json(200, &value), note },
        Err(Failure(status, message)) => {
            Reply { response: Response::json(status, &json!({ "error": message })), note: Note::default() }
        }
    }
}

/// The request body as a JSON object whose keys are all in `allowed`; an empty body is an empty object.
fn object(request: &Request, allowed: &[&str]) -> Result<Map<String, Value>, Failure> {
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let value: Value = serde_json::from_slice(&request.body).map_err(|e| bad(format!("body is not JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(bad("body must be a JSON object"));
    };
    if let Some(key) = object.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(bad(format!("unknown field \"{key}\"; use {}", allowed.join(", "))));
    }
    Ok(object)
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a str, Failure> {
    object.get(key).and_then(Value::as_str).ok_or_else(|| bad(format!("{key} is required (a string)")))
}

fn issue_token(state: &State, request: &Request) -> Outcome {
    let object = object(request, &["app_id", "phone", "product", "ttl_ms"])?;
    let app_id = text(&object, "app_id")?;
    let app = state.apps.get(app_id).ok_or_else(|| Failure(404, format!("no app with app_id {app_id}")))?;
    let phone = fields::phone(text(&object, "phone")?).map_err(|e| bad(e.message()))?;
    let product = Product::from_name(text(&object, "product")?).map_err(bad)?;
    let ttl = match object.get("ttl_ms") {
        None | Some(Value::Null) => None,
        Some(v) => Some(Duration::from_millis(v.as_u64().ok_or_else(|| bad("ttl_ms must be a whole number"))?)),
    };
    let issued = state.tokens.issue(&app.app_id, product, phone, ttl).map_err(bad)?;
    let note = Note::default().with_token(Some(&issued.token)).with_phone(Some(phone));
    let body = json!({
        "token": issued.token,
        "userInformation": issued.user_information,
        "expires_in_ms": u64::try_from(issued.ttl.as_millis()).unwrap_or(u64::MAX),
    });
    Ok((body, note))
}

fn queue_faults(state: &State, request: &Request) -> Outcome {
    let (fault, count) = Fault::from_json(&object(request, &["kind", "count", "delay_ms", "status"])?).map_err(bad)?;
    state.faults.push(fault, count).map_err(bad)?;
    Ok((json!({ "queued": count }), Note::default().with_fault(fault.name())))
}

fn stats(state: &State, request: &Request) -> Outcome {
    let token = request.query_param("token").ok_or_else(|| bad("give the token: /_sandbox/stats?token=T"))?;
    let (requests, total) = state.stats.get(&token);
    Ok((json!({ "requests": requests, "total_requests": total }), Note::default().with_token(Some(&token))))
}

fn update_app(state: &State, request: &Request) -> Outcome {
    let allowed: Vec<&str> = std::iter::once("app_id").chain(OPTION_FIELDS).collect();
    let object = object(request, &allowed)?;
    let app_id = text(&object, "app_id")?;
    if state.apps.get(app_id).is_none() {
        return Err(Failure(404, format!("no app with app_id {app_id}")));
    }
    let app = state.apps.update(app_id, &object).map_err(bad)?;
    Ok((app.to_json(), Note::default()))
}

fn reset(state: &State) -> Outcome {
    state.faults.clear();
    state.daily.clear();
    state.stats.clear();
    Ok((json!({ "reset": true }), Note::default()))
}
