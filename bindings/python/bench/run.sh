#!/usr/bin/env bash
# Runs the benchmark (bench/bench.py) in the binding's venv; not part of test.sh.
# Run test.sh once first (it creates the venv and installs the package). Environment: YDRZ_LIB_DIR, YDRZ_BIN
# as for test.sh. Extra arguments go to bench.py (--rounds N, --calls N).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
[[ -x "$venv/bin/python" ]] || { echo "bench/run.sh: no $venv: run bindings/python/test.sh first" >&2; exit 1; }
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "cryptography>=41"
export YDRZ_LIBRARY="${YDRZ_LIB_DIR:-$repo/target/release}/libydrz.so"
export YDRZ_BIN="${YDRZ_BIN:-$repo/target/release/ydrz}"
exec "$venv/bin/python" "$here/bench/bench.py" "$@"
