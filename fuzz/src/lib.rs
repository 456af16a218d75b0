//! Checks shared by the fuzz targets (`cargo fuzz run <target>`) and the stable seed replay test.
//!
//! Each check feeds arbitrary bytes to the C ABI exactly as a C caller could (strings cut at the first NUL,
//! missing fields passed as NULL) or to the response parser, and asserts the boundary's promises:
//! - no panic: under libFuzzer any panic aborts, even one the boundary catches; in the replay test a caught
//!   panic shows as `YDRZ_E_PANIC`, which the checks reject;
//! - a failure returns an error object with the same status and a non-empty message, a success none;
//! - no error message contains a secret that was passed in (app key, secret, key material, a full phone).

use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::OnceLock;

use ydrz::ffi::client::{
    ydrz_client, ydrz_client_free, ydrz_client_jssdk_params, ydrz_client_new, ydrz_client_presign_sign,
};
use ydrz::ffi::errors::{ydrz_error, ydrz_error_free, ydrz_error_message, ydrz_error_status, ydrz_string_free};
use ydrz::ffi::keys::{
    ydrz_decrypt_msisdn, ydrz_encrypt_phone, ydrz_private_key, ydrz_private_key_free, ydrz_private_key_load,
    ydrz_private_key_public_spki, ydrz_public_key, ydrz_public_key_free, ydrz_public_key_load, ydrz_rsa_decrypt,
};
use ydrz::ffi::sign::{
    ydrz_app_login_md5_sign, ydrz_app_number_sign_key_type0, ydrz_jssdk_sign, ydrz_presign_sign, ydrz_rsa_sign,
    ydrz_rsa_verify, ydrz_token_validate_sign,
};
use ydrz::ffi::{
    YDRZ_ENCODING_BASE64, YDRZ_E_INVALID_ARG, YDRZ_E_PANIC, YDRZ_E_SIGNATURE, YDRZ_OK, YDRZ_SIGN_SHA256_RSA,
};
use ydrz::protocol::response::{printable_prefix, Response};

/// The shortest run of Base64 characters from the input that an error message may not repeat.
const KEY_MATERIAL_RUN: usize = 24;
/// The shortest app key or secret that counts as a secret. With the shape `looks_secret` requires, a shorter
/// one could be a word of the library's own wording ("msisdn is empty", "SHA256withRSA").
const SECRET_MIN: usize = 16;

/// The text up to the first NUL, as a C caller would pass it.
fn c_text(bytes: &[u8]) -> CString {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).expect("cut at the first NUL")
}

/// `data` split at NUL bytes into `n` C strings; fields past the end of the data are `None` (passed as NULL).
fn fields(data: &[u8], n: usize) -> Vec<Option<CString>> {
    let mut parts = data.split(|&b| b == 0).map(|p| CString::new(p).expect("split at NUL"));
    (0..n).map(|_| parts.next()).collect()
}

fn ptr_of(field: &Option<CString>) -> *const c_char {
    field.as_ref().map_or(ptr::null(), |c| c.as_ptr())
}

fn secret_of(field: &Option<CString>) -> Option<String> {
    let text = field.as_ref()?.to_str().ok()?;
    looks_secret(text).then(|| text.to_string())
}

