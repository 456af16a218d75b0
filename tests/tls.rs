//! TLS against a real rustls server on 127.0.0.1 with a self-signed certificate: verification is always on
//! (an unknown CA fails before the request is sent, so the token is not used up), and `ca_cert_pem` adds a
//! trusted CA without dropping the public roots; a failed handshake is retried up to `retries` times.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::http::{is_complete_request, json_answer, read_request};
use serde_json::json;
use ydrz::cipher::{encrypt_msisdn, AesKeyDerivation};
use ydrz::client::Client;
use ydrz::keys::PrivateKey;
use ydrz::Status;

const APP_KEY: &str = "5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C";

struct TlsServer {
    port: u16,
    cert_pem: String,
    handshakes_started: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

/// A rustls server configuration for a fresh self-signed certificate for 127.0.0.1; returns it with the PEM.
fn self_signed() -> (Arc<rustls::ServerConfig>, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let cert_pem = certified.cert.pem();
    let cert_der = certified.cert.der().clone();
    let key_der = rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key_der)
        .unwrap();
    (Arc::new(config), cert_pem)
}

/// Serves `connections` TLS connections, answering every complete HTTP request with a tokenValidate success.
fn tls_server(connections: usize) -> TlsServer {
    tls_server_with_stranger_first(connections, 0)
}

/// As `tls_server`, but the first `strangers` connections present a certificate nobody trusts (a different
/// self-signed one), so their handshakes fail; `cert_pem` is the certificate of the later connections.
fn tls_server_with_stranger_first(connections: usize, strangers: usize) -> TlsServer {
    let (config, cert_pem) = self_signed();
    let (stranger, _) = self_signed();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handshakes_started = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (handshakes, counter) = (Arc::clone(&handshakes_started), Arc::clone(&requests));
    std::thread::spawn(move || {
        for (index, stream) in listener.incoming().take(connections).enumerate() {
            let Ok(tcp) = stream else { continue };
            handshakes.fetch_add(1, Ordering::SeqCst);
            let config = if index < strangers { &stranger } else { &config };
            let Ok(conn) = rustls::ServerConnection::new(Arc::clone(config)) else { continue };
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            // A failed handshake surfaces here as a read error: no request arrived.
            if !read_request(&mut tls).is_ok_and(|request| is_complete_request(&request)) {
                continue;
            }
            counter.fetch_add(1, Ordering::SeqCst);
            let msisdn = encrypt_msisdn(APP_KEY, "13800138000", AesKeyDerivation::First16).unwrap();
            let answer = json!({"resultCode": "103000", "desc": "success", "data": {"msisdn": msisdn}}).to_string();
            let _ = tls.write_all(&json_answer(answer.as_bytes(), true));
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    TlsServer { port, cert_pem, handshakes_started, requests }
}

fn config(server: &TlsServer, ca: Option<&str>) -> String {
    config_with_retries(server, ca, 0)
}

fn config_with_retries(server: &TlsServer, ca: Option<&str>, retries: u32) -> String {
    let mut c = json!({
        "app_id": "300012345678", "app_key": APP_KEY,
        "private_key": PrivateKey::generate(1024).unwrap().to_pkcs8_base64().unwrap().as_str(),
        "base_url": format!("https://127.0.0.1:{}", server.port), "timeout_ms": 5000, "retries": retries,
    });
    if let Some(ca) = ca {
        c["ca_cert_pem"] = json!(ca);
    }
    c.to_string()
}

#[test]
fn an_unknown_ca_is_refused_before_anything_is_sent() {
    let server = tls_server(2);
    let client = Client::new(&config(&server, None)).unwrap();
    let e = client.onekey_validate("token-1", "ui", None).unwrap_err();
    assert_eq!(e.status(), Status::Network, "{e}");
    assert!(e.message().to_lowercase().contains("certificate") || e.message().contains("TLS"), "{}", e.message());
    // Nothing was sent, so the token is not marked as used: a second attempt fails the same way.
    assert_eq!(client.onekey_validate("token-1", "ui", None).unwrap_err().status(), Status::Network);
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}

#[test]
fn a_configured_ca_is_trusted() {
    let server = tls_server(1);
    let client = Client::new(&config(&server, Some(&server.cert_pem))).unwrap();
    let validated = client.onekey_validate("token-2", "ui", None).unwrap();
    assert_eq!(validated.phone.as_str(), "13800138000");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_ca_option_without_a_certificate_is_rejected() {
    let server = tls_server(0);
    let e = Client::new(&config(&server, Some("not a certificate"))).err().unwrap();
    assert_eq!(e.status(), Status::InvalidArg);
    assert!(e.message().contains("ca_cert_pem"), "{}", e.message());
}

#[test]
fn a_failed_handshake_is_retried_and_the_token_is_sent_once() {
    let server = tls_server_with_stranger_first(3, 2);
    let client = Client::new(&config_with_retries(&server, Some(&server.cert_pem), 2)).unwrap();
    let validated = client.onekey_validate("token-3", "ui", None).unwrap();
    assert_eq!(validated.phone.as_str(), "13800138000");
    assert_eq!(server.handshakes_started.load(Ordering::SeqCst), 3, "two refused handshakes, then one that worked");
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}

#[test]
fn retries_stop_at_the_configured_count() {
    let server = tls_server_with_stranger_first(3, 3);
    let client = Client::new(&config_with_retries(&server, Some(&server.cert_pem), 1)).unwrap();
    let e = client.onekey_validate("token-4", "ui", None).unwrap_err();
    assert_eq!(e.status(), Status::Network, "{e}");
    assert_eq!(server.handshakes_started.load(Ordering::SeqCst), 2, "the first attempt and one retry");
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}

/// A server that demands a client certificate: the client's side of the handshake completes (it sends its
/// Finished, then the request), and the server's alert comes after that. Serves `connections` connections and
/// counts them.
fn client_cert_demanding_server(connections: usize) -> TlsServer {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let cert_der = certified.cert.der().clone();
    let key_der = rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert_der.clone()).unwrap();
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
        .build()
        .unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(vec![cert_der], key_der)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (handshakes_started, requests) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let handshakes = Arc::clone(&handshakes_started);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(tcp) = stream else { continue };
            handshakes.fetch_add(1, Ordering::SeqCst);
            let Ok(conn) = rustls::ServerConnection::new(Arc::clone(&config)) else { continue };
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            // The missing client certificate fails the server's handshake and it sends an alert; the socket stays
            // open until the client closes it, so the client reads the alert rather than a reset.
            if read_request(&mut tls).is_err() {
                tls.sock.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
                let _ = tls.sock.read_to_end(&mut Vec::new());
            }
        }
    });
    TlsServer { port, cert_pem: certified.cert.pem(), handshakes_started, requests }
}

#[test]
fn an_alert_after_the_clients_finished_is_not_retried() {
    let server = client_cert_demanding_server(6);
    let client = Client::new(&config_with_retries(&server, Some(&server.cert_pem), 5)).unwrap();
    let e = client.onekey_validate("token-5", "ui", None).unwrap_err();
    assert_eq!(e.status(), Status::Network, "{e}");
    assert_eq!(server.handshakes_started.load(Ordering::SeqCst), 1, "the request may have been sent: no retry");
    let again = client.onekey_validate("token-5", "ui", None).unwrap_err();
    assert_eq!(again.status(), Status::TokenReused, "the token counts as sent: {again}");
    assert_eq!(server.handshakes_started.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}
