//! The platform client against a sandbox process over loopback: every interface's success path, every failure
//! the sandbox models, every injected fault — each ending in the right status, without hanging, and without a
//! second request for the same token (the sandbox counts requests per token).

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::http::{json_answer, read_request};
use common::sandbox::Sandbox;
use serde_json::{json, Value};
use ydrz::client::Client;
use ydrz::keys::PrivateKey;
use ydrz::protocol::field_names::JSSDK_FIELDS;
use ydrz::Status;

const PHONE: &str = "13800138000";
const OTHER_PHONE: &str = "13900139000";

/// The sandbox's ready-made client config for an app, with `changes` merged in (null removes a key).
fn config_for(sandbox: &Sandbox, app: &str, changes: Value) -> String {
    let a = sandbox.app(app);
    let mut config = json!({
        "app_id": a["app_id"], "app_key": a["app_key"], "app_secret": a["app_secret"],
        "private_key": a["customer_private_key"], "platform_public_key": a["platform_public_key"],
        "base_url": sandbox.base_url(),
    });
    merge(&mut config, changes);
    config.to_string()
}

fn merge(target: &mut Value, changes: Value) {
    if let (Value::Object(t), Value::Object(c)) = (target, changes) {
        for (k, v) in c {
            match (t.get_mut(&k), v) {
                (Some(existing @ Value::Object(_)), v @ Value::Object(_)) => merge(existing, v),
                (_, Value::Null) => {
                    t.remove(&k);
                }
                (_, v) => {
                    t.insert(k, v);
                }
            }
        }
    }
}

fn client(sandbox: &Sandbox, changes: Value) -> Client {
    Client::new(&config_for(sandbox, "demo", changes)).expect("client config is valid")
}

fn issue(sandbox: &Sandbox, product: &str) -> (String, String) {
    token_for(sandbox, "demo", product, PHONE)
}

fn token_for(sandbox: &Sandbox, app: &str, product: &str, phone: &str) -> (String, String) {
    let issued = sandbox.issue_token(sandbox.app(app)["app_id"].as_str().unwrap(), product, phone);
    (issued["token"].as_str().unwrap().to_string(), issued["userInformation"].as_str().unwrap_or_default().to_string())
}

fn platform_code(result: ydrz::Result<impl std::fmt::Debug>) -> String {
    let e = result.expect_err("the platform refuses");
    assert_eq!(e.status(), Status::Platform, "{e}");
    e.platform_code().expect("a platform error has a code").to_string()
}

#[test]
fn onekey_login_returns_the_phone_in_either_response_shape() {
    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({}));
    for shape in ["nested", "flat"] {
        sandbox.update_app(json!({"app_id": sandbox.app("demo")["app_id"], "response_shape": shape}));
        let (token, ui) = issue(&sandbox, "onekey");
        let validated = c.onekey_validate(&token, &ui, Some("k=v")).unwrap();
        assert_eq!(validated.phone.as_str(), PHONE, "{shape}");
        assert_eq!(validated.details["resultCode"], "103000");
        assert_eq!(validated.details["securityPhone"], "138****8000");
        assert_eq!(validated.details["http_status"], 200);
        assert_eq!(sandbox.stats(&token).0, 1);
    }
}

#[test]
fn a_token_is_never_sent_twice() {
    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({}));
    let (token, ui) = issue(&sandbox, "onekey");
    c.onekey_validate(&token, &ui, None).unwrap();
    let e = c.onekey_validate(&token, &ui, None).unwrap_err();
    assert_eq!(e.status(), Status::TokenReused);
    assert!(!e.message().contains(&token), "{}", e.message());
    assert_eq!(sandbox.stats(&token).0, 1, "the second call made no request");
    // A second client (another process, say) does send it, and the platform refuses the reuse.
    let other = client(&sandbox, json!({}));
    assert_eq!(platform_code(other.onekey_validate(&token, &ui, None)), "104007");
    assert_eq!(sandbox.stats(&token).0, 2);
}

