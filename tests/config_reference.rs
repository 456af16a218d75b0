//! docs/configuration.md is what the library's configuration parser generates (src/client/config_reference.rs):
//! a key added, renamed or given another default fails here until the file is regenerated with
//! `YDRZ_BLESS=1 cargo test --test config_reference`.

use std::path::Path;

#[test]
fn docs_configuration_md_is_generated_from_the_parser() {
    let generated = ydrz::client::config_reference::markdown().expect("every key has a meaning");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md");
    if std::env::var_os("YDRZ_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} differs from what the parser generates: regenerate it with `YDRZ_BLESS=1 cargo test --test config_reference`",
        path.display()
    );
}
