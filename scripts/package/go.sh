#!/usr/bin/env bash
# make dist-go: the Go module github.com/ydrz-dev/ydrz/bindings/go at v<version>, with include/ydrz.h and the
# staged libydrz.a of linux/amd64 and linux/arm64 (lib/linux-<arch>/) and of the other platforms
# (lib/<platform>/: linux-musl-*, linux/amd64 and arm64 with -tags ydrz_musl; macos-*; windows-x86_64), served from dist/goproxy/ as a module
# proxy serves it: <module>/@v/list, v<version>.info, .mod and .zip (usable as GOPROXY=file://<dist>/goproxy).
# The module holds the binding's tracked files but its tests and scripts, which need the repository around them,
# the repository's LICENSE, the ydrz executable of each architecture for the package
# github.com/ydrz-dev/ydrz/bindings/go/testing (testing/bin/linux-<arch>/ydrz: the sandbox, no path to give),
# and the documentation of scripts/package/docs.sh (the quickstart as examples/quickstart/main.go).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/docs.sh"

require_staged lib/libydrz.a include/ydrz.h bin/ydrz
module="$(sed -n 's/^module //p' "$repo/bindings/go/go.mod")"
[[ "$module" =~ ^[a-z0-9./_-]+$ ]] || fail "module path $module would need case-encoding, which this script does not do"
go_version="v$version"
make_work_dir

tree="$work/module"
mkdir -p "$tree"
(cd "$repo/bindings/go" && git ls-files -z -- . ':!:*_test.go' ':!:*.sh' ':!:.gitignore') |
    (cd "$repo/bindings/go" && xargs -0 cp --parents -t "$tree")
install -m 0644 "$repo/LICENSE" "$tree/LICENSE"
install -D -m 0644 "$(stage_dir x86_64)/include/ydrz.h" "$tree/include/ydrz.h"
for arch in "${arches[@]}"; do
    install -D -m 0644 "$(stage_dir "$arch")/lib/libydrz.a" "$tree/lib/linux-$arch/libydrz.a"
    install -D -m 0644 "$(stage_dir "$arch")/bin/ydrz" "$tree/testing/bin/linux-$arch/ydrz"
done
for platform in "${extra_platforms[@]}"; do
    [[ -f "$(stage_dir "$platform")/lib/libydrz.a" ]] || fail "missing $(stage_dir "$platform")/lib/libydrz.a: run \`make dist-native\`"
    install -D -m 0644 "$(stage_dir "$platform")/lib/libydrz.a" "$tree/lib/$platform/libydrz.a"
done
install -D -m 0644 "$repo/examples/quickstart_go/main.go" "$tree/examples/quickstart/main.go"
stage_docs "$tree" "$repo/bindings/go/README.md"

proxy="$dist/goproxy/$module/@v"
rm -rf "$dist/goproxy"
mkdir -p "$proxy"
python3 "$repo/scripts/package/go_module_zip.py" "$tree" "$module@$go_version" "$proxy/$go_version.zip"
cp "$tree/go.mod" "$proxy/$go_version.mod"
# The time a proxy reports is the commit's; HEAD's keeps the build reproducible.
printf '{"Version":"%s","Time":"%s"}\n' "$go_version" "$(TZ=UTC git -C "$repo" log -1 --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd)" \
    >"$proxy/$go_version.info"
echo "$go_version" >"$proxy/list"
echo "dist-go: $dist/goproxy ($module@$go_version)"