#[test]
fn onekey_failures_carry_the_platform_codes() {
    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({}));

    let issued = sandbox.control(
        "POST",
        "/token",
        Some(&json!({"app_id": sandbox.app("demo")["app_id"], "phone": PHONE, "product": "onekey", "ttl_ms": 1})),
    );
    std::thread::sleep(Duration::from_millis(30));
    let e = c
        .onekey_validate(issued["token"].as_str().unwrap(), issued["userInformation"].as_str().unwrap(), None)
        .unwrap_err();
    assert_eq!(e.platform_code(), Some("104007"), "expired: {e}");
    assert!(e.message().contains("104007") && e.message().contains("token"), "{}", e.message());

    let (token, ui) = issue(&sandbox, "onekey");
    assert_eq!(platform_code(c.onekey_validate(&token, &format!("{ui}x"), None)), "104008", "changed userInformation");
    let (token, ui) = issue(&sandbox, "onekey");
    let decoded = ui.replace("%40", "@").replace("%20", " ");
    assert_ne!(decoded, ui);
    assert_eq!(platform_code(c.onekey_validate(&token, &decoded, None)), "104008", "URL-decoded userInformation");

    let stranger = PrivateKey::generate(1024).unwrap().to_pkcs8_base64().unwrap();
    let wrong_key = client(&sandbox, json!({"private_key": stranger.as_str()}));
    let (token, ui) = issue(&sandbox, "onekey");
    let e = wrong_key.onekey_validate(&token, &ui, None).unwrap_err();
    assert_eq!(e.platform_code(), Some("104013"), "{e}");
    assert!(e.message().contains("验证签名失败"), "the catalog's text is added: {}", e.message());

    let lower_hex = client(&sandbox, json!({"onekey": {"sign_encoding": "hex_lower"}}));
    let (token, ui) = issue(&sandbox, "onekey");
    assert_eq!(platform_code(lower_hex.onekey_validate(&token, &ui, None)), "104013");

    let version_1 = client(&sandbox, json!({"onekey": {"interface_version": "1.0"}}));
    let (token, ui) = issue(&sandbox, "onekey");
    assert_eq!(version_1.onekey_validate(&token, &ui, None).unwrap().phone.as_str(), PHONE, "1.0 signs with 1.0");

    let blocked = Client::new(&config_for(&sandbox, "blocked", json!({}))).unwrap();
    let (token, ui) = token_for(&sandbox, "blocked", "onekey", PHONE);
    assert_eq!(platform_code(blocked.onekey_validate(&token, &ui, None)), "104017");

    let (token, ui) = issue(&sandbox, "number_verify");
    assert_eq!(platform_code(c.onekey_validate(&token, &ui, None)), "104008", "a token of another product");
}

#[test]
fn number_verification_match_no_match_and_failures() {
    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({}));
    let (token, ui) = issue(&sandbox, "number_verify");
    let verified = c.number_verify(&token, &ui, PHONE, None).unwrap();
    assert!(verified.matched);
    assert_eq!(verified.details["resultCode"], "000");
    let (token, ui) = issue(&sandbox, "number_verify");
    assert!(!c.number_verify(&token, &ui, OTHER_PHONE, None).unwrap().matched);
    assert_eq!(sandbox.stats(&token).0, 1);

    let sha256 = client(&sandbox, json!({"number_verify": {"sign_algorithm": "SHA256withRSA"}}));
    let (token, ui) = issue(&sandbox, "number_verify");
    assert_eq!(platform_code(sha256.number_verify(&token, &ui, PHONE, None)), "130018");

    let (token, ui) = issue(&sandbox, "number_verify");
    assert_eq!(platform_code(c.number_verify(&token, &format!("{ui}x"), PHONE, None)), "120020");

    let blocked = Client::new(&config_for(&sandbox, "blocked", json!({}))).unwrap();
    let (token, ui) = token_for(&sandbox, "blocked", "number_verify", PHONE);
    assert_eq!(platform_code(blocked.number_verify(&token, &ui, PHONE, None)), "110004");

    sandbox.update_app(json!({"app_id": sandbox.app("demo")["app_id"], "daily_limit": 1}));
    let phone = "13700137000";
    let (token, ui) = token_for(&sandbox, "demo", "number_verify", phone);
    assert!(c.number_verify(&token, &ui, phone, None).unwrap().matched);
    let (token, ui) = token_for(&sandbox, "demo", "number_verify", phone);
    assert_eq!(platform_code(c.number_verify(&token, &ui, phone, None)), "121011");
}

