//! The corrections real integrations showed (docs/protocol.md, issue "The protocol as data"): each test drives
//! a real `ydrz sandbox` process over HTTP, with requests built by hand from the library's strings and crypto
//! (or by the library's client where the client's default is the point).

mod common;

use common::sandbox::Sandbox;
use serde_json::{json, Value};
use ydrz::client::Client;
use ydrz::codec::Encoding;
use ydrz::keys::PrivateKey;
use ydrz::protocol::field_names::{
    ANSWER_FIELDS as ANSWER, APP_LOGIN_FIELDS as C, APP_NUMBER_FIELDS as D, NUMBER_FIELDS as N,
    ONEKEY_LOGIN_FIELDS as A,
};
use ydrz::protocol::ids::{new_id, timestamp_now};
use ydrz::protocol::interfaces::{APP_LOGIN, APP_NUMBER, ONEKEY_LOGIN};
use ydrz::protocol::strings::{
    app_login_md5_string, app_login_rsa_string, number_verify_string, phone_plaintext, token_validate_string,
    AppLoginMd5Input,
};
use ydrz::signature::{hmac_sha256_hex, md5_hex, sha256_hex, SignAlgorithm};

const PHONE: &str = "13800138000";

struct App {
    app_id: String,
    app_key: String,
    app_secret: String,
    customer: PrivateKey,
}

fn demo(sandbox: &Sandbox) -> App {
    let app = sandbox.app("demo");
    let text = |key: &str| app[key].as_str().unwrap().to_string();
    App {
        app_id: text("app_id"),
        app_key: text("app_key"),
        app_secret: text("app_secret"),
        customer: PrivateKey::load(&text("customer_private_key")).unwrap(),
    }
}

fn token(sandbox: &Sandbox, app: &App, product: &str) -> (String, String) {
    let issued = sandbox.issue_token(&app.app_id, product, PHONE);
    (issued["token"].as_str().unwrap().to_string(), issued["userInformation"].as_str().unwrap_or_default().to_string())
}

fn post(sandbox: &Sandbox, path: &str, headers: &[(&str, &str)], body: &Value) -> Value {
    let response = sandbox.post(path, headers, body);
    assert_eq!(response.status, 200);
    response.json()
}

fn code(answer: &Value) -> &str {
    answer[ANSWER.result_code].as_str().or_else(|| answer[N.header][ANSWER.result_code].as_str()).unwrap_or("")
}

fn desc(answer: &Value) -> &str {
    answer[ANSWER.desc].as_str().or_else(|| answer[N.body][ANSWER.result_desc].as_str()).unwrap_or("")
}

/// An App login request in MD5 mode with these msgid, systemtime and strictcheck, signed correctly over them.
fn app_login_md5(app: &App, token: &str, msg_id: &str, system_time: &str, strict_check: &str) -> Value {
    let input = AppLoginMd5Input { app_id: &app.app_id, version: "2.0", msg_id, system_time, strict_check, token };
    let sign = md5_hex(app_login_md5_string(&input, &app.app_secret).unwrap().as_bytes(), true);
    json!({
        C.version: "2.0", C.msg_id: msg_id, C.system_time: system_time, C.strict_check: strict_check,
        C.app_id: app.app_id, C.token: token, C.sign: sign, C.encryption_algorithm: "",
    })
}

/// An App login request in RSA mode, its sign in `encoding`.
fn app_login_rsa(app: &App, token: &str, encoding: Encoding) -> Value {
    let data = app_login_rsa_string(&app.app_id, token).unwrap();
    let sign = app.customer.sign_encoded(data.as_bytes(), SignAlgorithm::Sha256WithRsa, encoding).unwrap();
    json!({
        C.version: "2.0", C.msg_id: new_id(), C.system_time: timestamp_now(), C.strict_check: "0",
        C.app_id: app.app_id, C.token: token, C.sign: sign, C.encryption_algorithm: "RSA",
    })
}

