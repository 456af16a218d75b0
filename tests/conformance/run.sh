#!/usr/bin/env bash
# The independent conformance test (tests/conformance/conformance.py) against the release `ydrz` binary: a
# Python client written from docs/protocol.md with `cryptography` and the standard library only.
# Creates target/conformance-venv once (idempotent: `cryptography` is installed only when the venv lacks it).
set -euo pipefail
cd "$(dirname "$0")/../.."

export YDRZ="${YDRZ:-target/release/ydrz}"
ydrz="$YDRZ"
[[ -x "$ydrz" ]] || { echo "tests/conformance/run.sh: $ydrz is missing; run make build" >&2; exit 1; }
venv=target/conformance-venv
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import cryptography" 2>/dev/null; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "cryptography>=41"
fi
exec "$venv/bin/python" tests/conformance/conformance.py "$ydrz"