#[test]
fn app_login_in_md5_and_rsa_modes() {
    let sandbox = Sandbox::start();
    let md5 = client(&sandbox, json!({}));
    let (token, _) = issue(&sandbox, "app_login");
    let validated = md5.app_login_validate(&token, None).unwrap();
    assert_eq!(validated.phone.as_str(), PHONE);
    assert_eq!(validated.details["resultCode"], "103000");
    // One spelling of the request id across every interface's details: msgId (as number verification's).
    assert!(validated.details["msgId"].as_str().is_some_and(|id| id.len() == 32), "{}", validated.details);
    assert!(validated.details.get("msgid").is_none(), "{}", validated.details);
    let e = md5.app_login_validate(&token, None).unwrap_err();
    assert_eq!(e.status(), Status::TokenReused);

    let rsa = client(&sandbox, json!({"app_login": {"mode": "rsa"}}));
    let (token, _) = issue(&sandbox, "app_login");
    assert_eq!(rsa.app_login_validate(&token, None).unwrap().phone.as_str(), PHONE);

    let wrong_secret = client(&sandbox, json!({"app_login": {"md5_secret": "app_key"}}));
    let (token, _) = issue(&sandbox, "app_login");
    assert_eq!(platform_code(wrong_secret.app_login_validate(&token, None)), "103101");
    let upper = client(&sandbox, json!({"app_login": {"mode": "rsa", "rsa_sign_encoding": "base64"}}));
    let (token, _) = issue(&sandbox, "app_login");
    assert_eq!(platform_code(upper.app_login_validate(&token, None)), "103101");
    let (token, _) = issue(&sandbox, "number_verify");
    assert_eq!(platform_code(md5.app_login_validate(&token, None)), "105018", "a number-verification token");
    assert_eq!(platform_code(md5.app_login_validate("STsid00000000000000000unknown", None)), "104201");
}

#[test]
fn app_number_verification_with_both_key_types() {
    let sandbox = Sandbox::start();
    for key_type in ["0", "1"] {
        for as_number in [false, true] {
            let c = client(&sandbox, json!({"app_number": {"key_type": key_type, "key_type_as_number": as_number}}));
            let (token, _) = issue(&sandbox, "app_number");
            assert!(c.app_number_verify(&token, PHONE, None).unwrap().matched, "keyType {key_type}");
            let (token, _) = issue(&sandbox, "app_number");
            let verified = c.app_number_verify(&token, OTHER_PHONE, None).unwrap();
            assert!(!verified.matched);
            assert_eq!(verified.details["resultCode"], "001");
        }
    }
    let wrong = client(&sandbox, json!({"app_number": {"sign_algorithm": "SHA256withRSA"}}));
    let (token, _) = issue(&sandbox, "app_number");
    assert_eq!(platform_code(wrong.app_number_verify(&token, PHONE, None)), "302");
}

/// Runs one onekey validation under a queued fault and returns the error, how long it took and the number of
/// requests that carried the token; then checks that the token is not sent again.
fn under_fault(sandbox: &Sandbox, c: &Client, fault: Value) -> (ydrz::Error, Duration, u64) {
    sandbox.queue_fault(fault);
    let (token, ui) = issue(sandbox, "onekey");
    let started = Instant::now();
    let e = c.onekey_validate(&token, &ui, None).unwrap_err();
    let elapsed = started.elapsed();
    let again = c.onekey_validate(&token, &ui, None).unwrap_err();
    assert_eq!(again.status(), Status::TokenReused, "after {e}");
    (e, elapsed, sandbox.stats(&token).0)
}

