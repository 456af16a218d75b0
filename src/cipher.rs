//! Encryption: RSA PKCS#1 v1.5 in k-11 byte chunks (`RsaUtils.encryptedDataOnJava`) and AES-128-ECB for the
//! msisdn that tokenValidate returns.

use aes::cipher::generic_array::GenericArray;
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use zeroize::Zeroizing;

use crate::codec::{decode_base64, decode_hex, looks_like_hex, Encoding};
use crate::error::{quoted_name, Error, Result};
use crate::keys::{PrivateKey, PublicKey};

/// PKCS#1 v1.5 encryption overhead in bytes.
const PKCS1_OVERHEAD: usize = 11;
/// Longest plaintext accepted for chunked RSA encryption (public-key operations are cheap: at 1024 bits this
/// is 561 blocks, a few milliseconds).
pub const MAX_RSA_TEXT: usize = 64 * 1024;
/// Longest ciphertext accepted for decryption. Each block costs one private-key operation, so this bounds a
/// call to 64 of them at 1024 bits and 16 at 4096 bits (well under a second on a loaded 2-core machine);
/// what the platform and the phoneNum field carry is one or two blocks.
pub const MAX_RSA_CIPHERTEXT: usize = 8 * 1024;
/// Longest ciphertext text (Base64 or hex, whitespace included) looked at: room for the largest accepted
/// ciphertext as hex with a separator after every byte (3 characters a byte) or as line-wrapped Base64, and
/// checked before any decoding, so that a huge text costs nothing.
pub const MAX_RSA_CIPHERTEXT_TEXT: usize = 4 * MAX_RSA_CIPHERTEXT;

/// The message of every RSA decryption failure that depends on what the ciphertext decrypts to (bad padding,
/// or a plaintext that is not text): one message and one status, so that an error is no padding oracle.
const TEXT_DOES_NOT_DECRYPT: &str =
    "RSA ciphertext does not decrypt to text with this key (wrong key, or altered or truncated ciphertext)";

impl PublicKey {
    /// Encrypts in blocks of k-11 bytes and joins the k-byte ciphertext blocks, like `encryptedDataOnJava`.
    pub fn encrypt_chunked(&self, plaintext: &[u8]) -> Result<Vec<u8>> {
        if plaintext.is_empty() {
            return Err(Error::invalid_arg("plaintext is empty"));
        }
        if plaintext.len() > MAX_RSA_TEXT {
            return Err(Error::invalid_arg(format!(
                "plaintext is {} bytes; at most {MAX_RSA_TEXT} bytes are encrypted in one call",
                plaintext.len()
            )));
        }
        let chunk = self.size() - PKCS1_OVERHEAD;
        let mut out = Vec::with_capacity(plaintext.len().div_ceil(chunk) * self.size());
        for block in plaintext.chunks(chunk) {
            self.rsa().encrypt_block(block, &mut out).map_err(|_| Error::crypto("RSA encryption failed"))?;
        }
        Ok(out)
    }

    /// `encrypt_chunked` of UTF-8 text, Base64 encoded.
    pub fn encrypt_to_base64(&self, plaintext: &str) -> Result<String> {
        Ok(Encoding::Base64.encode(&self.encrypt_chunked(plaintext.as_bytes())?))
    }
}

/// Refuses an RSA ciphertext of `len` bytes that is empty, not whole `k`-byte blocks or longer than
/// [`MAX_RSA_CIPHERTEXT`], with a message that reveals nothing about any key.
pub fn check_rsa_blocks(len: usize, k: usize) -> Result<()> {
    if len == 0 || len % k != 0 {
        return Err(Error::crypto(format!(
            "ciphertext is {len} bytes; it must be a whole number of {k}-byte blocks for this {}-bit key",
            k * 8
        )));
    }
    if len > MAX_RSA_CIPHERTEXT {
        return Err(Error::crypto(format!("ciphertext is {len} bytes; at most {MAX_RSA_CIPHERTEXT} are accepted")));
    }
    Ok(())
}

