//go:build ydrz_musl && !ydrz_shared

package ydrz

// With -tags ydrz_musl (Alpine, golang:alpine, any musl C compiler such as musl-gcc) the module's musl build of
// libydrz.a (lib/linux-musl-<arch>/) is linked instead of the glibc one, which does not link against musl. It
// needs only musl's libc (the unwinder is inside the archive), so `-ldflags '-linkmode external -extldflags
// -static'` gives a fully static binary.

// #cgo amd64 LDFLAGS: -L${SRCDIR}/lib/linux-musl-x86_64
// #cgo arm64 LDFLAGS: -L${SRCDIR}/lib/linux-musl-aarch64
// #cgo LDFLAGS: -l:libydrz.a -lc
import "C"
