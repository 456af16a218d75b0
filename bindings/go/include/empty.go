// Package include holds ydrz.h, the C header of libydrz, in the published module. This file only makes the
// directory a package, so that `go mod vendor` keeps it (see includebuild.go).
package include
