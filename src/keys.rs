//! RSA key loading and generation.
//!
//! Accepts what integrators paste: Base64 DER (Java `getEncoded()`), PEM, PKCS#8 or PKCS#1 private keys,
//! X.509 SubjectPublicKeyInfo or PKCS#1 public keys, with whitespace and line breaks anywhere in the Base64.
//! A key is parsed once, when loaded; the handles are immutable and may be shared between threads.
//! Private key material is zeroized when a `PrivateKey` is dropped (the `rsa` crate zeroizes its
//! components on drop, and every intermediate copy made here is held in `Zeroizing`).

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, PrivateKeyInfo};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

use crate::codec::{decode_base64, Encoding};
use crate::error::{Error, Result};

/// Smallest and largest supported modulus sizes, in bits.
pub const MIN_KEY_BITS: usize = 1024;
pub const MAX_KEY_BITS: usize = 4096;
/// Longest key text accepted (a 4096-bit PKCS#1 PEM is about 3.3 KB).
const MAX_KEY_TEXT: usize = 64 * 1024;
/// The longest PEM label shown in an error ("ENCRYPTED PRIVATE KEY" is 21).
const MAX_LABEL_LEN: usize = 40;

const RSA_ENCRYPTION_OID: &str = "1.2.840.113549.1.1.1";

/// A customer or platform RSA private key.
pub struct PrivateKey {
    inner: RsaPrivateKey,
}

/// An RSA public key (the platform's, or a registered customer key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    inner: RsaPublicKey,
}

/// What a DER blob turned out to be.
enum Der {
    Pkcs8Private(RsaPrivateKey),
    Pkcs1Private(RsaPrivateKey),
    SpkiPublic(RsaPublicKey),
    Pkcs1Public(RsaPublicKey),
    NonRsaPkcs8(String),
    NonRsaSpki(String),
    Unknown,
}

impl Der {
    fn description(&self) -> String {
        match self {
            Der::Pkcs8Private(_) => "a PKCS#8 RSA private key".into(),
            Der::Pkcs1Private(_) => "a PKCS#1 RSA private key".into(),
            Der::SpkiPublic(_) => "an X.509 SubjectPublicKeyInfo RSA public key".into(),
            Der::Pkcs1Public(_) => "a PKCS#1 RSA public key".into(),
            Der::NonRsaPkcs8(oid) => format!("a PKCS#8 private key of a non-RSA algorithm (OID {oid})"),
            Der::NonRsaSpki(oid) => format!("a public key of a non-RSA algorithm (OID {oid})"),
            Der::Unknown => "data that is not an RSA key structure (PKCS#8, PKCS#1 or X.509 SPKI)".into(),
        }
    }
}

fn classify(der: &[u8]) -> Der {
    if let Ok(info) = PrivateKeyInfo::try_from(der) {
        let oid = info.algorithm.oid.to_string();
        if oid != RSA_ENCRYPTION_OID {
            return Der::NonRsaPkcs8(oid);
        }
        return match RsaPrivateKey::from_pkcs8_der(der) {
            Ok(key) => Der::Pkcs8Private(key),
            Err(_) => Der::Unknown,
        };
    }
    if let Ok(key) = RsaPrivateKey::from_pkcs1_der(der) {
        return Der::Pkcs1Private(key);
    }
    if let Ok(spki) = rsa::pkcs8::spki::SubjectPublicKeyInfoRef::try_from(der) {
        let oid = spki.algorithm.oid.to_string();
        if oid != RSA_ENCRYPTION_OID {
            return Der::NonRsaSpki(oid);
        }
        return match RsaPublicKey::from_public_key_der(der) {
            Ok(key) => Der::SpkiPublic(key),
            Err(_) => Der::Unknown,
        };
    }
    if let Ok(key) = RsaPublicKey::from_pkcs1_der(der) {
        return Der::Pkcs1Public(key);
    }
    Der::Unknown
}

/// The PEM label a DER structure should carry.
fn expected_label(der: &Der) -> Option<&'static str> {
    match der {
        Der::Pkcs8Private(_) | Der::NonRsaPkcs8(_) => Some("PRIVATE KEY"),
        Der::Pkcs1Private(_) => Some("RSA PRIVATE KEY"),
        Der::SpkiPublic(_) | Der::NonRsaSpki(_) => Some("PUBLIC KEY"),
        Der::Pkcs1Public(_) => Some("RSA PUBLIC KEY"),
        Der::Unknown => None,
    }
}

fn label_format(label: &str) -> &'static str {
    match label {
        "PRIVATE KEY" => "PKCS#8",
        "RSA PRIVATE KEY" | "RSA PUBLIC KEY" => "PKCS#1",
        "PUBLIC KEY" => "X.509 SPKI",
        _ => "unknown",
    }
}