#[test]
fn injected_faults_end_in_the_right_status_without_a_second_request() {
    let sandbox = Sandbox::start();
    let timeout_ms = 800;
    let c = client(&sandbox, json!({"timeout_ms": timeout_ms, "retries": 3}));
    let bound = Duration::from_millis(timeout_ms + 700);

    let (e, elapsed, sent) = under_fault(&sandbox, &c, json!({"kind": "delay", "delay_ms": 5000}));
    assert_eq!(e.status(), Status::Timeout, "{e}");
    assert!(elapsed >= Duration::from_millis(timeout_ms) && elapsed < bound, "timeout after {elapsed:?}");
    assert_eq!(sent, 1);

    let (e, elapsed, sent) = under_fault(&sandbox, &c, json!({"kind": "slow_body", "delay_ms": 5000}));
    assert_eq!(e.status(), Status::Timeout, "{e}");
    assert!(elapsed < bound, "slow body cut after {elapsed:?}");
    assert_eq!(sent, 1);

    let (e, _, sent) = under_fault(&sandbox, &c, json!({"kind": "reset"}));
    assert_eq!(e.status(), Status::Network, "{e}");
    assert_eq!(sent, 1, "a reset after sending is not retried");

    let (e, _, sent) = under_fault(&sandbox, &c, json!({"kind": "http_status", "status": 502}));
    assert_eq!(e.status(), Status::Http, "{e}");
    assert!(e.message().contains("502"), "{}", e.message());
    assert_eq!(sent, 1);

    let (e, _, sent) = under_fault(&sandbox, &c, json!({"kind": "malformed_json"}));
    assert_eq!(e.status(), Status::Protocol, "{e}");
    assert_eq!(sent, 1);

    // A slow answer that completes within the timeout is fine.
    sandbox.queue_fault(json!({"kind": "slow_body", "delay_ms": 200}));
    let (token, ui) = issue(&sandbox, "onekey");
    assert_eq!(c.onekey_validate(&token, &ui, None).unwrap().phone.as_str(), PHONE);
    sandbox.queue_fault(json!({"kind": "delay", "delay_ms": 200}));
    let (token, ui) = issue(&sandbox, "number_verify");
    assert!(c.number_verify(&token, &ui, PHONE, None).unwrap().matched);
}

#[test]
fn a_refused_connection_sends_nothing_and_releases_the_token() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let sandbox = Sandbox::start();
    let c = Client::new(&config_for(
        &sandbox,
        "demo",
        json!({"base_url": format!("http://127.0.0.1:{port}"), "retries": 2}),
    ))
    .unwrap();
    let started = Instant::now();
    let e = c.onekey_validate("tok", "ui", None).unwrap_err();
    assert_eq!(e.status(), Status::Network, "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Nothing was sent, so the same token may be tried again (and fails the same way, not as a reuse).
    assert_eq!(c.onekey_validate("tok", "ui", None).unwrap_err().status(), Status::Network);
}

/// A hostile server on a real socket: every answer must end in a clean error.
fn hostile(answer: Vec<u8>) -> ydrz::Error {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        read_request(&mut stream).unwrap();
        let _ = stream.write_all(&answer);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        // Drain until the client closes; the bound only turns a harness mistake into a failure, not a hang.
        stream.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
        let _ = stream.read_to_end(&mut Vec::new());
    });
    let sandbox_free_config = json!({
        "app_id": "300012345678", "app_key": "5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C",
        "private_key": PrivateKey::generate(1024).unwrap().to_pkcs8_base64().unwrap().as_str(),
        "base_url": format!("http://127.0.0.1:{port}"), "timeout_ms": 3000,
    });
    let c = Client::new(&sandbox_free_config.to_string()).unwrap();
    let e = c.onekey_validate("tok", "ui", None).unwrap_err();
    // A complete answer leaves the connection idle in the client's pool; dropping the client closes it.
    drop(c);
    server.join().unwrap();
    e
}

/// A CONNECT proxy on a real socket: for each of `connections` clients, reads the CONNECT request, records it,
/// opens the tunnel to the named address and relays bytes both ways.
fn connect_proxy(connections: usize) -> (u16, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let proxy = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..connections {
            let (mut client, _) = listener.accept().unwrap();
            let head = read_request(&mut client).unwrap();
            let target = head.split_whitespace().nth(1).unwrap_or_default().to_string();
            seen.push(head.lines().next().unwrap_or_default().to_string());
            let mut upstream = std::net::TcpStream::connect(&target).unwrap();
            client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").unwrap();
            let (mut client_in, mut upstream_out) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
            let up = std::thread::spawn(move || {
                let _ = std::io::copy(&mut client_in, &mut upstream_out);
                let _ = upstream_out.shutdown(std::net::Shutdown::Write);
            });
            let _ = std::io::copy(&mut upstream, &mut client);
            let _ = client.shutdown(std::net::Shutdown::Write);
            up.join().unwrap();
        }
        seen
    });
    (port, proxy)
}

