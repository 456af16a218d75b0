#!/bin/sh
# Runs the benchmarks of bench_test.go (ydrz next to crypto/md5, crypto/rsa + crypto/x509 and net/http) and
# prints the median of each and its ratio to the ydrz column, with benchstat (fetched through the Go proxy).
# Usage: bindings/go/bench.sh [COUNT]   (COUNT runs of each benchmark, default 6). Not part of test.sh.
# Environment: YDRZ_LIB_DIR and YDRZ_BIN as for test.sh; BENCHTIME (default 1s) is go test's -benchtime.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
count=${1:-6}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
repo=$(cd "$here/../.." && pwd)
lib_dir=$(cd "${YDRZ_LIB_DIR:-$repo/target/release}" && pwd)
export CGO_CFLAGS="-I$repo/include" CGO_LDFLAGS="-L$lib_dir"
cd "$here"
go test -run '^$' -bench . -benchtime "${BENCHTIME:-1s}" -count "$count" -timeout 60m . | tee "$out"
echo
go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da -col /impl "$out"
