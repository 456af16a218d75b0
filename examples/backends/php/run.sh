#!/usr/bin/env bash
# The plain-PHP backend on $PORT with PHP's built-in server (see ../common.sh): `php -S` with FFI enabled and
# index.php as the router. Generates the binding's FFI declarations (bindings/php/gen-cdef.sh) when they are
# missing or older than include/ydrz.h.
# `php -S` is for development; in production, serve index.php with PHP-FPM (bindings/php/README.md, preloading).
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
cdef="$repo/bindings/php/src/ydrz_ffi.h"
[[ -f "$cdef" && ! "$repo/include/ydrz.h" -nt "$cdef" ]] || "$repo/bindings/php/gen-cdef.sh" >&2
cd "$backend_dir"
exec php -d ffi.enable=1 -d display_errors=stderr -d log_errors=0 -S "$HOST:$PORT" index.php
