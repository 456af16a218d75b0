# Sourced by the scripts of scripts/package/: what every package build and the package test share.
#   repo, version     the repository root and the release version (scripts/version.sh, from Cargo.toml)
#   dist              the output directory ($DIST_DIR, default <repo>/dist)
#   arches            the architectures every package carries: x86_64 aarch64
#   stage_dir ARCH    the staged release tree of `make dist-native` for linux-ARCH
#   package_venv      the Python environment with setuptools, wheel and auditwheel (made by scripts/setup.sh)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="$("$repo/scripts/version.sh")"
dist="${DIST_DIR:-$repo/dist}"
arches=(x86_64 aarch64)
package_venv="$repo/target/package-venv"

fail() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

stage_dir() {
    echo "$repo/target/dist/stage/ydrz-$version-linux-$1"
}

# Fails unless the staged tree of every architecture holds each of the given files (paths inside the tree).
require_staged() {
    local arch file
    for arch in "${arches[@]}"; do
        for file in "$@"; do
            [[ -e "$(stage_dir "$arch")/$file" ]] || fail "missing $(stage_dir "$arch")/$file: run \`make dist-native\` first"
        done
    done
}

# A new scratch directory in $work, removed when the script exits.
make_work_dir() {
    work="$(mktemp -d "${TMPDIR:-/tmp}/ydrz-package.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
}
