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
mvn_test_with_totals spring-boot-starter "$@"
