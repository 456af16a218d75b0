//! A validation as a request to send and an answer to read (sans-IO): `begin` checks the inputs, reserves the
//! token and builds the complete request; the caller moves the bytes with any HTTP stack; `finish` reads the
//! answer. The built-in blocking client is this same exchange over its own HTTP transport.
//!
//! With an external signer (`"signer": "external"`) the request is complete only once the host has signed:
//! [`Exchange::pending`] is [`Pending::Sign`] with the bytes and the algorithm, [`Exchange::provide`] verifies
//! the signature against the configured public key and completes the request; until then
//! [`Exchange::request`] is an error and nothing can have been sent. An answer whose phone number is encrypted
//! for the host's key (App login in RSA mode with an external signer) reads as [`Answered::Decrypt`]: the host
//! decrypts and [`Decryption::provide`] gives the result.
//!
//! Who owns the token when: `begin` reserves it in the client's ledger (a second `begin` with it fails with
//! `Status::TokenReused`); `finish` keeps it reserved for its lifetime (it was sent); `not_sent` releases it
//! (only for a request that provably never left: a refused connection, a failed DNS lookup or TLS
//! handshake); dropping an exchange without either keeps it reserved, because the request may have left,
//! except while it still waits for its signature: its request did not exist yet, so dropping it (or a refused
//! signature followed by a drop) releases the token.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::client::ledger::{Reservation, TokenLedger};
use crate::client::outcome::{Answer, Cost};
use crate::client::signer::{DecryptStep, SignStep, Signature};
use crate::client::stats::Meter;
use crate::error::{Error, Result};
use crate::protocol::response::MAX_RESPONSE_BYTES;

/// The complete HTTP request of an exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Always "POST".
    pub method: &'static str,
    pub url: String,
    /// Every header to send, in order (Content-Type first), already checked as HTTP header values.
    pub headers: Vec<(String, String)>,
    /// The JSON body, UTF-8.
    pub body: String,
    /// The client's overall timeout for the whole request (`timeout_ms`).
    pub timeout: Duration,
}

impl Request {
    /// `{"method","url","headers":[[name,value],...],"body","timeout_ms"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "method": self.method,
            "url": self.url,
            "headers": self.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            "body": self.body,
            "timeout_ms": u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
        })
    }
}

/// How an interface reads its answer into `T`, or into the decryption the host must make first.
pub(super) type Reader<T> = Box<dyn FnOnce(Answer) -> Result<Answered<T>> + Send>;

/// What an answer reads as: the result, or a decryption the host's key must make before there is one.
pub enum Answered<T> {
    /// The result.
    Done(T),
    /// The answer carries data encrypted for the external signer's key (App login in RSA mode).
    Decrypt(Decryption<T>),
}

/// An answer waiting for the host's decryption: decrypt each block of [`Decryption::step`]'s input with the
/// private key and hand the concatenated plaintext to [`Decryption::provide`].
pub struct Decryption<T> {
    step: DecryptStep,
    complete: Completion<T>,
}

/// Reads a decrypted plaintext into the result; callable again after a refused plaintext.
pub(super) type Completion<T> = Box<dyn Fn(&[u8]) -> Result<T> + Send>;

impl<T> Decryption<T> {
    /// `step` for the host; `complete` reads its plaintext into the result.
    pub(super) fn new(step: DecryptStep, complete: Completion<T>) -> Decryption<T> {
        Decryption { step, complete }
    }

    /// What to decrypt.
    pub fn step(&self) -> &DecryptStep {
        &self.step
    }

    /// Reads the host's plaintext into the result. A plaintext that is not what was encrypted (a phone number,
    /// for App login) is `Status::Crypto` with one message for every such failure; the decryption can then be
    /// provided again (by another key, say).
    pub fn provide(&self, plaintext: &[u8]) -> Result<T> {
        (self.complete)(plaintext)
    }
}

