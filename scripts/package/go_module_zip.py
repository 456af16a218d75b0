"""Writes a Go module zip (the format of golang.org/x/mod/zip): every file of a module tree under the prefix
``<module>@<version>/``, regular files only, sorted, with fixed timestamps so that the zip is reproducible.

Usage: python3 go_module_zip.py TREE MODULE@VERSION OUT.zip

Refuses what the go command would reject: symbolic links, names that differ only in case, vendor/ and nested
go.mod files, and more than the 500 MiB a module zip may hold uncompressed.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

MAX_UNCOMPRESSED = 500 << 20


def module_files(tree: Path) -> list[Path]:
    files = sorted(p for p in tree.rglob("*") if not p.is_dir())
    seen: dict[str, Path] = {}
    for path in files:
        relative = path.relative_to(tree)
        if path.is_symlink() or not path.is_file():
            sys.exit(f"{relative}: not a regular file (module zips hold regular files only)")
        if relative.parts[0] == "vendor" or (relative.name == "go.mod" and len(relative.parts) > 1):
            sys.exit(f"{relative}: a vendor directory or a nested module does not belong in a module zip")
        folded = str(relative).lower()
        if folded in seen:
            sys.exit(f"{relative} and {seen[folded].relative_to(tree)} differ only in case")
        seen[folded] = path
    return files


def main(tree_arg: str, module_at_version: str, out: str) -> None:
    tree = Path(tree_arg)
    files = module_files(tree)
    if sum(p.stat().st_size for p in files) > MAX_UNCOMPRESSED:
        sys.exit(f"{tree}: more than 500 MiB, the limit of a module zip")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{module_at_version}/{path.relative_to(tree).as_posix()}", (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
