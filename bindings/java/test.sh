#!/usr/bin/env bash
# Runs every test of the Java binding (JUnit 5 under -Xcheck:jni): the test vectors, bad input, handle
# lifetimes, the loader, end-to-end tests and a concurrency test against a sandbox process the tests spawn.
# Runs the suite on the default JDK (17), then the network tests (HTTP, async, exchange, virtual threads) on a
# JDK 21 or newer (YDRZ_JDK_NEW, default /usr/lib/jvm/temurin-25-jdk-amd64), where the virtual-thread test
# runs; without one that run is skipped with a note. (The loader tests compare child JVMs' stderr, which JDK 22+
# fills with restricted-method warnings.) Exits non-zero on any failure.
#
# The HSM test (HsmSignerTest) keeps the sandbox app's key in a SoftHSM2 token (scripts/setup.sh installs
# softhsm2 and opensc): the test JVMs get a SoftHSM2 configuration and token directory of their own in a
# temporary directory, through SOFTHSM2_CONF in their environment only, removed at exit.
#
# Called by CI from the repository root as `bindings/java/test.sh`, after `cargo build --release --lib --bin ydrz`.
# Environment: see common.sh (YDRZ_BIN, YDRZ_JNI_LIB, CARGO_TARGET_DIR). Extra arguments go to
# Maven, e.g. `bindings/java/test.sh -Dtest=VectorsTest`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

require_tools
build_shim
cd "$here"
softhsm="$(mktemp -d)"
trap 'rm -rf "$softhsm"' EXIT
mkdir "$softhsm/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$softhsm/tokens" \
    >"$softhsm/softhsm2.conf"
export SOFTHSM2_CONF="$softhsm/softhsm2.conf"
status=0
(mvn_test_with_totals java "$@") || status=$?
new_jdk="${YDRZ_JDK_NEW:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ -x "$new_jdk/bin/java" ]]; then
    network_tests=SandboxTest,ExchangeTest,AsyncTest,BlockingHttpTest,TlsProxyTest,VirtualThreadTest,ConcurrencyTest
    (export JAVA_HOME="$new_jdk" PATH="$new_jdk/bin:$PATH" && mvn_test_with_totals "java on $(basename "$new_jdk")" \
        -Dtest="$network_tests,HsmSignerTest" "$@") || status=$?
else
    echo "bindings/java/test.sh: no JDK 21+ at $new_jdk: the virtual-thread test did not run" >&2
fi
exit "$status"
