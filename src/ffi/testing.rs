//! Test-only exports, compiled with the `ffi-testing` feature and never shipped.

use super::call;
use crate::ffi::errors::ydrz_error;

/// Panics inside the library on purpose. Returns YDRZ_E_PANIC; the process must stay alive.
#[no_mangle]
pub extern "C" fn ydrz_test_panic(err: *mut *mut ydrz_error) -> i32 {
    call(err, || panic!("ydrz_test_panic was called"))
}
