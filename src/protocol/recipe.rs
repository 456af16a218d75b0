//! A recipe: how one value a request carries (a sign, an encrypted or hashed `phoneNum`) is made from the
//! request's fields and the app's secrets. The descriptors of `crate::protocol::interfaces` hold one per value;
//! the string builders, the sandbox's verifiers, `ydrz doctor` and the table in docs/protocol.md read them.

use zeroize::Zeroizing;

use crate::codec::Encoding;
use crate::error::{Error, Result};
use crate::keys::{PrivateKey, PublicKey};
use crate::protocol::fields::{phone, required, timestamp};
use crate::signature::{hmac_sha256_hex, md5_digest, sha256_hex, SignAlgorithm};

/// What rule a piece's value follows before it goes into a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A non-empty field.
    Text,
    /// A 17-digit `yyyyMMddHHmmssSSS` timestamp.
    Timestamp,
    /// The typed 11-digit phone number.
    Phone,
    /// A secret of the app (appkey, APPSecret): inside the string, never sent.
    Secret,
}

/// One part of a string to sign, in its place ("+" in the platform's formulas is plain concatenation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The field's wire name (or the secret's name as the documents write it): the key of its value.
    pub name: &'static str,
    /// The argument name errors use (the C ABI's parameter).
    pub arg: &'static str,
    pub rule: Rule,
}

impl Piece {
    pub const fn text(name: &'static str, arg: &'static str) -> Piece {
        Piece { name, arg, rule: Rule::Text }
    }

    pub const fn timestamp(name: &'static str, arg: &'static str) -> Piece {
        Piece { name, arg, rule: Rule::Timestamp }
    }

    pub const fn secret(name: &'static str, arg: &'static str) -> Piece {
        Piece { name, arg, rule: Rule::Secret }
    }

    /// The typed phone number (what number verification encrypts or hashes).
    pub const PHONE: Piece = Piece { name: "phone", arg: "phone", rule: Rule::Phone };

    /// `value` checked by this piece's rule.
    fn check<'a>(&self, value: &'a str) -> Result<&'a str> {
        match self.rule {
            Rule::Text | Rule::Secret => required(self.arg, value),
            Rule::Timestamp => timestamp(self.arg, value),
            Rule::Phone => phone(value),
        }
    }
}

/// A signature algorithm with the text encoding of its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignStyle {
    pub algorithm: SignAlgorithm,
    pub encoding: Encoding,
}

/// How the composed string becomes the value sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// MD5 digest of the string (the secret is inside it).
    Md5,
    /// SHA-256 digest of the string.
    Sha256,
    /// HMAC-SHA256 of the string keyed with the value of the piece named here.
    HmacSha256(Piece),
    /// An RSA signature with the customer private key.
    Rsa(SignAlgorithm),
    /// RSA PKCS#1 v1.5 encryption under the platform public key, in blocks of k−11 bytes.
    RsaEncrypt,
}

impl Algorithm {
    /// The platform documents' name.
    pub fn name(self) -> String {
        match self {
            Algorithm::Md5 => "MD5".into(),
            Algorithm::Sha256 => "SHA-256".into(),
            Algorithm::HmacSha256(key) => format!("HMAC-SHA256 (key {})", key.name),
            Algorithm::Rsa(algorithm) => algorithm.name().into(),
            Algorithm::RsaEncrypt => "RSA PKCS#1 v1.5 encryption (platform public key)".into(),
        }
    }
}

/// A source's word on a point of a recipe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The documents fix it; the source tags of docs/protocol.md#sources that do.
    Documented(&'static str),
    /// The documents leave it open; what the project chose it from.
    Open(&'static str),
}

/// How one value of a request is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recipe {
    /// The field it fills, with the mode it belongs to when the interface has several ("sign, RSA mode").
    pub output: &'static str,
    /// What is concatenated, in order.
    pub pieces: &'static [Piece],
    pub algorithm: Algorithm,
    pub encoding: Encoding,
    /// Sources of the pieces, their order and the algorithm.
    pub source: &'static str,
    /// Whether the documents fix the encoding (hex or Base64, and the case of hex).
    pub encoding_basis: Basis,
}

