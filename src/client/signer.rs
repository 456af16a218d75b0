//! Who signs a client's requests: its configured `private_key`, or the host (`"signer": "external"` with the
//! client's `public_key`), whose key may live in an HSM or a KMS. An external signature is a [`SignStep`]: the
//! host signs [`SignStep::input`] with [`SignStep::algorithm`], and [`SignStep::accept`] verifies the signature
//! against the configured public key before anything uses it. A decryption the host must make (an App login
//! msisdn encrypted for the key it holds) is a [`DecryptStep`].

use zeroize::Zeroizing;

use crate::codec::Encoding;
use crate::error::{Error, Result, Status};
use crate::keys::{PrivateKey, PublicKey};
use crate::protocol::interfaces::SignStyle;
use crate::signature::SignAlgorithm;

/// The signing key of a client.
#[derive(Debug)]
pub enum Signer {
    /// The configured `private_key` signs in the library.
    Key(PrivateKey),
    /// The host signs; signatures are verified against this public key (`public_key`).
    External(PublicKey),
}

/// A signature the host must make: the bytes to sign and the algorithm, checked against the client's public key.
pub struct SignStep {
    algorithm: SignAlgorithm,
    encoding: Encoding,
    input: Zeroizing<Vec<u8>>,
    key: PublicKey,
}

/// A signature made now (configured private key) or awaited from the host (external signer).
pub(crate) enum Signature {
    Made(String),
    Awaited(SignStep),
}

impl Signature {
    /// The text to place in the request body now: the signature, or empty until the host provides it.
    pub fn text(&self) -> &str {
        match self {
            Signature::Made(text) => text,
            Signature::Awaited(_) => "",
        }
    }
}

impl Signer {
    /// Signs `text` with `style`, or describes the signature the host must make.
    pub(crate) fn sign(&self, text: &[u8], style: SignStyle) -> Result<Signature> {
        Ok(match self {
            Signer::Key(key) => Signature::Made(key.sign_encoded(text, style.algorithm, style.encoding)?),
            Signer::External(key) => Signature::Awaited(SignStep {
                algorithm: style.algorithm,
                encoding: style.encoding,
                input: Zeroizing::new(text.to_vec()),
                key: key.clone(),
            }),
        })
    }
}

impl SignStep {
    /// The algorithm the signature must use (what the interface's recipe or the configuration asks).
    pub fn algorithm(&self) -> SignAlgorithm {
        self.algorithm
    }

    /// The exact bytes to sign (the algorithm hashes them: they are not a digest).
    pub fn input(&self) -> &[u8] {
        &self.input
    }

    /// Verifies the host's raw signature (k bytes, PKCS#1 v1.5) against the configured public key and writes
    /// it in the encoding the request needs. A signature that does not verify is `Status::Signature`, saying
    /// whether it was made with the other algorithm (it verifies that way) or with another key.
    pub fn accept(&self, signature: &[u8]) -> Result<String> {
        if self.key.verify(&self.input, signature, self.algorithm).is_ok() {
            return Ok(self.encoding.encode(signature));
        }
        let other = match self.algorithm {
            SignAlgorithm::Sha256WithRsa => SignAlgorithm::Md5WithRsa,
            SignAlgorithm::Md5WithRsa => SignAlgorithm::Sha256WithRsa,
        };
        let message = if self.key.verify(&self.input, signature, other).is_ok() {
            format!(
                "wrong algorithm: the signature is {} but {} is needed; nothing was sent",
                other.name(),
                self.algorithm.name()
            )
        } else {
            format!(
                "wrong key: the {} signature does not verify with the configured public_key (or the bytes \
                 signed differ); nothing was sent",
                self.algorithm.name()
            )
        };
        Err(Error::new(Status::Signature, message))
    }
}

impl std::fmt::Debug for SignStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SignStep({}, {} bytes)", self.algorithm.name(), self.input.len())
    }
}

/// A decryption the host's private key must make: RSA PKCS#1 v1.5 blocks of [`DecryptStep::block_bytes`] each,
/// whose plaintexts the host hands back concatenated.
pub struct DecryptStep {
    input: Vec<u8>,
    block_bytes: usize,
}

impl DecryptStep {
    /// The algorithm of every block, in JCA terms.
    pub const ALGORITHM: &'static str = "RSA/ECB/PKCS1Padding";

    /// `ciphertext` (a whole number of `block_bytes` blocks, checked by the caller) for the host to decrypt.
    pub(crate) fn new(ciphertext: Vec<u8>, block_bytes: usize) -> DecryptStep {
        DecryptStep { input: ciphertext, block_bytes }
    }

    /// The ciphertext: one or more blocks of [`DecryptStep::block_bytes`] bytes.
    pub fn input(&self) -> &[u8] {
        &self.input
    }

    /// The length of one RSA block: the size of the key's modulus in bytes.
    pub fn block_bytes(&self) -> usize {
        self.block_bytes
    }
}

impl std::fmt::Debug for DecryptStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DecryptStep({} bytes in {}-byte blocks)", self.input.len(), self.block_bytes)
    }
}
