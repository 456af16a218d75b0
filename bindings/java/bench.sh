#!/usr/bin/env bash
# Runs the Java benchmark (src/test/java/com/ydrz/Benchmark.java): ydrz through JNI next to the usual
# hand-written JCE / java.net.http code, for the jssdk sign, the tokenValidate sign (1024 and 2048-bit keys)
# and the full validate call against a sandbox it spawns. Takes about a minute; not part of test.sh.
# Environment: as test.sh (see common.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

require_tools
build_shim
compile_with_test_classpath
cd "$here"
exec java -cp "$CLASSPATH_ALL" "-Dydrz.native.path=$JNI_LIB" "-Dydrz.bin=$YDRZ_BIN" com.ydrz.Benchmark
