//! A validation as a request to send and an answer to read (sans-IO): `begin` checks the inputs, reserves the
//! token and builds the complete request; the caller moves the bytes with any HTTP stack; `finish` reads the
//! answer. The built-in blocking client is this same exchange over its own HTTP transport.
//!
//! Who owns the token when: `begin` reserves it in the client's ledger (a second `begin` with it fails with
//! `Status::TokenReused`); `finish` keeps it reserved for its lifetime (it was sent); `not_sent` releases it
//! (only for a request that provably never left: a refused connection, a failed DNS lookup or TLS
//! handshake); dropping an exchange without either keeps it reserved, because the request may have left.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::client::ledger::{Reservation, TokenLedger};
use crate::client::outcome::Answer;
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

/// How an interface reads its answer into `T`.
pub(super) type Reader<T> = Box<dyn FnOnce(Answer) -> Result<T> + Send>;

/// One validation in flight: its request, its reserved token and how to read its answer. Send the request,
/// then call one of [`Exchange::finish`] and [`Exchange::not_sent`]; dropping it without either keeps the
/// token reserved (the request may have left).
pub struct Exchange<T> {
    request: Request,
    reservation: Reservation,
    reader: Reader<T>,
}

impl<T> Exchange<T> {
    /// Reserves `token` in `ledger` for `request` (`Status::TokenReused` if it was already sent or is in flight).
    pub(super) fn begin(ledger: &Arc<TokenLedger>, token: &str, request: Request, reader: Reader<T>) -> Result<Self> {
        let reservation = ledger.reserve(token)?;
        Ok(Exchange { request, reservation, reader })
    }

    /// The request to send.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Reads the platform's answer (`http_status` and the whole body) exactly as the built-in client does, and
    /// keeps the token reserved: it was sent. A body over 1 MiB is `Status::Protocol`.
    pub fn finish(self, http_status: u16, body: &[u8]) -> Result<T> {
        drop(self.reservation);
        if body.len() > MAX_RESPONSE_BYTES {
            return Err(Error::protocol(format!("response body is larger than {MAX_RESPONSE_BYTES} bytes")));
        }
        (self.reader)(Answer::read(http_status, body)?)
    }

    /// Releases the token: the request never left (connection refused, DNS or TLS handshake failed), so the
    /// same token may be sent again.
    pub fn not_sent(self) {
        self.reservation.release();
    }
}
