//! The exchange (`*_begin` / `finish` / `not_sent`) without a server and without the wall clock: requests built
//! from a fixed clock and fixed ids are checked byte for byte against tests/data/vectors.json, answers are read
//! from given bytes, and the token's ownership is followed through every ending. Runs with and without the
//! built-in HTTP client (`cargo test --no-default-features --test exchange`).

#[path = "common/vectors.rs"]
mod vectors;

use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};
use vectors::{s, vectors};
use ydrz::client::{Client, IdSource, Sources, WallClock};
use ydrz::keys::{PrivateKey, PublicKey};
use ydrz::signature::SignAlgorithm;
use ydrz::Status;

/// 2024-01-31 23:59:59.123 in Beijing: the vectors' timestamp.
const VECTOR_UNIX_MILLIS: i64 = 1_706_716_799_123;

struct FixedClock(i64);

impl WallClock for FixedClock {
    fn unix_millis(&self) -> i64 {
        self.0
    }
}

struct FixedId(String);

impl IdSource for FixedId {
    fn new_id(&self) -> String {
        self.0.clone()
    }
}

fn fixed() -> (Value, FixedClock, FixedId) {
    let v = vectors();
    let id = FixedId(s(&v["fixed_inputs"], "traceId_msgId").to_string());
    (v, FixedClock(VECTOR_UNIX_MILLIS), id)
}

fn vector<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["vectors"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap_or_else(|| panic!("vector {id}"))
}

fn client(v: &Value, extra: Value) -> Client {
    let f = &v["fixed_inputs"];
    let mut config = json!({
        "app_id": s(f, "appId"),
        "app_key": s(f, "appkey"),
        "app_secret": s(f, "APPSecret"),
        "private_key": s(&v["keys"]["customer_1024"], "private_pkcs8_der_base64"),
        "platform_public_key": s(&v["keys"]["platform_1024"], "public_x509_spki_der_base64"),
        "base_url": "https://platform.example",
        "timeout_ms": 7000,
    });
    for (k, value) in extra.as_object().unwrap() {
        config[k] = value.clone();
    }
    Client::new(&config.to_string()).unwrap()
}

fn body_json(body: &str) -> Value {
    serde_json::from_str(body).unwrap()
}

#[test]
fn onekey_request_is_the_vectors_request() {
    let (v, clock, ids) = fixed();
    let f = &v["fixed_inputs"];
    let c = client(&v, json!({}));
    let sources = Sources { clock: &clock, ids: &ids };
    let ex = c.onekey_begin(&sources, s(f, "token_h5"), s(f, "userInformation"), None).unwrap();
    let r = ex.request();
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "https://platform.example/h5/onekeylogin/tokenValidate");
    assert_eq!(r.timeout, Duration::from_millis(7000));
    let headers: Vec<(&str, &str)> = r.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        headers,
        [
            ("Content-Type", "application/json;charset=utf-8"),
            ("interfaceVersion", "2.0"),
            ("appId", s(f, "appId")),
            ("traceId", s(f, "traceId_msgId")),
            ("timestamp", s(f, "timestamp")),
            ("businessType", "8"),
        ]
    );
    let sign = s(vector(&v, "h5_tokenValidate_sign_v2.0_customer_1024"), "expected_hex_upper");
    assert_eq!(
        body_json(&r.body),
        json!({"token": s(f, "token_h5"), "sign": sign, "userInformation": s(f, "userInformation"), "expandParams": ""})
    );
    assert_eq!(
        r.to_json(),
        json!({
            "method": "POST",
            "url": r.url,
            "headers": r.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            "body": r.body,
            "timeout_ms": 7000,
        })
    );
}

#[test]
fn onekey_finish_decrypts_the_vectors_msisdn() {
    let (v, clock, ids) = fixed();
    let c = client(&v, json!({}));
    let sources = Sources { clock: &clock, ids: &ids };
    let ex = c.onekey_begin(&sources, "T-onekey", "ui", None).unwrap();
    let msisdn = s(vector(&v, "h5_msisdn_aes128ecb"), "ciphertext_base64");
    let answer =
        json!({"resultCode": "103000", "desc": "success", "data": {"msisdn": msisdn, "securityPhone": "138****8000"}});
    let validated = ex.finish(200, answer.to_string().as_bytes()).unwrap();
    assert_eq!(validated.phone.as_str(), "13800138000");
    assert_eq!(validated.details["resultCode"], "103000");
    assert_eq!(validated.details["http_status"], 200);
    assert_eq!(validated.details["securityPhone"], "138****8000");
    assert_eq!(validated.details["traceId"], s(&v["fixed_inputs"], "traceId_msgId"));
    assert_eq!(validated.details["response"], answer);
}

