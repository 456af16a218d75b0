//! The platform client: token verification for one-click login and number verification, for mini-programs /
//! H5 and for Apps. A `Client` is immutable after creation and safe to share between threads; it holds one
//! HTTP agent (keep-alive connection reuse) and the ledger of tokens it has sent.
//!
//! Each interface is an [`Exchange`]: `*_begin` builds the request and reserves the token, any HTTP stack sends
//! it, and `finish` reads the answer. The blocking `*_validate` / `*_verify` calls are that exchange sent by the
//! built-in transport (Cargo feature `http-client`, on by default; without it they fail before sending).

mod app_login;
mod app_number;
mod builder;
pub mod config;
pub mod config_reference;
#[cfg(feature = "http-client")]
mod connect;
mod exchange;
mod ledger;
mod number;
mod onekey;
mod outcome;
#[cfg(feature = "http-client")]
mod resolve;
mod sources;
#[cfg(feature = "http-client")]
mod transport;
mod validate;

use std::sync::Arc;

use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::error::Result;
use crate::protocol::field_names::JSSDK_FIELDS;
use crate::protocol::fields::required;
use crate::protocol::ids::{new_id, timestamp_at, timestamp_now_at_offset};
use crate::protocol::interfaces::CONTENT_TYPE;
use crate::protocol::strings::{jssdk_sign_string, JssdkSignInput};
use crate::signature::md5_digest;
pub use builder::ClientBuilder;
pub use config::Config;
use exchange::Reader;
pub use exchange::{Exchange, Request};
use ledger::TokenLedger;
pub use sources::{IdSource, RandomIds, Sources, SystemClock, WallClock};
#[cfg(feature = "http-client")]
use transport::{SendError, Transport};

/// A validated login: the phone number and the details of the answer.
#[derive(Debug)]
pub struct Validated {
    /// The 11-digit phone number (zeroized when dropped).
    pub phone: Zeroizing<String>,
    /// `{"resultCode","desc","http_status","response",...}` plus interface-specific fields.
    pub details: Value,
}

/// The answer of a number verification.
#[derive(Debug)]
pub struct Verified {
    /// True when the platform says the number is the device's own.
    pub matched: bool,
    pub details: Value,
}

/// The platform client.
pub struct Client {
    config: Arc<Config>,
    #[cfg(feature = "http-client")]
    transport: Transport,
    ledger: Arc<TokenLedger>,
}

impl Client {
    /// Creates a client from its JSON configuration (see `config::Config`).
    pub fn new(config_json: &str) -> Result<Client> {
        let config = Config::from_json(config_json)?;
        let ledger = Arc::new(TokenLedger::new(config.token_ttl));
        Ok(Client {
            #[cfg(feature = "http-client")]
            transport: Transport::new(&config)?,
            config: Arc::new(config),
            ledger,
        })
    }

    /// A request timestamp from `sources`' clock, at the configured offset from UTC.
    fn timestamp(&self, sources: &Sources) -> String {
        timestamp_at(sources.clock.unix_millis(), self.config.utc_offset_minutes)
    }

    /// Parameters for the mini-program's `YDRZ.getTokenInfo`, with a fresh traceId (= msgId) and timestamp:
    /// `{"appId","traceId","msgId","timestamp","version","businessType","sign"}`.
    pub fn jssdk_params(&self) -> Result<Value> {
        let c = &self.config;
        let trace_id = new_id();
        let timestamp = timestamp_now_at_offset(c.utc_offset_minutes);
        let input = JssdkSignInput {
            app_id: &c.app_id,
            business_type: &c.jssdk.business_type,
            trace_id: &trace_id,
            timestamp: &timestamp,
            version: &c.jssdk.version,
        };
        let text = jssdk_sign_string(&input, c.require_app_key("jssdk_params")?)?;
        let sign = c.jssdk.sign_encoding.encode(&md5_digest(text.as_bytes()));
        let f = &JSSDK_FIELDS;
        Ok(json!({
            f.app_id: c.app_id,
            f.trace_id: trace_id,
            f.msg_id: trace_id,
            f.timestamp: timestamp,
            f.version: c.jssdk.version,
            f.business_type: c.jssdk.business_type,
            f.sign: sign,
        }))
    }

    /// Signs the jssdk preSign of number verification with the configured algorithm and encoding
    /// (MD5withRSA, Base64 by default).
    pub fn presign_sign(&self, presign: &str) -> Result<String> {
        let key = self.config.require_private_key("presign_sign")?;
        let style = self.config.presign;
        key.sign_encoded(required("presign", presign)?.as_bytes(), style.algorithm, style.encoding)
    }

    /// Starts an exchange carrying `token`: checks the header values, reserves the token (a reused token fails
    /// here) and builds the request (Content-Type first, then `headers` in order).
    fn begin<T>(
        &self,
        token: &str,
        url: String,
        headers: &[(&str, &str)],
        body: String,
        reader: Reader<T>,
    ) -> Result<Exchange<T>> {
        for (name, value) in headers {
            validate::header_value(name, value)?;
        }
        let mut all = vec![("Content-Type".to_string(), CONTENT_TYPE.to_string())];
        all.extend(headers.iter().map(|(name, value)| (name.to_string(), value.to_string())));
        let request = Request { method: "POST", url, headers: all, body, timeout: self.config.timeout };
        Exchange::begin(&self.ledger, token, request, reader)
    }

    /// Sends an exchange with the built-in transport, at most once: the token is released only when nothing
    /// reached the server.
    #[cfg(feature = "http-client")]
    fn send<T>(&self, exchange: Exchange<T>) -> Result<T> {
        match self.transport.post(exchange.request()) {
            Ok(reply) => exchange.finish(reply.status, &reply.body),
            Err(SendError::NotSent(e)) => {
                exchange.not_sent();
                Err(e)
            }
            Err(SendError::MaybeSent(e)) => Err(e),
        }
    }

    /// Without the built-in transport nothing is sent: the token is released and the call fails.
    #[cfg(not(feature = "http-client"))]
    fn send<T>(&self, exchange: Exchange<T>) -> Result<T> {
        exchange.not_sent();
        Err(crate::Error::new(
            crate::Status::Network,
            "this build of ydrz has no built-in HTTP client (Cargo feature http-client): send the request of \
             the *_begin call with your own HTTP client and finish the exchange",
        ))
    }
}
