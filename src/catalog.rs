//! The platform's return codes, compiled from `data/return_codes.tsv` (521 rows) at build time. Only the
//! user-facing columns are compiled in: the file's `source` and `note` columns (provenance and editorial
//! remarks) stay in the file.
//!
//! A code can mean different things in different products and stages (105003, 110028, 502, ...), so lookups
//! narrow by product and stage. All strings are static and NUL-terminated, so the C ABI returns them directly.

use std::ffi::CStr;

use crate::error::{quoted_name, Error, Result};

/// One row of the catalog.
#[derive(Debug)]
pub struct Entry {
    pub product: &'static CStr,
    pub stage: &'static CStr,
    pub code: &'static CStr,
    pub message_zh: &'static CStr,
    pub meaning_en: &'static CStr,
    pub hint: &'static CStr,
}

include!(concat!(env!("OUT_DIR"), "/catalog_table.rs"));

fn text(c: &'static CStr) -> &'static str {
    // The table is generated from a UTF-8 file, so every entry is UTF-8.
    c.to_str().unwrap_or("")
}

impl Entry {
    pub fn product(&self) -> &'static str {
        text(self.product)
    }
    pub fn stage(&self) -> &'static str {
        text(self.stage)
    }
    pub fn code(&self) -> &'static str {
        text(self.code)
    }
    pub fn message_zh(&self) -> &'static str {
        text(self.message_zh)
    }
    pub fn meaning_en(&self) -> &'static str {
        text(self.meaning_en)
    }
    pub fn hint(&self) -> &'static str {
        text(self.hint)
    }

    /// True when both entries give the same code, texts and hint (the same answer listed for two stages).
    pub fn says_the_same(&self, other: &Entry) -> bool {
        (self.code(), self.message_zh(), self.meaning_en(), self.hint())
            == (other.code(), other.message_zh(), other.meaning_en(), other.hint())
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "product": self.product(),
            "stage": self.stage(),
            "code": self.code(),
            "message_zh": self.message_zh(),
            "meaning_en": self.meaning_en(),
            "hint": self.hint(),
        })
    }
}

/// Every row, in file order.
pub fn entries() -> &'static [Entry] {
    ENTRIES
}

/// Product names used in the catalog.
pub fn products() -> Vec<&'static str> {
    distinct(ENTRIES.iter().map(Entry::product))
}

/// Stage names used in the catalog.
pub fn stages() -> Vec<&'static str> {
    distinct(ENTRIES.iter().map(Entry::stage))
}

fn distinct(items: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Every entry for `code`, narrowed by product and stage when given. Entries in file order.
pub fn lookup<'a>(
    code: &'a str,
    product: Option<&'a str>,
    stage: Option<&'a str>,
) -> impl Iterator<Item = &'static Entry> + 'a {
    ENTRIES.iter().filter(move |e| {
        e.code() == code && product.is_none_or(|p| e.product() == p) && stage.is_none_or(|s| e.stage() == s)
    })
}

/// Like `lookup`, but an unknown product or stage name is an error rather than an empty result.
pub fn describe(code: &str, product: Option<&str>, stage: Option<&str>) -> Result<Vec<&'static Entry>> {
    if let Some(p) = product {
        if !products().contains(&p) {
            return Err(Error::invalid_arg(format!(
                "unknown product {}; known: {}",
                quoted_name(p),
                products().join(", ")
            )));
        }
    }
    if let Some(s) = stage {
        if !stages().contains(&s) {
            return Err(Error::invalid_arg(format!(
                "unknown stage {}; known: {}",
                quoted_name(s),
                stages().join(", ")
            )));
        }
    }
    Ok(lookup(code, product, stage).collect())
}

/// The first matching entry, used to add the catalog's view to a platform error.
pub fn first(code: &str, product: Option<&str>, stage: Option<&str>) -> Option<&'static Entry> {
    lookup(code, product, stage).next()
}

/// The entry that best explains `code` as answered by `product` at `stage`: that stage's entry, else the
/// product's, else any product's.
pub fn best(code: &str, product: &str, stage: &str) -> Option<&'static Entry> {
    first(code, Some(product), Some(stage))
        .or_else(|| first(code, Some(product), None))
        .or_else(|| first(code, None, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_compiled_in() {
        assert_eq!(entries().len(), 521);
    }

    #[test]
    fn hints_are_advice_for_users_not_provenance() {
        let provenance = ["DUPLICATE", "source", "seed", "third-party", "doc ", "listed until", "V1.", "§"];
        for e in entries() {
            let found = provenance.iter().find(|word| e.hint().contains(*word));
            assert!(
                found.is_none(),
                "{} {} {}: hint {:?} carries provenance",
                e.product(),
                e.stage(),
                e.code(),
                e.hint()
            );
        }
        let inner_error = first("103005", Some("mp_onekey_login"), Some("token_validate")).unwrap();
        assert_eq!(inner_error.message_zh(), "inner error");
    }

    #[test]
    fn product_narrows_duplicated_codes() {
        let all: Vec<_> = lookup("105003", None, None).map(Entry::message_zh).collect();
        assert!(all.len() >= 2, "105003 has several meanings: {all:?}");
        let unicom = first("105003", Some("mp_onekey_login"), Some("cucc_getnum")).unwrap();
        assert!(unicom.message_zh().contains("联通"), "{}", unicom.message_zh());
        let telecom = first("105003", Some("mp_onekey_login"), Some("ctcc_getnum")).unwrap();
        assert!(telecom.message_zh().contains("电信"), "{}", telecom.message_zh());
        assert_eq!(first("103000", Some("mp_onekey_login"), Some("token_validate")).unwrap().message_zh(), "成功");
        assert!(describe("103000", Some("nope"), None).is_err());
        assert!(describe("999999999", None, None).unwrap().is_empty());
    }

    #[test]
    fn best_falls_back_from_stage_to_product_to_any() {
        let exact = best("105003", "mp_onekey_login", "cucc_getnum").unwrap();
        assert_eq!((exact.product(), exact.stage()), ("mp_onekey_login", "cucc_getnum"));
        let same_product = best("105003", "mp_onekey_login", "token_validate").unwrap();
        assert_eq!((same_product.product(), same_product.stage()), ("mp_onekey_login", "ctcc_getnum"));
        let any = best("105003", "mp_number_verify", "troubleshooting").unwrap();
        assert_eq!(any.product(), "mp_onekey_login");
        assert!(best("999999999", "mp_onekey_login", "token_validate").is_none());
    }
}