impl<T: 'static> Answered<T> {
    /// The same answer with its result (now, or once decrypted) turned into `U` by `f`.
    pub fn map<U: 'static>(self, f: fn(T) -> U) -> Answered<U> {
        match self {
            Answered::Done(value) => Answered::Done(f(value)),
            Answered::Decrypt(Decryption { step, complete }) => {
                Answered::Decrypt(Decryption { step, complete: Box::new(move |plain| complete(plain).map(f)) })
            }
        }
    }
}

impl<T> Answered<T> {
    /// The result; a pending decryption is `Status::InvalidArg`, saying how to complete it.
    pub(super) fn done(self) -> Result<T> {
        match self {
            Answered::Done(value) => Ok(value),
            Answered::Decrypt(_) => Err(Error::invalid_arg(
                "the answer is encrypted for the external signer's key: read it with Exchange::answer and provide \
                 the decryption",
            )),
        }
    }
}

/// A request body and its signature: made already (and in `body`), or awaited from the external signer and
/// written at the JSON `pointer` of `body` once provided.
pub(super) struct SignedBody {
    pub body: Value,
    pub pointer: String,
    pub signature: Signature,
}

/// What an exchange waits for before its request can be sent.
#[derive(Debug)]
pub enum Pending<'a> {
    /// A signature by the host's key: sign [`SignStep::input`] with [`SignStep::algorithm`] and hand the raw
    /// signature to [`Exchange::provide`].
    Sign(&'a SignStep),
    /// Nothing: send [`Exchange::request`].
    Send,
}

/// Where an exchange stands: waiting for the signature its body carries, or ready to send.
enum Stage {
    Sign(Box<Awaiting>),
    Send(Request),
}

/// A request whose body still lacks its signature (at the JSON `pointer` of `body`).
struct Awaiting {
    step: SignStep,
    body: Value,
    pointer: String,
    request: Request,
}

/// One validation in flight: its request, its reserved token and how to read its answer. Provide what
/// [`Exchange::pending`] asks for, send the request, then call one of [`Exchange::finish`] and
/// [`Exchange::not_sent`]; dropping it without either keeps the token reserved (the request may have left)
/// unless it still waits for its signature (then nothing was sent and the token is released).
pub struct Exchange<T> {
    stage: Stage,
    /// `None` once `finish` or `not_sent` took it.
    reservation: Option<Reservation>,
    reader: Option<Reader<T>>,
    /// Records how the exchange ends in the client's stats.
    meter: Meter,
}

impl<T> Exchange<T> {
    /// Reserves `token` in `ledger` for `request` (`Status::TokenReused` if it was already sent or is in flight).
    /// The request's body is the signed body's (with an awaited signature: once the host provided it). `meter` records how the exchange ends in the client's stats.
    pub(super) fn begin(
        ledger: &Arc<TokenLedger>,
        token: &str,
        mut request: Request,
        SignedBody { body, pointer, signature }: SignedBody,
        reader: Reader<T>,
        meter: Meter,
    ) -> Result<Self> {
        let reservation = ledger.reserve(token)?;
        let stage = match signature {
            Signature::Made(_) => {
                request.body = body.to_string();
                Stage::Send(request)
            }
            Signature::Awaited(step) => Stage::Sign(Box::new(Awaiting { step, body, pointer, request })),
        };
        Ok(Exchange { stage, reservation: Some(reservation), reader: Some(reader), meter })
    }

