//! What the release checks read from an ELF file and from a static archive, parsed with the `object` crate.

use std::collections::{BTreeMap, BTreeSet};

use object::elf;
use object::read::archive::ArchiveFile;
use object::read::elf::{Dyn, ElfFile64, Sym};
use object::{Endianness, Object, ObjectSection, ObjectSymbol};

/// The facts of one ELF executable or shared object that the release policy looks at.
#[derive(Debug, Default)]
pub struct ElfFacts {
    /// Every section name.
    pub sections: BTreeSet<String>,
    /// The DT_NEEDED libraries, in order.
    pub needed: Vec<String>,
    pub soname: Option<String>,
    /// DT_FLAGS_1 has DF_1_NODELETE (linked with `-z nodelete`).
    pub nodelete: bool,
    /// The names defined GLOBAL or WEAK in the dynamic symbol table (what the file exports).
    pub exports: BTreeSet<String>,
    /// Every symbol version the file needs from its libraries (e.g. `GLIBC_2.17`, weak references included),
    /// with the undefined dynamic symbols bound to it.
    pub versions_needed: BTreeMap<String, BTreeSet<String>>,
}

/// The facts of a static archive (`ar`) of ELF objects.
#[derive(Debug, Default)]
pub struct ArchiveFacts {
    /// Symbols some member defines with GLOBAL or WEAK binding.
    pub globals: BTreeSet<String>,
    /// Symbols some member references without defining them.
    pub undefined: BTreeSet<String>,
    /// Sections named `.debug_*` of any member.
    pub debug_sections: BTreeSet<String>,
}

