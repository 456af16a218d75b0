# Sourced by the scripts of scripts/package/: what every package build shares, on top of scripts/dist/env.sh
# (the release version and the staged trees of `make dist-native`).
#   repo, version     the repository root and the release version (scripts/version.sh, from Cargo.toml)
#   dist              the output directory, <repo>/dist
#   arches            the architectures every package carries: $DIST_ARCHES, by default x86_64 aarch64 (a
#                     release carries both; one is a quicker build for development)
#   extra_platforms   musl, macOS and Windows platforms the packages carry too (DIST_PLATFORMS)
#   stage_dir ARCH    the staged release tree of linux-ARCH
#   package_venv      the Python environment with setuptools, wheel and auditwheel (made by scripts/setup.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../dist/env.sh"

repo="$dist_repo"
version="$VERSION"
dist="$DIST_OUT"
read -r -a arches <<<"${DIST_ARCHES:-x86_64 aarch64}"
# The other platforms whose natives the packages carry (env.sh; `make` passes DIST_PLATFORMS), when staged.
read -r -a extra_platforms <<<"${DIST_PLATFORMS-$DIST_PLATFORMS_ALL}"
package_venv="$repo/.tools/venv"

fail() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

stage_dir() {
    echo "$DIST_STAGE/$(tree_name "$1")"
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
