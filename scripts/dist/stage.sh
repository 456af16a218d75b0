#!/usr/bin/env bash
# Assembles the release tree of each platform given (env.sh) from what build.sh compiled, and packs it:
#   target/dist/stage/ydrz-<version>-<platform>/   the tree, as the tarball unpacks
#   target/dist/debug/ydrz-<version>-<platform>/   the split debug info (<dir>/.debug/<file>.debug; ELF only)
#   dist/ydrz-<version>-<platform>.tar.gz, its -debug.tar.gz (ELF only) and dist/ydrz-<version>-<platform>.cdx.json,
#   the CycloneDX bill of materials of the archive (sbom.py)
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

# libydrz.a as one object: partial link of the whole archive (and of the unwinder $4 when given), every
# global but ydrz_* made local, no debug
# info and no embedded LLVM bitcode (which binutils' LTO plugin chokes on, rust-lang/rust#74657). Its section
# groups are dissolved: the COMDAT group DW.ref.rust_eh_personality, which every Rust static library has,
# would otherwise win over another library's one at link time and leave that library's (hidden) reference
# to it undefined.
install_static_archive() {
    local arch=$1 src=$2 dest=$3 unwinder=${4:-}
    local work
    work="$(mktemp -d)"
    # shellcheck disable=SC2086 # no unwinder: no word
    "$(binutil "$arch" ld)" -r --whole-archive "$src" $unwinder -o "$work/ydrz.o"
    "$(binutil "$arch" objcopy)" --wildcard --keep-global-symbol='ydrz_*' --strip-debug --strip-unneeded \
        --remove-section=.group --remove-section=.llvmbc --remove-section=.llvmcmd "$work/ydrz.o"
    rm -f "$dest"
    "$(binutil "$arch" ar)" rcsD "$dest" "$work/ydrz.o"
    rm -rf "$work"
}