impl PrivateKey {
    /// Decrypts whole k-byte PKCS#1 v1.5 blocks, joins the plaintexts and hands them to `accept`, which returns
    /// the value it reads from them or `None`. Constant-time, blinded private-key operations (AWS-LC).
    ///
    /// A ciphertext that is empty, not whole blocks or longer than [`MAX_RSA_CIPHERTEXT`] is refused with its
    /// own message (that reveals nothing about the key). Every failure after that, a block whose padding is
    /// wrong or a plaintext `accept` refuses, gives the one error `Error::crypto(failure)`, and every block is
    /// decrypted whichever fails: callers cannot tell which check failed.
    pub fn decrypt_with<T>(
        &self,
        ciphertext: &[u8],
        accept: impl FnOnce(&[u8]) -> Option<T>,
        failure: &str,
    ) -> Result<T> {
        let k = self.size();
        check_rsa_blocks(ciphertext.len(), k)?;
        let mut plain = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
        let mut padding_ok = true;
        for block in ciphertext.chunks(k) {
            padding_ok &= self.rsa().decrypt_block(block, &mut plain).is_ok();
        }
        let accepted = accept(&plain);
        match accepted {
            Some(value) if padding_ok => Ok(value),
            _ => Err(Error::crypto(failure)),
        }
    }

    /// Decrypts Base64 or hex ciphertext text (auto-detected) to UTF-8 text without NUL bytes. Every failure
    /// that depends on the decrypted bytes (padding, not UTF-8, a NUL byte) gives the same error.
    pub fn decrypt_text(&self, ciphertext: &str) -> Result<Zeroizing<String>> {
        let raw = decode_rsa_ciphertext(ciphertext, self.size())?;
        self.decrypt_with(
            &raw,
            |plain| {
                let text = std::str::from_utf8(plain).ok().filter(|text| !text.contains('\0'))?;
                Some(Zeroizing::new(text.to_string()))
            },
            TEXT_DOES_NOT_DECRYPT,
        )
    }
}

/// Hex is chosen when the text is all hex digits and decodes to whole k-byte blocks; Base64 otherwise. A text
/// longer than [`MAX_RSA_CIPHERTEXT_TEXT`] bytes is refused before it is decoded.
pub fn decode_rsa_ciphertext(text: &str, k: usize) -> Result<Vec<u8>> {
    if text.trim().is_empty() {
        return Err(Error::invalid_arg("ciphertext is empty"));
    }
    if text.len() > MAX_RSA_CIPHERTEXT_TEXT {
        return Err(Error::crypto(format!(
            "ciphertext text is {} bytes long; at most {MAX_RSA_CIPHERTEXT_TEXT} bytes of Base64 or hex are accepted",
            text.len()
        )));
    }
    if looks_like_hex(text) {
        let raw = decode_hex(text).map_err(|e| Error::crypto(e.message().to_string()))?;
        if raw.len() % k == 0 {
            return Ok(raw);
        }
    }
    decode_base64(text).map_err(|_| Error::crypto("ciphertext is neither Base64 nor hex of whole RSA blocks"))
}

/// How the AES key for the msisdn is derived from the appkey (docs/protocol.md#a-mini-program-one-click-login).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AesKeyDerivation {
    /// The first 16 UTF-8 bytes of the appkey, AES-128 (the C# sample; default).
    First16,
    /// The whole appkey's bytes, which must be 16, 24 or 32 long (AES-128/192/256).
    Full,
}

impl AesKeyDerivation {
    pub fn from_name(name: &str) -> Result<AesKeyDerivation> {
        match name {
            "first16" => Ok(AesKeyDerivation::First16),
            "full" => Ok(AesKeyDerivation::Full),
            other => Err(Error::invalid_arg(format!(
                "unknown msisdn AES key derivation {}: use first16 or full",
                quoted_name(other)
            ))),
        }
    }
}

enum AesEcb {
    A128(aes::Aes128),
    A192(aes::Aes192),
    A256(aes::Aes256),
}

