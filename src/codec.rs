//! Text encodings of binary values (signatures, ciphertexts): hex in either case and standard Base64.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::error::{quoted_name, Error, Result};

/// How a binary value is written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    HexUpper,
    HexLower,
    Base64,
}

impl Encoding {
    /// Parses a configuration name: `hex_upper`, `hex_lower` or `base64`.
    pub fn from_name(name: &str) -> Result<Encoding> {
        match name {
            "hex_upper" => Ok(Encoding::HexUpper),
            "hex_lower" => Ok(Encoding::HexLower),
            "base64" => Ok(Encoding::Base64),
            other => Err(Error::invalid_arg(format!(
                "unknown encoding {}: use hex_upper, hex_lower or base64",
                quoted_name(other)
            ))),
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Encoding::HexUpper => "hex_upper",
            Encoding::HexLower => "hex_lower",
            Encoding::Base64 => "base64",
        }
    }

    /// This encoding when it is hex: `what` (an MD5 sign) has no Base64 form.
    pub fn require_hex(self, what: &str) -> Result<Encoding> {
        match self {
            Encoding::Base64 => {
                Err(Error::invalid_arg(format!("{what} is hex: use hex_upper or hex_lower, not base64")))
            }
            hex => Ok(hex),
        }
    }

    pub fn encode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::HexUpper => hex(bytes, b"0123456789ABCDEF"),
            Encoding::HexLower => hex(bytes, b"0123456789abcdef"),
            Encoding::Base64 => STANDARD.encode(bytes),
        }
    }

    /// Decodes text written in this encoding. Hex is accepted in either case; whitespace is ignored.
    pub fn decode(self, text: &str) -> Result<Vec<u8>> {
        match self {
            Encoding::HexUpper | Encoding::HexLower => decode_hex(text),
            Encoding::Base64 => decode_base64(text),
        }
    }
}

impl Encoding {
    /// True when `text` is exactly what [`Encoding::encode`] writes for some non-empty bytes: hex digits of
    /// this case only, or padded standard Base64; no whitespace. For peers that must send one precise form
    /// (the platform rejects a lower-case hex sign where it expects upper case, although `decode` accepts both).
    pub fn is_canonical(self, text: &str) -> bool {
        let digit = |b: u8| match self {
            Encoding::HexUpper => b.is_ascii_digit() || (b'A'..=b'F').contains(&b),
            Encoding::HexLower => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            Encoding::Base64 => false,
        };
        match self {
            Encoding::HexUpper | Encoding::HexLower => {
                !text.is_empty() && text.len() % 2 == 0 && text.bytes().all(digit)
            }
            Encoding::Base64 => {
                STANDARD.decode(text).is_ok_and(|bytes| !bytes.is_empty() && STANDARD.encode(bytes) == text)
            }
        }
    }
}

fn hex(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(digits[usize::from(b >> 4)] as char);
        out.push(digits[usize::from(b & 0x0f)] as char);
    }
    out
}

fn strip_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}

/// Decodes hex in either case, ignoring whitespace.
pub fn decode_hex(text: &str) -> Result<Vec<u8>> {
    let compact = strip_whitespace(text);
    if compact.len() % 2 != 0 {
        return Err(Error::invalid_arg(format!("hex text has an odd number of digits ({})", compact.len())));
    }
    let nibble = |c: u8| -> Result<u8> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(Error::invalid_arg("hex text contains a character that is not a hex digit")),
        }
    };
    compact.as_bytes().chunks(2).map(|pair| Ok((nibble(pair[0])? << 4) | nibble(pair[1])?)).collect()
}

/// Decodes standard Base64 with padding, ignoring whitespace and line breaks (old commons-codec output).
pub fn decode_base64(text: &str) -> Result<Vec<u8>> {
    STANDARD.decode(strip_whitespace(text)).map_err(|e| Error::invalid_arg(format!("text is not valid Base64 ({e})")))
}

/// True when the text (ignoring whitespace) is a non-empty run of hex digits of even length.
pub fn looks_like_hex(text: &str) -> bool {
    let compact = strip_whitespace(text);
    !compact.is_empty() && compact.len() % 2 == 0 && compact.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_cases_and_base64_round_trip_known_bytes() {
        let bytes = [0x00, 0x9f, 0xab, 0xff];
        assert_eq!(Encoding::HexUpper.encode(&bytes), "009FABFF");
        assert_eq!(Encoding::HexLower.encode(&bytes), "009fabff");
        assert_eq!(Encoding::Base64.encode(&bytes), "AJ+r/w==");
        assert_eq!(decode_hex("009FabFF").unwrap(), bytes);
        assert_eq!(decode_base64("AJ+r\r\n/w==").unwrap(), bytes);
    }

    #[test]
    fn canonical_forms_are_exact() {
        assert!(Encoding::HexUpper.is_canonical("009FABFF"));
        assert!(!Encoding::HexUpper.is_canonical("009fabff"));
        assert!(!Encoding::HexUpper.is_canonical("009F AB"));
        assert!(Encoding::HexLower.is_canonical("009fabff"));
        assert!(!Encoding::HexLower.is_canonical("009FABFF"));
        assert!(!Encoding::HexLower.is_canonical("0"));
        assert!(!Encoding::HexLower.is_canonical(""));
        assert!(Encoding::Base64.is_canonical("AJ+r/w=="));
        assert!(!Encoding::Base64.is_canonical("AJ+r\r\n/w=="));
        assert!(!Encoding::Base64.is_canonical("AJ+r/w"));
        assert!(!Encoding::Base64.is_canonical(""));
    }

    #[test]
    fn malformed_text_is_rejected() {
        assert!(decode_hex("abc").is_err());
        assert!(decode_hex("zz").is_err());
        assert!(decode_base64("A===").is_err());
        assert!(Encoding::from_name("HEX").is_err());
        assert!(looks_like_hex("0aF1"));
        assert!(!looks_like_hex("0aF"));
        assert!(!looks_like_hex("AJ+r/w=="));
    }
}