/// Whether a value is shaped like an app key or secret (hex or Base64 with letters and digits), and so must
/// never appear in a message.
fn looks_secret(text: &str) -> bool {
    text.len() >= SECRET_MIN
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        && text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The runs of Base64 characters in `text` that could be key material: long, and mixed-case as Base64 of
/// random bytes is (a run of one case is a word or a label).
fn key_material_runs(text: &[u8]) -> Vec<String> {
    text.split(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/'))
        .filter(|run| run.len() >= KEY_MATERIAL_RUN)
        .filter(|run| run.iter().any(u8::is_ascii_lowercase) && run.iter().any(u8::is_ascii_uppercase))
        .map(|run| String::from_utf8_lossy(run).into_owned())
        .collect()
}

/// Asserts the contract for one call and frees its error object.
fn check(what: &str, status: i32, err: *mut ydrz_error, secrets: &[String]) {
    assert_ne!(status, YDRZ_E_PANIC, "{what}: the library panicked");
    if status == YDRZ_OK {
        assert!(err.is_null(), "{what}: success with an error object");
        return;
    }
    assert!(!err.is_null(), "{what}: status {status} without an error object");
    // SAFETY: `err` is a live error object from the library, freed once below.
    let (err_status, message) = unsafe {
        let message = CStr::from_ptr(ydrz_error_message(err)).to_string_lossy().into_owned();
        (ydrz_error_status(err), message)
    };
    // SAFETY: as above.
    unsafe { ydrz_error_free(err) };
    assert_eq!(err_status, status, "{what}: the error object disagrees with the returned status");
    assert!(!message.is_empty(), "{what}: empty error message");
    for secret in secrets {
        assert!(!message.contains(secret.as_str()), "{what}: the error message repeats a secret: {message}");
    }
}

/// Takes a library string out of an output slot, freeing it.
fn take(out: *mut c_char) -> Option<String> {
    if out.is_null() {
        return None;
    }
    // SAFETY: `out` is a library string, freed once here.
    let text = unsafe { CStr::from_ptr(out) }.to_string_lossy().into_owned();
    // SAFETY: as above.
    unsafe { ydrz_string_free(out) };
    Some(text)
}

/// Keys from the repository's vectors, loaded once.
struct Keys {
    private_1024: *mut ydrz_private_key,
    private_2048: *mut ydrz_private_key,
    platform_1024: *mut ydrz_public_key,
}

// SAFETY: key handles are immutable and documented as safe to share between threads; they are never freed.
unsafe impl Send for Keys {}
// SAFETY: as above.
unsafe impl Sync for Keys {}

const VECTORS: &str = include_str!("../../tests/data/vectors.json");

fn vector_key(name: &str, field: &str) -> CString {
    let vectors: serde_json::Value = serde_json::from_str(VECTORS).expect("vectors.json is JSON");
    let text = vectors["keys"][name][field].as_str().expect("the key is in vectors.json");
    CString::new(text).expect("no NUL")
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys =
            Keys { private_1024: ptr::null_mut(), private_2048: ptr::null_mut(), platform_1024: ptr::null_mut() };
        let mut err = ptr::null_mut();
        // SAFETY: valid C strings and output slots.
        unsafe {
            let text = vector_key("customer_1024", "private_pkcs8_der_base64");
            assert_eq!(ydrz_private_key_load(text.as_ptr(), &mut keys.private_1024, &mut err), YDRZ_OK);
            let text = vector_key("customer_2048", "private_pkcs8_der_base64");
            assert_eq!(ydrz_private_key_load(text.as_ptr(), &mut keys.private_2048, &mut err), YDRZ_OK);
            let text = vector_key("platform_1024", "public_x509_spki_der_base64");
            assert_eq!(ydrz_public_key_load(text.as_ptr(), &mut keys.platform_1024, &mut err), YDRZ_OK);
        }
        keys
    })
}

/// Private and public key loading. A key that loads must sign (private) or encrypt a phone (public).
pub fn key_load(data: &[u8]) {
    let text = c_text(data);
    let secrets = key_material_runs(text.as_bytes());
    let (mut err, mut out) = (ptr::null_mut(), ptr::null_mut::<c_char>());
    let mut private: *mut ydrz_private_key = ptr::null_mut();
    // SAFETY: valid C strings, output slots and handles throughout; every handle and string is freed once.
    unsafe {
        let status = ydrz_private_key_load(text.as_ptr(), &mut private, &mut err);
        check("private_key_load", status, err, &secrets);
        if status == YDRZ_OK {
            let status =
                ydrz_rsa_sign(private, c"x".as_ptr(), YDRZ_SIGN_SHA256_RSA, YDRZ_ENCODING_BASE64, &mut out, &mut err);
            check("rsa_sign with a loaded key", status, err, &secrets);
            assert_eq!(status, YDRZ_OK, "a loaded private key signs");
            take(out);
            let status = ydrz_private_key_public_spki(private, &mut out, &mut err);
            check("private_key_public_spki", status, err, &[]);
            assert_eq!(status, YDRZ_OK, "a loaded private key has a public half");
            take(out);
            ydrz_private_key_free(private);
        }
        let mut public: *mut ydrz_public_key = ptr::null_mut();
        let status = ydrz_public_key_load(text.as_ptr(), &mut public, &mut err);
        check("public_key_load", status, err, &secrets);
        if status == YDRZ_OK {
            let status = ydrz_encrypt_phone(
                public,
                c"13800138000".as_ptr(),
                c"5A3F0E9C2B7D4E1F".as_ptr(),
                c"20240131235959123".as_ptr(),
                &mut out,
                &mut err,
            );
            check("encrypt_phone with a loaded key", status, err, &[]);
            assert_eq!(status, YDRZ_OK, "a loaded public key encrypts");
            take(out);
            let status = ydrz_rsa_verify(
                public,
                c"x".as_ptr(),
                c"AAAA".as_ptr(),
                YDRZ_SIGN_SHA256_RSA,
                YDRZ_ENCODING_BASE64,
                &mut err,
            );
            assert_eq!(status, YDRZ_E_SIGNATURE, "a wrong signature does not verify");
            check("rsa_verify with a loaded key", status, err, &[]);
            ydrz_public_key_free(public);
        }
    }
}

