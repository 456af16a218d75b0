#!/usr/bin/env bash
# Runs every test of the Python binding; exits non-zero on any failure.
#
# Called by CI from the repository root as `bindings/python/test.sh`, after
# `cargo build --release --lib --bin ydrz`. Environment:
#   YDRZ_LIB_DIR  directory holding libydrz.so        (default <repo>/target/release)
#   YDRZ_BIN      the ydrz executable (sandbox server) (default <repo>/target/release/ydrz)
#   PYTHON        the interpreter to build the venv with (default python3; 3.9 or newer)
# The tests run in a virtual environment at bindings/python/.venv (created when missing), into which the
# package is installed (from a scratch copy of this directory, so that the build writes nothing here; not
# imported from the source tree) together with pytest, mypy, aiohttp (the `async` extra, for
# ydrz.AsyncClient) and python-pkcs11 (the external-signer tests drive a SoftHSM2 token through PKCS#11; Debian's
# softhsm2, which scripts/setup.sh installs). mypy --strict checks the package first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
lib_dir="${YDRZ_LIB_DIR:-$repo/target/release}"
export YDRZ_BIN="${YDRZ_BIN:-$repo/target/release/ydrz}"
python="${PYTHON:-python3}"

fail() {
    echo "bindings/python/test.sh: $*" >&2
    exit 1
}

command -v "$python" >/dev/null || fail "missing $python (CPython 3.9 or newer; Debian: apt-get install python3)"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 9))' ||
    fail "$python is $("$python" -V 2>&1); the binding needs CPython 3.9 or newer"
"$python" -c 'import ensurepip, venv' 2>/dev/null ||
    fail "$python cannot create virtual environments (Debian: apt-get install python3-venv)"
command -v nm >/dev/null || fail "missing nm, used to compare the declarations with the exports (apt-get install binutils)"
command -v cc >/dev/null || fail "missing cc, used to build a fake library for the ABI-mismatch test (apt-get install gcc)"
command -v openssl >/dev/null ||
    fail "missing openssl, used to make a self-signed certificate for the TLS test (apt-get install openssl)"
[[ -f "$lib_dir/libydrz.so" ]] || fail "no $lib_dir/libydrz.so: run \`cargo build --release --lib\` or set YDRZ_LIB_DIR"
[[ -x "$YDRZ_BIN" ]] || fail "no executable $YDRZ_BIN: run \`cargo build --release --bin ydrz\` or set YDRZ_BIN"

venv="$here/.venv"
if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv" || fail "could not create the virtual environment $venv"
fi
# setuptools >= 70.1 builds wheels without the separate `wheel` package; no build isolation keeps reruns offline.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "setuptools>=70.1" "pytest>=7" "mypy>=1.10" \
    "aiohttp>=3.9" "python-pkcs11>=0.7" ||
    fail "could not install setuptools, pytest, mypy, aiohttp and python-pkcs11 into $venv (is PyPI reachable?)"
"$venv/bin/python" -m mypy --strict --cache-dir=/dev/null "$here/src/ydrz" || fail "mypy --strict finds errors in the package"
# setuptools writes build/ and *.egg-info next to pyproject.toml: build from a scratch copy instead.
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp -r "$here/pyproject.toml" "$here/README.md" "$here/src" "$copy/"
rm -f "$copy/src/ydrz/libydrz.so"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation --force-reinstall \
    --no-deps "$copy" || fail "could not install the ydrz package from a copy of $here"

export YDRZ_LIBRARY="$lib_dir/libydrz.so"
cd "$here"
status=0
"$venv/bin/python" -m pytest -p no:cacheprovider tests "$@" || status=$?
if [[ $status -eq 5 ]]; then
    fail "pytest collected no tests"
fi
exit "$status"
