//! Two C functions that use what every Rust static library carries (allocation, formatting, unwinding), so
//! that a clash with another library's copy of Rust std would show.

use std::ffi::{c_char, CStr};

/// The number of whitespace-separated words of a NUL-terminated string, or -1 for NULL.
///
/// # Safety
/// `text` is NULL or points to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn other_word_count(text: *const c_char) -> i64 {
    if text.is_null() {
        return -1;
    }
    // SAFETY: the caller passes a NUL-terminated string.
    let text = unsafe { CStr::from_ptr(text) }.to_string_lossy().into_owned();
    let words: Vec<String> = text.split_whitespace().map(|w| format!("<{w}>")).collect();
    words.len() as i64
}

/// Unwinds inside and catches it: 1 when it was caught as expected. `resume_unwind` starts the unwinding
/// without the panic hook, so nothing is printed.
#[no_mangle]
pub extern "C" fn other_caught_panic() -> i32 {
    let caught = std::panic::catch_unwind(|| {
        let payload: Box<dyn std::any::Any + Send> = Box::new(std::hint::black_box(3_usize));
        std::panic::resume_unwind(payload)
    });
    i32::from(caught.is_err_and(|payload| payload.downcast_ref::<usize>() == Some(&3)))
}
