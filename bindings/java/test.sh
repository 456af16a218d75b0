#!/usr/bin/env bash
# Runs every test of the Java binding (JUnit 5 under -Xcheck:jni): the test vectors, bad input, handle
# lifetimes, the loader, end-to-end tests and a concurrency test against a sandbox process the tests spawn.
# Exits non-zero on any failure.
#
# Called by CI from the repository root as `bindings/java/test.sh`, after `cargo build --release --lib --bin ydrz`.
# Environment: see common.sh (YDRZ_BIN, YDRZ_JNI_LIB, CARGO_TARGET_DIR). Extra arguments go to
# Maven, e.g. `bindings/java/test.sh -Dtest=VectorsTest`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

require_tools
build_shim
cd "$here"
rm -rf target/surefire-reports
status=0
mvn -q -B -Dstyle.color=never test "-Dydrz.native.path=$JNI_LIB" "-Dydrz.bin=$YDRZ_BIN" "$@" || status=$?

# Maven is quiet on success: print the totals of the surefire reports (and fail if no test ran).
shopt -s nullglob
reports=(target/surefire-reports/TEST-*.xml)
[[ ${#reports[@]} -gt 0 ]] || fail "no test ran (no surefire reports)"
read -r total failed skipped < <(grep -h '^<testsuite ' "${reports[@]}" | awk '
    { for (i = 1; i <= NF; i++) if ($i ~ /^(tests|failures|errors|skipped)="[0-9]+"/) {
        split($i, kv, "\""); n[substr($i, 1, index($i, "=") - 1)] += kv[2] } }
    END { print n["tests"] + 0, n["failures"] + n["errors"], n["skipped"] + 0 }')
echo "java: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
exit "$status"
