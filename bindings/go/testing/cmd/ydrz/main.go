// Command ydrz runs the ydrz executable the module carries (the CLI and the sandbox) with the same
// arguments: go run github.com/ydrz-dev/ydrz/bindings/go/testing/cmd/ydrz sandbox
package main

import (
	"fmt"
	"os"
	"syscall"

	ydrztest "github.com/ydrz-dev/ydrz/bindings/go/testing"
)

func main() {
	executable, err := ydrztest.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	args := append([]string{executable}, os.Args[1:]...)
	if err := syscall.Exec(executable, args, os.Environ()); err != nil {
		fmt.Fprintf(os.Stderr, "ydrz: %s: %v\n", executable, err)
		os.Exit(1)
	}
}
