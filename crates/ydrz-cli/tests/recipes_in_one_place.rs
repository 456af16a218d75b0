//! A recipe of `src/protocol/interfaces.rs` is the one place its string, algorithm and encoding are written:
//! the client signs with it, the sandbox verifies with it, `ydrz doctor` expects it and the docs table shows it
//! (tests/protocol_doc.rs). Each check here compares a consumer with the recipe itself, so that editing a
//! recipe moves them all (or fails here).

mod common;

use common::sandbox::Sandbox;
use serde_json::{json, Value};
use ydrz::client::Client;
use ydrz::protocol::interfaces::{
    APP_LOGIN_MD5_SIGN, APP_LOGIN_RSA_SIGN, JSSDK_SIGN, NUMBER_VERIFY_SIGN, ONEKEY_SIGN, PRESIGN_SIGN,
};
use ydrz::protocol::recipe::Recipe;

/// The report `ydrz doctor <args> --json` prints (first on standard output).
fn doctor(args: &[&str]) -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ydrz")).arg("doctor").args(args).output().unwrap();
    let report = serde_json::Deserializer::from_slice(&output.stdout).into_iter::<Value>().next();
    report.and_then(Result::ok).unwrap_or_else(|| panic!("{}", String::from_utf8_lossy(&output.stdout)))
}

/// The doctor's formula and expected format are the recipe's.
fn assert_doctor_follows(recipe: &Recipe, report: &Value) {
    assert!(report["formula"].as_str().unwrap().starts_with(&recipe.formula()), "{report}");
    let expected = report["expected"]["format"].as_str().unwrap();
    let words = match recipe.encoding {
        ydrz::codec::Encoding::HexUpper => "upper-case hex",
        ydrz::codec::Encoding::HexLower => "lower-case hex",
        ydrz::codec::Encoding::Base64 => "Base64",
    };
    assert!(expected.ends_with(words), "{} is {words}: {expected}", recipe.output);
    if let Some(style) = recipe.rsa_style() {
        assert!(expected.starts_with(style.algorithm.name()), "{expected}");
    }
}

#[test]
fn doctor_expects_what_each_recipe_says() {
    let sandbox = Sandbox::start();
    let app = sandbox.app("demo");
    let text = |key: &str| app[key].as_str().unwrap().to_string();
    let (public, app_id, app_key, secret) =
        (text("customer_public_key"), text("app_id"), text("app_key"), text("app_secret"));
    let (ts, id) = ("20240131235959123", "7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37");
    let common = ["--app-id", app_id.as_str(), "--timestamp", ts, "--token", "T", "--sign", "x", "--json"];
    let key = ["--public-key", public.as_str()];
    let cases: [(&Recipe, Vec<&str>); 6] = [
        (&ONEKEY_SIGN, [&["token-validate", "--trace-id", id][..], &key, &common].concat()),
        (
            &JSSDK_SIGN,
            vec![
                "jssdk",
                "--app-id",
                &app_id,
                "--app-key",
                &app_key,
                "--trace-id",
                id,
                "--timestamp",
                ts,
                "--sign",
                "x",
                "--json",
            ],
        ),
        (&NUMBER_VERIFY_SIGN, [&["number-verify", "--msg-id", id, "--phone-num", "QUJD"][..], &key, &common].concat()),
        (&PRESIGN_SIGN, [&["presign", "--presign", "P", "--sign", "x", "--json"][..], &key].concat()),
        (
            &APP_LOGIN_MD5_SIGN,
            vec![
                "app-login",
                "--app-id",
                &app_id,
                "--msg-id",
                id,
                "--systemtime",
                ts,
                "--token",
                "T",
                "--app-secret",
                &secret,
                "--sign",
                "x",
                "--json",
            ],
        ),
        (
            &APP_LOGIN_RSA_SIGN,
            vec![
                "app-login-rsa",
                "--public-key",
                &public,
                "--app-id",
                &app_id,
                "--token",
                "T",
                "--sign",
                "x",
                "--json",
            ],
        ),
    ];
    for (recipe, args) in cases {
        assert_doctor_follows(recipe, &doctor(&args));
    }
}

#[test]
fn the_sandbox_and_the_client_default_to_the_recipes_encodings() {
    let sandbox = Sandbox::start();
    let app = sandbox.app("demo");
    assert_eq!(app["app_login_rsa_sign_encoding"], APP_LOGIN_RSA_SIGN.encoding.name());
    assert_eq!(app["token_validate_sign_encoding"], ONEKEY_SIGN.encoding.name());

    // The client on defaults, in RSA mode, against the sandbox on defaults: both follow the recipe.
    let mut config = sandbox.info()["client_config"].clone();
    config["app_login"] = json!({"mode": "rsa"});
    let client = Client::new(&config.to_string()).unwrap();
    let issued = sandbox.issue_token(app["app_id"].as_str().unwrap(), "app_login", "13800138000");
    let validated = client.app_login_validate(issued["token"].as_str().unwrap(), None);
    assert_eq!(validated.map(|v| v.phone.to_string()).ok().as_deref(), Some("13800138000"));
}