#[test]
fn a_configured_proxy_carries_the_request() {
    let sandbox = Sandbox::start();
    let (proxy_port, proxy) = connect_proxy(1);
    let c = client(&sandbox, json!({"proxy": format!("http://127.0.0.1:{proxy_port}"), "keep_alive": false}));
    let (token, ui) = issue(&sandbox, "onekey");
    assert_eq!(c.onekey_validate(&token, &ui, None).unwrap().phone.as_str(), PHONE);
    drop(c);
    let seen = proxy.join().unwrap();
    assert_eq!(seen, [format!("CONNECT {} HTTP/1.1", sandbox.addr())], "the request went through the proxy's tunnel");
    assert_eq!(sandbox.stats(&token).0, 1);
    let e = Client::new(&config_for(&sandbox, "demo", json!({"proxy": "not a url"}))).err().unwrap();
    assert_eq!(e.status(), Status::InvalidArg, "{e}");
}

#[test]
fn hostile_answers_give_clean_errors() {
    let huge = hostile(json_answer(&vec![b' '; 2 * 1024 * 1024], false));
    assert_eq!(huge.status(), Status::Protocol, "{huge}");
    let deep = json_answer("[".repeat(100_000).as_bytes(), false);
    assert_eq!(hostile(deep).status(), Status::Protocol);
    let wrong_type = json_answer(br#"{"resultCode":{"x":1}}"#, false);
    assert_eq!(hostile(wrong_type).status(), Status::Protocol);
    let no_msisdn = json_answer(br#"{"resultCode":"103000"}"#, false);
    assert_eq!(hostile(no_msisdn).status(), Status::Protocol);
    let bad_msisdn = json_answer(br#"{"resultCode":"103000","data":{"msisdn":"!!!"}}"#, false);
    assert_eq!(hostile(bad_msisdn).status(), Status::Crypto);
    let invalid_utf8 = json_answer(b"{\"resultCode\":\"104\xff\"}", false);
    assert_eq!(hostile(invalid_utf8).status(), Status::Protocol);
    let garbage_status = b"NOT HTTP AT ALL\r\n\r\n".to_vec();
    assert!(matches!(hostile(garbage_status).status(), Status::Protocol | Status::Network));
    let truncated = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"resultCode\"".to_vec();
    assert!(matches!(hostile(truncated).status(), Status::Network | Status::Protocol));
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let elsewhere = format!("http://127.0.0.1:{}/h5/onekeylogin/tokenValidate", closed.local_addr().unwrap().port());
    drop(closed);
    let redirect = format!("HTTP/1.1 302 Found\r\nLocation: {elsewhere}\r\nContent-Length: 0\r\n\r\n").into_bytes();
    let e = hostile(redirect);
    assert_eq!(e.status(), Status::Http, "a redirect is not followed (the token would be sent again): {e}");
    assert!(e.message().contains("302"), "{}", e.message());
    let control_chars = json_answer("{\"resultCode\":\"104013\",\"desc\":\"a\\u0000b\\nc\"}".as_bytes(), false);
    let e = hostile(control_chars);
    assert_eq!(e.platform_code(), Some("104013"));
    assert!(!e.message().contains('\0') && !e.message().contains('\n'), "{:?}", e.message());
}

#[test]
fn one_client_shared_by_eight_threads() {
    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({}));
    let tokens: Vec<(String, String)> = (0..32).map(|_| issue(&sandbox, "onekey")).collect();
    std::thread::scope(|scope| {
        for chunk in tokens.chunks(4) {
            let c = &c;
            scope.spawn(move || {
                for (token, ui) in chunk {
                    assert_eq!(c.onekey_validate(token, ui, None).unwrap().phone.as_str(), PHONE);
                }
            });
        }
    });
    for (token, _) in &tokens {
        assert_eq!(sandbox.stats(token).0, 1);
    }
}

#[test]
fn jssdk_params_and_presign_follow_the_config() {
    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({"jssdk": {"sign_encoding": "hex_lower"}}));
    let params = c.jssdk_params().unwrap();
    let f = &JSSDK_FIELDS;
    assert_eq!(params[f.trace_id], params[f.msg_id]);
    assert_eq!(params[f.business_type], "8");
    let sign = params[f.sign].as_str().unwrap();
    assert_eq!(sign.len(), 32);
    assert_eq!(sign, sign.to_lowercase());
    let input = ydrz::protocol::strings::JssdkSignInput {
        app_id: params[f.app_id].as_str().unwrap(),
        business_type: "8",
        trace_id: params[f.trace_id].as_str().unwrap(),
        timestamp: params[f.timestamp].as_str().unwrap(),
        version: "2.0",
    };
    let text =
        ydrz::protocol::strings::jssdk_sign_string(&input, sandbox.app("demo")["app_key"].as_str().unwrap()).unwrap();
    assert_eq!(ydrz::signature::md5_hex(text.as_bytes(), false), sign);
    let presign = c.presign_sign("3000123456780.84").unwrap();
    assert!(presign.ends_with('=') || presign.len() == 172, "Base64 of a 1024-bit signature: {presign}");
}

/// A field over 64 KiB is INVALID_ARG before anything is reserved or sent: the token stays usable.
#[test]
fn an_oversized_expand_params_is_refused_before_the_token_is_reserved() {
    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({}));
    let huge = "k=".to_string() + &"v".repeat(16 * 1024 * 1024);
    let (token, ui) = issue(&sandbox, "onekey");
    assert_eq!(c.onekey_validate(&token, &ui, Some(&huge)).unwrap_err().status(), Status::InvalidArg);
    assert_eq!(c.onekey_validate(&token, &ui, Some("k=v")).unwrap().phone.as_str(), PHONE);
    let (token, ui) = issue(&sandbox, "number_verify");
    assert_eq!(c.number_verify(&token, &ui, PHONE, Some(&huge)).unwrap_err().status(), Status::InvalidArg);
    assert!(c.number_verify(&token, &ui, PHONE, None).unwrap().matched);
    let (token, _) = issue(&sandbox, "app_login");
    assert_eq!(c.app_login_validate(&token, Some(&huge)).unwrap_err().status(), Status::InvalidArg);
    assert_eq!(c.app_login_validate(&token, None).unwrap().phone.as_str(), PHONE);
    let (token, _) = issue(&sandbox, "app_number");
    assert_eq!(c.app_number_verify(&token, PHONE, Some(&huge)).unwrap_err().status(), Status::InvalidArg);
    assert!(c.app_number_verify(&token, PHONE, None).unwrap().matched);
    assert_eq!(sandbox.stats(&token).0, 1, "only the call within the limits was sent");
}

