package ydrz

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// abiManifest is the part of include/ydrz.abi.json (generated with the header from src/ffi) the checks read.
type abiManifest struct {
	Functions []struct {
		Name string `json:"name"`
	} `json:"functions"`
	Statuses  []abiConstant `json:"statuses"`
	Constants []abiConstant `json:"constants"`
}

type abiConstant struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

func readManifest(t *testing.T) abiManifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "include", "ydrz.abi.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m abiManifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Functions) == 0 || len(m.Statuses) == 0 {
		t.Fatal("the manifest lists no functions or no statuses")
	}
	return m
}

// bindingSource is the Go binding's code without its tests.
func bindingSource(t *testing.T) string {
	t.Helper()
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
	return code.String()
}

// sentByNetHTTP are the blocking validations of the C ABI, which send with the library's own HTTP client: the
// binding sends the same exchanges (ydrz_client_*_begin) with net/http instead, so that a context cancels them.
var sentByNetHTTP = map[string]bool{
	"ydrz_client_onekey_validate":    true,
	"ydrz_client_number_verify":      true,
	"ydrz_client_app_login_validate": true,
	"ydrz_client_app_number_verify":  true,
}

// TestEveryCFunctionIsBound checks that each function of the ABI manifest (but the blocking validations, see
// sentByNetHTTP) is called by the package, so that a function added to the C ABI is not forgotten.
func TestEveryCFunctionIsBound(t *testing.T) {
	code := bindingSource(t)
	for _, f := range readManifest(t).Functions {
		if !sentByNetHTTP[f.Name] && !strings.Contains(code, "C."+f.Name+"(") {
			t.Errorf("%s is in the ABI manifest but not called by the Go binding", f.Name)
		}
	}
}

// TestEveryStatusAndConstantIsBound checks that each status and constant of the ABI manifest has a Go
// constant taken from the header (`C.YDRZ_*`), so a status added in Rust fails here until Go names it. The
// ABI version is the package's own abiVersion (the version it was written for), equal to the manifest's.
func TestEveryStatusAndConstantIsBound(t *testing.T) {
	code := bindingSource(t)
	m := readManifest(t)
	for _, c := range append(m.Statuses, m.Constants...) {
		if c.Name == "YDRZ_ABI_VERSION" {
			if c.Value != abiVersion {
				t.Errorf("abiVersion is %d, the manifest's YDRZ_ABI_VERSION %d", abiVersion, c.Value)
			}
		} else if !strings.Contains(code, "C."+c.Name) {
			t.Errorf("%s is in the ABI manifest but has no Go constant", c.Name)
		}
	}
}
