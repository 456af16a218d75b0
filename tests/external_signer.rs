//! `"signer": "external"`: the exchange asks the host for a signature, verifies it against the configured
//! public key before the request exists, and yields the same request a private-key client builds. The
//! signatures provided are tests/data/vectors.json's (made by the independent oracle), not this library's.

#[path = "common/vectors.rs"]
mod vectors;

use base64::Engine;
use serde_json::{json, Value};
use vectors::{s, vectors};
use ydrz::client::{Answered, Client, IdSource, Pending, Sources, WallClock};
use ydrz::keys::PrivateKey;
use ydrz::signature::SignAlgorithm;
use ydrz::Status;

/// 2024-01-31 23:59:59.123 in Beijing: the vectors' timestamp.
const VECTOR_UNIX_MILLIS: i64 = 1_706_716_799_123;

struct FixedClock;

impl WallClock for FixedClock {
    fn unix_millis(&self) -> i64 {
        VECTOR_UNIX_MILLIS
    }
}

struct FixedId(String);

impl IdSource for FixedId {
    fn new_id(&self) -> String {
        self.0.clone()
    }
}

fn vector<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["vectors"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap_or_else(|| panic!("vector {id}"))
}

/// A client of the vectors' app: `"signer": "external"` with customer_1024's public key, or its private key.
fn client(v: &Value, external: bool) -> Client {
    let f = &v["fixed_inputs"];
    let customer = &v["keys"]["customer_1024"];
    let mut config = json!({
        "app_id": s(f, "appId"),
        "app_key": s(f, "appkey"),
        "platform_public_key": s(&v["keys"]["platform_1024"], "public_x509_spki_der_base64"),
        "base_url": "https://platform.example",
    });
    if external {
        config["signer"] = json!("external");
        config["public_key"] = json!(s(customer, "public_x509_spki_der_base64"));
    } else {
        config["private_key"] = json!(s(customer, "private_pkcs8_der_base64"));
    }
    Client::new(&config.to_string()).unwrap()
}

fn b64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}

fn onekey_begin(c: &Client, v: &Value, token: &str) -> ydrz::Result<ydrz::client::Exchange<ydrz::client::Validated>> {
    let ids = FixedId(s(&v["fixed_inputs"], "traceId_msgId").to_string());
    c.onekey_begin(&Sources { clock: &FixedClock, ids: &ids }, token, s(&v["fixed_inputs"], "userInformation"), None)
}

#[test]
fn onekey_asks_for_the_vectors_bytes_and_takes_the_vectors_signature() {
    let v = vectors();
    let signed = vector(&v, "h5_tokenValidate_sign_v2.0_customer_1024");
    let token = s(&v["fixed_inputs"], "token_h5");
    let mut ex = onekey_begin(&client(&v, true), &v, token).unwrap();
    match ex.pending() {
        Pending::Sign(step) => {
            assert_eq!(step.algorithm(), SignAlgorithm::Sha256WithRsa);
            assert_eq!(step.input(), s(signed, "string_to_sign").as_bytes());
        }
        Pending::Send => panic!("an external signer's exchange waits for its signature"),
    }
    let e = ex.request().unwrap_err();
    assert_eq!(e.status(), Status::InvalidArg);
    assert!(e.message().contains("waits for the host's SHA256withRSA signature"), "{}", e.message());

    ex.provide(&b64(s(signed, "expected_base64"))).unwrap();
    assert!(matches!(ex.pending(), Pending::Send));
    let with_key = onekey_begin(&client(&v, false), &v, token).unwrap();
    assert_eq!(ex.request().unwrap(), with_key.request().unwrap());
    let body: Value = serde_json::from_str(&ex.request().unwrap().body).unwrap();
    assert_eq!(body["sign"], s(signed, "expected_hex_upper"));
    assert_eq!(ex.provide(&b64(s(signed, "expected_base64"))).unwrap_err().status(), Status::InvalidArg);
}

