# Sourced by the release scripts in scripts/dist/: the version, the names and paths of the release trees, and
# per-architecture targets and binutils. Puts the project-local zig toolchain (scripts/setup.sh installs
# ziglang and cargo-zigbuild into .tools/venv, cargo-auditable into .tools/bin) first on PATH.

dist_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$("$dist_repo/scripts/version.sh")"
# Every ELF of the release needs at most this glibc (CentOS/RHEL 7); cargo-zigbuild links against it.
GLIBC_FLOOR=2.17
# The oldest macOS the macOS binaries run on (Big Sur, the first with Apple silicon).
MACOS_MIN=11.0
# The stripped libydrz.so may not grow past this.
MAX_SHARED_LIB_BYTES=$((8 * 1024 * 1024))
# The release trees, one per architecture: DIST_STAGE/ydrz-<version>-linux-<arch>/ (other packages are built
# from these; the environment may point DIST_STAGE elsewhere for check.sh), their debug files under
# DIST_DEBUG_STAGE, the tarballs in DIST_OUT (each may be set in the environment).
# DIST_TARGET is cargo's target directory (CARGO_TARGET_DIR, default target/): the compiled binaries and the
# build logs (DIST_TARGET/dist/<platform>.build.log). reproducible_test.sh points all four elsewhere.
DIST_TARGET="${CARGO_TARGET_DIR:-$dist_repo/target}"
DIST_STAGE="${DIST_STAGE:-$dist_repo/target/dist/stage}"
DIST_DEBUG_STAGE="${DIST_DEBUG_STAGE:-$dist_repo/target/dist/debug}"
DIST_OUT="${DIST_OUT:-$dist_repo/dist}"
export PATH="$dist_repo/.tools/venv/bin:$dist_repo/.tools/bin:$PATH"

dist_fail() {
    echo "scripts/dist/$(basename "$0"): $*" >&2
    exit 1
}

# A release platform is <os>-<arch>: linux-<arch> (glibc, the default: a bare x86_64 or aarch64 means
# linux-<arch>), linux-musl-<arch>, macos-<arch> (x86_64, aarch64) or windows-x86_64. The release trees and
# tarballs are named after it: ydrz-<version>-<platform>.
platform_name() {
    case "$1" in
    x86_64 | aarch64) echo "linux-$1" ;;
    linux-x86_64 | linux-aarch64 | linux-musl-x86_64 | linux-musl-aarch64 | macos-x86_64 | macos-aarch64 | windows-x86_64) echo "$1" ;;
    *) dist_fail "unknown platform '$1' (linux[-musl]-{x86_64,aarch64}, macos-{x86_64,aarch64}, windows-x86_64)" ;;
    esac
}

# The architecture (x86_64 or aarch64) and the OS part (linux, linux-musl, macos, windows) of a platform.
platform_arch() {
    local name
    name="$(platform_name "$1")" || exit 1
    echo "${name##*-}"
}
platform_os() {
    local name
    name="$(platform_name "$1")" || exit 1
    echo "${name%-*}"
}

# The platforms released beyond glibc's (the Makefile's DIST_PLATFORMS default); macos-x86_64 and macos-aarch64
# build but fail check.sh (README, "Platforms").
DIST_PLATFORMS_ALL="linux-musl-x86_64 linux-musl-aarch64 windows-x86_64"

# The Rust target triple of a platform.
rust_target() {
    local arch os
    arch="$(platform_arch "$1")" && os="$(platform_os "$1")" || exit 1
    case "$os" in
    linux) echo "$arch-unknown-linux-gnu" ;;
    linux-musl) echo "$arch-unknown-linux-musl" ;;
    macos) echo "$arch-apple-darwin" ;;
    windows) echo "$arch-pc-windows-gnu" ;;
    esac
}

# The target cargo-zigbuild builds for: glibc targets carry the glibc floor.
zig_target() {
    local triple
    triple="$(rust_target "$1")" || exit 1
    if [[ "$triple" == *-linux-gnu ]]; then echo "$triple.$GLIBC_FLOOR"; else echo "$triple"; fi
}

tree_name() {
    local name
    name="$(platform_name "$1")" || exit 1
    echo "ydrz-$VERSION-$name"
}

# The name of a binutils tool (ld, objcopy, strip, ar) that handles ELF objects of PLATFORM's architecture: the host's own for the
# host architecture, the cross binutils (binutils-<arch>-linux-gnu) otherwise.
binutil() {
    local arch tool=$2
    arch="$(platform_arch "$1")" || exit 1
    if [[ "$arch" == "$(uname -m)" ]]; then echo "$tool"; else echo "$arch-linux-gnu-$tool"; fi
}

require_zig_toolchain() {
    [[ -x "$dist_repo/.tools/venv/bin/cargo-zigbuild" ]] ||
        dist_fail "missing cargo-zigbuild and zig in .tools/venv: run make setup"
}

require_auditable() {
    [[ -x "$dist_repo/.tools/bin/cargo-auditable" ]] ||
        dist_fail "missing cargo-auditable in .tools/bin: run make setup"
}
