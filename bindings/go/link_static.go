//go:build ydrz_static

package ydrz

// With -tags ydrz_static the archive libydrz.a is linked into the program, so nothing is looked up at run
// time. It is searched like the shared library (CGO_LDFLAGS, .native/, ../../target/release, system
// directories). The system libraries are those `rustc --print native-static-libs` lists for linux-gnu.

// #cgo LDFLAGS: -L${SRCDIR}/.native -L${SRCDIR}/../../target/release -l:libydrz.a
// #cgo LDFLAGS: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
import "C"