fn der_format(der: &Der) -> &'static str {
    match der {
        Der::Pkcs8Private(_) | Der::NonRsaPkcs8(_) => "PKCS#8",
        Der::Pkcs1Private(_) | Der::Pkcs1Public(_) => "PKCS#1",
        Der::SpkiPublic(_) | Der::NonRsaSpki(_) => "X.509 SPKI",
        Der::Unknown => "unrecognised",
    }
}

/// Whether a PEM label looks like one (upper-case words, as in "RSA PRIVATE KEY"), so that it can be shown.
fn is_plausible_label(label: &str) -> bool {
    (1..=MAX_LABEL_LEN).contains(&label.len())
        && label.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'#')
}

/// Splits PEM text into its label and Base64 body. `Ok(None)` when the text is not PEM.
fn parse_pem(text: &str) -> Result<Option<(String, Zeroizing<String>)>> {
    let Some(rest) = text.strip_prefix("-----BEGIN ") else {
        if text.contains("-----BEGIN ") {
            return Err(Error::key("text has something before its PEM \"-----BEGIN\" line"));
        }
        return Ok(None);
    };
    let Some(label_end) = rest.find("-----") else {
        return Err(Error::key("PEM \"-----BEGIN\" line is not closed with \"-----\""));
    };
    let label = rest[..label_end].to_string();
    if !is_plausible_label(&label) {
        // Not echoed: a label that runs into the Base64 (a lost line break) would carry key material.
        return Err(Error::key(
            "PEM \"-----BEGIN\" line has a malformed label (a lost line break after \"-----BEGIN ...-----\"?)",
        ));
    }
    let body_and_end = &rest[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let Some(end) = body_and_end.find(&end_marker) else {
        return Err(Error::key(format!("PEM block \"{label}\" has no matching \"{end_marker}\" line (truncated?)")));
    };
    if !body_and_end[end + end_marker.len()..].trim().is_empty() {
        return Err(Error::key("text continues after the PEM END line (more than one PEM block?)"));
    }
    let body = &body_and_end[..end];
    if body.lines().any(|l| l.contains(':')) {
        return Err(Error::key(format!(
            "PEM block \"{label}\" has headers (Proc-Type/DEK-Info): encrypted PEM keys are not supported; \
             export the key unencrypted"
        )));
    }
    Ok(Some((label, Zeroizing::new(body.to_string()))))
}

/// Decodes key text (PEM or bare Base64 DER) and classifies it, checking a PEM label against the data.
fn decode_key_text(text: &str) -> Result<Der> {
    if text.len() > MAX_KEY_TEXT {
        return Err(Error::key(format!(
            "key text is {} bytes long; an RSA key of at most {MAX_KEY_BITS} bits is under {MAX_KEY_TEXT} bytes",
            text.len()
        )));
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::key("key text is empty"));
    }
    match parse_pem(trimmed)? {
        Some((label, body)) => {
            match label.as_str() {
                "PRIVATE KEY" | "RSA PRIVATE KEY" | "PUBLIC KEY" | "RSA PUBLIC KEY" => {}
                "ENCRYPTED PRIVATE KEY" => {
                    return Err(Error::key(
                        "this is an encrypted PKCS#8 private key; export it unencrypted \
                         (openssl pkcs8 -topk8 -nocrypt)",
                    ))
                }
                "CERTIFICATE" => {
                    return Err(Error::key(
                        "this is an X.509 certificate, not a key; extract its public key \
                         (openssl x509 -pubkey -noout)",
                    ))
                }
                other => return Err(Error::key(format!("PEM block \"{other}\" is not an RSA key"))),
            }
            let der = Zeroizing::new(decode_base64(&body).map_err(|_| {
                Error::key(format!("PEM block \"{label}\" has invalid Base64 (truncated or altered?)"))
            })?);
            let classified = classify(&der);
            match expected_label(&classified) {
                Some(expected) if expected == label => Ok(classified),
                Some(_) => Err(Error::key(format!(
                    "{} PEM header (\"{label}\") around {} data; fix the header or paste the Base64 alone",
                    label_format(&label),
                    der_format(&classified)
                ))),
                None => Err(Error::key(format!("PEM block \"{label}\" holds {}", classified.description()))),
            }
        }
        None => {
            let der =
                Zeroizing::new(decode_base64(trimmed).map_err(|_| {
                    Error::key("key text is neither PEM nor valid Base64 DER (truncated, or not a key?)")
                })?);
            Ok(classify(&der))
        }
    }
}

fn check_size(bits: usize) -> Result<()> {
    if (MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) {
        Ok(())
    } else {
        Err(Error::key(format!("RSA key of {bits} bits; {MIN_KEY_BITS} to {MAX_KEY_BITS} bits are supported")))
    }
}

