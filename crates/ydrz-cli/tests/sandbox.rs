//! The sandbox (`ydrz sandbox`) as a client sees it: each test starts its own sandbox process and talks raw
//! HTTP/1.1 to it. Requests are built with the library's strings and crypto, not with its client.

mod common;

use std::io::{BufReader, Read};
use std::time::{Duration, Instant};

use common::sandbox::{read_response, write_request, HttpResponse, Sandbox};
use common::vectors::{s, vectors};
use serde_json::{json, Value};
use ydrz::cipher::{decrypt_msisdn, AesKeyDerivation};
use ydrz::codec::Encoding;
use ydrz::keys::{PrivateKey, PublicKey};
use ydrz::protocol::field_names::{
    ANSWER_FIELDS as ANSWER, APP_LOGIN_FIELDS as C, APP_NUMBER_FIELDS as D, NUMBER_FIELDS as N,
    NUMBER_VERIFY_FIELDS as B, ONEKEY_LOGIN_FIELDS as A,
};
use ydrz::protocol::ids::{new_id, timestamp_at_unix_millis, timestamp_now};
use ydrz::protocol::interfaces;
use ydrz::protocol::strings::{
    app_login_md5_string, app_login_rsa_string, number_verify_string, phone_plaintext, token_validate_string,
    AppLoginMd5Input,
};
use ydrz::signature::{hmac_sha256_hex, md5_hex, sha256_hex, SignAlgorithm};

const PHONE: &str = "13800138000";
const OTHER_PHONE: &str = "13900139000";

const ONEKEY: &str = interfaces::ONEKEY_LOGIN.path;
const NUMBER_VERIFY: &str = interfaces::NUMBER_VERIFY.path;
const APP_LOGIN: &str = interfaces::APP_LOGIN.path;
const APP_NUMBER: &str = interfaces::APP_NUMBER.path;

/// An app as the info JSON describes it, with its keys loaded.
struct App {
    app_id: String,
    app_key: String,
    app_secret: String,
    customer: PrivateKey,
    platform: PublicKey,
}

impl App {
    fn of(sandbox: &Sandbox, name: &str) -> App {
        let app = sandbox.app(name);
        let text = |key: &str| app[key].as_str().unwrap_or_else(|| panic!("app {name} has {key}")).to_string();
        App {
            app_id: text("app_id"),
            app_key: text("app_key"),
            app_secret: text("app_secret"),
            customer: PrivateKey::load(&text("customer_private_key")).unwrap(),
            platform: PublicKey::load(&text("platform_public_key")).unwrap(),
        }
    }
}

/// The result code wherever the envelope puts it.
fn code(answer: &Value) -> &str {
    answer[ANSWER.result_code].as_str().or_else(|| answer[N.header][ANSWER.result_code].as_str()).unwrap_or("<none>")
}

fn ok_json(response: HttpResponse) -> Value {
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    response.json()
}

/// A token issued by the sandbox: (token, userInformation).
fn token(sandbox: &Sandbox, app: &App, product: &str, phone: &str) -> (String, String) {
    let issued = sandbox.issue_token(&app.app_id, product, phone);
    (issued["token"].as_str().unwrap().to_string(), issued["userInformation"].as_str().unwrap_or_default().to_string())
}

// ---- (A) /h5/onekeylogin/tokenValidate ------------------------------------------------------------------

/// A mini-program tokenValidate request: HTTP headers and JSON body, signed correctly.
struct Onekey {
    headers: Vec<(String, String)>,
    body: Value,
}

impl Onekey {
    fn new(app: &App, token: &str, user_information: &str) -> Onekey {
        let (trace_id, ts, version) = (new_id(), timestamp_now(), interfaces::ONEKEY_LOGIN.default_version());
        let data = token_validate_string(&app.app_id, &trace_id, &ts, token, version).unwrap();
        let sign =
            app.customer.sign_encoded(data.as_bytes(), SignAlgorithm::Sha256WithRsa, Encoding::HexUpper).unwrap();
        let headers = [
            (A.interface_version, version),
            (A.app_id, &app.app_id),
            (A.trace_id, &trace_id),
            (A.timestamp, &ts),
            (A.business_type, interfaces::ONEKEY_LOGIN.section().text("business_type")),
        ];
        Onekey {
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: json!({A.token: token, A.sign: sign, A.user_information: user_information, A.expand_params: "a=1|b=2"}),
        }
    }

    fn header(mut self, name: &str, value: &str) -> Onekey {
        self.headers.iter_mut().filter(|(n, _)| n == name).for_each(|(_, v)| *v = value.to_string());
        self
    }

    fn send(&self, sandbox: &Sandbox) -> HttpResponse {
        let headers: Vec<(&str, &str)> = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        sandbox.post(ONEKEY, &headers, &self.body)
    }

    fn answer(&self, sandbox: &Sandbox) -> Value {
        ok_json(self.send(sandbox))
    }
}

#[test]
fn onekey_login_success_returns_the_aes_msisdn_nested_or_flat() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    assert!(t.starts_with("H5HTTPS"), "{t}");
    assert!(info.contains("%40") && info.contains("%20"), "{info}");
    let request = Onekey::new(&app, &t, &info);
    let response = request.send(&sandbox);
    let trace_id = request.headers.iter().find(|(n, _)| n == A.trace_id).unwrap().1.clone();
    assert_eq!(response.header(A.trace_id), Some(trace_id.as_str()));
    assert_eq!(response.header(A.app_id), Some(app.app_id.as_str()));
    assert_eq!(response.header(A.timestamp).map(str::len), Some(17));
    let answer = ok_json(response);
    assert_eq!((code(&answer), answer[ANSWER.desc].as_str()), ("103000", Some("success")), "{answer}");
    assert_eq!(answer[ANSWER.service_time].as_str().map(str::len), Some(17));
    let data = &answer[ANSWER.data];
    let msisdn = data[ANSWER.msisdn].as_str().unwrap();
    assert_ne!(msisdn, PHONE);
    assert_eq!(decrypt_msisdn(&app.app_key, msisdn, AesKeyDerivation::First16).unwrap().as_str(), PHONE);
    assert_eq!(data[ANSWER.security_phone], "138****8000");
    assert_eq!(data[A.expand_params], "a=1|b=2");

    sandbox.update_app(json!({"app_id": app.app_id, "response_shape": "flat"}));
    let (t, info) = token(&sandbox, &app, "onekey", OTHER_PHONE);
    let flat = Onekey::new(&app, &t, &info).answer(&sandbox);
    assert_eq!(code(&flat), "103000", "{flat}");
    assert!(flat.get(ANSWER.data).is_none(), "{flat}");
    let phone = decrypt_msisdn(&app.app_key, flat[ANSWER.msisdn].as_str().unwrap(), AesKeyDerivation::First16).unwrap();
    assert_eq!(phone.as_str(), OTHER_PHONE);
}

