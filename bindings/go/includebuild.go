//go:build includebuild

package ydrz

// The directories holding the header and the static libraries are not imported by any code, so `go mod
// vendor` would leave them out; these imports, behind a build tag nobody sets, make it copy them.
import (
	_ "github.com/ydrz-dev/ydrz/bindings/go/include"
	_ "github.com/ydrz-dev/ydrz/bindings/go/lib/linux-aarch64"
	_ "github.com/ydrz-dev/ydrz/bindings/go/lib/linux-musl-aarch64"
	_ "github.com/ydrz-dev/ydrz/bindings/go/lib/linux-musl-x86_64"
	_ "github.com/ydrz-dev/ydrz/bindings/go/lib/linux-x86_64"
	_ "github.com/ydrz-dev/ydrz/bindings/go/lib/macos-aarch64"
	_ "github.com/ydrz-dev/ydrz/bindings/go/lib/macos-x86_64"
	_ "github.com/ydrz-dev/ydrz/bindings/go/lib/windows-x86_64"
)
