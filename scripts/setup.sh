#!/usr/bin/env bash
# Installs what the build and the tests need and this machine lacks. Idempotent: a second run installs nothing.
# Called by `make setup`, which `make test` (and so `.ci/run`) runs first.
#
# System packages come from apt (needs root, as on CI); each is installed only when its command (or file) is
# missing. The release build (`make dist`) adds the aarch64 Rust target and zig + cargo-zigbuild from PyPI in a
# project-local virtualenv, .tools/venv (see scripts/dist/env.sh); the packages (scripts/package/) add
# setuptools, wheel and auditwheel to it.
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
    node:nodejs
    npm:npm
    php:php-cli
    php-cgi:php-cgi
    phpunit:phpunit
    composer:composer
    unzip:unzip
    zip:zip
    cmake:cmake
    pkg-config:pkg-config
    qemu-aarch64:qemu-user
    aarch64-linux-gnu-objcopy:binutils-aarch64-linux-gnu
    /usr/aarch64-linux-gnu/lib/libc.so.6:libc6-arm64-cross
    /usr/aarch64-linux-gnu/lib/libgcc_s.so.1:libgcc-s1-arm64-cross
    chromium:chromium
    chromedriver:chromium-driver
    curl-config:libcurl4-openssl-dev
    openssl:openssl
    /usr/include/openssl/evp.h:libssl-dev
    /usr/share/php/GuzzleHttp/Client.php:php-guzzlehttp-guzzle
    # The external-signer tests keep the private key in a SoftHSM2 token: softhsm2-util makes the token and
    # imports the key, pkcs11-tool (OpenSC) writes the certificate beside it that Java's PKCS#11 KeyStore needs.
    softhsm2-util:softhsm2
    /usr/lib/softhsm/libsofthsm2.so:softhsm2
    pkcs11-tool:opensc
)

# Pinned so that a release is built by the same compiler and linker wrapper on every machine.
pypi_tools=(ziglang==0.17.1 cargo-zigbuild==0.24.1 setuptools==84.2.1 wheel==0.48.0 auditwheel==6.8.2)

# A probe is a command name, or an absolute path for a package that installs no command.
present() {
    if [[ "$1" == /* ]]; then [[ -e "$1" ]]; else command -v "$1" >/dev/null; fi
}

missing=()
for pair in "${apt_needs[@]}"; do
    probe="${pair%%:*}"
    package="${pair#*:}"
    if ! present "$probe"; then
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

# PHP extensions are not commands: OPcache (the preload test) and zip (Composer's artifact repository, in the
# consumer test), curl (Guzzle's cURL handler, whose error numbers tell the PSR-18 transport a request that never
# left) come as Debian packages; FFI comes with php-cli (php8.x-common).
for pair in 'Zend OPcache:php-opcache' zip:php-zip curl:php-curl; do
    module="${pair%%:*}"
    package="${pair#*:}"
    if ! php -m 2>/dev/null | grep -x "$module" >/dev/null; then
        [[ "$(id -u)" == 0 ]] || fail "PHP lacks $module: apt-get install $package"
        echo "setup: installing $package"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    fi
done
php -m | grep -x FFI >/dev/null || fail "PHP lacks the FFI extension (Debian's php-cli has it): install one that does"

for tool in cargo rustc rustup go python3; do
    command -v "$tool" >/dev/null || fail "missing $tool: install it (see README.md, Requirements)"
done
installed_components="$(rustup component list --installed 2>/dev/null)"
for component in clippy rustfmt; do
    grep -q "^$component" <<<"$installed_components" || rustup component add "$component"
done
rustup target list --installed | grep -qx aarch64-unknown-linux-gnu || rustup target add aarch64-unknown-linux-gnu

venv=.tools/venv
installed_tools="$("$venv/bin/python" -m pip freeze --all 2>/dev/null || true)"
if [[ "$(grep -cixF -f <(printf '%s\n' "${pypi_tools[@]}") <<<"$installed_tools")" != "${#pypi_tools[@]}" ]]; then
    echo "setup: installing ${pypi_tools[*]} into $venv"
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pypi_tools[@]}"
fi
# The browser test (tests/browser/) drives Debian's chromium through chromedriver with Selenium's Python client.
browser_venv=.tools/browser-venv
browser_tools=(selenium==4.51.0)   # 4.52.0 needs certifi>=2026.10.23, not served yet
if [[ "$("$browser_venv/bin/python" -m pip freeze 2>/dev/null | grep -cixF -f <(printf '%s\n' "${browser_tools[@]}"))" != "${#browser_tools[@]}" ]]; then
    echo "setup: installing ${browser_tools[*]} into $browser_venv"
    [[ -x "$browser_venv/bin/python" ]] || python3 -m venv "$browser_venv"
    "$browser_venv/bin/python" -m pip install --quiet --disable-pip-version-check "${browser_tools[@]}"
fi
echo "setup: everything the build and the tests need is installed"
