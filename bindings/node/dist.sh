#!/usr/bin/env bash
# Writes dist/ydrz-<version>.tgz, the npm package as `npm pack` makes it, with libydrz and the ydrz executable
# (CLI and sandbox: `npx ydrz sandbox`, ydrz/testing) for each architecture inside (native/linux-x64,
# native/linux-arm64; glibc), and for each of DIST_PLATFORMS (environment) native/linux-{x64,arm64}-musl,
# darwin-{x64,arm64}, win32-x64, taken from the staged release trees of `make dist-native`, and the
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
stage_docs "$work/package" "$here/README.md" quickstart.mjs
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
# The other platforms of the release (DIST_PLATFORMS, which make passes), from their staged trees.
for platform in ${DIST_PLATFORMS-}; do
    tree="$repo/target/dist/stage/ydrz-$version-$platform"
    case "$platform" in
    linux-musl-x86_64) dir=linux-x64-musl file=lib/libydrz.so.$version name=libydrz.so ;;
    linux-musl-aarch64) dir=linux-arm64-musl file=lib/libydrz.so.$version name=libydrz.so ;;
    macos-x86_64) dir=darwin-x64 file=lib/libydrz.dylib name=libydrz.dylib ;;
    macos-aarch64) dir=darwin-arm64 file=lib/libydrz.dylib name=libydrz.dylib ;;
    windows-x86_64) dir=win32-x64 file=bin/ydrz.dll name=ydrz.dll ;;
    *) echo "dist.sh: unknown platform $platform" >&2; exit 1 ;;
    esac
    [[ -f "$tree/$file" ]] || { echo "dist.sh: missing $tree/$file: run make dist-native" >&2; exit 1; }
    mkdir -p "$work/package/native/$dir"
    cp "$tree/$file" "$work/package/native/$dir/$name"
    # The platform's ydrz executable (the static one on musl), where the release has one.
    for exe in ydrz ydrz.exe; do
        [[ ! -f "$tree/bin/$exe" ]] || install -m 0755 "$tree/bin/$exe" "$work/package/native/$dir/$exe"
    done
done
(cd "$work/package" && npm pkg delete scripts devDependencies)
(cd "$work/package" && npm pack --pack-destination "$repo/dist" --loglevel=warn >/dev/null)
echo "$repo/dist/ydrz-$version.tgz"
