//! RSA key loading and generation.
//!
//! Accepts what integrators paste: Base64 DER (Java `getEncoded()`), PEM, PKCS#8 or PKCS#1 private keys,
//! X.509 SubjectPublicKeyInfo or PKCS#1 public keys, with whitespace and line breaks anywhere in the Base64.
//! The DER structure is read here (to tell the formats apart and to say precisely why a key is refused); the
//! key itself is parsed once, when loaded, into an AWS-LC key object (`awslc::Rsa`). The handles
//! are immutable and may be shared between threads. Private key material is cleansed when a `PrivateKey` is
//! dropped (AWS-LC zeroes the key's memory as it frees it, and every intermediate copy made here is held in
//! `Zeroizing`).

use pkcs1::UintRef;
use pkcs8::spki::SubjectPublicKeyInfoRef;
use pkcs8::PrivateKeyInfo;
use zeroize::Zeroizing;

use crate::awslc::Rsa;
use crate::codec::{decode_base64, Encoding};
use crate::error::{Error, Result};

/// Smallest and largest supported modulus sizes, in bits.
pub const MIN_KEY_BITS: usize = 1024;
pub const MAX_KEY_BITS: usize = 4096;
/// Longest key text accepted (a 4096-bit PKCS#1 PEM is about 3.3 KB).
pub const MAX_KEY_TEXT: usize = 64 * 1024;
/// The longest PEM label shown in an error ("ENCRYPTED PRIVATE KEY" is 21).
const MAX_LABEL_LEN: usize = 40;

const RSA_ENCRYPTION_OID: &str = "1.2.840.113549.1.1.1";

/// The largest public exponent accepted, in bits (AWS-LC's limit; keys normally use 65537).
const MAX_EXPONENT_BITS: usize = 33;

/// A customer or platform RSA private key.
pub struct PrivateKey {
    inner: Rsa,
}

/// An RSA public key (the platform's, or a registered customer key).
#[derive(Clone)]
pub struct PublicKey {
    inner: Rsa,
}

/// What a DER blob turned out to be. The RSA variants carry their PKCS#1 structure (RSAPrivateKey or
/// RSAPublicKey DER), which parses as such.
enum Der {
    Pkcs8Private(Zeroizing<Vec<u8>>),
    Pkcs1Private(Zeroizing<Vec<u8>>),
    SpkiPublic(Vec<u8>),
    Pkcs1Public(Vec<u8>),
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
        return match pkcs1::RsaPrivateKey::try_from(info.private_key) {
            Ok(_) => Der::Pkcs8Private(Zeroizing::new(info.private_key.to_vec())),
            Err(_) => Der::Unknown,
        };
    }
    if pkcs1::RsaPrivateKey::try_from(der).is_ok() {
        return Der::Pkcs1Private(Zeroizing::new(der.to_vec()));
    }
    if let Ok(spki) = SubjectPublicKeyInfoRef::try_from(der) {
        let oid = spki.algorithm.oid.to_string();
        if oid != RSA_ENCRYPTION_OID {
            return Der::NonRsaSpki(oid);
        }
        return match spki.subject_public_key.as_bytes() {
            Some(body) if pkcs1::RsaPublicKey::try_from(body).is_ok() => Der::SpkiPublic(body.to_vec()),
            _ => Der::Unknown,
        };
    }
    if pkcs1::RsaPublicKey::try_from(der).is_ok() {
        return Der::Pkcs1Public(der.to_vec());
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

/// Number of significant bits of a big-endian unsigned integer without leading zero bytes.
fn bit_length(bytes: &[u8]) -> usize {
    bytes.first().map_or(0, |&top| (bytes.len() - 1) * 8 + (8 - top.leading_zeros() as usize))
}

/// Checks the modulus and public exponent a key carries, saying what is wrong with them: its size in bits,
/// an even modulus (not a product of two odd primes), an exponent that is even, below 3 or too long.
fn check_public_parts(modulus: UintRef<'_>, exponent: UintRef<'_>) -> Result<()> {
    let n = modulus.as_bytes();
    check_size(bit_length(n))?;
    if n.last().is_some_and(|low| low % 2 == 0) {
        return Err(Error::key("RSA modulus is even, so it is not a product of two odd primes: not a valid RSA key"));
    }
    let e = exponent.as_bytes();
    let e_bits = bit_length(e);
    if e_bits > MAX_EXPONENT_BITS {
        return Err(Error::key(format!(
            "RSA public exponent is {e_bits} bits long; at most {MAX_EXPONENT_BITS} bits are supported \
             (keys normally use 65537)"
        )));
    }
    let value = e.iter().fold(0u64, |value, &b| (value << 8) | u64::from(b));
    if value < 3 || value % 2 == 0 {
        return Err(Error::key(format!(
            "RSA public exponent {value} is not valid: it must be odd and at least 3 (keys normally use 65537)"
        )));
    }
    Ok(())
}

impl PrivateKey {
    /// Loads a private key from PEM or Base64 DER, PKCS#8 or PKCS#1.
    pub fn load(text: &str) -> Result<PrivateKey> {
        let der = match decode_key_text(text)? {
            Der::Pkcs8Private(der) | Der::Pkcs1Private(der) => der,
            Der::SpkiPublic(_) | Der::Pkcs1Public(_) => {
                return Err(Error::key("this is a public key; a private key is needed here"))
            }
            other => return Err(Error::key(format!("expected an RSA private key, found {}", other.description()))),
        };
        // `classify` only returns structures that parse as RSAPrivateKey.
        let parts = pkcs1::RsaPrivateKey::try_from(der.as_slice())
            .map_err(|_| Error::key("RSA private key structure cannot be read"))?;
        check_public_parts(parts.modulus, parts.public_exponent)?;
        let inner = Rsa::private_from_pkcs1(&der).map_err(|_| {
            Error::key("RSA private key is inconsistent (its components do not agree, or it has more than two primes)")
        })?;
        Ok(PrivateKey { inner })
    }

    /// Generates a new key pair with e = 65537, like Java's `KeyPairGenerator.getInstance("RSA")`.
    pub fn generate(bits: usize) -> Result<PrivateKey> {
        check_size(bits)?;
        if bits % 128 != 0 {
            return Err(Error::key(format!("key size {bits} is not a multiple of 128 bits (1024, 2048, 3072 ...)")));
        }
        let inner = Rsa::generate(bits).map_err(|_| Error::key(format!("{bits}-bit key generation failed")))?;
        Ok(PrivateKey { inner })
    }

    pub fn bits(&self) -> usize {
        self.inner.bits()
    }

    /// Modulus length in bytes (k).
    pub fn size(&self) -> usize {
        self.inner.size()
    }

    pub fn public_key(&self) -> PublicKey {
        // Copying n and e only fails when memory runs out, which Rust's own allocations treat as fatal too.
        PublicKey { inner: self.inner.public_key().expect("out of memory copying an RSA public key") }
    }

    /// Base64 of PKCS#8 PrivateKeyInfo DER without line breaks: Java `PrivateKey.getEncoded()`.
    pub fn to_pkcs8_base64(&self) -> Result<Zeroizing<String>> {
        let der = self.inner.to_pkcs8_der().map_err(|_| Error::key("cannot encode the private key as PKCS#8"))?;
        Ok(Zeroizing::new(Encoding::Base64.encode(&der)))
    }

    pub(crate) fn rsa(&self) -> &Rsa {
        &self.inner
    }
}

impl PublicKey {
    /// Loads a public key from PEM or Base64 DER, X.509 SPKI or PKCS#1.
    pub fn load(text: &str) -> Result<PublicKey> {
        let der = match decode_key_text(text)? {
            Der::SpkiPublic(der) | Der::Pkcs1Public(der) => der,
            Der::Pkcs8Private(_) | Der::Pkcs1Private(_) => return Err(Error::key(
                "this is a private key; a public key is needed here (never hand a private key to a public-key slot)",
            )),
            other => return Err(Error::key(format!("expected an RSA public key, found {}", other.description()))),
        };
        // `classify` only returns structures that parse as RSAPublicKey.
        let parts =
            pkcs1::RsaPublicKey::try_from(der.as_slice()).map_err(|_| Error::key("RSA public key cannot be read"))?;
        check_public_parts(parts.modulus, parts.public_exponent)?;
        let inner = Rsa::public_from_pkcs1(&der).map_err(|_| Error::key("RSA public key is not valid"))?;
        Ok(PublicKey { inner })
    }

    pub fn bits(&self) -> usize {
        self.inner.bits()
    }

    /// Modulus length in bytes (k).
    pub fn size(&self) -> usize {
        self.inner.size()
    }

    /// Base64 of X.509 SubjectPublicKeyInfo DER without line breaks: Java `PublicKey.getEncoded()`.
    pub fn to_spki_base64(&self) -> Result<String> {
        let der = self.inner.to_spki_der().map_err(|_| Error::key("cannot encode the public key as X.509 SPKI"))?;
        Ok(Encoding::Base64.encode(&der))
    }

    pub(crate) fn rsa(&self) -> &Rsa {
        &self.inner
    }
}

/// Two public keys are equal when their modulus and public exponent are.
impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.inner.same_public_key(&other.inner)
    }
}

