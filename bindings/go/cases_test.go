package ydrz

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// casesTable is tests/data/cases.json, the behaviour table every binding runs (docs/bindings.md).
type casesTable struct {
	Fixtures map[string]string `json:"fixtures"`
	Cases    []struct {
		Name   string            `json:"name"`
		Call   string            `json:"call"`
		Args   []json.RawMessage `json:"args"`
		Status string            `json:"status"`
	} `json:"cases"`
}

// placeholder is one typed argument of cases.json; a plain string or number is neither of these.
type placeholder struct {
	Null           bool    `json:"null"`
	InvalidUTF8Hex *string `json:"invalid_utf8_hex"`
	Repeat         *string `json:"repeat"`
	Times          int     `json:"times"`
	Closed         string  `json:"closed"`
}

// errSkip marks a case Go cannot express: NULL for a required text parameter (a Go string is never nil;
// "" is NULL only where the manifest marks the parameter nullable).
var errSkip = errors.New("not expressible in Go")

// caseCall runs one case's export through the Go API with the decoded arguments.
func caseCall(t *testing.T, call string, args []any) error {
	s := func(i int) string { return args[i].(string) }
	n := func(i int) int { return int(args[i].(float64)) }
	switch call {
	case "mask_phone":
		_, err := MaskPhone(s(0))
		return err
	case "decrypt_msisdn":
		_, err := DecryptMsisdn(s(0), s(1))
		return err
	case "private_key_load":
		k, err := LoadPrivateKey(s(0))
		if err == nil {
			k.Close()
		}
		return err
	case "public_key_load":
		k, err := LoadPublicKey(s(0))
		if err == nil {
			k.Close()
		}
		return err
	case "private_key_public_spki":
		_, err := args[0].(*PrivateKey).PublicSPKI()
		return err
	case "client_jssdk_params":
		_, err := args[0].(*Client).JssdkParams()
		return err
	case "client_stats":
		_, err := args[0].(*Client).Stats()
		return err
	case "client_presign_step":
		_, err := args[0].(*Client).PresignStep(s(1))
		return err
	case "client_presign_accept":
		_, err := args[0].(*Client).PresignAccept(s(1), s(2))
		return err
	case "client_new":
		c, err := NewClient(s(0))
		if err == nil {
			c.Close()
		}
		return err
	case "code_describe":
		_, err := CodeDescribe(s(0), s(1), s(2))
		return err
	case "jssdk_sign":
		_, err := JssdkSign(JssdkSignParams{AppID: s(0), AppKey: s(1), TraceID: s(2), Timestamp: s(3),
			Version: s(4), BusinessType: s(5), Encoding: Encoding(n(6))})
		return err
	case "key_generate":
		_, _, err := GenerateKeyPair(n(0))
		return err
	}
	t.Fatalf("cases.json calls %s, which this runner does not map", call)
	return nil
}

// closedHandle makes a handle of kind from the fixtures and closes it.
func closedHandle(t *testing.T, fixtures map[string]string, kind string) any {
	switch kind {
	case "private_key":
		k, err := LoadPrivateKey(fixtures["private_key"])
		must(t, err)
		k.Close()
		return k
	case "public_key":
		k, err := LoadPublicKey(fixtures["public_key"])
		must(t, err)
		k.Close()
		return k
	case "client":
		c, err := NewClient(fixtures["client_config"])
		must(t, err)
		c.Close()
		return c
	}
	t.Fatalf("unknown handle kind %q", kind)
	return nil
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// caseArg decodes one argument of a case; nullable is the manifest's word on its C parameter.
func caseArg(t *testing.T, fixtures map[string]string, raw json.RawMessage, nullable bool) (any, error) {
	var p placeholder
	if raw[0] != '{' {
		var v any
		must(t, json.Unmarshal(raw, &v))
		return v, nil
	}
	must(t, json.Unmarshal(raw, &p))
	switch {
	case p.Null && nullable:
		return "", nil // Go's "not given": the binding passes NULL
	case p.Null:
		return nil, errSkip
	case p.InvalidUTF8Hex != nil:
		b, err := hex.DecodeString(*p.InvalidUTF8Hex)
		must(t, err)
		return string(b), nil
	case p.Repeat != nil:
		return strings.Repeat(*p.Repeat, p.Times), nil
	case p.Closed != "":
		return closedHandle(t, fixtures, p.Closed), nil
	}
	t.Fatalf("unknown placeholder %s", raw)
	return nil, nil
}

// caseStatus is the table's status name for err: an *Error's status, and YDRZ_E_NULL_ARG for ErrClosed
// (Go's error for a closed handle, where C answers YDRZ_E_NULL_ARG).
func caseStatus(err error) string {
	var e *Error
	switch {
	case err == nil:
		return "YDRZ_OK"
	case errors.Is(err, ErrClosed):
		return "YDRZ_E_NULL_ARG"
	case errors.As(err, &e):
		return e.Status.String()
	}
	return "not a ydrz error: " + err.Error()
}

// nullableParams reads, per export, which input parameters include/ydrz.abi.json marks nullable.
func nullableParams(t *testing.T) map[string][]bool {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "include", "ydrz.abi.json"))
	must(t, err)
	var manifest struct {
		Functions []struct {
			Name   string `json:"name"`
			Params []struct {
				Direction string `json:"direction"`
				Nullable  bool   `json:"nullable"`
			} `json:"params"`
		} `json:"functions"`
	}
	must(t, json.Unmarshal(data, &manifest))
	out := map[string][]bool{}
	for _, f := range manifest.Functions {
		for _, p := range f.Params {
			if p.Direction == "in" {
				out[strings.TrimPrefix(f.Name, "ydrz_")] = append(out[strings.TrimPrefix(f.Name, "ydrz_")], p.Nullable)
			}
		}
	}
	return out
}

// TestCases runs every case of tests/data/cases.json and prints how many Go had to skip.
func TestCases(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "tests", "data", "cases.json"))
	must(t, err)
	var table casesTable
	must(t, json.Unmarshal(data, &table))
	nullable := nullableParams(t)
	skipped := 0
	for _, c := range table.Cases {
		t.Run(c.Name, func(t *testing.T) {
			args := make([]any, len(c.Args))
			for i, raw := range c.Args {
				if i >= len(nullable[c.Call]) {
					t.Fatalf("%s has %d arguments; the manifest lists %d inputs", c.Call, len(c.Args), len(nullable[c.Call]))
				}
				arg, err := caseArg(t, table.Fixtures, raw, nullable[c.Call][i])
				if errors.Is(err, errSkip) {
					skipped++
					t.Skipf("argument %d: NULL for a required parameter (docs/bindings.md, Go)", i)
				}
				args[i] = arg
			}
			if got := caseStatus(caseCall(t, c.Call, args)); got != c.Status {
				t.Errorf("%s: got %s, want %s", c.Name, got, c.Status)
			}
		})
	}
	t.Logf("cases.json: %d cases, %d skipped (NULL for a required parameter)", len(table.Cases), skipped)
}
