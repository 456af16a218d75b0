#!/usr/bin/env bash
# make dist-python: dist/ydrz-<version>-py3-none-manylinux_2_17_<arch>.manylinux2014_<arch>.whl for x86_64 and
# aarch64, each with the staged (stripped, glibc 2.17) libydrz.so inside the package as ydrz/libydrz.so, the
# staged ydrz executable (CLI and sandbox) as ydrz/_bin/ydrz, run by the wheel's `ydrz` console script and
# found by ydrz.testing.Sandbox, and the documentation (scripts/package/docs.sh) under ydrz/doc/; and for
# DIST_PLATFORMS: -musllinux_1_2_<arch>.whl (ydrz/libydrz.so and the static ydrz/_bin/ydrz),
# -macosx_11_0_{x86_64,arm64}.whl (ydrz/libydrz.dylib), -win_amd64.whl (ydrz/ydrz.dll; no executable).
# Builds from a scratch copy of bindings/python, so nothing is written into the source tree; the copy's
# ydrz/_version.py gets the version of Cargo.toml.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/docs.sh"

require_staged "lib/libydrz.so.$version" bin/ydrz
[[ -x "$package_venv/bin/python" ]] || fail "missing $package_venv: run scripts/setup.sh"
make_work_dir
mkdir -p "$dist"

# Builds the wheel of one platform: $1 a name for the scratch directories, $2 the library to bundle, $3 its
# name inside the package (_native.BUNDLED_NAME), $4 the platform tag(s), dot-separated.
build_wheel() {
    local key=$1 library=$2 bundled=$3 platform_tag=$4
    local src="$work/src-$key"
    mkdir -p "$src"
    cp "$repo/bindings/python/pyproject.toml" "$repo/bindings/python/README.md" "$repo/LICENSE" "$src/"
    cp "$repo/scripts/package/python_binary_setup.py" "$src/setup.py"
    (cd "$repo/bindings/python" && tar -cf - --exclude='__pycache__' --exclude='libydrz.so*' --exclude='libydrz.dylib' \
        --exclude='ydrz.dll' --exclude=_bin --exclude=doc src) | tar -xf - -C "$src"
    printf '"""The package version: the crate version of Cargo.toml, written by the wheel build."""\n\n__version__ = "%s"\n' \
        "$version" >"$src/src/ydrz/_version.py"
    [[ -f "$library" ]] || fail "missing $library: run \`make dist-native\`"
    install -m 0755 "$library" "$src/src/ydrz/$bundled"
    # The ydrz executable of the library's staged tree, where that platform has one the console script runs.
    local executable
    executable="$(dirname "$(dirname "$library")")/bin/ydrz"
    [[ ! -f "$executable" ]] || install -D -m 0755 "$executable" "$src/src/ydrz/_bin/ydrz"
    stage_docs "$src/src/ydrz/doc" "$repo/bindings/python/README.md" quickstart.py >/dev/null

    "$package_venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
        --no-index --wheel-dir "$work/wheel-$key" "$src" || fail "could not build the $key wheel"
    local built=("$work/wheel-$key"/ydrz-"$version"-*.whl)
    [[ ${#built[@]} -eq 1 && -f "${built[0]}" ]] || fail "expected one wheel in $work/wheel-$key"
    local tagged
    tagged="$("$package_venv/bin/python" -m wheel tags --remove --python-tag py3 --abi-tag none \
        --platform-tag "$platform_tag" "${built[0]}")"
    # wheel sorts the platform tags; the name auditwheel would give lists the PEP 600 tag first.
    local wheel="ydrz-$version-py3-none-$platform_tag.whl"
    mv "$work/wheel-$key/$tagged" "$dist/$wheel"
    echo "dist-python: $dist/$wheel"
}

for arch in "${arches[@]}"; do
    build_wheel "$arch" "$(stage_dir "$arch")/lib/libydrz.so.$version" libydrz.so "manylinux_2_17_$arch.manylinux2014_$arch"
done
for platform in "${extra_platforms[@]}"; do
    tree="$(stage_dir "$platform")"
    case "$platform" in
    linux-musl-*) build_wheel "$platform" "$tree/lib/libydrz.so.$version" libydrz.so "musllinux_1_2_${platform##*-}" ;;
    macos-x86_64) build_wheel "$platform" "$tree/lib/libydrz.dylib" libydrz.dylib "macosx_11_0_x86_64" ;;
    macos-aarch64) build_wheel "$platform" "$tree/lib/libydrz.dylib" libydrz.dylib "macosx_11_0_arm64" ;;
    windows-x86_64) build_wheel "$platform" "$tree/bin/ydrz.dll" ydrz.dll "win_amd64" ;;
    esac
done
