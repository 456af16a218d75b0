//! The AWS-LC backend against an independent implementation, the pure-Rust `rsa` crate: for random keys of
//! every supported size and random messages, both give the same PKCS#1 v1.5 signatures (deterministic, so
//! byte for byte), each verifies the other's, and each decrypts the other's chunked ciphertexts.

use rand::{Rng, RngCore};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Encrypt, Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};
use ydrz::codec::Encoding;
use ydrz::keys::PrivateKey;
use ydrz::signature::SignAlgorithm;

const MESSAGES_PER_KEY: usize = 6;

/// PKCS#8 DER of a key, through the public (Base64) export.
fn pkcs8_der(key: &PrivateKey) -> Vec<u8> {
    ydrz::codec::decode_base64(&key.to_pkcs8_base64().unwrap()).unwrap()
}

fn random_bytes(max_len: usize) -> Vec<u8> {
    let mut rng = rand::thread_rng();
    let mut bytes = vec![0u8; rng.gen_range(0..=max_len)];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// The oracle's signature of `data`, checked by the oracle itself.
fn oracle_sign(key: &RsaPrivateKey, data: &[u8], algorithm: SignAlgorithm) -> Vec<u8> {
    let (digest, padding) = match algorithm {
        SignAlgorithm::Sha256WithRsa => (Sha256::digest(data).to_vec(), Pkcs1v15Sign::new::<Sha256>()),
        SignAlgorithm::Md5WithRsa => (md5::Md5::digest(data).to_vec(), Pkcs1v15Sign::new::<md5::Md5>()),
    };
    let signature = key.sign(padding.clone(), &digest).unwrap();
    key.to_public_key().verify(padding, &digest, &signature).unwrap();
    signature
}

/// Checks one key pair, present in both implementations, on random messages.
fn agree(ours: &PrivateKey, oracle: &RsaPrivateKey) {
    let public = ours.public_key();
    assert_eq!(ours.size(), oracle.size());
    let mut rng = rand::thread_rng();
    for _ in 0..MESSAGES_PER_KEY {
        let data = random_bytes(300);
        for algorithm in [SignAlgorithm::Sha256WithRsa, SignAlgorithm::Md5WithRsa] {
            let expected = oracle_sign(oracle, &data, algorithm);
            let signature = ours.sign(&data, algorithm).unwrap();
            assert_eq!(
                signature,
                expected,
                "{} bits, {algorithm:?}, data {}",
                ours.bits(),
                Encoding::HexLower.encode(&data)
            );
            public.verify(&data, &expected, algorithm).unwrap();
        }

        // Several blocks, so that the chunking is compared too.
        let mut plaintext = random_bytes(3 * ours.size());
        if plaintext.is_empty() {
            plaintext.push(0x42);
        }
        let ciphertext = public.encrypt_chunked(&plaintext).unwrap();
        let decrypted: Vec<u8> = ciphertext
            .chunks(oracle.size())
            .flat_map(|block| oracle.decrypt(Pkcs1v15Encrypt, block).unwrap())
            .collect();
        assert_eq!(decrypted, plaintext, "{} bits: the oracle decrypts our ciphertext", ours.bits());

        let chunk = oracle.size() - 11;
        let theirs: Vec<u8> = plaintext
            .chunks(chunk)
            .flat_map(|block| oracle.to_public_key().encrypt(&mut rng, Pkcs1v15Encrypt, block).unwrap())
            .collect();
        let ours_plain = ours.decrypt_with(&theirs, |plain| Some(plain.to_vec()), "no").unwrap();
        assert_eq!(ours_plain, plaintext, "{} bits: we decrypt the oracle's ciphertext", ours.bits());
    }
}

#[test]
fn keys_generated_here_agree_with_the_oracle_at_every_size() {
    for bits in [1024, 2048, 3072, 4096] {
        let ours = PrivateKey::generate(bits).unwrap();
        let oracle = RsaPrivateKey::from_pkcs8_der(&pkcs8_der(&ours)).unwrap();
        assert_eq!(oracle.n().bits(), bits);
        agree(&ours, &oracle);
    }
}

#[test]
fn keys_generated_by_the_oracle_agree_with_us() {
    for bits in [1024, 2048] {
        let oracle = RsaPrivateKey::new(&mut rand::thread_rng(), bits).unwrap();
        let der = oracle.to_pkcs8_der().unwrap();
        let ours = PrivateKey::load(&Encoding::Base64.encode(der.as_bytes())).unwrap();
        agree(&ours, &oracle);
    }
}
