#!/usr/bin/env bash
# The dist-test stage: tests the release as a user gets it, from dist/ and a fresh temporary directory outside
# the repository, with no LD_LIBRARY_PATH:
# 1. check.sh on every staged tree (glibc floor, stripped, exports, size), and on a copy with an unstripped
#    library and a program built against this machine's glibc, which it must refuse;
# 2. each tarball unpacks to exactly its staged tree, and its -debug tarball symbolizes an address of the
#    stripped libydrz.so;
# 3. `make install` into a temporary prefix, then examples/minimal.c built with `pkg-config --cflags --libs`,
#    statically with `pkg-config --static`, and with CMake find_package(ydrz) (shared and static targets), and
#    once more from the unpacked tarball through its relocatable ydrz.pc; each prints the jssdk sign that an
#    independent MD5 gives; `make uninstall` leaves no file behind; install-test.sh: a PREFIX that ydrz.pc
#    cannot carry is refused before anything is written, and under umask 077 the modes are still 0755/0644;
# 4. libydrz.a linked into one C program with a second, unrelated Rust static library;
# 5. per architecture (aarch64 under qemu-user with the cross libc): the C test matrix (tests/c/test_ffi.c,
#    the test vectors) against the shared library, minimal.c linked statically by zig against glibc 2.17 (so
#    the archive needs nothing newer), and the CLI's --version.
set -euo pipefail
source "$(dirname "$0")/env.sh"
require_zig_toolchain
unset LD_LIBRARY_PATH
QEMU_TIMEOUT="${QEMU_TIMEOUT:-300}"

host="$(uname -m)"
passed=0
pass() {
    echo "  ok: $*"
    passed=$((passed + 1))
}

# The jssdk sign of the inputs examples/minimal.c and tests/dist/two_rust_libs.c pass
# (docs/protocol.md#jssdk-sign): MD5 of appId + businessType + msgId + timestamp + traceId + version + appkey,
# msgId = traceId, upper-case hex.
trace=7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37
expected_sign="jssdk sign: $(printf '%s' "3000123456788${trace}20240131235959123${trace}2.05A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C" |
    md5sum | cut -c1-32 | tr a-f A-F)"

# Runs program $1 (natively or under qemu for another architecture) and checks its first line.
expect_sign() {
    local program=$1 arch=${2:-$host} out
    out="$(run_on "$arch" "$program")"
    out="${out%%$'\n'*}"
    [[ "$out" == "$expected_sign" ]] || dist_fail "$program printed '$out', expected '$expected_sign'"
    pass "$(basename "$program") ($arch) prints the expected sign"
}

run_on() {
    local arch=$1
    shift
    if [[ "$arch" == "$host" ]]; then
        "$@"
    else
        timeout --kill-after=10 "$QEMU_TIMEOUT" "qemu-$arch" -L "/usr/$arch-linux-gnu" "$@"
    fi
}

needs_libydrz() {
    grep -q 'NEEDED.*\[libydrz\.so\.' <<<"$(readelf -d "$1")"
}

"$dist_repo/scripts/dist/check.sh"
arches=()
for arch in x86_64 aarch64; do
    if [[ -d "$DIST_STAGE/$(tree_name "$arch")" ]]; then arches+=("$arch"); fi
done
[[ " ${arches[*]} " == *" $host "* ]] || dist_fail "no $host release tree: run make dist-native"

tmp="$(mktemp -d /tmp/ydrz-dist-test.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/unpacked" "$tmp/debug" "$tmp/src"
cp "$dist_repo/examples/minimal.c" "$dist_repo/tests/dist/two_rust_libs.c" "$dist_repo/tests/dist/CMakeLists.txt" "$tmp/src/"
cd "$tmp/src"

echo "dist-test: check.sh refuses a tree with an unstripped library and a program that needs a newer glibc"
bad_stage="$tmp/bad-stage"
mkdir -p "$bad_stage"
cp -a "$DIST_STAGE/$(tree_name "$host")" "$bad_stage/"
bad_tree="$bad_stage/$(tree_name "$host")"
cp "$dist_repo/target/$(rust_target "$host")/release/libydrz.so" "$bad_tree/lib/libydrz.so.$VERSION"
cp "$(command -v ls)" "$bad_tree/bin/ydrz" # built against this machine's glibc
if bad_report="$(DIST_STAGE="$bad_stage" "$dist_repo/scripts/dist/check.sh" "$host" 2>&1)"; then
    dist_fail "check.sh accepted a tree with an unstripped libydrz.so and /bin/ls as bin/ydrz"
