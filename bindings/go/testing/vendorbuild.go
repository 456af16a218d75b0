//go:build includebuild

package testing

// The directories holding the ydrz executables are not imported by any code, so `go mod vendor` would leave
// them out; these imports, behind a build tag nobody sets, make it copy them.
import (
	_ "github.com/ydrz-dev/ydrz/bindings/go/testing/bin/linux-aarch64"
	_ "github.com/ydrz-dev/ydrz/bindings/go/testing/bin/linux-x86_64"
)
