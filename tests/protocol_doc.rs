//! The recipe and default tables of docs/protocol.md are generated from the descriptors of
//! `ydrz::protocol::interfaces`; this test fails when the committed document differs from what they give.
//! `YDRZ_WRITE_DOCS=1 cargo test --test protocol_doc` (or `make protocol-doc`) rewrites the tables.

use std::path::Path;

use ydrz::protocol::interfaces::SECTIONS;
use ydrz::protocol::recipe::{Basis, Value};

const DOC: &str = "docs/protocol.md";
const BEGIN: &str = "<!-- recipes: generated from src/protocol/interfaces.rs by tests/protocol_doc.rs; do not edit -->";
const END: &str = "<!-- end of recipes -->";

/// One table row per recipe of every section, then one per option default.
fn tables() -> String {
    let mut out = String::new();
    out.push_str("| section | value | made of (in order, `+` is concatenation) | algorithm | encoding | sources | encoding: sources |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for section in SECTIONS {
        for recipe in section.recipes {
            let basis = match recipe.encoding_basis {
                Basis::Documented(source) => format!("documented ({source})"),
                Basis::Open(why) => format!("open: {why}"),
            };
            out.push_str(&format!(
                "| `{}` | {} | `{}` | {} | `{}` | {} | {} |\n",
                section.name,
                recipe.output,
                recipe.formula(),
                recipe.algorithm.name(),
                recipe.encoding.name(),
                recipe.source,
                basis
            ));
        }
    }
    out.push('\n');
    out.push_str("| option | default |\n|---|---|\n");
    for section in SECTIONS {
        for setting in section.settings {
            let default = match setting.default {
                Value::Text(text) => format!("`{text}`"),
                other => format!("`{}`", other.to_json()),
            };
            out.push_str(&format!("| `{}.{}` | {default} |\n", section.name, setting.key));
        }
    }
    out
}

#[test]
fn the_document_shows_the_descriptors_recipes_and_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let text = std::fs::read_to_string(&path).expect("docs/protocol.md");
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("{DOC} lacks the markers {BEGIN} and {END}");
    };
    let current = &text[begin + BEGIN.len()..end];
    let wanted = format!("\n{}", tables());
    if current == wanted {
        return;
    }
    if std::env::var_os("YDRZ_WRITE_DOCS").is_some() {
        let updated = format!("{}{BEGIN}{wanted}{}", &text[..begin], &text[end..]);
        std::fs::write(&path, updated).expect("write docs/protocol.md");
        return;
    }
    panic!(
        "{DOC}'s recipe tables differ from src/protocol/interfaces.rs; run `make protocol-doc` and commit.\n\
         --- wanted ---\n{wanted}--- found ---\n{current}"
    );
}
