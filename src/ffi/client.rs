//! The platform client.

use std::ffi::c_char;

use super::{arg, c_string, call, free_handle, handle, opt_arg, opt_out, Out};
use crate::client::{Client, Validated, Verified};
use crate::ffi::errors::ydrz_error;
use crate::ffi::exchange::{base64_argument, sign_step_json};

/// A platform client: configuration, keys (parsed once), one HTTP agent with keep-alive, and the ledger of
/// tokens already sent. Opaque; safe to use from many threads at once, ydrz_client_reconfigure included.
pub struct ydrz_client {
    pub(super) inner: Client,
}

/// Creates a client from a JSON configuration:
/// `app_id` (required), `app_key`, `app_secret` (App MD5 mode), `private_key` (customer, PEM or Base64),
/// `platform_public_key` (number verification), `base_url` (default `https://www.cmpassport.com`; http:// only
/// for loopback hosts), `connect_timeout_ms` (5000), `timeout_ms` (10000, whole request), `ca_cert_pem` (extra
/// trusted CA, PEM), `proxy` (URL), `keep_alive` (true), `retries` (0; only for failures before anything was
/// sent), `token_ttl_ms` (120000, also the minimum: how long a sent token is refused), `utc_offset_minutes`
/// (480), and the sections `jssdk`, `presign`, `onekey`, `number_verify`, `app_login`, `app_number` documented
/// in README.md. An unknown key gives YDRZ_E_INVALID_ARG naming it; a bad key gives YDRZ_E_KEY. A base_url with
/// user@, ?query or #fragment, an app_id that cannot be an HTTP header value, or a token_ttl_ms below 120000
/// gives YDRZ_E_INVALID_ARG. TLS certificate verification cannot be turned off.
/// On success `*out` is freed with ydrz_client_free. Thread-safe.
///
/// # Safety
/// `config_json` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_new(
    config_json: *const c_char,
    out: *mut *mut ydrz_client,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let client = Client::new(arg(config_json, "config_json")?)?;
            out.put_handle(ydrz_client { inner: client });
            Ok(())
        })
    }
}

/// Replaces the client's whole configuration (keys, secrets, URLs, timeouts; same JSON as ydrz_client_new)
/// atomically, without a restart: calls already begun finish on the configuration they began with, later calls
/// use the new one, and the ledger of tokens already sent carries over, so no token is sent twice across the
/// swap. A different `app_id` gives YDRZ_E_INVALID_ARG (that is a different client: create a new one); any
/// error leaves the configuration in force unchanged. The client keeps no pointer to `config_json`.
/// Thread-safe: may run while other threads validate with the same client.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `config_json` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_reconfigure(
    client: *const ydrz_client,
    config_json: *const c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let client = handle(client, "client")?;
            client.inner.reconfigure(arg(config_json, "config_json")?)
        })
    }
}

/// What the client's calls cost, as JSON: for each interface ("onekey", "number_verify", "app_login",
/// "app_number") `{"calls","success","platform":{"<result code>":n,...},"network","timeout","protocol","http",
/// "token_reused","other","latency_ms":{"le":[1,2,5,10,25,50,100,250,500,1000,2500,5000],"counts":[...]}}`.
/// `calls` is the sum of the outcomes; `counts` has one entry per bound in `le` (calls that took at most that
/// many milliseconds and more than the previous bound) and a last entry for slower calls, and sums to the calls
/// that reached the transport (all but `token_reused`). A call counts once it ends: finished, failed to send,
/// declared not sent, or refused as a reused token; an exchange freed unfinished does not count. Counts start
/// at zero with the client and survive ydrz_client_reconfigure. `*out_json` is freed with ydrz_string_free.
/// Returns YDRZ_OK, or YDRZ_E_NULL_ARG for a NULL `client` or `out_json`; no error object. Thread-safe; cheap
/// enough to call at any rate.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `out_json` is NULL or points to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_stats(client: *const ydrz_client, out_json: *mut *mut c_char) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(std::ptr::null_mut(), || {
            let out = Out::new(out_json, "out_json")?;
            let client = handle(client, "client")?;
            out.put_text(&client.inner.stats().to_string(), "stats")
        })
    }
}

/// Frees a client (its keys are zeroized). NULL is a no-op. No call may be running on it.
///
/// # Safety
/// `client` is NULL or a handle from this library not yet freed, which no other thread is using; it must not be used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_free(client: *mut ydrz_client) {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        free_handle(client);
    }
}

/// Parameters for the mini-program's YDRZ.getTokenInfo as JSON:
/// {"appId","traceId","msgId","timestamp","version","businessType","sign"}, with a fresh traceId (= msgId) and
/// the current UTC+8 timestamp. A config without app_key gives YDRZ_E_INVALID_ARG. `*out_json` is freed with
/// ydrz_string_free. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `out_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_jssdk_params(
    client: *const ydrz_client,
    out_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_json, "out_json")?;
            let client = handle(client, "client")?;
            out.put_text(&client.inner.jssdk_params()?.to_string(), "params")
        })
    }
}

