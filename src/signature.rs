//! Digests and RSASSA-PKCS1-v1_5 signatures (Java `SHA256withRSA` / `MD5withRSA`).

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

use crate::awslc;
use crate::codec::Encoding;
use crate::error::{quoted_name, Error, Result, Status};
use crate::keys::{PrivateKey, PublicKey};

/// Signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignAlgorithm {
    Sha256WithRsa,
    Md5WithRsa,
}

impl SignAlgorithm {
    /// Parses a configuration name: `SHA256withRSA` or `MD5withRSA` (case-insensitive).
    pub fn from_name(name: &str) -> Result<SignAlgorithm> {
        match name.to_ascii_lowercase().as_str() {
            "sha256withrsa" => Ok(SignAlgorithm::Sha256WithRsa),
            "md5withrsa" => Ok(SignAlgorithm::Md5WithRsa),
            _ => Err(Error::invalid_arg(format!(
                "unknown signature algorithm {}: use SHA256withRSA or MD5withRSA",
                quoted_name(name)
            ))),
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            SignAlgorithm::Sha256WithRsa => "SHA256withRSA",
            SignAlgorithm::Md5WithRsa => "MD5withRSA",
        }
    }

    /// The digest of `data` this algorithm signs, and its kind (named in the signature's DigestInfo).
    fn digest(self, data: &[u8]) -> (awslc::Digest, Vec<u8>) {
        match self {
            SignAlgorithm::Sha256WithRsa => (awslc::Digest::Sha256, Sha256::digest(data).to_vec()),
            SignAlgorithm::Md5WithRsa => (awslc::Digest::Md5, Md5::digest(data).to_vec()),
        }
    }
}

/// MD5 of the bytes.
pub fn md5_digest(data: &[u8]) -> [u8; 16] {
    Md5::digest(data).into()
}

/// MD5 of the bytes, as hex in the given case (the jssdk and App "MD5 sign tool").
pub fn md5_hex(data: &[u8], upper: bool) -> String {
    hex_digest(&md5_digest(data), upper)
}

/// SHA-256 of the bytes, as hex in the given case.
pub fn sha256_hex(data: &[u8], upper: bool) -> String {
    hex_digest(&Sha256::digest(data), upper)
}

/// HMAC-SHA256 of the bytes under `key`, as hex in the given case.
pub fn hmac_sha256_hex(key: &[u8], data: &[u8], upper: bool) -> String {
    // HMAC accepts keys of any length, so construction cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    hex_digest(&mac.finalize().into_bytes(), upper)
}

fn hex_digest(bytes: &[u8], upper: bool) -> String {
    if upper {
        Encoding::HexUpper.encode(bytes)
    } else {
        Encoding::HexLower.encode(bytes)
    }
}

impl PrivateKey {
    /// Signs the bytes; the result is the raw k-byte signature. Constant-time and blinded (AWS-LC).
    pub fn sign(&self, data: &[u8], algorithm: SignAlgorithm) -> Result<Vec<u8>> {
        let (kind, digest) = algorithm.digest(data);
        self.rsa().sign(kind, &digest).map_err(|_| Error::crypto(format!("{} signing failed", algorithm.name())))
    }

    /// Signs the bytes and writes the signature in `encoding`.
    pub fn sign_encoded(&self, data: &[u8], algorithm: SignAlgorithm, encoding: Encoding) -> Result<String> {
        Ok(encoding.encode(&self.sign(data, algorithm)?))
    }
}

impl PublicKey {
    /// Verifies a raw signature. A signature that does not verify is `Status::Signature`.
    pub fn verify(&self, data: &[u8], signature: &[u8], algorithm: SignAlgorithm) -> Result<()> {
        let (kind, digest) = algorithm.digest(data);
        if self.rsa().verify(kind, &digest, signature) {
            Ok(())
        } else {
            Err(Error::new(
                Status::Signature,
                format!("{} signature does not verify with this public key", algorithm.name()),
            ))
        }
    }

    /// Verifies a signature written in `encoding`. Text that does not decode is also `Status::Signature`.
    pub fn verify_encoded(
        &self,
        data: &[u8],
        signature: &str,
        algorithm: SignAlgorithm,
        encoding: Encoding,
    ) -> Result<()> {
        let raw = encoding.decode(signature).map_err(|e| {
            Error::new(Status::Signature, format!("signature is not {} text: {}", encoding.name(), e.message()))
        })?;
        self.verify(data, &raw, algorithm)
    }
}