#[test]
fn onekey_login_sign_must_be_upper_case_hex_and_a_bad_sign_leaves_the_token_unused() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    let mut request = Onekey::new(&app, &t, &info);
    let upper = request.body[A.sign].as_str().unwrap().to_string();
    for wrong in [upper.to_ascii_lowercase(), Encoding::Base64.encode(&Encoding::HexUpper.decode(&upper).unwrap())] {
        request.body[A.sign] = wrong.into();
        let answer = request.answer(&sandbox);
        assert_eq!(code(&answer), "104013", "{answer}");
        let desc = answer[ANSWER.desc].as_str().unwrap();
        assert!(
            desc.starts_with("验证签名失败: the sign is right but written in ")
                && desc.contains("[sandbox assumption: "),
            "the desc says the case rule is assumed: {desc}"
        );
    }
    request.body[A.sign] = upper.into();
    assert_eq!(code(&request.answer(&sandbox)), "103000");
    assert_eq!(sandbox.stats(&t).0, 3);
}

#[test]
fn onekey_login_tokens_are_single_use_and_expire() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    assert_eq!(code(&Onekey::new(&app, &t, &info).answer(&sandbox)), "103000");
    let again = Onekey::new(&app, &t, &info).answer(&sandbox);
    assert_eq!(code(&again), "104007", "{again}");

    let issued = sandbox.control(
        "POST",
        "/token",
        Some(&json!({"app_id": app.app_id, "phone": PHONE, "product": "onekey", "ttl_ms": 1})),
    );
    assert_eq!(issued["expires_in_ms"], 1);
    std::thread::sleep(Duration::from_millis(20));
    let expired = Onekey::new(&app, issued["token"].as_str().unwrap(), issued["userInformation"].as_str().unwrap())
        .answer(&sandbox);
    assert_eq!(code(&expired), "104007", "{expired}");

    let (app_token, _) = token(&sandbox, &app, "app_login", PHONE);
    let wrong_product = Onekey::new(&app, &app_token, &info).answer(&sandbox);
    assert_eq!(code(&wrong_product), "104008", "{wrong_product}");
}

#[test]
fn onekey_login_user_information_must_be_passed_through_unchanged() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    let decoded = info.replace("%40", "@").replace("%20", " ");
    let answer = Onekey::new(&app, &t, &decoded).answer(&sandbox);
    assert_eq!(
        (code(&answer), answer[ANSWER.desc].as_str()),
        ("104008", Some("userinfo 校验失败 [documented: S0 FAQ 6]"))
    );
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    let changed = format!("{info}0");
    assert_eq!(code(&Onekey::new(&app, &t, &changed).answer(&sandbox)), "104008");
}

#[test]
fn onekey_login_rejects_bad_requests_with_the_platform_codes() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    let stale = timestamp_at_unix_millis(1_706_716_799_123);
    let cases = [
        (Onekey::new(&app, &t, &info).header(A.business_type, "5"), "104001"),
        (Onekey::new(&app, &t, &info).header(A.timestamp, &stale), "103001"),
        (Onekey::new(&app, &t, &info).header(A.timestamp, "20240231000000000"), "103001"),
        (Onekey::new(&app, &t, &info).header(A.app_id, "399999999999"), "104000"),
        (Onekey::new(&app, &t, &info).header(A.trace_id, ""), "103002"),
    ];
    for (request, expected) in cases {
        let answer = request.answer(&sandbox);
        assert_eq!(code(&answer), expected, "{answer}");
    }
    let mut missing = Onekey::new(&app, &t, &info);
    missing.body.as_object_mut().unwrap().remove(A.user_information);
    assert_eq!(code(&missing.answer(&sandbox)), "103002");
    let mut wrong_type = Onekey::new(&app, &t, &info);
    wrong_type.body[A.token] = json!(12345);
    assert_eq!(code(&wrong_type.answer(&sandbox)), "103001");
    let not_json = sandbox.request("POST", ONEKEY, &[(A.app_id, &app.app_id)], b"token=abc");
    assert_eq!(code(&ok_json(not_json)), "103005");

    let blocked = App::of(&sandbox, "blocked");
    let (bt, binfo) = token(&sandbox, &blocked, "onekey", PHONE);
    let answer = Onekey::new(&blocked, &bt, &binfo).answer(&sandbox);
    assert_eq!(code(&answer), "104017", "{answer}");
    // None of these used the token up.
    assert_eq!(code(&Onekey::new(&app, &t, &info).answer(&sandbox)), "103000");
}

// ---- (B) /NumberAbility/h5/verifyVmMobileApi.htm --------------------------------------------------------

fn number_verify_body(app: &App, token: &str, user_information: &str, typed_phone: &str) -> Value {
    let (msg_id, ts, version) = (new_id(), timestamp_now(), interfaces::NUMBER_VERIFY.default_version());
    let plain = phone_plaintext(typed_phone, &app.app_key, &ts).unwrap();
    let phone_num = app.platform.encrypt_to_base64(&plain).unwrap();
    let data = number_verify_string(&app.app_id, &msg_id, &phone_num, &ts, token, version).unwrap();
    let sign = app.customer.sign_encoded(data.as_bytes(), SignAlgorithm::Md5WithRsa, Encoding::Base64).unwrap();
    json!({
        N.header: {N.version: version, N.msg_id: msg_id, N.app_id: app.app_id, N.timestamp: ts},
        N.body: {N.expand_params: "", N.phone_num: phone_num, N.token: token, N.sign: sign, B.user_information: user_information},
    })
}

#[test]
fn number_verify_matches_typed_number_against_the_token() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    let body = number_verify_body(&app, &t, &info, PHONE);
    let answer = ok_json(sandbox.post(NUMBER_VERIFY, &[], &body));
    assert_eq!(code(&answer), "000", "{answer}");
    assert_eq!(answer[N.body][ANSWER.result_desc], "是本机号码");
    assert_eq!(answer[N.header][N.msg_id], body[N.header][N.msg_id]);
    assert_eq!(answer[N.header][N.app_id], app.app_id.as_str());

    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    let answer = ok_json(sandbox.post(NUMBER_VERIFY, &[], &number_verify_body(&app, &t, &info, OTHER_PHONE)));
    assert_eq!((code(&answer), answer[N.body][ANSWER.result_desc].as_str()), ("001", Some("非本机号码")), "{answer}");
    let reused = ok_json(sandbox.post(NUMBER_VERIFY, &[], &number_verify_body(&app, &t, &info, PHONE)));
    assert_eq!(code(&reused), "120020", "{reused}");
}

