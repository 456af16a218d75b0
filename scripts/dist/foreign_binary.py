#!/usr/bin/env python3
"""Reads and checks the Mach-O and PE (Windows) files of a release tree without running them.

The macOS binaries cannot run on the build machine, and the Windows ones run only under wine, so what a
loader on the real system would check is checked here from the file's own headers:
- the file format and the CPU architecture (Mach-O cputype, PE machine) of every binary and of every member
  of a static or import library;
- the symbols a shared library exports: only the C ABI (ydrz_*), or only the JNI entry points;
- the oldest OS the binary declares it runs on (Mach-O LC_BUILD_VERSION / LC_VERSION_MIN_MACOSX minos;
  the PE subsystem version);
- the libraries it loads: only the operating system's own (macOS: /usr/lib/ and /System/Library/; Windows:
  the system DLLs, the Universal CRT API sets), never a compiler runtime the user would lack (libgcc_s,
  libwinpthread, libc++ from Homebrew...).

Usage: foreign_binary.py <platform> <tree>    (platform: macos-x86_64, macos-aarch64, windows-x86_64)
Prints one line per file, and exits 1 when any check fails.
       foreign_binary.py --def <dll>           prints the module-definition (.def) file of a DLL
"""

from __future__ import annotations

import fnmatch
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

MACHO_MAGIC_64 = 0xFEEDFACF
MACHO_CPU = {0x01000007: "x86_64", 0x0100000C: "aarch64"}
MACHO_FILETYPE = {1: "object", 2: "executable", 6: "dylib"}
LC_SYMTAB = 0x2
LC_LOAD_DYLIB_COMMANDS = {0xC, 0x20, 0x80000018, 0x8000001F, 0x80000023}  # load, lazy, weak, reexport, upward
LC_VERSION_MIN_MACOSX = 0x24
LC_BUILD_VERSION = 0x32
PLATFORM_MACOS = 1
N_STAB, N_PEXT, N_TYPE, N_EXT, N_SECT = 0xE0, 0x10, 0x0E, 0x01, 0x0E

PE_MACHINE = {0x8664: "x86_64", 0xAA64: "aarch64", 0x14C: "x86"}
PE32_PLUS = 0x20B
IMAGE_FILE_DLL = 0x2000

# What a program may load on each system: the OS's own libraries only.
MACOS_SYSTEM_PREFIXES = ("/usr/lib/", "/System/Library/")
WINDOWS_SYSTEM_DLLS = (
    "kernel32.dll",
    "ntdll.dll",
    "advapi32.dll",
    "bcrypt.dll",
    "bcryptprimitives.dll",
    "ws2_32.dll",
    "userenv.dll",
    "crypt32.dll",
    "secur32.dll",
    "api-ms-win-crt-*.dll",
    "api-ms-win-core-*.dll",
    "ucrtbase.dll",
    "msvcrt.dll",  # the MinGW-w64 C runtime's target: part of every Windows since 2000
)
# AWS-LC's jitterentropy marks its entry points __declspec(dllexport) on Windows (jitterentropy.h,
# JENT_PRIVATE_STATIC), and the MinGW linker exports them whatever the .def file says. They carry AWS-LC's
# versioned prefix, so they cannot clash with another library's; nothing else may be exported.
WINDOWS_UPSTREAM_EXPORTS = "aws_lc_*_jent_*"


class FormatError(ValueError):
    """The bytes are not a file of the expected format (or are truncated)."""


@dataclass
class Binary:
    """What the checks need from one executable or shared library."""

    format: str  # "mach-o" or "pe"
    arch: str
    kind: str  # "dylib", "executable", "dll", "exe", "object"
    exports: list[str] = field(default_factory=list)
    needed: list[str] = field(default_factory=list)
    min_os: tuple[int, int] | None = None


def _u16(data: bytes, offset: int) -> int:
    return _unpack("<H", data, offset)


