//! Keys and phone encryption.

use std::ffi::c_char;

use zeroize::Zeroizing;

use super::{arg, c_string, call, free_handle, handle, Out};
use crate::cipher::{decrypt_msisdn, AesKeyDerivation};
use crate::ffi::errors::ydrz_error;
use crate::keys::{PrivateKey, PublicKey};
use crate::protocol::strings::phone_plaintext;

/// An RSA private key. Opaque; immutable; safe to share between threads. Its material is zeroized by
/// ydrz_private_key_free.
pub struct ydrz_private_key {
    pub(crate) inner: PrivateKey,
}

/// An RSA public key. Opaque; immutable; safe to share between threads.
pub struct ydrz_public_key {
    pub(crate) inner: PublicKey,
}

/// Loads a private key: Base64 DER or PEM, PKCS#8 or PKCS#1, 1024 to 4096 bits; surrounding whitespace and
/// line breaks inside the Base64 are ignored. A public key, a non-RSA key, an encrypted key, a PEM label that
/// does not match its data or a size out of range gives YDRZ_E_KEY with a message saying what was found.
/// On success `*out` is a new handle freed with ydrz_private_key_free. Thread-safe.
///
/// # Safety
/// `text` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_private_key_load(
    text: *const c_char,
    out: *mut *mut ydrz_private_key,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let key = PrivateKey::load(arg(text, "text")?)?;
            out.put_handle(ydrz_private_key { inner: key });
            Ok(())
        })
    }
}

/// Loads a public key: Base64 DER or PEM, X.509 SubjectPublicKeyInfo or PKCS#1, 1024 to 4096 bits.
/// A private key gives YDRZ_E_KEY. On success `*out` is freed with ydrz_public_key_free. Thread-safe.
///
/// # Safety
/// `text` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_public_key_load(
    text: *const c_char,
    out: *mut *mut ydrz_public_key,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let key = PublicKey::load(arg(text, "text")?)?;
            out.put_handle(ydrz_public_key { inner: key });
            Ok(())
        })
    }
}

/// Frees a private key handle, zeroizing the key material. NULL is a no-op. The caller must ensure no other
/// thread is using the handle.
///
/// # Safety
/// `key` is NULL or a handle from this library not yet freed, which no other thread is using; it must not be used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn ydrz_private_key_free(key: *mut ydrz_private_key) {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        free_handle(key);
    }
}

/// Frees a public key handle. NULL is a no-op. The caller must ensure no other thread is using the handle.
///
/// # Safety
/// `key` is NULL or a handle from this library not yet freed, which no other thread is using; it must not be used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn ydrz_public_key_free(key: *mut ydrz_public_key) {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        free_handle(key);
    }
}

/// Generates an RSA key pair (e = 65537) of `bits` (1024 to 4096, a multiple of 128; anything else gives
/// YDRZ_E_KEY, as loading a key of that size would) in Java getEncoded() forms, Base64 without line breaks:
/// `*out_private_pkcs8` (PKCS#8) and `*out_public_spki` (X.509 SPKI), each freed with ydrz_string_free. Both
/// are NULL on failure. Generating 4096 bits takes seconds. Thread-safe.
///
/// # Safety
/// `out_private_pkcs8` is NULL or points to writable storage for one pointer.
/// `out_public_spki` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_key_generate(
    bits: u32,
    out_private_pkcs8: *mut *mut c_char,
    out_public_spki: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            // Both slots are reset before either is checked, so a NULL first slot still resets the second.
            let slots =
                (Out::new(out_private_pkcs8, "out_private_pkcs8"), Out::new(out_public_spki, "out_public_spki"));
            let (out_private, out_public) = (slots.0?, slots.1?);
            let key = PrivateKey::generate(bits as usize)?;
            let private_text = c_string(&key.to_pkcs8_base64()?, "private key")?;
            let public_text = c_string(&key.public_key().to_spki_base64()?, "public key")?;
            out_private.put_string(private_text);
            out_public.put_string(public_text);
            Ok(())
        })
    }
}

/// The public half of a private key, as Base64 X.509 SPKI (what is registered on dev.10086.cn).
/// `*out` is freed with ydrz_string_free. Thread-safe.
///
/// # Safety
/// `key` is NULL or a live handle from this library that is not freed during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_private_key_public_spki(
    key: *const ydrz_private_key,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let key = handle(key, "key")?;
            out.put_text(&key.inner.public_key().to_spki_base64()?, "public key")
        })
    }
}

