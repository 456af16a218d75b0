//! `dist-check`: the ELF checks of staged release trees (scripts/dist/check.sh runs it, README "Install").

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::elf::{self, ElfFacts};
use crate::manifest::Manifest;
use crate::policy::{self, GlibcVersion};

/// The release's limits (scripts/dist/env.sh).
pub struct Limits {
    /// Every ELF file needs at most this glibc.
    pub glibc_floor: GlibcVersion,
    /// The stripped libydrz.so may not grow past this.
    pub max_shared_lib_bytes: u64,
}

/// The regular files under `dir` (symbolic links left out), sorted.
fn files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        let kind = fs::symlink_metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?.file_type();
        if kind.is_dir() {
            found.extend(files(&path)?);
        } else if kind.is_file() {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn link_target(path: &Path) -> String {
    fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default()
}

/// Checks the tree of release `version`: prints one line per ELF file (its newest glibc and its libraries)
/// and returns the problems found.
pub fn check_tree(tree: &Path, version: &str, manifest: &Manifest, limits: &Limits) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    let mut elves: BTreeMap<PathBuf, ElfFacts> = BTreeMap::new();
    for path in files(tree)? {
        let data = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if !elf::is_elf(&data) {
            continue;
        }
        let shown = path.display().to_string();
        let facts = elf::read_elf(&data).map_err(|e| format!("{shown}: {e}"))?;
        problems.extend(policy::stripped(&shown, &facts));
        problems.extend(policy::glibc_floor(&shown, &facts, &limits.glibc_floor));
        problems.extend(policy::allowed_libraries(&shown, &facts));
        let newest = policy::newest_glibc(&shown, &facts).ok().flatten().map_or("none".to_owned(), |v| v.to_string());
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("  {name}: GLIBC_{newest}, needs: {}", facts.needed.join(" "));
        elves.insert(path, facts);
    }

    let lib_dir = tree.join("lib");
    let lib = lib_dir.join(format!("libydrz.so.{version}"));
    let shown = lib.display().to_string();
    match elves.get(&lib) {
        None => problems.push(format!("{shown} is missing or not an ELF file")),
        Some(facts) => {
            problems.extend(policy::soname(&shown, facts, manifest.abi_version));
            problems.extend(policy::exports_exactly(&shown, "exports", &facts.exports, &manifest.functions));
            problems.extend(policy::nodelete(&shown, facts));
            let bytes = fs::metadata(&lib).map_err(|e| format!("{shown}: {e}"))?.len();
            problems.extend(policy::size(&shown, bytes, limits.max_shared_lib_bytes));
            let soname = facts.soname.clone().unwrap_or_default();
            if link_target(&lib_dir.join(&soname)) != format!("libydrz.so.{version}") {
                problems.push(format!("lib/{soname} does not link to libydrz.so.{version}"));
            }
            if link_target(&lib_dir.join("libydrz.so")) != soname {
                problems.push(format!("lib/libydrz.so does not link to {soname}"));
            }
        }
    }

    let jni = lib_dir.join("libydrz_jni.so");
    let shown = jni.display().to_string();
    match elves.get(&jni) {
        None => problems.push(format!("{shown} is missing or not an ELF file")),
        Some(facts) => {
            problems.extend(policy::jni_exports(&shown, facts));
            problems.extend(policy::nodelete(&shown, facts));
        }
    }

    let archive = lib_dir.join("libydrz.a");
    let shown = archive.display().to_string();
    match fs::read(&archive) {
        Err(e) => problems.push(format!("{shown}: {e}")),
        Ok(data) => {
            let facts = elf::read_archive(&data).map_err(|e| format!("{shown}: {e}"))?;
            problems.extend(policy::static_archive(&shown, &facts, &manifest.functions));
        }
    }
    Ok(problems)
}
