#!/bin/sh
# Writes the C declarations PHP's FFI::cdef / FFI::load parse, from include/ydrz.h: FFI understands neither
# #include nor #define nor comments, so the header is run through the C preprocessor without its #include
# lines (int32_t, uint32_t and size_t are built into FFI). The test-only ydrz_test_panic stays out, as
# YDRZ_FFI_TESTING is not defined. Usage: gen-cdef.sh [output] (default bindings/php/src/ydrz_ffi.h).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
header="$here/../../include/ydrz.h"
out="${1:-$here/src/ydrz_ffi.h}"
cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "gen-cdef.sh: missing $cc (apt-get install gcc)" >&2; exit 1; }
tmp="$out.tmp.$$"
{
    echo "/* Generated from include/ydrz.h by bindings/php/gen-cdef.sh for PHP FFI. Do not edit. */"
    sed '/^#include/d' "$header" | "$cc" -E -P -
} >"$tmp"
mv "$tmp" "$out"
