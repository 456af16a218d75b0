#!/usr/bin/env bash
# Writes dist/SHA256SUMS: the SHA-256 of every file under dist/ (paths relative to dist/, sorted bytewise), in
# the format `sha256sum -c SHA256SUMS` verifies (README, "Verifying a release").
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$DIST_OUT"
find . -type f ! -name SHA256SUMS -printf '%P\0' | LC_ALL=C sort -z | xargs -0 -r sha256sum >SHA256SUMS.new
[[ -s SHA256SUMS.new ]] || dist_fail "no file in $DIST_OUT"
mv SHA256SUMS.new SHA256SUMS
sha256sum --quiet -c SHA256SUMS
echo "dist: $DIST_OUT/SHA256SUMS ($(wc -l <SHA256SUMS) files)"