#[test]
fn number_verify_rejections() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    let post = |body: &Value| ok_json(sandbox.post(NUMBER_VERIFY, &[], body));

    let mut bad_sign = number_verify_body(&app, &t, &info, PHONE);
    bad_sign[N.header][N.msg_id] = "another".into();
    assert_eq!(code(&post(&bad_sign)), "130018");
    let mut missing = number_verify_body(&app, &t, &info, PHONE);
    missing[N.body].as_object_mut().unwrap().remove(N.phone_num);
    assert_eq!(code(&post(&missing)), "130010");
    assert_eq!(code(&ok_json(sandbox.request("POST", NUMBER_VERIFY, &[], b"{\"header\":"))), "130032");
    let blocked = App::of(&sandbox, "blocked");
    let (bt, binfo) = token(&sandbox, &blocked, "number_verify", PHONE);
    assert_eq!(code(&post(&number_verify_body(&blocked, &bt, &binfo, PHONE))), "110004");

    let decoded = info.replace("%40", "@");
    let answer = post(&number_verify_body(&app, &t, &decoded, PHONE));
    assert_eq!(code(&answer), "120020", "{answer}");
    assert_eq!(answer[N.body][ANSWER.result_desc], "userinformation 缺失或编码出错 [documented: S2 appendix, 120020]");

    // phoneNum under the wrong key: signed correctly, but it does not decrypt with the platform key.
    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    let mut wrong_key = number_verify_body(&app, &t, &info, PHONE);
    let ts = wrong_key[N.header][N.timestamp].as_str().unwrap().to_string();
    let msg_id = wrong_key[N.header][N.msg_id].as_str().unwrap().to_string();
    let plain = phone_plaintext(PHONE, &app.app_key, &ts).unwrap();
    let phone_num = app.customer.public_key().encrypt_to_base64(&plain).unwrap();
    let data =
        number_verify_string(&app.app_id, &msg_id, &phone_num, &ts, &t, interfaces::NUMBER_VERIFY.default_version())
            .unwrap();
    wrong_key[N.body][N.phone_num] = phone_num.into();
    wrong_key[N.body][N.sign] =
        app.customer.sign_encoded(data.as_bytes(), SignAlgorithm::Md5WithRsa, Encoding::Base64).unwrap().into();
    assert_eq!(code(&post(&wrong_key)), "130016");
}

#[test]
fn number_verify_daily_limit_per_phone() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    sandbox.update_app(json!({"app_id": app.app_id, "daily_limit": 2}));
    let verify = |phone: &str| {
        let (t, info) = token(&sandbox, &app, "number_verify", phone);
        code(&ok_json(sandbox.post(NUMBER_VERIFY, &[], &number_verify_body(&app, &t, &info, phone)))).to_string()
    };
    assert_eq!(verify(PHONE), "000");
    assert_eq!(verify(PHONE), "000");
    assert_eq!(verify(PHONE), "121011");
    assert_eq!(verify(OTHER_PHONE), "000");
    sandbox.control("POST", "/reset", None);
    assert_eq!(verify(PHONE), "000");
}

// ---- (C) /unisdk/rsapi/loginTokenValidate ----------------------------------------------------------------

fn app_login_body(app: &App, token: &str, rsa: bool) -> Value {
    let (msg_id, ts) = (new_id(), timestamp_now());
    let sign = if rsa {
        let data = app_login_rsa_string(&app.app_id, token).unwrap();
        app.customer.sign_encoded(data.as_bytes(), SignAlgorithm::Sha256WithRsa, Encoding::HexUpper).unwrap()
    } else {
        let input = AppLoginMd5Input {
            app_id: &app.app_id,
            version: interfaces::APP_LOGIN.default_version(),
            msg_id: &msg_id,
            system_time: &ts,
            strict_check: "0",
            token,
        };
        md5_hex(app_login_md5_string(&input, &app.app_secret).unwrap().as_bytes(), true)
    };
    json!({
        C.version: interfaces::APP_LOGIN.default_version(), C.msg_id: msg_id, C.system_time: ts, C.strict_check: "0",
        C.app_id: app.app_id, C.token: token, C.sign: sign, C.encryption_algorithm: if rsa { "RSA" } else { "" },
        C.expand_params: "",
    })
}

#[test]
fn app_login_md5_and_rsa_modes() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, _) = token(&sandbox, &app, "app_login", PHONE);
    assert!(t.starts_with("STsid"), "{t}");
    let body = app_login_body(&app, &t, false);
    let answer = ok_json(sandbox.post(APP_LOGIN, &[], &body));
    assert_eq!(code(&answer), "103000", "{answer}");
    assert_eq!(answer[ANSWER.msisdn], PHONE);
    assert_eq!(answer[ANSWER.in_response_to], body[C.msg_id]);
    assert!(answer[ANSWER.task_id].is_string() && answer[C.system_time].as_str().map(str::len) == Some(17));

    let (t, _) = token(&sandbox, &app, "app_login", OTHER_PHONE);
    let answer = ok_json(sandbox.post(APP_LOGIN, &[], &app_login_body(&app, &t, true)));
    assert_eq!(code(&answer), "103000", "{answer}");
    let msisdn = answer[ANSWER.msisdn].as_str().unwrap();
    assert!(Encoding::HexUpper.is_canonical(msisdn), "{msisdn}");
    assert_eq!(app.customer.decrypt_text(msisdn).unwrap().as_str(), OTHER_PHONE);

    let reused = ok_json(sandbox.post(APP_LOGIN, &[], &app_login_body(&app, &t, true)));
    assert_eq!(code(&reused), "104201", "{reused}");
    assert!(reused.get(ANSWER.msisdn).is_none() && reused[ANSWER.desc].is_string(), "{reused}");
}

#[test]
fn app_login_rejections() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, _) = token(&sandbox, &app, "app_login", PHONE);
    let post = |body: &Value| code(&ok_json(sandbox.post(APP_LOGIN, &[], body))).to_string();

    let mut lower_md5 = app_login_body(&app, &t, false);
    lower_md5[C.sign] = lower_md5[C.sign].as_str().unwrap().to_ascii_lowercase().into();
    assert_eq!(post(&lower_md5), "103101");
    let mut lower_rsa = app_login_body(&app, &t, true);
    lower_rsa[C.sign] = lower_rsa[C.sign].as_str().unwrap().to_ascii_lowercase().into();
    assert_eq!(post(&lower_rsa), "103101");
    let mut no_token = app_login_body(&app, &t, false);
    no_token.as_object_mut().unwrap().remove(C.token);
    assert_eq!(post(&no_token), "103811");
    let mut no_msgid = app_login_body(&app, &t, false);
    no_msgid.as_object_mut().unwrap().remove(C.msg_id);
    assert_eq!(post(&no_msgid), "103414");
    let mut unknown = app_login_body(&app, &t, false);
    unknown[C.app_id] = "399999999999".into();
    assert_eq!(post(&unknown), "103119");
    let blocked = App::of(&sandbox, "blocked");
    let (bt, _) = token(&sandbox, &blocked, "app_login", PHONE);
    assert_eq!(post(&app_login_body(&blocked, &bt, false)), "103511");
    let (nt, _) = token(&sandbox, &app, "app_number", PHONE);
    assert_eq!(post(&app_login_body(&app, &nt, false)), "105018");

    // The RSA sign's case is an app option.
    sandbox.update_app(json!({"app_id": app.app_id, "app_login_rsa_sign_encoding": "hex_lower"}));
    assert_eq!(post(&lower_rsa), "103000");
}