pub fn is_elf(data: &[u8]) -> bool {
    data.starts_with(&elf::ELFMAG)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn error(e: object::Error) -> String {
    e.to_string()
}

/// Reads a 64-bit ELF file (both release architectures are 64-bit, either byte order).
pub fn read_elf(data: &[u8]) -> Result<ElfFacts, String> {
    let file = ElfFile64::<Endianness>::parse(data).map_err(error)?;
    let endian = file.endian();
    let table = file.elf_section_table();
    let mut facts = ElfFacts::default();
    for section in file.sections() {
        facts.sections.insert(section.name().map_err(error)?.to_owned());
    }
    if let Some((entries, link)) = table.dynamic(endian, data).map_err(error)? {
        let strings = table.strings(endian, data, link).map_err(error)?;
        for entry in entries {
            match entry.tag32(endian) {
                Some(elf::DT_NEEDED) => facts.needed.push(text(entry.string(endian, strings).map_err(error)?)),
                Some(elf::DT_SONAME) => facts.soname = Some(text(entry.string(endian, strings).map_err(error)?)),
                Some(elf::DT_FLAGS_1) => {
                    facts.nodelete |= entry.val32(endian).is_some_and(|flags| flags & elf::DF_1_NODELETE != 0)
                }
                _ => {}
            }
        }
    }
    if let Some((mut needs, link)) = table.gnu_verneed(endian, data).map_err(error)? {
        let strings = table.strings(endian, data, link).map_err(error)?;
        while let Some((_, mut versions)) = needs.next().map_err(error)? {
            while let Some(version) = versions.next().map_err(error)? {
                facts.versions_needed.entry(text(version.name(endian, strings).map_err(error)?)).or_default();
            }
        }
    }
    let versions = table.versions(endian, data).map_err(error)?.unwrap_or_default();
    for symbol in file.dynamic_symbols() {
        let raw = symbol.elf_symbol();
        let name = symbol.name().map_err(error)?;
        if raw.is_undefined(endian) {
            let index = versions.version_index(endian, symbol.index());
            if let Some(version) = versions.version(index).map_err(error)? {
                facts.versions_needed.entry(text(version.name())).or_default().insert(name.to_owned());
            }
        } else if matches!(raw.st_bind(), elf::STB_GLOBAL | elf::STB_WEAK) && raw.st_type() != elf::STT_SECTION {
            facts.exports.insert(name.to_owned());
        }
    }
    Ok(facts)
}

/// Reads every member of a static archive as an object file.
pub fn read_archive(data: &[u8]) -> Result<ArchiveFacts, String> {
    let archive = ArchiveFile::parse(data).map_err(error)?;
    let mut facts = ArchiveFacts::default();
    for member in archive.members() {
        let member = member.map_err(error)?;
        let object = object::File::parse(member.data(data).map_err(error)?)
            .map_err(|e| format!("member {}: {e}", text(member.name())))?;
        for symbol in object.symbols() {
            let name = symbol.name().map_err(error)?;
            if symbol.is_undefined() {
                facts.undefined.insert(name.to_owned());
            } else if symbol.is_global() {
                facts.globals.insert(name.to_owned());
            }
        }
        for section in object.sections() {
            let name = section.name().map_err(error)?;
            if name.starts_with(".debug_") {
                facts.debug_sections.insert(name.to_owned());
            }
        }
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use object::write::{Object as WriteObject, Symbol, SymbolSection};
    use object::{Architecture, BinaryFormat, SectionKind, SymbolFlags, SymbolKind, SymbolScope};

    /// A relocatable ELF object defining `defined` globally in .text, referencing `undefined`, with a
    /// .debug_info section when `debug` is set.
    fn object_file(defined: &[&str], undefined: &[&str], debug: bool) -> Vec<u8> {
        let mut obj = WriteObject::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
        let text = obj.add_section(Vec::new(), b".text".to_vec(), SectionKind::Text);
        obj.append_section_data(text, &[0xc3; 16], 1);
        for (k, name) in defined.iter().enumerate() {
            obj.add_symbol(Symbol {
                name: name.as_bytes().to_vec(),
                value: k as u64,
                size: 1,
                kind: SymbolKind::Text,
                scope: SymbolScope::Dynamic,
                weak: false,
                section: SymbolSection::Section(text),
                flags: SymbolFlags::None,
            });
        }
        for name in undefined {
            obj.add_symbol(Symbol {
                name: name.as_bytes().to_vec(),
                value: 0,
                size: 0,
                kind: SymbolKind::Text,
                scope: SymbolScope::Dynamic,
                weak: false,
                section: SymbolSection::Undefined,
                flags: SymbolFlags::None,
            });
        }
        if debug {
            let info = obj.add_section(Vec::new(), b".debug_info".to_vec(), SectionKind::Debug);
            obj.append_section_data(info, &[0; 8], 1);
        }
        obj.write().unwrap()
    }

    /// An ar archive of the members, as `ar rcD` writes it (GNU names, no symbol index).
    fn archive(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = b"!<arch>\n".to_vec();
        for (name, data) in members {
            let header = format!("{:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n", format!("{name}/"), 0, 0, 0, 644, data.len());
            out.extend_from_slice(header.as_bytes());
            out.extend_from_slice(data);
            if data.len() % 2 == 1 {
                out.push(b'\n');
            }
        }
        out
    }

    #[test]
    fn an_archive_gives_its_members_globals_references_and_debug_sections() {
        let a = archive(&[
            ("a.o", object_file(&["ydrz_version", "helper"], &["__isoc23_strtol"], false)),
            ("b.o", object_file(&["ydrz_abi_version"], &[], true)),
        ]);
        let facts = read_archive(&a).unwrap();
        assert_eq!(facts.globals, ["helper", "ydrz_abi_version", "ydrz_version"].map(String::from).into());
        assert!(facts.undefined.contains("__isoc23_strtol"), "{:?}", facts.undefined);
        assert_eq!(facts.debug_sections, [".debug_info".to_owned()].into());
    }

    #[test]
    fn an_object_file_is_elf_and_its_sections_are_read() {
        let data = object_file(&["ydrz_version"], &[], true);
        assert!(is_elf(&data));
        let facts = read_elf(&data).unwrap();
        assert!(facts.sections.contains(".debug_info") && facts.sections.contains(".symtab"), "{:?}", facts.sections);
        assert!(facts.needed.is_empty() && facts.soname.is_none() && facts.exports.is_empty());
    }

    /// The test program itself: a dynamically linked, unstripped executable that needs glibc.
    #[test]
    fn a_dynamic_executable_gives_its_libraries_and_glibc_versions() {
        let data = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        let facts = read_elf(&data).unwrap();
        assert!(facts.needed.iter().any(|lib| lib == "libc.so.6"), "{:?}", facts.needed);
        assert!(facts.sections.contains(".symtab"));
        assert!(facts.soname.is_none() && !facts.nodelete);
        let glibc: Vec<_> = facts.versions_needed.keys().filter(|v| v.starts_with("GLIBC_2.")).collect();
        assert!(!glibc.is_empty(), "{:?}", facts.versions_needed);
        assert!(facts.versions_needed.values().flatten().any(|symbol| symbol == "memcpy" || symbol == "malloc"));
    }

    #[test]
    fn text_that_is_not_elf_is_refused() {
        assert!(!is_elf(b"#!/bin/sh\n"));
        assert!(read_elf(b"\x7fELF\x02\x01").is_err());
        assert!(read_archive(b"!<arch>\nbroken").is_err());
    }
}