impl AesEcb {
    fn new(app_key: &str, derivation: AesKeyDerivation) -> Result<AesEcb> {
        let bytes = app_key.as_bytes();
        let key = match derivation {
            AesKeyDerivation::First16 => {
                if bytes.len() < 16 {
                    return Err(Error::invalid_arg(format!(
                        "appkey is {} bytes; the msisdn AES key takes its first 16 bytes",
                        bytes.len()
                    )));
                }
                &bytes[..16]
            }
            AesKeyDerivation::Full => bytes,
        };
        match key.len() {
            16 => Ok(AesEcb::A128(aes::Aes128::new(GenericArray::from_slice(key)))),
            24 => Ok(AesEcb::A192(aes::Aes192::new(GenericArray::from_slice(key)))),
            32 => Ok(AesEcb::A256(aes::Aes256::new(GenericArray::from_slice(key)))),
            n => Err(Error::invalid_arg(format!("appkey is {n} bytes; an AES key must be 16, 24 or 32 bytes"))),
        }
    }

    fn decrypt_block(&self, block: &mut [u8]) {
        let block = GenericArray::from_mut_slice(block);
        match self {
            AesEcb::A128(c) => c.decrypt_block(block),
            AesEcb::A192(c) => c.decrypt_block(block),
            AesEcb::A256(c) => c.decrypt_block(block),
        }
    }

    fn encrypt_block(&self, block: &mut [u8]) {
        let block = GenericArray::from_mut_slice(block);
        match self {
            AesEcb::A128(c) => c.encrypt_block(block),
            AesEcb::A192(c) => c.encrypt_block(block),
            AesEcb::A256(c) => c.encrypt_block(block),
        }
    }
}

const AES_BLOCK: usize = 16;

/// True for a plain phone number as the platform may return it unencrypted: 11 digits starting with 1.
pub fn is_plain_phone(text: &str) -> bool {
    text.len() == 11 && text.starts_with('1') && text.bytes().all(|b| b.is_ascii_digit())
}

/// Decrypts the tokenValidate `msisdn`: Base64, AES-ECB, PKCS#7. A plain 11-digit number is returned as is.
pub fn decrypt_msisdn(app_key: &str, msisdn: &str, derivation: AesKeyDerivation) -> Result<Zeroizing<String>> {
    if app_key.is_empty() {
        return Err(Error::invalid_arg("app_key is empty"));
    }
    let msisdn = msisdn.trim();
    if is_plain_phone(msisdn) {
        return Ok(Zeroizing::new(msisdn.to_string()));
    }
    if msisdn.is_empty() {
        return Err(Error::invalid_arg("msisdn is empty"));
    }
    let cipher = AesEcb::new(app_key, derivation)?;
    let mut data = Zeroizing::new(
        decode_base64(msisdn)
            .map_err(|_| Error::crypto("msisdn is not Base64 (expected Base64 of AES-ECB ciphertext)"))?,
    );
    if data.is_empty() || data.len() % AES_BLOCK != 0 || data.len() > 1024 {
        return Err(Error::crypto(format!(
            "msisdn ciphertext is {} bytes; expected a few whole 16-byte AES blocks",
            data.len()
        )));
    }
    for block in data.chunks_mut(AES_BLOCK) {
        cipher.decrypt_block(block);
    }
    let pad = usize::from(data[data.len() - 1]);
    let padding_ok = (1..=AES_BLOCK).contains(&pad) && data[data.len() - pad..].iter().all(|&b| usize::from(b) == pad);
    if !padding_ok {
        return Err(Error::crypto(
            "msisdn does not decrypt with this appkey (bad padding: wrong appkey or key derivation?)",
        ));
    }
    let plain = &data[..data.len() - pad];
    if plain.is_empty() || plain.len() > 20 || !plain.iter().all(u8::is_ascii_digit) {
        return Err(Error::crypto("msisdn decrypted to something that is not a phone number (wrong appkey?)"));
    }
    Ok(Zeroizing::new(String::from_utf8_lossy(plain).into_owned()))
}