/// RsaUtils.encryptedDataOnJava: PKCS#1 v1.5 encryption of the UTF-8 bytes of `plaintext` in chunks of k-11
/// bytes, the k-byte blocks joined and Base64-encoded. `plaintext` must be 1 to 65536 bytes (else
/// YDRZ_E_INVALID_ARG).
/// `*out_base64` is freed with ydrz_string_free. Thread-safe.
///
/// # Safety
/// `key` is NULL or a live handle from this library that is not freed during the call.
/// `plaintext` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_base64` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_rsa_encrypt(
    key: *const ydrz_public_key,
    plaintext: *const c_char,
    out_base64: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_base64, "out_base64")?;
            let key = handle(key, "key")?;
            let text = arg(plaintext, "plaintext")?;
            out.put_text(&key.inner.encrypt_to_base64(text)?, "ciphertext")
        })
    }
}

/// The inverse of ydrz_rsa_encrypt: Base64 or hex (either case, auto-detected) ciphertext of whole k-byte
/// blocks, at most 8192 bytes of it, decrypted and joined, returned as UTF-8 text. Empty text gives
/// YDRZ_E_INVALID_ARG; text that is not Base64 or hex of whole blocks, or is longer, gives YDRZ_E_CRYPTO with
/// a message saying so. Every failure that depends on what the ciphertext decrypts to (a wrong key, bad
/// padding, a plaintext that is not UTF-8 or holds a NUL byte) gives YDRZ_E_CRYPTO with one and the same
/// message, so that the error is no padding oracle; the private-key operations are constant-time and blinded.
/// `*out` is freed with ydrz_string_free (which zeroes it). Thread-safe.
///
/// # Safety
/// `key` is NULL or a live handle from this library that is not freed during the call.
/// `ciphertext` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_rsa_decrypt(
    key: *const ydrz_private_key,
    ciphertext: *const c_char,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let key = handle(key, "key")?;
            let plain = key.inner.decrypt_text(arg(ciphertext, "ciphertext")?)?;
            out.put_text(&plain, "decrypted text")
        })
    }
}

/// The number-verification `phoneNum`: ydrz_rsa_encrypt(platform_key, phone + app_key + timestamp).
/// `phone` must be 11 digits starting with 1, `timestamp` 17 digits (the header timestamp of the same
/// request); otherwise, or with an empty `app_key`, YDRZ_E_INVALID_ARG. `*out_base64` is freed with
/// ydrz_string_free. Thread-safe.
///
/// # Safety
/// `platform_key` is NULL or a live handle from this library that is not freed during the call.
/// `phone` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `app_key` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `timestamp` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_base64` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_encrypt_phone(
    platform_key: *const ydrz_public_key,
    phone: *const c_char,
    app_key: *const c_char,
    timestamp: *const c_char,
    out_base64: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_base64, "out_base64")?;
            let key = handle(platform_key, "platform_key")?;
            let plain = phone_plaintext(arg(phone, "phone")?, arg(app_key, "app_key")?, arg(timestamp, "timestamp")?)?;
            out.put_text(&key.inner.encrypt_to_base64(&plain)?, "phoneNum")
        })
    }
}

/// Decrypts the tokenValidate `msisdn`: Base64, AES-128-ECB with PKCS#7 padding, key = the first 16 bytes of
/// `app_key`. A plain 11-digit number is returned unchanged. Empty arguments give YDRZ_E_INVALID_ARG; text
/// that is not such a ciphertext, or a wrong appkey, gives YDRZ_E_CRYPTO.
/// `*out_phone` is freed with ydrz_string_free (which zeroes it). Thread-safe.
///
/// # Safety
/// `app_key` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `msisdn` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_phone` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_decrypt_msisdn(
    app_key: *const c_char,
    msisdn: *const c_char,
    out_phone: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_phone, "out_phone")?;
            let phone: Zeroizing<String> =
                decrypt_msisdn(arg(app_key, "app_key")?, arg(msisdn, "msisdn")?, AesKeyDerivation::First16)?;
            out.put_text(&phone, "phone")
        })
    }
}
