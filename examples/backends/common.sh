# Sourced by examples/backends/<name>/run.sh: checks the environment every backend needs and points the
# bindings at this repository's build.
#   PORT               the port to listen on (127.0.0.1 unless HOST says otherwise)
#   YDRZ_CONFIG_JSON   the client configuration JSON (README "The client configuration"; `ydrz sandbox` prints one)
#   ALLOWED_ORIGIN     optional: an H5 page's origin allowed to call the API with credentials (CORS)
#   YDRZ_LIBRARY       libydrz.so (default <repo>/target/release/libydrz.so; `cargo build --release --lib`)
set -euo pipefail
backend_dir="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
repo="$(cd "$backend_dir/../../.." && pwd)"

fail() {
    echo "examples/backends/$(basename "$backend_dir")/run.sh: $*" >&2
    exit 1
}

[[ -n "${PORT:-}" ]] || fail "set PORT (the port to listen on)"
[[ -n "${YDRZ_CONFIG_JSON:-}" ]] || fail "set YDRZ_CONFIG_JSON (the client configuration JSON)"
export HOST="${HOST:-127.0.0.1}"
export YDRZ_LIBRARY="${YDRZ_LIBRARY:-$repo/target/release/libydrz.so}"
[[ -f "$YDRZ_LIBRARY" ]] || fail "missing $YDRZ_LIBRARY: run \`cargo build --release --lib\` (or set YDRZ_LIBRARY)"