def _u32(data: bytes, offset: int) -> int:
    return _unpack("<I", data, offset)


def _unpack(fmt: str, data: bytes, offset: int) -> int:
    try:
        return struct.unpack_from(fmt, data, offset)[0]
    except struct.error as e:
        raise FormatError(f"truncated at offset {offset}") from e


def _cstring(data: bytes, offset: int) -> str:
    end = data.find(b"\0", offset)
    if offset >= len(data) or end < 0:
        raise FormatError(f"no NUL-terminated string at offset {offset}")
    return data[offset:end].decode("utf-8", "replace")


def parse_macho(data: bytes) -> Binary:
    if len(data) < 32 or _u32(data, 0) != MACHO_MAGIC_64:
        raise FormatError("not a 64-bit little-endian Mach-O file")
    cputype, filetype, ncmds = _u32(data, 4), _u32(data, 12), _u32(data, 16)
    binary = Binary("mach-o", MACHO_CPU.get(cputype, f"cputype {cputype:#x}"), MACHO_FILETYPE.get(filetype, str(filetype)))
    offset = 32
    for _ in range(ncmds):
        cmd, size = _u32(data, offset), _u32(data, offset + 4)
        if size < 8:
            raise FormatError(f"load command {cmd:#x} of size {size}")
        if cmd in LC_LOAD_DYLIB_COMMANDS:
            binary.needed.append(_cstring(data, offset + _u32(data, offset + 8)))
        elif cmd == LC_BUILD_VERSION and _u32(data, offset + 8) == PLATFORM_MACOS:
            minos = _u32(data, offset + 12)
            binary.min_os = (minos >> 16, (minos >> 8) & 0xFF)
        elif cmd == LC_VERSION_MIN_MACOSX:
            version = _u32(data, offset + 8)
            binary.min_os = (version >> 16, (version >> 8) & 0xFF)
        elif cmd == LC_SYMTAB:
            binary.exports = _macho_exports(data, _u32(data, offset + 8), _u32(data, offset + 12), _u32(data, offset + 16))
        offset += size
    return binary


def _macho_exports(data: bytes, symoff: int, nsyms: int, stroff: int) -> list[str]:
    """External, defined, not private-extern symbols of the symbol table, without Mach-O's leading _."""
    names = []
    for i in range(nsyms):
        entry = symoff + 16 * i
        strx, n_type = _u32(data, entry), data[entry + 4] if entry + 4 < len(data) else None
        if n_type is None:
            raise FormatError("truncated symbol table")
        if n_type & N_STAB or not n_type & N_EXT or n_type & N_PEXT or n_type & N_TYPE != N_SECT:
            continue
        name = _cstring(data, stroff + strx)
        names.append(name[1:] if name.startswith("_") else name)
    return sorted(names)


def parse_pe(data: bytes) -> Binary:
    if data[:2] != b"MZ":
        raise FormatError("not a PE file (no MZ header)")
    pe = _u32(data, 0x3C)
    if data[pe : pe + 4] != b"PE\0\0":
        raise FormatError("not a PE file (no PE signature)")
    coff = pe + 4
    machine, nsections, opt_size, characteristics = _u16(data, coff), _u16(data, coff + 2), _u16(data, coff + 16), _u16(data, coff + 18)
    opt = coff + 20
    if _u16(data, opt) != PE32_PLUS:
        raise FormatError("not a PE32+ (64-bit) image")
    kind = "dll" if characteristics & IMAGE_FILE_DLL else "exe"
    binary = Binary("pe", PE_MACHINE.get(machine, f"machine {machine:#x}"), kind)
    binary.min_os = (_u16(data, opt + 48), _u16(data, opt + 50))  # the subsystem version the loader checks
    sections = []
    for i in range(nsections):
        header = opt + opt_size + 40 * i
        sections.append((_u32(data, header + 12), _u32(data, header + 8), _u32(data, header + 20)))

    def at(rva: int) -> int:
        for virtual_address, virtual_size, raw_pointer in sections:
            if virtual_address <= rva < virtual_address + max(virtual_size, 1):
                return raw_pointer + rva - virtual_address
        raise FormatError(f"RVA {rva:#x} is in no section")

    ndirs = _u32(data, opt + 108)
    export_rva = _u32(data, opt + 112) if ndirs > 0 else 0
    import_rva = _u32(data, opt + 120) if ndirs > 1 else 0
    if export_rva:
        directory = at(export_rva)
        count, names = _u32(data, directory + 24), at(_u32(data, directory + 32)) if _u32(data, directory + 24) else 0
        binary.exports = sorted(_cstring(data, at(_u32(data, names + 4 * i))) for i in range(count))
    if import_rva:
        descriptor = at(import_rva)
        while any(_u32(data, descriptor + k) for k in range(0, 20, 4)):
            binary.needed.append(_cstring(data, at(_u32(data, descriptor + 12))))
            descriptor += 20
    return binary