// ---- (D) /openapi/rs/tokenValidate -----------------------------------------------------------------------

fn app_number_body(app: &App, token: &str, typed_phone: &str, key_type: Value) -> Value {
    let (msg_id, ts, version) = (new_id(), timestamp_now(), interfaces::APP_NUMBER.default_version());
    let plain = phone_plaintext(typed_phone, &app.app_key, &ts).unwrap();
    let rsa = key_type == "1" || key_type == 1;
    let phone_num =
        if rsa { app.platform.encrypt_to_base64(&plain).unwrap() } else { sha256_hex(plain.as_bytes(), true) };
    let data = number_verify_string(&app.app_id, &msg_id, &phone_num, &ts, token, version).unwrap();
    let sign = if rsa {
        app.customer.sign_encoded(data.as_bytes(), SignAlgorithm::Md5WithRsa, Encoding::Base64).unwrap()
    } else {
        hmac_sha256_hex(app.app_key.as_bytes(), data.as_bytes(), true)
    };
    json!({
        N.header: {N.version: version, N.msg_id: msg_id, N.timestamp: ts, N.app_id: app.app_id},
        N.body: {D.open_type: "1", D.requester_type: "0", D.message: "", N.expand_params: "", D.key_type: key_type,
                 N.phone_num: phone_num, N.token: token, N.sign: sign},
    })
}

#[test]
fn app_number_key_types_0_and_1() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let verify = |typed: &str, key_type: Value| {
        let (t, _) = token(&sandbox, &app, "app_number", PHONE);
        ok_json(sandbox.post(APP_NUMBER, &[], &app_number_body(&app, &t, typed, key_type)))
    };
    let answer = verify(PHONE, json!("0"));
    assert_eq!((code(&answer), answer[N.body][ANSWER.result_desc].as_str()), ("000", Some("是本机号码")), "{answer}");
    assert!(answer[N.body][ANSWER.task_id].is_string() && answer[N.body][ANSWER.message] == "", "{answer}");
    assert_eq!(code(&verify(OTHER_PHONE, json!("0"))), "001");
    assert_eq!(code(&verify(PHONE, json!(1))), "000");
    assert_eq!(code(&verify(OTHER_PHONE, json!("1"))), "001");
}

#[test]
fn app_number_rejections_and_daily_limit() {
    let sandbox = Sandbox::start_with(&["--daily-limit", "1"]);
    let app = App::of(&sandbox, "demo");
    let post = |body: &Value| code(&ok_json(sandbox.post(APP_NUMBER, &[], body))).to_string();
    let (t, _) = token(&sandbox, &app, "app_number", PHONE);

    let mut bad_sign = app_number_body(&app, &t, PHONE, json!("0"));
    bad_sign[N.body][N.sign] = bad_sign[N.body][N.sign].as_str().unwrap().to_ascii_lowercase().into();
    assert_eq!(post(&bad_sign), "302");
    let mut missing = app_number_body(&app, &t, PHONE, json!("0"));
    missing[N.header].as_object_mut().unwrap().remove(N.msg_id);
    assert_eq!(post(&missing), "102");
    assert_eq!(code(&ok_json(sandbox.request("POST", APP_NUMBER, &[], &[0xff, 0xfe, b'{']))), "303");
    let blocked = App::of(&sandbox, "blocked");
    let (bt, _) = token(&sandbox, &blocked, "app_number", PHONE);
    assert_eq!(post(&app_number_body(&blocked, &bt, PHONE, json!("0"))), "124");

    assert_eq!(post(&app_number_body(&app, &t, PHONE, json!("0"))), "000");
    assert_eq!(post(&app_number_body(&app, &t, PHONE, json!("0"))), "606");
    let (t, _) = token(&sandbox, &app, "app_number", PHONE);
    assert_eq!(post(&app_number_body(&app, &t, PHONE, json!("0"))), "102315");

    // keyType 1 with a phoneNum the platform key cannot decrypt.
    let (t, _) = token(&sandbox, &app, "app_number", OTHER_PHONE);
    let wrong = App { platform: app.customer.public_key(), ..App::of(&sandbox, "demo") };
    assert_eq!(post(&app_number_body(&wrong, &t, OTHER_PHONE, json!("1"))), "004");
}

// ---- faults, counting, transport -------------------------------------------------------------------------

/// A valid one-click login request for a fresh token: (request, token).
fn fresh_onekey(sandbox: &Sandbox) -> (Onekey, String) {
    let app = App::of(sandbox, "demo");
    let (t, info) = token(sandbox, &app, "onekey", PHONE);
    (Onekey::new(&app, &t, &info), t)
}

#[test]
fn fault_http_status_and_malformed_json_do_not_process_the_request() {
    let sandbox = Sandbox::start();
    let (request, t) = fresh_onekey(&sandbox);
    sandbox.queue_fault(json!({"kind": "http_status", "status": 502}));
    sandbox.queue_fault(json!({"kind": "http_status"}));
    sandbox.queue_fault(json!({"kind": "malformed_json"}));
    // Control requests do not take faults.
    assert_eq!(sandbox.stats(&t), (0, 0));
    let first = request.send(&sandbox);
    assert_eq!(first.status, 502);
    assert!(first.header("content-type").is_some_and(|c| c.starts_with("text/html")));
    assert!(String::from_utf8_lossy(&first.body).contains("502"));
    assert_eq!(request.send(&sandbox).status, 503);
    let malformed = request.send(&sandbox);
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_slice::<Value>(&malformed.body).is_err());
    assert!(malformed.body.starts_with(br#"{"resultCode":"103000""#));
    assert_eq!(code(&request.answer(&sandbox)), "103000");
    assert_eq!(sandbox.stats(&t), (4, 4));
}

#[test]
fn fault_reset_closes_without_a_status_line() {
    let sandbox = Sandbox::start();
    let (request, t) = fresh_onekey(&sandbox);
    sandbox.queue_fault(json!({"kind": "reset"}));
    let mut stream = sandbox.connect();
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    write_request(&mut stream, "POST", ONEKEY, &headers, request.body.to_string().as_bytes(), true).unwrap();
    let mut received = Vec::new();
    let read = stream.read_to_end(&mut received);
    assert!(read.is_err() || received.is_empty(), "got {:?}", String::from_utf8_lossy(&received));
    assert_eq!(code(&request.answer(&sandbox)), "103000");
    assert_eq!(sandbox.stats(&t).0, 2);
}

#[test]
fn fault_delay_and_slow_body_take_their_time_and_answer_normally() {
    let sandbox = Sandbox::start();
    let (request, _) = fresh_onekey(&sandbox);
    sandbox.queue_fault(json!({"kind": "delay", "delay_ms": 300}));
    let start = Instant::now();
    assert_eq!(code(&request.answer(&sandbox)), "103000");
    assert!(start.elapsed() >= Duration::from_millis(300), "{:?}", start.elapsed());

    let (request, _) = fresh_onekey(&sandbox);
    sandbox.queue_fault(json!({"kind": "slow_body", "delay_ms": 400}));
    let start = Instant::now();
    let mut stream = sandbox.connect();
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    write_request(&mut stream, "POST", ONEKEY, &headers, request.body.to_string().as_bytes(), false).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    std::io::BufRead::read_line(&mut reader, &mut status_line).unwrap();
    let head_at = Instant::now();
    assert!(status_line.starts_with("HTTP/1.1 200"), "{status_line}");
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(400), "{:?}", start.elapsed());
    // The head comes at once; the body's pieces follow over the delay.
    assert!(head_at.elapsed() >= Duration::from_millis(200), "the body came with the head: {:?}", head_at.elapsed());
    let full = [status_line.as_bytes(), &rest].concat();
    let response = read_response(&mut BufReader::new(&full[..])).unwrap();
    assert_eq!(code(&response.json()), "103000");
}

