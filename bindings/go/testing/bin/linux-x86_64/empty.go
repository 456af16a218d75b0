// Package bin holds the ydrz executable for linux/x86_64 in the published module. This file only makes the
// directory a package, so that `go mod vendor` keeps it (see vendorbuild.go).
package bin