impl Recipe {
    /// The string made of `values` (each piece's value, by [`Piece::name`]) in this recipe's order, every
    /// value checked by its piece's rule. It may hold a secret, hence `Zeroizing`.
    pub fn compose(&self, values: &[(&str, &str)]) -> Result<Zeroizing<String>> {
        compose(self.pieces, values)
    }

    /// The recipe's formula as the documents write it: the piece names joined with `+`.
    pub fn formula(&self) -> String {
        formula(self.pieces)
    }

    /// The output of a keyless algorithm (MD5, SHA-256, HMAC-SHA256 keyed by a piece) over `values`, written in
    /// `encoding`, which must be hex. `None` for the RSA algorithms, which need a key.
    pub fn digest(&self, values: &[(&str, &str)], encoding: Encoding) -> Result<Option<String>> {
        let upper = match encoding {
            Encoding::HexUpper => true,
            Encoding::HexLower => false,
            Encoding::Base64 => return Err(Error::invalid_arg(format!("the {} is hex", self.output))),
        };
        let text = self.compose(values)?;
        Ok(match self.algorithm {
            Algorithm::Md5 => Some(encoding.encode(&md5_digest(text.as_bytes()))),
            Algorithm::Sha256 => Some(sha256_hex(text.as_bytes(), upper)),
            Algorithm::HmacSha256(key) => {
                Some(hmac_sha256_hex(value_of(&key, values)?.as_bytes(), text.as_bytes(), upper))
            }
            Algorithm::Rsa(_) | Algorithm::RsaEncrypt => None,
        })
    }

    /// The signature algorithm and encoding, when the recipe is an RSA signature.
    pub const fn rsa_style(&self) -> Option<SignStyle> {
        match self.algorithm {
            Algorithm::Rsa(algorithm) => Some(SignStyle { algorithm, encoding: self.encoding }),
            _ => None,
        }
    }

    /// The RSA signature of the composed string with `key`, written in `encoding` (an option may change the
    /// recipe's own).
    pub fn sign_with(&self, key: &PrivateKey, values: &[(&str, &str)], encoding: Encoding) -> Result<String> {
        let text = self.compose(values)?;
        key.sign_encoded(text.as_bytes(), self.rsa_algorithm()?, encoding)
    }

    /// Whether `sign` is exactly the RSA signature, written in `encoding`, of the composed string under `key`
    /// (false for the other recipes and for values the pieces' rules refuse).
    pub fn verify_with(&self, key: &PublicKey, values: &[(&str, &str)], sign: &str, encoding: Encoding) -> bool {
        let (Ok(algorithm), Ok(text)) = (self.rsa_algorithm(), self.compose(values)) else { return false };
        encoding.is_canonical(sign) && key.verify_encoded(text.as_bytes(), sign, algorithm, encoding).is_ok()
    }

    /// The RSA signature algorithm; an error for the other recipes.
    pub fn rsa_algorithm(&self) -> Result<SignAlgorithm> {
        self.rsa_style()
            .map(|style| style.algorithm)
            .ok_or_else(|| Error::invalid_arg(format!("the {} is not an RSA signature", self.output)))
    }

    /// The RSA signature algorithm's name (empty for other algorithms), for the defaults of the options.
    pub const fn rsa_name(&self) -> &'static str {
        match self.algorithm {
            Algorithm::Rsa(algorithm) => algorithm.name(),
            _ => "",
        }
    }
}

/// `pieces`' values from `values`, in order, each checked by its rule.
pub fn compose(pieces: &[Piece], values: &[(&str, &str)]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for piece in pieces {
        out.push_str(value_of(piece, values)?);
    }
    Ok(out)
}