#[test]
fn stats_count_every_request_naming_a_token_and_reset_clears_them() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (request, t) = fresh_onekey(&sandbox);
    assert_eq!(sandbox.stats(&t), (0, 0));
    sandbox.queue_fault(json!({"kind": "http_status"}));
    request.send(&sandbox);
    let mut bad = Onekey::new(&app, &t, "x");
    bad.body[A.sign] = "00".into();
    bad.answer(&sandbox);
    request.answer(&sandbox);
    request.answer(&sandbox);
    sandbox.request("POST", ONEKEY, &[], b"not json");
    assert_eq!(sandbox.stats(&t), (4, 5));
    assert_eq!(sandbox.stats("never-issued"), (0, 5));
    sandbox.queue_fault(json!({"kind": "http_status"}));
    sandbox.control("POST", "/reset", None);
    assert_eq!(sandbox.stats(&t), (0, 0));
    assert_eq!(request.send(&sandbox).status, 200, "reset clears queued faults");
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let sandbox = Sandbox::start();
    let (request, t) = fresh_onekey(&sandbox);
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let body = request.body.to_string();
    let mut stream = sandbox.connect();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    write_request(&mut stream, "POST", ONEKEY, &headers, body.as_bytes(), true).unwrap();
    let first = read_response(&mut reader).unwrap();
    assert_eq!(first.header("connection"), Some("keep-alive"));
    assert_eq!(code(&first.json()), "103000");
    write_request(&mut stream, "GET", &format!("/_sandbox/stats?token={t}"), &[], b"", true).unwrap();
    assert_eq!(read_response(&mut reader).unwrap().json()["requests"], 1);
    write_request(&mut stream, "POST", ONEKEY, &headers, body.as_bytes(), false).unwrap();
    let last = read_response(&mut reader).unwrap();
    assert_eq!(last.header("connection"), Some("close"));
    assert_eq!(code(&last.json()), "104007");
    let mut after = Vec::new();
    assert_eq!(reader.read_to_end(&mut after).unwrap(), 0, "the server closes after Connection: close");
}

#[test]
fn expect_100_continue_gets_an_interim_answer_before_the_body() {
    let sandbox = Sandbox::start();
    let mut stream = sandbox.connect();
    let head = format!(
        "POST {ONEKEY} HTTP/1.1\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
    );
    std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut interim = String::new();
    std::io::BufRead::read_line(&mut reader, &mut interim).unwrap();
    assert_eq!(interim, "HTTP/1.1 100 Continue\r\n");
    std::io::BufRead::read_line(&mut reader, &mut interim).unwrap();
    std::io::Write::write_all(&mut stream, b"{}").unwrap();
    let answer = ok_json(read_response(&mut reader).unwrap());
    assert_eq!(code(&answer), "103002", "{answer}");
}

#[test]
fn hostile_requests_get_errors_and_the_server_keeps_serving() {
    let sandbox = Sandbox::start();
    let mut stream = sandbox.connect();
    let huge = format!("POST {ONEKEY} HTTP/1.1\r\nContent-Length: {}\r\n\r\n", 2 * 1024 * 1024);
    std::io::Write::write_all(&mut stream, huge.as_bytes()).unwrap();
    assert_eq!(read_response(&mut BufReader::new(stream)).unwrap().status, 413);

    let mut stream = sandbox.connect();
    std::io::Write::write_all(&mut stream, b"\x16\x03\x01 garbage\r\n\r\n").unwrap();
    assert_eq!(read_response(&mut BufReader::new(stream)).unwrap().status, 400);

    let deep = "[".repeat(100_000);
    assert_eq!(code(&ok_json(sandbox.request("POST", APP_LOGIN, &[], deep.as_bytes()))), "103412");
    let wrong_types = json!({N.header: [], N.body: {N.token: {"a": 1}}});
    assert_eq!(code(&ok_json(sandbox.post(NUMBER_VERIFY, &[], &wrong_types))), "130032");
    assert_eq!(code(&ok_json(sandbox.post(APP_NUMBER, &[], &json!(["x"])))), "303");
    assert_eq!(sandbox.request("GET", APP_NUMBER, &[], b"").status, 405);
    assert_eq!(sandbox.request("GET", "/nowhere", &[], b"").status, 404);
    let bad_control =
        sandbox.request("POST", "/_sandbox/token", &[], b"{\"app_id\":\"300012345678\",\"phone\":\"123\"}");
    assert_eq!(bad_control.status, 400);

    let (request, _) = fresh_onekey(&sandbox);
    assert_eq!(code(&request.answer(&sandbox)), "103000");
}

