#!/usr/bin/env bash
# Fails unless every package carries the one version of Cargo.toml (scripts/version.sh): the Python, Java and
# npm packages, the JNI crate, and release tags on HEAD (vX.Y.Z, and bindings/go/vX.Y.Z, which versions the Go
# module). The Composer package has no version in its source: dist-php writes Cargo.toml's into the zip. A new package adds one line to `sources` below: a name and a command that prints its version.
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(scripts/version.sh)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+].*)?$ ]] || { echo "Cargo.toml version '$version' is not semver" >&2; exit 1; }

# The first <version> after <artifactId>$2</artifactId> (default ydrz): the project's own, not a dependency's.
pom_version() {
    sed -n "/<artifactId>${2:-ydrz}<\/artifactId>/,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p" "$1" | head -n 1
}

# [package] version of a Cargo.toml.
cargo_version() {
    sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# Release tags on HEAD with the prefix $1, one per line, the prefix removed.
tags_on_head() {
    git tag --points-at HEAD 2>/dev/null | sed -n "s|^$1||p"
}

sources=(
    "bindings/python/src/ydrz/_version.py|sed -n 's/^__version__ *= *\"\\(.*\\)\"/\\1/p' bindings/python/src/ydrz/_version.py"
    "bindings/java/pom.xml|pom_version bindings/java/pom.xml"
    "bindings/java/spring-boot-starter/pom.xml|sed -n '/<artifactId>ydrz-spring-boot-starter<\/artifactId>/{n;s/.*<version>\\(.*\\)<\/version>.*/\\1/p;q}' bindings/java/spring-boot-starter/pom.xml"
    "bindings/java/spring-boot-starter/pom.xml (ydrz.version)|sed -n 's/.*<ydrz.version>\\(.*\\)<\/ydrz.version>.*/\\1/p' bindings/java/spring-boot-starter/pom.xml"
    "bindings/java/testing/pom.xml|pom_version bindings/java/testing/pom.xml ydrz-testing"
    "bindings/java/native/Cargo.toml|cargo_version bindings/java/native/Cargo.toml"
    "bindings/node/package.json|node -p 'require(\"./bindings/node/package.json\").version'"
    "bindings/node/package-lock.json|node -p 'require(\"./bindings/node/package-lock.json\").version'"
)

failed=0
for source in "${sources[@]}"; do
    name="${source%%|*}"
    found="$(eval "${source#*|}")"
    if [[ "$found" != "$version" ]]; then
        echo "version mismatch: $name has '$found', Cargo.toml has '$version'" >&2
        failed=1
    fi
done
for prefix in v bindings/go/v; do
    while IFS= read -r tagged; do
        if [[ -n "$tagged" ]] && [[ "$tagged" != "$version" ]]; then
            echo "version mismatch: tag $prefix$tagged on HEAD, Cargo.toml has '$version'" >&2
            failed=1
        fi
    done < <(tags_on_head "$prefix")
done
[[ $failed == 0 ]] || exit 1
echo "version-check: every package is at $version"