/// `pieces`' names joined with `+`.
pub fn formula(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| p.name).collect::<Vec<_>>().join("+")
}

fn value_of<'a>(piece: &Piece, values: &[(&str, &'a str)]) -> Result<&'a str> {
    let value = values.iter().find(|(name, _)| *name == piece.name).map(|(_, value)| *value);
    piece.check(value.ok_or_else(|| Error::invalid_arg(format!("{} is not given", piece.arg)))?)
}

/// The default of one option of a client configuration section, as the option is written in the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Text(&'static str),
    Texts(&'static [&'static str]),
    Flag(bool),
}

impl Value {
    /// The value as JSON.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Value::Text(text) => text.into(),
            Value::Texts(texts) => texts.iter().map(|t| serde_json::Value::from(*t)).collect(),
            Value::Flag(flag) => flag.into(),
        }
    }
}

/// One option of a configuration section and its default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: &'static str,
    pub default: Value,
}

impl Setting {
    pub const fn text(key: &'static str, default: &'static str) -> Setting {
        Setting { key, default: Value::Text(default) }
    }
}

/// A client configuration section: the recipes it signs with and its options' defaults.
#[derive(Debug)]
pub struct Section {
    /// The key of the section in the configuration JSON.
    pub name: &'static str,
    pub recipes: &'static [&'static Recipe],
    pub settings: &'static [Setting],
}

impl Section {
    /// The default of the text option `key`; empty when it has none (tests check every name used).
    pub const fn text(&self, key: &str) -> &'static str {
        let mut i = 0;
        while i < self.settings.len() {
            if let (true, Value::Text(text)) = (same(self.settings[i].key, key), self.settings[i].default) {
                return text;
            }
            i += 1;
        }
        ""
    }
}

/// `a == b`, in a constant.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Piece = Piece::text("a", "a_arg");
    const T: Piece = Piece::timestamp("ts", "timestamp");
    const K: Piece = Piece::secret("key", "app_key");
    const R: Recipe = Recipe {
        output: "sign",
        pieces: &[A, T, K],
        algorithm: Algorithm::HmacSha256(K),
        encoding: Encoding::HexUpper,
        source: "test",
        encoding_basis: Basis::Open("test"),
    };

    #[test]
    fn compose_follows_the_order_and_checks_each_value() {
        let values = [("key", "K"), ("ts", "20240131235959123"), ("a", "x")];
        assert_eq!(R.compose(&values).unwrap().as_str(), "x20240131235959123K");
        assert_eq!(R.formula(), "a+ts+key");
        let e = R.compose(&[("key", "K"), ("ts", "2024"), ("a", "x")]).unwrap_err();
        assert!(e.message().starts_with("timestamp must be 17 digits"), "{}", e.message());
        let e = R.compose(&[("key", "K"), ("ts", "20240131235959123"), ("a", "")]).unwrap_err();
        assert_eq!(e.message(), "a_arg is empty");
        assert_eq!(R.compose(&[("a", "x")]).unwrap_err().message(), "timestamp is not given");
    }

    #[test]
    fn digest_is_keyed_by_its_piece_and_refuses_base64() {
        let values = [("key", "K"), ("ts", "20240131235959123"), ("a", "x")];
        let expected = hmac_sha256_hex(b"K", b"x20240131235959123K", true);
        assert_eq!(R.digest(&values, Encoding::HexUpper).unwrap(), Some(expected.clone()));
        assert_eq!(R.digest(&values, Encoding::HexLower).unwrap(), Some(expected.to_lowercase()));
        assert!(R.digest(&values, Encoding::Base64).is_err());
        let rsa = Recipe { algorithm: Algorithm::Rsa(SignAlgorithm::Md5WithRsa), ..R };
        assert_eq!(rsa.digest(&values, Encoding::HexUpper).unwrap(), None);
    }
}