#[test]
fn apps_file_and_info_file() {
    let dir = std::env::temp_dir().join(format!("ydrz-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let vectors: Value = serde_json::from_str(include_str!("../../../tests/data/vectors.json")).unwrap();
    let keys = &vectors["keys"];
    let extra = json!([{
        "name": "big-keys", "app_id": "300000000001", "app_key": "0123456789ABCDEF0123456789ABCDEF", "app_secret": "s",
        "customer_public_key": keys["customer_2048"]["public_x509_spki_der_base64"],
        "customer_private_key": keys["customer_2048"]["private_pkcs8_der_base64"],
        "platform_private_key": keys["platform_2048"]["private_pkcs8_der_base64"],
        "response_shape": "flat", "allowed_ips": ["127.0.0.0/8", "::1"],
    }]);
    let apps_path = dir.join("apps.json");
    std::fs::write(&apps_path, extra.to_string()).unwrap();
    let second_path = dir.join("second.json");
    let mut second = extra[0].clone();
    second["name"] = "second".into();
    second["app_id"] = "300000000002".into();
    second.as_object_mut().unwrap().remove("allowed_ips");
    std::fs::write(&second_path, json!([second]).to_string()).unwrap();
    let info_path = dir.join("info.json");
    let sandbox = Sandbox::start_with(&[
        "--apps",
        apps_path.to_str().unwrap(),
        "--apps",
        second_path.to_str().unwrap(),
        "--info-file",
        info_path.to_str().unwrap(),
    ]);
    assert_eq!(sandbox.app("second")["allowed_ips"], json!([]));
    assert_eq!(sandbox.app("second")["daily_limit"], 10);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&info_path).unwrap()).unwrap();
    assert_eq!(&written, sandbox.info());
    assert_eq!(written["client_config"]["base_url"], sandbox.base_url());
    assert_eq!(written["client_config"]["app_id"], "300012345678");
    assert_eq!(written["control_url"], format!("{}/_sandbox", sandbox.base_url()));

    let app = App::of(&sandbox, "big-keys");
    assert_eq!(app.platform.bits(), 2048);
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    let answer = Onekey::new(&app, &t, &info).answer(&sandbox);
    assert_eq!(code(&answer), "103000", "{answer}");
    assert_eq!(
        decrypt_msisdn(&app.app_key, answer[ANSWER.msisdn].as_str().unwrap(), AesKeyDerivation::First16)
            .unwrap()
            .as_str(),
        PHONE
    );
    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    assert_eq!(code(&ok_json(sandbox.post(NUMBER_VERIFY, &[], &number_verify_body(&app, &t, &info, PHONE)))), "000");
    drop(sandbox);

    std::fs::write(&apps_path, r#"[{"app_id": "1"}]"#).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ydrz"))
        .args(["sandbox", "--port", "0", "--apps", apps_path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("apps.json") && stderr.contains("app #1") && stderr.contains("app_key is required"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Opens `n` connections at once (all open before the first request is written), sends one request on each,
/// and returns the status of every answer (0 for a connection that was reset or closed without one).
fn statuses_of_concurrent_requests(sandbox: &Sandbox, n: usize) -> Vec<u16> {
    let mut streams: Vec<_> = (0..n).map(|_| sandbox.connect()).collect();
    for stream in &mut streams {
        write_request(stream, "GET", "/_sandbox/stats?token=load", &[], b"", false).unwrap();
    }
    streams.into_iter().map(|s| read_response(&mut BufReader::new(s)).map_or(0, |r| r.status)).collect()
}

/// The test process needs a socket per connection too.
fn raise_open_file_limit(wanted: u64) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local rlimit.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        limit.rlim_cur = limit.rlim_cur.max(wanted.min(limit.rlim_max));
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
    }
}

#[test]
fn two_thousand_concurrent_connections_are_all_answered() {
    raise_open_file_limit(4200);
    let sandbox = Sandbox::start();
    let statuses = statuses_of_concurrent_requests(&sandbox, 2000);
    let answered = statuses.iter().filter(|&&s| s == 200).count();
    assert_eq!(
        answered,
        2000,
        "other answers: {:?}",
        statuses.iter().filter(|&&s| s != 200).take(10).collect::<Vec<_>>()
    );
}

#[test]
fn connections_over_the_configured_limit_get_503() {
    let sandbox = Sandbox::start_with(&["--max-connections", "10"]);
    // Ten kept-alive connections, each answered once: all ten slots are taken.
    let held: Vec<_> = (0..10)
        .map(|_| {
            let mut stream = sandbox.connect();
            write_request(&mut stream, "GET", "/_sandbox/stats?token=load", &[], b"", true).unwrap();
            let mut reader = BufReader::new(stream);
            assert_eq!(read_response(&mut reader).unwrap().status, 200);
            reader
        })
        .collect();
    assert!(statuses_of_concurrent_requests(&sandbox, 5).iter().all(|&s| s == 503));
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(5);
    while statuses_of_concurrent_requests(&sandbox, 1) != [200] {
        assert!(Instant::now() < deadline, "the slots were not released when the connections closed");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts `command` (a sandbox with --exit-on-stdin-eof), reads its info line, then closes its standard input
/// so that it exits; returns the process and the line.
fn until_info_line(command: &mut std::process::Command, stderr: std::process::Stdio) -> (std::process::Child, String) {
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert!(line.starts_with('{'), "the sandbox printed its info line: {line}");
    drop(child.stdin.take());
    (child, line)
}

#[test]
fn exits_when_stdin_closes() {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ydrz"));
    command.args(["sandbox", "--port", "0", "--exit-on-stdin-eof"]);
    let (mut child, _) = until_info_line(&mut command, std::process::Stdio::null());
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the sandbox did not exit after stdin closed");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(child.try_wait().unwrap().and_then(|s| s.code()), Some(0));
}

// ---- the platform's documented rules (issue 11): the sandbox is never the more lenient side ----------------

/// A raw POST with the given Content-Type (or none).
fn post_as(sandbox: &Sandbox, path: &str, content_type: Option<&str>, headers: &[(&str, &str)], body: &[u8]) -> Value {
    let mut stream = sandbox.connect();
    let mut head =
        format!("POST {path} HTTP/1.1\r\nHost: sandbox\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
    std::io::Write::write_all(&mut stream, body).unwrap();
    ok_json(read_response(&mut BufReader::new(stream)).unwrap())
}

#[test]
fn every_interface_requires_json_declared_as_json() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "onekey", PHONE);
    let onekey = Onekey::new(&app, &t, &info);
    let headers: Vec<(&str, &str)> = onekey.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let body = onekey.body.to_string();
    for content_type in [Some("application/x-www-form-urlencoded"), Some("text/plain"), None] {
        let answer = post_as(&sandbox, ONEKEY, content_type, &headers, body.as_bytes());
        assert_eq!(code(&answer), "103005", "{content_type:?}: {answer}");
        assert!(answer[ANSWER.desc].as_str().unwrap().contains("[documented: S0 FAQ 8]"), "{answer}");
    }
    let not_json = post_as(&sandbox, ONEKEY, Some("application/json"), &headers, b"token=abc");
    assert_eq!(code(&not_json), "103005", "{not_json}");
    // Parameters and case do not matter; the token was not used by the refused requests.
    let answer = post_as(&sandbox, ONEKEY, Some("Application/JSON; charset=UTF-8"), &headers, body.as_bytes());
    assert_eq!(code(&answer), "103000", "{answer}");

    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    let body = number_verify_body(&app, &t, &info, PHONE).to_string();
    assert_eq!(code(&post_as(&sandbox, NUMBER_VERIFY, Some("text/plain"), &[], body.as_bytes())), "130032");
    let (t, _) = token(&sandbox, &app, "app_login", PHONE);
    let body = app_login_body(&app, &t, false).to_string();
    assert_eq!(code(&post_as(&sandbox, APP_LOGIN, Some("text/plain"), &[], body.as_bytes())), "103412");
    let (t, _) = token(&sandbox, &app, "app_number", PHONE);
    let body = app_number_body(&app, &t, PHONE, json!("0")).to_string();
    assert_eq!(code(&post_as(&sandbox, APP_NUMBER, None, &[], body.as_bytes())), "303");
}

/// A sandbox with one more app, given with `--apps`: the demo app's fields (data/demo_app.json) with `changes`.
fn sandbox_with_app(changes: Value) -> Sandbox {
    let mut app: Value = serde_json::from_str(include_str!("../../../data/demo_app.json")).unwrap();
    for (key, value) in changes.as_object().unwrap() {
        app[key] = value.clone();
    }
    let path = std::env::temp_dir().join(format!(
        "ydrz-sandbox-{}-{}.json",
        app["name"].as_str().unwrap(),
        std::process::id()
    ));
    std::fs::write(&path, json!([app]).to_string()).unwrap();
    let sandbox = Sandbox::start_with(&["--apps", path.to_str().unwrap()]);
    std::fs::remove_file(&path).unwrap();
    sandbox
}

#[test]
fn app_login_with_another_apps_token_is_103133() {
    let sandbox = sandbox_with_app(json!({"name": "other", "app_id": "300000000009"}));
    let (demo, other) = (App::of(&sandbox, "demo"), App::of(&sandbox, "other"));
    let (t, _) = token(&sandbox, &other, "app_login", PHONE);
    let answer = ok_json(sandbox.post(APP_LOGIN, &[], &app_login_body(&demo, &t, false)));
    assert_eq!(code(&answer), "103133", "{answer}");
}

#[test]
fn app_number_requires_open_type_for_apps_and_treats_unknown_key_types_as_0() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let post = |body: &Value| ok_json(sandbox.post(APP_NUMBER, &[], body));
    let (t, _) = token(&sandbox, &app, "app_number", PHONE);
    let mut no_open_type = app_number_body(&app, &t, PHONE, json!("0"));
    no_open_type[N.body].as_object_mut().unwrap().remove(D.open_type);
    let answer = post(&no_open_type);
    assert_eq!(code(&answer), "102", "{answer}");
    assert!(answer[N.body][ANSWER.result_desc].as_str().unwrap().contains(D.open_type), "{answer}");
    let mut wap = app_number_body(&app, &t, PHONE, json!("0"));
    wap[N.body].as_object_mut().unwrap().remove(D.open_type);
    wap[N.body][D.requester_type] = "1".into();
    assert_eq!(code(&post(&wap)), "000", "a WAP request needs no openType");

    // keyType 7, "" and none are 0: a keyType-0 request with any of them verifies.
    for key_type in [json!("7"), json!(""), json!(2), Value::Null] {
        let (t, _) = token(&sandbox, &app, "app_number", PHONE);
        let mut body = app_number_body(&app, &t, PHONE, json!("0"));
        body[N.body][D.key_type] = key_type.clone();
        assert_eq!(code(&post(&body)), "000", "keyType {key_type}");
    }
}

#[test]
fn versions_are_checked_on_every_interface() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    let mut body = number_verify_body(&app, &t, &info, PHONE);
    body[N.header][N.version] = "2.0".into();
    assert_eq!(code(&ok_json(sandbox.post(NUMBER_VERIFY, &[], &body))), "130030");

    let (t, _) = token(&sandbox, &app, "app_login", PHONE);
    let mut body = app_login_body(&app, &t, true);
    body[C.version] = "1.0".into();
    let answer = ok_json(sandbox.post(APP_LOGIN, &[], &body));
    assert_eq!(code(&answer), "103414", "{answer}");
    assert!(answer[ANSWER.desc].as_str().unwrap().contains("version must be 2.0"), "{answer}");

    let (t, _) = token(&sandbox, &app, "app_number", PHONE);
    let mut body = app_number_body(&app, &t, PHONE, json!("0"));
    body[N.header][N.version] = "2.0".into();
    assert_eq!(code(&ok_json(sandbox.post(APP_NUMBER, &[], &body))), "102");
}

#[test]
fn number_verify_tokens_live_one_minute_and_fail_with_120020() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    let number = sandbox.issue_token(&app.app_id, "number_verify", PHONE);
    assert_eq!(number["expires_in_ms"], 60_000);
    assert_eq!(sandbox.issue_token(&app.app_id, "onekey", PHONE)["expires_in_ms"], 120_000);
    let (t, info) = (number["token"].as_str().unwrap(), number["userInformation"].as_str().unwrap());
    let mut missing = number_verify_body(&app, t, info, PHONE);
    missing[N.body].as_object_mut().unwrap().remove(B.user_information);
    let answer = ok_json(sandbox.post(NUMBER_VERIFY, &[], &missing));
    assert_eq!(code(&answer), "120020", "a missing userInformation is 120020: {answer}");
}

#[test]
fn number_verify_counts_the_daily_limit_before_the_signature() {
    let sandbox = Sandbox::start();
    let app = App::of(&sandbox, "demo");
    sandbox.update_app(json!({"app_id": app.app_id, "daily_limit": 1}));
    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    assert_eq!(code(&ok_json(sandbox.post(NUMBER_VERIFY, &[], &number_verify_body(&app, &t, &info, PHONE)))), "000");
    let (t, info) = token(&sandbox, &app, "number_verify", PHONE);
    let mut bad_sign = number_verify_body(&app, &t, &info, PHONE);
    bad_sign[N.header][N.msg_id] = "another".into();
    let answer = ok_json(sandbox.post(NUMBER_VERIFY, &[], &bad_sign));
    assert_eq!(code(&answer), "121011", "over the limit with a bad sign: {answer}");
}

#[test]
fn app_login_rsa_msisdn_uses_the_encryption_key_when_it_differs() {
    let keys = &vectors()["keys"];
    let sandbox = sandbox_with_app(json!({
        "name": "two-keys", "app_id": "300000000010",
        "customer_encryption_public_key": keys["customer_2048"]["public_x509_spki_der_base64"],
    }));
    let app = App::of(&sandbox, "two-keys");
    assert_eq!(
        sandbox.app("two-keys")["customer_encryption_public_key"],
        keys["customer_2048"]["public_x509_spki_der_base64"]
    );
    let (t, _) = token(&sandbox, &app, "app_login", PHONE);
    let answer = ok_json(sandbox.post(APP_LOGIN, &[], &app_login_body(&app, &t, true)));
    assert_eq!(code(&answer), "103000", "signed with key 1: {answer}");
    let msisdn = answer[ANSWER.msisdn].as_str().unwrap();
    let key2 = PrivateKey::load(s(&keys["customer_2048"], "private_pkcs8_der_base64")).unwrap();
    assert_eq!(key2.decrypt_text(msisdn).unwrap().as_str(), PHONE);
    assert!(app.customer.decrypt_text(msisdn).is_err(), "key 1 does not decrypt what key 2 encrypted");
}

#[test]
fn help_says_which_rules_are_documented_and_which_assumed() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ydrz")).args(["sandbox", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("Rules the sources document") && help.contains("sandbox's own assumption"), "{help}");
}