/// Signs the number-verification jssdk preSign with the configured `presign` style (MD5withRSA, Base64 by
/// default). A config without private_key, or an empty `presign`, gives YDRZ_E_INVALID_ARG (with
/// `"signer": "external"`: ydrz_client_presign_step and ydrz_client_presign_accept). `*out` is freed with
/// ydrz_string_free. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `presign` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_presign_sign(
    client: *const ydrz_client,
    presign: *const c_char,
    out: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out, "out")?;
            let client = handle(client, "client")?;
            out.put_text(&client.inner.presign_sign(arg(presign, "presign")?)?, "sign")
        })
    }
}

/// The preSign signature an external signer (`"signer": "external"`) must make, as JSON:
/// `{"step":"sign","algorithm":"MD5withRSA"|"SHA256withRSA","input_base64":"..."}`, the exact bytes of `presign`
/// to sign with `algorithm` (the configured `presign` style), as ydrz_exchange_pending describes a signature.
/// Hand the raw signature to ydrz_client_presign_accept. A client that signs with its configured private_key,
/// or an empty `presign`, gives YDRZ_E_INVALID_ARG. `*out_json` is freed with ydrz_string_free. No I/O.
/// Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `presign` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_presign_step(
    client: *const ydrz_client,
    presign: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_json, "out_json")?;
            let client = handle(client, "client")?;
            let step = client.inner.presign_step(arg(presign, "presign")?)?;
            out.put_text(&sign_step_json(&step).to_string(), "step")
        })
    }
}

/// The preSign sign from the external signer's raw signature (Base64 in `signature_base64`) of the bytes
/// ydrz_client_presign_step gave for the same `presign`: verified against the configured public_key (another
/// key or the other algorithm gives YDRZ_E_SIGNATURE saying which) and written in the configured encoding, as
/// ydrz_client_presign_sign writes it. Text that is not Base64, an empty `presign`, or a client that signs with
/// its private_key gives YDRZ_E_INVALID_ARG. `*out_sign` is freed with ydrz_string_free. No I/O. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `presign` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `signature_base64` is NULL or points to a NUL-terminated string that stays valid and unchanged during the
/// call.
/// `out_sign` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_presign_accept(
    client: *const ydrz_client,
    presign: *const c_char,
    signature_base64: *const c_char,
    out_sign: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_sign, "out_sign")?;
            let client = handle(client, "client")?;
            let step = client.inner.presign_step(arg(presign, "presign")?)?;
            let signature = base64_argument(arg(signature_base64, "signature_base64")?, "signature_base64")?;
            out.put_text(&step.accept(&signature)?, "sign")
        })
    }
}

fn put_details(slot: Option<Out<*mut c_char>>, details: &serde_json::Value) -> crate::Result<()> {
    slot.map_or(Ok(()), |slot| slot.put_text(&details.to_string(), "details"))
}

fn put_validated(
    validated: Validated,
    out_phone: Out<*mut c_char>,
    out_details: Option<Out<*mut c_char>>,
) -> crate::Result<()> {
    let phone = c_string(&validated.phone, "phone")?;
    put_details(out_details, &validated.details)?;
    out_phone.put_string(phone);
    Ok(())
}

fn put_verified(verified: Verified, out_match: Out<i32>, out_details: Option<Out<*mut c_char>>) -> crate::Result<()> {
    put_details(out_details, &verified.details)?;
    out_match.set(i32::from(verified.matched));
    Ok(())
}

/// One-click login (mini-program / H5): POSTs /h5/onekeylogin/tokenValidate and decrypts the msisdn.
/// `user_information` is passed exactly as the jssdk returned it (never URL-decode it); `expand_params` is
/// nullable. On success `*out_phone` is the 11-digit number and, when `out_details_json` is not NULL,
/// `*out_details_json` is {"resultCode","desc","securityPhone","traceId","http_status","response","elapsed_ms",
/// "attempts"} (plus "token_age_ms" when the answer gives the token's issue time, as the sandbox's do: call
/// cost from begin to answer, connection attempts, token age in milliseconds); both are freed with
/// ydrz_string_free. A non-success code gives YDRZ_E_PLATFORM (code in ydrz_error_platform_code).
/// The token is sent at most once by this client: a second call with it gives YDRZ_E_TOKEN_REUSED without a
/// request, and a failure after sending (timeout, reset) is never retried. Blocks up to timeout_ms. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `user_information` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_phone` is NULL or points to writable storage for one pointer.
/// `out_details_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_onekey_validate(
    client: *const ydrz_client,
    token: *const c_char,
    user_information: *const c_char,
    expand_params: *const c_char,
    out_phone: *mut *mut c_char,
    out_details_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            // The optional slot first: it is reset even when the required one is NULL.
            let out_details = opt_out(out_details_json);
            let out_phone = Out::new(out_phone, "out_phone")?;
            let client = handle(client, "client")?;
            let validated = client.inner.onekey_validate(
                arg(token, "token")?,
                arg(user_information, "user_information")?,
                opt_arg(expand_params, "expand_params")?,
            )?;
            put_validated(validated, out_phone, out_details)
        })
    }
}

