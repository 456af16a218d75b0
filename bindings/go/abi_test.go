package ydrz

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sentByNetHTTP are the blocking validations of the C ABI, which send with the library's own HTTP client: the
// binding sends the same exchanges (ydrz_client_*_begin) with net/http instead, so that a context cancels them.
var sentByNetHTTP = map[string]bool{
	"ydrz_client_onekey_validate":    true,
	"ydrz_client_number_verify":      true,
	"ydrz_client_app_login_validate": true,
	"ydrz_client_app_number_verify":  true,
}

// TestEveryCFunctionIsBound checks that each function declared in include/ydrz.h (but the test-only
// ydrz_test_panic and the blocking validations, see sentByNetHTTP) is called by the package, so that a
// function added to the C ABI is not forgotten.
func TestEveryCFunctionIsBound(t *testing.T) {
	header, err := os.ReadFile(filepath.Join(repoRoot(t), "include", "ydrz.h"))
	if err != nil {
		t.Fatal(err)
	}
	declared := regexp.MustCompile(`(?m)^\S.*\b(ydrz_[a-z0-9_]+)\(`).FindAllSubmatch(header, -1)
	sources, err := filepath.Glob(filepath.Join(repoRoot(t), "bindings", "go", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var code strings.Builder
	for _, path := range sources {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		code.Write(data)
	}
	if len(declared) < 30 {
		t.Fatalf("found only %d declarations in ydrz.h", len(declared))
	}
	for _, m := range declared {
		name := string(m[1])
		if name == "ydrz_test_panic" || sentByNetHTTP[name] {
			continue
		}
		if !strings.Contains(code.String(), "C."+name+"(") {
			t.Errorf("%s is declared in ydrz.h but not called by the Go binding", name)
		}
	}
}
