#!/usr/bin/env python3
"""Tests of foreign_binary.py on Mach-O, PE and ar files assembled here byte by byte, so that each check is
seen to pass a good file and to refuse the bad one. (check.sh runs it on the real release trees.)

Run: python3 scripts/dist/test_foreign_binary.py
"""

from __future__ import annotations

import struct
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import foreign_binary as fb  # noqa: E402


def macho(cputype=0x0100000C, minos=(11, 0), dylibs=("/usr/lib/libSystem.B.dylib",), symbols=(("_ydrz_version", 0x0F),), filetype=6):
    """A 64-bit Mach-O with LC_BUILD_VERSION, one LC_LOAD_DYLIB per library and a symbol table."""
    commands = []
    if minos is not None:
        commands.append(struct.pack("<IIIIII", fb.LC_BUILD_VERSION, 24, fb.PLATFORM_MACOS, minos[0] << 16 | minos[1] << 8, 0, 0))
    for name in dylibs:
        raw = name.encode() + b"\0"
        raw += b"\0" * (-len(raw) % 8)
        commands.append(struct.pack("<IIIIII", 0xC, 24 + len(raw), 24, 2, 0x10000, 0x10000) + raw)
    symtab_at = 32 + sum(len(c) for c in commands) + 24
    strings = b"\0" + b"".join(name.encode() + b"\0" for name, _ in symbols)
    nlist, strx = b"", 1
    for name, n_type in symbols:
        nlist += struct.pack("<IBBHQ", strx, n_type, 1, 0, 0x1000)
        strx += len(name) + 1
    commands.append(struct.pack("<IIIIII", fb.LC_SYMTAB, 24, symtab_at, len(symbols), symtab_at + len(nlist), len(strings)))
    body = b"".join(commands)
    header = struct.pack("<IIIIIIII", fb.MACHO_MAGIC_64, cputype, 0, filetype, len(commands), len(body), 0, 0)
    return header + body + nlist + strings


def pe(machine=0x8664, subsystem=(6, 0), exports=("ydrz_version",), imports=("KERNEL32.dll",), dll=True):
    """A PE32+ image with one section (RVA 0x1000 = file offset 0x200) holding the export and import tables."""
    section_rva, section_raw = 0x1000, 0x200
    data = bytearray()

    def put(raw: bytes) -> int:
        rva = section_rva + len(data)
        data.extend(raw)
        data.extend(b"\0" * (-len(data) % 4))
        return rva

    export_rva = 0
    if exports:
        name_rvas = [put(n.encode() + b"\0") for n in exports]
        names_rva = put(struct.pack(f"<{len(exports)}I", *name_rvas))
        export_rva = put(struct.pack("<IIHHIIIIIII", 0, 0, 0, 0, name_rvas[0], 1, len(exports), len(exports), 0, names_rva, 0))
    import_rva = 0
    if imports:
        dll_rvas = [put(n.encode() + b"\0") for n in imports]
        import_rva = put(b"".join(struct.pack("<IIIII", 0, 0, 0, r, 0) for r in dll_rvas) + b"\0" * 20)
    optional = bytearray(240)
    struct.pack_into("<H", optional, 0, fb.PE32_PLUS)
    struct.pack_into("<HH", optional, 48, *subsystem)
    struct.pack_into("<I", optional, 108, 16)
    struct.pack_into("<II", optional, 112, export_rva, 40)
    struct.pack_into("<II", optional, 120, import_rva, 40)
    coff = struct.pack("<HHIIIHH", machine, 1, 0, 0, 0, len(optional), fb.IMAGE_FILE_DLL if dll else 0x22)
    section = struct.pack("<8sIIIIIIHHI", b".rdata", len(data), section_rva, len(data), section_raw, 0, 0, 0, 0, 0)
    dos = bytearray(0x40)
    dos[:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 0x40)
    headers = bytes(dos) + b"PE\0\0" + coff + bytes(optional) + section
    return headers + b"\0" * (section_raw - len(headers)) + bytes(data)


