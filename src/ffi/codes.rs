//! Return-code description.

use std::ffi::c_char;
use std::ptr;

use super::{arg, call, call_infallible, opt_arg, Out};
use crate::catalog;
use crate::ffi::errors::ydrz_error;

/// The Chinese message of a platform result code, e.g. "成功" for "103000", or NULL when the code is unknown,
/// an argument is NULL or not UTF-8, or `product` / `stage` is not a known name (ydrz_code_describe reports
/// that as YDRZ_E_INVALID_ARG). `product` and `stage` (nullable) narrow the match where a code means
/// different things: products mp_onekey_login, mp_number_verify, app_onekey_login, app_number_verify, app_sdk;
/// stages as in return_codes.tsv. Static: never freed. Thread-safe.
///
/// # Safety
/// `code` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `product` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `stage` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
#[no_mangle]
pub unsafe extern "C" fn ydrz_code_message(
    code: *const c_char,
    product: *const c_char,
    stage: *const c_char,
) -> *const c_char {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call_infallible(ptr::null(), || {
            let (Ok(code), Ok(product), Ok(stage)) =
                (arg(code, "code"), opt_arg(product, "product"), opt_arg(stage, "stage"))
            else {
                return ptr::null();
            };
            catalog::first(code, product, stage).map_or(ptr::null(), |e| e.message_zh.as_ptr())
        })
    }
}

/// Every catalog entry for `code` as a JSON array of
/// {"product","stage","code","message_zh","meaning_en","hint"} (empty array when the code is unknown).
/// `product` and `stage` are nullable; an unknown product or stage name gives YDRZ_E_INVALID_ARG.
/// `*out_json` is freed with ydrz_string_free. Thread-safe.
///
/// # Safety
/// `code` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `product` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `stage` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_code_describe(
    code: *const c_char,
    product: *const c_char,
    stage: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_json, "out_json")?;
            let entries =
                catalog::describe(arg(code, "code")?, opt_arg(product, "product")?, opt_arg(stage, "stage")?)?;
            let json = serde_json::Value::Array(entries.iter().map(|e| e.to_json()).collect()).to_string();
            out.put_text(&json, "description")
        })
    }
}
