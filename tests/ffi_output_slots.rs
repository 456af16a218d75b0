//! The header's promise for output slots: "Each slot is reset on entry (to NULL or 0)". A call that fails on
//! its first (NULL) required slot still resets the slots after it, so a caller that reads them after the
//! failure never sees a stale pointer it might free twice.

use std::ffi::{c_char, CString};
use std::ptr;

use ydrz::ffi::client::{
    ydrz_client, ydrz_client_app_login_validate, ydrz_client_app_number_verify, ydrz_client_free, ydrz_client_new,
    ydrz_client_number_verify, ydrz_client_onekey_validate,
};
use ydrz::ffi::keys::ydrz_key_generate;
use ydrz::ffi::sign::ydrz_app_number_sign_key_type0;
use ydrz::ffi::{YDRZ_E_NULL_ARG, YDRZ_OK};

/// A pointer the library never made: a slot still holding it after the call was not reset.
fn stale() -> *mut c_char {
    c"stale".as_ptr().cast_mut()
}

fn text(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn client() -> *mut ydrz_client {
    let config = text(r#"{"app_id":"300012345678","app_key":"5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C"}"#);
    let mut client = ptr::null_mut();
    // SAFETY: a valid C string and an output slot; the error slot may be NULL.
    assert_eq!(unsafe { ydrz_client_new(config.as_ptr(), &mut client, ptr::null_mut()) }, YDRZ_OK);
    client
}

#[test]
fn key_generate_resets_the_public_slot_when_the_private_slot_is_null() {
    let mut public = stale();
    // SAFETY: a NULL slot (rejected) and a writable one; the error slot may be NULL.
    let status = unsafe { ydrz_key_generate(1024, ptr::null_mut(), &mut public, ptr::null_mut()) };
    assert_eq!(status, YDRZ_E_NULL_ARG);
    assert!(public.is_null());
}

#[test]
fn key_type0_sign_resets_the_sign_slot_when_the_phone_slot_is_null() {
    let args =
        ["300012345678", "5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C", "m", "13800138000", "20240131235959123", "t", "2.0"];
    let args: Vec<CString> = args.iter().map(|a| text(a)).collect();
    let mut sign = stale();
    // SAFETY: valid C strings, a NULL slot (rejected) and a writable one; the error slot may be NULL.
    let status = unsafe {
        ydrz_app_number_sign_key_type0(
            args[0].as_ptr(),
            args[1].as_ptr(),
            args[2].as_ptr(),
            args[3].as_ptr(),
            args[4].as_ptr(),
            args[5].as_ptr(),
            args[6].as_ptr(),
            ptr::null_mut(),
            &mut sign,
            ptr::null_mut(),
        )
    };
    assert_eq!(status, YDRZ_E_NULL_ARG);
    assert!(sign.is_null());
}

#[test]
fn client_calls_reset_the_details_slot_when_the_first_slot_is_null() {
    let client = client();
    let (token, info, phone) = (text("t"), text("u"), text("13800138000"));
    let mut details = [stale(); 4];
    // SAFETY: a live client, valid C strings, NULL first slots (rejected) and writable details slots.
    let statuses = unsafe {
        [
            ydrz_client_onekey_validate(
                client,
                token.as_ptr(),
                info.as_ptr(),
                ptr::null(),
                ptr::null_mut(),
                &mut details[0],
                ptr::null_mut(),
            ),
            ydrz_client_number_verify(
                client,
                token.as_ptr(),
                info.as_ptr(),
                phone.as_ptr(),
                ptr::null(),
                ptr::null_mut(),
                &mut details[1],
                ptr::null_mut(),
            ),
            ydrz_client_app_login_validate(
                client,
                token.as_ptr(),
                ptr::null(),
                ptr::null_mut(),
                &mut details[2],
                ptr::null_mut(),
            ),
            ydrz_client_app_number_verify(
                client,
                token.as_ptr(),
                phone.as_ptr(),
                ptr::null(),
                ptr::null_mut(),
                &mut details[3],
                ptr::null_mut(),
            ),
        ]
    };
    // SAFETY: the client is live and freed once.
    unsafe { ydrz_client_free(client) };
    assert_eq!(statuses, [YDRZ_E_NULL_ARG; 4]);
    for (n, slot) in details.iter().enumerate() {
        assert!(slot.is_null(), "call {n} left the details slot as it was");
    }
}
