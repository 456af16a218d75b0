package ydrz

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// postExchange sends the request of ex with a plain net/http POST, as a user's own HTTP stack would.
func postExchange[R Login | Verification](t *testing.T, ex *Exchange[R]) (int, []byte) {
	t.Helper()
	req, err := ex.Request()
	if err != nil {
		t.Fatalf("Request: %v", err)
	}
	hreq, err := http.NewRequest(req.Method, req.URL, strings.NewReader(req.Body))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range req.Headers {
		hreq.Header.Add(h[0], h[1])
	}
	resp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		t.Fatalf("sending the exchange: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// TestExchangeOnekey: the request of a one-click login exchange is a POST of JSON carrying the token to the
// sandbox; finishing it with the answer gives the phone; finishing twice, NotSent after Finish, a bad status
// and a closed exchange are errors; the token stays reserved after Finish.
func TestExchangeOnekey(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, nil)
	tok := s.token(t, "onekey", phone(40), 0)
	ex, err := client.OnekeyBegin(tok.Token, tok.UserInformation, "")
	if err != nil {
		t.Fatalf("OnekeyBegin: %v", err)
	}
	defer ex.Close()
	req, err := ex.Request()
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != "POST" || !strings.HasPrefix(req.URL, s.BaseURL) || !strings.Contains(req.Body, tok.Token) ||
		req.TimeoutMs <= 0 || len(req.Headers) == 0 || !strings.EqualFold(req.Headers[0][0], "Content-Type") {
		t.Fatalf("request %+v", req)
	}
	if _, err := client.OnekeyBegin(tok.Token, tok.UserInformation, ""); !errors.Is(err, ErrTokenReused) {
		t.Fatalf("a second begin with a reserved token: %v, want ErrTokenReused", err)
	}
	if _, err := ex.Finish(99, nil); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("Finish(99): %v, want ErrInvalidArg", err)
	}
	status, body := postExchange(t, ex)
	login, err := ex.Finish(status, body)
	if err != nil || login.Phone != phone(40) || login.Details.ResultCode != "103000" || len(login.Details.JSON) == 0 {
		t.Fatalf("Finish = %v (right phone: %v, details %+v)", err, login.Phone == phone(40), login.Details)
	}
	if _, err := ex.Finish(status, body); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("a second Finish: %v, want ErrInvalidArg", err)
	}
	if err := ex.NotSent(); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("NotSent after Finish: %v, want ErrInvalidArg", err)
	}
	if again, err := ex.Request(); err != nil || again.Body != req.Body {
		t.Fatalf("Request after Finish: %v", err)
	}
	ex.Close()
	ex.Close()
	if _, err := ex.Request(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Request after Close: %v, want ErrClosed", err)
	}
	if _, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, ""); !errors.Is(err, ErrTokenReused) {
		t.Fatalf("validating a finished token: %v, want ErrTokenReused", err)
	}
	if n := s.requests(t, tok.Token); n != 1 {
		t.Fatalf("the sandbox saw %d requests with the token, want 1", n)
	}
	var nilExchange *Exchange[Login]
	if _, err := nilExchange.Request(); !errors.Is(err, ErrNullArg) {
		t.Fatalf("Request on a nil exchange: %v, want ErrNullArg", err)
	}
}

// TestExchangeKinds: the other three begins give exchanges whose answers finish into their results; an
// error answer gives the validation's error; NotSent releases the token for a new begin.
func TestExchangeKinds(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, nil)
	nv := s.token(t, "number_verify", phone(41), 0)
	vex, err := client.NumberVerifyBegin(nv.Token, nv.UserInformation, phone(41), "")
	if err != nil {
		t.Fatal(err)
	}
	defer vex.Close()
	if v, err := vex.Finish(postExchange(t, vex)); err != nil || !v.Match || v.Details.ResultCode != "000" {
		t.Fatalf("number verification exchange = %+v, %v", v, err)
	}

	app := s.token(t, "app_login", phone(42), 0)
	lex, err := client.AppLoginBegin(app.Token, "")
	if err != nil {
		t.Fatal(err)
	}
	defer lex.Close()
	if err := lex.NotSent(); err != nil {
		t.Fatalf("NotSent: %v", err)
	}
	if _, err := lex.Finish(200, []byte("{}")); !errors.Is(err, ErrInvalidArg) {
		t.Fatalf("Finish after NotSent: %v, want ErrInvalidArg", err)
	}
	again, err := client.AppLoginBegin(app.Token, "")
	if err != nil {
		t.Fatalf("begin after NotSent: %v (the token should be released)", err)
	}
	defer again.Close()
	if login, err := again.Finish(postExchange(t, again)); err != nil || login.Phone != phone(42) {
		t.Fatalf("App login exchange: %v", err)
	}

	an := s.token(t, "app_number", phone(43), 0)
	aex, err := client.AppNumberBegin(an.Token, phone(44), "")
	if err != nil {
		t.Fatal(err)
	}
	defer aex.Close()
	if v, err := aex.Finish(postExchange(t, aex)); err != nil || v.Match {
		t.Fatalf("App number exchange of another number = %+v, %v; want no match", v, err)
	}

	bad := s.token(t, "onekey", phone(45), 0)
	bex, err := client.OnekeyBegin(bad.Token, bad.UserInformation, "")
	if err != nil {
		t.Fatal(err)
	}
	defer bex.Close()
	_, err = bex.Finish(502, []byte("bad gateway"))
	wantStatus(t, err, StatusHTTP, ErrHTTP)
	_, err = client.OnekeyBegin("", bad.UserInformation, "")
	wantStatus(t, err, StatusInvalidArg, ErrInvalidArg)
}