def ar(members, bsd=False):
    out = b"!<arch>\n"
    for name, body in members:
        if bsd:
            raw = name.encode() + b"\0" * (-len(name) % 8)
            header_name, body = f"#1/{len(raw)}", raw + body
        else:
            header_name = name + "/"
        out += f"{header_name:<16}{0:<12}{0:<6}{0:<6}{644:<8}{len(body):<10}`\n".encode() + body
        out += b"\n" if len(body) & 1 else b""
    return out


class MachO(unittest.TestCase):
    def test_reads_arch_libraries_min_os_and_exports(self):
        binary = fb.parse(macho(symbols=(("_ydrz_version", 0x0F), ("_local", 0x0E), ("_hidden", 0x1F), ("_printf", 0x01))))
        self.assertEqual((binary.format, binary.arch, binary.kind), ("mach-o", "aarch64", "dylib"))
        self.assertEqual(binary.needed, ["/usr/lib/libSystem.B.dylib"])
        self.assertEqual(binary.min_os, (11, 0))
        self.assertEqual(binary.exports, ["ydrz_version"])  # not local, private-extern or undefined symbols

    def test_accepts_a_good_dylib(self):
        self.assertEqual(fb.check_binary(fb.parse(macho()), "macos", "aarch64", (11, 0), "ydrz_*"), [])

    def test_refuses_wrong_arch(self):
        problems = fb.check_binary(fb.parse(macho(cputype=0x01000007)), "macos", "aarch64", (11, 0), "ydrz_*")
        self.assertEqual(problems, ["is x86_64, not aarch64"])

    def test_refuses_newer_min_os_and_missing_one(self):
        self.assertIn("needs OS 13.0, newer than 11.0", fb.check_binary(fb.parse(macho(minos=(13, 0))), "macos", "aarch64", (11, 0), None))
        self.assertIn("declares no minimum OS version", fb.check_binary(fb.parse(macho(minos=None)), "macos", "aarch64", (11, 0), None))

    def test_refuses_a_non_system_library(self):
        binary = fb.parse(macho(dylibs=("/usr/lib/libSystem.B.dylib", "/opt/homebrew/lib/libgcc_s.1.dylib")))
        self.assertEqual(fb.check_binary(binary, "macos", "aarch64", (11, 0), None),
                         ["loads /opt/homebrew/lib/libgcc_s.1.dylib, which is not a system library"])

    def test_refuses_stray_exports(self):
        binary = fb.parse(macho(symbols=(("_ydrz_version", 0x0F), ("_OPENSSL_malloc", 0x0F))))
        self.assertEqual(fb.check_binary(binary, "macos", "aarch64", (11, 0), "ydrz_*"), ["exports more than ydrz_*: OPENSSL_malloc"])

    def test_refuses_other_formats_and_truncation(self):
        with self.assertRaises(fb.FormatError):
            fb.parse(b"\x7fELF" + b"\0" * 60)
        with self.assertRaises(fb.FormatError):
            fb.parse(macho()[:40])


