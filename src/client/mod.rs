//! The platform client: token verification for one-click login and number verification, for mini-programs /
//! H5 and for Apps. A `Client` is safe to share between threads; it holds its configuration with one HTTP agent
//! built from it (keep-alive connection reuse), replaced whole by [`Client::reconfigure`], and the ledger of
//! tokens it has sent, which outlives every configuration.
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
mod signer;
mod sources;
pub mod stats;
#[cfg(feature = "http-client")]
mod transport;
mod validate;

use std::sync::{Arc, RwLock};

use serde_json::{json, Value};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::protocol::field_names::JSSDK_FIELDS;
use crate::protocol::fields::required;
use crate::protocol::ids::{new_id, timestamp_at, timestamp_now_at_offset};
use crate::protocol::interfaces::CONTENT_TYPE;
use crate::protocol::strings::{jssdk_sign_string, JssdkSignInput};
use crate::signature::md5_digest;
pub use builder::ClientBuilder;
pub use config::Config;
pub use exchange::{Answered, Decryption, Exchange, Pending, Request};
use exchange::{Reader, SignedBody};
use ledger::TokenLedger;
use signer::Signature;
pub use signer::{DecryptStep, SignStep, Signer};
pub use sources::{IdSource, RandomIds, Sources, SystemClock, WallClock};
pub use stats::LATENCY_BUCKETS_MS;
use stats::{Interface, Meter, Outcome, Stats};
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
    setup: RwLock<Arc<Setup>>,
    ledger: Arc<TokenLedger>,
    stats: Arc<Stats>,
}

/// A configuration in force and the transport built from it. A call takes one snapshot when it begins and
/// finishes on it, whatever [`Client::reconfigure`] swaps in meanwhile.
struct Setup {
    config: Arc<Config>,
    #[cfg(feature = "http-client")]
    transport: Transport,
}

impl Setup {
    fn new(config: Config) -> Result<Setup> {
        Ok(Setup {
            #[cfg(feature = "http-client")]
            transport: Transport::new(&config)?,
            config: Arc::new(config),
        })
    }
}

impl Client {
    /// Creates a client from its JSON configuration (see `config::Config`).
    pub fn new(config_json: &str) -> Result<Client> {
        let setup = Setup::new(Config::from_json(config_json)?)?;
        let ledger = Arc::new(TokenLedger::new(setup.config.token_ttl));
        Ok(Client { setup: RwLock::new(Arc::new(setup)), ledger, stats: Arc::default() })
    }

    /// Replaces the whole configuration (keys, secrets, URLs, timeouts, ...) with `config_json`, atomically:
    /// calls already begun finish on the configuration they began with, later calls use the new one, and the
    /// ledger of sent tokens carries over (its lifetime becomes the new `token_ttl_ms` for tokens sent from
    /// now on). A different `app_id` is refused (that is a different client), and an invalid configuration
    /// leaves the one in force unchanged.
    pub fn reconfigure(&self, config_json: &str) -> Result<()> {
        let config = Config::from_json(config_json)?;
        if config.app_id != self.setup().config.app_id {
            return Err(Error::invalid_arg(
                "reconfigure cannot change app_id: a client for another app_id is a different client (create a \
                 new one); the configuration in force is unchanged",
            ));
        }
        let next = Arc::new(Setup::new(config)?);
        let mut current = self.setup.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        self.ledger.set_ttl(next.config.token_ttl);
        *current = next;
        Ok(())
    }

    /// Per-interface counts of the calls made so far by outcome, and their latency histogram (see
    /// `stats::Stats::to_json` for the shape). Kept across `reconfigure`.
    pub fn stats(&self) -> Value {
        self.stats.to_json()
    }

