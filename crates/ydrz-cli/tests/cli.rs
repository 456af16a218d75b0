//! The `ydrz` command line, run as a process on the fixed inputs and keys of tests/data/vectors.json: every
//! offline subcommand's output is checked against the vectors' expected values, the doctor's diagnoses against
//! signs made the known wrong ways, and `validate` / `verify` against a one-shot local HTTP server.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::thread;

use common::http::{is_complete_request, json_answer, read_request};
use common::vectors::{s, vectors};
use serde_json::Value;
use ydrz::keys::PrivateKey;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The ydrz binary with `args`, without the appkey and APPSecret variables of the caller's environment.
fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ydrz"));
    command.args(args).env_remove("YDRZ_APP_KEY").env_remove("YDRZ_APP_SECRET");
    command
}

fn ydrz_with_stdin(args: &[&str], stdin: &str) -> Run {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ydrz binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("ydrz exits normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn ydrz(args: &[&str]) -> Run {
    ydrz_with_stdin(args, "")
}

/// Runs and requires exit code `code`, showing the output when it differs.
fn expect(args: &[&str], code: i32) -> Run {
    let run = ydrz(args);
    assert_eq!(run.code, code, "ydrz {args:?}\nstdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    run
}

fn vector<'a>(all: &'a Value, id: &str) -> &'a Value {
    all["vectors"].as_array().unwrap().iter().find(|v| v["id"] == id).unwrap_or_else(|| panic!("vector {id} exists"))
}

fn private(all: &Value, name: &str) -> String {
    s(&all["keys"][name], "private_pkcs8_der_base64").to_string()
}

fn public(all: &Value, name: &str) -> String {
    s(&all["keys"][name], "public_x509_spki_der_base64").to_string()
}

fn input<'a>(all: &'a Value, name: &str) -> &'a str {
    s(&all["fixed_inputs"], name)
}

/// The text after "Verdict:", so that a check cannot be satisfied by a table row.
fn verdict(run: &Run) -> &str {
    let at = run.stdout.find("Verdict:").unwrap_or_else(|| panic!("a verdict is printed:\n{}", run.stdout));
    &run.stdout[at..]
}

/// A file under the target directory's temp dir, unique to this test.
fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---- sign -------------------------------------------------------------------------------------------------

#[test]
fn sign_jssdk_prints_the_vector_sign_and_masks_the_appkey() {
    let all = vectors();
    let v = vector(&all, "jssdk_md5_sign_bt8");
    let i = &v["inputs"];
    let base = ["sign", "jssdk", "--app-id", s(i, "appId"), "--app-key", s(i, "appkey")];
    let fixed = ["--trace-id", s(i, "traceId"), "--timestamp", s(i, "timestamp")];
    let run = expect(&[&base[..], &fixed[..]].concat(), 0);
    assert!(run.stdout.contains(s(v, "expected_hex_upper")), "{}", run.stdout);
    assert!(!run.stdout.contains(s(i, "appkey")), "the appkey is masked:\n{}", run.stdout);
    let masked = s(v, "string_to_sign").replace(&s(i, "appkey")[4..], &"*".repeat(s(i, "appkey").len() - 4));
    assert!(run.stdout.contains(&masked), "the string to sign is shown, masked:\n{}", run.stdout);
    let lower = expect(&[&base[..], &fixed[..], &["--lower", "--json"]].concat(), 0);
    let json: Value = serde_json::from_str(&lower.stdout).unwrap();
    assert_eq!(json["sign"], s(v, "expected_hex_lower"));
    let other = vector(&all, "jssdk_md5_sign_bt1_v10");
    let run = expect(&[&base[..], &fixed[..], &["--version", "1.0", "--business-type", "1"]].concat(), 0);
    assert!(run.stdout.contains(s(other, "expected_hex_upper")), "{}", run.stdout);
    // Without --trace-id and --timestamp, fresh ones are generated and printed.
    let json: Value = serde_json::from_str(&expect(&[&base[..], &["--json"]].concat(), 0).stdout).unwrap();
    assert_eq!(json["timestamp"].as_str().unwrap().len(), 17);
    assert_eq!(json["traceId"].as_str().unwrap().len(), 32);
}

