//! Bring your own HTTP: a validation as a request to send and an answer to read (`crate::client::Exchange`).

use std::ffi::c_char;
use std::sync::{Mutex, MutexGuard};

use zeroize::Zeroizing;

use super::{arg, call, free_handle, handle, opt_arg, Out};
use crate::client::{Exchange, Sources, Validated, Verified};
use crate::error::{Error, Result, Status};
use crate::ffi::client::ydrz_client;
use crate::ffi::errors::ydrz_error;

/// One validation in flight: the complete HTTP request (ydrz_exchange_request) and the reading of its answer
/// (ydrz_exchange_finish), with the token reserved in the client's ledger from begin on. Opaque.
///
/// Who owns the token when: begin reserves it (a second begin or blocking call with it gives
/// YDRZ_E_TOKEN_REUSED without a request); ydrz_exchange_finish keeps it reserved (it was sent);
/// ydrz_exchange_not_sent releases it (only when the request provably never left: connection refused, DNS or
/// TLS handshake failure); freeing an exchange that was neither finished nor declared unsent keeps it
/// reserved, because the request may have left.
///
/// An exchange holds what it needs of its client: it may outlive ydrz_client_free. It may be used from any
/// thread, and calls on one exchange from several threads at once are serialized (one finish wins, the other
/// gets YDRZ_E_INVALID_ARG); only ydrz_exchange_free must not run while another call uses the exchange.
pub struct ydrz_exchange {
    request_json: String,
    state: Mutex<State>,
}

enum State {
    Pending(Pending),
    Finished,
    NotSent,
}

enum Pending {
    Validation(Exchange<Validated>),
    Verification(Exchange<Verified>),
}

impl ydrz_exchange {
    fn new(state: State, request_json: String) -> ydrz_exchange {
        ydrz_exchange { request_json, state: Mutex::new(state) }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Each call replaces the state in one assignment, so a panic in another call leaves it consistent.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the pending exchange out, leaving `then` in its place; an exchange already ended is an error.
    fn take(&self, then: State) -> Result<Pending> {
        let mut state = self.lock();
        match std::mem::replace(&mut *state, then) {
            State::Pending(pending) => Ok(pending),
            ended => {
                let message = match ended {
                    State::NotSent => {
                        "the exchange was already ended by ydrz_exchange_not_sent (its token is released)"
                    }
                    _ => "the exchange is already finished (ydrz_exchange_finish)",
                };
                *state = ended;
                Err(Error::invalid_arg(message))
            }
        }
    }
}

fn begin_validation(out: Out<*mut ydrz_exchange>, exchange: Exchange<Validated>) {
    let request = exchange.request().to_json().to_string();
    out.put_handle(ydrz_exchange::new(State::Pending(Pending::Validation(exchange)), request));
}

fn begin_verification(out: Out<*mut ydrz_exchange>, exchange: Exchange<Verified>) {
    let request = exchange.request().to_json().to_string();
    out.put_handle(ydrz_exchange::new(State::Pending(Pending::Verification(exchange)), request));
}

/// Begins a one-click login (mini-program / H5) without sending it: the inputs and their checks are those of
/// ydrz_client_onekey_validate. On success the token is reserved and `*out_exchange` holds the request to send
/// (ydrz_exchange_request); the caller owns it and frees it with ydrz_exchange_free. A reused token gives
/// YDRZ_E_TOKEN_REUSED. No I/O. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `user_information` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_exchange` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_onekey_begin(
    client: *const ydrz_client,
    token: *const c_char,
    user_information: *const c_char,
    expand_params: *const c_char,
    out_exchange: *mut *mut ydrz_exchange,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_exchange, "out_exchange")?;
            let client = handle(client, "client")?;
            let exchange = client.inner.onekey_begin(
                &Sources::SYSTEM,
                arg(token, "token")?,
                arg(user_information, "user_information")?,
                opt_arg(expand_params, "expand_params")?,
            )?;
            begin_validation(out, exchange);
            Ok(())
        })
    }
}

