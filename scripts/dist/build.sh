#!/usr/bin/env bash
# Compiles the release binaries of each architecture given (x86_64, aarch64) with cargo-zigbuild, linked
# against glibc $GLIBC_FLOOR: first the JNI shim, then the library (cdylib + staticlib) and the CLI. Two cargo
# invocations, so that features do not unify: the shim's ydrz dependency keeps the `soname` feature off
# (rust-lang/cargo#9562). The library comes last because both builds write target/<triple>/release/deps/libydrz.*
# (path cdylibs have no hash in their file names) and the library's must be the one left there.
#
# AWS-LC (aws-lc-sys' build script, cc builder) needs no extra setting here: cargo-zigbuild makes zig its C
# compiler for the target, so AWS-LC is compiled against glibc 2.17's headers as well (checked with aws-lc-sys
# 0.47, cdylib and staticlib, both architectures).
#
# Output: target/<triple>/release/{libydrz.so,libydrz.a,ydrz,libydrz_jni.so}, and target/dist/<arch>.build.log,
# which holds rustc's native-static-libs line for the staticlib.
set -euo pipefail
source "$(dirname "$0")/env.sh"
require_zig_toolchain
cd "$dist_repo"
mkdir -p target/dist

for arch in "$@"; do
    triple="$(rust_target "$arch")"
    var="CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$triple")_RUSTFLAGS"
    # A build id lets a crash be matched with its .debug file; native-static-libs names the system libraries
    # a static link needs (ydrz.pc's Libs.private, the CMake static target).
    export "$var=-C link-arg=-Wl,--build-id=sha1 --print=native-static-libs"
    log="target/dist/$arch.build.log"
    echo "dist: building $arch ($triple.$GLIBC_FLOOR)"
    rm -f "$log.new"
    for package in "-p ydrz-jni" "-p ydrz -p ydrz-cli --lib --bins"; do
        # shellcheck disable=SC2086 # the package arguments are words
        if ! cargo zigbuild --release --locked --target "$triple.$GLIBC_FLOOR" $package >>"$log.new" 2>&1; then
            tail -n 40 "$log.new" >&2
            dist_fail "cargo zigbuild $package for $arch failed (whole log: $log.new)"
        fi
    done
    mv "$log.new" "$log"
    unset "$var"
done
