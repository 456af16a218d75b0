// Command musl_consumer is the Go program of scripts/dist/platform_test.sh, built from the released module with
// a musl C compiler (-tags ydrz_musl, linked statically): it prints the jssdk sign of examples/minimal.c's
// inputs, then validates a one-click token against the sandbox.
//
// Usage: consumer <client config JSON> <token> <userInformation>
package main

import (
	"fmt"
	"os"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: consumer <client config JSON> <token> <userInformation>")
		os.Exit(2)
	}
	sign, err := ydrz.JssdkSign(ydrz.JssdkSignParams{
		AppID: "300012345678", AppKey: "5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C",
		TraceID: "7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37", Timestamp: "20240131235959123",
		Version: "2.0", BusinessType: "8", Encoding: ydrz.EncodingHexUpper,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "jssdk sign:", err)
		os.Exit(1)
	}
	fmt.Println("jssdk sign:", sign)
	client, err := ydrz.NewClient(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
	defer client.Close()
	login, err := client.OnekeyValidate(os.Args[2], os.Args[3], "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "validate:", err)
		os.Exit(1)
	}
	fmt.Println("validated:", login.Phone)
}
