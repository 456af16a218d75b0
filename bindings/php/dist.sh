#!/usr/bin/env bash
# Writes dist/ydrz-php-<version>.zip, a Composer package (composer.json at the root, with its version, for
# a Composer `artifact` repository) holding libydrz for each architecture (native/linux-x86_64,
# native/linux-aarch64; glibc), taken from the staged release trees of `make dist-native`, and the FFI
# declarations generated from include/ydrz.h, the ydrz executable of each architecture beside its library (CLI
# and sandbox: vendor/bin/ydrz, Ydrz\Testing\Sandbox) and the documentation of scripts/package/docs.sh.
# Usage: bindings/php/dist.sh [arch...] (x86_64 aarch64 by default; both are what a release ships).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="$("$repo/scripts/version.sh")"
source "$repo/scripts/package/docs.sh"
command -v zip >/dev/null || { echo "dist.sh: missing zip (apt-get install zip)" >&2; exit 1; }

work="$repo/target/dist/php/ydrz"
rm -rf "$work"
mkdir -p "$work" "$repo/dist"
(cd "$here" && cp -r src bin autoload.php preload.php "$work/")
stage_docs "$work" "$here/README.md" quickstart.php external_signer.php
cp "$repo/LICENSE" "$work/LICENSE"
"$here/gen-cdef.sh" "$work/src/ydrz_ffi.h"
natives="$("$repo/scripts/stage-native.sh" "$@")"
while read -r arch lib; do
    mkdir -p "$work/native/linux-$arch"
    cp "$lib" "$work/native/linux-$arch/libydrz.so"
    install -m 0755 "$(dirname "$lib")/../bin/ydrz" "$work/native/linux-$arch/ydrz"
done <<<"$natives"
php -r '$c = json_decode(file_get_contents($argv[1]), true);
    file_put_contents($argv[2], json_encode(["version" => $argv[3]] + $c, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");' \
    "$here/composer.json" "$work/composer.json" "$version"
out="$repo/dist/ydrz-php-$version.zip"
rm -f "$out"
(cd "$work" && zip -qr -X "$out" .)
echo "$out"