#[test]
fn a_wrong_algorithm_or_key_is_refused_and_the_exchange_keeps_waiting() {
    let v = vectors();
    let signed = vector(&v, "h5_tokenValidate_sign_v2.0_customer_1024");
    let mut ex = onekey_begin(&client(&v, true), &v, "T-refused").unwrap();
    let input = match ex.pending() {
        Pending::Sign(step) => step.input().to_vec(),
        Pending::Send => panic!("waits for a signature"),
    };
    let key = PrivateKey::load(s(&v["keys"]["customer_1024"], "private_pkcs8_der_base64")).unwrap();
    let e = ex.provide(&key.sign(&input, SignAlgorithm::Md5WithRsa).unwrap()).unwrap_err();
    assert_eq!(e.status(), Status::Signature);
    assert!(
        e.message().starts_with("wrong algorithm: the signature is MD5withRSA but SHA256withRSA"),
        "{}",
        e.message()
    );

    let other = vector(&v, "h5_tokenValidate_sign_v2.0_customer_2048");
    let e = ex.provide(&b64(s(other, "expected_base64"))).unwrap_err();
    assert_eq!(e.status(), Status::Signature);
    assert!(e.message().starts_with("wrong key:"), "{}", e.message());
    // The right bytes signed for another exchange: the signature is over other bytes, also refused.
    let e = ex.provide(&b64(s(signed, "expected_base64"))).unwrap_err();
    assert!(e.message().starts_with("wrong key:"), "{}", e.message());
    assert!(ex.request().is_err());
    assert!(matches!(ex.pending(), Pending::Sign(_)));
}

#[test]
fn a_token_waiting_for_its_signature_is_released_when_dropped_and_kept_once_complete() {
    let v = vectors();
    let signed = vector(&v, "h5_tokenValidate_sign_v2.0_customer_1024");
    let token = s(&v["fixed_inputs"], "token_h5");
    let c = client(&v, true);
    let ex = onekey_begin(&c, &v, token).unwrap();
    assert_eq!(onekey_begin(&c, &v, token).err().unwrap().status(), Status::TokenReused);
    drop(ex);
    let mut ex = onekey_begin(&c, &v, token).expect("dropped before its signature: the token is free again");
    let e = ex.provide(&[0u8; 128]).unwrap_err();
    assert_eq!(e.status(), Status::Signature);
    assert_eq!(ex.finish(200, b"{}").unwrap_err().status(), Status::InvalidArg);
    let mut ex = onekey_begin(&c, &v, token).expect("finish refused before the signature: nothing was sent");
    ex.provide(&b64(s(signed, "expected_base64"))).unwrap();
    drop(ex);
    assert_eq!(onekey_begin(&c, &v, token).err().unwrap().status(), Status::TokenReused);
}

#[test]
fn number_verification_and_app_login_rsa_wait_for_the_vectors_signatures() {
    let v = vectors();
    let f = &v["fixed_inputs"];
    let c = client(&v, true);
    let ids = FixedId(s(f, "traceId_msgId").to_string());
    let sources = Sources { clock: &FixedClock, ids: &ids };
    let ex = c.number_verify_begin(&sources, "T-number", "ui", "13800138000", None).unwrap();
    match ex.pending() {
        Pending::Sign(step) => assert_eq!(step.algorithm(), SignAlgorithm::Md5WithRsa),
        Pending::Send => panic!("waits for a signature"),
    }

    let config = json!({
        "app_id": s(f, "appId"),
        "signer": "external",
        "public_key": s(&v["keys"]["customer_1024"], "public_x509_spki_der_base64"),
        "app_login": {"mode": "rsa"},
    });
    let app = Client::new(&config.to_string()).unwrap();
    let signed = vector(&v, "app_loginTokenValidate_rsa_customer_1024");
    let text = s(signed, "string_to_sign");
    let token = text.strip_prefix(s(f, "appId")).unwrap();
    let mut ex = app.app_login_begin(&sources, token, None).unwrap();
    match ex.pending() {
        Pending::Sign(step) => {
            assert_eq!(step.algorithm(), SignAlgorithm::Sha256WithRsa);
            assert_eq!(step.input(), text.as_bytes());
        }
        Pending::Send => panic!("waits for a signature"),
    }
    ex.provide(&b64(s(signed, "expected_base64"))).unwrap();
    let body: Value = serde_json::from_str(&ex.request().unwrap().body).unwrap();
    assert_eq!(body["sign"].as_str().unwrap().to_uppercase(), s(signed, "expected_hex_upper"));
}

#[test]
fn presign_step_gives_the_bytes_and_encodes_the_vectors_signature() {
    let v = vectors();
    let signed = vector(&v, "preSign_MD5withRSA_customer_1024");
    let c = client(&v, true);
    let step = c.presign_step(s(signed, "string_to_sign")).unwrap();
    assert_eq!(step.algorithm(), SignAlgorithm::Md5WithRsa);
    assert_eq!(step.input(), s(signed, "string_to_sign").as_bytes());
    assert_eq!(step.accept(&b64(s(signed, "expected_base64"))).unwrap(), s(signed, "expected_base64"));
    assert_eq!(c.presign_sign("x").unwrap_err().status(), Status::InvalidArg);
    assert_eq!(client(&v, false).presign_step("x").unwrap_err().status(), Status::InvalidArg);
}