impl PrivateKey {
    /// Loads a private key from PEM or Base64 DER, PKCS#8 or PKCS#1.
    pub fn load(text: &str) -> Result<PrivateKey> {
        let mut key = match decode_key_text(text)? {
            Der::Pkcs8Private(k) | Der::Pkcs1Private(k) => k,
            Der::SpkiPublic(_) | Der::Pkcs1Public(_) => {
                return Err(Error::key("this is a public key; a private key is needed here"))
            }
            other => return Err(Error::key(format!("expected an RSA private key, found {}", other.description()))),
        };
        check_size(key.size() * 8)?;
        key.validate().map_err(|_| Error::key("RSA private key is inconsistent (its components do not agree)"))?;
        key.precompute().map_err(|_| Error::key("RSA private key is inconsistent (CRT values cannot be computed)"))?;
        Ok(PrivateKey { inner: key })
    }

    /// Generates a new key pair with e = 65537, like Java's `KeyPairGenerator.getInstance("RSA")`.
    pub fn generate(bits: usize) -> Result<PrivateKey> {
        check_size(bits)?;
        if bits % 8 != 0 {
            return Err(Error::key(format!("key size {bits} is not a multiple of 8 bits")));
        }
        let inner = RsaPrivateKey::new(&mut rand::thread_rng(), bits)
            .map_err(|e| Error::key(format!("key generation failed: {e}")))?;
        Ok(PrivateKey { inner })
    }

    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// Modulus length in bytes (k).
    pub fn size(&self) -> usize {
        self.inner.size()
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey { inner: self.inner.to_public_key() }
    }

    /// Base64 of PKCS#8 PrivateKeyInfo DER without line breaks: Java `PrivateKey.getEncoded()`.
    pub fn to_pkcs8_base64(&self) -> Result<Zeroizing<String>> {
        let doc = self.inner.to_pkcs8_der().map_err(|e| Error::key(format!("cannot encode private key: {e}")))?;
        Ok(Zeroizing::new(Encoding::Base64.encode(doc.as_bytes())))
    }

    pub(crate) fn rsa(&self) -> &RsaPrivateKey {
        &self.inner
    }
}

impl PublicKey {
    /// Loads a public key from PEM or Base64 DER, X.509 SPKI or PKCS#1.
    pub fn load(text: &str) -> Result<PublicKey> {
        let key = match decode_key_text(text)? {
            Der::SpkiPublic(k) | Der::Pkcs1Public(k) => k,
            Der::Pkcs8Private(_) | Der::Pkcs1Private(_) => return Err(Error::key(
                "this is a private key; a public key is needed here (never hand a private key to a public-key slot)",
            )),
            other => return Err(Error::key(format!("expected an RSA public key, found {}", other.description()))),
        };
        check_size(key.size() * 8)?;
        Ok(PublicKey { inner: key })
    }

    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// Modulus length in bytes (k).
    pub fn size(&self) -> usize {
        self.inner.size()
    }

    /// Base64 of X.509 SubjectPublicKeyInfo DER without line breaks: Java `PublicKey.getEncoded()`.
    pub fn to_spki_base64(&self) -> Result<String> {
        let doc = self.inner.to_public_key_der().map_err(|e| Error::key(format!("cannot encode public key: {e}")))?;
        Ok(Encoding::Base64.encode(doc.as_bytes()))
    }

    pub(crate) fn rsa(&self) -> &RsaPublicKey {
        &self.inner
    }
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({} bits, redacted)", self.bits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The private key material is wiped when a `PrivateKey` (and so a handle or a client) is dropped: the
    /// `rsa` crate's key zeroizes its components on drop, and this stops compiling if an upgrade loses that.
    #[test]
    fn private_key_material_is_zeroized_on_drop() {
        fn zeroized_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        zeroized_on_drop::<RsaPrivateKey>();
        let key = PrivateKey::generate(1024).unwrap();
        assert!(format!("{key:?}").contains("redacted"));
    }

    /// A BEGIN line that runs into the Base64 (a lost line break) is reported without echoing the label,
    /// which would carry key material.
    #[test]
    fn a_malformed_pem_label_is_not_echoed() {
        let base64 = PrivateKey::generate(1024).unwrap().to_pkcs8_base64().unwrap();
        let text = format!("-----BEGIN RSA PRIVATE KEY{}\n-----END RSA PRIVATE KEY-----", base64.as_str());
        let e = PrivateKey::load(&text).unwrap_err();
        assert_eq!(e.status(), crate::Status::Key);
        assert!(e.message().contains("malformed label"), "{}", e.message());
        assert!(!e.message().contains(&base64[40..64]), "{}", e.message());
        let e = PrivateKey::load("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----")
            .unwrap_err();
        assert!(e.message().contains("\"CERTIFICATE REQUEST\" is not an RSA key"), "a plausible label is shown: {e}");
    }
}
