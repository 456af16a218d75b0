//! Phone numbers for logs.

use std::ffi::c_char;

use super::{arg, call, Out};
use crate::ffi::ydrz_error;
use crate::protocol::fields::mask_phone;

/// A phone number as logs may show it, the way the platform's `securityPhone` does: "138****8000" for 11
/// ASCII characters, and "****" for anything else, so that neither the number nor its length shows.
/// `*out` is freed with ydrz_string_free. Thread-safe.
///
/// # Safety
/// `phone` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_mask_phone(
    phone: *const c_char,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            out.put_text(&mask_phone(arg(phone, "phone")?), "masked phone")
        })
    }
}
