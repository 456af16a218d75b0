//go:build !ydrz_static

package ydrz

// Link-time search for the shared library (first match wins):
//  1. CGO_LDFLAGS from the environment (its -L and -Wl,-rpath come before these), e.g. an installed prefix;
//  2. .native/ next to this package, filled by native.sh with links to $YDRZ_LIB_DIR (including the
//     SONAME link libydrz.so.1, which cargo does not create);
//  3. ../../target/release, the in-repo cargo build;
//  4. the linker's default directories (/usr/local/lib, /usr/lib, ...).
// At run time the dynamic loader looks for libydrz.so.1 in LD_LIBRARY_PATH, then in the same two
// directories (RUNPATH), then in the system directories; README.md explains the error it prints.

// #cgo LDFLAGS: -L${SRCDIR}/.native -L${SRCDIR}/../../target/release
// #cgo LDFLAGS: -Wl,-rpath,${SRCDIR}/.native -Wl,-rpath,${SRCDIR}/../../target/release -lydrz
import "C"
