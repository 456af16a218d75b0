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
mvn_test_with_totals java "$@"