#[test]
fn app_login_md5_request_is_the_vectors_request() {
    let (v, clock, ids) = fixed();
    let x = vector(&v, "app_loginTokenValidate_md5");
    let i = &x["inputs"];
    let c = client(&v, json!({"app_secret": s(i, "APPSecret_or_appkey")}));
    let ex = c.app_login_begin(&Sources { clock: &clock, ids: &ids }, s(i, "token"), None).unwrap();
    let r = ex.request();
    assert_eq!(r.url, "https://platform.example/unisdk/rsapi/loginTokenValidate");
    assert_eq!(r.headers, [("Content-Type".to_string(), "application/json;charset=utf-8".to_string())]);
    let body = body_json(&r.body);
    for field in ["appid", "version", "msgid", "systemtime", "strictcheck", "token"] {
        assert_eq!(body[field], s(i, field), "{field}");
    }
    assert_eq!(body["sign"], s(x, "expected_hex_upper"));
    assert_eq!(body["encryptionalgorithm"], "");
    let answer = json!({"resultCode": "103000", "msisdn": "13800138000", "inresponseto": s(i, "msgid")});
    let validated = ex.finish(200, answer.to_string().as_bytes()).unwrap();
    assert_eq!(validated.phone.as_str(), "13800138000");
    assert_eq!(validated.details["msgId"], s(i, "msgid"));
}

#[test]
fn app_number_key_type0_request_is_the_vectors_request() {
    let (v, clock, ids) = fixed();
    let x = vector(&v, "app_tokenValidate_keyType0");
    let f = &v["fixed_inputs"];
    let c = client(&v, json!({"app_number": {"key_type": "0"}}));
    let ex = c.app_number_begin(&Sources { clock: &clock, ids: &ids }, s(f, "token_app"), s(f, "phone"), None).unwrap();
    let body = body_json(&ex.request().body);
    assert_eq!(ex.request().url, "https://platform.example/openapi/rs/tokenValidate");
    assert_eq!(
        body["header"],
        json!({"version": "1.0", "msgId": s(f, "traceId_msgId"), "timestamp": s(f, "timestamp"), "appId": s(f, "appId")})
    );
    assert_eq!(body["body"]["phoneNum"], s(x, "expected_phoneNum_sha256_hex_upper"));
    assert_eq!(body["body"]["sign"], s(x, "expected_sign_hmacsha256_hex_upper"));
    assert_eq!(body["body"]["keyType"], "0");
    let answer = json!({"header": {"resultCode": "001", "msgId": s(f, "traceId_msgId")}, "body": {}});
    let verified = ex.finish(200, answer.to_string().as_bytes()).unwrap();
    assert!(!verified.matched);
    assert_eq!(verified.details["matched"], false);
    assert_eq!(verified.details["msgId"], s(f, "traceId_msgId"));
}

#[test]
fn number_verify_request_signs_and_encrypts_with_the_given_clock_and_id() {
    let (v, clock, ids) = fixed();
    let f = &v["fixed_inputs"];
    let c = client(&v, json!({}));
    let ex = c
        .number_verify_begin(&Sources { clock: &clock, ids: &ids }, s(f, "token_h5"), "ui", s(f, "phone"), None)
        .unwrap();
    assert_eq!(ex.request().url, "https://platform.example/NumberAbility/h5/verifyVmMobileApi.htm");
    let body = body_json(&ex.request().body);
    let (header, b) = (&body["header"], &body["body"]);
    assert_eq!(
        *header,
        json!({"version": "1.0", "msgId": s(f, "traceId_msgId"), "appId": s(f, "appId"), "timestamp": s(f, "timestamp")})
    );
    let platform = PrivateKey::load(s(&v["keys"]["platform_1024"], "private_pkcs8_der_base64")).unwrap();
    let phone_num = s(b, "phoneNum");
    let plain = platform.decrypt_text(phone_num).unwrap();
    assert_eq!(plain.as_str(), format!("{}{}{}", s(f, "phone"), s(f, "appkey"), s(f, "timestamp")));
    let text =
        format!("{}{}{}{}{}1.0", s(f, "appId"), s(f, "traceId_msgId"), phone_num, s(f, "timestamp"), s(f, "token_h5"));
    let customer = PublicKey::load(s(&v["keys"]["customer_1024"], "public_x509_spki_der_base64")).unwrap();
    let sign = base64::engine::general_purpose::STANDARD.decode(s(b, "sign")).unwrap();
    customer.verify(text.as_bytes(), &sign, SignAlgorithm::Md5WithRsa).unwrap();
    assert_eq!(b["userInformation"], "ui");
    let answer = json!({"header": {"resultCode": "000"}, "body": {}});
    assert!(ex.finish(200, answer.to_string().as_bytes()).unwrap().matched);
}

