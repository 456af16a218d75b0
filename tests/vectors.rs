//! Every vector of tests/data/vectors.json (a copy of shared/protocol/vectors.json, computed with OpenSSL and
//! Python `cryptography`) checked against the library's Rust API. Encryption is randomized, so encryption
//! vectors are checked by decrypting the given ciphertext, and our own ciphertexts by decrypting them with
//! the vector's private key.

mod common;

use common::vectors::{s, vectors};
use serde_json::Value;
use ydrz::cipher::{decrypt_msisdn, encrypt_msisdn, AesKeyDerivation};
use ydrz::codec::Encoding;
use ydrz::keys::{PrivateKey, PublicKey};
use ydrz::protocol::app_signs::{app_login_md5_sign, app_number_key_type0};
use ydrz::protocol::strings::{
    app_login_md5_string, app_login_rsa_string, jssdk_sign_string, number_verify_string, phone_plaintext,
    token_validate_string, AppLoginMd5Input, JssdkSignInput,
};
use ydrz::signature::{hmac_sha256_hex, md5_hex, sha256_hex, SignAlgorithm};

fn private_key(all: &Value, name: &str) -> PrivateKey {
    PrivateKey::load(s(&all["keys"][name], "private_pkcs8_der_base64")).expect("vector private key loads")
}

fn public_key(all: &Value, name: &str) -> PublicKey {
    PublicKey::load(s(&all["keys"][name], "public_x509_spki_der_base64")).expect("vector public key loads")
}

/// Checks a signature vector in every encoding it lists, and that the public key verifies it.
fn check_signature(all: &Value, v: &Value, algorithm: SignAlgorithm, string_to_sign: &str) {
    assert_eq!(string_to_sign, s(v, "string_to_sign"), "string to sign of {}", v["id"]);
    let key_name = s(v, "key");
    let key = private_key(all, key_name);
    let public = public_key(all, key_name);
    let mut checked = 0;
    for (field, encoding) in [
        ("expected_hex_upper", Encoding::HexUpper),
        ("expected_hex_lower", Encoding::HexLower),
        ("expected_base64", Encoding::Base64),
    ] {
        if let Some(expected) = v[field].as_str() {
            let sign = key.sign_encoded(string_to_sign.as_bytes(), algorithm, encoding).unwrap();
            assert_eq!(sign, expected, "{} {field}", v["id"]);
            public.verify_encoded(string_to_sign.as_bytes(), expected, algorithm, encoding).unwrap();
            checked += 1;
        }
    }
    assert!(checked >= 2, "{} lists at least two encodings", v["id"]);
    let mut tampered = string_to_sign.to_string();
    tampered.push('x');
    let good = s(v, "expected_hex_upper");
    assert!(public.verify_encoded(tampered.as_bytes(), good, algorithm, Encoding::HexUpper).is_err());
}

/// The vector families checked below, by id prefix. Each test takes its vectors through `family`, so a family
/// listed here is really checked, and `every_vector_belongs_to_a_checked_family` catches new vectors.
const FAMILIES: &[&str] = &[
    "jssdk_md5_sign_",
    "h5_tokenValidate_sign_",
    "app_loginTokenValidate_md5",
    "app_loginTokenValidate_rsa_",
    "preSign_",
    "numberVerify_sign_",
    "phoneNum_rsa_",
    "encryptedDataOnJava_chunking_",
    "app_tokenValidate_keyType0",
    "h5_msisdn_aes128ecb",
    "app_msisdn_rsa_",
];

/// The vectors whose id starts with `prefix` (one of FAMILIES); never empty.
fn family<'a>(all: &'a Value, prefix: &str) -> Vec<&'a Value> {
    assert!(FAMILIES.contains(&prefix), "{prefix} is listed in FAMILIES");
    let found: Vec<&Value> =
        all["vectors"].as_array().unwrap().iter().filter(|v| s(v, "id").starts_with(prefix)).collect();
    assert!(!found.is_empty(), "vectors.json has {prefix}* vectors");
    found
}

#[test]
fn every_vector_belongs_to_a_checked_family() {
    let all = vectors();
    let ids: Vec<&str> = all["vectors"].as_array().unwrap().iter().map(|v| s(v, "id")).collect();
    assert_eq!(ids.len(), 24);
    for id in ids {
        assert!(FAMILIES.iter().any(|f| id.starts_with(f)), "vector {id} belongs to no checked family");
    }
}

