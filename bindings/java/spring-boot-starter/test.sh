#!/usr/bin/env bash
# Runs the starter's tests (JUnit 5, @SpringBootTest against a sandbox process): builds the Java binding's jar
# into the local Maven repository (the starter's dependency), then `mvn test` here. Exits non-zero on failure.
#
# Called from the repository root as `bindings/java/spring-boot-starter/test.sh` after
# `cargo build --release --lib --bin ydrz`; environment as bindings/java/common.sh (YDRZ_BIN, YDRZ_JNI_LIB).
# Extra arguments go to Maven.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
starter="$here/spring-boot-starter"

require_tools
build_shim
# The binding at this commit, without tests (bindings/java/test.sh runs them), into ~/.m2.
mvn -q -B -Dstyle.color=never -f "$here/pom.xml" -DskipTests "-Dydrz.build.directory=$repo/target/java-for-starter" install ||
    fail "mvn could not install the binding"
cd "$starter"
rm -rf target/surefire-reports
status=0
mvn -q -B -Dstyle.color=never test "-Dydrz.native.path=$JNI_LIB" "-Dydrz.bin=$YDRZ_BIN" "$@" || status=$?

shopt -s nullglob
reports=(target/surefire-reports/TEST-*.xml)
[[ ${#reports[@]} -gt 0 ]] || fail "no test ran (no surefire reports)"
read -r total failed skipped < <(grep -h '^<testsuite ' "${reports[@]}" | awk '
    { for (i = 1; i <= NF; i++) if ($i ~ /^(tests|failures|errors|skipped)="[0-9]+"/) {
        split($i, kv, "\""); n[substr($i, 1, index($i, "=") - 1)] += kv[2] } }
    END { print n["tests"] + 0, n["failures"] + n["errors"], n["skipped"] + 0 }')
echo "spring-boot-starter: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
exit "$status"
