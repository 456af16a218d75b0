//! Output slots. An [`Out`] is the only way the exports write through a caller's output pointer, and it can be
//! made only here, by the `unsafe` constructors whose contracts make the later writes sound.

use std::ffi::{c_char, CString};
use std::ptr;

use super::strings;
use crate::error::{Error, Result, Status};

/// An output slot: checked for NULL and cleared on entry, written only on success.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<*mut T> {
    /// # Safety
    /// `p` is NULL or points to writable storage for one pointer that stays valid for the call.
    pub(crate) unsafe fn new(p: *mut *mut T, name: &str) -> Result<Out<*mut T>> {
        if p.is_null() {
            return Err(Error::new(Status::NullArg, format!("{name} is NULL")));
        }
        // SAFETY: non-NULL and, by this function's contract, writable.
        unsafe { *p = ptr::null_mut() };
        Ok(Out(p))
    }

    pub(crate) fn put(self, value: *mut T) {
        // SAFETY: checked non-NULL and writable for the call by the `unsafe` constructor that made `self`.
        unsafe { *self.0 = value };
    }

    /// Stores a new handle, freed by the matching `ydrz_*_free` (`free_handle`).
    pub(crate) fn put_handle(self, value: T) {
        self.put(Box::into_raw(Box::new(value)));
    }
}

impl<T> Out<T> {
    /// An output slot for a plain value, reset to `initial` on entry.
    ///
    /// # Safety
    /// `p` is NULL or points to writable storage for one `T` that stays valid for the call.
    pub(crate) unsafe fn value(p: *mut T, name: &str, initial: T) -> Result<Out<T>> {
        if p.is_null() {
            return Err(Error::new(Status::NullArg, format!("{name} is NULL")));
        }
        // SAFETY: non-NULL and, by this function's contract, writable.
        unsafe { *p = initial };
        Ok(Out(p))
    }

    pub(crate) fn set(self, value: T) {
        // SAFETY: checked non-NULL and writable for the call in `value`.
        unsafe { *self.0 = value };
    }
}

/// An optional output string slot (nullable pointer): cleared on entry when present.
///
/// # Safety
/// As for [`Out::new`].
pub(crate) unsafe fn opt_out(p: *mut *mut c_char) -> Option<Out<*mut c_char>> {
    if p.is_null() {
        None
    } else {
        // SAFETY: forwarded contract.
        unsafe { Out::new(p, "") }.ok()
    }
}

impl Out<*mut c_char> {
    /// Stores a new library-allocated string (freed with `ydrz_string_free`).
    pub(crate) fn put_string(self, text: CString) {
        self.put(strings::into_raw(text));
    }

    /// Converts `text` with `c_string` and stores it.
    pub(crate) fn put_text(self, text: &str, what: &str) -> Result<()> {
        self.put_string(super::c_string(text, what)?);
        Ok(())
    }
}