#[test]
fn jssdk_md5_sign() {
    let all = vectors();
    for v in family(&all, "jssdk_md5_sign_") {
        let i = &v["inputs"];
        assert_eq!(s(i, "msgId"), s(i, "traceId"));
        let input = JssdkSignInput {
            app_id: s(i, "appId"),
            business_type: s(i, "businessType"),
            trace_id: s(i, "traceId"),
            timestamp: s(i, "timestamp"),
            version: s(i, "version"),
        };
        let text = jssdk_sign_string(&input, s(i, "appkey")).unwrap();
        assert_eq!(text.as_str(), s(v, "string_to_sign"));
        assert_eq!(md5_hex(text.as_bytes(), true), s(v, "expected_hex_upper"));
        assert_eq!(md5_hex(text.as_bytes(), false), s(v, "expected_hex_lower"));
    }
}

#[test]
fn token_validate_sign_all_versions_and_keys() {
    let all = vectors();
    for v in family(&all, "h5_tokenValidate_sign_") {
        let i = &v["inputs"];
        let text =
            token_validate_string(s(i, "appId"), s(i, "traceId"), s(i, "timestamp"), s(i, "token"), s(i, "version"))
                .unwrap();
        check_signature(&all, v, SignAlgorithm::Sha256WithRsa, &text);
    }
}

#[test]
fn app_login_token_validate_md5_and_rsa() {
    let all = vectors();
    let v = family(&all, "app_loginTokenValidate_md5")[0];
    let i = &v["inputs"];
    let input = AppLoginMd5Input {
        app_id: s(i, "appid"),
        version: s(i, "version"),
        msg_id: s(i, "msgid"),
        system_time: s(i, "systemtime"),
        strict_check: s(i, "strictcheck"),
        token: s(i, "token"),
    };
    let text = app_login_md5_string(&input, s(i, "APPSecret_or_appkey")).unwrap();
    assert_eq!(text.as_str(), s(v, "string_to_sign"));
    let secret = s(i, "APPSecret_or_appkey");
    assert_eq!(app_login_md5_sign(&input, secret, Encoding::HexUpper).unwrap(), s(v, "expected_hex_upper"));
    assert_eq!(app_login_md5_sign(&input, secret, Encoding::HexLower).unwrap(), s(v, "expected_hex_lower"));

    let fixed = &all["fixed_inputs"];
    for v in family(&all, "app_loginTokenValidate_rsa_") {
        let text = app_login_rsa_string(s(fixed, "appId"), s(fixed, "token_app")).unwrap();
        check_signature(&all, v, SignAlgorithm::Sha256WithRsa, &text);
    }
}

#[test]
fn presign_signatures() {
    let all = vectors();
    for v in family(&all, "preSign_") {
        let p = &v["preSign_parts"];
        let presign =
            format!("{}{}{}{}{}", s(p, "appId"), s(p, "msgId"), s(p, "timestamp"), s(p, "uuid"), s(p, "version"));
        assert_eq!(presign, s(&all["fixed_inputs"], "preSign"));
        let algorithm =
            if s(v, "algorithm").starts_with("MD5") { SignAlgorithm::Md5WithRsa } else { SignAlgorithm::Sha256WithRsa };
        check_signature(&all, v, algorithm, &presign);
    }
}

#[test]
fn number_verify_signatures() {
    let all = vectors();
    for v in family(&all, "numberVerify_sign_") {
        let i = &v["inputs"];
        let text = number_verify_string(
            s(i, "appId"),
            s(i, "msgId"),
            s(i, "phoneNum"),
            s(i, "timestamp"),
            s(i, "token"),
            s(i, "version"),
        )
        .unwrap();
        let algorithm =
            if s(v, "algorithm").starts_with("MD5") { SignAlgorithm::Md5WithRsa } else { SignAlgorithm::Sha256WithRsa };
        check_signature(&all, v, algorithm, &text);
    }
}

#[test]
fn phone_encryption_vectors_decrypt_and_our_ciphertexts_decrypt_with_the_platform_key() {
    let all = vectors();
    let fixed = &all["fixed_inputs"];
    let plaintext = phone_plaintext(s(fixed, "phone"), s(fixed, "appkey"), s(fixed, "timestamp")).unwrap();
    for v in family(&all, "phoneNum_rsa_").into_iter().chain(family(&all, "encryptedDataOnJava_chunking_")) {
        let key_name = s(v, "key");
        let private = private_key(&all, key_name);
        let public = public_key(&all, key_name);
        let expected = s(v, "plaintext");
        assert_eq!(private.decrypt_text(s(v, "ciphertext_base64")).unwrap().as_str(), expected, "{}", v["id"]);
        if let Some(blocks) = v["expected_blocks"].as_u64() {
            let ours = public.encrypt_chunked(expected.as_bytes()).unwrap();
            assert_eq!(ours.len() as u64, blocks * public.size() as u64, "{} block count", v["id"]);
        }
        let ours = public.encrypt_to_base64(expected).unwrap();
        assert_eq!(ours.len(), s(v, "ciphertext_base64").len(), "{} ciphertext length", v["id"]);
        assert_ne!(ours, s(v, "ciphertext_base64"), "PKCS#1 v1.5 encryption is randomized");
        assert_eq!(private.decrypt_text(&ours).unwrap().as_str(), expected);
    }
    assert_eq!(plaintext.as_str(), s(family(&all, "phoneNum_rsa_")[0], "plaintext"));
}

