//! Version, status names, error objects and library-allocated strings.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use super::{call_infallible, free_handle, strings, YDRZ_ABI_VERSION, YDRZ_E_NULL_ARG};
use crate::error::Error;

/// An error returned through `ydrz_error **err`. Opaque; read it with the ydrz_error_* functions and free it
/// with ydrz_error_free. Not shared between threads by the library; reading one from several threads is safe.
pub struct ydrz_error {
    status: i32,
    message: CString,
    platform_code: Option<CString>,
}

fn sanitized(text: &str) -> CString {
    CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

impl From<Error> for ydrz_error {
    fn from(e: Error) -> ydrz_error {
        ydrz_error {
            status: super::numbers::status_code(e.status()),
            message: sanitized(e.message()),
            platform_code: e.platform_code().map(sanitized),
        }
    }
}

static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
    Ok(v) => v,
    Err(_) => panic!("the package version has no NUL byte"),
};

/// The library version, e.g. "0.1.0". Static: never freed. Thread-safe.
#[no_mangle]
pub extern "C" fn ydrz_version() -> *const c_char {
    VERSION.as_ptr()
}

/// The ABI version (1). Bindings compare it with the version they were written for. Thread-safe.
#[no_mangle]
pub extern "C" fn ydrz_abi_version() -> u32 {
    YDRZ_ABI_VERSION
}

/// The constant name of a status, e.g. "YDRZ_E_KEY", or "YDRZ_UNKNOWN" for a number that is not a status.
/// Static: never freed. Thread-safe.
#[no_mangle]
pub extern "C" fn ydrz_status_name(status: i32) -> *const c_char {
    super::numbers::status_from_code(status).map_or(c"YDRZ_UNKNOWN".as_ptr(), |s| s.c_name().as_ptr())
}

/// The status of an error object; YDRZ_E_NULL_ARG when `err` is NULL. Thread-safe.
///
/// # Safety
/// `err` is NULL or a live error object from this library that is not freed during the call.
#[no_mangle]
pub unsafe extern "C" fn ydrz_error_status(err: *const ydrz_error) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe { err.as_ref().map_or(YDRZ_E_NULL_ARG, |e| e.status) }
}

/// The message of an error object (UTF-8, never contains secrets). Owned by the error object: valid until
/// ydrz_error_free. Returns "" when `err` is NULL. Thread-safe.
///
/// # Safety
/// `err` is NULL or a live error object from this library that is not freed during the call.
#[no_mangle]
pub unsafe extern "C" fn ydrz_error_message(err: *const ydrz_error) -> *const c_char {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe { err.as_ref().map_or(c"".as_ptr(), |e| e.message.as_ptr()) }
}

/// The platform's result code (e.g. "104201") when the status is YDRZ_E_PLATFORM; NULL otherwise or when
/// `err` is NULL. Owned by the error object: valid until ydrz_error_free. Thread-safe.
///
/// # Safety
/// `err` is NULL or a live error object from this library that is not freed during the call.
#[no_mangle]
pub unsafe extern "C" fn ydrz_error_platform_code(err: *const ydrz_error) -> *const c_char {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe { err.as_ref().and_then(|e| e.platform_code.as_ref()).map_or(ptr::null(), |c| c.as_ptr()) }
}

/// Frees an error object, exactly once; NULL is a no-op. No other thread may still be reading it.
///
/// # Safety
/// `err` is NULL or a handle from this library not yet freed, which no other thread is using; it must not be used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn ydrz_error_free(err: *mut ydrz_error) {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        free_handle(err);
    }
}

/// Frees a string returned by this library through a `char **out` parameter. All its bytes are zeroed first,
/// since some outputs (phone numbers, generated private keys) are sensitive; the string's real length is kept
/// by the library, so bytes the caller changed (even a NUL written into it) do not affect the free. NULL is a
/// no-op. Exactly once per string; no other thread may still be reading it.
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet freed, which no other thread is using; it must not be
/// used afterwards. Its bytes may have been changed, even to NUL.
#[no_mangle]
pub unsafe extern "C" fn ydrz_string_free(s: *mut c_char) {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call_infallible((), || strings::free(s));
    }
}
