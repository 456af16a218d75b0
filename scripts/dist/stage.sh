#!/usr/bin/env bash
# Assembles the release tree of each architecture given from what build.sh compiled, and packs it:
#   target/dist/stage/ydrz-<version>-linux-<arch>/   the tree, as the tarball unpacks
#   target/dist/debug/ydrz-<version>-linux-<arch>/   the split debug info (<dir>/.debug/<file>.debug)
#   dist/ydrz-<version>-linux-<arch>.tar.gz and dist/ydrz-<version>-linux-<arch>-debug.tar.gz
# Every ELF is stripped; its debug info goes to a .debug file that its .gnu_debuglink names, so gdb finds it
# when the debug tarball is unpacked over the tree. libydrz.a is one relocatable object whose only global
# symbols are ydrz_* (Rust std and the crypto backend made local), so it links next to other Rust libraries.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/../package/docs.sh"
here="$dist_repo/scripts/dist"
cd "$dist_repo"

# Copies the ELF file $2 to $3 stripped, with its debug info in <dir of $3 in the debug tree>/.debug/.
install_stripped() {
    local arch=$1 src=$2 dest=$3
    local rel="${dest#"$tree"/}"
    local debug_file="$debug_tree/$(dirname "$rel")/.debug/$(basename "$dest").debug"
    mkdir -p "$(dirname "$dest")" "$(dirname "$debug_file")"
    "$(binutil "$arch" objcopy)" --only-keep-debug --compress-debug-sections "$src" "$debug_file"
    "$(binutil "$arch" strip)" --strip-all -o "$dest" "$src"
    (cd "$(dirname "$debug_file")" && "$(binutil "$arch" objcopy)" --add-gnu-debuglink="$(basename "$debug_file")" "$dest")
}

# libydrz.a as one object: partial link of the whole archive, every global but ydrz_* made local, no debug
# info and no embedded LLVM bitcode (which binutils' LTO plugin chokes on, rust-lang/rust#74657). Its section
# groups are dissolved: the COMDAT group DW.ref.rust_eh_personality, which every Rust static library has,
# would otherwise win over another library's one at link time and leave that library's (hidden) reference
# to it undefined.
install_static_archive() {
    local arch=$1 src=$2 dest=$3
    local work
    work="$(mktemp -d)"
    "$(binutil "$arch" ld)" -r --whole-archive "$src" -o "$work/ydrz.o"
    "$(binutil "$arch" objcopy)" --wildcard --keep-global-symbol='ydrz_*' --strip-debug --strip-unneeded \
        --remove-section=.group --remove-section=.llvmbc --remove-section=.llvmcmd "$work/ydrz.o"
    rm -f "$dest"
    "$(binutil "$arch" ar)" rcsD "$dest" "$work/ydrz.o"
    rm -rf "$work"
}

# The -l flags rustc printed for the staticlib (build.sh asked for them), e.g. "-lgcc_s -lutil ... -lc".
native_static_libs() {
    local log="target/dist/$1.build.log"
    local libs
    libs="$(sed -n 's/.*native-static-libs: //p' "$log" | tail -n 1)"
    [[ -n "$libs" ]] || dist_fail "no native-static-libs line in $log: run scripts/dist/build.sh $1"
    echo "$libs"
}

# Fills @NAME@ placeholders of template $1 into $2 from the NAME=value pairs that follow.
fill_template() {
    local template=$1 out=$2
    shift 2
    local script=()
    for pair in "$@"; do
        script+=(-e "s|@${pair%%=*}@|${pair#*=}|g")
    done
    sed "${script[@]}" "$template" >"$out"
    ! grep -n '@[A-Z_]*@' "$out" || dist_fail "unfilled placeholder in $out"
}

pack() {
    local dir=$1 name=$2 out=$3
    tar -C "$dir" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@"$source_epoch" -cf - "$name" |
        gzip -9n >"$out"
}

source_epoch="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
mkdir -p "$DIST_OUT"
for arch in "$@"; do
    release="target/$(rust_target "$arch")/release"
    name="$(tree_name "$arch")"
    tree="$DIST_STAGE/$name"
    debug_tree="$DIST_DEBUG_STAGE/$name"
    rm -rf "$tree" "$debug_tree"
    mkdir -p "$tree"/{bin,include,lib/pkgconfig,lib/cmake/ydrz,share/doc/ydrz} "$debug_tree"

    soname="$(readelf -d "$release/libydrz.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
    [[ "$soname" == libydrz.so.* ]] || dist_fail "$release/libydrz.so has no SONAME libydrz.so.<abi> ('$soname')"
    install_stripped "$arch" "$release/libydrz.so" "$tree/lib/libydrz.so.$VERSION"
    ln -s "libydrz.so.$VERSION" "$tree/lib/$soname"
    ln -s "$soname" "$tree/lib/libydrz.so"
    install_stripped "$arch" "$release/libydrz_jni.so" "$tree/lib/libydrz_jni.so"
    install_stripped "$arch" "$release/ydrz" "$tree/bin/ydrz"
    install_static_archive "$arch" "$release/libydrz.a" "$tree/lib/libydrz.a"
    cp include/ydrz.h "$tree/include/"
    cp LICENSE CHANGELOG.md "$tree/share/doc/ydrz/"
    # The README beside docs/ (configuration and protocol references, the browser flow's screenshots), every
    # example and each binding's README (the Spring Boot starter's too), at their places in the repository, so
    # that their links hold.
    mkdir -p "$tree/share/doc/ydrz/examples"
    git -C examples ls-files -z | (cd examples && xargs -0 cp --parents -t "$tree/share/doc/ydrz/examples")
    git ls-files -z docs/browser-flow | xargs -0 cp --parents -t "$tree/share/doc/ydrz"
    for readme in bindings/*/README.md bindings/java/spring-boot-starter/README.md; do
        install -D -m 0644 "$readme" "$tree/share/doc/ydrz/$readme"
    done
    stage_docs "$tree/share/doc/ydrz" README.md >/dev/null

    libs="$(native_static_libs "$arch")"
    cmake_libs="$(sed 's/-l//g; s/ \+/;/g' <<<"$libs")"
    fill_template "$here/ydrz.pc.in" "$tree/lib/pkgconfig/ydrz.pc" VERSION="$VERSION" NATIVE_STATIC_LIBS="$libs"
    fill_template "$here/ydrzConfig.cmake.in" "$tree/lib/cmake/ydrz/ydrzConfig.cmake" VERSION="$VERSION" \
        FIND_VERSION="$(cut -d. -f1-2 <<<"$VERSION")" SONAME="$soname" SHARED_LIB_FILE="libydrz.so.$VERSION" \
        NATIVE_STATIC_LIBS_CMAKE="$cmake_libs"
    fill_template "$here/ydrzConfigVersion.cmake.in" "$tree/lib/cmake/ydrz/ydrzConfigVersion.cmake" \
        VERSION="$VERSION" VERSION_MAJOR="${VERSION%%.*}"

    pack "$DIST_STAGE" "$name" "$DIST_OUT/$name.tar.gz"
    pack "$DIST_DEBUG_STAGE" "$name" "$DIST_OUT/$name-debug.tar.gz"
    echo "dist: $DIST_OUT/$name.tar.gz, $DIST_OUT/$name-debug.tar.gz"
done