class PE(unittest.TestCase):
    def test_reads_a_dll(self):
        binary = fb.parse(pe(exports=("ydrz_version", "ydrz_error_free"), imports=("KERNEL32.dll", "api-ms-win-crt-heap-l1-1-0.dll")))
        self.assertEqual((binary.format, binary.arch, binary.kind, binary.min_os), ("pe", "x86_64", "dll", (6, 0)))
        self.assertEqual(binary.exports, ["ydrz_error_free", "ydrz_version"])
        self.assertEqual(binary.needed, ["KERNEL32.dll", "api-ms-win-crt-heap-l1-1-0.dll"])
        self.assertEqual(fb.check_binary(binary, "windows", "x86_64", (10, 0), "ydrz_*"), [])

    def test_refuses_the_mingw_runtime_dlls(self):
        binary = fb.parse(pe(imports=("KERNEL32.dll", "libgcc_s_seh-1.dll", "libwinpthread-1.dll")))
        self.assertEqual(fb.check_binary(binary, "windows", "x86_64", (10, 0), "ydrz_*"), [
            "loads libgcc_s_seh-1.dll, which is not a system library",
            "loads libwinpthread-1.dll, which is not a system library",
        ])

    def test_refuses_arm64_stray_exports_and_an_empty_export_table(self):
        problems = fb.check_binary(fb.parse(pe(machine=0xAA64, exports=("ydrz_version", "rust_eh_personality"))), "windows", "x86_64", (10, 0), "ydrz_*")
        self.assertEqual(problems, ["is aarch64, not x86_64", "exports more than ydrz_*: rust_eh_personality"])
        self.assertIn("exports nothing", fb.check_binary(fb.parse(pe(exports=())), "windows", "x86_64", (10, 0), "ydrz_*"))

    def test_module_definition_lists_the_exports(self):
        with tempfile.TemporaryDirectory() as tmp:
            dll = Path(tmp) / "ydrz.dll"
            dll.write_bytes(pe(exports=("ydrz_version", "ydrz_error_free")))
            self.assertEqual(fb.module_definition(dll), "LIBRARY ydrz.dll\nEXPORTS\n    ydrz_error_free\n    ydrz_version\n")
            dll.write_bytes(pe(dll=False))
            with self.assertRaises(fb.FormatError):
                fb.module_definition(dll)

    def test_windows_layout_tolerates_only_aws_lc_jitterentropy_exports(self):
        allowed = fb.LAYOUT["windows"][1]["bin/ydrz.dll"]
        good = fb.parse(pe(exports=("ydrz_version", "aws_lc_0_47_0_jent_entropy_init")))
        self.assertEqual(fb.check_binary(good, "windows", "x86_64", (10, 0), allowed), [])
        bad = fb.parse(pe(exports=("ydrz_version", "jent_entropy_init", "aws_lc_0_47_0_RSA_new")))
        self.assertEqual(len(fb.check_binary(bad, "windows", "x86_64", (10, 0), allowed)), 1)

    def test_refuses_a_newer_subsystem(self):
        self.assertIn("needs OS 10.1, newer than 10.0", fb.check_binary(fb.parse(pe(subsystem=(10, 1))), "windows", "x86_64", (10, 0), None))


class Archives(unittest.TestCase):
    def test_member_arches_gnu_and_bsd(self):
        coff = struct.pack("<HH", 0x8664, 0) + b"\0" * 16
        import_object = struct.pack("<HHHH", 0, 0xFFFF, 0, 0x8664) + b"\0" * 12
        gnu = fb.archive_members(ar([("a.o", coff), ("ydrz.dll", import_object)]))
        self.assertEqual([(n, fb.member_arch(b)) for n, b in gnu], [("a.o", "x86_64"), ("ydrz.dll", "x86_64")])
        bsd = fb.archive_members(ar([("__.SYMDEF", b"1234"), ("long-object-name.o", macho(filetype=1))], bsd=True))
        self.assertEqual([(n, fb.member_arch(b)) for n, b in bsd], [("long-object-name.o", "aarch64")])

    def test_check_tree_refuses_an_archive_of_another_arch(self):
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp)
            for relative, data in {
                "lib/libydrz.dylib": macho(),
                "lib/libydrz_jni.dylib": macho(symbols=(("_Java_com_ydrz_Native_abiVersion", 0x0F),)),
                "bin/ydrz": macho(filetype=2, symbols=()),
                "lib/libydrz.a": ar([("ydrz.o", macho(cputype=0x01000007, filetype=1))]),
            }.items():
                (tree / relative).parent.mkdir(parents=True, exist_ok=True)
                (tree / relative).write_bytes(data)
            self.assertEqual(fb.check_tree("macos-aarch64", tree), ["lib/libydrz.a holds objects for ['x86_64'], not only aarch64"])


if __name__ == "__main__":
    unittest.main()
