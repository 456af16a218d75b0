#!/usr/bin/env bash
# Runs the Node benchmark (bench/bench.mjs) against the built library; not part of test.sh.
# Environment: YDRZ_LIB_DIR (default <repo>/target/release). Extra arguments go to bench.mjs (--rounds N).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
[[ -d "$here/node_modules/koffi" ]] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
export YDRZ_LIBRARY="${YDRZ_LIB_DIR:-$repo/target/release}/libydrz.so"
exec node "$here/bench/bench.mjs" "$@"