/// Encrypts a phone number the way the platform returns `msisdn` (used by the sandbox and tests).
pub fn encrypt_msisdn(app_key: &str, phone: &str, derivation: AesKeyDerivation) -> Result<String> {
    let cipher = AesEcb::new(app_key, derivation)?;
    let pad = AES_BLOCK - phone.len() % AES_BLOCK;
    let mut data = Zeroizing::new(phone.as_bytes().to_vec());
    data.extend(std::iter::repeat_n(pad as u8, pad));
    for block in data.chunks_mut(AES_BLOCK) {
        cipher.encrypt_block(block);
    }
    Ok(Encoding::Base64.encode(&data))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wrong padding, a plaintext that is not UTF-8 and one that holds a NUL byte are one error: which check
    /// failed is not told (no padding oracle).
    #[test]
    fn every_decryption_failure_is_the_same_error() {
        let key = PrivateKey::generate(1024).unwrap();
        let public = key.public_key();
        let other = PrivateKey::generate(1024).unwrap().public_key();
        let failures = [
            public.encrypt_chunked(&[0xff, 0xfe, 0x41]).unwrap(),
            public.encrypt_chunked(b"138\0").unwrap(),
            other.encrypt_chunked(b"13800138000").unwrap(),
            [public.encrypt_chunked(b"1380").unwrap(), other.encrypt_chunked(b"0138000").unwrap()].concat(),
        ];
        for blocks in failures {
            let e = key.decrypt_text(&Encoding::Base64.encode(&blocks)).unwrap_err();
            assert_eq!(e, Error::crypto(TEXT_DOES_NOT_DECRYPT));
        }
        let text = Encoding::Base64.encode(&public.encrypt_chunked(b"13800138000").unwrap());
        assert_eq!(key.decrypt_text(&text).unwrap().as_str(), "13800138000");
    }

    /// The decryption bound: a ciphertext of more than MAX_RSA_CIPHERTEXT bytes is refused before any
    /// private-key operation, and the largest one accepted still decrypts.
    #[test]
    fn ciphertext_longer_than_the_bound_is_refused() {
        let key = PrivateKey::generate(1024).unwrap();
        let largest = vec![b'7'; (MAX_RSA_CIPHERTEXT / key.size()) * (key.size() - PKCS1_OVERHEAD)];
        let ciphertext = key.public_key().encrypt_chunked(&largest).unwrap();
        assert_eq!(ciphertext.len(), MAX_RSA_CIPHERTEXT);
        assert_eq!(key.decrypt_text(&Encoding::Base64.encode(&ciphertext)).unwrap().len(), largest.len());
        let longer = key.public_key().encrypt_chunked(&[largest.as_slice(), b"7"].concat()).unwrap();
        let e = key.decrypt_text(&Encoding::Base64.encode(&longer)).unwrap_err();
        assert!(e.message().contains(&format!("at most {MAX_RSA_CIPHERTEXT}")), "{e}");
    }

    /// The text bound is checked before decoding: an over-long text is refused by its length whatever it holds
    /// (here characters that are neither Base64 nor hex, which decoding would refuse with another message),
    /// while the largest accepted ciphertext still fits as spaced hex and as line-wrapped Base64.
    #[test]
    fn ciphertext_text_longer_than_the_bound_is_refused_before_decoding() {
        let key = PrivateKey::generate(1024).unwrap();
        let e = key.decrypt_text(&"!".repeat(MAX_RSA_CIPHERTEXT_TEXT + 1)).unwrap_err();
        assert_eq!(e.status(), crate::error::Status::Crypto);
        assert!(e.message().contains(&format!("at most {MAX_RSA_CIPHERTEXT_TEXT} bytes of Base64 or hex")), "{e}");
        let largest = vec![b'7'; (MAX_RSA_CIPHERTEXT / key.size()) * (key.size() - PKCS1_OVERHEAD)];
        let ciphertext = key.public_key().encrypt_chunked(&largest).unwrap();
        let spaced_hex: String = ciphertext.iter().map(|b| format!("{b:02x} ")).collect();
        let base64 = Encoding::Base64.encode(&ciphertext);
        let wrapped_base64 = base64
            .as_bytes()
            .chunks(76)
            .map(|line| std::str::from_utf8(line).unwrap())
            .collect::<Vec<_>>()
            .join("\r\n");
        for text in [spaced_hex, wrapped_base64] {
            assert!(text.len() <= MAX_RSA_CIPHERTEXT_TEXT);
            assert_eq!(key.decrypt_text(&text).unwrap().len(), largest.len());
        }
    }
}