// ---- exposure off loopback, the info file (issue 22) -----------------------------------------------------------

/// Off loopback the sandbox warns, prints a base_url that clients can use (not 0.0.0.0), and serves control
/// requests only with the control key of its info line; on loopback (every other test) control stays open.
#[test]
fn off_loopback_the_control_endpoints_need_the_key_of_the_info_line() {
    let sandbox = Sandbox::start_with(&["--host", "0.0.0.0"]);
    let info = sandbox.info();
    let port = sandbox.addr().port();
    assert_eq!(sandbox.base_url(), format!("http://127.0.0.1:{port}"));
    assert_eq!(info["client_config"]["base_url"], sandbox.base_url());
    ydrz::client::Client::new(&info["client_config"].to_string()).expect("the library accepts the printed base_url");
    let key = info["control_key"].as_str().expect("the info line carries the control key off loopback");
    assert_eq!(key.len(), 64);
    let bearer = format!("Bearer {key}");
    let wrong = format!("Bearer {}", "0".repeat(64));
    let token_request = json!({"app_id": "300012345678", "product": "onekey", "phone": PHONE}).to_string();
    for (method, path, body) in
        [("GET", "/_sandbox/info", ""), ("GET", "/_sandbox", ""), ("POST", "/_sandbox/token", token_request.as_str())]
    {
        for headers in [&[][..], &[("Authorization", wrong.as_str())][..]] {
            let refused = sandbox.request(method, path, headers, body.as_bytes());
            assert_eq!(refused.status, 401, "{method} {path} {headers:?}: {}", String::from_utf8_lossy(&refused.body));
            assert!(!String::from_utf8_lossy(&refused.body).contains("PRIVATE") && refused.json()["apps"].is_null());
        }
        let served = sandbox.request(method, path, &[("Authorization", &bearer)], body.as_bytes());
        assert_eq!(served.status, 200, "{method} {path}: {}", String::from_utf8_lossy(&served.body));
    }
    let update = json!({"app_id": "300012345679", "allowed_ips": ["0.0.0.0/0"]}).to_string();
    assert_eq!(sandbox.request("POST", "/_sandbox/apps", &[], update.as_bytes()).status, 401);
    assert_eq!(sandbox.app("blocked")["allowed_ips"], json!(["192.0.2.1"]), "the refused update changed nothing");
}

