#!/usr/bin/env bash
# Checks the release trees of the platforms given (env.sh; default: every staged one) as a user gets them, and
# prints the size of each file:
# - every ELF file is stripped (no .symtab, .debug_info or .debug_line) and needs at most GLIBC_$GLIBC_FLOOR: every
#   version it references, weak references included (readelf's version-needs section lists them all);
# - glibc shared objects and executables need only the system libraries of the manylinux2014 allowlist; musl
#   ones only libc.so, and musl's bin/ydrz is static (no interpreter, nothing needed);
# - every executable and shared library carries cargo auditable's dependency list (audit_data.py);
# - macOS and Windows trees: foreign_binary.py's checks (format, arch, exports, minimum OS, system libraries);
# - libydrz.so has the SONAME libydrz.so.<abi>, exports only ydrz_* and its stripped size stays within
#   MAX_SHARED_LIB_BYTES; libydrz_jni.so exports only Java_* and JNI_OnLoad; both are marked NODELETE (FLAGS_1),
#   so that a host unloading them (Node.js workers, Java class loaders, PHP FFI per request) never runs a
#   thread-exit destructor of theirs in unmapped code;
# - libydrz.a defines only ydrz_* globally, holds no debug info and no call into glibc's C23 symbols (__isoc23_*),
#   which exist only in glibc >= 2.38;
# - the SONAME and development links resolve; the .pc and the CMake files carry the version.
set -euo pipefail
source "$(dirname "$0")/env.sh"

errors=0
problem() {
    echo "  FAIL: $*" >&2
    errors=$((errors + 1))
}

