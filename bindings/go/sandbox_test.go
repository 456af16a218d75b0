package ydrz

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ydrz-dev/ydrz/bindings/go/internal/sandboxproc"
)

// sandbox is a `ydrz sandbox` process started by a test; it stops when the test ends.
type sandbox struct {
	BaseURL      string          `json:"base_url"`
	ControlURL   string          `json:"control_url"`
	Apps         []sandboxApp    `json:"apps"`
	ClientConfig json.RawMessage `json:"client_config"`
}

type sandboxApp struct {
	Name               string `json:"name"`
	AppID              string `json:"app_id"`
	AppKey             string `json:"app_key"`
	CustomerPrivateKey string `json:"customer_private_key"`
	CustomerPublicKey  string `json:"customer_public_key"`
}

// sandboxBin is $YDRZ_BIN, else <repo>/target/release/ydrz.
func sandboxBin(t testing.TB) string {
	if bin := os.Getenv("YDRZ_BIN"); bin != "" {
		return bin
	}
	return filepath.Join(repoRoot(t), "target", "release", "ydrz")
}

// startSandbox spawns the sandbox on a free port and reads its one line of JSON. The process exits when
// its stdin closes, which the test's cleanup does.
func startSandbox(t testing.TB) *sandbox {
	t.Helper()
	bin := sandboxBin(t)
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("the sandbox binary %s is missing (set YDRZ_BIN or run cargo build --release --bin ydrz): %v", bin, err)
	}
	process, err := sandboxproc.Start(bin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := process.Stop(); err != nil {
			t.Error(err)
		}
	})
	line := process.Info
	var s sandbox
	if err := json.Unmarshal(line, &s); err != nil || s.BaseURL == "" || len(s.Apps) == 0 {
		t.Fatalf("the sandbox's first line is not the documented JSON (%v): %.200s", err, line)
	}
	return &s
}

