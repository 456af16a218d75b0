# Shared by test.sh, bench.sh and quickstart.sh (sourced, not run): checks the tools, builds the JNI shim and
# resolves the class path. Environment:
#   YDRZ_JNI_LIB      a prebuilt libydrz_jni.so to use (for example the release tree's lib/libydrz_jni.so)
#                     instead of building one. Otherwise the shim, a member of the root Cargo workspace that
#                     links the core statically, is built with `cargo build --release -p ydrz-jni` in the
#                     workspace's target directory (or CARGO_TARGET_DIR), reusing the core's compiled
#                     dependencies; in its own cargo invocation, so that the core's `soname` feature stays off.
#   YDRZ_BIN          the ydrz executable that serves the sandbox (default <repo>/target/release/ydrz).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export YDRZ_BIN="${YDRZ_BIN:-$repo/target/release/ydrz}"

fail() {
    echo "bindings/java/$(basename "$0"): $*" >&2
    exit 1
}

# Installs a JDK and Maven with apt when they are missing and we may; otherwise names what is missing.
require_tools() {
    local missing=()
    command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null || missing+=(maven)
    if [[ ${#missing[@]} -gt 0 ]]; then
        if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
            echo "installing ${missing[*]}"
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
                fail "could not install ${missing[*]} with apt-get"
        else
            fail "missing: ${missing[*]} (a JDK 11 or newer with javac, and Maven 3.6 or newer)"
        fi
    fi
    command -v java >/dev/null || fail "missing: java (install openjdk-17-jdk-headless)"
    command -v cargo >/dev/null || fail "missing: cargo, which builds the JNI shim (https://rustup.rs)"
    [[ -x "$YDRZ_BIN" ]] || fail "missing: the sandbox binary $YDRZ_BIN (run: cargo build --release --bin ydrz, or set YDRZ_BIN)"
}

# Sets JNI_LIB to the JNI library, building it unless YDRZ_JNI_LIB names one.
build_shim() {
    if [[ -n "${YDRZ_JNI_LIB:-}" ]]; then
        JNI_LIB="$YDRZ_JNI_LIB"
    else
        local target_dir="${CARGO_TARGET_DIR:-$repo/target}"
        echo "building the JNI shim in $target_dir"
        (cd "$repo" && cargo build --release --quiet -p ydrz-jni) || fail "could not build the JNI shim (bindings/java/native)"
        JNI_LIB="$target_dir/release/libydrz_jni.so"
    fi
    [[ -f "$JNI_LIB" ]] || fail "missing: $JNI_LIB"
}

# Compiles the main and test classes and sets CLASSPATH_ALL to them plus the test dependencies (Gson, JUnit).
compile_with_test_classpath() {
    (cd "$here" && mvn -q -B -Dstyle.color=never -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile=target/test-dependencies.txt) || fail "mvn could not compile the binding"
    CLASSPATH_ALL="$here/target/classes:$here/target/test-classes:$(cat "$here/target/test-dependencies.txt")"
}

# Runs `mvn test` in the current directory with the JNI library and the sandbox binary, then prints the totals
# of the surefire reports as "LABEL: N passed, N failed, N skipped" (Maven is quiet on success) and exits with
# Maven's status; fails when no test ran. Extra arguments go to Maven.
mvn_test_with_totals() {
    local label=$1 status=0
    shift
    rm -rf target/surefire-reports
    mvn -q -B -Dstyle.color=never test "-Dydrz.native.path=$JNI_LIB" "-Dydrz.bin=$YDRZ_BIN" "$@" || status=$?
    shopt -s nullglob
    local reports=(target/surefire-reports/TEST-*.xml)
    [[ ${#reports[@]} -gt 0 ]] || fail "no test ran (no surefire reports)"
    read -r total failed skipped < <(grep -h '^<testsuite ' "${reports[@]}" | awk '
        { for (i = 1; i <= NF; i++) if ($i ~ /^(tests|failures|errors|skipped)="[0-9]+"/) {
            split($i, kv, "\""); n[substr($i, 1, index($i, "=") - 1)] += kv[2] } }
        END { print n["tests"] + 0, n["failures"] + n["errors"], n["skipped"] + 0 }')
    echo "$label: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
    exit "$status"
}
