#!/usr/bin/env python3
"""Reads the dependency list that `cargo auditable` embeds in a binary (ELF, Mach-O or PE), as `cargo audit bin`
and scanners (trivy, syft, grype) read it, and checks that it names the workspace package and AWS-LC's crate.

Usage: audit_data.py <binary>...
Prints "<binary>: <n> packages" per file; exits 1 when a file has no readable list or it lacks a package.
The list is the zlib-compressed JSON of section .dep-v0 (Mach-O: __DATA,.dep-v0), extracted with llvm-objcopy
(read from the section table for PE, which llvm-objcopy cannot dump).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

REQUIRED = ("ydrz", "aws-lc-sys")


def section_name(binary: Path) -> str:
    magic = binary.read_bytes()[:4]
    return "__DATA,.dep-v0" if magic == b"\xcf\xfa\xed\xfe" else ".dep-v0"


def pe_section(data: bytes, name: bytes) -> bytes | None:
    """The raw bytes of PE section `name` (at most 8 bytes, as the section table holds it), or None."""
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    nsections, optional_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    table = pe + 24 + optional_size
    for i in range(nsections):
        header = table + 40 * i
        if data[header : header + 8].rstrip(b"\0") == name:
            virtual_size, _, raw_size, raw_pointer = struct.unpack_from("<IIII", data, header + 8)
            return data[raw_pointer : raw_pointer + min(virtual_size or raw_size, raw_size)]
    return None


def audit_packages(binary: Path) -> list[str]:
    data = binary.read_bytes()
    if data[:2] == b"MZ":  # llvm-objcopy cannot dump a section of a PE image
        section = pe_section(data, b".dep-v0")
        if section is None:
            raise ValueError("no cargo auditable section .dep-v0")
        return [package["name"] for package in json.loads(zlib.decompress(section))["packages"]]
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dep-v0"
        done = subprocess.run(
            ["llvm-objcopy", f"--dump-section={section_name(binary)}={dump}", str(binary), str(Path(tmp) / "copy")],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not dump.is_file():
            raise ValueError(f"no cargo auditable section: {done.stderr.strip()}")
        document = json.loads(zlib.decompress(dump.read_bytes()))
    return [package["name"] for package in document["packages"]]


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    failed = False
    for arg in sys.argv[1:]:
        binary = Path(arg)
        try:
            names = audit_packages(binary)
        except (OSError, ValueError, zlib.error, KeyError) as e:
            print(f"  FAIL: {binary}: {e}", file=sys.stderr)
            failed = True
            continue
        missing = [name for name in REQUIRED if name not in names]
        if missing:
            print(f"  FAIL: {binary}: its dependency list lacks {', '.join(missing)}", file=sys.stderr)
            failed = True
        else:
            print(f"  {binary.name}: cargo auditable list of {len(names)} packages")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
