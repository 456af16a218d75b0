#!/usr/bin/env bash
# Runs the PHP benchmark (bench/bench.php) against the built library; not part of test.sh.
# Environment: YDRZ_LIB_DIR (default <repo>/target/release). Extra arguments go to bench.php (--rounds=N).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
"$here/gen-cdef.sh"
export YDRZ_LIBRARY="${YDRZ_LIB_DIR:-$repo/target/release}/libydrz.so"
exec php "$here/bench/bench.php" "$@"