/// An app_id that would break the appId header is refused when the client is created.
#[test]
fn a_header_breaking_app_id_is_refused_at_creation() {
    let sandbox = Sandbox::start();
    let e = Client::new(&config_for(&sandbox, "demo", json!({"app_id": "300012345678\r\nX-Injected: 1"}))).err();
    assert_eq!(e.map(|e| e.status()), Some(Status::InvalidArg));
}

/// Text quoted from a server (a broken body, a platform description) never carries a full phone or a token.
#[test]
fn server_text_in_errors_is_masked() {
    let phone = "13912345678";
    let token = "STsid0000001517196594066Ab9Kx2Lq";
    let truncated = json_answer(format!(r#"{{"resultCode":"103000","msisdn":"{phone}""#).as_bytes(), false);
    let e = hostile(truncated);
    assert_eq!(e.status(), Status::Protocol, "{e}");
    assert!(!e.message().contains(phone), "{}", e.message());
    let desc = json!({"resultCode": "104013", "desc": format!("token {token} of {phone} refused")}).to_string();
    let e = hostile(json_answer(desc.as_bytes(), false));
    assert_eq!(e.platform_code(), Some("104013"));
    assert!(!e.message().contains(phone) && !e.message().contains(token), "{}", e.message());
    assert!(e.message().contains("refused"), "the rest of the platform's text is kept: {}", e.message());
    let body = format!(r#"{{"msisdn":"{phone}"}}"#);
    let error_page = format!("HTTP/1.1 500 Oops\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    let e = hostile(error_page.into_bytes());
    assert_eq!(e.status(), Status::Http, "{e}");
    assert!(!e.message().contains(phone), "{}", e.message());
}

/// An oversized header and too many headers are the same kind of fault: a malformed answer.
#[test]
fn header_size_and_header_count_faults_share_one_status() {
    let oversized = format!("HTTP/1.1 200 OK\r\nX-Big: {}\r\nContent-Length: 2\r\n\r\n{{}}", "a".repeat(200_000));
    let many: String = (0..500).map(|i| format!("X-H{i}: v\r\n")).collect();
    let too_many = format!("HTTP/1.1 200 OK\r\n{many}Content-Length: 2\r\n\r\n{{}}");
    let (big, count) = (hostile(oversized.into_bytes()), hostile(too_many.into_bytes()));
    assert_eq!(big.status(), Status::Protocol, "{big}");
    assert_eq!(count.status(), Status::Protocol, "{count}");
}

/// The exchange sent by a transport of the test's own (raw HTTP/1.1 on a TcpStream): a finished exchange keeps
/// its token, `not_sent` releases it, and one dropped after its request left (a read timeout) keeps it — with
/// the sandbox's per-token request counter as the witness.
#[test]
fn an_exchange_sent_by_another_transport_keeps_or_releases_its_token() {
    use std::io::BufReader;

    use common::sandbox::{read_response, write_request};
    use ydrz::client::{Exchange, Sources, Validated};

    let sandbox = Sandbox::start();
    let c = client(&sandbox, json!({}));
    let path_of = |ex: &Exchange<Validated>| ex.request().url.strip_prefix(sandbox.base_url()).unwrap().to_string();
    let headers_of = |ex: &Exchange<Validated>| {
        // write_request adds the same Content-Type itself.
        let r = ex.request();
        r.headers.iter().filter(|(n, _)| n != "Content-Type").map(|(n, v)| (n.clone(), v.clone())).collect::<Vec<_>>()
    };
    let send = |ex: &Exchange<Validated>, read_timeout: Duration| {
        let mut stream = sandbox.connect();
        stream.set_read_timeout(Some(read_timeout)).unwrap();
        let headers = headers_of(ex);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        write_request(&mut stream, ex.request().method, &path_of(ex), &headers, ex.request().body.as_bytes(), false)
            .unwrap();
        read_response(&mut BufReader::new(stream))
    };
    let reused = |token: &str, ui: &str| {
        c.onekey_begin(&Sources::SYSTEM, token, ui, None).err().map(|e| e.status()) == Some(Status::TokenReused)
    };

    let (token, ui) = issue(&sandbox, "onekey");
    let ex = c.onekey_begin(&Sources::SYSTEM, &token, &ui, None).unwrap();
    let answer = send(&ex, Duration::from_secs(10)).unwrap();
    assert_eq!(ex.finish(answer.status, &answer.body).unwrap().phone.as_str(), PHONE);
    assert!(reused(&token, &ui));
    assert_eq!(sandbox.stats(&token).0, 1);

    let (token, ui) = issue(&sandbox, "onekey");
    c.onekey_begin(&Sources::SYSTEM, &token, &ui, None).unwrap().not_sent();
    let ex = c.onekey_begin(&Sources::SYSTEM, &token, &ui, None).expect("not_sent released the token");
    assert_eq!(sandbox.stats(&token).0, 0);
    drop(ex);

    let (token, ui) = issue(&sandbox, "onekey");
    sandbox.queue_fault(json!({"kind": "delay", "delay_ms": 1500}));
    let ex = c.onekey_begin(&Sources::SYSTEM, &token, &ui, None).unwrap();
    assert!(send(&ex, Duration::from_millis(200)).is_err(), "the read times out");
    drop(ex);
    assert!(reused(&token, &ui), "dropped after its request left: the token stays reserved");
    assert_eq!(sandbox.stats(&token).0, 1);
}
