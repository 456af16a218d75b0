#!/usr/bin/env bash
# The platform-test stage: the musl, Windows and macOS releases as users get them, from the tarballs of dist/
# unpacked in a fresh directory outside the repository, with no LD_LIBRARY_PATH:
# 1. linux-musl-x86_64 with Debian's musl-tools: the C test matrix (tests/c/test_ffi.c, the test vectors) built
#    with musl-gcc against libydrz.so and run under musl's loader; minimal.c linked statically with libydrz.a
#    by musl-gcc; the static CLI's sandbox and a token validated against it.
# 2. linux-musl-aarch64 under qemu-user: the matrix linked statically with libydrz.a (zig cc, aarch64-linux-musl),
#    then the static CLI's sandbox and validation.
# 3. A Go program using the module of dist/goproxy with CC=musl-gcc and -tags ydrz_musl, linked statically:
#    it signs a test vector and validates a token against the sandbox.
# 4. windows-x86_64 under wine: the matrix built with MinGW-w64's gcc against ydrz.dll's import library,
#    minimal.c linked statically with libydrz.a; ydrz.exe's sandbox and validation.
# 5. every archive's CycloneDX SBOM (check_sboms.py).
# 6. macOS cannot run here: scripts/dist/check.sh reads its binaries (foreign_binary.py, whose own tests run
#    first).
# Platforms that are not staged are skipped with a note (`make dist-native DIST_PLATFORMS=...` chose them).
set -euo pipefail
source "$(dirname "$0")/env.sh"
require_zig_toolchain
unset LD_LIBRARY_PATH
here="$dist_repo/scripts/dist"
QEMU_TIMEOUT="${QEMU_TIMEOUT:-300}"
passed=0
pass() {
    echo "  ok: $*"
    passed=$((passed + 1))
}

# The jssdk sign examples/minimal.c prints (the same inputs and MD5 as scripts/dist/test.sh).
trace=7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37
expected_sign="jssdk sign: $(printf '%s' "3000123456788${trace}20240131235959123${trace}2.05A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C" |
    md5sum | cut -c1-32 | tr a-f A-F)"
expect_sign() {
    local out
    out="$("$@" | head -n 1 | tr -d '\r')"
    [[ "$out" == "$expected_sign" ]] || dist_fail "$* printed '$out', expected '$expected_sign'"
    pass "$(basename "${@: -1}") prints the expected sign"
}

staged() {
    [[ -f "$DIST_OUT/$(tree_name "$1").tar.gz" ]] || { echo "platform-test: $1 not in dist/, skipped"; return 1; }
}

tmp="$(mktemp -d /tmp/ydrz-platform-test.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cp "$dist_repo/examples/minimal.c" .
python3 "$dist_repo/tests/c/gen_vectors.py" "$dist_repo/tests/data/vectors.json" vectors.h
matrix_flags=(-std=c99 -O1 -Wno-string-plus-int -DYDRZ_TEST_RELEASE_LIBRARY -I. -I"$dist_repo/tests/c")
unpack() {
    tar -xzf "$DIST_OUT/$(tree_name "$1").tar.gz" -C "$tmp"
    echo "$tmp/$(tree_name "$1")"
}

echo "platform-test: the bills of materials"
python3 "$here/check_sboms.py" "$DIST_OUT"
pass "every archive's SBOM lists AWS-LC and the linked crates with licenses, and nothing unlinked"

echo "platform-test: foreign_binary.py's own tests"
python3 "$here/test_foreign_binary.py" 2>&1 | tail -n 1
pass "foreign_binary.py unit tests"

if staged linux-musl-x86_64; then
    echo "platform-test: linux-musl-x86_64 (musl-gcc, musl's loader)"
    tree="$(unpack linux-musl-x86_64)"
    musl-gcc "${matrix_flags[@]}" -I"$tree/include" "$dist_repo/tests/c/test_ffi.c" -o test_ffi.musl \
        -L"$tree/lib" -lydrz -Wl,-rpath,"$tree/lib"
    interp="$(readelf -l test_ffi.musl | sed -n 's/.*Requesting program interpreter: \(.*\)\]/\1/p')"
    [[ "$interp" == /lib/ld-musl-x86_64.so.1 ]] || dist_fail "test_ffi.musl runs under '$interp', not musl's loader"
    ./test_ffi.musl | tail -n 1
    pass "tests/c/test_ffi.c against the musl libydrz.so under $interp"
    # shellcheck disable=SC2046 # pkg-config prints several words
    musl-gcc -std=c99 -static minimal.c $(PKG_CONFIG_PATH="$tree/lib/pkgconfig" pkg-config --cflags ydrz) "$tree/lib/libydrz.a" \
        $(PKG_CONFIG_PATH="$tree/lib/pkgconfig" pkg-config --static --libs-only-l ydrz | sed 's/-lydrz//') -o minimal.musl
    [[ -z "$(readelf -l minimal.musl | grep INTERP || true)" ]] || dist_fail "minimal.musl is not static"
    expect_sign ./minimal.musl
    python3 "$here/sandbox_validation.py" "$tree/bin/ydrz"
    pass "the static musl CLI (x86_64) serves the sandbox and validates a token"
fi