// app returns the sandbox app called name.
func (s *sandbox) app(t testing.TB, name string) sandboxApp {
	t.Helper()
	for _, a := range s.Apps {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("the sandbox has no app %q", name)
	return sandboxApp{}
}

// control calls a control endpoint (POST with a JSON body, or GET when body is nil) and decodes the answer.
func (s *sandbox) control(t testing.TB, path string, body any, into any) {
	t.Helper()
	var resp *http.Response
	var err error
	if body == nil {
		resp, err = http.Get(s.ControlURL + path)
	} else {
		data, merr := json.Marshal(body)
		if merr != nil {
			t.Fatal(merr)
		}
		resp, err = http.Post(s.ControlURL+path, "application/json", bytes.NewReader(data))
	}
	if err != nil {
		t.Fatalf("sandbox %s: %v", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("sandbox %s: HTTP %d %v: %s", path, resp.StatusCode, err, data)
	}
	if into != nil {
		if err := json.Unmarshal(data, into); err != nil {
			t.Fatalf("sandbox %s answered %s: %v", path, data, err)
		}
	}
}

// sandboxToken is a token as the SDK or jssdk would obtain it on the user's phone.
type sandboxToken struct {
	Token           string `json:"token"`
	UserInformation string `json:"userInformation"`
}

// token issues a token of product for phone in the demo app; ttlMs 0 keeps the sandbox's default.
func (s *sandbox) token(t testing.TB, product, phone string, ttlMs int) sandboxToken {
	t.Helper()
	req := map[string]any{"app_id": s.app(t, "demo").AppID, "phone": phone, "product": product}
	if ttlMs > 0 {
		req["ttl_ms"] = ttlMs
	}
	var tok sandboxToken
	s.control(t, "/token", req, &tok)
	if tok.Token == "" {
		t.Fatalf("the sandbox issued an empty %s token", product)
	}
	return tok
}

// requests returns how many interface requests named token.
func (s *sandbox) requests(t testing.TB, token string) int {
	t.Helper()
	var stats struct {
		Requests *int `json:"requests"`
	}
	s.control(t, "/stats?token="+url.QueryEscape(token), nil, &stats)
	if stats.Requests == nil {
		t.Fatal("the sandbox stats have no requests count")
	}
	return *stats.Requests
}

// config returns the sandbox's client configuration with the given keys replaced (a nil value removes the key).
func (s *sandbox) config(t testing.TB, changes map[string]any) string {
	t.Helper()
	var config map[string]any
	if err := json.Unmarshal(s.ClientConfig, &config); err != nil {
		t.Fatalf("client_config: %v", err)
	}
	for k, v := range changes {
		if v == nil {
			delete(config, k)
		} else {
			config[k] = v
		}
	}
	data, err := json.Marshal(config)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// client creates a client for the sandbox, closed when the test ends.
func (s *sandbox) client(t testing.TB, changes map[string]any) *Client {
	t.Helper()
	c, err := NewClient(s.config(t, changes))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// phone returns the n-th of a series of fake test numbers.
func phone(n int) string {
	return fmt.Sprintf("1380013%04d", n)
}

func wantPlatformCode(t *testing.T, err error, code string) {
	t.Helper()
	if e := wantStatus(t, err, StatusPlatform, ErrPlatform); e.PlatformCode != code {
		t.Fatalf("platform code %q, want %q (%s)", e.PlatformCode, code, e.Message)
	}
}

// TestSandboxOnekeyLogin: one-click login returns the phone; the same token twice is refused by the client
// without a second request; an expired token gives 104007.
func TestSandboxOnekeyLogin(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, nil)
	tok := s.token(t, "onekey", phone(1), 0)
	login, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	if err != nil {
		t.Fatalf("OnekeyValidate: %v", err)
	}
	if login.Phone != phone(1) {
		t.Fatalf("OnekeyValidate returned another phone than the token's")
	}
	d := login.Details
	if d.ResultCode != "103000" || d.HTTPStatus != 200 || len(d.Response) == 0 || d.SecurityPhone == phone(1) {
		t.Fatalf("details %+v", d)
	}
	var whole map[string]any
	if err := json.Unmarshal(d.JSON, &whole); err != nil || whole["traceId"] == "" || whole["traceId"] == nil {
		t.Fatalf("details JSON %s: %v", d.JSON, err)
	}

	_, err = client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	wantStatus(t, err, StatusTokenReused, ErrTokenReused)
	if n := s.requests(t, tok.Token); n != 1 {
		t.Fatalf("the sandbox saw %d requests with the token, want 1", n)
	}

	expired := s.token(t, "onekey", phone(2), 1)
	time.Sleep(50 * time.Millisecond)
	_, err = client.OnekeyValidate(context.Background(), expired.Token, expired.UserInformation, "")
	wantPlatformCode(t, err, "104007")
}

// TestSandboxReconfigure: a reconfigured client keeps its ledger, refuses another app_id, and its stats add up
// to the calls made.
func TestSandboxReconfigure(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, map[string]any{"app_key": "0000000000000000"})
	tok := s.token(t, "onekey", phone(5), 0)
	_, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	wantStatus(t, err, StatusCrypto, ErrCrypto)
	if err := client.Reconfigure(s.config(t, nil)); err != nil {
		t.Fatalf("Reconfigure: %v", err)
	}
	fresh := s.token(t, "onekey", phone(5), 0)
	if _, err := client.OnekeyValidate(context.Background(), fresh.Token, fresh.UserInformation, ""); err != nil {
		t.Fatalf("OnekeyValidate after Reconfigure: %v", err)
	}
	_, err = client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	wantStatus(t, err, StatusTokenReused, ErrTokenReused)
	if n := s.requests(t, tok.Token); n != 1 {
		t.Fatalf("the sandbox saw %d requests with the token, want 1", n)
	}
	err = client.Reconfigure(s.config(t, map[string]any{"app_id": "300099999999"}))
	wantStatus(t, err, StatusInvalidArg, ErrInvalidArg)
	stats, err := client.Stats()
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	o := stats["onekey"]
	latency := uint64(0)
	for _, n := range o.LatencyMs.Counts {
		latency += n
	}
	if o.Calls != 3 || o.Success != 1 || o.Other != 1 || o.TokenReused != 1 || latency != 2 || stats["app_login"].Calls != 0 {
		t.Fatalf("stats %+v", stats)
	}
}

// TestSandboxWrongKey: a client signing with a key that is not the registered one gets 104013 (one-click
// login) and 130018 (number verification).
func TestSandboxWrongKey(t *testing.T) {
	s := startSandbox(t)
	fresh, _, err := GenerateKeyPair(1024)
	if err != nil {
		t.Fatal(err)
	}
	client := s.client(t, map[string]any{"private_key": fresh})
	tok := s.token(t, "onekey", phone(3), 0)
	_, err = client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	wantPlatformCode(t, err, "104013")
	nv := s.token(t, "number_verify", phone(3), 0)
	_, err = client.NumberVerify(context.Background(), nv.Token, nv.UserInformation, phone(3), "")
	wantPlatformCode(t, err, "130018")
}

// TestSandboxNumberVerify: the token's own number matches, another does not; the daily limit gives 121011.
func TestSandboxNumberVerify(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, nil)
	own := s.token(t, "number_verify", phone(4), 0)
	v, err := client.NumberVerify(context.Background(), own.Token, own.UserInformation, phone(4), "")
	if err != nil || !v.Match || v.Details.ResultCode != "000" {
		t.Fatalf("NumberVerify of the own number = %+v, %v; want a match", v, err)
	}
	other := s.token(t, "number_verify", phone(5), 0)
	v, err = client.NumberVerify(context.Background(), other.Token, other.UserInformation, phone(6), "")
	if err != nil || v.Match || v.Details.ResultCode != "001" {
		t.Fatalf("NumberVerify of another number = %+v, %v; want no match", v, err)
	}

	s.control(t, "/apps", map[string]any{"app_id": s.app(t, "demo").AppID, "daily_limit": 1}, nil)
	first := s.token(t, "number_verify", phone(7), 0)
	if _, err := client.NumberVerify(context.Background(), first.Token, first.UserInformation, phone(7), ""); err != nil {
		t.Fatalf("NumberVerify within the daily limit: %v", err)
	}
	second := s.token(t, "number_verify", phone(7), 0)
	_, err = client.NumberVerify(context.Background(), second.Token, second.UserInformation, phone(7), "")
	wantPlatformCode(t, err, "121011")
}

// TestSandboxApp: App one-click login returns the phone; App number verification matches the own number.
func TestSandboxApp(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, nil)
	tok := s.token(t, "app_login", phone(8), 0)
	login, err := client.AppLoginValidate(context.Background(), tok.Token, "")
	if err != nil || login.Phone != phone(8) || login.Details.ResultCode != "103000" {
		t.Fatalf("AppLoginValidate = %v (same phone: %v, code %q)", err, login.Phone == phone(8), login.Details.ResultCode)
	}
	_, err = client.AppLoginValidate(context.Background(), tok.Token, "")
	wantStatus(t, err, StatusTokenReused, ErrTokenReused)

	own := s.token(t, "app_number", phone(9), 0)
	if v, err := client.AppNumberVerify(context.Background(), own.Token, phone(9), ""); err != nil || !v.Match {
		t.Fatalf("AppNumberVerify of the own number = %+v, %v; want a match", v, err)
	}
	other := s.token(t, "app_number", phone(10), 0)
	if v, err := client.AppNumberVerify(context.Background(), other.Token, phone(11), ""); err != nil || v.Match {
		t.Fatalf("AppNumberVerify of another number = %+v, %v; want no match", v, err)
	}
}

