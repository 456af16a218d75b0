//go:build !ydrz_shared && !ydrz_musl

package ydrz

// By default the static library libydrz.a that ships inside this module (lib/<os>-<arch>/, from the release
// build) is linked into the program, so nothing is looked up at run time and no path of the module cache ends
// up in the binary. The system libraries are those `rustc --print native-static-libs` lists for each target.
// On Linux (glibc) -lgcc_s is left out: gcc and clang add the unwinder themselves (libgcc_s, or libgcc_eh when
// linking with -extldflags -static); zig cc does not and needs -lunwind. On Alpine (musl) build with
// -tags ydrz_musl (link_musl.go).
//
// A directory given with -L in CGO_LDFLAGS is searched before the module's own (its flags come first), which
// is how the repository's tests link target/release/libydrz.a.

// #cgo linux,amd64 LDFLAGS: -L${SRCDIR}/lib/linux-x86_64
// #cgo linux,arm64 LDFLAGS: -L${SRCDIR}/lib/linux-aarch64
// #cgo linux LDFLAGS: -l:libydrz.a -lutil -lrt -lpthread -lm -ldl -lc
// #cgo darwin,amd64 LDFLAGS: -L${SRCDIR}/lib/macos-x86_64
// #cgo darwin,arm64 LDFLAGS: -L${SRCDIR}/lib/macos-aarch64
// #cgo darwin LDFLAGS: -lydrz -liconv -lSystem -lc -lm
// #cgo windows,amd64 LDFLAGS: -L${SRCDIR}/lib/windows-x86_64
// #cgo windows LDFLAGS: -lydrz -lkernel32 -lntdll -luserenv -lws2_32 -ldbghelp -lbcrypt -ladvapi32
import "C"
