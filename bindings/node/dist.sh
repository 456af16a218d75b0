#!/usr/bin/env bash
# Writes dist/ydrz-<version>.tgz, the npm package as `npm pack` makes it, with libydrz and the ydrz executable
# (CLI and sandbox: `npx ydrz sandbox`, ydrz/testing) for each architecture inside (native/linux-x64,
# native/linux-arm64; glibc), taken from the staged release trees of `make dist-native`, and the
# documentation of scripts/package/docs.sh. Usage: bindings/node/dist.sh [arch...] (x86_64 aarch64 by default; both are what a
# release ships). The package version is package.json's, which make version-check keeps equal to Cargo.toml's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="$("$repo/scripts/version.sh")"
source "$repo/scripts/package/docs.sh"

work="$repo/target/dist/node"
rm -rf "$work"
mkdir -p "$work/package" "$repo/dist"
# Exactly the files package.json lists, so that the tarball holds what a user gets and nothing else.
(cd "$here" && cp -r index.cjs index.mjs index.d.ts testing.cjs testing.mjs testing.d.ts lib bin package.json "$work/package/")
stage_docs "$work/package" "$here/README.md" quickstart.mjs external_signer.mjs
# The licence text (Apache-2.0 asks redistributions to include it); npm packs a LICENSE file at the root always.
cp "$repo/LICENSE" "$work/package/LICENSE"
natives="$("$repo/scripts/stage-native.sh" "$@")"
while read -r arch lib; do
    node_arch="${arch/x86_64/x64}"
    node_arch="${node_arch/aarch64/arm64}"
    mkdir -p "$work/package/native/linux-$node_arch"
    cp "$lib" "$work/package/native/linux-$node_arch/libydrz.so"
    install -m 0755 "$(dirname "$lib")/../bin/ydrz" "$work/package/native/linux-$node_arch/ydrz"
done <<<"$natives"
(cd "$work/package" && npm pkg delete scripts devDependencies)
(cd "$work/package" && npm pack --pack-destination "$repo/dist" --loglevel=warn >/dev/null)
echo "$repo/dist/ydrz-$version.tgz"