// TestSandboxTransportErrors: connection refused (which releases the token), a timeout, an HTTP error and
// malformed JSON give their statuses.
func TestSandboxTransportErrors(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, map[string]any{"timeout_ms": 300})
	cases := []struct {
		fault    map[string]any
		status   Status
		sentinel error
	}{
		{map[string]any{"kind": "delay", "delay_ms": 2000}, StatusTimeout, ErrTimeout},
		{map[string]any{"kind": "http_status", "status": 502}, StatusHTTP, ErrHTTP},
		{map[string]any{"kind": "malformed_json"}, StatusProtocol, ErrProtocol},
		{map[string]any{"kind": "reset"}, StatusNetwork, ErrNetwork},
	}
	for i, c := range cases {
		s.control(t, "/faults", c.fault, nil)
		tok := s.token(t, "onekey", phone(20+i), 0)
		_, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
		wantStatus(t, err, c.status, c.sentinel)
	}

	// A loopback port that was free a moment ago: connection refused. The token never left, so it is released
	// and the second try is refused again rather than given ErrTokenReused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	unreachable := s.client(t, map[string]any{"base_url": "http://" + l.Addr().String()})
	tok := s.token(t, "onekey", phone(30), 0)
	for range 2 {
		_, err = unreachable.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
		wantStatus(t, err, StatusNetwork, ErrNetwork)
	}
}

// TestSandboxConcurrency shares one client and one key handle between goroutines: every goroutine gets the
// phone of each of its tokens and the same signature as every other.
func TestSandboxConcurrency(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, nil)
	key := privateKey(t, s.app(t, "demo").CustomerPrivateKey)
	const goroutines, perGoroutine = 8, 6
	tokens := make([][]sandboxToken, goroutines)
	for g := range tokens {
		for i := range perGoroutine {
			tokens[g] = append(tokens[g], s.token(t, "onekey", phone(100+g*perGoroutine+i), 0))
		}
	}
	want, err := TokenValidateSign(key, "300012345678", "trace", "20240131235959123", "token", "2.0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, tok := range tokens[g] {
				login, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
				if err != nil || login.Phone != phone(100+g*perGoroutine+i) {
					t.Errorf("goroutine %d token %d: %v (right phone: %v)", g, i, err, login.Phone == phone(100+g*perGoroutine+i))
				}
				sig, err := TokenValidateSign(key, "300012345678", "trace", "20240131235959123", "token", "2.0")
				if err != nil || sig != want {
					t.Errorf("goroutine %d: TokenValidateSign differs: %v", g, err)
				}
			}
		}()
	}
	wg.Wait()
	for g := range tokens {
		for _, tok := range tokens[g] {
			if n := s.requests(t, tok.Token); n != 1 {
				t.Fatalf("the sandbox saw %d requests with one token, want 1", n)
			}
		}
	}
}