/// RSA decryption of arbitrary ciphertext text (hex or Base64, one or more blocks) with 1024- and 2048-bit keys.
pub fn rsa_decrypt(data: &[u8]) {
    let text = c_text(data);
    let keys = keys();
    for key in [keys.private_1024, keys.private_2048] {
        let (mut err, mut out) = (ptr::null_mut(), ptr::null_mut());
        // SAFETY: a live key handle, a valid C string and output slots.
        let status = unsafe { ydrz_rsa_decrypt(key, text.as_ptr(), &mut out, &mut err) };
        check("rsa_decrypt", status, err, &[]);
        take(out);
    }
}

/// AES msisdn decryption: app key and msisdn, separated by a NUL.
pub fn msisdn(data: &[u8]) {
    let f = fields(data, 2);
    let secrets: Vec<String> = secret_of(&f[0]).into_iter().collect();
    let (mut err, mut out) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: NULL or valid C strings, and output slots.
    let status = unsafe { ydrz_decrypt_msisdn(ptr_of(&f[0]), ptr_of(&f[1]), &mut out, &mut err) };
    check("decrypt_msisdn", status, err, &secrets);
    take(out);
}

/// The platform's answer as the client reads it: JSON of any shape, any nesting, any types.
pub fn response(data: &[u8]) {
    let prefix = printable_prefix(data);
    assert!(!prefix.chars().any(char::is_control), "printable_prefix kept a control character: {prefix:?}");
    let Ok(response) = Response::parse(data) else { return };
    let _ = response.result_code();
    let _ = response.description();
    for name in ["msisdn", "securityPhone", "resultCode", "data", "body", "header"] {
        let _ = response.string(name);
        let _ = response.find(name);
    }
}

/// Client construction from arbitrary JSON config, then the calls that need no network.
pub fn client_config(data: &[u8]) {
    let text = c_text(data);
    let secrets = config_secrets(text.to_str().unwrap_or_default());
    let (mut err, mut out) = (ptr::null_mut(), ptr::null_mut());
    let mut client: *mut ydrz_client = ptr::null_mut();
    // SAFETY: a valid C string and output slots; the client is freed once.
    unsafe {
        let status = ydrz_client_new(text.as_ptr(), &mut client, &mut err);
        check("client_new", status, err, &secrets);
        if status != YDRZ_OK {
            return;
        }
        let status = ydrz_client_jssdk_params(client, &mut out, &mut err);
        check("client_jssdk_params", status, err, &secrets);
        take(out);
        let status = ydrz_client_presign_sign(client, c"3000123456780.84".as_ptr(), &mut out, &mut err);
        check("client_presign_sign", status, err, &secrets);
        take(out);
        ydrz_client_free(client);
    }
}

