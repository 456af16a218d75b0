# Sourced by the release scripts in scripts/dist/: the version, the names and paths of the release trees, and
# per-architecture targets and binutils. Puts the project-local zig toolchain (scripts/setup.sh installs
# ziglang and cargo-zigbuild into .tools/venv) first on PATH.

dist_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$("$dist_repo/scripts/version.sh")"
# Every ELF of the release needs at most this glibc (CentOS/RHEL 7); cargo-zigbuild links against it.
GLIBC_FLOOR=2.17
# The stripped libydrz.so may not grow past this.
MAX_SHARED_LIB_BYTES=$((8 * 1024 * 1024))
# The release trees, one per architecture: DIST_STAGE/ydrz-<version>-linux-<arch>/ (other packages are built
# from these; the environment may point DIST_STAGE elsewhere for check.sh), their debug files under
# DIST_DEBUG_STAGE, the tarballs in DIST_OUT.
DIST_STAGE="${DIST_STAGE:-$dist_repo/target/dist/stage}"
DIST_DEBUG_STAGE="$dist_repo/target/dist/debug"
DIST_OUT="$dist_repo/dist"
export PATH="$dist_repo/.tools/venv/bin:$PATH"

dist_fail() {
    echo "scripts/dist/$(basename "$0"): $*" >&2
    exit 1
}

# The Rust target triple of a release architecture (x86_64 or aarch64).
rust_target() {
    case "$1" in
    x86_64 | aarch64) echo "$1-unknown-linux-gnu" ;;
    *) dist_fail "unknown architecture '$1' (x86_64 or aarch64)" ;;
    esac
}

tree_name() {
    echo "ydrz-$VERSION-linux-$1"
}

# The name of a binutils tool (ld, objcopy, strip, ar) that handles objects of ARCH: the host's own for the
# host architecture, the cross binutils (binutils-<arch>-linux-gnu) otherwise.
binutil() {
    local arch=$1 tool=$2
    if [[ "$arch" == "$(uname -m)" ]]; then echo "$tool"; else echo "$arch-linux-gnu-$tool"; fi
}

require_zig_toolchain() {
    [[ -x "$dist_repo/.tools/venv/bin/cargo-zigbuild" ]] ||
        dist_fail "missing cargo-zigbuild and zig in .tools/venv: run make setup"
}
