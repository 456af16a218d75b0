//! Test-only exports, compiled with the `ffi-testing` feature and never shipped.

use super::call;
use crate::ffi::errors::ydrz_error;

/// Panics inside the library on purpose. Returns YDRZ_E_PANIC with the panic's message in `*err`; the process
/// stays alive and nothing is printed: the panic starts with `std::panic::resume_unwind`, which unwinds without
/// running the process's panic hook, so no global hook is needed to keep the host's stderr clean.
///
/// # Safety
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_test_panic(err: *mut *mut ydrz_error) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what `call` needs.
    unsafe { call(err, || std::panic::resume_unwind(Box::new("ydrz_test_panic was called"))) }
}
