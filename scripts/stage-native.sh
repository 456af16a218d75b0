#!/bin/sh
# Prints the path of libydrz in the staged release tree of one architecture, after checking that it is there
# and built for that architecture. Usage: scripts/stage-native.sh x86_64|aarch64
# The tree is $DIST_STAGE/ydrz-<version>-linux-<arch>/lib/libydrz.so.<version> (DIST_STAGE defaults to
# target/dist/stage), as `make dist-native` writes it; the language packages take their natives from there.
set -eu
cd "$(dirname "$0")/.."
arch="$1"
version=$(scripts/version.sh)
stage="${DIST_STAGE:-target/dist/stage}"
case "$arch" in
x86_64) machine='X86-64' ;;
aarch64) machine='AArch64' ;;
*) echo "stage-native.sh: unknown architecture $arch (x86_64 or aarch64)" >&2; exit 1 ;;
esac
lib="$stage/ydrz-$version-linux-$arch/lib/libydrz.so.$version"
if [ ! -f "$lib" ]; then
    echo "stage-native.sh: no $lib: run \`make dist-native\` first" >&2
    exit 1
fi
if ! readelf -h "$lib" | grep -q "Machine: *.*$machine"; then
    echo "stage-native.sh: $lib is not an $arch library: $(readelf -h "$lib" | grep Machine)" >&2
    exit 1
fi
echo "$PWD/$lib"
