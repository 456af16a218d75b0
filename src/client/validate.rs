//! Checks of what the client puts on the wire outside the JSON body: base URLs and header values. Both are
//! parsed with the types the HTTP stack itself uses (`http::Uri`, `http::HeaderValue`, the crate ureq re-exports),
//! so that the host checked here is the host connected to and a value accepted here is sent as it is.

use std::net::IpAddr;

use http::{HeaderValue, Uri};

use crate::error::{Error, Result};
use crate::protocol::fields::MAX_FIELD_LEN;

/// A base URL: `https://host[:port][/path]` for any host, or `http://` for a loopback host only (the sandbox),
/// so that a token never crosses a network in clear text. Userinfo (`user@`), a query (`?`) and a fragment (`#`)
/// are refused: each can make a URL read one host to a naive check and another to the HTTP stack. Loopback
/// means the literal `localhost` (any case, no trailing dot, no subdomain) or a loopback IP literal
/// (IPv4-mapped IPv6 included). Returns the URL with trailing slashes removed. `name` is the option's path for
/// messages; the URL itself is not quoted (it may carry credentials).
pub fn base_url(name: &str, url: &str) -> Result<String> {
    let invalid = |why: &str| Error::invalid_arg(format!("config {name} {why}"));
    let trimmed = url.trim_end_matches('/');
    if url.len() > MAX_FIELD_LEN {
        return Err(invalid("is too long"));
    }
    if trimmed.contains('#') {
        return Err(invalid("must not have a fragment (#)"));
    }
    let uri: Uri = trimmed.parse().map_err(|_| invalid("is not a valid URL"))?;
    let authority = uri.authority().ok_or_else(|| invalid("must be an https:// URL"))?;
    if authority.as_str().contains('@') {
        return Err(invalid("must not carry a user name or password (user@host)"));
    }
    if uri.query().is_some() {
        return Err(invalid("must not have a query (?)"));
    }
    let host = authority.host();
    let host_and_port = match authority.port() {
        Some(port) => format!("{host}:{}", port.as_str()),
        None => host.to_string(),
    };
    if host.is_empty() || host.contains('%') || authority.as_str() != host_and_port {
        return Err(invalid("has no valid host"));
    }
    match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
        Some("https") => Ok(trimmed.to_string()),
        Some("http") if is_loopback(host) => Ok(trimmed.to_string()),
        Some("http") => Err(Error::invalid_arg(format!(
            "config {name}: http:// is allowed only for loopback hosts (the sandbox); use https:// for the platform"
        ))),
        _ => Err(invalid("must be an https:// URL")),
    }
}

/// `localhost` or a loopback IP literal (`host` as `http::Uri` gives it: IPv6 literals keep their brackets).
fn is_loopback(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let literal = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    literal.parse::<IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback())
}

/// A value sent in an HTTP header: at most `MAX_FIELD_LEN` bytes of visible ASCII, spaces and tabs (what
/// `http::HeaderValue` accepts), so that no CR or LF can end the header early. The value is not quoted.
pub fn header_value(name: &str, value: &str) -> Result<()> {
    if value.len() > MAX_FIELD_LEN {
        return Err(Error::invalid_arg(format!("{name} is longer than {MAX_FIELD_LEN} bytes")));
    }
    if !value.is_ascii() || HeaderValue::from_str(value).is_err() {
        return Err(Error::invalid_arg(format!(
            "{name} cannot be sent in an HTTP header: only visible ASCII characters, spaces and tabs are allowed"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_to_loopback() {
        for ok in [
            "https://www.cmpassport.com",
            "https://www.cmpassport.com:8443/prefix/",
            "http://127.0.0.1:8080/",
            "http://127.9.8.7",
            "http://[::1]:8080",
            "http://[::ffff:127.0.0.1]",
            "http://localhost",
            "http://LocalHost:1",
            "HTTP://127.0.0.1",
        ] {
            assert!(base_url("base_url", ok).is_ok(), "{ok}");
        }
        assert_eq!(base_url("base_url", "http://127.0.0.1:1//").unwrap(), "http://127.0.0.1:1");
    }

    #[test]
    fn bypass_shapes_are_refused() {
        for bad in [
            "http://evil.example?@127.0.0.1",
            "http://evil.example#@127.0.0.1",
            "http://evil.example\\@127.0.0.1",
            "http://evil.example%3f@127.0.0.1",
            "http://evil.example%23@127.0.0.1",
            "http://127.0.0.1@evil.example",
            "http://127.0.0.1:80@evil.example",
            "http://user:pass@127.0.0.1",
            "http://%31%32%37.0.0.1",
            "http://127.0.0.1%2f.evil.example",
            "http://localhost.",
            "http://localhost.evil.example",
            "http://evil.localhost",
            "http://127.0.0.1.evil.example",
            "http://[::1].evil.example",
            "http://[::2]",
            "http://[fe80::1%25lo]",
            "http://0x7f.0.0.1",
            "http://10.0.0.1",
            "http://www.cmpassport.com",
            "https://www.cmpassport.com?x=1",
            "https://www.cmpassport.com/#x",
            "https://user@www.cmpassport.com",
            "https://",
            "https:///path",
            "ftp://127.0.0.1",
            "127.0.0.1:80",
            "http://127.0.0.1 /",
            "http://127.0.0.1\r\n",
        ] {
            assert!(base_url("base_url", bad).is_err(), "{bad}");
        }
        let e = base_url("onekey.base_url", "http://user:secret@127.0.0.1").unwrap_err();
        assert!(e.message().starts_with("config onekey.base_url "), "{}", e.message());
        assert!(!e.message().contains("secret"), "{}", e.message());
    }

    #[test]
    fn header_values_cannot_break_the_header() {
        assert!(header_value("app_id", "300012345678").is_ok());
        assert!(header_value("app_id", "a b\tc").is_ok());
        for bad in ["300\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b", "a\u{7f}", "中文", &"x".repeat(MAX_FIELD_LEN + 1)]
        {
            let e = header_value("app_id", bad).unwrap_err();
            assert_eq!(e.status(), crate::Status::InvalidArg);
            assert!(!e.message().contains("Injected"), "{}", e.message());
        }
    }
}
