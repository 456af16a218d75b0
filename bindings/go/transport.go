package ydrz

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// maxResponseBody is the most of an answer that is read: ydrz_exchange_finish refuses more than 1 MiB, so
// one byte over it is enough to get that error.
const maxResponseBody = 1 << 20

// Option configures a Client created by NewClient.
type Option func(*Client)

// WithHTTPClient makes the client send its validations with hc (its transport, proxy, connection pool,
// tracing, mTLS) instead of the default one. Redirects are never followed, whatever hc.CheckRedirect says
// (a redirect would carry the token elsewhere); hc is not modified. A nil hc keeps the default client.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc == nil {
			return
		}
		own := *hc
		own.CheckRedirect = noRedirect
		c.http = &own
	}
}

// noRedirect makes an http.Client return a redirect as the answer instead of following it.
func noRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}

// transportConfig holds the configuration keys the default HTTP client follows; NewClient has checked them.
type transportConfig struct {
	ConnectTimeoutMs int64  `json:"connect_timeout_ms"`
	Proxy            string `json:"proxy"`
	CACertPEM        string `json:"ca_cert_pem"`
}

// defaultHTTPClient is the HTTP client of a client created without WithHTTPClient: keep-alive, the
// configured connect timeout (5 s by default), the configured proxy and nothing else (no proxy from the
// environment), TLS verified against the system roots plus the configured ca_cert_pem, no redirects.
// The whole-request timeout is timeout_ms, which every request carries.
func defaultHTTPClient(configJSON string) (*http.Client, error) {
	config := transportConfig{ConnectTimeoutMs: 5000}
	if err := json.Unmarshal([]byte(configJSON), &config); err != nil {
		return nil, &Error{Status: StatusInvalidArg, Message: "config_json: " + err.Error()}
	}
	connect := time.Duration(config.ConnectTimeoutMs) * time.Millisecond
	dialer := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		DialContext:         dialer.DialContext,
		TLSClientConfig:     &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout: connect,
		MaxIdleConnsPerHost: 100,
		IdleConnTimeout:     90 * time.Second,
	}
	if config.Proxy != "" {
		proxy, err := url.Parse(config.Proxy)
		if err != nil {
			return nil, &Error{Status: StatusInvalidArg, Message: "config proxy is not a valid proxy URL"}
		}
		transport.Proxy = http.ProxyURL(proxy)
	}
	if config.CACertPEM != "" {
		roots, err := x509.SystemCertPool()
		if err != nil {
			roots = x509.NewCertPool()
		}
		if !roots.AppendCertsFromPEM([]byte(config.CACertPEM)) {
			return nil, &Error{Status: StatusInvalidArg, Message: "config ca_cert_pem holds no valid CERTIFICATE block"}
		}
		transport.TLSClientConfig.RootCAs = roots
	}
	return &http.Client{Transport: transport, CheckRedirect: noRedirect}, nil
}

// send has signer answer what ex waits for (see Exchange.ProvideWith), sends the request of ex with hc,
// finishes ex with the answer (and has signer decrypt it when it is encrypted for signer's key), then frees ex. A request that failed before a connection was obtained (refused, DNS, TLS handshake, proxy, or cancelled before that) never left,
// so its token is released (NotSent); after that point a failure keeps the token reserved, since the
// request may have been delivered. A cancelled or expired ctx gives an error wrapping ctx.Err(); the request's
// own timeout_ms gives ErrTimeout, any other transport failure ErrNetwork.
func send[R Login | Verification](ctx context.Context, hc *http.Client, signer Signer, ex *Exchange[R]) (R, error) {
	defer ex.Close()
	var zero R
	if err := ex.ProvideWith(ctx, signer); err != nil {
		return zero, err
	}
	req, err := ex.Request()
	if err != nil {
		return zero, err
	}
	reqCtx, cancel := context.WithTimeout(ctx, time.Duration(req.TimeoutMs)*time.Millisecond)
	defer cancel()
	var connected atomic.Bool
	trace := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { connected.Store(true) }}
	hreq, err := http.NewRequestWithContext(httptrace.WithClientTrace(reqCtx, trace), req.Method, req.URL,
		strings.NewReader(req.Body))
	if err != nil {
		ex.NotSent()
		return zero, &Error{Status: StatusInvalidArg, Message: "the exchange's request cannot be built: " + err.Error()}
	}
	for _, h := range req.Headers {
		hreq.Header.Add(h[0], h[1])
	}
	resp, err := hc.Do(hreq)
	if err != nil {
		if !connected.Load() {
			ex.NotSent()
		}
		return zero, transportError(ctx, reqCtx, req.TimeoutMs, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	if err != nil {
		return zero, transportError(ctx, reqCtx, req.TimeoutMs, err)
	}
	result, err := ex.Finish(resp.StatusCode, body)
	if errors.Is(err, ErrDecryptPending) {
		if err := ex.ProvideWith(ctx, signer); err != nil {
			return zero, err
		}
		return ex.Result()
	}
	return result, err
}

// transportError describes a failed request: ctx's own error when the caller cancelled or its deadline
// passed, ErrTimeout when timeout_ms expired, else ErrNetwork. Messages carry no URL (only the cause).
func transportError(ctx, reqCtx context.Context, timeoutMs int64, err error) error {
	if cause := ctx.Err(); cause != nil {
		return fmt.Errorf("ydrz: the validation was abandoned: %w", cause)
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	var netErr net.Error
	if reqCtx.Err() != nil || (errors.As(err, &netErr) && netErr.Timeout()) {
		return &Error{Status: StatusTimeout, Message: fmt.Sprintf("no complete answer within %d ms: %v", timeoutMs, err)}
	}
	return &Error{Status: StatusNetwork, Message: "the request failed: " + err.Error()}
}
