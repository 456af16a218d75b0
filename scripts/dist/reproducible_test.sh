#!/usr/bin/env bash
# The reproducible-test stage: builds the release archives of the platforms given a second time, from the same
# checkout into a fresh target directory at another path (so no compiled file of the first build is reused and
# every build-directory path differs), with the same SOURCE_DATE_EPOCH, and requires byte-identical tarballs,
# debug tarballs and bills of materials. On a difference it names the files inside the tarballs that differ.
# The checkout's own path must be the same for both builds: zig compiles its libunwind at link time with the
# working directory as DWARF comp_dir, which the build id (and so the stripped binaries) depend on (README,
# "Verifying and reproducing a release").
# Usage: reproducible_test.sh <platform>...   (after `make dist-native`, which wrote the first archives)
set -euo pipefail
source "$(dirname "$0")/env.sh"
[[ $# -gt 0 ]] || dist_fail "usage: reproducible_test.sh <platform>..."
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$dist_repo" log -1 --format=%ct)}"
first_out="$DIST_OUT"

second="$(mktemp -d /tmp/ydrz-reproduce.XXXXXX)"
trap 'rm -rf "$second"' EXIT
started=$(date +%s)
(
    export CARGO_TARGET_DIR="$second/elsewhere/target" DIST_STAGE="$second/stage" DIST_DEBUG_STAGE="$second/debug"
    export DIST_OUT="$second/dist"
    "$dist_repo/scripts/dist/build.sh" "$@" >/dev/null
    "$dist_repo/scripts/dist/stage.sh" "$@" >/dev/null
)
echo "reproducible-test: second build of $* in $(($(date +%s) - started)) s"

differences=0
for platform in "$@"; do
    name="$(tree_name "$platform")"
    for file in "$name.tar.gz" "$name-debug.tar.gz" "$name.cdx.json"; do
        [[ -f "$first_out/$file" || -f "$second/dist/$file" ]] || continue
        if cmp -s "$first_out/$file" "$second/dist/$file"; then
            echo "  ok: $file is identical ($(sha256sum <"$first_out/$file" | cut -c1-16)...)"
        else
            differences=$((differences + 1))
            echo "  DIFFERS: $file" >&2
            if [[ "$file" == *.tar.gz ]]; then
                mkdir -p "$second/a" "$second/b"
                tar -xzf "$first_out/$file" -C "$second/a"
                tar -xzf "$second/dist/$file" -C "$second/b"
                diff -rq "$second/a" "$second/b" >&2 || true
                rm -rf "$second/a" "$second/b"
            fi
        fi
    done
done
[[ $differences -eq 0 ]] || dist_fail "$differences archive(s) differ between the two builds"
echo "reproducible-test: the archives of $* are byte-identical"