if staged linux-musl-aarch64; then
    echo "platform-test: linux-musl-aarch64 under qemu"
    tree="$(unpack linux-musl-aarch64)"
    python3 -m ziglang cc -target aarch64-linux-musl -static "${matrix_flags[@]}" -I"$tree/include" \
        "$dist_repo/tests/c/test_ffi.c" "$tree/lib/libydrz.a" -o test_ffi.musl-aarch64
    timeout --kill-after=10 "$QEMU_TIMEOUT" qemu-aarch64 ./test_ffi.musl-aarch64 | tail -n 1
    pass "tests/c/test_ffi.c linked with the aarch64 musl libydrz.a, under qemu"
    python3 "$here/sandbox_validation.py" qemu-aarch64 "$tree/bin/ydrz"
    pass "the static musl CLI (aarch64, qemu) serves the sandbox and validates a token"
fi

if staged linux-musl-x86_64 && [[ -d "$DIST_OUT/goproxy" ]]; then
    echo "platform-test: a Go program with CC=musl-gcc -tags ydrz_musl, linked statically"
    module="$(sed -n 's/^module //p' "$dist_repo/bindings/go/go.mod")"
    mkdir -p go-consumer
    cp "$dist_repo/tests/dist/musl_consumer.go" go-consumer/main.go
    (
        cd go-consumer
        export GOPROXY="file://$DIST_OUT/goproxy" GONOSUMDB="$module" GOFLAGS=-mod=mod GOMODCACHE="$tmp/gomodcache"
        export CGO_ENABLED=1 CC=musl-gcc GOTOOLCHAIN=local
        go mod init example.com/musl-consumer >/dev/null 2>&1
        go get "$module@v$VERSION" >/dev/null 2>&1 || dist_fail "go get $module@v$VERSION failed"
        go build -tags ydrz_musl -ldflags '-linkmode external -extldflags -static' -o consumer . ||
            dist_fail "the musl Go build failed"
    )
    [[ -z "$(readelf -l go-consumer/consumer | grep INTERP || true)" ]] || dist_fail "the musl Go program is not static"
    # The x86_64 musl CLI serves the sandbox; the program gets its client configuration and a fresh token.
    python3 - "$tmp/$(tree_name linux-musl-x86_64)/bin/ydrz" go-consumer/consumer >go.out <<'EOF'
import json, subprocess, sys, urllib.request
cli, program = sys.argv[1:]
sandbox = subprocess.Popen([cli, "sandbox", "--port", "0", "--exit-on-stdin-eof"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
info = json.loads(sandbox.stdout.readline())
demo = next(app for app in info["apps"] if app["name"] == "demo")
request = urllib.request.Request(info["control_url"] + "/token", headers={"Content-Type": "application/json"},
                                 data=json.dumps({"app_id": demo["app_id"], "phone": "13800138000", "product": "onekey"}).encode())
token = json.loads(urllib.request.urlopen(request, timeout=30).read())
done = subprocess.run([program, json.dumps(info["client_config"]), token["token"], token["userInformation"]], capture_output=True, text=True, timeout=60)
sandbox.stdin.close()
sandbox.wait(timeout=30)
print(done.stdout, done.stderr, end="")
sys.exit(done.returncode)
EOF
    expect_sign head -n 1 go.out
    grep -qx "validated: 13800138000" go.out || dist_fail "the musl Go program did not validate the token: $(cat go.out)"
    pass "the Go module links the musl libydrz.a (static binary, validation against the sandbox)"
fi

if staged windows-x86_64; then
    echo "platform-test: windows-x86_64 under wine"
    export WINEPREFIX="${YDRZ_WINEPREFIX:-$dist_repo/target/wine-prefix}" WINEDEBUG=-all
    tree="$(unpack windows-x86_64)"
    # Debian's wine 8 lacks bcryptprimitives.dll (ProcessPrng, which Rust's std needs); a shim on WINEPATH stands
    # in for it (tests/dist/wine/bcryptprimitives.c). The test programs link MinGW's runtime statically.
    mkdir -p wine-shims
    x86_64-w64-mingw32-gcc -shared -O2 -static-libgcc -o wine-shims/bcryptprimitives.dll \
        "$dist_repo/tests/dist/wine/bcryptprimitives.c" -lbcrypt
    export WINEPATH="Z:${tmp//\//\\}\\wine-shims"
    mingw=(x86_64-w64-mingw32-gcc -static-libgcc)
    "${mingw[@]}" "${matrix_flags[@]}" -I"$tree/include" "$dist_repo/tests/c/test_ffi.c" -o "$tree/bin/test_ffi.exe" \
        "$tree/lib/libydrz.dll.a" -Wl,-Bstatic -lwinpthread
    wine "$tree/bin/test_ffi.exe" | tail -n 1
    pass "tests/c/test_ffi.c against ydrz.dll under wine"
    # shellcheck disable=SC2046
    "${mingw[@]}" -std=c99 -static minimal.c -I"$tree/include" "$tree/lib/libydrz.a" \
        $(PKG_CONFIG_PATH="$tree/lib/pkgconfig" pkg-config --static --libs-only-l ydrz | sed 's/-lydrz//') -o minimal_static.exe
    expect_sign wine minimal_static.exe
    python3 "$here/sandbox_validation.py" wine "$tree/bin/ydrz.exe"
    pass "ydrz.exe serves the sandbox and validates a token under wine"
fi
echo "platform-test: $passed passed, 0 failed"
