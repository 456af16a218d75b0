// Command consumer is a user's program for the Go module served by dist/goproxy (built by
// scripts/package/consumer_test.py in a fresh module outside the repository, with no CGO flags): checks the
// version, a jssdk sign against its test vector, and a one-click validation against a running sandbox.
//
// Arguments: VERSION APP_ID APP_KEY TRACE_ID TIMESTAMP SIGN_VERSION BUSINESS_TYPE EXPECTED_SIGN
// CLIENT_CONFIG_JSON TOKEN USER_INFORMATION PHONE
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
)

func check(what, got, expected string) {
	if got != expected {
		log.Fatalf("FAIL %s: got %q, expected %q", what, got, expected)
	}
	fmt.Println("ok", what)
}

func main() {
	a := os.Args[1:]
	if len(a) != 12 {
		log.Fatalf("want 12 arguments, got %d", len(a))
	}
	check("library version", ydrz.Version(), a[0])
	sign, err := ydrz.JssdkSign(ydrz.JssdkSignParams{AppID: a[1], AppKey: a[2], TraceID: a[3], Timestamp: a[4],
		Version: a[5], BusinessType: a[6], Encoding: ydrz.EncodingHexUpper})
	if err != nil {
		log.Fatal(err)
	}
	check("jssdk sign", sign, a[7])
	client, err := ydrz.NewClient(a[8])
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	login, err := client.OnekeyValidate(context.Background(), a[9], a[10], "")
	if err != nil {
		log.Fatal(err)
	}
	check("one-click validation", login.Phone, a[11])
}