    /// What the exchange waits for: the host's signature, or nothing (send the request).
    pub fn pending(&self) -> Pending<'_> {
        match &self.stage {
            Stage::Sign(awaiting) => Pending::Sign(&awaiting.step),
            Stage::Send(_) => Pending::Send,
        }
    }

    /// Hands over the host's raw signature (k bytes) of [`Pending::Sign`]'s input: it is verified against the
    /// configured public key and the request is completed. A signature made with another key or another
    /// algorithm is `Status::Signature` (the message says which) and the exchange keeps waiting; providing
    /// when nothing is pending is `Status::InvalidArg`.
    pub fn provide(&mut self, signature: &[u8]) -> Result<()> {
        let Stage::Sign(awaiting) = &mut self.stage else {
            return Err(Error::invalid_arg("the exchange waits for no signature: its request is ready to send"));
        };
        let Awaiting { step, body, pointer, request } = &mut **awaiting;
        let text = step.accept(signature)?;
        let slot = body
            .pointer_mut(pointer)
            .ok_or_else(|| Error::protocol(format!("the request body has no signature field at {pointer}")))?;
        *slot = Value::from(text);
        let mut request = request.clone();
        request.body = body.to_string();
        self.stage = Stage::Send(request);
        Ok(())
    }

    /// The request to send; `Status::InvalidArg` while the exchange waits for its signature.
    pub fn request(&self) -> Result<&Request> {
        match &self.stage {
            Stage::Send(request) => Ok(request),
            Stage::Sign(awaiting) => Err(Error::invalid_arg(format!(
                "the request is not complete: the exchange waits for the host's {} signature (pending, then \
                 provide)",
                awaiting.step.algorithm().name()
            ))),
        }
    }

    /// Reads the platform's answer (`http_status` and the whole body) exactly as the built-in client does, and
    /// keeps the token reserved: it was sent. A body over 1 MiB is `Status::Protocol`. The details carry
    /// `elapsed_ms` (from begin), `attempts` (1: the host's transport reports no retries) and `token_age_ms` when
    /// the answer gives the token's issue time. An exchange still waiting for its signature sent nothing: that is
    /// `Status::InvalidArg` and the token is released. An answer the host must decrypt first (App login in RSA
    /// mode with an external signer and no `msisdn_private_key`) is `Status::InvalidArg`: read such answers with
    /// [`Exchange::answer`].
    pub fn finish(self, http_status: u16, body: &[u8]) -> Result<T> {
        self.answer(http_status, body)?.done()
    }

    /// [`Exchange::finish`] for every client: the result, or the decryption the host's key must make first.
    /// The stats count the call when the answer is read (a pending decryption as a success).
    pub fn answer(self, http_status: u16, body: &[u8]) -> Result<Answered<T>> {
        self.answer_after(1, http_status, body)
    }

    /// [`Exchange::answer`] after `attempts` connection attempts.
    pub(super) fn answer_after(mut self, attempts: u32, http_status: u16, body: &[u8]) -> Result<Answered<T>> {
        self.request()?;
        drop(self.reservation.take());
        let reader = self.reader.take().ok_or_else(|| Error::invalid_arg("the exchange is already finished"))?;
        let cost = Cost { elapsed: self.meter.elapsed(), attempts };
        let result = if body.len() > MAX_RESPONSE_BYTES {
            Err(Error::protocol(format!("response body is larger than {MAX_RESPONSE_BYTES} bytes")))
        } else {
            Answer::read(http_status, body).and_then(|answer| reader(answer.with_cost(cost)))
        };
        self.meter.record(&result);
        result
    }

    /// Releases the token: the request never left (connection refused, DNS or TLS handshake failed), so the
    /// same token may be sent again. Counted as a network failure in the client's stats.
    pub fn not_sent(self) {
        self.not_sent_because(Error::new(crate::Status::Network, "the request was not sent"));
    }

    /// [`Exchange::not_sent`] for the failure `e`, which the stats count.
    pub(super) fn not_sent_because(mut self, e: Error) -> Error {
        if let Some(reservation) = self.reservation.take() {
            reservation.release();
        }
        self.meter.failed(&e);
        e
    }

    /// The request may have left but no answer came (`e`): the token stays reserved, the stats count `e`.
    #[cfg(feature = "http-client")]
    pub(super) fn lost(self, e: Error) -> Error {
        self.meter.failed(&e);
        e
    }
}

impl<T> Drop for Exchange<T> {
    /// Releases the token of an exchange that still waits for its signature: its request never existed.
    fn drop(&mut self) {
        if let (Stage::Sign(_), Some(reservation)) = (&self.stage, self.reservation.take()) {
            reservation.release();
        }
    }
}
