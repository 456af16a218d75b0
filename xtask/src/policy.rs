//! The release policy for the ELF files of a release tree. Each check takes what `elf` read and returns the
//! problems it finds, each a sentence naming the file.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use crate::elf::{ArchiveFacts, ElfFacts};

/// A glibc version such as 2.17, ordered numerically (2.9 < 2.17).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GlibcVersion(Vec<u32>);

impl FromStr for GlibcVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let parts: Result<Vec<u32>, _> = s.split('.').map(str::parse).collect();
        match parts {
            Ok(parts) if parts.len() >= 2 => Ok(Self(parts)),
            _ => Err(format!("'{s}' is not a glibc version such as 2.17")),
        }
    }
}

impl fmt::Display for GlibcVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// The libraries an executable or shared object of the release may need: the manylinux2014 allowlist's
/// system libraries.
fn allowed_library(name: &str) -> bool {
    const ALLOWED: [&str; 7] =
        ["libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1", "libgcc_s.so.1"];
    ALLOWED.contains(&name) || (name.starts_with("ld-linux-") && name.contains(".so."))
}

/// At most five names of a list, for a message.
fn some(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    names.into_iter().take(5).map(|n| n.as_ref().to_owned()).collect::<Vec<_>>().join(" ")
}

/// No symbol table and no debug info: the debug files ship separately.
pub fn stripped(path: &str, facts: &ElfFacts) -> Option<String> {
    let unstripped = [".symtab", ".debug_info", ".debug_line"].iter().any(|s| facts.sections.contains(*s));
    unstripped.then(|| format!("{path} is not stripped"))
}

/// The newest `GLIBC_x.y` the file needs, `None` when it needs none; a version that is not a number (such
/// as `GLIBC_PRIVATE`) is an error.
pub fn newest_glibc(path: &str, facts: &ElfFacts) -> Result<Option<GlibcVersion>, String> {
    let mut newest = None;
    for name in facts.versions_needed.keys() {
        if let Some(number) = name.strip_prefix("GLIBC_") {
            let version: GlibcVersion = number.parse().map_err(|_| format!("{path} needs {name}"))?;
            newest = newest.max(Some(version));
        }
    }
    Ok(newest)
}

/// Every glibc version the file needs is at most the floor, weak references included.
pub fn glibc_floor(path: &str, facts: &ElfFacts, floor: &GlibcVersion) -> Option<String> {
    match newest_glibc(path, facts) {
        Err(problem) => Some(problem),
        Ok(Some(newest)) if newest > *floor => {
            let symbols = facts.versions_needed.get(&format!("GLIBC_{newest}")).into_iter().flatten();
            let symbols = some(symbols.map(|s| format!("{s}@GLIBC_{newest}")));
            Some(format!("{path} needs GLIBC_{newest} (floor: GLIBC_{floor}): {symbols}"))
        }
        Ok(_) => None,
    }
}

/// The file needs only libraries of the allowlist.
pub fn allowed_libraries(path: &str, facts: &ElfFacts) -> Vec<String> {
    let outside = facts.needed.iter().filter(|lib| !allowed_library(lib));
    outside.map(|lib| format!("{path} needs {lib}, which is not in the manylinux2014 allowlist")).collect()
}

/// The SONAME is `libydrz.so.<abi>`, the ABI version of the manifest.
pub fn soname(path: &str, facts: &ElfFacts, abi_version: u64) -> Option<String> {
    let expected = format!("libydrz.so.{abi_version}");
    let actual = facts.soname.as_deref().unwrap_or("");
    (actual != expected).then(|| format!("{path} has SONAME '{actual}', not {expected} (YDRZ_ABI_VERSION)"))
}

/// The names a library defines globally are exactly the manifest's functions.
pub fn exports_exactly(
    path: &str,
    what: &str,
    defined: &BTreeSet<String>,
    functions: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let extra: Vec<_> = defined.difference(functions).collect();
    if !extra.is_empty() {
        problems.push(format!("{path} {what} more than the functions of include/ydrz.abi.json: {}", some(extra)));
    }
    let missing: Vec<_> = functions.difference(defined).collect();
    if !missing.is_empty() {
        problems.push(format!("{path} lacks functions of include/ydrz.abi.json: {}", some(missing)));
    }
    problems
}