// TestValidateContext: cancelling the context of a validation in flight returns at once with
// context.Canceled and keeps the token spent (a second call gives ErrTokenReused without a request); an
// expired deadline gives context.DeadlineExceeded; a context cancelled before sending releases the token.
func TestValidateContext(t *testing.T) {
	s := startSandbox(t)
	client := s.client(t, map[string]any{"timeout_ms": 10000})

	s.control(t, "/faults", map[string]any{"kind": "delay", "delay_ms": 3000}, nil)
	tok := s.token(t, "onekey", phone(47), 0)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err := client.OnekeyValidate(ctx, tok.Token, tok.UserInformation, "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled validation: %v, want context.Canceled", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("the cancelled validation returned after %v", elapsed)
	}
	_, err = client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	wantStatus(t, err, StatusTokenReused, ErrTokenReused)
	if n := s.requests(t, tok.Token); n != 1 {
		t.Fatalf("the sandbox saw %d requests with the cancelled token, want 1", n)
	}

	s.control(t, "/faults", map[string]any{"kind": "delay", "delay_ms": 3000}, nil)
	nv := s.token(t, "number_verify", phone(48), 0)
	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err = client.NumberVerify(ctx, nv.Token, nv.UserInformation, phone(48), "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("validation past its deadline: %v, want context.DeadlineExceeded", err)
	}
	_, err = client.NumberVerify(context.Background(), nv.Token, nv.UserInformation, phone(48), "")
	wantStatus(t, err, StatusTokenReused, ErrTokenReused)

	early := s.token(t, "app_login", phone(49), 0)
	done, cancelDone := context.WithCancel(context.Background())
	cancelDone()
	if _, err := client.AppLoginValidate(done, early.Token, ""); !errors.Is(err, context.Canceled) {
		t.Fatalf("validation with a cancelled context: %v, want context.Canceled", err)
	}
	if n := s.requests(t, early.Token); n != 0 {
		t.Fatalf("a cancelled context sent %d requests", n)
	}
	if login, err := client.AppLoginValidate(context.Background(), early.Token, ""); err != nil || login.Phone != phone(49) {
		t.Fatalf("the token of a request that never left should be usable again: %v", err)
	}
}

// TestValidateNoRedirect: a redirect is the answer (ErrHTTP), never followed, with the default client and
// with a supplied http.Client that would follow it.
func TestValidateNoRedirect(t *testing.T) {
	s := startSandbox(t)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.BaseURL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer redirector.Close()
	config := s.config(t, map[string]any{"base_url": redirector.URL})
	supplied := &http.Client{}
	for _, options := range [][]Option{nil, {WithHTTPClient(supplied)}, {WithHTTPClient(nil)}} {
		client, err := NewClient(config, options...)
		if err != nil {
			t.Fatal(err)
		}
		defer client.Close()
		tok := s.token(t, "onekey", phone(50), 0)
		_, err = client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
		wantStatus(t, err, StatusHTTP, ErrHTTP)
		if n := s.requests(t, tok.Token); n != 0 {
			t.Fatalf("the redirect was followed: the sandbox saw %d requests", n)
		}
	}
	if supplied.CheckRedirect != nil {
		t.Fatal("WithHTTPClient modified the supplied client")
	}
}

// TestValidateProxy: the configured proxy carries the validations of the default client.
func TestValidateProxy(t *testing.T) {
	s := startSandbox(t)
	target, err := url.Parse(s.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	var proxied atomic.Int32
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Host == "" { // a proxy receives the absolute URI
			http.Error(w, "not a proxy request", http.StatusBadRequest)
			return
		}
		proxied.Add(1)
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	client := s.client(t, map[string]any{"proxy": proxy.URL})
	tok := s.token(t, "onekey", phone(51), 0)
	login, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	if err != nil || login.Phone != phone(51) || proxied.Load() != 1 {
		t.Fatalf("validation through the proxy: %v (requests proxied: %d)", err, proxied.Load())
	}
}

// TestValidateBodyLimit: an answer over 1 MiB is refused with ErrProtocol.
func TestValidateBodyLimit(t *testing.T) {
	s := startSandbox(t)
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(bytes.Repeat([]byte(" "), 2<<20))
	}))
	defer huge.Close()
	client := s.client(t, map[string]any{"base_url": huge.URL})
	tok := s.token(t, "onekey", phone(52), 0)
	_, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
	wantStatus(t, err, StatusProtocol, ErrProtocol)
}
