//! HTTP for the client: one ureq agent per client (keep-alive connection reuse unless `keep_alive` is false), connect and overall timeouts,
//! TLS verification always on (standard roots, plus an optional extra CA), an optional proxy, no redirects.
//!
//! Failures are split by whether the request may have reached the server: only failures before anything was
//! sent (DNS, and the connection stage of `connect`: refused connection, connect timeout, proxy tunnel, the
//! whole TLS handshake) may be retried, because a request carrying a token must never be sent twice.

use std::io::ErrorKind;
use std::sync::Arc;
use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig};
use ureq::{Agent, Proxy, ProxyProtocol};

use crate::client::config::Config;
use crate::client::connect::{ConnectFailed, StagedConnector};
use crate::client::exchange::Request;
use crate::client::resolve::LiteralFirstResolver;
use crate::error::{Error, Result, Status};
use crate::protocol::masking::mask_secrets;
use crate::protocol::response::MAX_RESPONSE_BYTES;

/// An HTTP answer of any status.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

/// A failed exchange.
#[derive(Debug)]
pub enum SendError {
    /// Nothing reached the server; the request may be sent again.
    NotSent(Error),
    /// Bytes may have reached the server; the request must not be repeated.
    MaybeSent(Error),
}

/// The client's HTTP transport (the built-in one, Cargo feature `http-client`).
pub struct Transport {
    agent: Agent,
    retries: u32,
}

fn extra_roots(pem: &str) -> Result<RootCerts> {
    let mut certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    let before = certs.len();
    for item in ureq::tls::parse_pem(pem.as_bytes()) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(_) => return Err(Error::invalid_arg("config ca_cert_pem is not valid PEM")),
        }
    }
    if certs.len() == before {
        return Err(Error::invalid_arg("config ca_cert_pem holds no CERTIFICATE block"));
    }
    Ok(RootCerts::Specific(Arc::new(certs)))
}

/// The configured proxy, which must be an HTTP CONNECT proxy (`http://`, or `https://` for TLS to the proxy).
/// SOCKS URLs are refused here, at configuration: this build of ureq has no SOCKS support and would panic on
/// every request through one (a panic message on the host's stderr, which a library must not write to).
fn connect_proxy(url: &str) -> Result<Proxy> {
    let proxy = Proxy::new(url).map_err(|_| Error::invalid_arg("config proxy is not a valid proxy URL"))?;
    match proxy.protocol() {
        ProxyProtocol::Http | ProxyProtocol::Https => Ok(proxy),
        _ => Err(Error::invalid_arg(
            "config proxy must be an HTTP CONNECT proxy (http:// or https://); SOCKS proxies are not supported",
        )),
    }
}

impl Transport {
    pub fn new(config: &Config) -> Result<Transport> {
        let roots = match &config.ca_cert_pem {
            Some(pem) => extra_roots(pem)?,
            None => RootCerts::WebPki,
        };
        let proxy = config.proxy.as_deref().map(connect_proxy).transpose()?;
        let agent_config = Agent::config_builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(format!("ydrz/{}", env!("CARGO_PKG_VERSION")))
            .proxy(proxy)
            .max_idle_age(Duration::from_secs(15))
            .max_idle_connections(if config.keep_alive { 10 } else { 0 })
            .max_idle_connections_per_host(if config.keep_alive { 10 } else { 0 })
            .tls_config(
                TlsConfig::builder()
                    .root_certs(roots)
                    // AWS-LC, handed to this agent only: the library installs no process-wide default provider.
                    .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
                    .build(),
            )
            .build();
        let agent = Agent::with_parts(agent_config, StagedConnector::default(), LiteralFirstResolver::default());
        Ok(Transport { agent, retries: config.retries })
    }

    /// Sends an exchange's request (its headers in order) and reads the whole answer (at most 1 MiB). Failures
    /// before sending are retried up to the configured number of times; nothing is retried once bytes may have
    /// left.
    pub fn post(&self, request: &Request) -> std::result::Result<Reply, SendError> {
        let mut attempt = 0;
        loop {
            match self.post_once(request) {
                Err(SendError::NotSent(_)) if attempt < self.retries => attempt += 1,
                outcome => return outcome,
            }
        }
    }

    fn post_once(&self, request: &Request) -> std::result::Result<Reply, SendError> {
        let mut builder = self.agent.post(&request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let mut response = builder.send(&request.body).map_err(classify)?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES as u64)
            .read_to_vec()
            .map_err(|e| SendError::MaybeSent(read_error(e)))?;
        Ok(Reply { status, body })
    }
}

fn classify(e: ureq::Error) -> SendError {
    match e {
        ureq::Error::HostNotFound => {
            SendError::NotSent(Error::new(Status::Network, "cannot resolve the platform host (DNS)"))
        }
        ureq::Error::Timeout(ureq::Timeout::Resolve) => SendError::NotSent(Error::new(
            Status::Timeout,
            "connect timeout: the platform host did not resolve in time",
        )),
        ureq::Error::BadUri(_) | ureq::Error::InvalidProxyUrl => {
            SendError::NotSent(Error::invalid_arg(format!("invalid URL: {e}")))
        }
        ureq::Error::Other(other) => match other.downcast::<ConnectFailed>() {
            Ok(failed) => SendError::NotSent(connect_error(failed.0)),
            Err(other) => SendError::MaybeSent(read_error(ureq::Error::Other(other))),
        },
        other => SendError::MaybeSent(read_error(other)),
    }
}

/// A failure of the connection stage (nothing was sent), by kind.
fn connect_error(e: ureq::Error) -> Error {
    match e {
        ureq::Error::Timeout(_) => {
            Error::new(Status::Timeout, "connect timeout: the platform did not accept a connection in time")
        }
        ureq::Error::Tls(reason) => Error::new(Status::Network, format!("TLS handshake failed: {reason}")),
        ureq::Error::Rustls(reason) => Error::new(Status::Network, format!("TLS handshake failed: {reason}")),
        // rustls reports handshake failures (certificates, alerts) as InvalidData I/O errors.
        ureq::Error::Io(io) if io.kind() == ErrorKind::InvalidData => {
            Error::new(Status::Network, format!("TLS handshake failed: {io}"))
        }
        ureq::Error::Io(io) => Error::new(Status::Network, format!("cannot connect to the platform: {io}")),
        other => Error::new(Status::Network, format!("cannot connect to the platform: {other}")),
    }
}

fn read_error(e: ureq::Error) -> Error {
    match e {
        ureq::Error::Timeout(which) => {
            Error::new(Status::Timeout, format!("request timeout ({which}): no complete answer in time"))
        }
        ureq::Error::Io(io) if matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
            Error::new(Status::Timeout, format!("request timeout: {io}"))
        }
        ureq::Error::Io(io) => Error::new(Status::Network, format!("connection failed during the exchange: {io}")),
        ureq::Error::BodyExceedsLimit(limit) => Error::protocol(format!("response body is larger than {limit} bytes")),
        ureq::Error::LargeResponseHeader(size, limit) => {
            Error::protocol(format!("malformed HTTP response: its header is {size} bytes, more than {limit}"))
        }
        ureq::Error::Protocol(p) => Error::protocol(mask_secrets(&format!("malformed HTTP response: {p}"))),
        ureq::Error::Http(h) => Error::protocol(mask_secrets(&format!("malformed HTTP response: {h}"))),
        other => Error::new(Status::Network, format!("HTTP exchange failed: {other}")),
    }
}
