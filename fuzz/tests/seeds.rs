//! Replays every committed seed (including reproducers of past findings) through its fuzz target's check, on
//! stable Rust, so that `make test` guards what fuzzing found without needing libFuzzer.

use std::path::Path;

type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 7] = [
    ("key_load", ydrz_fuzz::key_load),
    ("rsa_decrypt", ydrz_fuzz::rsa_decrypt),
    ("msisdn", ydrz_fuzz::msisdn),
    ("response", ydrz_fuzz::response),
    ("client_config", ydrz_fuzz::client_config),
    ("client_url", ydrz_fuzz::client_url),
    ("sign_fields", ydrz_fuzz::sign_fields),
];

#[test]
fn every_seed_passes_its_check() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for (target, check) in TARGETS {
        let dir = seeds.join(target);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            check(&std::fs::read(&path).unwrap());
            count += 1;
        }
        assert!(count > 0, "no seeds for {target}");
    }
}

#[test]
fn every_fuzz_target_is_replayed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz_targets");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut replayed: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
    replayed.sort();
    assert_eq!(names, replayed);
}