fi
grep -q "libydrz.so.$VERSION is not stripped" <<<"$bad_report" || dist_fail "check.sh missed the unstripped library"
grep -q "bin/ydrz needs GLIBC_2\." <<<"$bad_report" || dist_fail "check.sh missed the glibc floor: $bad_report"
pass "check.sh refuses both"

echo "dist-test: tarballs"
for arch in "${arches[@]}"; do
    name="$(tree_name "$arch")"
    tar -xzf "$DIST_OUT/$name.tar.gz" -C "$tmp/unpacked"
    diff -r --no-dereference "$tmp/unpacked/$name" "$DIST_STAGE/$name" >/dev/null ||
        dist_fail "$DIST_OUT/$name.tar.gz differs from $DIST_STAGE/$name"
    # The debug tarball unpacked over the tree symbolizes an address of the stripped library (same build id).
    tar -xzf "$DIST_OUT/$name-debug.tar.gz" -C "$tmp/debug"
    lib="$tmp/unpacked/$name/lib/libydrz.so.$VERSION"
    address="0x$(readelf -W --dyn-syms "$lib" | awk '$8 == "ydrz_jssdk_sign" { print $2 }')"
    where="$("$(binutil "$arch" addr2line)" -f -e "$tmp/debug/$name/lib/.debug/libydrz.so.$VERSION.debug" "$address")"
    [[ "$where" == *"src/ffi/sign.rs:"* ]] || dist_fail "the debug info of $name does not symbolize ydrz_jssdk_sign: $where"
    pass "$name.tar.gz unpacks to the staged tree; its -debug tarball symbolizes libydrz.so"
done

echo "dist-test: make install into a temporary prefix"
prefix="$tmp/prefix"
make -s -C "$dist_repo" install PREFIX="$prefix" DESTDIR= >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[[ "$(pkg-config --modversion ydrz)" == "$VERSION" ]] || dist_fail "pkg-config --modversion ydrz is not $VERSION"

# The README's commands (section "Install"), word for word.
# shellcheck disable=SC2046 # pkg-config prints several words
cc minimal.c $(pkg-config --cflags --libs ydrz) -Wl,-rpath,$(pkg-config --variable=libdir ydrz) -o minimal
needs_libydrz minimal || dist_fail "minimal does not load libydrz.so"
expect_sign ./minimal
# shellcheck disable=SC2046
cc minimal.c $(pkg-config --cflags ydrz) -Wl,-Bstatic -lydrz -Wl,-Bdynamic -Wl,--as-needed $(pkg-config --static --libs ydrz) -o minimal_static
! needs_libydrz minimal_static || dist_fail "minimal_static loads libydrz.so: it was not linked statically"
expect_sign ./minimal_static

cmake -S . -B cmake-build -DCMAKE_PREFIX_PATH="$prefix" -DYDRZ_FIND_VERSION="$VERSION" >/dev/null
cmake --build cmake-build >/dev/null
needs_libydrz cmake-build/minimal_cmake || dist_fail "minimal_cmake does not load libydrz.so"
! needs_libydrz cmake-build/minimal_cmake_static || dist_fail "minimal_cmake_static loads libydrz.so"
expect_sign cmake-build/minimal_cmake
expect_sign cmake-build/minimal_cmake_static
# The find_package call the shipped ydrzConfig.cmake's first line shows must work as written.
shown="$(grep -o 'find_package(ydrz [^ )]* CONFIG REQUIRED)' "$prefix/lib/cmake/ydrz/ydrzConfig.cmake" | head -n 1)"
[[ -n "$shown" ]] || dist_fail "ydrzConfig.cmake shows no find_package(ydrz <version> CONFIG REQUIRED) call"
shown_version="$(awk '{ print $2 }' <<<"$shown")"
cmake -S . -B cmake-shown -DCMAKE_PREFIX_PATH="$prefix" -DYDRZ_FIND_VERSION="$shown_version" >/dev/null ||
    dist_fail "the call ydrzConfig.cmake shows, $shown, fails"
