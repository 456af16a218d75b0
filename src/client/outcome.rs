//! Turning an HTTP answer into a result: HTTP status, JSON, result code, and the platform error with the
//! catalog's explanation.

use serde_json::{json, Value};

use crate::catalog;
use crate::client::Verified;
use crate::error::{Error, Result, Status};
use crate::protocol::field_names::ANSWER_FIELDS;
use crate::protocol::interfaces::{CodeSource, SUCCESS_CODE};
use crate::protocol::masking::mask_secrets;
use crate::protocol::response::{printable_prefix, Response};

/// Platform text is untrusted: control characters are dropped, phone numbers and tokens masked, and its length
/// bounded.
fn clean(text: &str) -> String {
    let visible: String = text.chars().filter(|c| !c.is_control()).collect();
    let masked = mask_secrets(&visible);
    let mut out: String = masked.chars().take(200).collect();
    if masked.chars().count() > 200 {
        out.push('…');
    }
    out
}

/// A `Status::Platform` error for a non-success result code, with the platform's text and the catalog's view.
fn platform_error(code: &str, response: &Response, source: CodeSource) -> Error {
    let platform_text = response.description().ok().flatten().map(|d| clean(&d)).unwrap_or_default();
    let mut message = format!("platform result code {code}");
    if !platform_text.is_empty() {
        message.push_str(&format!(" ({platform_text})"));
    }
    if let Some(e) = catalog::best(code, source.product, source.stage) {
        message.push_str(&format!(": {} / {}", e.message_zh(), e.meaning_en()));
        if !e.hint().is_empty() {
            message.push_str(&format!(". Hint: {}", e.hint()));
        }
    }
    Error::platform(code, message)
}

/// An answer as every interface reads it: the HTTP status, the JSON body and the result code.
pub struct Answer {
    http_status: u16,
    response: Response,
    code: String,
}

impl Answer {
    /// Checks the HTTP status, parses the JSON body and reads the result code.
    pub fn read(http_status: u16, body: &[u8]) -> Result<Answer> {
        if !(200..300).contains(&http_status) {
            return Err(Error::new(
                Status::Http,
                format!("platform answered HTTP {http_status}; body starts {}", printable_prefix(body)),
            ));
        }
        let response = Response::parse(body)?;
        let code = response.result_code()?;
        Ok(Answer { http_status, response, code })
    }

    /// The response, for interface-specific fields.
    pub fn response(&self) -> &Response {
        &self.response
    }

    /// The `msisdn` of a success answer; any other code is the platform's error.
    pub fn success_msisdn(&self, source: CodeSource) -> Result<String> {
        if self.code != SUCCESS_CODE {
            return Err(platform_error(&self.code, &self.response, source));
        }
        let field = ANSWER_FIELDS.msisdn;
        self.response.string(field)?.ok_or_else(|| Error::protocol(format!("success answer has no {field}")))
    }

    /// The details JSON of a successful call: result code, description, the HTTP status, the raw response and
    /// `extra`.
    pub fn details(&self, extra: &[(&str, Value)]) -> Result<Value> {
        let mut out = json!({
            "resultCode": self.code,
            "desc": self.response.description()?.unwrap_or_default(),
            "http_status": self.http_status,
            "response": Value::Object(self.response.root().clone()),
        });
        for (name, value) in extra {
            out[*name] = value.clone();
        }
        Ok(out)
    }

    /// A verification answer: match for a code in `matches`, no match for one in `no_matches`, the platform's
    /// error for any other code; the details carry `msgId` and `matched`.
    pub fn verified(
        &self,
        matches: &[impl AsRef<str>],
        no_matches: &[impl AsRef<str>],
        msg_id: String,
        source: CodeSource,
    ) -> Result<Verified> {
        let matched = if matches.iter().any(|m| m.as_ref() == self.code) {
            true
        } else if no_matches.iter().any(|m| m.as_ref() == self.code) {
            false
        } else {
            return Err(platform_error(&self.code, &self.response, source));
        };
        let details = self.details(&[("msgId", Value::from(msg_id)), ("matched", Value::from(matched))])?;
        Ok(Verified { matched, details })
    }
}
