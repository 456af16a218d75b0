//! Key formats checked against the real OpenSSL command-line tool: every form OpenSSL writes for the vector
//! keys loads (PKCS#8 and PKCS#1, PEM and Base64 DER, SPKI and PKCS#1 public), and keys we generate load in
//! `openssl pkey` and match its DER re-encoding (the Java getEncoded() forms).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::vectors::vectors;
use ydrz::codec::{decode_base64, Encoding};
use ydrz::keys::{PrivateKey, PublicKey};
use ydrz::signature::SignAlgorithm;
use ydrz::Status;

fn openssl(args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the openssl command is installed");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[test]
fn every_openssl_private_key_form_loads_and_signs_like_the_vector_key() {
    let all = vectors();
    for (name, key) in all["keys"].as_object().unwrap() {
        let der = decode_base64(key["private_pkcs8_der_base64"].as_str().unwrap()).unwrap();
        let reference = PrivateKey::load(key["private_pkcs8_der_base64"].as_str().unwrap()).unwrap();
        let expected = reference.sign_encoded(b"probe", SignAlgorithm::Sha256WithRsa, Encoding::Base64).unwrap();
        let pkcs8_pem = text(openssl(&["pkey", "-inform", "DER", "-outform", "PEM"], &der));
        let pkcs1_pem = text(openssl(&["rsa", "-inform", "DER", "-outform", "PEM", "-traditional"], &der));
        let pkcs1_der =
            Encoding::Base64.encode(&openssl(&["rsa", "-inform", "DER", "-outform", "DER", "-traditional"], &der));
        assert!(pkcs8_pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{name}");
        assert!(pkcs1_pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"), "{name}");
        let wrapped_base64: String = key["private_pkcs8_der_base64"]
            .as_str()
            .unwrap()
            .as_bytes()
            .chunks(76)
            .map(|line| format!("{}\r\n", std::str::from_utf8(line).unwrap()))
            .collect();
        for (form, text) in [
            ("PKCS#8 PEM", &pkcs8_pem),
            ("PKCS#1 PEM", &pkcs1_pem),
            ("PKCS#1 DER", &pkcs1_der),
            ("wrapped Base64", &wrapped_base64),
        ] {
            let key = PrivateKey::load(text).unwrap_or_else(|e| panic!("{name} {form}: {e}"));
            assert_eq!(
                key.sign_encoded(b"probe", SignAlgorithm::Sha256WithRsa, Encoding::Base64).unwrap(),
                expected,
                "{name} {form}"
            );
        }
    }
}

#[test]
fn every_openssl_public_key_form_loads() {
    let all = vectors();
    for (name, key) in all["keys"].as_object().unwrap() {
        let spki_b64 = key["public_x509_spki_der_base64"].as_str().unwrap();
        let der = decode_base64(spki_b64).unwrap();
        let reference = PublicKey::load(spki_b64).unwrap();
        let spki_pem = text(openssl(&["pkey", "-pubin", "-inform", "DER", "-outform", "PEM"], &der));
        let pkcs1_pem =
            text(openssl(&["rsa", "-pubin", "-inform", "DER", "-RSAPublicKey_out", "-outform", "PEM"], &der));
        let pkcs1_der = Encoding::Base64
            .encode(&openssl(&["rsa", "-pubin", "-inform", "DER", "-RSAPublicKey_out", "-outform", "DER"], &der));
        assert!(pkcs1_pem.starts_with("-----BEGIN RSA PUBLIC KEY-----"), "{name}");
        for (form, text) in [("SPKI PEM", &spki_pem), ("PKCS#1 PEM", &pkcs1_pem), ("PKCS#1 DER", &pkcs1_der)] {
            assert_eq!(
                PublicKey::load(text).unwrap_or_else(|e| panic!("{name} {form}: {e}")),
                reference,
                "{name} {form}"
            );
        }
    }
}

#[test]
fn generated_keys_load_in_openssl_and_match_its_der_encoding() {
    for bits in [1024, 2048] {
        let key = PrivateKey::generate(bits).unwrap();
        let private_b64 = key.to_pkcs8_base64().unwrap();
        let public_b64 = key.public_key().to_spki_base64().unwrap();
        let private_der = decode_base64(&private_b64).unwrap();
        let public_der = decode_base64(&public_b64).unwrap();
        // openssl parses them and writes back the same DER: our encoding is the canonical one Java emits.
        assert_eq!(
            openssl(&["pkcs8", "-topk8", "-nocrypt", "-inform", "DER", "-outform", "DER"], &private_der),
            private_der
        );
        assert_eq!(openssl(&["pkey", "-pubin", "-inform", "DER", "-outform", "DER"], &public_der), public_der);
        let described = text(openssl(&["pkey", "-inform", "DER", "-noout", "-text"], &private_der));
        assert!(described.contains(&format!("Private-Key: ({bits} bit, 2 primes)")), "{described}");
        assert!(described.contains("publicExponent: 65537"), "{described}");
        // A signature made by OpenSSL with our key verifies with our public key.
        let pem = text(openssl(&["pkey", "-inform", "DER", "-outform", "PEM"], &private_der));
        let dir = std::env::temp_dir().join(format!("ydrz-keytest-{}-{bits}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let key_path = dir.join("key.pem");
        std::fs::write(&key_path, pem).unwrap();
        let signature = openssl(&["dgst", "-md5", "-sign", key_path.to_str().unwrap()], b"preSign text");
        std::fs::remove_dir_all(&dir).unwrap();
        key.public_key().verify(b"preSign text", &signature, SignAlgorithm::Md5WithRsa).unwrap();
    }
}

#[test]
fn wrong_kinds_and_sizes_say_what_was_found() {
    let sec1 = openssl(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-outform", "DER"], b"");
    let ec = openssl(&["pkcs8", "-topk8", "-nocrypt", "-inform", "DER", "-outform", "DER"], &sec1);
    let e = PrivateKey::load(&Encoding::Base64.encode(&ec)).unwrap_err();
    assert_eq!(e.status(), Status::Key);
    assert!(e.message().contains("non-RSA algorithm (OID 1.2.840.10045.2.1)"), "{}", e.message());
    let small_pem = openssl(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"], b"");
    let small = openssl(&["pkcs8", "-topk8", "-nocrypt", "-outform", "DER"], &small_pem);
    let e = PrivateKey::load(&Encoding::Base64.encode(&small)).unwrap_err();
    assert!(e.message().contains("512 bits"), "{}", e.message());
    let encrypted =
        text(openssl(&["pkcs8", "-topk8", "-inform", "DER", "-v2", "aes-128-cbc", "-passout", "pass:x"], &small));
    let e = PrivateKey::load(&encrypted).unwrap_err();
    assert!(e.message().contains("encrypted"), "{}", e.message());
}

/// The size check counts bits, not bytes: a 1020-bit key fills 128 bytes like a 1024-bit one and is refused.
#[test]
fn a_key_just_under_1024_bits_is_refused() {
    let pem = openssl(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1020"], b"");
    let private = openssl(&["pkcs8", "-topk8", "-nocrypt", "-outform", "DER"], &pem);
    let public = openssl(&["pkey", "-pubout", "-outform", "DER"], &pem);
    let e = PrivateKey::load(&Encoding::Base64.encode(&private)).unwrap_err();
    assert_eq!(e.status(), Status::Key);
    assert!(e.message().contains("RSA key of 1020 bits; 1024 to 4096"), "{}", e.message());
    let e = PublicKey::load(&Encoding::Base64.encode(&public)).unwrap_err();
    assert!(e.message().contains("RSA key of 1020 bits; 1024 to 4096"), "{}", e.message());
}
