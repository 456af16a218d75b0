// Package lib holds libydrz.a for macos-x86_64 in the published module. This file only makes the directory a
// package, so that `go mod vendor` keeps it (see includebuild.go).
package lib
