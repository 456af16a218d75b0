//! Tolerant reading of platform responses, whose nesting is uncertain (docs/protocol.md#a-mini-program-one-click-login,
//! #b-mini-program-number-verification, #c-app-one-click-login): a field may be at
//! the top level or inside `header`, `body` or `data`, and `resultCode` is also spelled `resultcode`.
//! Types are checked strictly: a field that is present with the wrong JSON type is a protocol error.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::protocol::field_names::{ANSWER_FIELDS as F, NUMBER_FIELDS};
use crate::protocol::masking::mask_secrets;

/// Largest response body read from the platform.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// Deepest JSON nesting accepted (hostile bodies must not exhaust the stack).
const MAX_DEPTH: usize = 32;

const CONTAINERS: [&str; 3] = [NUMBER_FIELDS.header, NUMBER_FIELDS.body, F.data];

/// A parsed response object.
#[derive(Clone, Debug)]
pub struct Response {
    root: Map<String, Value>,
}

impl Response {
    /// Parses a response body, which must be a JSON object.
    pub fn parse(body: &[u8]) -> Result<Response> {
        if body.len() > MAX_RESPONSE_BYTES {
            return Err(Error::protocol(format!("response body is larger than {MAX_RESPONSE_BYTES} bytes")));
        }
        if nesting_depth(body) > MAX_DEPTH {
            return Err(Error::protocol(format!("response JSON nests deeper than {MAX_DEPTH} levels")));
        }
        let value: Value = serde_json::from_slice(body).map_err(|e| {
            Error::protocol(format!("response is not JSON ({e}); first bytes: {}", printable_prefix(body)))
        })?;
        match value {
            Value::Object(root) => Ok(Response { root }),
            other => Err(Error::protocol(format!("response JSON is a {}, not an object", json_kind(&other)))),
        }
    }

    /// The first value named `name` (ASCII case-insensitive) at the top level, then in header, body and data.
    pub fn find(&self, name: &str) -> Option<&Value> {
        lookup(&self.root, name).or_else(|| {
            CONTAINERS
                .iter()
                .filter_map(|c| lookup(&self.root, c).and_then(Value::as_object))
                .find_map(|obj| lookup(obj, name))
        })
    }

    /// A string field; absent or null is `None`; a number is rendered as text (codes sometimes come as numbers);
    /// any other type is a protocol error.
    pub fn string(&self, name: &str) -> Result<Option<String>> {
        match self.find(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => {
                Err(Error::protocol(format!("response field {name} is a {}, expected a string", json_kind(other))))
            }
        }
    }

    /// The result code (`resultCode` / `resultcode`), required.
    pub fn result_code(&self) -> Result<String> {
        self.string(F.result_code)?.ok_or_else(|| Error::protocol(format!("response has no {}", F.result_code)))
    }

    /// The platform's description, from `desc`, `resultDesc` or `message`, whichever comes first.
    pub fn description(&self) -> Result<Option<String>> {
        for name in [F.desc, F.result_desc, F.message] {
            if let Some(text) = self.string(name)? {
                if !text.is_empty() {
                    return Ok(Some(text));
                }
            }
        }
        Ok(None)
    }

    pub fn root(&self) -> &Map<String, Value> {
        &self.root
    }
}

fn lookup<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.get(name).or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Maximum bracket nesting, ignoring brackets inside strings.
fn nesting_depth(body: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Up to 60 characters of the body, control characters replaced and phone numbers and tokens masked, for error
/// messages about non-JSON answers.
pub fn printable_prefix(body: &[u8]) -> String {
    let text = mask_secrets(&String::from_utf8_lossy(&body[..body.len().min(240)]));
    let mut out: String = text.chars().take(60).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    format!("\"{out}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_at_any_documented_level() {
        let flat = Response::parse(br#"{"resultCode":"103000","msisdn":"x"}"#).unwrap();
        assert_eq!(flat.result_code().unwrap(), "103000");
        let nested = Response::parse(br#"{"resultcode":"103000","data":{"msisdn":"y"}}"#).unwrap();
        assert_eq!(nested.result_code().unwrap(), "103000");
        assert_eq!(nested.string("msisdn").unwrap().as_deref(), Some("y"));
        let header = Response::parse(br#"{"header":{"resultCode":"000"},"body":{"resultDesc":"ok"}}"#).unwrap();
        assert_eq!(header.result_code().unwrap(), "000");
        assert_eq!(header.description().unwrap().as_deref(), Some("ok"));
        let numeric = Response::parse(br#"{"resultCode":103000}"#).unwrap();
        assert_eq!(numeric.result_code().unwrap(), "103000");
    }

    #[test]
    fn hostile_bodies_are_protocol_errors() {
        assert!(Response::parse(b"<html>502</html>").is_err());
        assert!(Response::parse(b"[1,2]").is_err());
        assert!(Response::parse(br#"{"resultCode":{"a":1}}"#).unwrap().result_code().is_err());
        assert!(Response::parse(br#"{"desc":"x"}"#).unwrap().result_code().is_err());
        let deep = "[".repeat(100_000);
        assert!(Response::parse(deep.as_bytes()).is_err());
        assert!(Response::parse(&vec![b' '; MAX_RESPONSE_BYTES + 1]).is_err());
    }
}
