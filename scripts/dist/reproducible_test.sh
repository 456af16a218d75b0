#!/usr/bin/env bash
# The reproducible-test stage: builds the release archives of the platforms given a second time, from a copy of
# the source tree at another path with its own target directory (so no file of the first build is reused and
# every build path differs), with the same SOURCE_DATE_EPOCH, and requires byte-identical tarballs, debug
# tarballs and bills of materials. On a difference it names the files inside the tarballs that differ.
# Usage: reproducible_test.sh <platform>...   (after `make dist-native`, which wrote the first archives)
set -euo pipefail
source "$(dirname "$0")/env.sh"
[[ $# -gt 0 ]] || dist_fail "usage: reproducible_test.sh <platform>..."
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$dist_repo" log -1 --format=%ct)}"

copy_root="$(mktemp -d /tmp/ydrz-reproduce.XXXXXX)"
trap 'rm -rf "$copy_root"' EXIT
copy="$copy_root/elsewhere/ydrz"
mkdir -p "$copy"
# The source files as git sees them (tracked and new, not ignored), with their current content.
(cd "$dist_repo" && git ls-files -z --cached --others --exclude-standard) |
    (cd "$dist_repo" && xargs -0 cp --parents -t "$copy" 2>/dev/null || true)
ln -s "$dist_repo/.tools" "$copy/.tools" # the same pinned zig, cargo-zigbuild and cargo-auditable

started=$(date +%s)
(
    cd "$copy"
    unset CARGO_TARGET_DIR
    scripts/dist/build.sh "$@" >/dev/null
    scripts/dist/stage.sh "$@" >/dev/null
)
echo "reproducible-test: second build of $* in $(($(date +%s) - started)) s"

differences=0
for platform in "$@"; do
    name="$(tree_name "$platform")"
    for file in "$name.tar.gz" "$name-debug.tar.gz" "$name.cdx.json"; do
        [[ -f "$DIST_OUT/$file" || -f "$copy/dist/$file" ]] || continue
        if cmp -s "$DIST_OUT/$file" "$copy/dist/$file"; then
            echo "  ok: $file is identical ($(sha256sum <"$DIST_OUT/$file" | cut -c1-16)...)"
        else
            differences=$((differences + 1))
            echo "  DIFFERS: $file" >&2
            if [[ "$file" == *.tar.gz ]]; then
                mkdir -p "$copy_root/a" "$copy_root/b"
                tar -xzf "$DIST_OUT/$file" -C "$copy_root/a"
                tar -xzf "$copy/dist/$file" -C "$copy_root/b"
                diff -rq "$copy_root/a" "$copy_root/b" >&2 || true
                rm -rf "$copy_root/a" "$copy_root/b"
            fi
        fi
    done
done
[[ $differences -eq 0 ]] || dist_fail "$differences archive(s) differ between the two builds"
echo "reproducible-test: the archives of $* are byte-identical"