#[test]
fn app_number_verify_key_type_0() {
    let all = vectors();
    let v = family(&all, "app_tokenValidate_keyType0")[0];
    let phone_num = sha256_hex(s(v, "phoneNum_input").as_bytes(), true);
    assert_eq!(phone_num, s(v, "expected_phoneNum_sha256_hex_upper"));
    let fixed = &all["fixed_inputs"];
    let text = number_verify_string(
        s(fixed, "appId"),
        s(fixed, "traceId_msgId"),
        &phone_num,
        s(fixed, "timestamp"),
        s(fixed, "token_app"),
        "1.0",
    )
    .unwrap();
    assert_eq!(text, s(v, "string_to_sign"));
    assert_eq!(
        hmac_sha256_hex(s(v, "hmac_key").as_bytes(), text.as_bytes(), true),
        s(v, "expected_sign_hmacsha256_hex_upper")
    );
    let signed = app_number_key_type0(
        s(fixed, "appId"),
        s(v, "hmac_key"),
        s(fixed, "traceId_msgId"),
        s(fixed, "phone"),
        s(fixed, "timestamp"),
        s(fixed, "token_app"),
        "1.0",
    )
    .unwrap();
    assert_eq!(signed.phone_num, s(v, "expected_phoneNum_sha256_hex_upper"));
    assert_eq!(signed.sign, s(v, "expected_sign_hmacsha256_hex_upper"));
}

#[test]
fn h5_msisdn_aes_128_ecb() {
    let all = vectors();
    let v = family(&all, "h5_msisdn_aes128ecb")[0];
    let phone = decrypt_msisdn(s(v, "appkey"), s(v, "ciphertext_base64"), AesKeyDerivation::First16).unwrap();
    assert_eq!(phone.as_str(), s(v, "plaintext"));
    assert_eq!(
        encrypt_msisdn(s(v, "appkey"), s(v, "plaintext"), AesKeyDerivation::First16).unwrap(),
        s(v, "ciphertext_base64")
    );
    assert_eq!(
        Encoding::HexUpper.encode(&Encoding::Base64.decode(s(v, "ciphertext_base64")).unwrap()),
        s(v, "ciphertext_hex_upper")
    );
    assert!(decrypt_msisdn("0000000000000000", s(v, "ciphertext_base64"), AesKeyDerivation::First16).is_err());
    assert!(decrypt_msisdn(s(v, "appkey"), s(v, "ciphertext_base64"), AesKeyDerivation::Full).is_err());
}

#[test]
fn app_msisdn_rsa_hex_and_base64() {
    let all = vectors();
    for v in family(&all, "app_msisdn_rsa_") {
        let key = private_key(&all, s(v, "key"));
        assert_eq!(key.decrypt_text(s(v, "ciphertext_hex_upper")).unwrap().as_str(), s(v, "plaintext"));
        assert_eq!(key.decrypt_text(&s(v, "ciphertext_hex_upper").to_lowercase()).unwrap().as_str(), s(v, "plaintext"));
        assert_eq!(key.decrypt_text(s(v, "ciphertext_base64")).unwrap().as_str(), s(v, "plaintext"));
    }
}

#[test]
fn vector_keys_reencode_to_the_same_java_getencoded_bytes() {
    let all = vectors();
    for (name, k) in all["keys"].as_object().unwrap() {
        let private = private_key(&all, name);
        assert_eq!(private.bits() as u64, k["bits"].as_u64().unwrap(), "{name}");
        assert_eq!(private.to_pkcs8_base64().unwrap().as_str(), s(k, "private_pkcs8_der_base64"), "{name} PKCS#8");
        assert_eq!(private.public_key().to_spki_base64().unwrap(), s(k, "public_x509_spki_der_base64"), "{name} SPKI");
        assert_eq!(public_key(&all, name), private.public_key());
    }
}