/// Number verification (mini-program / H5): encrypts `phone` (11 digits, as the user typed it) with the
/// platform key, signs, and POSTs /NumberAbility/h5/verifyVmMobileApi.htm. `*out_match` is 1 when the platform
/// says the number is the device's own and 0 when it says it is not (match codes configurable, "000"/"001" by
/// default); any other answer gives YDRZ_E_PLATFORM, and `*out_match` is 0 on any failure. `expand_params` and
/// `out_details_json` are nullable; `*out_details_json` is {"resultCode","desc","msgId","matched",
/// "http_status","response","elapsed_ms","attempts"} (and "token_age_ms" as for ydrz_client_onekey_validate), freed with ydrz_string_free. A config without app_key, private_key or
/// platform_public_key gives YDRZ_E_INVALID_ARG. Single-use token rules as for ydrz_client_onekey_validate.
/// Blocks up to timeout_ms. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `user_information` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `phone` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_match` is NULL or points to writable storage for one `int32_t`.
/// `out_details_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_number_verify(
    client: *const ydrz_client,
    token: *const c_char,
    user_information: *const c_char,
    phone: *const c_char,
    expand_params: *const c_char,
    out_match: *mut i32,
    out_details_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            // The optional slot first: it is reset even when the required one is NULL.
            let out_details = opt_out(out_details_json);
            let out_match = Out::value(out_match, "out_match", 0)?;
            let client = handle(client, "client")?;
            let verified = client.inner.number_verify(
                arg(token, "token")?,
                arg(user_information, "user_information")?,
                arg(phone, "phone")?,
                opt_arg(expand_params, "expand_params")?,
            )?;
            put_verified(verified, out_match, out_details)
        })
    }
}

/// App one-click login: POSTs /unisdk/rsapi/loginTokenValidate in the configured `app_login.mode` ("md5":
/// MD5 sign with app_secret; "rsa": SHA256withRSA sign and RSA-encrypted msisdn) and returns the phone.
/// Outputs, errors and single-use token rules as for ydrz_client_onekey_validate, except that the details carry
/// the request's `msgId` (spelt as number verification's) instead of `traceId`; md5 mode without app_secret
/// (or rsa mode without private_key) gives YDRZ_E_INVALID_ARG. In rsa mode, an msisdn that does not decrypt
/// to a phone number gives YDRZ_E_CRYPTO with one message whatever the reason (wrong key, bad padding, another
/// plaintext): no padding oracle. Blocks up to timeout_ms. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_phone` is NULL or points to writable storage for one pointer.
/// `out_details_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_app_login_validate(
    client: *const ydrz_client,
    token: *const c_char,
    expand_params: *const c_char,
    out_phone: *mut *mut c_char,
    out_details_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            // The optional slot first: it is reset even when the required one is NULL.
            let out_details = opt_out(out_details_json);
            let out_phone = Out::new(out_phone, "out_phone")?;
            let client = handle(client, "client")?;
            let validated =
                client.inner.app_login_validate(arg(token, "token")?, opt_arg(expand_params, "expand_params")?)?;
            put_validated(validated, out_phone, out_details)
        })
    }
}

/// App number verification: POSTs /openapi/rs/tokenValidate with the configured `app_number.key_type` ("1":
/// RSA phoneNum + MD5withRSA sign, the default; "0": SHA-256 phoneNum + HMAC-SHA256 sign). `*out_match` is 1 for
/// code 000 and 0 for 001; other codes give YDRZ_E_PLATFORM, and `*out_match` is 0 on any failure.
/// `expand_params` and `out_details_json` are nullable; `*out_details_json` is as for
/// ydrz_client_number_verify, freed with ydrz_string_free. Single-use token rules as above. Blocks up to
/// timeout_ms. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `phone` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_match` is NULL or points to writable storage for one `int32_t`.
/// `out_details_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_app_number_verify(
    client: *const ydrz_client,
    token: *const c_char,
    phone: *const c_char,
    expand_params: *const c_char,
    out_match: *mut i32,
    out_details_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            // The optional slot first: it is reset even when the required one is NULL.
            let out_details = opt_out(out_details_json);
            let out_match = Out::value(out_match, "out_match", 0)?;
            let client = handle(client, "client")?;
            let verified = client.inner.app_number_verify(
                arg(token, "token")?,
                arg(phone, "phone")?,
                opt_arg(expand_params, "expand_params")?,
            )?;
            put_verified(verified, out_match, out_details)
        })
    }
}