/// The warning off loopback, on stderr; none on loopback.
#[test]
fn a_non_loopback_host_draws_a_warning() {
    let stderr_of = |host: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ydrz"));
        command.args(["sandbox", "--host", host, "--port", "0", "--exit-on-stdin-eof"]);
        let (child, _) = until_info_line(&mut command, std::process::Stdio::piped());
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let open = stderr_of("0.0.0.0");
    assert!(open.contains("warning") && open.contains("not a loopback address"), "{open}");
    assert!(open.contains("Authorization: Bearer"), "{open}");
    let local = stderr_of("127.0.0.1");
    assert!(!local.contains("warning"), "{local}");
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_ydrz")).args(["sandbox", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("on a loopback --host (the default) the control endpoints are unauthenticated"), "{help}");
}

/// `--info-file` holds every app's private keys: it is written to a fresh file of a random name, mode 0600,
/// then renamed into place, so a symlink planted at the temporary name the sandbox used to use
/// (`<path>.<pid>.tmp`) or at the path itself is never written through.
#[test]
fn the_info_file_is_private_and_never_written_through_a_planted_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("ydrz-sandbox-info-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (victim, other_victim, info) = (dir.join("victim"), dir.join("other-victim"), dir.join("info.json"));
    std::fs::write(&victim, "victim").unwrap();
    std::fs::write(&other_victim, "other victim").unwrap();
    std::os::unix::fs::symlink(&other_victim, &info).unwrap();
    // The shell plants the symlink at `<info>.<its pid>.tmp`, then becomes the sandbox (same pid).
    let script = r#"ln -s "$1" "$2.$$.tmp" && exec "$0" sandbox --port 0 --exit-on-stdin-eof --info-file "$2""#;
    let mut command = std::process::Command::new("sh");
    command.args(["-c", script, env!("CARGO_BIN_EXE_ydrz"), victim.to_str().unwrap(), info.to_str().unwrap()]);
    let (mut child, line) = until_info_line(&mut command, std::process::Stdio::null());
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");
    assert_eq!(std::fs::read_to_string(&other_victim).unwrap(), "other victim");
    let meta = std::fs::symlink_metadata(&info).unwrap();
    assert!(meta.file_type().is_file(), "the info file replaced the symlink");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&info).unwrap()).unwrap();
    assert_eq!(written, serde_json::from_str::<Value>(&line).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every documented rule of the sandbox names its source by a tag of docs/protocol.md's source table (S0,
/// S2, PD, ...) or by a section of that document, so a client reading `[documented: ...]` can look it up.
#[test]
fn documented_rules_name_sources_by_the_protocol_documents_tags() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let protocol = std::fs::read_to_string(root.join("docs/protocol.md")).unwrap();
    let tags: Vec<&str> = protocol
        .lines()
        .filter_map(|line| line.strip_prefix("| ")?.split(" |").next())
        .filter(|tag| !tag.is_empty() && tag.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        .collect();
    assert!(tags.contains(&"S0") && tags.contains(&"PD"), "{tags:?}");
    let interfaces = root.join("crates/ydrz-cli/src/sandbox/interfaces");
    let mut bases = Vec::new();
    for entry in std::fs::read_dir(interfaces).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        bases
            .extend(text.split("Basis::Documented(\"").skip(1).map(|rest| rest.split('"').next().unwrap().to_string()));
    }
    assert!(bases.len() > 5, "{bases:?}");
    for basis in bases {
        let tag = basis.split([' ', ',', ':']).next().unwrap();
        assert!(
            tags.contains(&tag) || basis.starts_with("docs/protocol.md#"),
            "{basis} names no source of docs/protocol.md"
        );
    }
}
