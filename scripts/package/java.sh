#!/usr/bin/env bash
# make dist-java: dist/ydrz-<version>.jar with the staged JNI library of each architecture inside
# (META-INF/native/linux-<arch>/libydrz_jni.so), dist/ydrz-<version>-sources.jar, -javadoc.jar and
# dist/ydrz-<version>.pom. The jar also carries the documentation (scripts/package/docs.sh) under
# META-INF/ydrz/, and LICENSE as META-INF/LICENSE. Then the test-scoped companion
# dist/ydrz-testing-<version>.jar (+ .pom): the sandbox for a user's tests, com.ydrz.testing.Sandbox, with the staged ydrz executable of each architecture
# (META-INF/ydrz-testing/linux-<arch>/ydrz). Maven builds in target/dist/java*, outside the source tree.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/docs.sh"

require_staged lib/libydrz_jni.so bin/ydrz
pom="$repo/bindings/java/pom.xml"
pom_version="$(sed -n '/<artifactId>ydrz<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' "$pom")"
[[ "$pom_version" == "$version" ]] || fail "bindings/java/pom.xml has version '$pom_version', Cargo.toml $version"
testing_pom="$repo/bindings/java/testing/pom.xml"
testing_version="$(sed -n '/<artifactId>ydrz-testing<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' "$testing_pom")"
[[ "$testing_version" == "$version" ]] || fail "bindings/java/testing/pom.xml has version '$testing_version', Cargo.toml $version"
make_work_dir
for arch in "${arches[@]}"; do
    install -D -m 0755 "$(stage_dir "$arch")/lib/libydrz_jni.so" "$work/native/META-INF/native/linux-$arch/libydrz_jni.so"
    install -D -m 0755 "$(stage_dir "$arch")/bin/ydrz" "$work/testing/META-INF/ydrz-testing/linux-$arch/ydrz"
done
stage_docs "$work/native/META-INF/ydrz" "$repo/bindings/java/README.md" Quickstart.java KmsSigner.java >/dev/null
# The licence text (Apache-2.0 asks redistributions to include it), where jars carry it.
install -D -m 0644 "$repo/LICENSE" "$work/native/META-INF/LICENSE"

build="$repo/target/dist/java"
rm -rf "$build"
mvn -q -B -Dstyle.color=never -f "$pom" -Pdist -DskipTests "-Dydrz.build.directory=$build" \
    "-Dydrz.native.resources=$work/native" package || fail "mvn could not build the jar"
mkdir -p "$dist"
for suffix in .jar -sources.jar -javadoc.jar; do
    cp "$build/ydrz-$version$suffix" "$dist/"
done
cp "$pom" "$dist/ydrz-$version.pom"
echo "dist-java: $dist/ydrz-$version{.jar,-sources.jar,-javadoc.jar,.pom}"

testing_build="$repo/target/dist/java-testing"
rm -rf "$testing_build"
mvn -q -B -Dstyle.color=never -f "$testing_pom" "-Dydrz.build.directory=$testing_build" \
    "-Dydrz.testing.resources=$work/testing" package || fail "mvn could not build the ydrz-testing jar"
cp "$testing_build/ydrz-testing-$version.jar" "$dist/"
cp "$testing_pom" "$dist/ydrz-testing-$version.pom"
echo "dist-java: $dist/ydrz-testing-$version{.jar,.pom}"