    /// The configuration in force, with its transport.
    fn setup(&self) -> Arc<Setup> {
        // A poisoned lock still holds a whole snapshot: it is only ever replaced by one assignment.
        Arc::clone(&self.setup.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// A request timestamp from `sources`' clock, at `c`'s offset from UTC.
    fn timestamp(c: &Config, sources: &Sources) -> String {
        timestamp_at(sources.clock.unix_millis(), c.utc_offset_minutes)
    }

    /// Parameters for the mini-program's `YDRZ.getTokenInfo`, with a fresh traceId (= msgId) and timestamp:
    /// `{"appId","traceId","msgId","timestamp","version","businessType","sign"}`.
    pub fn jssdk_params(&self) -> Result<Value> {
        let setup = self.setup();
        let c = &setup.config;
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
    /// (MD5withRSA, Base64 by default). With an external signer use [`Client::presign_step`].
    pub fn presign_sign(&self, presign: &str) -> Result<String> {
        match self.presign_signature(presign)? {
            Signature::Made(sign) => Ok(sign),
            Signature::Awaited(_) => Err(crate::Error::invalid_arg(
                "the customer key is held by the external signer: presign_step gives the bytes to sign",
            )),
        }
    }

    /// The preSign signature the external signer must make: sign [`SignStep::input`] (the preSign's bytes) with
    /// [`SignStep::algorithm`], then [`SignStep::accept`] verifies the raw signature against `public_key` and
    /// encodes it as `presign_sign` would. With a configured private key this is `Status::InvalidArg` (use
    /// `presign_sign`).
    pub fn presign_step(&self, presign: &str) -> Result<SignStep> {
        match self.presign_signature(presign)? {
            Signature::Awaited(step) => Ok(step),
            Signature::Made(_) => {
                Err(crate::Error::invalid_arg("the client signs with its configured private_key: use presign_sign"))
            }
        }
    }

    fn presign_signature(&self, presign: &str) -> Result<Signature> {
        let setup = self.setup();
        let signer = setup.config.require_signer("presign_sign")?;
        signer.sign(required("presign", presign)?.as_bytes(), setup.config.presign)
    }

    /// Starts an exchange of `interface` carrying `token` under configuration `c`: checks the header values,
    /// reserves the token (a reused token fails here, and counts in the stats) and builds the request to the
    /// interface's configured URL (Content-Type first, then `headers` in order) with the signed `body`.
    fn begin<T>(
        &self,
        c: &Config,
        interface: Interface,
        token: &str,
        headers: &[(&str, &str)],
        body: SignedBody,
        reader: Reader<T>,
    ) -> Result<Exchange<T>> {
        for (name, value) in headers {
            validate::header_value(name, value)?;
        }
        let mut all = vec![("Content-Type".to_string(), CONTENT_TYPE.to_string())];
        all.extend(headers.iter().map(|(name, value)| (name.to_string(), value.to_string())));
        let endpoint = match interface {
            Interface::Onekey => &c.onekey.endpoint,
            Interface::NumberVerify => &c.number_verify.endpoint,
            Interface::AppLogin => &c.app_login.endpoint,
            Interface::AppNumber => &c.app_number.endpoint,
        };
        let request =
            Request { method: "POST", url: c.url(endpoint), headers: all, body: String::new(), timeout: c.timeout };
        let meter = Meter::start(&self.stats, interface);
        Exchange::begin(&self.ledger, token, request, body, reader, meter).inspect_err(|e| {
            if e.status() == crate::Status::TokenReused {
                self.stats.record(interface, Outcome::Failed(e), None);
            }
        })
    }

    /// Sends an exchange with the built-in transport of `setup` (the one it began with), at most once: the token
    /// is released only when nothing reached the server.
    #[cfg(feature = "http-client")]
    fn send<T>(setup: &Setup, exchange: Exchange<T>) -> Result<T> {
        let request = match exchange.request() {
            Ok(request) => request,
            Err(e) => return Err(exchange.not_sent_because(e)),
        };
        match setup.transport.post(request) {
            Ok(reply) => exchange.answer_after(reply.attempts, reply.status, &reply.body).and_then(Answered::done),
            Err(SendError::NotSent(e)) => Err(exchange.not_sent_because(e)),
            Err(SendError::MaybeSent(e)) => Err(exchange.lost(e)),
        }
    }

    /// Without the built-in transport nothing is sent: the token is released and the call fails.
    #[cfg(not(feature = "http-client"))]
    fn send<T>(_: &Setup, exchange: Exchange<T>) -> Result<T> {
        Err(exchange.not_sent_because(crate::Error::new(
            crate::Status::Network,
            "this build of ydrz has no built-in HTTP client (Cargo feature http-client): send the request of \
             the *_begin call with your own HTTP client and finish the exchange",
        )))
    }
}
