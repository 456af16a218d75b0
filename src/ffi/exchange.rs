//! Bring your own HTTP: a validation as a request to send and an answer to read (`crate::client::Exchange`).

use std::ffi::c_char;
use std::sync::{Mutex, MutexGuard, OnceLock};

use zeroize::Zeroizing;

use super::{arg, call, free_handle, handle, opt_arg, Out};
use crate::client::{self, Answered, Decryption, Exchange, SignStep, Sources, Validated, Verified};
use crate::codec::{decode_base64, Encoding};
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
/// With an external signer (`"signer": "external"`) an exchange first waits for the host's signature:
/// ydrz_exchange_pending says so, ydrz_exchange_provide hands the signature back (verified against the
/// configured public_key), and only then is the request available. Freeing an exchange that still waits for
/// its signature releases its token: its request never existed. An App login answer in RSA mode is then
/// encrypted for the host's key: after ydrz_exchange_finish the exchange waits for the host's decryption
/// (ydrz_exchange_pending, ydrz_exchange_provide), and ydrz_exchange_result gives the result. A host loops on
/// ydrz_exchange_pending: sign, send, decrypt, done.
///
/// An exchange holds what it needs of its client: it may outlive ydrz_client_free. It may be used from any
/// thread, and calls on one exchange from several threads at once are serialized (one finish wins, the other
/// gets YDRZ_E_INVALID_ARG); only ydrz_exchange_free must not run while another call uses the exchange.
pub struct ydrz_exchange {
    /// Set once the request is complete (at begin, or when the signature is provided); kept after the end.
    request_json: OnceLock<String>,
    state: Mutex<State>,
}

enum State {
    Pending(Pending),
    /// Answered; waits for the host's decryption, which gives the result JSON.
    Decrypt(Decryption<Zeroizing<String>>),
    /// Ended by ydrz_exchange_finish (or the decryption after it): the result JSON, or `None` when finish
    /// failed.
    Finished(Option<Zeroizing<String>>),
    NotSent,
}

enum Pending {
    Validation(Exchange<Validated>),
    Verification(Exchange<Verified>),
}

impl Pending {
    fn pending(&self) -> client::Pending<'_> {
        match self {
            Pending::Validation(exchange) => exchange.pending(),
            Pending::Verification(exchange) => exchange.pending(),
        }
    }

    fn provide(&mut self, signature: &[u8]) -> Result<()> {
        match self {
            Pending::Validation(exchange) => exchange.provide(signature),
            Pending::Verification(exchange) => exchange.provide(signature),
        }
    }

    /// Reads the answer into the result JSON, or the decryption that gives it.
    fn answer(self, http_status: u16, body: &[u8]) -> Result<Answered<Zeroizing<String>>> {
        Ok(match self {
            Pending::Validation(exchange) => exchange.answer(http_status, body)?.map(validated_json),
            Pending::Verification(exchange) => exchange.answer(http_status, body)?.map(verified_json),
        })
    }

    /// The request as JSON, once it is complete.
    fn request_json(&self) -> Option<String> {
        let request = match self {
            Pending::Validation(exchange) => exchange.request(),
            Pending::Verification(exchange) => exchange.request(),
        };
        request.ok().map(|r| r.to_json().to_string())
    }
}

impl ydrz_exchange {
    fn new(state: State) -> ydrz_exchange {
        let exchange = ydrz_exchange { request_json: OnceLock::new(), state: Mutex::new(state) };
        exchange.note_request();
        exchange
    }

