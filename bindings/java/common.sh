# Shared by test.sh, bench.sh and quickstart.sh (sourced, not run): checks the tools, builds the JNI shim and
# resolves the class path. Environment:
#   YDRZ_LIB_DIR      the cargo output directory of the core library (default <repo>/target/release). The shim
#                     links the core statically from source, so it is built in the cargo target directory that
#                     holds YDRZ_LIB_DIR (its parent) and reuses the core's compiled dependencies; when
#                     YDRZ_LIB_DIR is not a cargo `release` directory, in bindings/java/native/target.
#   CARGO_TARGET_DIR  overrides that choice.
#   YDRZ_JNI_LIB      a prebuilt libydrz_jni.so to use instead of building one.
#   YDRZ_BIN          the ydrz executable that serves the sandbox (default <repo>/target/release/ydrz).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lib_dir="${YDRZ_LIB_DIR:-$repo/target/release}"
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
        if [[ -z "${CARGO_TARGET_DIR:-}" ]]; then
            if [[ "$(basename "$lib_dir")" == release ]]; then
                CARGO_TARGET_DIR="$(dirname "$lib_dir")"
            else
                CARGO_TARGET_DIR="$here/native/target"
            fi
        fi
        export CARGO_TARGET_DIR
        echo "building the JNI shim in $CARGO_TARGET_DIR"
        cargo build --release --quiet --manifest-path "$here/native/Cargo.toml" ||
            fail "could not build the JNI shim (bindings/java/native)"
        JNI_LIB="$CARGO_TARGET_DIR/release/libydrz_jni.so"
    fi
    [[ -f "$JNI_LIB" ]] || fail "missing: $JNI_LIB"
}

# Compiles the main and test classes and sets CLASSPATH_ALL to them plus the test dependencies (Gson, JUnit).
compile_with_test_classpath() {
    (cd "$here" && mvn -q -B -Dstyle.color=never -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile=target/test-dependencies.txt) || fail "mvn could not compile the binding"
    CLASSPATH_ALL="$here/target/classes:$here/target/test-classes:$(cat "$here/target/test-dependencies.txt")"
}