fn reused(c: &Client, token: &str) -> bool {
    c.onekey_begin(&Sources::SYSTEM, token, "ui", None).err().map(|e| e.status()) == Some(Status::TokenReused)
}

#[test]
fn the_token_is_kept_by_finish_and_drop_and_released_only_by_not_sent() {
    let v = vectors();
    let c = client(&v, json!({}));
    let ex = c.onekey_begin(&Sources::SYSTEM, "T1", "ui", None).unwrap();
    assert!(reused(&c, "T1"), "a token in flight is refused");
    let e = ex.finish(200, br#"{"resultCode":"104007","desc":"token not found"}"#).unwrap_err();
    assert_eq!((e.status(), e.platform_code()), (Status::Platform, Some("104007")));
    assert!(reused(&c, "T1"), "a finished exchange keeps its token, whatever the answer");

    c.onekey_begin(&Sources::SYSTEM, "T2", "ui", None).unwrap().not_sent();
    let again = c.onekey_begin(&Sources::SYSTEM, "T2", "ui", None).expect("not_sent released the token");
    drop(again);
    assert!(reused(&c, "T2"), "an exchange dropped without an ending keeps its token");
}

#[test]
fn finish_reads_failures_as_the_blocking_client_does() {
    let v = vectors();
    let c = client(&v, json!({}));
    let begin = |token: &str| c.onekey_begin(&Sources::SYSTEM, token, "ui", None).unwrap();
    let e = begin("F1").finish(502, b"<html>bad gateway</html>").unwrap_err();
    assert_eq!(e.status(), Status::Http);
    assert!(e.message().contains("HTTP 502"), "{}", e.message());
    let e = begin("F2").finish(200, b"{\"resultCode\":").unwrap_err();
    assert_eq!(e.status(), Status::Protocol);
    let mut huge = b"{\"resultCode\":\"103000\",\"pad\":\"".to_vec();
    huge.resize(1024 * 1024 + 1, b'x');
    let e = begin("F3").finish(200, &huge).unwrap_err();
    assert_eq!(e.status(), Status::Protocol);
    assert!(e.message().contains("larger than 1048576 bytes"), "{}", e.message());
    assert!(reused(&c, "F3"), "an over-limit answer was still an answer: the token is kept");
    let e = begin("F4").finish(200, br#"{"resultCode":"103000","data":{"msisdn":"AAAA"}}"#).unwrap_err();
    assert_eq!(e.status(), Status::Crypto);
}

#[test]
fn begin_checks_inputs_before_reserving_the_token() {
    let v = vectors();
    let c = client(&v, json!({}));
    let e = c.onekey_begin(&Sources::SYSTEM, "B1", "", None).err().unwrap();
    assert_eq!(e.status(), Status::InvalidArg);
    let e = c.number_verify_begin(&Sources::SYSTEM, "B1", "ui", "12", None).err().unwrap();
    assert_eq!(e.status(), Status::InvalidArg);
    let no_secret = Client::new(&json!({"app_id": "300012345678"}).to_string()).unwrap();
    assert_eq!(no_secret.app_login_begin(&Sources::SYSTEM, "B1", None).err().unwrap().status(), Status::InvalidArg);
    assert!(!reused(&c, "B1"), "refused inputs reserve nothing");
}

/// Without the built-in HTTP client the blocking calls fail before sending and leave the token unused.
#[cfg(not(feature = "http-client"))]
#[test]
fn without_the_http_client_blocking_calls_send_nothing() {
    let v = vectors();
    let c = client(&v, json!({}));
    let e = c.onekey_validate("N1", "ui", None).unwrap_err();
    assert_eq!(e.status(), Status::Network);
    assert!(e.message().contains("http-client"), "{}", e.message());
    assert!(!reused(&c, "N1"));
}
