#!/usr/bin/env bash
# The Express backend on $PORT (see ../common.sh). The first run installs Express and the repository's Node.js
# binding (linked from bindings/node, whose own dependency koffi it installs there) into node_modules here.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
cd "$backend_dir"
if [[ ! -d "$repo/bindings/node/node_modules/koffi" ]]; then
    (cd "$repo/bindings/node" && npm ci --omit=dev --no-audit --no-fund --loglevel=error) >&2
fi
if [[ ! -d node_modules/express ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    # npm ci installs exactly the committed lock and never rewrites it (a stale lock fails here, not silently).
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
exec node server.mjs
