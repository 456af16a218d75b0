#!/usr/bin/env python3
"""Writes the CycloneDX 1.5 bill of materials of one native release archive.

Usage: sbom.py <rust target triple> <archive file name> <output .cdx.json>

The components are what the archive's binaries contain: every crate in the normal (not build, not dev)
dependency tree of the library, the CLI and the JNI shim for that target as `cargo tree` resolves it from
Cargo.lock (proc-macros and build-time dependencies, which are not linked, left out), each with its version, license expression and crates.io purl, and AWS-LC, the C
library that aws-lc-sys compiles in, with the version its bundled headers declare. The document is
deterministic: its serial number is derived from its content and its timestamp is SOURCE_DATE_EPOCH (the
commit's time), so a rebuild writes the same bytes.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

ROOT_PACKAGES = ("ydrz", "ydrz-jni")
AWS_LC_SYS = "aws-lc-sys"


def linked_packages(repo: Path, triple: str) -> list[dict]:
    """The packages linked into the binaries of ROOT_PACKAGES for `triple` (normal dependencies, no proc-macros
    and no build scripts' dependencies), roots included, as `cargo tree` resolves them from Cargo.lock:
    dicts with name, version, license and path (the source directory of a workspace package, else None)."""
    args = ["cargo", "tree", "--locked", "-e", "normal,no-proc-macro", "--target", triple, "--prefix", "none"]
    for root in ROOT_PACKAGES:
        args += ["-p", root]
    out = subprocess.run([*args, "-f", "{p}|{l}"], cwd=repo, check=True, capture_output=True, text=True).stdout
    packages = {}
    for line in out.splitlines():
        match = re.fullmatch(r"(\S+) v(\S+)(?: \((/[^)]*)\))?\|(.*?)(?: \(\*\))?", line.strip())
        if not match:
            continue  # the blank line between the roots' trees
        name, version, path, license_ = match.groups()
        packages[(name, version)] = {"name": name, "version": version, "path": path, "license": license_}
    if not all(any(name == root for name, _ in packages) for root in ROOT_PACKAGES):
        raise SystemExit(f"sbom.py: cargo tree did not list {ROOT_PACKAGES}: {out[:500]}")
    return [packages[key] for key in sorted(packages)]


def aws_lc_version(repo: Path, aws_lc_sys: dict) -> str:
    """The AWS-LC release that aws-lc-sys bundles, from its base.h."""
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    manifest = next(
        p["manifest_path"]
        for p in metadata["packages"]
        if p["name"] == aws_lc_sys["name"] and p["version"] == aws_lc_sys["version"]
    )
    base_h = Path(manifest).parent / "aws-lc" / "include" / "openssl" / "base.h"
    match = re.search(r'#define AWSLC_VERSION_NUMBER_STRING "([^"]+)"', base_h.read_text())
    if not match:
        raise SystemExit(f"sbom.py: no AWSLC_VERSION_NUMBER_STRING in {base_h}")
    return match.group(1)


def rustc_version() -> str:
    """rustc's version line, e.g. "1.95.0 (59807616e 2026-04-14)"."""
    out = subprocess.run(["rustc", "--version"], check=True, capture_output=True, text=True).stdout
    return out.strip().removeprefix("rustc ")


def crate_component(package: dict) -> dict:
    component = {
        "type": "library",
        "bom-ref": f"{package['name']}@{package['version']}",
        "name": package["name"],
        "version": package["version"],
    }
    if package["license"]:
        # Old crates write "MIT/Apache-2.0"; SPDX (and CycloneDX) spell it "MIT OR Apache-2.0".
        component["licenses"] = [{"expression": package["license"].replace("/", " OR ")}]
    if package["path"] is None:
        component["purl"] = f"pkg:cargo/{package['name']}@{package['version']}"
    else:
        component["description"] = "part of this release (built from its source tree)"
    return component


def bom(repo: Path, triple: str, archive: str, epoch: int) -> dict:
    packages = linked_packages(repo, triple)
    ydrz = next(p for p in packages if p["name"] == "ydrz" and p["path"] is not None)
    components = [crate_component(p) for p in packages if p is not ydrz]
    aws_lc_sys = next((p for p in packages if p["name"] == AWS_LC_SYS), None)
    if aws_lc_sys is None:
        raise SystemExit(f"sbom.py: {AWS_LC_SYS} is not linked for {triple}")
    version = aws_lc_version(repo, aws_lc_sys)
    components.append(
        {
            "type": "library",
            "bom-ref": f"aws-lc@{version}",
            "name": "aws-lc",
            "version": version,
            "supplier": {"name": "Amazon Web Services"},
            "description": f"C library compiled into the binaries by {AWS_LC_SYS} {aws_lc_sys['version']}",
            "licenses": [{"expression": aws_lc_sys["license"]}],
            "purl": f"pkg:github/aws/aws-lc@v{version}",
        }
    )
    document = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "timestamp": datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            # The compiler a rebuild needs to give the same bytes.
            "tools": {"components": [{"type": "application", "name": "rustc", "version": rustc_version()}]},
            "component": {
                "type": "library",
                "bom-ref": f"ydrz@{ydrz['version']}",
                "name": "ydrz",
                "version": ydrz["version"],
                "licenses": [{"expression": ydrz["license"]}],
                "properties": [{"name": "ydrz:archive", "value": archive}, {"name": "ydrz:target", "value": triple}],
            },
        },
        "components": components,
    }
    # A serial number that changes exactly when the content does.
    body = json.dumps(document, sort_keys=True).encode()
    document["serialNumber"] = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, body.hex())}"
    return document


def main() -> None:
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    triple, archive, out = sys.argv[1:]
    repo = Path(__file__).resolve().parents[2]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    document = bom(repo, triple, archive, epoch)
    Path(out).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
