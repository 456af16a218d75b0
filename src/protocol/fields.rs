//! Validation of request fields, shared by the C ABI, the client and the sandbox.

use crate::error::{Error, Result};

/// Longest value accepted for one protocol field (ids, tokens, userInformation, preSign, appkey).
pub const MAX_FIELD_LEN: usize = 64 * 1024;

/// A required field: non-empty and at most `MAX_FIELD_LEN` bytes. The value never appears in the message.
pub fn required<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    if value.is_empty() {
        return Err(Error::invalid_arg(format!("{name} is empty")));
    }
    if value.len() > MAX_FIELD_LEN {
        return Err(Error::invalid_arg(format!(
            "{name} is {} bytes long; at most {MAX_FIELD_LEN} bytes are accepted",
            value.len()
        )));
    }
    Ok(value)
}

/// An optional field: absent is `""`; present, at most `MAX_FIELD_LEN` bytes (it may be empty).
pub fn optional<'a>(name: &str, value: Option<&'a str>) -> Result<&'a str> {
    match value {
        None | Some("") => Ok(""),
        Some(text) => required(name, text),
    }
}

/// A 17-digit `yyyyMMddHHmmssSSS` timestamp.
pub fn timestamp<'a>(name: &str, value: &'a str) -> Result<&'a str> {
    if value.len() == 17 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value)
    } else {
        Err(Error::invalid_arg(format!(
            "{name} must be 17 digits (yyyyMMddHHmmssSSS, UTC+8); got {} characters",
            value.chars().count()
        )))
    }
}

/// A phone number as a user types it: 11 digits starting with 1.
pub fn phone(value: &str) -> Result<&str> {
    if crate::cipher::is_plain_phone(value) {
        Ok(value)
    } else {
        Err(Error::invalid_arg("phone must be an 11-digit mainland mobile number starting with 1"))
    }
}

/// Masks a phone number for display the way the platform's `securityPhone` does: `138****8000`.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "****".to_string()
    }
}

/// Shortens a token for messages: its first 6 characters and its length, never the whole value.
pub fn redact_token(token: &str) -> String {
    let prefix: String = token.chars().take(6).collect();
    format!("{prefix}…({} chars)", token.chars().count())
}

/// Form-style URL decoding, as Java's `URLDecoder.decode`: `%XX` escapes (either case) become their byte and
/// `+` becomes a space; a `%` not followed by two hex digits is kept as it is. Returns bytes, which need not be
/// UTF-8. The library never decodes `userInformation` or tokens (docs/protocol.md#a-mini-program-one-click-login); this is for tools that read query
/// strings or test whether an integrator decoded a value before signing it.
pub fn url_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex(*high).zip(hex(*low)).map(|(h, l)| (h * 16 + l) as u8),
            _ => None,
        };
        match escape {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_rules() {
        assert!(required("app_id", "").is_err());
        assert!(required("app_id", &"x".repeat(MAX_FIELD_LEN + 1)).is_err());
        assert_eq!(required("app_id", "300012345678").unwrap(), "300012345678");
        assert_eq!(optional("expand_params", None).unwrap(), "");
        assert_eq!(optional("expand_params", Some("")).unwrap(), "");
        assert_eq!(optional("expand_params", Some("k=v")).unwrap(), "k=v");
        assert!(optional("expand_params", Some(&"x".repeat(MAX_FIELD_LEN + 1))).is_err());
        assert!(timestamp("timestamp", "2024013123595912").is_err());
        assert!(timestamp("timestamp", "2024013123595912x").is_err());
        assert!(timestamp("timestamp", "20240131235959123").is_ok());
        assert!(phone("13800138000").is_ok());
        assert!(phone("23800138000").is_err());
        assert!(phone("1380013800").is_err());
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(redact_token("STsid0000001517196594066"), "STsid0…(24 chars)");
    }

    #[test]
    fn url_decoding_is_java_urldecoder_and_keeps_malformed_escapes() {
        assert_eq!(url_decode("Xiaomi%40%408.0.5%40%40Android%2010"), b"Xiaomi@@8.0.5@@Android 10");
        assert_eq!(url_decode("a+b%3d%2B"), b"a b=+");
        assert_eq!(url_decode("100%"), b"100%");
        assert_eq!(url_decode("%zz%4%+1"), b"%zz%4% 1");
        assert_eq!(url_decode("%E4%B8%AD"), "中".as_bytes());
        assert_eq!(url_decode("%FF"), [0xFF]);
    }
}