#[test]
fn the_signer_configuration_is_checked() {
    let v = vectors();
    let customer = &v["keys"]["customer_1024"];
    let (public, private) = (s(customer, "public_x509_spki_der_base64"), s(customer, "private_pkcs8_der_base64"));
    for (config, says) in [
        (json!({"app_id": "1", "signer": "external"}), "needs public_key"),
        (json!({"app_id": "1", "signer": "external", "public_key": public, "private_key": private}), "no private_key"),
        (json!({"app_id": "1", "public_key": public}), "only with"),
        (json!({"app_id": "1", "signer": "hsm", "public_key": public}), "must be"),
    ] {
        let e = Client::new(&config.to_string()).err().unwrap();
        assert!(e.message().contains(says), "{config}: {}", e.message());
    }
}

/// The host's side of a decryption: customer_1024's private key in the `rsa` crate (the test oracle), block by
/// block as a PKCS#11 token or a KMS decrypts.
fn host_decrypt(v: &Value, input: &[u8], block_bytes: usize) -> Vec<u8> {
    use rsa::pkcs8::DecodePrivateKey;
    let der = b64(s(&v["keys"]["customer_1024"], "private_pkcs8_der_base64"));
    let key = rsa::RsaPrivateKey::from_pkcs8_der(&der).unwrap();
    input.chunks(block_bytes).flat_map(|block| key.decrypt(rsa::Pkcs1v15Encrypt, block).unwrap()).collect()
}

/// An App login client in RSA mode whose key is held by the host, and an exchange of it with its signature
/// provided (the vectors').
fn app_login_rsa_exchange(v: &Value) -> ydrz::client::Exchange<ydrz::client::Validated> {
    let f = &v["fixed_inputs"];
    let config = json!({
        "app_id": s(f, "appId"),
        "signer": "external",
        "public_key": s(&v["keys"]["customer_1024"], "public_x509_spki_der_base64"),
        "app_login": {"mode": "rsa"},
    });
    let app = Client::new(&config.to_string()).unwrap();
    let signed = vector(v, "app_loginTokenValidate_rsa_customer_1024");
    let token = s(signed, "string_to_sign").strip_prefix(s(f, "appId")).unwrap().to_string();
    let ids = FixedId(s(f, "traceId_msgId").to_string());
    let mut ex = app.app_login_begin(&Sources { clock: &FixedClock, ids: &ids }, &token, None).unwrap();
    ex.provide(&b64(s(signed, "expected_base64"))).unwrap();
    ex
}

#[test]
fn an_app_login_msisdn_for_the_hosts_key_is_decrypted_by_the_host() {
    let v = vectors();
    let encrypted = vector(&v, "app_msisdn_rsa_customer_1024");
    for ciphertext in [s(encrypted, "ciphertext_hex_upper"), s(encrypted, "ciphertext_base64")] {
        let answer = json!({"resultCode": "103000", "msisdn": ciphertext});
        let answered = app_login_rsa_exchange(&v).answer(200, answer.to_string().as_bytes()).unwrap();
        let Answered::Decrypt(decryption) = answered else { panic!("the host's key must decrypt the msisdn") };
        assert_eq!(decryption.step().block_bytes(), 128);
        assert_eq!(decryption.step().input(), hex_upper(s(encrypted, "ciphertext_hex_upper")));

        let e = decryption.provide(b"not a phone number").unwrap_err();
        assert_eq!(e.status(), Status::Crypto);
        assert!(!e.message().contains("not a phone"), "the error never echoes the plaintext: {}", e.message());

        let plaintext = host_decrypt(&v, decryption.step().input(), decryption.step().block_bytes());
        let validated = decryption.provide(&plaintext).unwrap();
        assert_eq!(validated.phone.as_str(), s(encrypted, "plaintext"));
        assert_eq!(validated.details["resultCode"], "103000");
    }
}

#[test]
fn finish_refuses_an_answer_only_the_host_can_decrypt_and_takes_a_plain_one() {
    let v = vectors();
    let encrypted = vector(&v, "app_msisdn_rsa_customer_1024");
    let answer = json!({"resultCode": "103000", "msisdn": s(encrypted, "ciphertext_base64")});
    let e = app_login_rsa_exchange(&v).finish(200, answer.to_string().as_bytes()).unwrap_err();
    assert_eq!(e.status(), Status::InvalidArg);
    assert!(e.message().contains("Exchange::answer"), "{}", e.message());

    let plain = json!({"resultCode": "103000", "msisdn": "13800138000"});
    let validated = app_login_rsa_exchange(&v).finish(200, plain.to_string().as_bytes()).unwrap();
    assert_eq!(validated.phone.as_str(), "13800138000");
}

fn hex_upper(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}
