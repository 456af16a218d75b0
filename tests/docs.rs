//! The protocol reference is in the repository: every `docs/protocol.md#anchor` cited in the sources and the
//! README names a heading of docs/protocol.md, and nothing cites a document outside the repository (SPEC,
//! ../shared/).

use std::path::Path;

/// GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as dashes.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "md") {
            out.push(path);
        }
    }
}

#[test]
fn every_cited_anchor_exists_and_no_outside_spec_is_cited() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/protocol.md")).unwrap();
    let anchors: Vec<String> =
        doc.lines().filter_map(|l| l.strip_prefix('#')).map(|l| anchor(l.trim_start_matches('#'))).collect();
    let mut sources = vec![root.join("README.md")];
    files(&root.join("src"), &mut sources);
    let mut cited = 0;
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("SPEC §"), "{} cites SPEC, a document outside the repository", path.display());
        assert!(!text.contains("../shared/"), "{} cites a document outside the repository", path.display());
        let mut rest = text.as_str();
        while let Some(at) = rest.find("docs/protocol.md#") {
            rest = &rest[at + "docs/protocol.md#".len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            assert!(anchors.contains(&name), "{} cites docs/protocol.md#{name}, which has no heading", path.display());
            cited += 1;
        }
    }
    assert!(cited >= 20, "only {cited} citations found");
}
