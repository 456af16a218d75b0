#!/usr/bin/env bash
# Installs what the build and the tests need and this machine lacks. Idempotent: a second run installs nothing.
# Called by `make setup`, which `make test` (and so `.ci/run`) runs first.
#
# System packages come from apt (needs root, as on CI); each is installed only when its command is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "scripts/setup.sh: $*" >&2
    exit 1
}

# command-to-probe:debian-package pairs.
apt_needs=(
    valgrind:valgrind
    openssl:openssl
    make:make
    cc:gcc
    c++:g++
    nm:binutils
    timeout:coreutils
    java:openjdk-17-jdk-headless
    javac:openjdk-17-jdk-headless
    mvn:maven
)

missing=()
for pair in "${apt_needs[@]}"; do
    probe="${pair%%:*}"
    package="${pair#*:}"
    if ! command -v "$probe" >/dev/null; then
        [[ " ${missing[*]-} " == *" $package "* ]] || missing+=("$package")
    fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "setup: installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        fail "missing Debian packages: ${missing[*]} (run this script as root, or install them)"
    fi
fi

for tool in cargo rustc rustup go python3; do
    command -v "$tool" >/dev/null || fail "missing $tool: install it (see README.md, Requirements)"
done
installed_components="$(rustup component list --installed 2>/dev/null)"
for component in clippy rustfmt; do
    grep -q "^$component" <<<"$installed_components" || rustup component add "$component"
done
# The Python tools of the packages (make dist-python, make package-test) live in a project virtual environment.
package_venv=target/package-venv
package_tools=("setuptools>=70.1" "wheel>=0.42" "auditwheel>=6.1")
if ! "$package_venv/bin/python" - "${package_tools[@]}" 2>/dev/null <<'PY'; then
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
sys.exit(any(version(r.name) not in r.specifier for r in map(Requirement, sys.argv[1:])))
PY
    echo "setup: installing ${package_tools[*]} into $package_venv"
    python3 -m venv "$package_venv" || fail "could not create $package_venv (Debian: apt-get install python3-venv)"
    "$package_venv/bin/python" -m pip install --quiet --disable-pip-version-check "${package_tools[@]}" ||
        fail "could not install ${package_tools[*]} into $package_venv (is PyPI reachable?)"
fi
echo "setup: everything the build and the tests need is installed"
