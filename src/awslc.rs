//! Owned, safe wrappers over the AWS-LC RSA functions the library uses (through `aws-lc-sys`).
//!
//! Every `unsafe` call into AWS-LC lives in this module. [`Rsa`] owns one AWS-LC `RSA` object: it is
//! freed (and its memory cleansed) exactly once, on drop. A failing call clears the calling thread's AWS-LC
//! error queue and returns [`Failed`]: callers say what went wrong in their own words, and nothing AWS-LC
//! queued lingers on the thread.
//!
//! AWS-LC's private-key operations are constant-time and blinded (blinding is on for every key built here:
//! each has its public exponent); PKCS#1 v1.5 decryption checks its padding in constant time.

use std::mem::MaybeUninit;
use std::os::raw::c_int;
use std::ptr::{self, NonNull};

use aws_lc_sys as sys;
use zeroize::Zeroizing;

/// An AWS-LC call failed; the thread's AWS-LC error queue has been cleared.
#[derive(Debug)]
pub(crate) struct Failed;

impl Failed {
    fn clear_queue() -> Failed {
        // SAFETY: ERR_clear_error only touches the calling thread's error queue.
        unsafe { sys::ERR_clear_error() };
        Failed
    }
}

type Outcome<T> = std::result::Result<T, Failed>;

/// The signature RSA_encrypt and RSA_decrypt share.
type Pkcs1Operation = unsafe extern "C" fn(*mut sys::RSA, *mut usize, *mut u8, usize, *const u8, usize, c_int) -> c_int;

/// `Ok(())` when an AWS-LC call returned 1 (its success value).
fn check(status: c_int) -> Outcome<()> {
    if status == 1 {
        Ok(())
    } else {
        Err(Failed::clear_queue())
    }
}

/// The digest named in a PKCS#1 v1.5 signature's DigestInfo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Digest {
    Sha256,
    Md5,
}

impl Digest {
    fn nid(self) -> c_int {
        match self {
            Digest::Sha256 => sys::NID_sha256,
            Digest::Md5 => sys::NID_md5,
        }
    }
}

/// An AWS-LC RSA key, public or private.
pub(crate) struct Rsa(NonNull<sys::RSA>);

// SAFETY: AWS-LC documents (openssl/rsa.h) that an RSA object may be used concurrently on several threads by
// non-mutating functions. After construction `Rsa` only calls those: RSA_sign, RSA_verify, RSA_encrypt and
// RSA_decrypt ("non-mutating for thread-safety purposes and may be used concurrently"; the Montgomery and
// blinding values they cache are guarded by the object's own lock), and the const getters and marshalling
// functions. RSA_up_ref (in `clone`) and RSA_free (in `drop`) change only the atomic reference count; the
// object is destroyed by the last owner, when no other reference can exist.
unsafe impl Send for Rsa {}
// SAFETY: see `Send` above: shared references only reach AWS-LC's non-mutating functions.
unsafe impl Sync for Rsa {}

impl Drop for Rsa {
    /// RSA_free releases every component (n, e, d, p, q, the CRT values) and the cached Montgomery and
    /// blinding values through OPENSSL_free, which overwrites each allocation with zeros before freeing it.
    fn drop(&mut self) {
        // SAFETY: `self.0` is a live RSA object this value owns, freed once here.
        unsafe { sys::RSA_free(self.0.as_ptr()) }
    }
}

impl Clone for Rsa {
    /// Another owner of the same immutable key object (AWS-LC counts references atomically).
    fn clone(&self) -> Rsa {
        // SAFETY: a live RSA object; the new reference is released by the clone's own drop.
        unsafe { sys::RSA_up_ref(self.as_ptr()) };
        Rsa(self.0)
    }
}

impl Rsa {
    fn from_ptr(rsa: *mut sys::RSA) -> Outcome<Rsa> {
        NonNull::new(rsa).map(Rsa).ok_or_else(Failed::clear_queue)
    }

    fn as_ptr(&self) -> *mut sys::RSA {
        self.0.as_ptr()
    }

    /// Parses a PKCS#1 RSAPrivateKey (DER, nothing after it). AWS-LC checks that the components agree.
    pub(crate) fn private_from_pkcs1(der: &[u8]) -> Outcome<Rsa> {
        // SAFETY: the pointer and length describe `der`, which AWS-LC only reads during the call.
        Rsa::from_ptr(unsafe { sys::RSA_private_key_from_bytes(der.as_ptr(), der.len()) })
    }