/// The client's URL and header checks: a base URL and an app_id (NUL-separated) in an otherwise valid config.
/// A client is created only when the URL, read by `http::Uri` (the parser the HTTP stack uses), has no
/// userinfo, query or fragment and an http:// URL names a loopback host; and when the app_id can be sent as a
/// header value (visible ASCII, spaces, tabs; at most 64 KiB). Anything else is YDRZ_E_INVALID_ARG.
pub fn client_url(data: &[u8]) {
    let f = fields(data, 2);
    let text = |i: usize| f[i].as_ref().map(|c| String::from_utf8_lossy(c.as_bytes()).into_owned());
    let (base_url, app_id) = (text(0).unwrap_or_default(), text(1).unwrap_or_else(|| "300012345678".to_string()));
    let config = serde_json::json!({"app_id": app_id, "base_url": base_url}).to_string();
    let config = CString::new(config).expect("JSON escapes NUL");
    let secrets: Vec<String> = [&base_url, &app_id].into_iter().filter(|t| looks_secret(t)).cloned().collect();
    let (mut err, mut client) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: a valid C string and output slots; the client is freed once.
    let status = unsafe { ydrz_client_new(config.as_ptr(), &mut client, &mut err) };
    // SAFETY: `err` is NULL or the error object the call just stored.
    let error_status = unsafe { ydrz_error_status(err) };
    check("client_new", status, err, &secrets);
    if status != YDRZ_OK {
        assert_eq!(error_status, YDRZ_E_INVALID_ARG, "client_new: a refused URL or app_id is INVALID_ARG");
        return;
    }
    // SAFETY: the live client from above, freed once.
    unsafe { ydrz_client_free(client) };
    assert!(
        !app_id.is_empty()
            && app_id.len() <= 64 * 1024
            && app_id.bytes().all(|b| b == b'\t' || (b' '..b'\x7f').contains(&b)),
        "an app_id that cannot be a header value was accepted: {app_id:?}"
    );
    if base_url.is_empty() {
        return; // the default URL
    }
    let trimmed = base_url.trim_end_matches('/');
    let uri: http::Uri =
        trimmed.parse().unwrap_or_else(|e| panic!("accepted {base_url:?}, which http::Uri refuses: {e}"));
    let authority = uri.authority().expect("an accepted URL has an authority");
    assert!(!authority.as_str().contains('@'), "userinfo accepted: {base_url:?}");
    assert!(uri.query().is_none() && !base_url.contains('#'), "query or fragment accepted: {base_url:?}");
    let scheme = uri.scheme_str().map(str::to_ascii_lowercase);
    assert!(matches!(scheme.as_deref(), Some("http" | "https")), "scheme accepted: {base_url:?}");
    if scheme.as_deref() == Some("http") {
        let host = authority.host();
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        let loopback = host.eq_ignore_ascii_case("localhost")
            || literal.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback());
        assert!(loopback, "http:// to {host:?} accepted: {base_url:?}");
    }
}

/// Key-material runs of the config text, and its `app_key` and `app_secret` when the text is a JSON object.
fn config_secrets(text: &str) -> Vec<String> {
    let mut secrets = key_material_runs(text.as_bytes());
    if let Ok(serde_json::Value::Object(config)) = serde_json::from_str(text) {
        let values = ["app_key", "app_secret"].iter().filter_map(|name| config.get(*name)?.as_str());
        secrets.extend(values.filter(|v| looks_secret(v)).map(str::to_string));
    }
    secrets
}

/// The sign functions with arbitrary fields (NUL-separated; missing ones are NULL). The first byte also picks
/// the encoding, including values that are not valid encodings.
pub fn sign_fields(data: &[u8]) {
    let encoding = data.first().map_or(0, |b| i32::from(b % 5));
    let f = fields(data, 7);
    let secrets: Vec<String> = secret_of(&f[1]).into_iter().chain(phone_of(&f[4])).collect();
    let key = keys().private_1024;
    let (mut err, mut out, mut out2) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: NULL or valid C strings, a live key handle and output slots; outputs are freed by `take`.
    unsafe {
        let p = |i: usize| ptr_of(&f[i]);
        let status = ydrz_jssdk_sign(p(0), p(1), p(2), p(3), p(5), p(6), encoding, &mut out, &mut err);
        check("jssdk_sign", status, err, &secrets);
        take(out);
        let status = ydrz_token_validate_sign(key, p(0), p(2), p(3), p(6), p(5), &mut out, &mut err);
        check("token_validate_sign", status, err, &secrets);
        take(out);
        let status = ydrz_presign_sign(key, p(2), &mut out, &mut err);
        check("presign_sign", status, err, &secrets);
        take(out);
        let status = ydrz_app_login_md5_sign(p(0), p(5), p(2), p(3), p(4), p(6), p(1), encoding, &mut out, &mut err);
        check("app_login_md5_sign", status, err, &secrets);
        take(out);
        let status =
            ydrz_app_number_sign_key_type0(p(0), p(1), p(2), p(4), p(3), p(6), p(5), &mut out, &mut out2, &mut err);
        check("app_number_sign_key_type0", status, err, &secrets);
        take(out);
        take(out2);
    }
}

/// An 11-digit field is a full phone number, which no message may contain.
fn phone_of(field: &Option<CString>) -> Option<String> {
    let text = field.as_ref()?.to_str().ok()?;
    (text.len() == 11 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.to_string())
}
