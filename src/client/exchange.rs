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
use crate::client::outcome::{Answer, Cost};
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

/// How an interface reads its answer into `T`.
pub(super) type Reader<T> = Box<dyn FnOnce(Answer) -> Result<T> + Send>;

/// One validation in flight: its request, its reserved token and how to read its answer. Send the request,
/// then call one of [`Exchange::finish`] and [`Exchange::not_sent`]; dropping it without either keeps the
/// token reserved (the request may have left).
pub struct Exchange<T> {
    request: Request,
    reservation: Reservation,
    reader: Reader<T>,
    meter: Meter,
}

impl<T> Exchange<T> {
    /// Reserves `token` in `ledger` for `request` (`Status::TokenReused` if it was already sent or is in flight).
    /// `meter` records how the exchange ends in the client's stats.
    pub(super) fn begin(
        ledger: &Arc<TokenLedger>,
        token: &str,
        request: Request,
        reader: Reader<T>,
        meter: Meter,
    ) -> Result<Self> {
        let reservation = ledger.reserve(token)?;
        Ok(Exchange { request, reservation, reader, meter })
    }

    /// The request to send.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Reads the platform's answer (`http_status` and the whole body) exactly as the built-in client does, and
    /// keeps the token reserved: it was sent. A body over 1 MiB is `Status::Protocol`. The details carry
    /// `elapsed_ms` (from begin), `attempts` (1: the host's transport reports no retries) and `token_age_ms` when
    /// the answer gives the token's issue time.
    pub fn finish(self, http_status: u16, body: &[u8]) -> Result<T> {
        self.finish_after(1, http_status, body)
    }

    /// [`Exchange::finish`] after `attempts` connection attempts.
    pub(super) fn finish_after(self, attempts: u32, http_status: u16, body: &[u8]) -> Result<T> {
        drop(self.reservation);
        let cost = Cost { elapsed: self.meter.elapsed(), attempts };
        let result = if body.len() > MAX_RESPONSE_BYTES {
            Err(Error::protocol(format!("response body is larger than {MAX_RESPONSE_BYTES} bytes")))
        } else {
            Answer::read(http_status, body).and_then(|answer| (self.reader)(answer.with_cost(cost)))
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
    pub(super) fn not_sent_because(self, e: Error) -> Error {
        self.reservation.release();
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
