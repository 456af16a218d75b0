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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_rules() {
        assert!(required("app_id", "").is_err());
        assert!(required("app_id", &"x".repeat(MAX_FIELD_LEN + 1)).is_err());
        assert_eq!(required("app_id", "300012345678").unwrap(), "300012345678");
        assert!(timestamp("timestamp", "2024013123595912").is_err());
        assert!(timestamp("timestamp", "2024013123595912x").is_err());
        assert!(timestamp("timestamp", "20240131235959123").is_ok());
        assert!(phone("13800138000").is_ok());
        assert!(phone("23800138000").is_err());
        assert!(phone("1380013800").is_err());
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(redact_token("STsid0000001517196594066"), "STsid0…(24 chars)");
    }
}