#[test]
fn sign_token_validate_matches_every_vector_and_encoding() {
    let all = vectors();
    for id in [
        "h5_tokenValidate_sign_v2.0_customer_1024",
        "h5_tokenValidate_sign_v2.0_customer_2048",
        "h5_tokenValidate_sign_v1.0_customer_1024",
    ] {
        let v = vector(&all, id);
        let i = &v["inputs"];
        let key = private(&all, s(v, "key"));
        for (encoding, field) in
            [("hex_upper", "expected_hex_upper"), ("hex_lower", "expected_hex_lower"), ("base64", "expected_base64")]
        {
            let run = expect(
                &[
                    "sign",
                    "token-validate",
                    "--private-key",
                    &key,
                    "--app-id",
                    s(i, "appId"),
                    "--trace-id",
                    s(i, "traceId"),
                    "--timestamp",
                    s(i, "timestamp"),
                    "--token",
                    s(i, "token"),
                    "--version",
                    s(i, "version"),
                    "--encoding",
                    encoding,
                    "--json",
                ],
                0,
            );
            let json: Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(json["sign"], s(v, field), "{id} {encoding}");
            assert_eq!(json["string_to_sign"], s(v, "string_to_sign"), "{id}");
            assert!(!run.stdout.contains(&key), "the private key is never printed");
        }
    }
}

#[test]
fn sign_presign_and_rsa_match_the_vectors() {
    let all = vectors();
    let presign = input(&all, "preSign");
    for (id, algorithm) in [
        ("preSign_MD5withRSA_customer_1024", None),
        ("preSign_MD5withRSA_customer_2048", None),
        ("preSign_SHA256withRSA_customer_1024", Some("SHA256withRSA")),
    ] {
        let v = vector(&all, id);
        let key = private(&all, s(v, "key"));
        let mut args = vec!["sign", "presign", "--private-key", &key, "--presign", presign];
        args.extend(algorithm.map(|a| ["--algorithm", a]).into_iter().flatten());
        let run = expect(&args, 0);
        assert!(run.stdout.contains(s(v, "expected_base64")), "{id}:\n{}", run.stdout);
    }
    let v = vector(&all, "app_loginTokenValidate_rsa_customer_1024");
    let data = format!("{}{}", input(&all, "appId"), input(&all, "token_app"));
    let run = expect(
        &[
            "sign",
            "rsa",
            "--private-key",
            &private(&all, "customer_1024"),
            "--data",
            &data,
            "--algorithm",
            "SHA256withRSA",
            "--encoding",
            "hex_lower",
        ],
        0,
    );
    assert!(run.stdout.contains(s(v, "expected_hex_lower")), "{}", run.stdout);
}

#[test]
fn keys_are_read_from_files_and_standard_input() {
    let all = vectors();
    let v = vector(&all, "preSign_MD5withRSA_customer_1024");
    let dir = temp_path("keyfile");
    let path = dir.join("private.txt");
    // Line breaks inside the Base64 (old commons-codec output) are accepted.
    let key = private(&all, "customer_1024");
    let wrapped: Vec<String> = key.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
    std::fs::write(&path, wrapped.join("\r\n")).unwrap();
    let presign = input(&all, "preSign");
    let from_file = expect(&["sign", "presign", "--private-key-file", path.to_str().unwrap(), "--presign", presign], 0);
    assert!(from_file.stdout.contains(s(v, "expected_base64")), "{}", from_file.stdout);
    let from_stdin = ydrz_with_stdin(&["sign", "presign", "--private-key-file", "-", "--presign", presign], &key);
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert!(from_stdin.stdout.contains(s(v, "expected_base64")), "{}", from_stdin.stdout);
}

// ---- encrypt-phone / decrypt-msisdn ------------------------------------------------------------------------

