//! The doctor's model: an interface is a list of ways to build the string to sign ([`StringVariant`]) and a
//! list of ways to turn it into a sign ([`Format`]); every combination, checked against every candidate key, is
//! a candidate. The first string variant, the first format and the first key are what the platform expects; a
//! candidate's deviations are where it differs from them. All crypto is the library's.

use ydrz::codec::Encoding;
use ydrz::keys::{PrivateKey, PublicKey};
use ydrz::protocol::fields::url_decode;
use ydrz::protocol::interfaces::SignStyle;
use ydrz::signature::{md5_digest, SignAlgorithm};

use crate::commands::common::encoding_words;

/// How a string becomes a signature: an MD5 digest (the secret is part of the string) or an RSA signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Md5,
    Rsa(SignAlgorithm),
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Md5 => "MD5",
            Scheme::Rsa(algorithm) => algorithm.name(),
        }
    }
}

/// A scheme and the text encoding of its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    pub scheme: Scheme,
    pub encoding: Encoding,
}

impl Format {
    pub const fn new(scheme: Scheme, encoding: Encoding) -> Format {
        Format { scheme, encoding }
    }

    pub fn describe(self) -> String {
        format!("{}, {}", self.scheme.name(), encoding_words(self.encoding))
    }
}

/// The six RSA formats with `expected` first (for interfaces whose sign is an RSA signature).
pub const fn rsa_formats(expected: SignStyle) -> [Format; 6] {
    let SignStyle { algorithm, encoding } = expected;
    let other = match algorithm {
        SignAlgorithm::Sha256WithRsa => SignAlgorithm::Md5WithRsa,
        SignAlgorithm::Md5WithRsa => SignAlgorithm::Sha256WithRsa,
    };
    let [e1, e2] = match encoding {
        Encoding::HexUpper => [Encoding::HexLower, Encoding::Base64],
        Encoding::HexLower => [Encoding::HexUpper, Encoding::Base64],
        Encoding::Base64 => [Encoding::HexUpper, Encoding::HexLower],
    };
    let (a, b) = (Scheme::Rsa(algorithm), Scheme::Rsa(other));
    [
        Format::new(a, encoding),
        Format::new(a, e1),
        Format::new(a, e2),
        Format::new(b, encoding),
        Format::new(b, e1),
        Format::new(b, e2),
    ]
}

/// The two MD5 formats, `expected` (the recipe's hex case) first.
pub fn md5_formats(expected: Encoding) -> [Format; 2] {
    let other = if expected == Encoding::HexLower { Encoding::HexUpper } else { Encoding::HexLower };
    [Format::new(Scheme::Md5, expected), Format::new(Scheme::Md5, other)]
}

/// A string to sign built one particular way.
pub struct Built {
    pub text: String,
    /// What the string is, for the verdict: "appId+traceId+timestamp+token+version with version \"1.0\" ...".
    pub over: String,
}

/// One way of building the string to sign from the interface's fields `F`.
pub struct StringVariant<F> {
    /// The table label ("as specified" for the first, expected variant).
    pub label: &'static str,
    /// `Ok(None)` when the variant does not apply to these inputs (nothing to URL-decode, no --msg-id ...).
    pub build: fn(&F) -> ydrz::Result<Option<Built>>,
}

/// Builds every variant of `list` from `fields`, keeping the labels.
pub fn build_all<F>(list: &[StringVariant<F>], fields: &F) -> ydrz::Result<Vec<(&'static str, Option<Built>)>> {
    list.iter().map(|v| Ok((v.label, (v.build)(fields)?))).collect()
}

/// A key a sign may have been made with.
pub struct Verifier {
    /// "the registered public key", "your --private-key (not the registered key)".
    pub label: &'static str,
    /// `None` for MD5 interfaces, whose secret is inside the string.
    pub key: Option<PublicKey>,
}

/// One checked candidate.
pub struct Candidate {
    pub string: usize,
    pub format: usize,
    pub key: usize,
    /// `None` when the string variant does not apply.
    pub matched: Option<bool>,
}

