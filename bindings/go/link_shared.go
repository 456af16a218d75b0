//go:build ydrz_shared

package ydrz

// With -tags ydrz_shared the program links the shared library libydrz.so installed on the system (or in a
// directory given by CGO_LDFLAGS=-L..., e.g. `$(pkg-config --libs ydrz)`) instead of the bundled libydrz.a.
// The dynamic loader then finds libydrz.so.1 at run time in its usual places (LD_LIBRARY_PATH, the system
// directories, or an -rpath the program's own build sets); this package sets no RUNPATH.

// #cgo LDFLAGS: -lydrz
import "C"
