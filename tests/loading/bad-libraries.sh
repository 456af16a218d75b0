#!/usr/bin/env bash
# Writes two libraries that a binding must refuse with a clear error before handing them to the dynamic loader
# (which would crash the process with SIGBUS on the first, and call the second a missing file):
#   DIR/truncated.so  LIBRARY cut in the middle of its loadable segments, as an interrupted copy leaves it;
#   DIR/foreign-arch.so  a real aarch64 shared object exporting ydrz_abi_version (on an x86_64 host; on an aarch64
#                     host, an x86_64 one), built with the cross binutils that scripts/setup.sh installs.
# Usage: tests/loading/bad-libraries.sh LIBRARY DIR
set -euo pipefail
library=$1
dir=$2
mkdir -p "$dir"
# Cut in the middle of the loadable segments (the debug info of an unstripped build lies after them).
loadable_end=0
while read -r _ offset _ _ filesz _; do
    ((offset + filesz > loadable_end)) && loadable_end=$((offset + filesz))
done < <(readelf -lW "$library" | grep '^ *LOAD ')
((loadable_end > 0)) || { echo "bad-libraries.sh: $library has no loadable segment" >&2; exit 1; }
head -c "$((loadable_end / 2))" "$library" >"$dir/truncated.so"
case "$(uname -m)" in
x86_64)
    prefix=aarch64-linux-gnu-
    code='mov w0, #1
ret'
    ;;
*)
    prefix=x86_64-linux-gnu-
    code='mov $1, %eax
ret'
    ;;
esac
for tool in as ld; do
    command -v "$prefix$tool" >/dev/null || { echo "bad-libraries.sh: missing $prefix$tool (run scripts/setup.sh)" >&2; exit 1; }
done
printf '.text\n.globl ydrz_abi_version\n.type ydrz_abi_version, %%function\nydrz_abi_version:\n%s\n' "$code" |
    "${prefix}as" -o "$dir/foreign.o"
"${prefix}ld" -shared -o "$dir/foreign-arch.so" "$dir/foreign.o"
rm "$dir/foreign.o"
