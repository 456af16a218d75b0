//! Turning an HTTP answer into a result: HTTP status, JSON, result code, and the platform error with the
//! catalog's explanation.

use serde_json::{json, Value};

use crate::catalog;
use crate::client::transport::Reply;
use crate::error::{Error, Result, Status};
use crate::protocol::response::{printable_prefix, Response};

/// Which catalog product and stage explain an interface's codes.
#[derive(Clone, Copy, Debug)]
pub struct CodeSource {
    pub product: &'static str,
    pub stage: &'static str,
}

/// Checks the HTTP status and parses the JSON body.
pub fn parse_reply(reply: &Reply) -> Result<Response> {
    if !(200..300).contains(&reply.status) {
        return Err(Error::new(
            Status::Http,
            format!("platform answered HTTP {}; body starts {}", reply.status, printable_prefix(&reply.body)),
        ));
    }
    Response::parse(&reply.body)
}

/// Platform text is untrusted: control characters are dropped and its length bounded.
fn clean(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if text.chars().count() > 200 {
        out.push('…');
    }
    out
}

/// A `Status::Platform` error for a non-success result code, with the platform's text and the catalog's view.
pub fn platform_error(code: &str, response: &Response, source: CodeSource) -> Error {
    let platform_text = response.description().ok().flatten().map(|d| clean(&d)).unwrap_or_default();
    let mut message = format!("platform result code {code}");
    if !platform_text.is_empty() {
        message.push_str(&format!(" ({platform_text})"));
    }
    let entry = catalog::first(code, Some(source.product), Some(source.stage))
        .or_else(|| catalog::first(code, Some(source.product), None))
        .or_else(|| catalog::first(code, None, None));
    if let Some(e) = entry {
        message.push_str(&format!(": {} / {}", e.message_zh(), e.meaning_en()));
        if !e.hint().is_empty() {
            message.push_str(&format!(". Hint: {}", e.hint()));
        }
    }
    Error::platform(code, message)
}

/// The details JSON of a successful call: result code, description, the HTTP status and the raw response.
pub fn details(code: &str, response: &Response, reply: &Reply, extra: &[(&str, Value)]) -> Result<Value> {
    let mut out = json!({
        "resultCode": code,
        "desc": response.description()?.unwrap_or_default(),
        "http_status": reply.status,
        "response": Value::Object(response.root().clone()),
    });
    for (name, value) in extra {
        out[*name] = value.clone();
    }
    Ok(out)
}

/// Maps a verification result code to match (true) / no match (false), or a platform error for any other code.
pub fn match_outcome(
    code: &str,
    matches: &[String],
    no_matches: &[String],
    response: &Response,
    source: CodeSource,
) -> Result<bool> {
    if matches.iter().any(|m| m == code) {
        Ok(true)
    } else if no_matches.iter().any(|m| m == code) {
        Ok(false)
    } else {
        Err(platform_error(code, response, source))
    }
}
