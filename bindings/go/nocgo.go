//go:build !cgo

package ydrz

// This package calls libydrz through cgo, so without cgo (CGO_ENABLED=0, or a cross build without a C cross
// compiler) none of it can be built. This file is compiled only then, and turns Go's "build constraints exclude
// all Go files" into an error that names the cause.
const _ = ydrz_requires_cgo__build_with_CGO_ENABLED_1_and_a_C_compiler_see_README
