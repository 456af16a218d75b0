#!/usr/bin/env bash
# `make dist-native`: builds, stages and checks the release trees of the platforms given (build.sh,
# stage.sh, check.sh; an architecture x86_64 or aarch64 is glibc Linux, or a platform of env.sh such as
# linux-musl-x86_64 or windows-x86_64), unless the trees in target/dist/stage/ were built from this very work
# tree (committed, modified and untracked files alike) for the same platforms — then it says so and stops. Each stage of
# `make test` is its own make run, so without this every packaging stage re-staged and re-checked the release.
# Set DIST_REBUILD=1 to rebuild anyway.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$dist_repo"

# The work tree's content as one git tree id, computed in a scratch index (the real index is left alone).
scratch_index="$(mktemp)"
trap 'rm -f "$scratch_index"' EXIT
cp "$(git rev-parse --git-path index)" "$scratch_index"
tree="$(GIT_INDEX_FILE="$scratch_index" git add -A . && GIT_INDEX_FILE="$scratch_index" git write-tree)"
fingerprint="$tree $*"
stamp=target/dist/native.stamp

outputs_present() {
    local platform name
    for platform in "$@"; do
        name="$(tree_name "$platform")"
        [[ -d "$DIST_STAGE/$name" && -f "$DIST_OUT/$name.tar.gz" ]] || return 1
    done
}

if [[ "${DIST_REBUILD:-0}" != 1 && -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" ]] && outputs_present "$@"; then
    echo "dist-native: target/dist/stage/ is up to date with this work tree ($*)"
    exit 0
fi
rm -f "$stamp"
scripts/dist/build.sh "$@"
scripts/dist/stage.sh "$@"
scripts/dist/check.sh "$@"
echo "$fingerprint" > "$stamp"
