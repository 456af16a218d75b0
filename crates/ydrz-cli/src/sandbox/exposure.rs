//! Who can reach the sandbox, and what that changes. The info JSON holds every app's private keys,
//! `/_sandbox/token` mints tokens and `/_sandbox/apps` opens allowlists, so:
//! - bound to a loopback address (the default 127.0.0.1), the control endpoints are open to every request:
//!   only processes of this machine reach them;
//! - bound to any other address, the sandbox warns, and every control request must carry the control key of
//!   the info line (`Authorization: Bearer KEY`, compared in constant time), whoever sends it.
//!
//! The printed base URL is one a client can use: the loopback address of the same family for an unspecified
//! bind address (0.0.0.0, ::), which no client can connect to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use super::http::Request;

pub struct Exposure {
    /// Where clients connect: `http://IP:PORT`.
    pub base_url: String,
    /// The credential control requests must carry; `None` on a loopback address.
    pub control_key: Option<String>,
}

impl Exposure {
    pub fn of(bound: SocketAddr) -> Exposure {
        let reachable = match bound.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let control_key =
            (!bound.ip().is_loopback()).then(|| ydrz::protocol::ids::new_id() + &ydrz::protocol::ids::new_id());
        Exposure { base_url: format!("http://{}", SocketAddr::new(reachable, bound.port())), control_key }
    }

    /// The warning for a sandbox that other machines may reach, or `None` on a loopback address.
    pub fn warning(&self, bound: SocketAddr) -> Option<String> {
        self.control_key.as_ref()?;
        Some(format!(
            "warning: listening on {bound}, which is not a loopback address: other machines may reach the sandbox. \
             Its control endpoints need \"Authorization: Bearer <control_key>\" with the control_key of the info \
             line, which also holds every app's private key: keep it private. The library accepts http:// only \
             for loopback hosts, so a client elsewhere needs an HTTPS proxy in front of the sandbox."
        ))
    }

    /// Whether a control request may be served: always on a loopback address, otherwise only with the key.
    pub fn allows(&self, request: &Request) -> bool {
        let Some(key) = &self.control_key else { return true };
        let given = request.header("Authorization").and_then(|v| v.strip_prefix("Bearer ")).unwrap_or_default();
        same_bytes(given.trim().as_bytes(), key.as_bytes())
    }
}

/// Equality whose time does not depend on where the inputs differ (only on their lengths).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_open_and_unspecified_addresses_print_a_reachable_url() {
        let local = Exposure::of("127.0.0.1:8080".parse().unwrap());
        assert_eq!(local.base_url, "http://127.0.0.1:8080");
        assert!(local.control_key.is_none() && local.warning("127.0.0.1:8080".parse().unwrap()).is_none());
        let any4 = Exposure::of("0.0.0.0:8080".parse().unwrap());
        assert_eq!(any4.base_url, "http://127.0.0.1:8080");
        assert_eq!(any4.control_key.as_ref().map(String::len), Some(64));
        assert_eq!(Exposure::of("[::]:8080".parse().unwrap()).base_url, "http://[::1]:8080");
        assert_eq!(Exposure::of("192.0.2.7:1".parse().unwrap()).base_url, "http://192.0.2.7:1");
        assert!(same_bytes(b"abc", b"abc") && !same_bytes(b"abc", b"abd") && !same_bytes(b"abc", b"abcd"));
    }
}
