#!/bin/sh
# Links the native library into bindings/go/.native/ so that cgo finds it next to the package:
# libydrz.so, the SONAME link libydrz.so.1 (which cargo does not create) and libydrz.a.
# Usage: bindings/go/native.sh [LIB_DIR]   (default: $YDRZ_LIB_DIR, else <repo>/target/release)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lib_dir=${1:-${YDRZ_LIB_DIR:-$here/../../target/release}}
if [ ! -f "$lib_dir/libydrz.so" ]; then
	echo "native.sh: $lib_dir/libydrz.so not found; build it with: cargo build --release --lib" >&2
	exit 1
fi
lib_dir=$(cd "$lib_dir" && pwd)
mkdir -p "$here/.native"
ln -sfn "$lib_dir/libydrz.so" "$here/.native/libydrz.so"
ln -sfn "$lib_dir/libydrz.so" "$here/.native/libydrz.so.1"
if [ -f "$lib_dir/libydrz.a" ]; then
	ln -sfn "$lib_dir/libydrz.a" "$here/.native/libydrz.a"
else
	rm -f "$here/.native/libydrz.a"
fi
