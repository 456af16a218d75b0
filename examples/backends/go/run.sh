#!/usr/bin/env bash
# The Go (net/http) backend on $PORT (see ../common.sh). Builds ./backend against the repository's Go binding,
# linking target/release/libydrz.a (cargo build --release --lib), when it is missing or older than its sources.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
cd "$backend_dir"
lib_dir="$(dirname "$YDRZ_LIBRARY")"
if [[ ! -x backend ]] || [[ -n "$(find main.go go.mod "$repo/bindings/go" "$lib_dir/libydrz.a" -newer backend -print -quit)" ]]; then
    CGO_CFLAGS="-I$repo/include" CGO_LDFLAGS="-L$lib_dir" go build -o backend . >&2
fi
exec ./backend
