#!/usr/bin/env python3
"""Checks the bills of materials of dist/ (sbom.py's output) as an auditor reads them.

Usage: check_sboms.py <dist directory>
Each ydrz-*.cdx.json must be CycloneDX 1.5 about ydrz, name an archive that is in dist/, list AWS-LC and the
crates every build links (aws-lc-sys, rustls, ureq, the JNI shim), give every component a license, and list
nothing that is not linked (the test-only ring and rsa, the build-time cbindgen, the proc-macro syn).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LINKED = ("aws-lc", "aws-lc-sys", "rustls", "ureq", "ydrz-jni")
NOT_LINKED = ("ring", "rsa", "cbindgen", "syn")


def problems(path: Path) -> list[str]:
    bom = json.loads(path.read_text())
    found = []
    if bom.get("bomFormat") != "CycloneDX" or bom.get("specVersion") != "1.5":
        found.append("not CycloneDX 1.5")
    metadata = bom["metadata"]["component"]
    if metadata["name"] != "ydrz":
        found.append(f"describes {metadata['name']}, not ydrz")
    archive = next((p["value"] for p in metadata.get("properties", []) if p["name"] == "ydrz:archive"), None)
    if archive is None or not (path.parent / archive).is_file():
        found.append(f"describes archive {archive}, which is not in {path.parent}")
    names = {c["name"] for c in bom["components"]}
    found += [f"lacks {name}" for name in LINKED if name not in names]
    found += [f"lists {name}, which is not linked" for name in NOT_LINKED if name in names]
    found += [f"no license for {c['bom-ref']}" for c in bom["components"] if not c.get("licenses")]
    return found


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    boms = sorted(Path(sys.argv[1]).glob("ydrz-*.cdx.json"))
    if not boms:
        raise SystemExit(f"check_sboms.py: no ydrz-*.cdx.json in {sys.argv[1]}")
    failed = False
    for path in boms:
        found = problems(path)
        for problem in found:
            print(f"  FAIL: {path.name}: {problem}", file=sys.stderr)
        failed |= bool(found)
        if not found:
            components = json.loads(path.read_text())["components"]
            aws_lc = next(c["version"] for c in components if c["name"] == "aws-lc")
            print(f"  {path.name}: {len(components)} components, AWS-LC {aws_lc}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
