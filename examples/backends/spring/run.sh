#!/usr/bin/env bash
# The Spring Boot backend on $PORT (see ../common.sh), with ydrz-spring-boot-starter. The first run (and a run
# after the sources changed) installs the repository's Java binding and starter into the local Maven repository
# and packages target/ydrz-backend-spring.jar; the JNI library is target/release/libydrz_jni.so
# (cargo build --release -p ydrz-jni), or YDRZ_JNI_LIB. With the jar of a release (make dist), which carries
# the JNI library, no -Dydrz.native.path is needed.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
jni="${YDRZ_JNI_LIB:-$(dirname "$YDRZ_LIBRARY")/libydrz_jni.so}"
[[ -f "$jni" ]] || fail "missing $jni: run \`cargo build --release -p ydrz-jni\` (or set YDRZ_JNI_LIB)"
jar="$backend_dir/target/ydrz-backend-spring.jar"
sources=("$backend_dir/src" "$backend_dir/pom.xml" "$repo/bindings/java/src/main" "$repo/bindings/java/pom.xml"
    "$repo/bindings/java/spring-boot-starter/src/main" "$repo/bindings/java/spring-boot-starter/pom.xml")
if [[ ! -f "$jar" ]] || [[ -n "$(find "${sources[@]}" -newer "$jar" -print -quit)" ]]; then
    mvn() { command mvn -q -B -Dstyle.color=never "$@" >&2; }
    mvn -f "$repo/bindings/java/pom.xml" -DskipTests "-Dydrz.build.directory=$repo/target/java-for-starter" install
    mvn -f "$repo/bindings/java/spring-boot-starter/pom.xml" -DskipTests \
        "-Dydrz.build.directory=$repo/target/spring-starter-for-backend" install
    mvn -f "$backend_dir/pom.xml" package
fi
exec java "-Dydrz.native.path=$jni" -jar "$jar"
