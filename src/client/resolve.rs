//! Name resolution for the client's agent: a host that is an IP address is used as it is.
//!
//! ureq resolves the host of every request, also when a kept-alive connection is then reused, and its default
//! resolver runs each lookup on a new thread when a timeout is configured (the client always sets one). For an
//! IP-address host there is nothing to look up, so this resolver answers at once and starts no thread; host
//! names still go to ureq's default resolver, with its timeout.

use std::net::{IpAddr, SocketAddr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// ureq's [`DefaultResolver`], except for IP-address hosts (see the module doc).
#[derive(Debug, Default)]
pub struct LiteralFirstResolver(DefaultResolver);

impl Resolver for LiteralFirstResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        match ip_address(uri).filter(|addr| config.ip_family().keep_wanted(std::iter::once(*addr)).next().is_some()) {
            Some(addr) => {
                let mut addrs = self.empty();
                addrs.push(addr);
                Ok(addrs)
            }
            None => self.0.resolve(uri, config, timeout),
        }
    }
}

/// The socket address of `uri` when its host is an IPv4 or (bracketed) IPv6 address; the port defaults by
/// scheme (http 80, https 443). `None` for a host name, or a scheme without a default port.
fn ip_address(uri: &Uri) -> Option<SocketAddr> {
    let host = uri.host()?;
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    let ip: IpAddr = host.parse().ok()?;
    let port = match (uri.port_u16(), uri.scheme_str()) {
        (Some(port), _) => port,
        (None, Some("http")) => 80,
        (None, Some("https")) => 443,
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    #[test]
    fn ip_hosts_are_used_as_they_are() {
        assert_eq!(ip_address(&uri("http://127.0.0.1:8080/h5/x")), Some("127.0.0.1:8080".parse().unwrap()));
        assert_eq!(ip_address(&uri("https://10.1.2.3/")), Some("10.1.2.3:443".parse().unwrap()));
        assert_eq!(ip_address(&uri("http://[::1]:9000/")), Some("[::1]:9000".parse().unwrap()));
        assert_eq!(ip_address(&uri("http://[::1]/")), Some("[::1]:80".parse().unwrap()));
    }

    #[test]
    fn host_names_go_to_the_default_resolver() {
        assert_eq!(ip_address(&uri("https://www.cmpassport.com/unisdk")), None);
        assert_eq!(ip_address(&uri("http://localhost:8080/")), None);
        assert_eq!(ip_address(&uri("http://127.0.0.1.example.com/")), None);
        assert_eq!(ip_address(&uri("ftp://127.0.0.1/")), None);
    }

    #[test]
    fn resolving_an_ip_host_gives_that_address_only() {
        let config = ureq::Agent::config_builder().build();
        let addrs = LiteralFirstResolver::default()
            .resolve(&uri("http://127.0.0.1:8080/"), &config, NextTimeout::default())
            .unwrap();
        assert_eq!(&addrs[..], ["127.0.0.1:8080".parse::<SocketAddr>().unwrap()]);
    }
}