# The -l flags rustc printed for the staticlib (build.sh asked for them), e.g. "-lgcc_s -lutil ... -lc".
native_static_libs() {
    local log
    log="$DIST_TARGET/dist/$(platform_name "$1").build.log"
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

# A reproducible tarball: sorted entries, owner root, every time the commit's, file modes as umask 022 gives
# them, no PAX times and no name or time in the gzip header.
pack() {
    local dir=$1 name=$2 out=$3
    tar -C "$dir" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@"$source_epoch" --mode=go-w,u+rw \
        --format=gnu -cf - "$name" | gzip -9n >"$out"
}

# Fills the pkg-config and CMake files of $tree for a shared library $1 (file name) with SONAME/install name
# $2, and the static libraries of native-static-libs line $3.
write_dev_files() {
    local shared_file=$1 soname=$2 libs=$3
    local cmake_libs
    cmake_libs="$(sed 's/-l//g; s/ \+/;/g' <<<"$libs")"
    fill_template "$here/ydrz.pc.in" "$tree/lib/pkgconfig/ydrz.pc" VERSION="$VERSION" NATIVE_STATIC_LIBS="$libs"
    fill_template "$here/ydrzConfig.cmake.in" "$tree/lib/cmake/ydrz/ydrzConfig.cmake" VERSION="$VERSION" \
        FIND_VERSION="$(cut -d. -f1-2 <<<"$VERSION")" SONAME="$soname" SHARED_LIB_FILE="$shared_file" \
        NATIVE_STATIC_LIBS_CMAKE="$cmake_libs"
    fill_template "$here/ydrzConfigVersion.cmake.in" "$tree/lib/cmake/ydrz/ydrzConfigVersion.cmake" \
        VERSION="$VERSION" VERSION_MAJOR="${VERSION%%.*}"
}

# glibc and musl: the ELF layout, every file stripped with its debug info in the debug tree. musl's CLI is
# the static one (build.sh builds it in target/static-cli/), and its libydrz.a carries its unwinder.
stage_elf() {
    local platform=$1 release=$2 cli=$3
    mkdir -p "$debug_tree"
    local soname
    soname="$(readelf -d "$release/libydrz.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
    [[ "$soname" == libydrz.so.* ]] || dist_fail "$release/libydrz.so has no SONAME libydrz.so.<abi> ('$soname')"
    install_stripped "$platform" "$release/libydrz.so" "$tree/lib/libydrz.so.$VERSION"
    ln -s "libydrz.so.$VERSION" "$tree/lib/$soname"
    ln -s "$soname" "$tree/lib/libydrz.so"
    install_stripped "$platform" "$release/libydrz_jni.so" "$tree/lib/libydrz_jni.so"
    install_stripped "$platform" "$cli" "$tree/bin/ydrz"
    local libs unwinder=
    libs="$(native_static_libs "$platform")"
    if [[ "$(platform_os "$platform")" == linux-musl ]]; then
        # Rust's own LLVM libunwind goes inside (its symbols made local like the rest), so that the archive needs
        # only musl's libc: the libgcc_s that rustc names is absent from a bare Alpine, and a glibc system's
        # libgcc_eh (what gcc -static adds) calls glibc's _dl_find_object.
        unwinder="$(rustc --print sysroot)/lib/rustlib/$(rust_target "$platform")/lib/self-contained/libunwind.a"
        [[ -f "$unwinder" ]] || dist_fail "missing $unwinder (rustup target add $(rust_target "$platform"))"
        libs="$(sed 's/-lgcc_s *//' <<<"$libs")"
    fi
    install_static_archive "$platform" "$release/libydrz.a" "$tree/lib/libydrz.a" "$unwinder"
    write_dev_files "libydrz.so.$VERSION" "$soname" "$libs"
}

# macOS: libydrz.dylib (install name @rpath/libydrz.dylib), its JNI library, the CLI, and the Rust static
# library as rustc writes it with its debug info removed (Mach-O has no partial link in this toolchain: its
# Rust and AWS-LC symbols stay global, see README "Platforms"). llvm-strip reads Mach-O.
stage_macos() {
    local platform=$1 release=$2
    llvm-strip -x -o "$tree/lib/libydrz.dylib" "$release/libydrz.dylib"
    llvm-strip -x -o "$tree/lib/libydrz_jni.dylib" "$release/libydrz_jni.dylib"
    llvm-strip -o "$tree/bin/ydrz" "$release/ydrz"
    llvm-strip --strip-debug -o "$tree/lib/libydrz.a" "$release/libydrz.a"
    write_dev_files libydrz.dylib @rpath/libydrz.dylib "$(native_static_libs "$platform")"
}

# Windows (MinGW-w64 ABI, UCRT): bin/ydrz.dll beside bin/ydrz.exe (Windows finds a DLL next to the program),
# lib/ydrz.def (its exports), lib/libydrz.dll.a (the import library MinGW's linker wants, from the build) and
# lib/ydrz.lib (the same for MSVC's link.exe, made from the .def), lib/libydrz.a, lib/ydrz_jni.dll.
stage_windows() {
    local platform=$1 release=$2
    llvm-strip -o "$tree/bin/ydrz.dll" "$release/ydrz.dll"
    llvm-strip -o "$tree/bin/ydrz.exe" "$release/ydrz.exe"
    llvm-strip -o "$tree/lib/ydrz_jni.dll" "$release/ydrz_jni.dll"
    llvm-strip --strip-debug -o "$tree/lib/libydrz.a" "$release/libydrz.a"
    cp "$release/libydrz.dll.a" "$tree/lib/libydrz.dll.a"
    python3 "$here/foreign_binary.py" --def "$tree/bin/ydrz.dll" >"$tree/lib/ydrz.def"
    llvm-dlltool -m i386:x86-64 -d "$tree/lib/ydrz.def" -D ydrz.dll -l "$tree/lib/ydrz.lib"
    write_dev_files ../bin/ydrz.dll ydrz.dll "$(native_static_libs "$platform")"
}

# SOURCE_DATE_EPOCH (the commit's time) dates every archive entry, so a rebuild gives the same bytes.
source_epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
export SOURCE_DATE_EPOCH="$source_epoch"
mkdir -p "$DIST_OUT"
for platform in "$@"; do
    triple="$(rust_target "$platform")"
    release="$DIST_TARGET/$triple/release"
    name="$(tree_name "$platform")"
    tree="$DIST_STAGE/$name"
    debug_tree="$DIST_DEBUG_STAGE/$name"
    rm -rf "$tree" "$debug_tree"
    mkdir -p "$tree"/{bin,include,lib/pkgconfig,lib/cmake/ydrz,share/doc/ydrz}
    case "$(platform_os "$platform")" in
    linux) stage_elf "$platform" "$release" "$release/ydrz" ;;
    linux-musl) stage_elf "$platform" "$release" "$DIST_TARGET/static-cli/$triple/release/ydrz" ;;
    macos) stage_macos "$platform" "$release" ;;
    windows) stage_windows "$platform" "$release" ;;
    esac
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

    pack "$DIST_STAGE" "$name" "$DIST_OUT/$name.tar.gz"
    python3 "$here/sbom.py" "$triple" "$name.tar.gz" "$DIST_OUT/$name.cdx.json"
    if [[ -d "$debug_tree" ]]; then
        pack "$DIST_DEBUG_STAGE" "$name" "$DIST_OUT/$name-debug.tar.gz"
        echo "dist: $DIST_OUT/$name.tar.gz, $DIST_OUT/$name-debug.tar.gz, $DIST_OUT/$name.cdx.json"
    else
        echo "dist: $DIST_OUT/$name.tar.gz, $DIST_OUT/$name.cdx.json"
    fi
done