    /// Parses a PKCS#1 RSAPublicKey (DER, nothing after it).
    pub(crate) fn public_from_pkcs1(der: &[u8]) -> Outcome<Rsa> {
        // SAFETY: as in `private_from_pkcs1`.
        Rsa::from_ptr(unsafe { sys::RSA_public_key_from_bytes(der.as_ptr(), der.len()) })
    }

    /// Generates a key pair of `bits` (a multiple of 128) with e = 65537.
    pub(crate) fn generate(bits: usize) -> Outcome<Rsa> {
        let bits = c_int::try_from(bits).map_err(|_| Failed)?;
        // SAFETY: RSA_new returns a fresh object or NULL; `Rsa` owns it from here on and frees it on every path.
        let rsa = Rsa::from_ptr(unsafe { sys::RSA_new() })?;
        // SAFETY: BN_new returns a fresh BIGNUM or NULL; it is freed below on every path.
        let e = unsafe { sys::BN_new() };
        if e.is_null() {
            return Err(Failed::clear_queue());
        }
        // SAFETY: `e` is a live BIGNUM and `rsa` a live, still unshared RSA object; no callback is passed.
        let generated = unsafe {
            check(sys::BN_set_word(e, sys::RSA_F4 as _))
                .and_then(|()| check(sys::RSA_generate_key_ex(rsa.as_ptr(), bits, e, ptr::null_mut())))
        };
        // SAFETY: `e` was allocated above and is not used after this.
        unsafe { sys::BN_free(e) };
        generated.map(|()| rsa)
    }

    /// The public half of this key, as a key of its own.
    pub(crate) fn public_key(&self) -> Outcome<Rsa> {
        // SAFETY: a live RSA object, only read.
        Rsa::from_ptr(unsafe { sys::RSAPublicKey_dup(self.as_ptr()) })
    }

    /// Modulus length in bytes (k).
    pub(crate) fn size(&self) -> usize {
        // SAFETY: a live RSA object, only read.
        unsafe { sys::RSA_size(self.as_ptr()) as usize }
    }

    /// Modulus length in bits.
    pub(crate) fn bits(&self) -> usize {
        // SAFETY: a live RSA object, only read.
        unsafe { sys::RSA_bits(self.as_ptr()) as usize }
    }

    /// True when both keys have the same modulus and public exponent.
    pub(crate) fn same_public_key(&self, other: &Rsa) -> bool {
        // SAFETY: live RSA objects; the getters return BIGNUMs they own (a parsed or generated key has n and e),
        // which BN_cmp only reads.
        unsafe {
            sys::BN_cmp(sys::RSA_get0_n(self.as_ptr()), sys::RSA_get0_n(other.as_ptr())) == 0
                && sys::BN_cmp(sys::RSA_get0_e(self.as_ptr()), sys::RSA_get0_e(other.as_ptr())) == 0
        }
    }

    /// RSASSA-PKCS1-v1_5 signature (k bytes) of a precomputed digest.
    pub(crate) fn sign(&self, digest: Digest, hash: &[u8]) -> Outcome<Vec<u8>> {
        let mut out = vec![0u8; self.size()];
        let mut written: std::os::raw::c_uint = 0;
        // SAFETY: `out` has RSA_size bytes, as RSA_sign requires; `hash` is only read.
        check(unsafe {
            sys::RSA_sign(digest.nid(), hash.as_ptr(), hash.len(), out.as_mut_ptr(), &mut written, self.as_ptr())
        })?;
        out.truncate(written as usize);
        Ok(out)
    }

    /// Whether `signature` is a valid RSASSA-PKCS1-v1_5 signature of the digest.
    pub(crate) fn verify(&self, digest: Digest, hash: &[u8], signature: &[u8]) -> bool {
        // SAFETY: both slices are only read during the call.
        let status = unsafe {
            sys::RSA_verify(digest.nid(), hash.as_ptr(), hash.len(), signature.as_ptr(), signature.len(), self.as_ptr())
        };
        check(status).is_ok()
    }

    /// RSAES-PKCS1-v1_5 encryption of one block of at most k-11 bytes, appended to `out` (k bytes).
    pub(crate) fn encrypt_block(&self, block: &[u8], out: &mut Vec<u8>) -> Outcome<()> {
        self.pkcs1_block(sys::RSA_encrypt, block, out)
    }