pass "$shown, as ydrzConfig.cmake shows it, finds the package"
if cmake -S . -B cmake-wrong -DCMAKE_PREFIX_PATH="$prefix" -DYDRZ_FIND_VERSION="$((${VERSION%%.*} + 1))" >/dev/null 2>&1; then
    dist_fail "find_package(ydrz $((${VERSION%%.*} + 1))) accepted version $VERSION"
fi
pass "find_package refuses another major version"

echo "dist-test: two Rust static libraries in one program"
cargo build --release --locked --quiet --manifest-path "$dist_repo/tests/dist/other_rust_lib/Cargo.toml" \
    --target-dir "$dist_repo/target/dist/other_rust_lib"
# shellcheck disable=SC2046
cc two_rust_libs.c $(pkg-config --cflags ydrz) -Wl,-Bstatic -lydrz -Wl,-Bdynamic \
    "$dist_repo/target/dist/other_rust_lib/release/libother_rust_lib.a" -Wl,--as-needed $(pkg-config --static --libs ydrz) -o two_rust_libs
expect_sign ./two_rust_libs
grep -qx "both libraries work: ydrz $VERSION" <<<"$(./two_rust_libs)" || dist_fail "two_rust_libs failed"
pass "libydrz.a and another Rust staticlib link and run together"

echo "dist-test: the unpacked tarball in place"
unpacked="$tmp/unpacked/$(tree_name "$host")"
# shellcheck disable=SC2046
cc minimal.c $(PKG_CONFIG_PATH="$unpacked/lib/pkgconfig" pkg-config --cflags --libs ydrz) \
    -Wl,-rpath,"$unpacked/lib" -o minimal_unpacked
expect_sign ./minimal_unpacked

make -s -C "$dist_repo" uninstall PREFIX="$prefix" DESTDIR= >/dev/null
left="$(find "$prefix" ! -type d)"
[[ -z "$left" ]] || dist_fail "make uninstall left: $left"
pass "make uninstall removes every installed file"

echo "dist-test: make install's PREFIX checks and modes"
"$dist_repo/scripts/dist/install-test.sh"

echo "dist-test: the C test matrix and a glibc-$GLIBC_FLOOR static link per architecture"
python3 "$dist_repo/tests/c/gen_vectors.py" "$dist_repo/tests/data/vectors.json" vectors.h
for arch in "${arches[@]}"; do
    tree="$tmp/unpacked/$(tree_name "$arch")"
    zigcc=(python3 -m ziglang cc -target "$arch-linux-gnu.$GLIBC_FLOOR")
    "${zigcc[@]}" -std=c99 -O1 -Wno-string-plus-int -DYDRZ_TEST_RELEASE_LIBRARY -I"$tree/include" -I. -I"$dist_repo/tests/c" "$dist_repo/tests/c/test_ffi.c" \
        -o "test_ffi.$arch" -L"$tree/lib" -lydrz -Wl,-rpath,"$tree/lib"
    run_on "$arch" "./test_ffi.$arch" | tail -n 1
    pass "tests/c/test_ffi.c ($arch) against the released libydrz.so"
    # shellcheck disable=SC2046
    "${zigcc[@]}" -std=c99 minimal.c $(PKG_CONFIG_PATH="$tree/lib/pkgconfig" pkg-config --cflags ydrz) -Wl,-Bstatic -lydrz \
        -Wl,-Bdynamic -Wl,--as-needed $(PKG_CONFIG_PATH="$tree/lib/pkgconfig" pkg-config --static --libs ydrz) -o "minimal_static.$arch"
    ! needs_libydrz "minimal_static.$arch" || dist_fail "minimal_static.$arch loads libydrz.so"
    expect_sign "./minimal_static.$arch" "$arch"
    [[ "$(run_on "$arch" "$tree/bin/ydrz" --version)" == *"$VERSION"* ]] || dist_fail "bin/ydrz --version ($arch) does not say $VERSION"
    pass "bin/ydrz --version ($arch)"
done
echo "dist-test: $passed passed, 0 failed"