def parse(data: bytes) -> Binary:
    return parse_pe(data) if data[:2] == b"MZ" else parse_macho(data)


def archive_members(data: bytes) -> list[tuple[str, bytes]]:
    """The members of a Unix ar archive (GNU or BSD names), without the symbol tables and the name table."""
    if not data.startswith(b"!<arch>\n"):
        raise FormatError("not an ar archive")
    members, offset, long_names = [], 8, b""
    while offset + 60 <= len(data):
        header = data[offset : offset + 60]
        if header[58:60] != b"`\n":
            raise FormatError(f"bad ar member header at offset {offset}")
        name = header[:16].decode("ascii", "replace").rstrip()
        size = int(header[48:58].decode("ascii").strip())
        body = data[offset + 60 : offset + 60 + size]
        offset += 60 + size + (size & 1)
        if name.startswith("#1/"):  # BSD: the name leads the body
            name_length = int(name[3:])
            name, body = body[:name_length].rstrip(b"\0").decode("utf-8", "replace"), body[name_length:]
        elif name == "//":
            long_names = body
            continue
        elif name.startswith("/") and name[1:].isdigit():
            start = int(name[1:])
            name = long_names[start : long_names.index(b"/\n", start)].decode("utf-8", "replace")
        name = name.rstrip("/")
        if name in ("", "__.SYMDEF", "__.SYMDEF SORTED", "/SYM64"):
            continue
        members.append((name, body))
    return members


def member_arch(body: bytes) -> str:
    """The architecture of an archive member: a Mach-O or COFF object, or a Windows short import object."""
    if len(body) >= 8 and _u32(body, 0) == MACHO_MAGIC_64:
        return MACHO_CPU.get(_u32(body, 4), "unknown")
    if len(body) >= 8 and _u16(body, 0) == 0 and _u16(body, 2) == 0xFFFF:  # IMPORT_OBJECT_HEADER
        return PE_MACHINE.get(_u16(body, 6), "unknown")
    if len(body) >= 2:
        return PE_MACHINE.get(_u16(body, 0), "unknown")
    raise FormatError("empty archive member")


def is_system_library(os_name: str, library: str) -> bool:
    if os_name == "macos":
        return library.startswith(MACOS_SYSTEM_PREFIXES)
    return any(fnmatch.fnmatch(library.lower(), pattern) for pattern in WINDOWS_SYSTEM_DLLS)