#[test]
fn encrypt_phone_output_decrypts_with_the_platform_private_key() {
    let all = vectors();
    let (phone, app_key, ts) = (input(&all, "phone"), input(&all, "appkey"), input(&all, "timestamp"));
    let run = expect(
        &[
            "encrypt-phone",
            "--platform-public-key",
            &public(&all, "platform_1024"),
            "--phone",
            phone,
            "--app-key",
            app_key,
            "--timestamp",
            ts,
            "--json",
        ],
        0,
    );
    assert!(
        !run.stdout.contains(phone) && !run.stdout.contains(app_key),
        "phone and appkey are masked:\n{}",
        run.stdout
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let platform = PrivateKey::load(&private(&all, "platform_1024")).unwrap();
    let plain = platform.decrypt_text(json["phoneNum"].as_str().unwrap()).unwrap();
    assert_eq!(plain.as_str(), format!("{phone}{app_key}{ts}"));
    assert_eq!(plain.as_str(), s(vector(&all, "phoneNum_rsa_platform_1024"), "plaintext"));
}

#[test]
fn decrypt_msisdn_aes_and_rsa_masks_the_phone_unless_asked() {
    let all = vectors();
    let aes = vector(&all, "h5_msisdn_aes128ecb");
    let app_key = input(&all, "appkey");
    let base = ["decrypt-msisdn", "--app-key", app_key, "--msisdn", s(aes, "ciphertext_base64")];
    let masked = expect(&base, 0);
    assert!(masked.stdout.contains("138****8000") && !masked.stdout.contains("13800138000"), "{}", masked.stdout);
    let shown = expect(&[&base[..], &["--show-phone"]].concat(), 0);
    assert!(shown.stdout.contains("13800138000"), "{}", shown.stdout);
    let wrong =
        expect(&["decrypt-msisdn", "--app-key", "0000000000000000", "--msisdn", s(aes, "ciphertext_base64")], 1);
    assert!(wrong.stderr.starts_with("ydrz decrypt-msisdn: ") && wrong.stderr.contains("appkey"), "{}", wrong.stderr);

    let rsa = vector(&all, "app_msisdn_rsa_customer_1024");
    let key = private(&all, "customer_1024");
    for field in ["ciphertext_hex_upper", "ciphertext_base64"] {
        let run = expect(&["decrypt-msisdn", "--private-key", &key, "--msisdn", s(rsa, field), "--show-phone"], 0);
        assert!(run.stdout.contains(s(rsa, "plaintext")), "{field}: {}", run.stdout);
    }
}

// ---- explain ----------------------------------------------------------------------------------------------

#[test]
fn explain_shows_every_matching_entry_and_fails_on_unknown_codes() {
    let run = expect(&["explain", "104013"], 0);
    assert!(
        run.stdout.contains("验证签名失败") && run.stdout.contains("signature verification failed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("mp_onekey_login / troubleshooting") && run.stdout.contains("hint:"), "{}", run.stdout);
    let narrowed =
        expect(&["explain", "105003", "--product", "mp_onekey_login", "--stage", "ctcc_getnum", "--json"], 0);
    let json: Value = serde_json::from_str(&narrowed.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["message_zh"], "电信网关取号失败");
    let unknown = expect(&["explain", "424242"], 1);
    assert!(unknown.stderr.contains("\"424242\" is not in the catalog"), "{}", unknown.stderr);
    let elsewhere = expect(&["explain", "104013", "--product", "app_sdk"], 1);
    assert!(elsewhere.stderr.contains("known elsewhere"), "{}", elsewhere.stderr);
    expect(&["explain", "104013", "--product", "nope"], 2);
    let list = expect(&["explain", "--list", "--product", "mp_number_verify"], 0);
    assert!(list.stdout.contains("130018") && !list.stdout.contains("mp_onekey_login"), "{}", list.stdout);
}

// ---- keygen -----------------------------------------------------------------------------------------------

#[test]
fn keygen_writes_a_matching_pair_with_a_private_file_only_the_owner_reads() {
    let dir = temp_path("keygen");
    let out = dir.join("keys");
    let run = expect(&["keygen", "--out-dir", out.to_str().unwrap()], 0);
    let private_text = std::fs::read_to_string(out.join("private_pkcs8.txt")).unwrap();
    let public_text = std::fs::read_to_string(out.join("public_spki.txt")).unwrap();
    assert!(public_text.starts_with("MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ"), "1024-bit SPKI: {public_text}");
    let key = PrivateKey::load(&private_text).unwrap();
    assert_eq!(key.bits(), 1024);
    assert_eq!(key.public_key().to_spki_base64().unwrap(), public_text.trim());
    assert!(!run.stdout.contains(private_text.trim()), "with --out-dir the private key is not printed");
    assert!(run.stdout.contains("dev.10086.cn") && run.stdout.contains(public_text.trim()), "{}", run.stdout);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("private_pkcs8.txt")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = expect(&["keygen", "--out-dir", out.to_str().unwrap()], 1);
    assert!(again.stderr.contains("private_pkcs8.txt"), "existing keys are never overwritten: {}", again.stderr);
    let printed: Value = serde_json::from_str(&expect(&["keygen", "--json"], 0).stdout).unwrap();
    let key = PrivateKey::load(printed["private_pkcs8"].as_str().unwrap()).unwrap();
    assert_eq!(key.public_key().to_spki_base64().unwrap(), printed["public_spki"].as_str().unwrap());
    expect(&["keygen", "--bits", "512"], 1);
}

// ---- doctor -----------------------------------------------------------------------------------------------

/// `doctor token-validate` on the fixed inputs with the customer_1024 public key and `extra` options.
fn doctor_token_validate(all: &Value, extra: &[&str]) -> Run {
    let public = public(all, "customer_1024");
    let base = [
        "doctor",
        "token-validate",
        "--public-key",
        &public,
        "--app-id",
        input(all, "appId"),
        "--trace-id",
        input(all, "traceId_msgId"),
        "--timestamp",
        input(all, "timestamp"),
        "--token",
        input(all, "token_h5"),
    ];
    ydrz(&[&base[..], extra].concat())
}

#[test]
fn doctor_reports_lower_case_hex() {
    let all = vectors();
    let v = vector(&all, "h5_tokenValidate_sign_v2.0_customer_1024");
    let run = doctor_token_validate(&all, &["--sign", s(v, "expected_hex_lower"), "--code", "104013"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(verdict(&run).contains("lower-case hex; the platform expects upper-case hex"), "{}", run.stdout);
    assert!(run.stdout.contains(s(v, "string_to_sign")), "the exact string to sign is shown");
    assert!(run.stdout.contains("验证签名失败") && run.stdout.contains("检查公私钥生成工具"), "catalog hint of --code");
}

#[test]
fn doctor_shows_each_code_entry_once() {
    let all = vectors();
    let v = vector(&all, "h5_tokenValidate_sign_v2.0_customer_1024");
    // 103000 is listed for four stages of mp_onekey_login with the same text: one entry is shown.
    let run = doctor_token_validate(&all, &["--sign", s(v, "expected_hex_upper"), "--code", "103000"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.matches("Code 103000 [").count(), 1, "{}", run.stdout);
    let run = doctor_token_validate(&all, &["--sign", s(v, "expected_hex_upper"), "--code", "104013", "--json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let hints: Vec<&str> = json["code"].as_array().unwrap().iter().map(|e| e["hint"].as_str().unwrap()).collect();
    assert_eq!(hints.len(), 2, "two different hints for 104013: {hints:?}");
}

#[test]
fn doctor_reports_the_version_inside_the_string() {
    let all = vectors();
    let v1 = vector(&all, "h5_tokenValidate_sign_v1.0_customer_1024");
    let run = doctor_token_validate(&all, &["--version", "2.0", "--sign", s(v1, "expected_hex_upper")]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let verdict = verdict(&run);
    assert!(verdict.contains("version \"1.0\" inside") && verdict.contains("declared is \"2.0\""), "{verdict}");
    assert!(!verdict.contains("encoding") && !verdict.contains("expects MD5"), "only the version differs: {verdict}");
}

#[test]
fn doctor_says_a_correct_sign_is_correct_and_points_elsewhere() {
    let all = vectors();
    let v = vector(&all, "h5_tokenValidate_sign_v2.0_customer_1024");
    let key = private(&all, "customer_1024");
    let run = doctor_token_validate(&all, &["--private-key", &key, "--sign", s(v, "expected_hex_upper"), "--json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["correct"], true);
    assert!(json["verdict"].as_str().unwrap().contains("problem is elsewhere"), "{}", json["verdict"]);
    assert_eq!(json["sign_to_send"], s(v, "expected_hex_upper"));
    assert!(!run.stdout.contains(&key), "the private key is never printed");
}

#[test]
fn doctor_reports_a_key_pair_mismatch_and_exits_1_when_nothing_matches() {
    let all = vectors();
    let v2048 = vector(&all, "h5_tokenValidate_sign_v2.0_customer_2048");
    let key_2048 = private(&all, "customer_2048");
    let run = doctor_token_validate(&all, &["--private-key", &key_2048, "--sign", s(v2048, "expected_hex_upper")]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("is NOT the registered public key"), "{}", run.stdout);
    assert!(verdict(&run).contains("whose public half is not the registered public key"), "{}", run.stdout);

    let unknown = doctor_token_validate(&all, &["--sign", s(v2048, "expected_hex_upper")]);
    assert_eq!(unknown.code, 1, "{}", unknown.stdout);
    assert!(verdict(&unknown).contains("matches none"), "{}", unknown.stdout);
    assert!(unknown.stderr.starts_with("ydrz doctor: "), "{}", unknown.stderr);
}

#[test]
fn doctor_reports_sha256_where_md5withrsa_is_expected() {
    let all = vectors();
    let sha = vector(&all, "preSign_SHA256withRSA_customer_1024");
    let run = expect(
        &[
            "doctor",
            "presign",
            "--public-key",
            &public(&all, "customer_1024"),
            "--presign",
            input(&all, "preSign"),
            "--sign",
            s(sha, "expected_base64"),
            "--code",
            "130018",
        ],
        0,
    );
    assert!(verdict(&run).contains("it is SHA256withRSA; the platform expects MD5withRSA"), "{}", run.stdout);
    assert!(run.stdout.contains("报备的客户公钥与客户私钥不配对"), "the 130018 hint:\n{}", run.stdout);

    let nv = vector(&all, "numberVerify_sign_SHA256withRSA_customer_1024");
    let i = &nv["inputs"];
    // A sign wrapped over two lines, like old commons-codec output.
    let sign = s(nv, "expected_base64");
    let wrapped = format!("{}\r\n{}", &sign[..76], &sign[76..]);
    let run = expect(
        &[
            "doctor",
            "number-verify",
            "--public-key",
            &public(&all, "customer_1024"),
            "--app-id",
            s(i, "appId"),
            "--msg-id",
            s(i, "msgId"),
            "--phone-num",
            s(i, "phoneNum"),
            "--timestamp",
            s(i, "timestamp"),
            "--token",
            s(i, "token"),
            "--sign",
            &wrapped,
        ],
        0,
    );
    let verdict = verdict(&run);
    assert!(verdict.contains("the platform expects MD5withRSA") && verdict.contains("line breaks"), "{verdict}");
}

#[test]
fn doctor_jssdk_and_app_login_md5_find_case_and_secret_mistakes() {
    let all = vectors();
    let v = vector(&all, "jssdk_md5_sign_bt8");
    let i = &v["inputs"];
    let run = expect(
        &[
            "doctor",
            "jssdk",
            "--app-id",
            s(i, "appId"),
            "--app-key",
            s(i, "appkey"),
            "--trace-id",
            s(i, "traceId"),
            "--timestamp",
            s(i, "timestamp"),
            "--sign",
            s(v, "expected_hex_lower"),
        ],
        0,
    );
    assert!(verdict(&run).contains("lower-case hex; the platform expects upper-case hex"), "{}", run.stdout);
    assert!(!run.stdout.contains(s(i, "appkey")), "the appkey is masked:\n{}", run.stdout);

    // An App MD5 sign made with the appkey where the APPSecret is expected.
    let md5 = vector(&all, "app_loginTokenValidate_md5");
    let m = &md5["inputs"];
    let with_app_key = format!(
        "{}{}{}{}{}{}{}",
        s(m, "appid"),
        s(m, "version"),
        s(m, "msgid"),
        s(m, "systemtime"),
        s(m, "strictcheck"),
        s(m, "token"),
        input(&all, "appkey")
    );
    let sign = ydrz::signature::md5_hex(with_app_key.as_bytes(), true);
    let base = [
        "doctor",
        "app-login",
        "--app-id",
        s(m, "appid"),
        "--msg-id",
        s(m, "msgid"),
        "--systemtime",
        s(m, "systemtime"),
        "--token",
        s(m, "token"),
        "--app-secret",
        input(&all, "APPSecret"),
        "--app-key",
        input(&all, "appkey"),
    ];
    let run = expect(&[&base[..], &["--sign", &sign]].concat(), 0);
    assert!(verdict(&run).contains("with the appkey in place of the APPSecret"), "{}", run.stdout);
    let correct = expect(&[&base[..], &["--sign", s(md5, "expected_hex_upper")]].concat(), 0);
    assert!(verdict(&correct).contains("it is correct"), "{}", correct.stdout);
}

#[test]
fn doctor_finds_a_url_decoded_token() {
    let all = vectors();
    let key = PrivateKey::load(&private(&all, "customer_1024")).unwrap();
    let (app_id, token) = (input(&all, "appId"), "tok%2Ben%3D");
    let decoded_string = ydrz::protocol::strings::app_login_rsa_string(app_id, "tok+en=").unwrap();
    let sign = key
        .sign_encoded(
            decoded_string.as_bytes(),
            ydrz::signature::SignAlgorithm::Sha256WithRsa,
            ydrz::codec::Encoding::HexLower,
        )
        .unwrap();
    let run = expect(
        &[
            "doctor",
            "app-login-rsa",
            "--public-key",
            &public(&all, "customer_1024"),
            "--app-id",
            app_id,
            "--token",
            token,
            "--sign",
            &sign,
        ],
        0,
    );
    assert!(verdict(&run).contains("token URL-decoded"), "{}", run.stdout);
}

// ---- usage and key errors ---------------------------------------------------------------------------------

#[test]
fn usage_errors_exit_2_with_the_help() {
    let all = vectors();
    let key = private(&all, "customer_1024");
    for args in [
        &["sign"][..],
        &["sign", "nope"],
        &["sign", "jssdk", "--app-id", "1"],
        &["sign", "jssdk", "--app-id", "1", "--app-key", "k", "--bogus"],
        &["sign", "presign", "--presign", "x"],
        &["sign", "presign", "--private-key", &key, "--private-key-file", "k.txt", "--presign", "x"],
        &["sign", "rsa", "--private-key", &key, "--data", "x", "--algorithm", "SHA1withRSA", "--encoding", "base64"],
        &["explain"],
        &["doctor"],
        &["doctor", "token-validate", "--app-id", "1"],
        &["decrypt-msisdn", "--msisdn", "x"],
        &["validate", "--token", "t", "--user-information", "u"],
        &["verify", "--config", "c.json", "--token", "t", "--phone", "13800138000", "--interface", "x"],
    ] {
        let run = expect(args, 2);
        assert!(run.stderr.contains("Usage: ydrz"), "usage error of {args:?} shows the help:\n{}", run.stderr);
    }
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in ["keygen", "sign", "encrypt-phone", "decrypt-msisdn", "explain", "doctor", "validate", "verify"] {
        let run = expect(&[command, "--help"], 0);
        assert!(run.stdout.contains("Example"), "{command} --help:\n{}", run.stdout);
    }
}

#[test]
fn a_bad_key_exits_1_naming_the_key_problem() {
    let all = vectors();
    let presign = input(&all, "preSign");
    let garbage = expect(&["sign", "presign", "--private-key", "not-a-key", "--presign", presign], 1);
    assert!(
        garbage.stderr.starts_with("ydrz sign: cannot load the private key from --private-key: ")
            && garbage.stderr.contains("neither PEM nor valid Base64"),
        "{}",
        garbage.stderr
    );
    let public_as_private =
        expect(&["sign", "presign", "--private-key", &public(&all, "customer_1024"), "--presign", presign], 1);
    assert!(public_as_private.stderr.contains("this is a public key"), "{}", public_as_private.stderr);
    let missing = expect(&["sign", "presign", "--private-key-file", "/nonexistent/key.txt", "--presign", presign], 1);
    assert!(missing.stderr.contains("cannot read --private-key-file /nonexistent/key.txt"), "{}", missing.stderr);
    let private_as_public = expect(
        &["doctor", "presign", "--public-key", &private(&all, "customer_1024"), "--presign", presign, "--sign", "x"],
        1,
    );
    assert!(private_as_public.stderr.contains("cannot load the public key"), "{}", private_as_public.stderr);
    assert!(!private_as_public.stderr.contains(&private(&all, "customer_1024")), "the key is not echoed");
}

// ---- validate / verify against a one-shot local server ----------------------------------------------------

/// Serves one request on a loopback port with a 200 JSON `answer`; the thread returns the request it read.
fn serve_once(answer: &'static str) -> (String, thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let request = read_request(&mut stream).unwrap();
        assert!(is_complete_request(&request), "the client closed the connection early: {request}");
        stream.write_all(&json_answer(answer.as_bytes(), true)).unwrap();
        request
    });
    (url, handle)
}

fn write_config(all: &Value, name: &str, base_url: &str) -> std::path::PathBuf {
    let path = temp_path(name).join("client.json");
    let config = serde_json::json!({
        "app_id": input(all, "appId"),
        "app_key": input(all, "appkey"),
        "private_key": private(all, "customer_1024"),
        "platform_public_key": public(all, "platform_1024"),
        "base_url": base_url,
    });
    write_private(&path, &config.to_string());
    path
}

/// Writes a file only its owner may read, as a secret should be kept.
fn write_private(path: &std::path::Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn validate_prints_the_masked_phone_and_sends_user_information_unchanged() {
    let all = vectors();
    let aes = vector(&all, "h5_msisdn_aes128ecb");
    assert_eq!(s(aes, "ciphertext_base64"), "RP+ama7A6MB2X/o7iETGrQ==", "the canned answer below uses this ciphertext");
    let (url, server) = serve_once(r#"{"resultCode":"103000","desc":"success","msisdn":"RP+ama7A6MB2X/o7iETGrQ=="}"#);
    let config = write_config(&all, "validate", &url);
    let info = input(&all, "userInformation");
    let run = expect(
        &[
            "validate",
            "--config",
            config.to_str().unwrap(),
            "--token",
            input(&all, "token_h5"),
            "--user-information",
            info,
        ],
        0,
    );
    assert!(run.stdout.contains("138****8000") && !run.stdout.contains("13800138000"), "{}", run.stdout);
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /h5/onekeylogin/tokenValidate "), "{request}");
    assert!(request.contains(&format!("\"userInformation\":\"{info}\"")), "{request}");

    let (url, server) = serve_once(r#"{"resultCode":"103000","desc":"success","msisdn":"RP+ama7A6MB2X/o7iETGrQ=="}"#);
    let config = write_config(&all, "validate-show", &url);
    let run = expect(
        &[
            "validate",
            "--config",
            config.to_str().unwrap(),
            "--token",
            "t2",
            "--user-information",
            info,
            "--show-phone",
            "--json",
        ],
        0,
    );
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["phone"], "13800138000");
    server.join().unwrap();
}

#[test]
fn validate_reports_a_platform_refusal_with_the_catalog_meaning() {
    let all = vectors();
    let (url, server) = serve_once(r#"{"resultCode":"104013","desc":"sign error"}"#);
    let config = write_config(&all, "validate-refused", &url);
    let run = expect(&["validate", "--config", config.to_str().unwrap(), "--token", "t", "--user-information", "u"], 1);
    assert!(run.stderr.starts_with("ydrz validate: ") && run.stderr.contains("104013"), "{}", run.stderr);
    assert!(run.stderr.contains("验证签名失败"), "{}", run.stderr);
    server.join().unwrap();
    let bad = expect(&["validate", "--config", "/nonexistent.json", "--token", "t", "--user-information", "u"], 1);
    assert!(bad.stderr.contains("cannot read --config /nonexistent.json"), "{}", bad.stderr);
}

#[test]
fn verify_masks_the_phone_in_the_answer_and_exits_1_on_no_match() {
    let all = vectors();
    let phone = input(&all, "phone");
    let (url, server) =
        serve_once(r#"{"header":{"resultCode":"000"},"body":{"resultDesc":"是本机号码","echo":"13800138000"}}"#);
    let config = write_config(&all, "verify", &url);
    let args =
        ["verify", "--config", config.to_str().unwrap(), "--token", "t", "--user-information", "u", "--phone", phone];
    let run = expect(&[&args[..], &["--json"]].concat(), 0);
    assert!(!run.stdout.contains(phone), "the phone is masked everywhere, also in the raw answer:\n{}", run.stdout);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["matched"], true);
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /NumberAbility/h5/verifyVmMobileApi.htm "), "{request}");

    let (url, server) = serve_once(r#"{"header":{"resultCode":"001"},"body":{"resultDesc":"非本机号码"}}"#);
    let config = write_config(&all, "verify-no", &url);
    let args =
        ["verify", "--config", config.to_str().unwrap(), "--token", "t", "--user-information", "u", "--phone", phone];
    let run = expect(&args, 1);
    assert!(
        run.stdout.contains("is NOT the device's number") && run.stderr.contains("001"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    server.join().unwrap();
}

/// With --json a failure is a JSON object on stdout (status, message, platform code), with the same exit code.
#[test]
fn json_failures_are_json_objects_on_stdout() {
    let all = vectors();
    let (url, server) = serve_once(r#"{"resultCode":"104013","desc":"sign error"}"#);
    let config = write_config(&all, "validate-json-refused", &url);
    let args = ["validate", "--config", config.to_str().unwrap(), "--token", "t", "--user-information", "u", "--json"];
    let run = expect(&args, 1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {:?}", run.stdout));
    assert_eq!(json["status"], "YDRZ_E_PLATFORM", "{json}");
    assert_eq!(json["platform_code"], "104013", "{json}");
    assert!(json["message"].as_str().unwrap().contains("104013"), "{json}");
    server.join().unwrap();
    let run =
        expect(&["validate", "--config", "/nonexistent.json", "--token", "t", "--user-information", "u", "--json"], 1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {:?}", run.stdout));
    assert!(json["message"].as_str().unwrap().contains("cannot read --config"), "{json}");
    assert!(json["platform_code"].is_null(), "{json}");
    let presign = input(&all, "preSign");
    let run = expect(&["sign", "presign", "--private-key", "not-a-key", "--presign", presign, "--json"], 1);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {:?}", run.stdout));
    assert_eq!(json["status"], "YDRZ_E_KEY", "{json}");
    let run = expect(&["validate", "--token", "t", "--json"], 2);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {:?}", run.stdout));
    assert_eq!(json["status"], "USAGE", "{json}");
}

// ---- secrets off the command line, bounded reads, warnings (issue 22) ---------------------------------------

/// The appkey from a file, from standard input (`--app-key-file -` and `--app-key -`) and from YDRZ_APP_KEY:
/// each gives the vector's sign, where `--app-key -` used to sign with the appkey "-".
#[test]
fn the_appkey_comes_from_a_file_standard_input_or_the_environment() {
    let all = vectors();
    let v = vector(&all, "jssdk_md5_sign_bt8");
    let i = &v["inputs"];
    let fixed =
        ["sign", "jssdk", "--app-id", s(i, "appId"), "--trace-id", s(i, "traceId"), "--timestamp", s(i, "timestamp")];
    let path = temp_path("appkey-file").join("appkey.txt");
    write_private(&path, &format!("{}\n", s(i, "appkey")));
    let expected = s(v, "expected_hex_upper");
    let from_file = expect(&[&fixed[..], &["--app-key-file", path.to_str().unwrap()]].concat(), 0);
    assert!(from_file.stdout.contains(expected), "{}", from_file.stdout);
    for option in ["--app-key-file", "--app-key"] {
        let run = ydrz_with_stdin(&[&fixed[..], &[option, "-"]].concat(), &format!("{}\r\n", s(i, "appkey")));
        assert_eq!(run.code, 0, "{option} -: {}", run.stderr);
        assert!(run.stdout.contains(expected), "{option} - reads standard input:\n{}", run.stdout);
    }
    let out = command(&fixed).env("YDRZ_APP_KEY", s(i, "appkey")).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(expected), "{}", String::from_utf8_lossy(&out.stderr));
    let both = expect(&[&fixed[..], &["--app-key", "k", "--app-key-file", path.to_str().unwrap()]].concat(), 2);
    assert!(both.stderr.contains("not both"), "{}", both.stderr);
    let twice = ydrz_with_stdin(
        &[
            "doctor",
            "jssdk",
            "--app-id",
            "1",
            "--trace-id",
            "t",
            "--timestamp",
            "20240131235959123",
            "--sign",
            "x",
            "--app-key-file",
            "-",
            "--app-secret-file",
            "-",
        ],
        "k\n",
    );
    assert_eq!(twice.code, 1, "{}", twice.stderr);
    assert!(twice.stderr.contains("standard input was already read"), "{}", twice.stderr);
}

/// With the file forms, neither secret is in the process's command line, which every local user can read
/// (`/proc/PID/cmdline`): the process is looked at while it waits for the secret on standard input.
#[test]
fn file_and_standard_input_secrets_stay_out_of_the_process_list() {
    let all = vectors();
    let v = vector(&all, "jssdk_md5_sign_bt8");
    let i = &v["inputs"];
    let secret_path = temp_path("secret-file").join("secret.txt");
    write_private(&secret_path, "APPSECRET-0123456789abcdef\n");
    let mut child = command(&[
        "doctor",
        "jssdk",
        "--app-id",
        s(i, "appId"),
        "--app-key-file",
        "-",
        "--app-secret-file",
        secret_path.to_str().unwrap(),
        "--trace-id",
        s(i, "traceId"),
        "--timestamp",
        s(i, "timestamp"),
        "--sign",
        s(v, "expected_hex_upper"),
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // Until the child has called exec, its command line is still this test's.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let cmdline = loop {
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains("--app-key-file -") || std::time::Instant::now() > deadline {
            break cmdline;
        }
        thread::sleep(std::time::Duration::from_millis(10));
    };
    assert!(cmdline.contains("--app-key-file -"), "the process list is read while ydrz runs: {cmdline}");
    assert!(!cmdline.contains(s(i, "appkey")) && !cmdline.contains("APPSECRET-0123456789abcdef"), "{cmdline}");
    child.stdin.take().unwrap().write_all(format!("{}\n", s(i, "appkey")).as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("correct"), "{}", String::from_utf8_lossy(&out.stdout));
}

/// ydrz under a 2 GiB address-space limit, so that a read without a bound fails (out of memory) instead of
/// taking the machine's memory.
fn ydrz_bounded(args: &[&str]) -> Run {
    let mut shell_args = vec!["-c", "ulimit -v 2097152 && exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_ydrz")];
    shell_args.extend_from_slice(args);
    let out = Command::new("sh").args(&shell_args).env_remove("YDRZ_APP_KEY").output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Files are read up to the library's own limit and one byte more: /dev/zero is refused at once.
#[test]
fn endless_files_are_refused_at_the_library_limit() {
    let all = vectors();
    let presign = input(&all, "preSign");
    let cases: [&[&str]; 4] = [
        &["sign", "presign", "--private-key-file", "/dev/zero", "--presign", presign],
        &["validate", "--config", "/dev/zero", "--token", "t", "--user-information", "u"],
        &["sign", "jssdk", "--app-id", "1", "--app-key-file", "/dev/zero"],
        &["sandbox", "--port", "0", "--apps", "/dev/zero"],
    ];
    for args in cases {
        let run = ydrz_bounded(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("/dev/zero") && run.stderr.contains("longer than"), "{args:?}: {}", run.stderr);
    }
}

/// A private key or configuration file that other users may read draws a warning; a 0600 one does not.
#[test]
fn readable_secret_files_draw_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let all = vectors();
    let dir = temp_path("modes");
    let key = dir.join("private.txt");
    write_private(&key, &private(&all, "customer_1024"));
    let presign = input(&all, "preSign");
    let args = ["sign", "presign", "--private-key-file", key.to_str().unwrap(), "--presign", presign];
    assert!(!expect(&args, 0).stderr.contains("warning"));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = expect(&args, 0);
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("0644") && run.stderr.contains("chmod 600"),
        "{}",
        run.stderr
    );
    let config = write_config(&all, "config-mode", "http://127.0.0.1:9");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = expect(&["validate", "--config", config.to_str().unwrap(), "--token", "t", "--user-information", "u"], 1);
    assert!(run.stderr.contains("warning") && run.stderr.contains("--config"), "{}", run.stderr);
}

#[test]
fn an_unknown_command_with_json_prints_a_json_error() {
    let run = expect(&["frobnicate", "--json"], 2);
    let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {:?}", run.stdout));
    assert_eq!(json["status"], "USAGE", "{json}");
    assert!(json["message"].as_str().unwrap().contains("frobnicate"), "{json}");
}
