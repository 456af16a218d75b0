//! The platform client: token verification for one-click login and number verification, for mini-programs /
//! H5 and for Apps. A `Client` is immutable after creation and safe to share between threads; it holds one
//! HTTP agent (keep-alive connection reuse) and the ledger of tokens it has sent.

mod app_login;
mod app_number;
pub mod config;
pub mod config_reference;
mod connect;
mod ledger;
mod number;
mod onekey;
mod outcome;
mod resolve;
mod transport;
mod validate;

use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::error::Result;
use crate::protocol::field_names::JSSDK_FIELDS;
use crate::protocol::fields::required;
use crate::protocol::ids::{new_id, timestamp_now_at_offset};
use crate::protocol::strings::{jssdk_sign_string, JssdkSignInput};
use crate::signature::md5_digest;
pub use config::Config;
use ledger::TokenLedger;
use outcome::Answer;
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
    config: Config,
    transport: Transport,
    ledger: TokenLedger,
}

impl Client {
    /// Creates a client from its JSON configuration (see `config::Config`).
    pub fn new(config_json: &str) -> Result<Client> {
        let config = Config::from_json(config_json)?;
        let transport = Transport::new(&config)?;
        let ledger = TokenLedger::new(config.token_ttl);
        Ok(Client { config, transport, ledger })
    }

    fn timestamp(&self) -> String {
        timestamp_now_at_offset(self.config.utc_offset_minutes)
    }

    /// Parameters for the mini-program's `YDRZ.getTokenInfo`, with a fresh traceId (= msgId) and timestamp:
    /// `{"appId","traceId","msgId","timestamp","version","businessType","sign"}`.
    pub fn jssdk_params(&self) -> Result<Value> {
        let c = &self.config;
        let trace_id = new_id();
        let timestamp = self.timestamp();
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

    /// Sends a request carrying `token`, at most once, and reads the answer: the header values are checked, then
    /// the token is reserved (a reused token fails here, without a request) and released only when nothing
    /// reached the server.
    fn exchange(&self, token: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Result<Answer> {
        for (name, value) in headers {
            validate::header_value(name, value)?;
        }
        let reservation = self.ledger.reserve(token)?;
        match self.transport.post_json(url, headers, body) {
            Ok(reply) => {
                reservation.keep();
                Answer::read(reply)
            }
            Err(SendError::NotSent(e)) => Err(e),
            Err(e @ SendError::MaybeSent(_)) => {
                reservation.keep();
                Err(e.into_error())
            }
        }
    }
}