def check_binary(binary: Binary, os_name: str, arch: str, min_os: tuple[int, int], exports: str | None) -> list[str]:
    """The problems of one binary: wrong arch, a non-system library, too new an OS, exports beyond `exports`
    (a glob such as "ydrz_*", several separated by "|"; None: not a library, no check)."""
    problems = []
    if binary.arch != arch:
        problems.append(f"is {binary.arch}, not {arch}")
    for library in binary.needed:
        if not is_system_library(os_name, library):
            problems.append(f"loads {library}, which is not a system library")
    if binary.min_os is None:
        problems.append("declares no minimum OS version")
    elif binary.min_os > min_os:
        problems.append(f"needs OS {binary.min_os[0]}.{binary.min_os[1]}, newer than {min_os[0]}.{min_os[1]}")
    if exports is not None:
        stray = [name for name in binary.exports if not any(fnmatch.fnmatchcase(name, p) for p in exports.split("|"))]
        if stray:
            problems.append(f"exports more than {exports}: {', '.join(stray[:5])}")
        if not binary.exports:
            problems.append("exports nothing")
    return problems


# Per platform OS: (minimum OS version, {file in the tree: exports allowed, or None for a program}).
LAYOUT = {
    "macos": (
        (11, 0),
        {"lib/libydrz.dylib": "ydrz_*", "lib/libydrz_jni.dylib": "Java_*|JNI_On*", "bin/ydrz": None},
    ),
    # Windows 10 is NT 10.0; binutils/zig write subsystem version 6.0 (Vista) or lower, which Windows 10 accepts.
    "windows": (
        (10, 0),
        {
            "bin/ydrz.dll": "ydrz_*|" + WINDOWS_UPSTREAM_EXPORTS,
            # rustc's .def exports the core's ydrz_* from the JNI DLL too; a DLL's exports are only reachable
            # through it on Windows (no global symbol namespace), so they cannot interpose on ydrz.dll.
            "lib/ydrz_jni.dll": "Java_*|JNI_On*|ydrz_*|" + WINDOWS_UPSTREAM_EXPORTS,
            "bin/ydrz.exe": None,
        },
    ),
}
ARCHIVES = {"macos": ["lib/libydrz.a"], "windows": ["lib/libydrz.a", "lib/libydrz.dll.a"]}


def check_tree(platform: str, tree: Path) -> list[str]:
    os_name, arch = platform.rsplit("-", 1)
    min_os, files = LAYOUT[os_name]
    problems = []
    for relative, exports in files.items():
        path = tree / relative
        try:
            binary = parse(path.read_bytes())
        except (OSError, FormatError) as e:
            problems.append(f"{relative}: {e}")
            continue
        found = check_binary(binary, os_name, arch, min_os, exports)
        problems += [f"{relative} {p}" for p in found]
        version = f"{binary.min_os[0]}.{binary.min_os[1]}" if binary.min_os else "?"
        print(f"  {relative}: {binary.format} {binary.kind} {binary.arch}, min OS {version}, "
              f"{len(binary.exports)} exports, loads: {' '.join(binary.needed)}")
    for relative in ARCHIVES[os_name]:
        try:
            members = archive_members((tree / relative).read_bytes())
            arches = {member_arch(body) for _, body in members}
        except (OSError, FormatError) as e:
            problems.append(f"{relative}: {e}")
            continue
        if arches != {arch}:
            problems.append(f"{relative} holds objects for {sorted(arches)}, not only {arch}")
        print(f"  {relative}: {len(members)} members, {' '.join(sorted(arches))}")
    return problems


def module_definition(dll: Path) -> str:
    """The .def file of a DLL: its name and exports, from which a linker's import library can be made."""
    binary = parse(dll.read_bytes())
    if binary.kind != "dll" or not binary.exports:
        raise FormatError(f"{dll} is not a DLL with exports")
    return f"LIBRARY {dll.name}\nEXPORTS\n" + "".join(f"    {name}\n" for name in binary.exports)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--def":
        sys.stdout.write(module_definition(Path(sys.argv[2])))
        return
    if len(sys.argv) != 3 or sys.argv[1] not in ("macos-x86_64", "macos-aarch64", "windows-x86_64"):
        raise SystemExit(__doc__)
    problems = check_tree(sys.argv[1], Path(sys.argv[2]))
    for problem in problems:
        print(f"  FAIL: {problem}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