/// Begins a number verification (mini-program / H5) without sending it: inputs and checks of
/// ydrz_client_number_verify (the phone is encrypted and the request signed here). Outputs and token rules as
/// for ydrz_client_onekey_begin. No I/O. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `user_information` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `phone` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_exchange` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_number_verify_begin(
    client: *const ydrz_client,
    token: *const c_char,
    user_information: *const c_char,
    phone: *const c_char,
    expand_params: *const c_char,
    out_exchange: *mut *mut ydrz_exchange,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_exchange, "out_exchange")?;
            let client = handle(client, "client")?;
            let exchange = client.inner.number_verify_begin(
                &Sources::SYSTEM,
                arg(token, "token")?,
                arg(user_information, "user_information")?,
                arg(phone, "phone")?,
                opt_arg(expand_params, "expand_params")?,
            )?;
            begin_verification(out, exchange);
            Ok(())
        })
    }
}

/// Begins an App one-click login without sending it: inputs and checks of ydrz_client_app_login_validate.
/// Outputs and token rules as for ydrz_client_onekey_begin. No I/O. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_exchange` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_app_login_begin(
    client: *const ydrz_client,
    token: *const c_char,
    expand_params: *const c_char,
    out_exchange: *mut *mut ydrz_exchange,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_exchange, "out_exchange")?;
            let client = handle(client, "client")?;
            let exchange = client.inner.app_login_begin(
                &Sources::SYSTEM,
                arg(token, "token")?,
                opt_arg(expand_params, "expand_params")?,
            )?;
            begin_validation(out, exchange);
            Ok(())
        })
    }
}

/// Begins an App number verification without sending it: inputs and checks of ydrz_client_app_number_verify.
/// Outputs and token rules as for ydrz_client_onekey_begin. No I/O. Thread-safe.
///
/// # Safety
/// `client` is NULL or a live handle from this library that is not freed during the call.
/// `token` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `phone` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `expand_params` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `out_exchange` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_client_app_number_begin(
    client: *const ydrz_client,
    token: *const c_char,
    phone: *const c_char,
    expand_params: *const c_char,
    out_exchange: *mut *mut ydrz_exchange,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_exchange, "out_exchange")?;
            let client = handle(client, "client")?;
            let exchange = client.inner.app_number_begin(
                &Sources::SYSTEM,
                arg(token, "token")?,
                arg(phone, "phone")?,
                opt_arg(expand_params, "expand_params")?,
            )?;
            begin_verification(out, exchange);
            Ok(())
        })
    }
}

/// The request to send, as JSON: `{"method","url","headers":[[name,value],...],"body","timeout_ms"}`. Send
/// `method` to `url` with every header in order (Content-Type first) and `body` as the exact request body
/// (UTF-8 JSON text), within `timeout_ms` for the whole request; never follow a redirect. The same request is
/// returned at any time, also after the exchange ended. `*out_request_json` is freed with ydrz_string_free.
/// Thread-safe.
///
/// # Safety
/// `exchange` is NULL or a live handle from this library that is not freed during the call.
/// `out_request_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_exchange_request(
    exchange: *const ydrz_exchange,
    out_request_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_request_json, "out_request_json")?;
            let exchange = handle(exchange, "exchange")?;
            out.put_text(&exchange.request_json, "request")
        })
    }
}