/// Correction 1: App login RSA mode signs in upper-case hex, in the client and the sandbox by default.
#[test]
fn app_login_rsa_mode_defaults_to_upper_case_hex() {
    let sandbox = Sandbox::start();
    let app = demo(&sandbox);
    let (t, _) = token(&sandbox, &app, "app_login");
    let lower = post(&sandbox, APP_LOGIN.path, &[], &app_login_rsa(&app, &t, Encoding::HexLower));
    assert_eq!(code(&lower), "103101", "the sandbox refuses lower case by default: {lower}");
    let upper = post(&sandbox, APP_LOGIN.path, &[], &app_login_rsa(&app, &t, Encoding::HexUpper));
    assert_eq!(code(&upper), "103000", "the sandbox accepts upper case by default: {upper}");

    // A client on defaults signs in upper case: an app that accepts only upper case takes its sign.
    sandbox.update_app(json!({"app_id": app.app_id, "app_login_rsa_sign_encoding": "hex_upper"}));
    let mut config = sandbox.info()["client_config"].clone();
    config["app_login"] = json!({"mode": "rsa"});
    let client = Client::new(&config.to_string()).unwrap();
    let (t, _) = token(&sandbox, &app, "app_login");
    assert_eq!(client.app_login_validate(&t, None).map(|v| v.phone.to_string()).ok().as_deref(), Some(PHONE));
}

/// Correction 2: msgid longer than 36 characters and strictcheck other than "0" / "1" are parameter errors.
#[test]
fn app_login_refuses_long_msgid_and_unknown_strictcheck_with_103414() {
    let sandbox = Sandbox::start();
    let app = demo(&sandbox);
    let (t, _) = token(&sandbox, &app, "app_login");
    for msg_id in ["m".repeat(37), "m".repeat(100)] {
        let answer = post(&sandbox, APP_LOGIN.path, &[], &app_login_md5(&app, &t, &msg_id, &timestamp_now(), "0"));
        assert_eq!(code(&answer), "103414", "msgid of {} characters: {answer}", msg_id.len());
        assert!(desc(&answer).contains("[documented: PD"), "{answer}");
    }
    let answer = post(&sandbox, APP_LOGIN.path, &[], &app_login_md5(&app, &t, &new_id(), &timestamp_now(), "2"));
    assert_eq!(code(&answer), "103414", "strictcheck 2: {answer}");
    assert!(desc(&answer).contains("strictcheck"), "{answer}");
    let ok = post(&sandbox, APP_LOGIN.path, &[], &app_login_md5(&app, &t, &"m".repeat(36), &timestamp_now(), "1"));
    assert_eq!(code(&ok), "103000", "36 characters and strictcheck 1 are fine: {ok}");
}

/// Correction 2: keyType is accepted as a string and as a number, and `ydrz sandbox --help` says so.
#[test]
fn sandbox_help_says_key_type_may_be_a_string_or_a_number() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ydrz")).args(["sandbox", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("keyType is accepted both as a JSON string") && help.contains("as a number"), "{help}");
}

/// An App number verification request with keyType 0, signed with `sign_of(string to sign)`.
fn app_number_key0(app: &App, token: &str, sign_of: impl Fn(&str) -> String) -> Value {
    let (msg_id, ts) = (new_id(), timestamp_now());
    let phone_num = sha256_hex(phone_plaintext(PHONE, &app.app_key, &ts).unwrap().as_bytes(), true);
    let data = number_verify_string(&app.app_id, &msg_id, &phone_num, &ts, token, "1.0").unwrap();
    json!({
        N.header: {N.version: "1.0", N.msg_id: msg_id, N.timestamp: ts, N.app_id: app.app_id},
        N.body: {D.open_type: "1", D.requester_type: "0", D.message: "", D.key_type: 0,
                 N.phone_num: phone_num, N.token: token, N.sign: sign_of(&data)},
    })
}

