#!/usr/bin/env bash
# `make install`'s guards, run by test.sh against the host architecture's staged tree (`make dist-native`;
# the environment may point DIST_STAGE elsewhere):
#   - a PREFIX that ydrz.pc cannot carry (`&`, `|`, `:`, a newline, a space, a quote) is refused with a message and
#     nothing is written;
#   - a PREFIX of every accepted odd character comes out of pkg-config unchanged;
#   - under umask 077 the installed directories are 0755, executables 0755 and the other files 0644.
set -euo pipefail
source "$(dirname "$0")/env.sh"

pass() { echo "  ok: $*"; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"
mkdir "$root"

for bad in "$root/a&b" "$root/a|b" "$root/a"$'\n'"b" "$root/a b" "$root/a\"b" "$root/a'b" "$root/a:b"; do
    if make -s -C "$dist_repo" install PREFIX="$bad" DESTDIR= >"$tmp/out" 2>&1; then
        dist_fail "make install accepted PREFIX=$(printf %q "$bad")"
    fi
    grep -q "PREFIX may hold only" "$tmp/out" ||
        dist_fail "make install PREFIX=$(printf %q "$bad") failed without saying why: $(cat "$tmp/out")"
    written="$(find "$root" -mindepth 1)"
    [[ -z "$written" ]] || dist_fail "make install PREFIX=$(printf %q "$bad") wrote before refusing: $written"
done
pass "a PREFIX with &, |, a colon, a newline, a space or a quote is refused before anything is written"

odd="$root/v1.2+x@y=z,_-"
(umask 077 && make -s -C "$dist_repo" install PREFIX="$odd" DESTDIR= >/dev/null)
export PKG_CONFIG_PATH="$odd/lib/pkgconfig"
read -r cflags < <(pkg-config --cflags ydrz)
[[ "$cflags" == "-I$odd/include" ]] || dist_fail "pkg-config --cflags ydrz is '$cflags', not -I$odd/include"
[[ "$(pkg-config --variable=libdir ydrz)" == "$odd/lib" ]] ||
    dist_fail "pkg-config --variable=libdir ydrz is '$(pkg-config --variable=libdir ydrz)', not $odd/lib"
pass "a PREFIX of every accepted odd character comes out of pkg-config unchanged"

wrong="$(find "$root" -mindepth 1 \( -type d ! -perm 0755 \) -o \( -type f ! -perm 0644 ! -perm 0755 \))"
[[ -z "$wrong" ]] || dist_fail "under umask 077, make install left modes other than 0755/0644: $(ls -ld $wrong)"
[[ "$(stat -c %a "$odd/bin/ydrz")" == 755 ]] || dist_fail "bin/ydrz was installed $(stat -c %a "$odd/bin/ydrz")"
[[ "$(stat -c %a "$odd/include/ydrz.h")" == 644 ]] ||
    dist_fail "include/ydrz.h was installed $(stat -c %a "$odd/include/ydrz.h")"
pass "under umask 077 the installed directories are 0755 and the files 0755 or 0644"