is_elf() {
    [[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" == '177ELF' ]]
}

# The newest GLIBC_x.y version that ELF file $1 needs (empty when none).
newest_glibc() {
    readelf -W -V "$1" | { grep -o 'Name: GLIBC_[0-9.]*' || true; } | sed 's/Name: GLIBC_//' | sort -V | tail -n 1
}

# Names of the symbols that ELF file $1 defines globally in its dynamic symbol table.
dynamic_exports() {
    readelf -W --dyn-syms "$1" | awk '$5 ~ /GLOBAL|WEAK/ && $7 != "UND" && $4 != "SECTION" { sub(/@.*/, "", $8); print $8 }'
}

check_elf() {
    local file=$1 os=$2
    local sections
    sections="$(readelf -W -S "$file")"
    if grep -qE ' \.(symtab|debug_info|debug_line) ' <<<"$sections"; then problem "$file is not stripped"; fi
    local newest
    newest="$(newest_glibc "$file")"
    if [[ -n "$newest" ]] && [[ "$(printf '%s\n%s\n' "$newest" "$GLIBC_FLOOR" | sort -V | tail -n 1)" != "$GLIBC_FLOOR" ]]; then
        problem "$file needs GLIBC_$newest (floor: GLIBC_$GLIBC_FLOOR): $(readelf -W --dyn-syms "$file" | grep -o "[^ ]*@GLIBC_$newest" | head -n 5 | tr '\n' ' ')"
    fi
    local needed
    needed="$(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
    for lib in $needed; do
        case "$os:$lib" in
        linux:libc.so.6 | linux:libm.so.6 | linux:libdl.so.2 | linux:libpthread.so.0 | linux:librt.so.1 | linux:libutil.so.1) ;;
        linux:libgcc_s.so.1 | linux:ld-linux-*.so.*) ;;
        linux-musl:libc.so) ;; # musl is one library; no libgcc_s on Alpine unless installed
        linux:*) problem "$file needs $lib, which is not in the manylinux2014 allowlist" ;;
        *) problem "$file needs $lib; a musl binary may need only libc.so" ;;
        esac
    done
    if [[ "$os" == linux-musl ]]; then
        local interp
        interp="$(readelf -W -l "$file" | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')"
        if [[ "$file" == */bin/* && ( -n "$interp" || -n "$needed" ) ]]; then
            problem "$file is not static (interpreter '$interp', needs: $(tr '\n' ' ' <<<"$needed"))"
        fi
    fi
    echo "  $(basename "$file"): GLIBC_${newest:-none}, needs: $(tr '\n' ' ' <<<"$needed")"
}

# Every executable and shared library carries the dependency list of cargo auditable (audit_data.py).
check_audit_data() {
    local tree=$1 binaries
    mapfile -t binaries < <(find "$tree/bin" "$tree/lib" -maxdepth 1 -type f \( -name 'ydrz' -o -name 'ydrz.exe' -o \
        -name '*.so.*' -o -name '*.so' -o -name '*.dylib' -o -name '*.dll' \) | sort)
    python3 "$dist_repo/scripts/dist/audit_data.py" "${binaries[@]}" || problem "$tree: a binary lacks its cargo auditable list"
}

# macOS and Windows: foreign_binary.py reads the Mach-O and PE files (format, arch, exports, minimum OS,
# system libraries only).
check_foreign_tree() {
    local platform=$1 tree=$2
    python3 "$dist_repo/scripts/dist/foreign_binary.py" "$(platform_name "$platform")" "$tree" || problem "$tree: see above"
    check_audit_data "$tree"
    grep -qx "Version: $VERSION" "$tree/lib/pkgconfig/ydrz.pc" || problem "ydrz.pc does not say Version: $VERSION"
    echo "  sizes (bytes):"
    (cd "$tree" && find . -type f -printf '%s\t%P\n' | sort -k2) | sed 's/^/    /'
}

check_tree() {
    local platform=$1 tree os
    tree="$DIST_STAGE/$(tree_name "$platform")"
    os="$(platform_os "$platform")"
    echo "checking $tree"
    [[ -d "$tree" ]] || { problem "$tree is missing: run make dist-native"; return; }
    if [[ "$os" == macos || "$os" == windows ]]; then
        check_foreign_tree "$platform" "$tree"
        return
    fi
    local file
    while IFS= read -r file; do
        if is_elf "$file"; then check_elf "$file" "$os"; fi
    done < <(find "$tree" -type f | sort)

    check_audit_data "$tree"

    local lib="$tree/lib/libydrz.so.$VERSION"
    local soname size
    soname="$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
    [[ "$soname" =~ ^libydrz\.so\.[0-9]+$ ]] || problem "$lib has SONAME '$soname', not libydrz.so.<abi>"
    [[ "$(readlink "$tree/lib/$soname")" == "libydrz.so.$VERSION" ]] || problem "lib/$soname does not link to libydrz.so.$VERSION"
    [[ "$(readlink "$tree/lib/libydrz.so")" == "$soname" ]] || problem "lib/libydrz.so does not link to $soname"
    size="$(stat -c %s "$lib")"
    ((size <= MAX_SHARED_LIB_BYTES)) || problem "$lib is $size bytes, over the $MAX_SHARED_LIB_BYTES-byte limit"
    local stray
    stray="$(dynamic_exports "$lib" | grep -v '^ydrz_' || true)"
    [[ -z "$stray" ]] || problem "$lib exports more than ydrz_*: $(head -n 5 <<<"$stray" | tr '\n' ' ')"
    stray="$(dynamic_exports "$tree/lib/libydrz_jni.so" | grep -v '^Java_\|^JNI_OnLoad$' || true)"
    [[ -z "$stray" ]] || problem "libydrz_jni.so exports more than Java_* and JNI_OnLoad: $(head -n 5 <<<"$stray" | tr '\n' ' ')"
    local shared
    for shared in "$lib" "$tree/lib/libydrz_jni.so"; do
        readelf -d "$shared" | grep -q 'FLAGS_1.*NODELETE' || problem "$shared is not marked NODELETE (link with -z nodelete)"
    done

    local archive="$tree/lib/libydrz.a" symbols
    symbols="$(readelf -W -s "$archive")"
    stray="$(awk '$5 ~ /GLOBAL|WEAK/ && $7 != "UND" { print $8 }' <<<"$symbols" | grep -v '^ydrz_' || true)"
    [[ -z "$stray" ]] || problem "libydrz.a defines more than ydrz_* globally: $(head -n 5 <<<"$stray" | tr '\n' ' ')"
    if grep -q '__isoc23_' <<<"$symbols"; then problem "libydrz.a calls __isoc23_* (glibc >= 2.38)"; fi
    if grep -q ' \.debug_' <<<"$(readelf -W -S "$archive")"; then problem "libydrz.a holds debug info"; fi

    grep -qx "Version: $VERSION" "$tree/lib/pkgconfig/ydrz.pc" || problem "ydrz.pc does not say Version: $VERSION"
    grep -q "PACKAGE_VERSION \"$VERSION\"" "$tree/lib/cmake/ydrz/ydrzConfigVersion.cmake" ||
        problem "ydrzConfigVersion.cmake does not say $VERSION"

    echo "  sizes (bytes):"
    (cd "$tree" && find . -type f -printf '%s\t%P\n' | sort -k2) | sed 's/^/    /'
}

arches=("$@")
if [[ ${#arches[@]} -eq 0 ]]; then
    for arch in x86_64 aarch64 $DIST_PLATFORMS_ALL macos-x86_64 macos-aarch64; do
        if [[ -d "$DIST_STAGE/$(tree_name "$arch")" ]]; then arches+=("$arch"); fi
    done
    [[ ${#arches[@]} -gt 0 ]] || dist_fail "no release tree in $DIST_STAGE: run make dist-native"
fi
for arch in "${arches[@]}"; do
    check_tree "$arch"
done
[[ $errors -eq 0 ]] || dist_fail "$errors problem(s)"
echo "dist: release trees OK (${arches[*]})"
