// Package testing runs the sandbox — `ydrz sandbox`, a local imitation of China Mobile's authentication
// platform — for a program's own tests, from the ydrz executable the published module carries (no path to
// give, no Rust toolchain):
//
//	import ydrztest "github.com/ydrz-dev/ydrz/bindings/go/testing"
//
//	func TestLogin(t *testing.T) {
//		sandbox := ydrztest.Start(t)      // stopped when the test ends
//		client := sandbox.Client(t, nil)  // a *ydrz.Client for the sandbox's demo app, closed when the test ends
//		token := sandbox.Token(t, "onekey", "13800138000")
//		login, err := client.OnekeyValidate(t.Context(), token.Token, token.UserInformation, "")
//		...
//	}
//
// From the shell: go run github.com/ydrz-dev/ydrz/bindings/go/testing/cmd/ydrz sandbox
package testing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	stdtesting "testing"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
	"github.com/ydrz-dev/ydrz/bindings/go/internal/sandboxproc"
)

// Sandbox is a running sandbox process: its info line and its control endpoints.
type Sandbox struct {
	BaseURL      string          `json:"base_url"`
	ControlURL   string          `json:"control_url"`
	Apps         []App           `json:"apps"`
	ClientConfig json.RawMessage `json:"client_config"`
}

// App is one of the sandbox's registered apps ("demo" is the one ClientConfig is for).
type App struct {
	Name   string `json:"name"`
	AppID  string `json:"app_id"`
	AppKey string `json:"app_key"`
}

// Token is a token as the SDK or jssdk would obtain it on the user's phone.
type Token struct {
	Token           string `json:"token"`
	UserInformation string `json:"userInformation"`
}

// Start runs the module's own ydrz executable (Executable) as a sandbox on a free port of 127.0.0.1; the
// sandbox stops when tb's test ends. options are extra `ydrz sandbox` flags (e.g. "--daily-limit", "3").
func Start(tb stdtesting.TB, options ...string) *Sandbox {
	tb.Helper()
	executable, err := Executable()
	if err != nil {
		tb.Fatal(err)
	}
	return StartExecutable(tb, executable, options...)
}

// StartExecutable is Start with another ydrz executable (e.g. target/release/ydrz of a build).
func StartExecutable(tb stdtesting.TB, executable string, options ...string) *Sandbox {
	tb.Helper()
	process, err := sandboxproc.Start(executable, options...)
	if err != nil {
		tb.Fatalf("ydrz/testing: %v", err)
	}
	tb.Cleanup(func() {
		if err := process.Stop(); err != nil {
			tb.Errorf("ydrz/testing: %v", err)
		}
	})
	var s Sandbox
	if err := json.Unmarshal(process.Info, &s); err != nil || s.BaseURL == "" {
		tb.Fatalf("ydrz/testing: the sandbox's info line is not its documented JSON (%v): %.200s", err, process.Info)
	}
	return &s
}

// Demo returns the sandbox's demo app.
func (s *Sandbox) Demo() App {
	for _, app := range s.Apps {
		if app.Name == "demo" {
			return app
		}
	}
	return App{}
}

// Control POSTs body as JSON (or GETs when it is nil) to the control endpoint path and decodes the answer
// into into (unless nil).
func (s *Sandbox) Control(path string, body, into any) error {
	var resp *http.Response
	var err error
	if body == nil {
		resp, err = http.Get(s.ControlURL + path)
	} else {
		data, merr := json.Marshal(body)
		if merr != nil {
			return merr
		}
		resp, err = http.Post(s.ControlURL+path, "application/json", bytes.NewReader(data))
	}
	if err != nil {
		return fmt.Errorf("sandbox %s: %w", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("sandbox %s: HTTP %d %v: %s", path, resp.StatusCode, err, data)
	}
	if into == nil {
		return nil
	}
	return json.Unmarshal(data, into)
}

// Token issues a fresh token of the demo app for product (onekey, number_verify, app_login, app_number) and
// phone; a failure fails the test.
func (s *Sandbox) Token(tb stdtesting.TB, product, phone string) Token {
	tb.Helper()
	var token Token
	request := map[string]any{"app_id": s.Demo().AppID, "phone": phone, "product": product}
	if err := s.Control("/token", request, &token); err != nil || token.Token == "" {
		tb.Fatalf("ydrz/testing: issuing a %s token: %v", product, err)
	}
	return token
}

// Requests returns how many interface requests carried token.
func (s *Sandbox) Requests(token string) (int, error) {
	var stats struct {
		Requests int `json:"requests"`
	}
	err := s.Control("/stats?token="+url.QueryEscape(token), nil, &stats)
	return stats.Requests, err
}

// Config returns the client configuration of the demo app as JSON, with the given keys replaced.
func (s *Sandbox) Config(changes map[string]any) (string, error) {
	var config map[string]any
	if err := json.Unmarshal(s.ClientConfig, &config); err != nil {
		return "", err
	}
	for k, v := range changes {
		config[k] = v
	}
	data, err := json.Marshal(config)
	return string(data), err
}

// Client returns a client for the demo app (changes replace configuration keys), closed when tb's test ends.
func (s *Sandbox) Client(tb stdtesting.TB, changes map[string]any) *ydrz.Client {
	tb.Helper()
	config, err := s.Config(changes)
	if err != nil {
		tb.Fatal(err)
	}
	client, err := ydrz.NewClient(config)
	if err != nil {
		tb.Fatalf("ydrz/testing: NewClient: %v", err)
	}
	tb.Cleanup(client.Close)
	return client
}
