//! Strings handed to the caller. Each is one allocation: an 8-byte length prefix, then the text and its NUL.
//! The caller gets a pointer past the prefix; `free` reads the prefix, so the allocation is zeroed and freed by
//! its real length whatever the caller wrote into the text (a NUL included).

use std::ffi::{c_char, CString};
use std::ptr;

use zeroize::Zeroize;

const PREFIX: usize = size_of::<u64>();

/// Moves `text` into a new prefixed allocation and returns the pointer to its first character.
pub(crate) fn into_raw(text: CString) -> *mut c_char {
    let text = zeroize::Zeroizing::new(text.into_bytes_with_nul());
    let mut block = Vec::with_capacity(PREFIX + text.len());
    block.extend_from_slice(&(text.len() as u64).to_ne_bytes());
    block.extend_from_slice(&text);
    let block: *mut [u8] = Box::into_raw(block.into_boxed_slice());
    // SAFETY: the block is PREFIX + text.len() > PREFIX bytes long, so the offset stays inside it.
    unsafe { block.cast::<u8>().add(PREFIX).cast::<c_char>() }
}

/// Zeroes and frees a string made by [`into_raw`]; NULL is a no-op.
///
/// # Safety
/// `p` is NULL or a pointer returned by [`into_raw`] and not yet freed, which no other thread is using. The
/// bytes of the text may have been changed; the prefix may not.
pub(crate) unsafe fn free(p: *mut c_char) {
    if p.is_null() {
        return;
    }
    // SAFETY: `p` is PREFIX bytes into a live block made by `into_raw`, so the block starts PREFIX bytes before.
    let start = unsafe { p.cast::<u8>().sub(PREFIX) };
    let mut len = [0u8; PREFIX];
    // SAFETY: the first PREFIX bytes of the block hold the text length, written by `into_raw`.
    unsafe { ptr::copy_nonoverlapping(start, len.as_mut_ptr(), PREFIX) };
    let total = PREFIX + u64::from_ne_bytes(len) as usize;
    // SAFETY: `start` and `total` are the pointer and length of the boxed slice `into_raw` leaked.
    let mut block = unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(start, total)) };
    block.zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_survives_a_nul_written_into_it() {
        let p = into_raw(CString::new("13800138000").unwrap());
        // SAFETY: `p` points to 12 writable bytes; it is freed once.
        unsafe {
            assert_eq!(std::ffi::CStr::from_ptr(p).to_str().unwrap(), "13800138000");
            *p.add(3) = 0;
            free(p);
            free(ptr::null_mut());
        }
    }
}
