//! The C ABI (`include/ydrz.h` is generated from this module by cbindgen).
//!
//! Every fallible export goes through `call`, which catches panics, fills the optional error object and
//! returns the status; exports that return a value from work that could fail, and the frees, use
//! `call_infallible`, so `Drop` also runs inside the panic boundary. Argument conversion helpers live here so
//! that every function treats NULL, invalid UTF-8 and output slots the same way.
//!
//! # Safety (every export)
//! Pointer arguments are NULL or valid for the call: string inputs point to NUL-terminated strings, handles
//! are live objects created by this library and not yet freed, output slots point to writable storage for one
//! pointer (or value). Strings and objects returned by the library are freed only with the matching
//! `ydrz_*_free`, exactly once. The header's preamble states this contract once; an export's own doc comment
//! adds only what is particular to it (which arguments may be NULL, what it owns).
//!
//! Every unsafe operation is in an explicit `unsafe` block with a `SAFETY:` comment (`unsafe_op_in_unsafe_fn`
//! is denied crate-wide). Output slots (`Out`) can
//! be made only in `out.rs`, and library strings are allocated and freed only in `strings.rs`.
#![allow(non_camel_case_types)]

pub mod client;
pub mod codes;
pub mod errors;
pub mod exchange;
pub mod keys;
mod numbers;
mod out;
pub mod phone;
pub mod sign;
mod strings;
#[cfg(feature = "ffi-testing")]
pub mod testing;

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use crate::error::{Error, Result, Status};
pub use errors::ydrz_error;
pub(crate) use out::{opt_out, Out};

/// The handles the header calls safe to share between threads are `Send + Sync`: checked at compile time.
const _: () = {
    const fn thread_safe<T: Send + Sync>() {}
    thread_safe::<client::ydrz_client>();
    thread_safe::<exchange::ydrz_exchange>();
    thread_safe::<keys::ydrz_private_key>();
    thread_safe::<keys::ydrz_public_key>();
    thread_safe::<errors::ydrz_error>();
};

/// Success.
pub const YDRZ_OK: i32 = 0;
/// A required pointer argument was NULL.
pub const YDRZ_E_NULL_ARG: i32 = 1;
/// An argument has a value that is not allowed (empty, too long, unknown enum value, malformed).
pub const YDRZ_E_INVALID_ARG: i32 = 2;
/// A string argument is not valid UTF-8.
pub const YDRZ_E_INVALID_UTF8: i32 = 3;
/// A key cannot be parsed, or is of the wrong kind or size.
pub const YDRZ_E_KEY: i32 = 10;
/// Encryption or decryption failed (bad ciphertext, bad padding, wrong key).
pub const YDRZ_E_CRYPTO: i32 = 11;
/// A signature does not verify.
pub const YDRZ_E_SIGNATURE: i32 = 12;
/// DNS, connect, TLS or connection reset.
pub const YDRZ_E_NETWORK: i32 = 20;
/// The connect timeout or the overall request timeout expired.
pub const YDRZ_E_TIMEOUT: i32 = 21;
/// The platform answered with a non-2xx HTTP status.
pub const YDRZ_E_HTTP: i32 = 22;
/// The response is not the expected JSON.
pub const YDRZ_E_PROTOCOL: i32 = 23;
/// The platform answered with a non-success result code (see ydrz_error_platform_code).
pub const YDRZ_E_PLATFORM: i32 = 30;
/// The token was already sent to the platform by this client; tokens are single-use, so it is not sent again.
pub const YDRZ_E_TOKEN_REUSED: i32 = 31;
/// An internal error (a caught panic). The process is unaffected; please report it.
pub const YDRZ_E_PANIC: i32 = 100;

/// Signature / ciphertext text encoding: upper-case hex.
pub const YDRZ_ENCODING_HEX_UPPER: i32 = 1;
/// Lower-case hex.
pub const YDRZ_ENCODING_HEX_LOWER: i32 = 2;
/// Standard Base64 with padding, no line breaks.
pub const YDRZ_ENCODING_BASE64: i32 = 3;

/// RSASSA-PKCS1-v1_5 with SHA-256 (Java "SHA256withRSA").
pub const YDRZ_SIGN_SHA256_RSA: i32 = 1;
/// RSASSA-PKCS1-v1_5 with MD5 (Java "MD5withRSA", RsaUtils.sign).
pub const YDRZ_SIGN_MD5_RSA: i32 = 2;

/// The ABI version; bumped only by an incompatible change, together with the SONAME.
pub const YDRZ_ABI_VERSION: u32 = 1;

