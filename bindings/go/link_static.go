//go:build !ydrz_shared

package ydrz

// By default the static library libydrz.a that ships inside this module (lib/<os>-<arch>/, from the release
// build) is linked into the program, so nothing is looked up at run time and no path of the module cache ends
// up in the binary. The system libraries are those `rustc --print native-static-libs` lists for linux-gnu,
// without -lgcc_s: gcc and clang add the unwinder themselves (libgcc_s, or libgcc_eh when linking with
// -extldflags -static); zig cc does not and needs -lunwind.
//
// A directory given with -L in CGO_LDFLAGS is searched before the module's own (its flags come first), which
// is how the repository's tests link target/release/libydrz.a.

// #cgo linux,amd64 LDFLAGS: -L${SRCDIR}/lib/linux-x86_64
// #cgo linux,arm64 LDFLAGS: -L${SRCDIR}/lib/linux-aarch64
// #cgo LDFLAGS: -l:libydrz.a -lutil -lrt -lpthread -lm -ldl -lc
import "C"