/// Reads the platform's answer to the request: `http_status` (100-599) and the whole response body
/// (`body_len` bytes at `body`; `body` may be NULL when `body_len` is 0), exactly as the blocking call does.
/// On success `*out_result_json` is the blocking call's outputs in one object, freed with ydrz_string_free:
/// {"phone":"138...","details":{...}} for the logins, {"matched":true|false,"details":{...}} for the
/// verifications (details as for the blocking call). The errors are the blocking call's (YDRZ_E_HTTP for a
/// non-2xx status, YDRZ_E_PLATFORM, YDRZ_E_PROTOCOL, YDRZ_E_CRYPTO); a body over 1 MiB gives
/// YDRZ_E_PROTOCOL. Whatever the answer, the exchange is then finished and its token stays reserved.
/// Finishing again, or after ydrz_exchange_not_sent, gives YDRZ_E_INVALID_ARG. A NULL or invalid argument
/// (YDRZ_E_NULL_ARG, or YDRZ_E_INVALID_ARG for a status outside 100-599) leaves the exchange as it was. No I/O.
/// Thread-safe (see ydrz_exchange).
///
/// # Safety
/// `exchange` is NULL or a live handle from this library that is not freed during the call.
/// `body` is NULL or points to `body_len` readable bytes that stay valid and unchanged during the call.
/// `out_result_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_exchange_finish(
    exchange: *mut ydrz_exchange,
    http_status: i32,
    body: *const u8,
    body_len: usize,
    out_result_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_result_json, "out_result_json")?;
            let exchange = handle(exchange.cast_const(), "exchange")?;
            let body = bytes(body, body_len, "body")?;
            let status = u16::try_from(http_status).ok().filter(|s| (100..=599).contains(s)).ok_or_else(|| {
                Error::invalid_arg(format!("http_status {http_status} is not an HTTP status (100-599)"))
            })?;
            let result = match exchange.take(State::Finished)? {
                Pending::Validation(pending) => validated_json(pending.finish(status, body)?),
                Pending::Verification(pending) => verified_json(pending.finish(status, body)?),
            };
            out.put_text(&result, "result")
        })
    }
}

fn validated_json(validated: Validated) -> Zeroizing<String> {
    let phone = Zeroizing::new(serde_json::Value::from(validated.phone.as_str()).to_string());
    Zeroizing::new(format!("{{\"phone\":{},\"details\":{}}}", *phone, validated.details))
}

fn verified_json(verified: Verified) -> Zeroizing<String> {
    Zeroizing::new(format!("{{\"matched\":{},\"details\":{}}}", verified.matched, verified.details))
}

/// A byte-slice argument: `(NULL, 0)` is empty, `(NULL, n > 0)` is YDRZ_E_NULL_ARG.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes valid for the call.
unsafe fn bytes<'a>(p: *const u8, len: usize, name: &str) -> Result<&'a [u8]> {
    if p.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(Error::new(Status::NullArg, format!("{name} is NULL but {name}_len is {len}")));
    }
    // SAFETY: non-NULL and, by this function's contract, `len` readable bytes valid for the call.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Ends an exchange whose request never left (connection refused, DNS or TLS handshake failure): its token is
/// released and may be sent again. Never call it once any byte of the request may have been sent (a timeout
/// or reset after connecting): free the exchange instead, which keeps the token. Returns YDRZ_OK, or
/// YDRZ_E_NULL_ARG for NULL, or YDRZ_E_INVALID_ARG when the exchange was already finished or declared unsent.
/// No error object. Thread-safe (see ydrz_exchange).
///
/// # Safety
/// `exchange` is NULL or a live handle from this library that is not freed during the call.
#[no_mangle]
pub unsafe extern "C" fn ydrz_exchange_not_sent(exchange: *mut ydrz_exchange) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(std::ptr::null_mut(), || {
            let exchange = handle(exchange.cast_const(), "exchange")?;
            match exchange.take(State::NotSent)? {
                Pending::Validation(pending) => pending.not_sent(),
                Pending::Verification(pending) => pending.not_sent(),
            }
            Ok(())
        })
    }
}

/// Frees an exchange. NULL is a no-op. An exchange neither finished nor declared unsent keeps its token
/// reserved (the request may have left). No other call may be using the exchange.
///
/// # Safety
/// `exchange` is NULL or a handle from this library not yet freed, which no other thread is using; it must not
/// be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn ydrz_exchange_free(exchange: *mut ydrz_exchange) {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        free_handle(exchange);
    }
}
