//! The connection stage of a request, told apart from the exchange that follows it.
//!
//! ureq's default connector does DNS-resolved TCP connect, an optional proxy tunnel and the whole TLS
//! handshake (rustls `complete_io` until the handshake is over) before a single request byte is written. This
//! wrapper marks every failure of that stage, so the client knows from the stage the TLS state machine
//! reached — not from an error's wording — that nothing was sent and the request may be retried. A failure
//! after the stage (for instance a TLS 1.3 alert that a server sends after the client's Finished, when the
//! request may already be on its way) is not marked.

use std::fmt;

use ureq::unversioned::transport::{ConnectionDetails, Connector, DefaultConnector, Transport};

/// The default connector, with its failures wrapped in [`ConnectFailed`].
#[derive(Debug, Default)]
pub struct StagedConnector(DefaultConnector);

/// A failure before the connection was ready for the request: nothing was sent.
#[derive(Debug)]
pub struct ConnectFailed(pub ureq::Error);

impl fmt::Display for ConnectFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connection failed before the request: {}", self.0)
    }
}

impl std::error::Error for ConnectFailed {}

impl Connector<()> for StagedConnector {
    type Out = Box<dyn Transport>;

    fn connect(&self, details: &ConnectionDetails, chained: Option<()>) -> Result<Option<Self::Out>, ureq::Error> {
        self.0.connect(details, chained).map_err(|e| ureq::Error::Other(Box::new(ConnectFailed(e))))
    }
}
