#!/usr/bin/env bash
# `make install` / `make uninstall`: copies the host architecture's release tree
# (target/dist/stage/ydrz-<version>-linux-<arch>/, made by `make dist-native`) to $DESTDIR$PREFIX, or removes
# what it copied. ydrz.pc gets the real prefix; the CMake files find their prefix from their own place.
# A PREFIX that ydrz.pc could not carry (see below) is refused before anything is copied. Whatever the
# caller's umask, the directories it creates are 0755 and the files 0755 (executables) or 0644.
# After an install into /usr or /usr/local (no DESTDIR, as root) ldconfig refreshes the loader cache.
set -euo pipefail
source "$(dirname "$0")/env.sh"

action=${1:?usage: install.sh install|uninstall}
PREFIX="${PREFIX:-/usr/local}"
DESTDIR="${DESTDIR:-}"
[[ "$PREFIX" == /* ]] || dist_fail "PREFIX must be an absolute path (got $(printf %q "$PREFIX"))"
# ydrz.pc hands the prefix to pkg-config, whose output a shell splits on whitespace (`cc $(pkg-config ...)`),
# and neither has a quoting that survives the other; PKG_CONFIG_PATH splits on colons. Only characters that
# need no quoting anywhere pass.
[[ "$PREFIX" =~ ^/[A-Za-z0-9._+,@=/-]*$ ]] ||
    dist_fail "PREFIX may hold only letters, digits and / . _ + , @ = - (got $(printf %q "$PREFIX")):" \
        "pkg-config flags cannot carry spaces or shell characters; nothing was installed"
tree="$DIST_STAGE/$(tree_name "$(uname -m)")"
[[ -d "$tree" ]] || dist_fail "missing $tree: run make dist-native first"
root="$DESTDIR$PREFIX"

case "$action" in
install)
    umask 022
    (cd "$tree" && find . -type d -printf '%P\n') | while IFS= read -r dir; do
        mkdir -p "$root/$dir"
    done
    (cd "$tree" && find . ! -type d -printf '%P\n') | while IFS= read -r path; do
        rm -f "$root/$path"
        if [[ -L "$tree/$path" ]]; then
            cp -P "$tree/$path" "$root/$path"
        elif [[ -x "$tree/$path" ]]; then
            install -m 0755 "$tree/$path" "$root/$path"
        else
            install -m 0644 "$tree/$path" "$root/$path"
        fi
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