    /// RSAES-PKCS1-v1_5 decryption of one k-byte block; the plaintext is appended to `out`. The padding is
    /// checked in constant time; a failure does not say why.
    pub(crate) fn decrypt_block(&self, block: &[u8], out: &mut Zeroizing<Vec<u8>>) -> Outcome<()> {
        // Truncating a Zeroizing<Vec> leaves the dropped tail in capacity, which is zeroed with the rest on drop.
        self.pkcs1_block(sys::RSA_decrypt, block, out)
    }

    /// Runs `operation` (RSA_encrypt or RSA_decrypt, which share one signature) with PKCS#1 v1.5 padding on
    /// `block`, appending its output to `out`; on failure `out` is left as it was.
    fn pkcs1_block(&self, operation: Pkcs1Operation, block: &[u8], out: &mut Vec<u8>) -> Outcome<()> {
        let k = self.size();
        let start = out.len();
        out.resize(start + k, 0);
        let mut written = 0usize;
        // SAFETY: the output window is k bytes long, as RSA_encrypt and RSA_decrypt require; `block` is only read.
        let status = unsafe {
            operation(
                self.as_ptr(),
                &mut written,
                out[start..].as_mut_ptr(),
                k,
                block.as_ptr(),
                block.len(),
                sys::RSA_PKCS1_PADDING as c_int,
            )
        };
        out.truncate(if status == 1 { start + written } else { start });
        check(status)
    }

    /// PKCS#8 PrivateKeyInfo DER of a private key (what Java's `PrivateKey.getEncoded()` returns).
    pub(crate) fn to_pkcs8_der(&self) -> Outcome<Zeroizing<Vec<u8>>> {
        // SAFETY: `key` is a live EVP_PKEY holding a reference to this RSA object.
        self.with_evp_pkey(|key, cbb| unsafe { sys::EVP_marshal_private_key(cbb, key) }).map(Zeroizing::new)
    }

    /// X.509 SubjectPublicKeyInfo DER of the public key (Java's `PublicKey.getEncoded()`).
    pub(crate) fn to_spki_der(&self) -> Outcome<Vec<u8>> {
        // SAFETY: `key` is a live EVP_PKEY holding a reference to this RSA object.
        self.with_evp_pkey(|key, cbb| unsafe { sys::EVP_marshal_public_key(cbb, key) })
    }

    /// Runs a marshalling function on an EVP_PKEY that references this key and returns the bytes it wrote.
    /// The intermediate AWS-LC buffers are released with OPENSSL_free, which zeroes them.
    fn with_evp_pkey(&self, marshal: impl FnOnce(*const sys::EVP_PKEY, *mut sys::CBB) -> c_int) -> Outcome<Vec<u8>> {
        // SAFETY: EVP_PKEY_new returns a fresh object or NULL.
        let key = unsafe { sys::EVP_PKEY_new() };
        if key.is_null() {
            return Err(Failed::clear_queue());
        }
        let mut cbb = MaybeUninit::<sys::CBB>::zeroed();
        let mut data: *mut u8 = ptr::null_mut();
        let mut len = 0usize;
        // SAFETY: EVP_PKEY_set1_RSA takes its own reference to the RSA object (an atomic count increment,
        // which concurrent users of the key tolerate). The CBB is zero-initialised, as CBB_init expects, and
        // after CBB_finish `data`/`len` describe a buffer that this function copies and then frees.
        let marshalled = unsafe {
            let result = check(sys::EVP_PKEY_set1_RSA(key, self.as_ptr()))
                .and_then(|()| check(sys::CBB_init(cbb.as_mut_ptr(), 0)))
                .and_then(|()| {
                    let written = check(marshal(key, cbb.as_mut_ptr()))
                        .and_then(|()| check(sys::CBB_finish(cbb.as_mut_ptr(), &mut data, &mut len)));
                    // After a successful CBB_finish the CBB owns nothing; after a failure this frees its buffer.
                    sys::CBB_cleanup(cbb.as_mut_ptr());
                    written
                })
                .map(|()| std::slice::from_raw_parts(data, len).to_vec());
            sys::OPENSSL_free(data.cast());
            sys::EVP_PKEY_free(key);
            result
        };
        marshalled
    }
}