    /// Keeps the request's JSON once the request is complete.
    fn note_request(&self) {
        if let State::Pending(pending) = &*self.lock() {
            if let Some(json) = pending.request_json() {
                let _ = self.request_json.set(json);
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Each call replaces the state in one assignment, so a panic in another call leaves it consistent.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the pending exchange out, leaving `then` in its place, and keeps the state locked for the caller
    /// to set what follows; an exchange already ended is an error.
    fn take(&self, then: State) -> Result<(MutexGuard<'_, State>, Pending)> {
        let mut state = self.lock();
        match std::mem::replace(&mut *state, then) {
            State::Pending(pending) => Ok((state, pending)),
            ended => {
                let error = ended_error(&ended);
                *state = ended;
                Err(error)
            }
        }
    }
}

/// `{"step":"sign","algorithm","input_base64"}`: the signature the host must make.
pub(super) fn sign_step_json(step: &SignStep) -> serde_json::Value {
    serde_json::json!({
        "step": "sign",
        "algorithm": step.algorithm().name(),
        "input_base64": Encoding::Base64.encode(step.input()),
    })
}

/// The bytes of the Base64 `text` of the argument `name` (a signature or a plaintext, zeroized when dropped);
/// YDRZ_E_INVALID_ARG when it is not Base64.
pub(super) fn base64_argument(text: &str, name: &str) -> Result<Zeroizing<Vec<u8>>> {
    let bytes =
        decode_base64(text).map_err(|e| Error::invalid_arg(format!("{name} is not Base64: {}", e.message())))?;
    Ok(Zeroizing::new(bytes))
}

fn ended_error(ended: &State) -> Error {
    Error::invalid_arg(match ended {
        State::NotSent => "the exchange was already ended by ydrz_exchange_not_sent (its token is released)",
        State::Decrypt(_) => {
            "the exchange is already answered and waits for the host's decryption (ydrz_exchange_pending, then \
             ydrz_exchange_provide)"
        }
        _ => "the exchange is already finished (ydrz_exchange_finish)",
    })
}

fn begin_validation(out: Out<*mut ydrz_exchange>, exchange: Exchange<Validated>) {
    out.put_handle(ydrz_exchange::new(State::Pending(Pending::Validation(exchange))));
}

fn begin_verification(out: Out<*mut ydrz_exchange>, exchange: Exchange<Verified>) {
    out.put_handle(ydrz_exchange::new(State::Pending(Pending::Verification(exchange))));
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

/// What the exchange waits for, as JSON: `{"step":"sign","algorithm":"SHA256withRSA"|"MD5withRSA",
/// "input_base64":"..."}` while it waits for the external signer's signature of the bytes `input_base64`
/// (Base64 of the exact bytes to sign with `algorithm`; they are not a digest), `{"step":"send"}` once its
/// request is ready (always, for a client that signs with its private_key), `{"step":"decrypt",
/// "algorithm":"RSA/ECB/PKCS1Padding","block_bytes":k,"input_base64":"..."}` once finished with an answer
/// encrypted for the external signer's key (App login in RSA mode: decrypt each k-byte block of `input_base64`
/// with the private key, PKCS#1 v1.5, and provide the concatenated plaintext), and `{"step":"done"}` once
/// finished (ydrz_exchange_result then gives the result, or the error finish gave). An exchange declared
/// unsent gives YDRZ_E_INVALID_ARG. `*out_json` is freed with ydrz_string_free. No I/O. Thread-safe (see
/// ydrz_exchange).
///
/// # Safety
/// `exchange` is NULL or a live handle from this library that is not freed during the call.
/// `out_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_exchange_pending(
    exchange: *const ydrz_exchange,
    out_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_json, "out_json")?;
            let exchange = handle(exchange, "exchange")?;
            let json = match &*exchange.lock() {
                State::Pending(pending) => match pending.pending() {
                    client::Pending::Sign(step) => sign_step_json(step),
                    client::Pending::Send => serde_json::json!({"step": "send"}),
                },
                State::Decrypt(decryption) => serde_json::json!({
                    "step": "decrypt",
                    "algorithm": client::DecryptStep::ALGORITHM,
                    "block_bytes": decryption.step().block_bytes(),
                    "input_base64": Encoding::Base64.encode(decryption.step().input()),
                }),
                State::Finished(_) => serde_json::json!({"step": "done"}),
                ended @ State::NotSent => return Err(ended_error(ended)),
            };
            out.put_text(&json.to_string(), "pending")
        })
    }
}

/// Hands over what ydrz_exchange_pending asked for, Base64 in `output_base64`.
///
/// For `"sign"`: the raw RSA signature (PKCS#1 v1.5, as long as the key's modulus) of the step's input. It is
/// verified against the configured public_key before anything uses it: a signature by another key, or made
/// with the other algorithm, gives YDRZ_E_SIGNATURE with a message saying which ("wrong key" / "wrong
/// algorithm"), nothing is sent and the exchange keeps waiting (provide again, or free it: its token is then
/// released). On success the request is complete (ydrz_exchange_request).
///
/// For `"decrypt"`: the concatenated plaintext of the blocks. It must be the phone number (UTF-8 or
/// UTF-16LE): anything else gives YDRZ_E_CRYPTO with one message for every such failure, and the exchange
/// keeps waiting. On success the exchange is done: ydrz_exchange_result gives the result.
///
/// Text that is not Base64, an exchange that waits for nothing, or one already ended gives
/// YDRZ_E_INVALID_ARG. No I/O. Thread-safe (see ydrz_exchange).
///
/// # Safety
/// `exchange` is NULL or a live handle from this library that is not freed during the call.
/// `output_base64` is NULL or points to a NUL-terminated string that stays valid and unchanged during the call.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_exchange_provide(
    exchange: *mut ydrz_exchange,
    output_base64: *const c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let exchange = handle(exchange.cast_const(), "exchange")?;
            let output = base64_argument(arg(output_base64, "output_base64")?, "output_base64")?;
            let mut state = exchange.lock();
            match &mut *state {
                State::Pending(pending) => pending.provide(&output)?,
                State::Decrypt(decryption) => {
                    let result = decryption.provide(&output)?;
                    *state = State::Finished(Some(result));
                }
                ended => return Err(ended_error(ended)),
            }
            drop(state);
            exchange.note_request();
            Ok(())
        })
    }
}

