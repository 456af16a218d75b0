#!/usr/bin/env python3
"""Prints ydrz's RSA benchmark medians next to `openssl speed` from the same run, with the ratio and target.

Usage: bench_vs_openssl.py CRITERION_DIR OPENSSL_SPEED_OUTPUT

CRITERION_DIR is criterion's output directory (target/criterion); each benchmark's median is read from
<name>/new/estimates.json. OPENSSL_SPEED_OUTPUT is the text `openssl speed rsa1024 rsa2048` printed. Both are
CPU time per operation (benches/crypto.rs measures its thread's CPU time; openssl speed divides by its own).
OpenSSL's private-key time (its "sign" column) is the baseline of ydrz's private-key operations (sign,
decrypt) and its public-key time ("verify") the baseline of the public-key ones (verify, encrypt). The ydrz
figures are whole library calls: hashing, the RSA operation, and the hex or Base64 text of the result.
"""

import json
import re
import sys
from pathlib import Path

#: (operation, criterion benchmark, OpenSSL column, largest acceptable ratio)
ROWS = [
    ("SHA256withRSA sign, hex", "sign_sha256withrsa_{bits}", "private", 1.25),
    ("MD5withRSA sign, hex", "sign_md5withrsa_{bits}", "private", 1.25),
    ("decrypt one block, Base64", "rsa_decrypt_{bits}", "private", 1.25),
    ("SHA256withRSA verify, hex", "verify_sha256withrsa_{bits}", "public", 1.5),
    ("encrypt phoneNum, Base64", "encrypt_phone_{bits}", "public", 1.5),
]
KEY_SIZES = [1024, 2048]


def criterion_median_us(directory: Path, name: str) -> float:
    estimates = json.loads((directory / name / "new" / "estimates.json").read_text())
    return estimates["median"]["point_estimate"] / 1000.0


def openssl_times_us(text: str) -> dict:
    """{bits: {"private": µs, "public": µs}} from lines such as `rsa 1024 bits 0.000117s 0.000005s ...`."""
    times = {}
    for match in re.finditer(r"^rsa\s+(\d+) bits\s+([0-9.]+)s\s+([0-9.]+)s", text, re.MULTILINE):
        bits, private, public = int(match[1]), float(match[2]), float(match[3])
        times[bits] = {"private": private * 1e6, "public": public * 1e6}
    return times


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    criterion_dir = Path(sys.argv[1])
    openssl = openssl_times_us(Path(sys.argv[2]).read_text())
    missing = [bits for bits in KEY_SIZES if bits not in openssl]
    if missing:
        print(f"openssl speed output has no line for rsa {missing}", file=sys.stderr)
        return 1
    print(f"{'operation':<28}{'bits':>6}{'ydrz median':>14}{'OpenSSL':>12}{'ratio':>8}{'target':>9}  verdict")
    missed = 0
    for bits in KEY_SIZES:
        for operation, bench, column, target in ROWS:
            ours = criterion_median_us(criterion_dir, bench.format(bits=bits))
            theirs = openssl[bits][column]
            ratio = ours / theirs
            verdict = "ok" if ratio <= target else "MISSED"
            missed += verdict != "ok"
            print(
                f"{operation:<28}{bits:>6}{ours:>11.1f} µs{theirs:>9.1f} µs{ratio:>7.2f}×"
                f"{'≤' + format(target, '.2f') + '×':>9}  {verdict}"
            )
    print(f"\n{missed} of {len(ROWS) * len(KEY_SIZES)} operations above their target ratio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
