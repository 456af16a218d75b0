#!/usr/bin/env bash
# make dist-python: dist/ydrz-<version>-py3-none-manylinux_2_17_<arch>.manylinux2014_<arch>.whl for x86_64 and
# aarch64, each with the staged (stripped, glibc 2.17) libydrz.so inside the package as ydrz/libydrz.so, the
# staged ydrz executable (CLI and sandbox) as ydrz/_bin/ydrz, run by the wheel's `ydrz` console script and
# found by ydrz.testing.Sandbox, and the documentation (scripts/package/docs.sh) under ydrz/doc/.
# Builds from a scratch copy of bindings/python, so nothing is written into the source tree; the copy's
# ydrz/_version.py gets the version of Cargo.toml.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/docs.sh"

require_staged "lib/libydrz.so.$version" bin/ydrz
[[ -x "$package_venv/bin/python" ]] || fail "missing $package_venv: run scripts/setup.sh"
make_work_dir
mkdir -p "$dist"

for arch in "${arches[@]}"; do
    src="$work/src-$arch"
    mkdir -p "$src"
    cp "$repo/bindings/python/pyproject.toml" "$repo/bindings/python/README.md" "$repo/LICENSE" "$src/"
    cp "$repo/scripts/package/python_binary_setup.py" "$src/setup.py"
    (cd "$repo/bindings/python" && tar -cf - --exclude='__pycache__' --exclude='libydrz.so*' --exclude=_bin --exclude=doc src) | tar -xf - -C "$src"
    printf '"""The package version: the crate version of Cargo.toml, written by the wheel build."""\n\n__version__ = "%s"\n' \
        "$version" >"$src/src/ydrz/_version.py"
    install -m 0755 "$(stage_dir "$arch")/lib/libydrz.so.$version" "$src/src/ydrz/libydrz.so"
    install -D -m 0755 "$(stage_dir "$arch")/bin/ydrz" "$src/src/ydrz/_bin/ydrz"
    stage_docs "$src/src/ydrz/doc" "$repo/bindings/python/README.md" quickstart.py kms_signer.py >/dev/null

    "$package_venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
        --no-index --wheel-dir "$work/wheel-$arch" "$src" || fail "could not build the $arch wheel"
    built=("$work/wheel-$arch"/ydrz-"$version"-*.whl)
    [[ ${#built[@]} -eq 1 && -f "${built[0]}" ]] || fail "expected one wheel in $work/wheel-$arch"
    tagged="$("$package_venv/bin/python" -m wheel tags --remove --python-tag py3 --abi-tag none \
        --platform-tag "manylinux_2_17_$arch.manylinux2014_$arch" "${built[0]}")"
    # wheel sorts the platform tags; the name auditwheel would give lists the PEP 600 tag first.
    wheel="ydrz-$version-py3-none-manylinux_2_17_$arch.manylinux2014_$arch.whl"
    mv "$work/wheel-$arch/$tagged" "$dist/$wheel"
    echo "dist-python: $dist/$wheel"
done
