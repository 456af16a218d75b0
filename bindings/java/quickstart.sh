#!/usr/bin/env bash
# Runs examples/Quickstart.java (Java source launcher) against a sandbox it starts, or against the real
# platform with --config (see the comment at the top of that file). Builds the JNI library and the binding first.
# Environment: as test.sh (see common.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

require_tools
build_shim
compile_with_test_classpath
cd "$repo"
exec java -cp "$CLASSPATH_ALL" "-Dydrz.native.path=$JNI_LIB" examples/Quickstart.java "$@"
