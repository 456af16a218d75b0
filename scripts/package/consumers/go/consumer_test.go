package main

// A user's test of the Go module from dist/goproxy (run by scripts/package/package_test.py with `go test`): the
// sandbox starts from the executable the module carries, through its testing package, with no path given.

import (
	"strings"
	"testing"

	ydrztest "github.com/ydrz-dev/ydrz/bindings/go/testing"
)

func TestOneClickLoginAgainstTheCarriedSandbox(t *testing.T) {
	sandbox := ydrztest.Start(t)
	if !strings.HasPrefix(sandbox.BaseURL, "http://127.0.0.1:") {
		t.Fatalf("base URL %q", sandbox.BaseURL)
	}
	client := sandbox.Client(t, nil)
	token := sandbox.Token(t, "onekey", "13800138000")
	login, err := client.OnekeyValidate(t.Context(), token.Token, token.UserInformation, "")
	if err != nil || login.Phone != "13800138000" {
		t.Fatalf("validation: %v, %v", login, err)
	}
	if n, err := sandbox.Requests(token.Token); err != nil || n != 1 {
		t.Fatalf("the sandbox saw %d requests with the token (%v), want 1", n, err)
	}
}