impl Eq for PublicKey {}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({} bits)", self.bits())
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

    /// A private key's Debug output never shows key material.
    #[test]
    fn private_key_debug_output_is_redacted() {
        let key = PrivateKey::generate(1024).unwrap();
        assert_eq!(format!("{key:?}"), "PrivateKey(1024 bits, redacted)");
    }

    /// Key handles are shared between threads (the C ABI documents them as thread-safe).
    #[test]
    fn keys_are_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<PrivateKey>();
        shareable::<PublicKey>();
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

    /// A well-formed public key that is not a usable RSA key is refused with the reason, not as "not an RSA
    /// key structure": too large, an exponent of 1 or an even one, an even modulus.
    #[test]
    fn unusable_public_keys_are_refused_with_the_reason() {
        use rsa::pkcs8::EncodePublicKey;
        use rsa::BigUint;
        let odd_modulus = |bits: usize| {
            let mut bytes = vec![0x5a; bits / 8];
            bytes[0] = 0xc3;
            *bytes.last_mut().unwrap() = 0x01;
            BigUint::from_bytes_be(&bytes)
        };
        let refusal = |n: BigUint, e: u64| {
            let der = rsa::RsaPublicKey::new_unchecked(n, BigUint::from(e)).to_public_key_der().unwrap();
            let e = PublicKey::load(&Encoding::Base64.encode(der.as_bytes())).unwrap_err();
            assert_eq!(e.status(), crate::Status::Key);
            e.message().to_string()
        };
        assert!(refusal(odd_modulus(16384), 65537).contains("RSA key of 16384 bits; 1024 to 4096"));
        assert!(refusal(odd_modulus(2048), 1).contains("public exponent 1 is not valid"));
        assert!(refusal(odd_modulus(2048), 65536).contains("public exponent 65536 is not valid"));
        assert!(refusal(odd_modulus(2048), 1 << 40).contains("exponent is 41 bits long"));
        assert!(refusal(odd_modulus(2048) + 1u32, 65537).contains("modulus is even"));
    }
}
