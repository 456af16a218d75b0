#!/usr/bin/env bash
# Prints "<arch> <path>" for libydrz in the staged release tree of each architecture asked for (x86_64 and
# aarch64 by default: what a release ships), after checking that each is there and built for its
# architecture; fails otherwise. Usage: scripts/stage-native.sh [x86_64] [aarch64]
# A tree is $DIST_STAGE/ydrz-<version>-linux-<arch>/lib/libydrz.so.<version> (DIST_STAGE defaults to
# target/dist/stage), as `make dist-native` writes it; the language packages take their natives from there.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(scripts/version.sh)
stage="${DIST_STAGE:-target/dist/stage}"
arches=("$@")
[[ $# -gt 0 ]] || arches=(x86_64 aarch64)
for arch in "${arches[@]}"; do
    case "$arch" in
    x86_64) machine='X86-64' ;;
    aarch64) machine='AArch64' ;;
    *) echo "stage-native.sh: unknown architecture $arch (x86_64 or aarch64)" >&2; exit 1 ;;
    esac
    lib="$stage/ydrz-$version-linux-$arch/lib/libydrz.so.$version"
    if [[ ! -f "$lib" ]]; then
        echo "stage-native.sh: no $lib: run \`make dist-native\` first" >&2
        exit 1
    fi
    if ! readelf -h "$lib" | grep -q "Machine: .*$machine"; then
        echo "stage-native.sh: $lib is not an $arch library: $(readelf -h "$lib" | grep Machine)" >&2
        exit 1
    fi
    echo "$arch $PWD/$lib"
done
