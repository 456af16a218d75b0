//! Criterion benchmarks of the crypto core, on the vector keys. Run: `cargo bench --bench crypto`.
//! Times are the CPU time of the benchmarking thread, as `openssl speed` measures by default, so that both stay
//! comparable on a machine other jobs keep busy (wall-clock time there depends on the other jobs).
//! Compare the RSA figures with `openssl speed rsa1024 rsa2048` run in the same session.

use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::Value;
use ydrz::cipher::{decrypt_msisdn, AesKeyDerivation, MAX_RSA_CIPHERTEXT};
use ydrz::codec::Encoding;
use ydrz::keys::{PrivateKey, PublicKey};
use ydrz::protocol::strings::{jssdk_sign_string, phone_plaintext, token_validate_string, JssdkSignInput};
use ydrz::signature::{md5_hex, SignAlgorithm};

fn vectors() -> Value {
    serde_json::from_str(include_str!("../tests/data/vectors.json")).expect("vectors.json parses")
}

fn field<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    path.iter().fold(v, |v, k| &v[*k]).as_str().expect("vector field is a string")
}

fn benches(c: &mut Criterion<CpuTime>) {
    let v = vectors();
    let fixed = &v["fixed_inputs"];
    let input = JssdkSignInput {
        app_id: field(fixed, &["appId"]),
        business_type: "8",
        trace_id: field(fixed, &["traceId_msgId"]),
        timestamp: field(fixed, &["timestamp"]),
        version: "2.0",
    };
    let app_key = field(fixed, &["appkey"]);
    c.bench_function("jssdk_sign", |b| {
        b.iter(|| md5_hex(jssdk_sign_string(black_box(&input), app_key).unwrap().as_bytes(), true))
    });

    let tv = token_validate_string(
        field(fixed, &["appId"]),
        field(fixed, &["traceId_msgId"]),
        field(fixed, &["timestamp"]),
        field(fixed, &["token_h5"]),
        "2.0",
    )
    .unwrap();
    digest_backends(c, tv.as_bytes());

    for bits in ["1024", "2048"] {
        let private_text = field(&v, &["keys", &format!("customer_{bits}"), "private_pkcs8_der_base64"]);
        let public_text = field(&v, &["keys", &format!("customer_{bits}"), "public_x509_spki_der_base64"]);
        c.bench_function(&format!("private_key_load_{bits}"), |b| {
            b.iter(|| PrivateKey::load(black_box(private_text)).unwrap())
        });
        c.bench_function(&format!("public_key_load_{bits}"), |b| {
            b.iter(|| PublicKey::load(black_box(public_text)).unwrap())
        });
        let key = PrivateKey::load(private_text).unwrap();
        let public = PublicKey::load(public_text).unwrap();
        for (name, algorithm) in
            [("sha256withrsa", SignAlgorithm::Sha256WithRsa), ("md5withrsa", SignAlgorithm::Md5WithRsa)]
        {
            c.bench_function(&format!("sign_{name}_{bits}"), |b| {
                b.iter(|| key.sign_encoded(black_box(tv.as_bytes()), algorithm, Encoding::HexUpper).unwrap())
            });
        }
        let signature = key.sign_encoded(tv.as_bytes(), SignAlgorithm::Sha256WithRsa, Encoding::HexUpper).unwrap();
        c.bench_function(&format!("verify_sha256withrsa_{bits}"), |b| {
            b.iter(|| {
                public
                    .verify_encoded(
                        black_box(tv.as_bytes()),
                        &signature,
                        SignAlgorithm::Sha256WithRsa,
                        Encoding::HexUpper,
                    )
                    .unwrap()
            })
        });

        let platform =
            PublicKey::load(field(&v, &["keys", &format!("platform_{bits}"), "public_x509_spki_der_base64"])).unwrap();
        let platform_private =
            PrivateKey::load(field(&v, &["keys", &format!("platform_{bits}"), "private_pkcs8_der_base64"])).unwrap();
        let plain = phone_plaintext(field(fixed, &["phone"]), app_key, field(fixed, &["timestamp"])).unwrap();
        c.bench_function(&format!("encrypt_phone_{bits}"), |b| {
            b.iter(|| platform.encrypt_to_base64(black_box(&plain)).unwrap())
        });
        let cipher = platform.encrypt_to_base64(&plain).unwrap();
        c.bench_function(&format!("rsa_decrypt_{bits}"), |b| {
            b.iter(|| platform_private.decrypt_text(black_box(&cipher)).unwrap())
        });
    }
    largest_decryption(c);

    let msisdn = field(
        v["vectors"].as_array().unwrap().iter().find(|x| x["id"] == "h5_msisdn_aes128ecb").unwrap(),
        &["ciphertext_base64"],
    )
    .to_string();
    c.bench_function("decrypt_msisdn_aes", |b| {
        b.iter(|| decrypt_msisdn(app_key, black_box(&msisdn), AesKeyDerivation::First16).unwrap())
    });
}

/// The longest decryption a call accepts: MAX_RSA_CIPHERTEXT bytes of ciphertext under a 4096-bit key
/// (16 private-key operations), the bound the README states.
fn largest_decryption(c: &mut Criterion<CpuTime>) {
    let key = PrivateKey::generate(4096).unwrap();
    let blocks = MAX_RSA_CIPHERTEXT / key.size();
    let plain = "7".repeat(blocks * (key.size() - 11));
    let cipher = key.public_key().encrypt_to_base64(&plain).unwrap();
    let mut group = c.benchmark_group("rsa_decrypt_largest");
    group.sample_size(10);
    group.bench_function("4096", |b| b.iter(|| key.decrypt_text(black_box(&cipher)).unwrap()));
    group.finish();
}

/// SHA-256 from RustCrypto (what the library uses) and from AWS-LC (which it links for RSA anyway), on the
/// tokenValidate string: the measurement behind keeping RustCrypto for digests.
fn digest_backends(c: &mut Criterion<CpuTime>, data: &[u8]) {
    use sha2::Digest as _;
    c.bench_function("sha256_rustcrypto", |b| b.iter(|| sha2::Sha256::digest(black_box(data))));
    c.bench_function("sha256_aws_lc", |b| {
        b.iter(|| {
            let mut out = [0u8; 32];
            // SAFETY: `data` is read and `out` holds the 32 bytes SHA256 writes.
            unsafe { aws_lc_sys::SHA256(black_box(data).as_ptr(), data.len(), out.as_mut_ptr()) };
            out
        })
    });
}

/// CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID).
struct CpuTime;

fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid timespec for clock_gettime to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Formats values as durations, as criterion's own wall-clock measurement does.
static DURATIONS: WallTime = WallTime;

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_time()
    }

    fn end(&self, started: Duration) -> Duration {
        thread_cpu_time() - started
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        DURATIONS.formatter()
    }
}

criterion_group! {
    name = crypto;
    config = Criterion::default().with_measurement(CpuTime);
    targets = benches
}
criterion_main!(crypto);
