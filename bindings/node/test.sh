#!/usr/bin/env bash
# Runs every test of the Node.js binding with Node's own test runner; exits non-zero on any failure.
#
# Called from the repository root as `bindings/node/test.sh`, after `cargo build --release --lib --bin ydrz`.
# Environment:
#   YDRZ_LIB_DIR  directory holding libydrz.so        (default <repo>/target/release)
#   YDRZ_BIN      the ydrz executable (sandbox server) (default <repo>/target/release/ydrz)
# The package's dependency (koffi, with its prebuilt natives) and typescript (to check index.d.ts) are
# installed from package-lock.json into bindings/node/node_modules when they are missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lib_dir="${YDRZ_LIB_DIR:-$repo/target/release}"
export YDRZ_BIN="${YDRZ_BIN:-$repo/target/release/ydrz}"

fail() {
    echo "bindings/node/test.sh: $*" >&2
    exit 1
}

command -v node >/dev/null || fail "missing node (Node.js 18 or newer; Debian: apt-get install nodejs npm)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' ||
    fail "node is $(node --version); the binding needs Node.js 18 or newer"
command -v npm >/dev/null || fail "missing npm (Debian: apt-get install npm)"
command -v nm >/dev/null || fail "missing nm, used to compare the declarations with the exports (apt-get install binutils)"
command -v cc >/dev/null || fail "missing cc, used to build a fake library for the ABI-mismatch test (apt-get install gcc)"
[[ -f "$lib_dir/libydrz.so" ]] || fail "no $lib_dir/libydrz.so: run \`cargo build --release --lib\` or set YDRZ_LIB_DIR"
[[ -x "$YDRZ_BIN" ]] || fail "no executable $YDRZ_BIN: run \`cargo build --release --bin ydrz\` or set YDRZ_BIN"

cd "$here"
if [[ ! -d node_modules/koffi || ! -d node_modules/typescript ]]; then
    npm ci --no-audit --no-fund --loglevel=error || fail "could not install koffi from package-lock.json (is the npm registry reachable?)"
fi
export YDRZ_LIBRARY="$lib_dir/libydrz.so"
node --test test/ "$@"
node "$repo/examples/quickstart.mjs"
node "$repo/examples/external_signer.mjs"