impl Candidate {
    /// How many dimensions differ from what the platform expects.
    pub fn deviations(&self, formats: &[Format]) -> usize {
        let (expected, this) = (formats[0], formats[self.format]);
        usize::from(self.string != 0)
            + usize::from(expected.scheme != this.scheme)
            + usize::from(expected.encoding != this.encoding)
            + usize::from(self.key != 0)
    }
}

/// The sign as the integrator sent it, without the spaces and line breaks old Base64 encoders insert.
pub fn compact(sign: &str) -> String {
    sign.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `sign` (compacted) is exactly what `format` makes of `text` under `key`. For RSA the sign must be
/// canonical text of its encoding (so upper- and lower-case hex are told apart) and verify with the key.
pub fn matches(text: &str, format: Format, key: Option<&PublicKey>, sign: &str) -> bool {
    match (format.scheme, key) {
        (Scheme::Md5, _) => make(text, format, None).is_some_and(|made| made == sign),
        (Scheme::Rsa(algorithm), Some(key)) => format.encoding.decode(sign).is_ok_and(|raw| {
            format.encoding.encode(&raw) == sign && key.verify(text.as_bytes(), &raw, algorithm).is_ok()
        }),
        (Scheme::Rsa(_), None) => false,
    }
}

/// The sign `format` makes of `text`: MD5 needs no key (the secret is in the text); RSA needs the private key.
pub fn make(text: &str, format: Format, signer: Option<&PrivateKey>) -> Option<String> {
    match format.scheme {
        Scheme::Md5 => Some(format.encoding.encode(&md5_digest(text.as_bytes()))),
        Scheme::Rsa(algorithm) => signer?.sign_encoded(text.as_bytes(), algorithm, format.encoding).ok(),
    }
}

/// Checks every combination of string variant, format and key.
pub fn check_all(
    strings: &[(String, Option<Built>)],
    formats: &[Format],
    keys: &[Verifier],
    sign: &str,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (key_index, verifier) in keys.iter().enumerate() {
        for (string_index, (_, built)) in strings.iter().enumerate() {
            for (format_index, format) in formats.iter().enumerate() {
                let matched = built.as_ref().map(|b| matches(&b.text, *format, verifier.key.as_ref(), sign));
                out.push(Candidate { string: string_index, format: format_index, key: key_index, matched });
            }
        }
    }
    out
}

/// The text URL-decoded (Java `URLDecoder.decode`, the library's `url_decode`); `None` when that changes
/// nothing or does not give UTF-8, i.e. when "URL-decoded before signing" is not a distinct variant.
pub fn url_decoded(text: &str) -> Option<String> {
    String::from_utf8(url_decode(text)).ok().filter(|decoded| decoded != text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_decoded_is_none_when_nothing_changes_or_not_utf8() {
        assert_eq!(url_decoded("tok%2Ben%3D").as_deref(), Some("tok+en="));
        assert_eq!(url_decoded("H5HTTPSF1E2D"), None);
        assert_eq!(url_decoded("100%"), None);
        assert_eq!(url_decoded("%FF"), None);
    }

    #[test]
    fn md5_candidates_tell_hex_cases_apart() {
        let upper = ydrz::signature::md5_hex(b"abc", true);
        let formats = md5_formats(Encoding::HexUpper);
        assert!(matches("abc", formats[0], None, &upper));
        assert!(!matches("abc", formats[1], None, &upper));
        assert!(matches("abc", formats[1], None, &upper.to_lowercase()));
        assert!(!matches("abd", formats[0], None, &upper));
        assert_eq!(md5_formats(Encoding::HexLower)[0].encoding, Encoding::HexLower);
    }

    #[test]
    fn rsa_formats_list_the_expected_one_first_and_all_six() {
        let formats = rsa_formats(SignStyle { algorithm: SignAlgorithm::Md5WithRsa, encoding: Encoding::Base64 });
        assert_eq!(formats[0], Format::new(Scheme::Rsa(SignAlgorithm::Md5WithRsa), Encoding::Base64));
        for (i, a) in formats.iter().enumerate() {
            assert!(formats[i + 1..].iter().all(|b| a != b), "formats are distinct");
        }
        let candidate = Candidate { string: 1, format: 4, key: 1, matched: None };
        assert_eq!(candidate.deviations(&formats), 4);
    }
}
