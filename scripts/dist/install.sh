#!/usr/bin/env bash
# `make install` / `make uninstall`: copies the host architecture's release tree
# (target/dist/stage/ydrz-<version>-linux-<arch>/, made by `make dist-native`) to $DESTDIR$PREFIX, or removes
# what it copied. ydrz.pc gets the real prefix; the CMake files find their prefix from their own place.
# After an install into /usr or /usr/local (no DESTDIR, as root) ldconfig refreshes the loader cache.
set -euo pipefail
source "$(dirname "$0")/env.sh"

action=${1:?usage: install.sh install|uninstall}
PREFIX="${PREFIX:-/usr/local}"
DESTDIR="${DESTDIR:-}"
[[ "$PREFIX" == /* ]] || dist_fail "PREFIX must be an absolute path (got '$PREFIX')"
tree="$DIST_STAGE/$(tree_name "$(uname -m)")"
[[ -d "$tree" ]] || dist_fail "missing $tree: run make dist-native first"
root="$DESTDIR$PREFIX"

case "$action" in
install)
    (cd "$tree" && find . -type d -printf '%P\n') | while IFS= read -r dir; do
        mkdir -p "$root/$dir"
    done
    (cd "$tree" && find . ! -type d -printf '%P\n') | while IFS= read -r path; do
        rm -f "$root/$path"
        cp -P --preserve=mode "$tree/$path" "$root/$path"
    done
    sed -i -e "s|^prefix=.*|prefix=$PREFIX|" -e '/^# Relocatable/d' "$root/lib/pkgconfig/ydrz.pc"
    echo "installed ydrz $VERSION into $root"
    if [[ -z "$DESTDIR" ]] && [[ "$PREFIX" == /usr || "$PREFIX" == /usr/local ]] && [[ "$(id -u)" == 0 ]] &&
        command -v ldconfig >/dev/null; then
        ldconfig
    fi
    ;;
uninstall)
    (cd "$tree" && find . ! -type d -printf '%P\n') | while IFS= read -r path; do
        rm -f "$root/$path"
    done
    # ydrz's own directories (lib/cmake/ydrz, share/doc/ydrz and those in it), when nothing else is left in them.
    for dir in lib/cmake/ydrz $(cd "$tree" && find share/doc/ydrz -depth -type d); do
        rmdir "$root/$dir" 2>/dev/null || true
    done
    echo "removed ydrz $VERSION from $root"
    ;;
*) dist_fail "unknown action '$action' (install or uninstall)" ;;
esac