/// Runs `body` at the boundary: clears `*err`, catches panics, and on failure stores a new error object.
///
/// # Safety
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
pub(crate) unsafe fn call(err: *mut *mut ydrz_error, body: impl FnOnce() -> Result<()>) -> i32 {
    if !err.is_null() {
        // SAFETY: `err` is non-NULL and, by this function's contract, writable.
        unsafe { *err = ptr::null_mut() };
    }
    let error = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => return YDRZ_OK,
        Ok(Err(e)) => e,
        Err(payload) => {
            Error::new(Status::Panic, format!("internal error (panic: {}); please report it", panic_text(&payload)))
        }
    };
    let status = numbers::status_code(error.status());
    if !err.is_null() {
        // SAFETY: as above.
        unsafe { *err = Box::into_raw(Box::new(ydrz_error::from(error))) };
    }
    status
}

/// Runs an infallible export (returning a static pointer, a plain value or nothing), turning a panic into
/// `fallback`.
pub(crate) fn call_infallible<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

/// A required string argument.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays valid for the call.
pub(crate) unsafe fn arg<'a>(p: *const c_char, name: &str) -> Result<&'a str> {
    if p.is_null() {
        return Err(Error::new(Status::NullArg, format!("{name} is NULL")));
    }
    // SAFETY: `p` is non-NULL and, by this function's contract, a NUL-terminated string valid for the call.
    let text = unsafe { CStr::from_ptr(p) };
    text.to_str().map_err(|e| {
        Error::new(
            Status::InvalidUtf8,
            format!("{name} is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()),
        )
    })
}

/// An optional (nullable) string argument.
///
/// # Safety
/// As for [`arg`].
pub(crate) unsafe fn opt_arg<'a>(p: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg(p, name) }.map(Some)
    }
}

/// A required handle argument.
///
/// # Safety
/// `p` is NULL or a live handle of type `T` created by this library.
pub(crate) unsafe fn handle<'a, T>(p: *const T, name: &str) -> Result<&'a T> {
    // SAFETY: by this function's contract `p` is NULL or points to a live `T`.
    unsafe { p.as_ref() }.ok_or_else(|| Error::new(Status::NullArg, format!("{name} is NULL")))
}

/// Frees a handle made by [`Out::put_handle`]; NULL is a no-op. `Drop` runs inside the panic boundary.
///
/// # Safety
/// `p` is NULL or a live handle of type `T` from this library that no other thread is using.
pub(crate) unsafe fn free_handle<T>(p: *mut T) {
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `Out::put_handle` and is freed once, by the contract.
        let owned = unsafe { Box::from_raw(p) };
        call_infallible((), move || drop(owned));
    }
}

/// Converts text for the caller; text with a NUL byte cannot be returned as a C string.
pub(crate) fn c_string(text: &str, what: &str) -> Result<CString> {
    CString::new(text)
        .map_err(|_| Error::crypto(format!("{what} contains a NUL byte and cannot be returned as a C string")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Encoding;

    /// A plaintext holding a NUL byte (which a C string cannot return) fails exactly like a ciphertext under
    /// another key: YDRZ_E_CRYPTO, the same message, and `*out` stays NULL.
    #[test]
    fn a_nul_byte_in_the_plaintext_fails_like_a_wrong_key() {
        use crate::ffi::errors::{ydrz_error_free, ydrz_error_message, ydrz_error_status};
        use crate::ffi::keys::{ydrz_private_key, ydrz_rsa_decrypt};
        use crate::keys::PrivateKey;
        let inner = PrivateKey::generate(1024).unwrap();
        let with_nul = inner.public_key().encrypt_chunked(b"138\0").unwrap();
        let other_key = PrivateKey::generate(1024).unwrap().public_key().encrypt_chunked(b"138").unwrap();
        let key = ydrz_private_key { inner };
        let mut messages = Vec::new();
        for ciphertext in [with_nul, other_key] {
            let text = CString::new(Encoding::Base64.encode(&ciphertext)).unwrap();
            let (mut out, mut err) = (ptr::null_mut(), ptr::null_mut());
            // SAFETY: a live key, a valid C string and output slots; the error is read, then freed once.
            unsafe {
                assert_eq!(ydrz_rsa_decrypt(&key, text.as_ptr(), &mut out, &mut err), YDRZ_E_CRYPTO);
                assert!(out.is_null());
                assert_eq!(ydrz_error_status(err), YDRZ_E_CRYPTO);
                messages.push(CStr::from_ptr(ydrz_error_message(err)).to_owned());
                ydrz_error_free(err);
            }
        }
        assert_eq!(messages[0], messages[1]);
    }
}
