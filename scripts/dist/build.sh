#!/usr/bin/env bash
# Compiles the release binaries of each platform given (scripts/dist/env.sh: x86_64, aarch64 = linux glibc,
# linux-musl-<arch>, macos-<arch>, windows-x86_64) with cargo-zigbuild: first the JNI shim, then the library
# (cdylib + staticlib) and the CLI. Two cargo invocations, so that features do not unify: the shim's ydrz
# dependency keeps the `soname` feature off (rust-lang/cargo#9562). The library comes last because both builds
# write target/<triple>/release/deps/libydrz.* (path cdylibs have no hash in their file names) and the
# library's must be the one left there.
#
# - glibc: linked against glibc $GLIBC_FLOOR. AWS-LC (aws-lc-sys' build script, cc builder) needs no extra
#   setting: cargo-zigbuild makes zig its C compiler for the target, so AWS-LC is compiled against the same
#   headers (checked with aws-lc-sys 0.47, cdylib and staticlib, both architectures).
# - musl: the libraries with `-crt-static` (a cdylib needs the dynamic libc.so of musl; with the static
#   default rustc drops the cdylib), the CLI with musl's static default in its own target directory
#   (target/static-cli/), so that the two settings do not rebuild each other's dependencies.
# - macOS: MACOSX_DEPLOYMENT_TARGET=$MACOS_MIN; libydrz.dylib exports only _ydrz_* (exported_symbols_list;
#   zig's linker would export every global of AWS-LC and Rust's std otherwise).
# - Windows: the GNU ABI, compiled and linked by Debian's MinGW-w64 (see zigbuild below); ydrz.dll with its
#   import library libydrz.dll.a.
#
# Every binary carries its dependency list (cargo auditable: `cargo audit bin` and scanners read it), and every
# path of the build machine is remapped (--remap-path-prefix) so that a rebuild elsewhere gives the same bytes.
#
# Output: <target dir>/<triple>/release/{lib,}ydrz{.so,.a,.dylib,.dll,.dll.a}, the CLI and the JNI library, and
# <target dir>/dist/<platform>.build.log, which holds rustc's native-static-libs line for the staticlib.
set -euo pipefail
source "$(dirname "$0")/env.sh"
require_zig_toolchain
require_auditable
cd "$dist_repo"
mkdir -p "$DIST_TARGET/dist"

# The same bytes from any checkout and any home directory: the registry sources, the toolchain and the
# checkout itself appear under fixed names in panic messages and debug info.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
target_dir="$(cd "$DIST_TARGET" 2>/dev/null && pwd || echo "$DIST_TARGET")"
# rustc applies the last matching prefix: the target directory (maybe inside the checkout) comes last.
remap="--remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$(rustc --print sysroot)=/rustc"
remap+=" --remap-path-prefix=$dist_repo=/build/ydrz --remap-path-prefix=$target_dir=/build/target"
# The same for AWS-LC's C code (its error queue records __FILE__).
c_remap="-ffile-prefix-map=$cargo_home=/cargo -ffile-prefix-map=$dist_repo=/build/ydrz -ffile-prefix-map=$target_dir=/build/target"

# Runs cargo zigbuild under cargo auditable, for platform $1 with rustflags $2, then the package arguments.
# Windows is linked by Debian's MinGW-w64 instead: zig cc drops the .def file rustc passes, so a DLL built by
# it exports none of the #[no_mangle] functions (rust-cross/cargo-zigbuild#251).
zigbuild() {
    local platform=$1 flags=$2
    shift 2
    local triple var
    triple="$(rust_target "$platform")"
    var="CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$triple")"
    if [[ "$(platform_os "$platform")" == windows ]]; then
        env "${var}_RUSTFLAGS=$flags $remap" "CFLAGS_${triple//-/_}=$c_remap" "${var}_LINKER=x86_64-w64-mingw32-gcc" \
            "CC_${triple//-/_}=x86_64-w64-mingw32-gcc" "AR_${triple//-/_}=x86_64-w64-mingw32-ar" \
            cargo auditable build --release --locked --target "$triple" "$@"
        return
    fi
    env "${var}_RUSTFLAGS=$flags $remap" "CFLAGS_${triple//-/_}=$c_remap" cargo auditable zigbuild --release --locked --target "$(zig_target "$platform")" "$@"
}

for platform in "$@"; do
    name="$(platform_name "$platform")"
    os="$(platform_os "$platform")"
    log="$DIST_TARGET/dist/$name.build.log"
    echo "dist: building $name ($(zig_target "$platform"))"
    # A build id lets a crash be matched with its .debug file; native-static-libs names the system libraries
    # a static link needs (ydrz.pc's Libs.private, the CMake static target).
    flags="--print=native-static-libs"
    case "$os" in
    linux) flags+=" -C link-arg=-Wl,--build-id=sha1" ;;
    linux-musl) flags+=" -C link-arg=-Wl,--build-id=sha1 -C target-feature=-crt-static" ;;
    esac
    builds=("-p ydrz-jni" "-p ydrz --lib")
    [[ "$os" == linux-musl ]] || builds[1]="-p ydrz -p ydrz-cli --lib --bins"
    rm -f "$log.new"
    for build in "${builds[@]}"; do
        build_flags=$flags
        if [[ "$os" == macos ]]; then
            exports=macos-exports.txt
            [[ "$build" != *ydrz-jni* ]] || exports=macos-jni-exports.txt
            build_flags+=" -C link-arg=-Wl,-exported_symbols_list,$dist_repo/scripts/dist/$exports"
        fi
        # shellcheck disable=SC2086 # the package arguments are words
        if ! MACOSX_DEPLOYMENT_TARGET=$MACOS_MIN zigbuild "$platform" "$build_flags" $build >>"$log.new" 2>&1; then
            tail -n 40 "$log.new" >&2
            dist_fail "cargo zigbuild $build for $name failed (whole log: $log.new)"
        fi
    done
    if [[ "$os" == linux-musl ]]; then
        if ! zigbuild "$platform" "-C link-arg=-Wl,--build-id=sha1" --target-dir "$DIST_TARGET/static-cli" -p ydrz-cli --bin ydrz >>"$log.new" 2>&1; then
            tail -n 40 "$log.new" >&2
            dist_fail "cargo zigbuild of the static CLI for $name failed (whole log: $log.new)"
        fi
    fi
    mv "$log.new" "$log"
done
