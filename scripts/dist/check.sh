#!/usr/bin/env bash
# Checks the release trees of the architectures given (default: every staged one) as a user gets them, and
# prints the size of each file. The ELF checks are `cargo xtask dist-check` (xtask/, on the object crate; its
# src/main.rs lists them): every ELF stripped, needing at most GLIBC_$GLIBC_FLOOR and only the manylinux2014
# system libraries; libydrz.so with the SONAME libydrz.so.<YDRZ_ABI_VERSION> (which the development links
# resolve through), exporting exactly the functions of include/ydrz.abi.json, within MAX_SHARED_LIB_BYTES;
# libydrz_jni.so exporting only Java_* and JNI_OnLoad; both marked NODELETE (FLAGS_1), so that a host unloading
# them (Node.js workers, Java class loaders, PHP FFI per request) never runs a thread-exit destructor of theirs
# in unmapped code; libydrz.a defining exactly the manifest's functions globally, with no debug info and no
# call into glibc's C23 symbols (__isoc23_*, glibc >= 2.38 only). This script adds that the .pc and the CMake
# files carry the version.
set -euo pipefail
source "$(dirname "$0")/env.sh"

errors=0
problem() {
    echo "  FAIL: $*" >&2
    errors=$((errors + 1))
}

check_tree() {
    local arch=$1 tree
    tree="$(cd "$DIST_STAGE" 2>/dev/null && pwd)/$(tree_name "$arch")"
    [[ -d "$tree" ]] || { problem "$DIST_STAGE/$(tree_name "$arch") is missing: run make dist-native"; return; }
    (cd "$dist_repo" && cargo xtask dist-check --version "$VERSION" --glibc-floor "$GLIBC_FLOOR" \
        --max-shared-lib-bytes "$MAX_SHARED_LIB_BYTES" "$tree") || problem "xtask dist-check found problems in $tree"

    grep -qx "Version: $VERSION" "$tree/lib/pkgconfig/ydrz.pc" || problem "ydrz.pc does not say Version: $VERSION"
    grep -q "PACKAGE_VERSION \"$VERSION\"" "$tree/lib/cmake/ydrz/ydrzConfigVersion.cmake" ||
        problem "ydrzConfigVersion.cmake does not say $VERSION"

    echo "  sizes (bytes):"
    (cd "$tree" && find . -type f -printf '%s\t%P\n' | sort -k2) | sed 's/^/    /'
}

arches=("$@")
if [[ ${#arches[@]} -eq 0 ]]; then
    for arch in x86_64 aarch64; do
        if [[ -d "$DIST_STAGE/$(tree_name "$arch")" ]]; then arches+=("$arch"); fi
    done
    [[ ${#arches[@]} -gt 0 ]] || dist_fail "no release tree in $DIST_STAGE: run make dist-native"
fi
for arch in "${arches[@]}"; do
    check_tree "$arch"
done
[[ $errors -eq 0 ]] || dist_fail "$errors problem(s)"
echo "dist: release trees OK (${arches[*]})"