/// Correction 3: a sign wrong where the documents are clear is "documented"; one that differs only in a case
/// the documents leave open is "assumption".
#[test]
fn sign_refusals_say_documented_unless_the_documents_leave_the_point_open() {
    let sandbox = Sandbox::start();
    let app = demo(&sandbox);
    let (t, _) = token(&sandbox, &app, "app_number");
    // SHA-256 of the string where HMAC-SHA256 keyed with the appkey is documented.
    let plain_sha =
        post(&sandbox, APP_NUMBER.path, &[], &app_number_key0(&app, &t, |d| sha256_hex(d.as_bytes(), true)));
    assert_eq!(code(&plain_sha), "302", "{plain_sha}");
    assert!(desc(&plain_sha).contains("[documented: PD"), "{plain_sha}");
    assert!(!desc(&plain_sha).contains("assumption"), "{plain_sha}");
    let right = |d: &str| hmac_sha256_hex(app.app_key.as_bytes(), d.as_bytes(), true);
    assert_eq!(code(&post(&sandbox, APP_NUMBER.path, &[], &app_number_key0(&app, &t, right))), "000");

    // App login RSA mode: right sign, lower case; the case is not documented.
    let (t, _) = token(&sandbox, &app, "app_login");
    let lower = post(&sandbox, APP_LOGIN.path, &[], &app_login_rsa(&app, &t, Encoding::HexLower));
    assert_eq!(code(&lower), "103101", "{lower}");
    assert!(desc(&lower).contains("[sandbox assumption: "), "{lower}");
    // MD5 mode with the appkey where the APPSecret is documented: the string is wrong.
    let mut body = app_login_md5(&app, &t, &new_id(), &timestamp_now(), "0");
    let input = AppLoginMd5Input {
        app_id: &app.app_id,
        version: "2.0",
        msg_id: body[C.msg_id].as_str().unwrap(),
        system_time: body[C.system_time].as_str().unwrap(),
        strict_check: "0",
        token: &t,
    };
    let with_app_key = md5_hex(app_login_md5_string(&input, &app.app_key).unwrap().as_bytes(), true);
    body[C.sign] = with_app_key.into();
    let answer = post(&sandbox, APP_LOGIN.path, &[], &body);
    assert_eq!(code(&answer), "103101", "{answer}");
    assert!(desc(&answer).contains("[documented: PD"), "{answer}");
}

/// Correction 4: a systemtime that is no date at all is told apart from a stale one.
#[test]
fn a_timestamp_that_is_no_date_gets_its_own_message() {
    let sandbox = Sandbox::start();
    let app = demo(&sandbox);
    let (t, _) = token(&sandbox, &app, "app_login");
    // Unix time in 100 ns units, as one integration sends it: 17 digits, but month 33.
    let ticks = "17333472000000000";
    let answer = post(&sandbox, APP_LOGIN.path, &[], &app_login_md5(&app, &t, &new_id(), ticks, "0"));
    assert_eq!(code(&answer), "103414", "{answer}");
    assert!(desc(&answer).contains("not a yyyyMMddHHmmssSSS date"), "{answer}");
    assert!(!desc(&answer).contains("10 minutes"), "{answer}");
    let stale = post(&sandbox, APP_LOGIN.path, &[], &app_login_md5(&app, &t, &new_id(), "20200101000000000", "0"));
    assert_eq!(code(&stale), "103414", "{stale}");
    assert!(desc(&stale).contains("10 minutes"), "{stale}");
}

/// Correction 4: the mini-program tokenValidate's stale timestamp gets a code the document lists for
/// tokenValidate (V114 §9.2), not the token-fetch table's 105112.
#[test]
fn onekey_stale_timestamp_uses_a_token_validate_code() {
    let sandbox = Sandbox::start();
    let app = demo(&sandbox);
    let (t, info) = token(&sandbox, &app, "onekey");
    let (trace_id, ts) = (new_id(), "20200101000000000");
    let data = token_validate_string(&app.app_id, &trace_id, ts, &t, "2.0").unwrap();
    let sign = app.customer.sign_encoded(data.as_bytes(), SignAlgorithm::Sha256WithRsa, Encoding::HexUpper).unwrap();
    let headers = [
        (A.interface_version, "2.0"),
        (A.app_id, &app.app_id),
        (A.trace_id, &trace_id),
        (A.timestamp, ts),
        (A.business_type, "8"),
    ];
    let answer =
        post(&sandbox, ONEKEY_LOGIN.path, &headers, &json!({A.token: t, A.sign: sign, A.user_information: info}));
    let listed = ydrz::catalog::entries().iter().any(|e| {
        e.product() == ONEKEY_LOGIN.codes.product && e.stage() == ONEKEY_LOGIN.codes.stage && e.code() == code(&answer)
    });
    assert!(listed, "{answer}");
    assert!(desc(&answer).contains("[sandbox assumption: "), "{answer}");
}

/// Correction 5: the documentation covers the H5 number-verification jssdk and lower-case App MD5 signs.
#[test]
fn the_protocol_document_covers_what_integrations_send() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/protocol.md")).unwrap();
    assert!(doc.contains("H5 number-verification page's jssdk"), "the H5 number-verification jssdk sign");
    assert!(doc.contains("businessType `1` and version `1.0`"), "its businessType and version");
    assert!(doc.contains("MD5 sign in lower case"), "lower-case App MD5 signs");
}
