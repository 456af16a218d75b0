#!/bin/sh
# Runs every test of the Go binding: go vet, go test -race (unit, vector and sandbox tests) linked with the
# static libydrz.a (the default), a GOEXPERIMENT=cgocheck2 run, a run linked with the shared libydrz.so
# (-tags ydrz_shared), go vet of the other programs using the binding, and the quickstart example.
# Called from the repository root as bindings/go/test.sh after `cargo build --release --lib --bin ydrz`.
# Environment: YDRZ_LIB_DIR (default <repo>/target/release), YDRZ_BIN (default <repo>/target/release/ydrz).
# In the repository the module has no header and no libraries of its own (the published module has them,
# see scripts/package/go.sh): CGO_CFLAGS and CGO_LDFLAGS point cgo at include/ and YDRZ_LIB_DIR instead.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export YDRZ_LIB_DIR="${YDRZ_LIB_DIR:-$repo/target/release}"
export YDRZ_BIN="${YDRZ_BIN:-$repo/target/release/ydrz}"

fail() {
	echo "bindings/go/test.sh: $*" >&2
	exit 1
}

step() {
	echo "== $*"
}

# A C compiler is needed by cgo; install gcc with apt when it is missing and we may.
# Installing the toolchain is scripts/setup.sh's job (make setup); this script only checks for it.
if ! command -v "${CC:-gcc}" >/dev/null 2>&1 && ! command -v cc >/dev/null 2>&1; then
	fail "missing: a C compiler (gcc or cc) for cgo (run scripts/setup.sh, or apt-get install gcc)"
fi
command -v go >/dev/null 2>&1 || fail "missing: Go 1.24 or later (run scripts/setup.sh, or see https://go.dev/dl/)"
cd "$here"
go_version=$(go env GOVERSION) || fail "go does not run"
case "$go_version" in
go1.2[4-9]* | go1.[3-9][0-9]* | go[2-9]*) ;;
*) fail "Go $go_version is too old: this binding needs Go 1.24 or later" ;;
esac
export CGO_ENABLED=1

[ -f "$YDRZ_LIB_DIR/libydrz.so" ] || fail "missing: $YDRZ_LIB_DIR/libydrz.so (run: cargo build --release --lib, or set YDRZ_LIB_DIR)"
[ -f "$YDRZ_LIB_DIR/libydrz.a" ] || fail "missing: $YDRZ_LIB_DIR/libydrz.a (run: cargo build --release --lib, or set YDRZ_LIB_DIR)"
[ -x "$YDRZ_BIN" ] || fail "missing: the sandbox binary $YDRZ_BIN (run: cargo build --release --bin ydrz, or set YDRZ_BIN)"

lib_dir=$(cd "$YDRZ_LIB_DIR" && pwd)
export CGO_CFLAGS="-I$repo/include"
export CGO_LDFLAGS="-L$lib_dir"

step "go vet ($go_version)"
go vet ./...

step "gofmt (the blocks scripts/gen_bindings.py writes too)"
unformatted=$(gofmt -l .)
[ -z "$unformatted" ] || fail "not gofmt-formatted: $unformatted"

step "without cgo, the build fails with an error that names the cause"
if nocgo=$(CGO_ENABLED=0 go build . 2>&1); then fail "CGO_ENABLED=0 go build succeeded"; fi
echo "$nocgo" | grep -q ydrz_requires_cgo__build_with_CGO_ENABLED_1 || fail "CGO_ENABLED=0 go build said: $nocgo"

step "go test -race (static libydrz.a, the default)"
go test -race -count=1 -timeout 5m ./...

if GOEXPERIMENT=cgocheck2 go env GOEXPERIMENT >/dev/null 2>&1; then
	step "go test with GOEXPERIMENT=cgocheck2"
	GOEXPERIMENT=cgocheck2 go test -count=1 -timeout 5m ./...
else
	echo "note: this Go ($go_version) has no GOEXPERIMENT=cgocheck2; that run is skipped"
fi

step "go test -tags ydrz_shared (libydrz.so, found through the run path this build sets)"
[ -e "$lib_dir/libydrz.so.1" ] || fail "missing: $lib_dir/libydrz.so.1, the SONAME link (make build creates it)"
CGO_LDFLAGS="-L$lib_dir -Wl,-rpath,$lib_dir" go test -tags ydrz_shared -count=1 -timeout 5m ./...

step "go vet of the programs that use the binding (conformance transport, concurrency bench)"
for program in tests/conformance/go_transport benches/concurrency/go; do
	(cd "$repo/$program" && go vet ./...)
done

step "examples/quickstart_go against the sandbox"
cd "$repo/examples/quickstart_go"
go vet ./...
go run -buildvcs=false . -sandbox "$YDRZ_BIN"

step "all Go binding tests passed"
