//! The library's error type and its statuses (the C ABI gives each its stable number: `ffi::numbers`).
//!
//! Messages are written for the operator who reads a log: they say what was wrong and what to check,
//! and never contain key material, an appkey, a full token or a full phone number.

use std::ffi::CStr;
use std::fmt;

/// What kind of failure an [`Error`] is. Each status has one name shared by the C ABI, every binding and the
/// CLI ([`Status::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Ok,
    NullArg,
    InvalidArg,
    InvalidUtf8 = 3,
    Key,
    Crypto,
    Signature,
    Network,
    Timeout,
    Http,
    Protocol,
    Platform,
    TokenReused,
    Panic,
}

impl Status {
    /// Every status, in numeric order.
    pub const ALL: [Status; 14] = [
        Status::Ok,
        Status::NullArg,
        Status::InvalidArg,
        Status::InvalidUtf8,
        Status::Key,
        Status::Crypto,
        Status::Signature,
        Status::Network,
        Status::Timeout,
        Status::Http,
        Status::Protocol,
        Status::Platform,
        Status::TokenReused,
        Status::Panic,
    ];

    /// The C constant name, e.g. `"YDRZ_E_KEY"`.
    pub fn name(self) -> &'static str {
        // Every name is ASCII, so the conversion cannot fail.
        self.c_name().to_str().unwrap_or("YDRZ_UNKNOWN")
    }

    /// The C constant name as a static C string (returned by `ydrz_status_name`).
    pub fn c_name(self) -> &'static CStr {
        match self {
            Status::Ok => c"YDRZ_OK",
            Status::NullArg => c"YDRZ_E_NULL_ARG",
            Status::InvalidArg => c"YDRZ_E_INVALID_ARG",
            Status::InvalidUtf8 => c"YDRZ_E_INVALID_UTF8",
            Status::Key => c"YDRZ_E_KEY",
            Status::Crypto => c"YDRZ_E_CRYPTO",
            Status::Signature => c"YDRZ_E_SIGNATURE",
            Status::Network => c"YDRZ_E_NETWORK",
            Status::Timeout => c"YDRZ_E_TIMEOUT",
            Status::Http => c"YDRZ_E_HTTP",
            Status::Protocol => c"YDRZ_E_PROTOCOL",
            Status::Platform => c"YDRZ_E_PLATFORM",
            Status::TokenReused => c"YDRZ_E_TOKEN_REUSED",
            Status::Panic => c"YDRZ_E_PANIC",
        }
    }
}

/// An error with its status, a message safe to log, and for `Status::Platform` the platform's result code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    status: Status,
    message: String,
    platform_code: Option<String>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(status: Status, message: impl Into<String>) -> Error {
        Error { status, message: message.into(), platform_code: None }
    }

    /// A non-success answer of the platform, carrying its result code.
    pub fn platform(code: impl Into<String>, message: impl Into<String>) -> Error {
        Error { status: Status::Platform, message: message.into(), platform_code: Some(code.into()) }
    }

    pub fn invalid_arg(message: impl Into<String>) -> Error {
        Error::new(Status::InvalidArg, message)
    }

    pub fn key(message: impl Into<String>) -> Error {
        Error::new(Status::Key, message)
    }

    pub fn crypto(message: impl Into<String>) -> Error {
        Error::new(Status::Crypto, message)
    }

    pub fn protocol(message: impl Into<String>) -> Error {
        Error::new(Status::Protocol, message)
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn platform_code(&self) -> Option<&str> {
        self.platform_code.as_deref()
    }
}

/// The longest caller-supplied name that error messages quote.
const MAX_QUOTED_NAME: usize = 40;
/// The longest mixed-case name that error messages quote; longer mixed-case runs look like Base64.
const MAX_MIXED_CASE_NAME: usize = 16;
/// More digits than this and a "name" looks like a key, a token or a phone number.
const MAX_DIGITS_IN_NAME: usize = 4;

/// A caller-supplied name (a config key, an option value such as an encoding) for an error message: quoted
/// when it is shaped like a name, otherwise only described, because it may be a secret pasted in the wrong place.
/// Name-shaped: at most 40 letters, digits and `_.-# `, at most 4 digits, and single-case letters unless it is
/// at most 16 characters long.
pub fn quoted_name(text: &str) -> String {
    let mixed_case = text.bytes().any(|b| b.is_ascii_lowercase()) && text.bytes().any(|b| b.is_ascii_uppercase());
    let name_like = text.len() <= MAX_QUOTED_NAME
        && (!mixed_case || text.len() <= MAX_MIXED_CASE_NAME)
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-# ".contains(&b))
        && text.bytes().filter(u8::is_ascii_digit).count() <= MAX_DIGITS_IN_NAME;
    if name_like {
        format!("\"{text}\"")
    } else {
        format!("(a {}-character value that does not look like a name; not shown)", text.chars().count())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status.name(), self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::quoted_name;

    #[test]
    fn names_are_quoted_and_secret_shaped_values_are_not() {
        for name in ["timeout", "onekey.interface_versoin", "HEX_UPPER", "hexUpper", "SHA256withRSA", "PKCS#1"] {
            assert_eq!(quoted_name(name), format!("\"{name}\""));
        }
        for secret in [
            "5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C",       // an app key
            "13800138000",                            // a phone number
            "priqtd2YkepTHgwjgkjkmQaLGeHpTtbuSvates", // mixed-case, Base64-like
            "MIGfMA0GCSqGSIb3DQEB",                   // key material
            "a\"b",
            &"x".repeat(41),
        ] {
            let shown = quoted_name(secret);
            assert!(!shown.contains(secret), "{shown}");
            assert!(shown.contains(&format!("a {}-character value", secret.chars().count())), "{shown}");
        }
    }
}
