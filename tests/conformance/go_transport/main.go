// Command go_transport is the conformance suite's Go transport: one validation with the Go binding, sent with
// its default net/http client. Usage: go_transport INTERFACE CONFIG_FILE TOKEN USER_INFORMATION PHONE
// (see tests/conformance/README.md). It prints the result JSON and exits 0, or exits 1 with the error.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "go_transport:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 5 {
		return fmt.Errorf("usage: go_transport INTERFACE CONFIG_FILE TOKEN USER_INFORMATION PHONE")
	}
	iface, token, info, phone := args[0], args[2], args[3], args[4]
	config, err := os.ReadFile(args[1])
	if err != nil {
		return err
	}
	client, err := ydrz.NewClient(string(config))
	if err != nil {
		return err
	}
	defer client.Close()
	ctx := context.Background()
	var result any
	switch iface {
	case "onekey":
		result, err = loginResult(client.OnekeyValidate(ctx, token, info, ""))
	case "app_login":
		result, err = loginResult(client.AppLoginValidate(ctx, token, ""))
	case "number_verify":
		result, err = verificationResult(client.NumberVerify(ctx, token, info, phone, ""))
	case "app_number":
		result, err = verificationResult(client.AppNumberVerify(ctx, token, phone, ""))
	default:
		return fmt.Errorf("unknown interface %q", iface)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(result)
}

func loginResult(login ydrz.Login, err error) (any, error) {
	return map[string]any{"phone": login.Phone, "details": login.Details.JSON}, err
}

func verificationResult(v ydrz.Verification, err error) (any, error) {
	return map[string]any{"matched": v.Match, "details": v.Details.JSON}, err
}
