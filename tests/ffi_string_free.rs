//! `ydrz_string_free` frees a returned string by the length the library allocated, whatever the caller wrote
//! into it. Checked with a global allocator that counts live bytes by the sizes passed to alloc and dealloc: a
//! free by a length found with strlen (after a NUL written into the text) would leave bytes counted as live.
//! One test in this binary, so no other test thread allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_char, CString};
use std::ptr;
use std::sync::atomic::{AtomicIsize, Ordering};

use ydrz::ffi::errors::ydrz_string_free;
use ydrz::ffi::sign::ydrz_jssdk_sign;
use ydrz::ffi::{YDRZ_ENCODING_HEX_UPPER, YDRZ_OK};

struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator unchanged; the counter is only arithmetic on the layouts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::SeqCst);
        // SAFETY: the caller's contract for `alloc` is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::SeqCst);
        // SAFETY: the caller's contract for `dealloc` is the system allocator's.
        unsafe { System.dealloc(p, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn jssdk_sign() -> *mut c_char {
    let text = |s: &str| CString::new(s).unwrap();
    let (app_id, app_key) = (text("300012345678"), text("5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C"));
    let (trace_id, timestamp) = (text("0123456789abcdef0123456789abcdef"), text("20240131235959123"));
    let mut out = ptr::null_mut();
    // SAFETY: valid C strings, NULL for the optional ones and for err, and one output slot.
    let status = unsafe {
        ydrz_jssdk_sign(
            app_id.as_ptr(),
            app_key.as_ptr(),
            trace_id.as_ptr(),
            timestamp.as_ptr(),
            ptr::null(),
            ptr::null(),
            YDRZ_ENCODING_HEX_UPPER,
            &mut out,
            ptr::null_mut(),
        )
    };
    assert_eq!(status, YDRZ_OK);
    out
}

#[test]
fn a_nul_written_into_a_returned_string_does_not_change_what_is_freed() {
    // SAFETY: each string is the library's, written within its 33 bytes and freed once.
    unsafe { ydrz_string_free(jssdk_sign()) };
    let before = LIVE_BYTES.load(Ordering::SeqCst);
    let out = jssdk_sign();
    // SAFETY: as above.
    unsafe {
        *out.add(3) = 0;
        ydrz_string_free(out);
    }
    assert_eq!(LIVE_BYTES.load(Ordering::SeqCst), before, "every byte allocated for the string was freed");
}
