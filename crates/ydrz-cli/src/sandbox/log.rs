//! The request log: one line on stderr per request, with the peer, method, path, HTTP status and, for the
//! platform interfaces, the result code. Tokens appear redacted and phone numbers masked, never whole; appkeys
//! and signs never appear.

use std::net::IpAddr;

use ydrz::protocol::fields::{mask_phone, redact_token};

/// What a handler adds to the log line of its request. Values are redacted when they are set.
#[derive(Debug, Default)]
pub struct Note {
    code: Option<String>,
    token: Option<String>,
    phone: Option<String>,
    fault: Option<&'static str>,
}

impl Note {
    /// A note carrying the platform result code of the answer.
    pub fn code(code: &str) -> Note {
        Note { code: Some(code.to_string()), ..Note::default() }
    }

    pub fn with_token(mut self, token: Option<&str>) -> Note {
        self.token = token.map(redact_token);
        self
    }

    pub fn with_phone(mut self, phone: Option<&str>) -> Note {
        self.phone = phone.map(mask_phone);
        self
    }

    pub fn with_fault(mut self, fault: &'static str) -> Note {
        self.fault = Some(fault);
        self
    }

    fn render(&self) -> String {
        let mut out = String::new();
        let parts = [
            ("code", self.code.as_deref()),
            ("token", self.token.as_deref()),
            ("phone", self.phone.as_deref()),
            ("fault", self.fault),
        ];
        for (name, value) in parts {
            if let Some(value) = value {
                out.push_str(&format!(" {name}={value}"));
            }
        }
        out
    }
}

/// Writes the log line of one request; `status` is `None` when no answer was sent. Method and path are cut at
/// 200 characters and stripped of control characters.
pub fn request(peer: IpAddr, method: &str, path: &str, status: Option<u16>, note: &Note) {
    let clean = |s: &str| s.chars().filter(|c| !c.is_control()).take(200).collect::<String>();
    let status = status.map_or_else(|| "no answer".to_string(), |s| s.to_string());
    eprintln!("ydrz sandbox: {peer} {} {} -> {status}{}", clean(method), clean(path), note.render());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_never_hold_whole_secrets() {
        let token = "STsid0000001517196594066OHmZvPMBwn2MkFxwvWkV12JixwuZuyDU";
        let line =
            Note::code("103000").with_token(Some(token)).with_phone(Some("13800138000")).with_fault("delay").render();
        assert_eq!(line, " code=103000 token=STsid0…(56 chars) phone=138****8000 fault=delay");
        assert!(!line.contains(token) && !line.contains("13800138000"));
    }
}