/// The request to send, as JSON: `{"method","url","headers":[[name,value],...],"body","timeout_ms"}`. Send
/// `method` to `url` with every header in order (Content-Type first) and `body` as the exact request body
/// (UTF-8 JSON text), within `timeout_ms` for the whole request; never follow a redirect. The same request is
/// returned at any time once it is complete, also after the exchange ended. While the exchange waits for the
/// external signer's signature (ydrz_exchange_pending) there is no request yet: YDRZ_E_INVALID_ARG with a
/// message saying so. `*out_request_json` is freed with ydrz_string_free. Thread-safe.
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
            let request = exchange.request_json.get().ok_or_else(|| {
                Error::invalid_arg(
                    "the request is not complete: the exchange waits for the external signer's signature \
                     (ydrz_exchange_pending, then ydrz_exchange_provide)",
                )
            })?;
            out.put_text(request, "request")
        })
    }
}

/// Reads the platform's answer to the request: `http_status` (100-599) and the whole response body
/// (`body_len` bytes at `body`; `body` may be NULL when `body_len` is 0), exactly as the blocking call does.
/// On success `*out_result_json` is the blocking call's outputs in one object, freed with ydrz_string_free:
/// {"phone":"138...","details":{...}} for the logins, {"matched":true|false,"details":{...}} for the
/// verifications (details as for the blocking call). The errors are the blocking call's (YDRZ_E_HTTP for a
/// non-2xx status, YDRZ_E_PLATFORM, YDRZ_E_PROTOCOL, YDRZ_E_CRYPTO); a body over 1 MiB gives
/// YDRZ_E_PROTOCOL. Whatever the answer, the exchange is then finished and its token stays reserved. An
/// answer encrypted for the external signer's key (App login in RSA mode, no msisdn_private_key) gives YDRZ_OK
/// with `*out_result_json` NULL: ydrz_exchange_pending then asks for the decryption, and ydrz_exchange_result
/// gives the result once it is provided.
/// Finishing again, or after ydrz_exchange_not_sent, gives YDRZ_E_INVALID_ARG. Finishing an exchange that
/// still waits for the external signer's signature gives YDRZ_E_INVALID_ARG and ends it with its token
/// released (its request never existed, so nothing was sent). A NULL or invalid argument
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
            let (mut state, pending) = exchange.take(State::Finished(None))?;
            match pending.answer(status, body)? {
                Answered::Done(result) => {
                    let written = out.put_text(&result, "result");
                    *state = State::Finished(Some(result));
                    written
                }
                Answered::Decrypt(decryption) => {
                    *state = State::Decrypt(decryption);
                    Ok(())
                }
            }
        })
    }
}

/// The result of a finished exchange, as ydrz_exchange_finish returned it (or, after the host's decryption,
/// would have): `*out_result_json` is freed with ydrz_string_free. An exchange not yet done (ydrz_exchange_pending
/// says what it waits for), one whose finish failed, or one declared unsent gives YDRZ_E_INVALID_ARG. No I/O.
/// Thread-safe (see ydrz_exchange).
///
/// # Safety
/// `exchange` is NULL or a live handle from this library that is not freed during the call.
/// `out_result_json` is NULL or points to writable storage for one pointer.
/// `err` is NULL or points to writable storage for one `ydrz_error *`.
#[no_mangle]
pub unsafe extern "C" fn ydrz_exchange_result(
    exchange: *const ydrz_exchange,
    out_result_json: *mut *mut c_char,
    err: *mut *mut ydrz_error,
) -> i32 {
    // SAFETY: the caller meets the contract in # Safety, which is what the pointer helpers need.
    unsafe {
        call(err, || {
            let out = Out::new(out_result_json, "out_result_json")?;
            let exchange = handle(exchange, "exchange")?;
            match &*exchange.lock() {
                State::Finished(Some(result)) => out.put_text(result, "result"),
                State::Finished(None) => {
                    Err(Error::invalid_arg("the exchange has no result: ydrz_exchange_finish reported its error"))
                }
                State::Pending(_) => {
                    Err(Error::invalid_arg("the exchange is not done: ydrz_exchange_pending says what it waits for"))
                }
                ended => Err(ended_error(ended)),
            }
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
            match exchange.take(State::NotSent)?.1 {
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