/// The JNI library exports only its `Java_*` entry points and `JNI_OnLoad`.
pub fn jni_exports(path: &str, facts: &ElfFacts) -> Option<String> {
    let stray: Vec<_> = facts.exports.iter().filter(|n| !n.starts_with("Java_") && *n != "JNI_OnLoad").collect();
    (!stray.is_empty()).then(|| format!("{path} exports more than Java_* and JNI_OnLoad: {}", some(stray)))
}

/// The library is marked NODELETE, so a host unloading it never runs a thread-exit destructor of its in
/// unmapped code.
pub fn nodelete(path: &str, facts: &ElfFacts) -> Option<String> {
    (!facts.nodelete).then(|| format!("{path} is not marked NODELETE (link with -z nodelete)"))
}

pub fn size(path: &str, bytes: u64, max: u64) -> Option<String> {
    (bytes > max).then(|| format!("{path} is {bytes} bytes, over the {max}-byte limit"))
}

/// libydrz.a defines only the manifest's functions globally, calls none of glibc's C23 symbols (`__isoc23_*`,
/// glibc >= 2.38 only) and holds no debug info.
pub fn static_archive(path: &str, facts: &ArchiveFacts, functions: &BTreeSet<String>) -> Vec<String> {
    let mut problems = exports_exactly(path, "defines", &facts.globals, functions);
    let c23: Vec<_> = facts.undefined.iter().filter(|s| s.starts_with("__isoc23_")).collect();
    if !c23.is_empty() {
        problems.push(format!("{path} calls __isoc23_* (glibc >= 2.38): {}", some(c23)));
    }
    if !facts.debug_sections.is_empty() {
        problems.push(format!("{path} holds debug info ({})", some(&facts.debug_sections)));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn needing(versions: &[(&str, &[&str])]) -> ElfFacts {
        let mut facts = ElfFacts::default();
        for (version, symbols) in versions {
            facts.versions_needed.insert(version.to_string(), names(symbols));
        }
        facts
    }

    #[test]
    fn glibc_versions_order_numerically() {
        let v = |s: &str| s.parse::<GlibcVersion>().unwrap();
        assert!(v("2.9") < v("2.17") && v("2.17") < v("2.17.1") && v("2.38") > v("2.17"));
        assert_eq!(v("2.17").to_string(), "2.17");
        assert!("2".parse::<GlibcVersion>().is_err() && "PRIVATE".parse::<GlibcVersion>().is_err());
    }

    #[test]
    fn the_glibc_floor_counts_every_version_and_names_the_symbols_of_the_newest() {
        let floor = "2.17".parse().unwrap();
        let old = needing(&[("GLIBC_2.2.5", &["memcpy"]), ("GLIBC_2.17", &["clock_gettime"]), ("GCC_3.0", &[])]);
        assert_eq!(glibc_floor("lib", &old, &floor), None);
        assert_eq!(newest_glibc("lib", &old).unwrap().unwrap().to_string(), "2.17");
        // A version listed only in the version-needs section (a weak reference) counts too.
        let new = needing(&[("GLIBC_2.17", &["malloc"]), ("GLIBC_2.34", &["__libc_start_main"]), ("GLIBC_2.38", &[])]);
        assert_eq!(glibc_floor("bin/ydrz", &new, &floor).unwrap(), "bin/ydrz needs GLIBC_2.38 (floor: GLIBC_2.17): ");
        let named = needing(&[("GLIBC_2.34", &["__libc_start_main"])]);
        assert_eq!(
            glibc_floor("bin/ydrz", &named, &floor).unwrap(),
            "bin/ydrz needs GLIBC_2.34 (floor: GLIBC_2.17): __libc_start_main@GLIBC_2.34"
        );
        assert_eq!(glibc_floor("x", &ElfFacts::default(), &floor), None);
        let private = needing(&[("GLIBC_PRIVATE", &["_dl_x"])]);
        assert_eq!(glibc_floor("x", &private, &floor).unwrap(), "x needs GLIBC_PRIVATE");
    }

    #[test]
    fn only_the_allowlisted_libraries_may_be_needed() {
        let facts = ElfFacts {
            needed: ["libc.so.6", "libgcc_s.so.1", "ld-linux-aarch64.so.1", "libssl.so.3", "libstdc++.so.6"]
                .map(String::from)
                .to_vec(),
            ..ElfFacts::default()
        };
        assert_eq!(
            allowed_libraries("f", &facts),
            [
                "f needs libssl.so.3, which is not in the manylinux2014 allowlist",
                "f needs libstdc++.so.6, which is not in the manylinux2014 allowlist"
            ]
        );
    }

    #[test]
    fn stripped_means_no_symbol_table_and_no_debug_info() {
        let mut facts = ElfFacts { sections: names(&[".text", ".dynsym", ".gnu_debuglink"]), ..ElfFacts::default() };
        assert_eq!(stripped("f", &facts), None);
        facts.sections.insert(".debug_line".into());
        assert_eq!(stripped("f", &facts).unwrap(), "f is not stripped");
    }

    #[test]
    fn the_soname_carries_the_manifests_abi_version() {
        let facts = ElfFacts { soname: Some("libydrz.so.1".into()), ..ElfFacts::default() };
        assert_eq!(soname("l", &facts, 1), None);
        assert!(soname("l", &facts, 2).unwrap().contains("not libydrz.so.2"));
        assert!(soname("l", &ElfFacts::default(), 1).unwrap().contains("SONAME ''"));
    }

    #[test]
    fn the_exports_are_exactly_the_manifests_functions() {
        let functions = names(&["ydrz_a", "ydrz_b"]);
        assert!(exports_exactly("l", "exports", &names(&["ydrz_a", "ydrz_b"]), &functions).is_empty());
        let problems =
            exports_exactly("l", "exports", &names(&["ydrz_a", "ydrz_test_panic", "rust_eh_personality"]), &functions);
        assert_eq!(
            problems,
            [
                "l exports more than the functions of include/ydrz.abi.json: rust_eh_personality ydrz_test_panic",
                "l lacks functions of include/ydrz.abi.json: ydrz_b",
            ]
        );
    }

    #[test]
    fn the_jni_library_exports_only_entry_points() {
        let mut facts =
            ElfFacts { exports: names(&["Java_com_ydrz_Native_version", "JNI_OnLoad"]), ..ElfFacts::default() };
        assert_eq!(jni_exports("j", &facts), None);
        facts.exports.insert("ydrz_version".into());
        assert_eq!(jni_exports("j", &facts).unwrap(), "j exports more than Java_* and JNI_OnLoad: ydrz_version");
    }

    #[test]
    fn nodelete_and_size() {
        assert!(nodelete("l", &ElfFacts::default()).is_some());
        assert_eq!(nodelete("l", &ElfFacts { nodelete: true, ..ElfFacts::default() }), None);
        assert_eq!(size("l", 8, 8), None);
        assert_eq!(size("l", 9, 8).unwrap(), "l is 9 bytes, over the 8-byte limit");
    }

    #[test]
    fn the_static_archive_defines_the_functions_calls_no_c23_symbol_and_has_no_debug_info() {
        let functions = names(&["ydrz_a"]);
        let clean =
            ArchiveFacts { globals: names(&["ydrz_a"]), undefined: names(&["strtol"]), ..ArchiveFacts::default() };
        assert!(static_archive("a", &clean, &functions).is_empty());
        let bad = ArchiveFacts {
            globals: names(&["ydrz_a", "rust_begin_unwind"]),
            undefined: names(&["__isoc23_strtol"]),
            debug_sections: names(&[".debug_info"]),
        };
        assert_eq!(
            static_archive("a", &bad, &functions),
            [
                "a defines more than the functions of include/ydrz.abi.json: rust_begin_unwind",
                "a calls __isoc23_* (glibc >= 2.38): __isoc23_strtol",
                "a holds debug info (.debug_info)",
            ]
        );
    }
}
