#!/usr/bin/env bash
# make dist-spring: dist/ydrz-spring-boot-starter-<version>.jar, its -sources.jar, -javadoc.jar and .pom, built
# against the binding's release jar of dist/ (make dist-java), which it installs into the local Maven repository
# first, as a user of the starter does (bindings/java/spring-boot-starter/README.md). Maven builds in
# target/dist/spring, outside the source tree.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

pom="$repo/bindings/java/spring-boot-starter/pom.xml"
binding="$dist/ydrz-$version"
for suffix in .jar .pom; do
    [[ -f "$binding$suffix" ]] || fail "missing $binding$suffix: run \`make dist-java\` first"
done
mvn -q -B -Dstyle.color=never org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file \
    "-Dfile=$binding.jar" "-DpomFile=$binding.pom" || fail "mvn could not install $binding.jar"

build="$repo/target/dist/spring"
rm -rf "$build"
mvn -q -B -Dstyle.color=never -f "$pom" -Pdist -DskipTests "-Dydrz.build.directory=$build" package ||
    fail "mvn could not build the starter"
mkdir -p "$dist"
for suffix in .jar -sources.jar -javadoc.jar; do
    cp "$build/ydrz-spring-boot-starter-$version$suffix" "$dist/"
done
cp "$pom" "$dist/ydrz-spring-boot-starter-$version.pom"
echo "dist-spring: $dist/ydrz-spring-boot-starter-$version{.jar,-sources.jar,-javadoc.jar,.pom}"
