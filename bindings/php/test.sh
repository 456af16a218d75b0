#!/usr/bin/env bash
# Runs every test of the PHP binding with PHPUnit; exits non-zero on any failure.
#
# Called from the repository root as `bindings/php/test.sh`, after `cargo build --release --lib --bin ydrz`.
# Environment:
#   YDRZ_LIB_DIR  directory holding libydrz.so        (default <repo>/target/release)
#   YDRZ_BIN      the ydrz executable (sandbox server) (default <repo>/target/release/ydrz)
# Needs PHP 8.1 or newer with FFI and OPcache, php-cgi (the preload test's server SAPI), phpunit, cc and nm
# (scripts/setup.sh installs them on Debian). The FFI declarations are regenerated from include/ydrz.h first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lib_dir="${YDRZ_LIB_DIR:-$repo/target/release}"
export YDRZ_BIN="${YDRZ_BIN:-$repo/target/release/ydrz}"

fail() {
    echo "bindings/php/test.sh: $*" >&2
    exit 1
}

command -v php >/dev/null || fail "missing php (PHP 8.1 or newer; Debian: apt-get install php-cli)"
php -r 'exit(PHP_VERSION_ID < 80100 ? 1 : 0);' || fail "php is $(php -r 'echo PHP_VERSION;'); the binding needs 8.1 or newer"
php -m | grep -x FFI >/dev/null || fail "php lacks the FFI extension"
php -m | grep -x 'Zend OPcache' >/dev/null || fail "php lacks OPcache (apt-get install php-opcache)"
for tool in php-cgi phpunit nm cc; do
    command -v "$tool" >/dev/null || fail "missing $tool (run scripts/setup.sh)"
done
[[ -f "$lib_dir/libydrz.so" ]] || fail "no $lib_dir/libydrz.so: run \`cargo build --release --lib\` or set YDRZ_LIB_DIR"
[[ -x "$YDRZ_BIN" ]] || fail "no executable $YDRZ_BIN: run \`cargo build --release --bin ydrz\` or set YDRZ_BIN"

"$here/gen-cdef.sh"
export YDRZ_LIBRARY="$lib_dir/libydrz.so"
cd "$here"
phpunit "$@"
php "$repo/examples/quickstart.php"
php "$repo/examples/external_signer.php"
