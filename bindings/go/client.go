package ydrz

// #include "ydrz.h"
import "C"

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Client is a platform client (ydrz_client): configuration, keys parsed once, the ledger of tokens already
// sent, and the net/http client that sends its validations. It is immutable and safe for concurrent use;
// share one per application. Close frees it; a client dropped without Close is freed by a GC cleanup some
// time later. The zero value is a closed client; a nil *Client is passed to C as NULL and gives ErrNullArg.
//
// A validation is an exchange (see Exchange): the library builds the request and reads the answer, net/http
// sends it. A token is sent at most once per client: a second call with it gives ErrTokenReused without a
// request, and a failure after sending is never retried.
type Client struct {
	h      handle[*C.ydrz_client]
	http   *http.Client
	signer Signer
}

// NewClient creates a client from its JSON configuration (ydrz_client_new). The keys, with their types,
// defaults and meanings, are in docs/configuration.md of this module: app_id (required), app_key, app_secret,
// private_key (or "signer": "external" with public_key, and WithSigner), platform_public_key, base_url
// (default https://www.cmpassport.com; http:// only for loopback hosts), connect_timeout_ms, timeout_ms,
// ca_cert_pem, proxy, retries, token_ttl_ms, utc_offset_minutes and the sections jssdk, presign, onekey, number_verify, app_login, app_number. An unknown key gives ErrInvalidArg
// naming it, a bad key ErrKey. The validations are sent with the http.Client given by WithHTTPClient, else
// with one built from connect_timeout_ms, proxy and ca_cert_pem (keep-alive, no proxy from the environment,
// TLS verified, no redirects). The caller owns the client and should Close it.
func NewClient(configJSON string, options ...Option) (*Client, error) {
	c := new(Client)
	for _, option := range options {
		option(c)
	}
	err := c.h.open("config_json", configJSON,
		func(config *C.char, out **C.ydrz_client, cerr **C.ydrz_error) C.int32_t {
			return C.ydrz_client_new(config, out, cerr)
		},
		func(p *C.ydrz_client) { C.ydrz_client_free(p) })
	if err != nil {
		return nil, err
	}
	if c.http == nil {
		if c.http, err = defaultHTTPClient(configJSON); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

// Close frees the client and zeroizes its keys (ydrz_client_free). It waits for calls in progress on c
// (each at most timeout_ms), is idempotent, and a nil c is a no-op; later uses of c give ErrClosed.
func (c *Client) Close() {
	if c != nil {
		c.h.close()
	}
}

// use runs fn with the native client under the handle's read lock; a nil c passes NULL.
func (c *Client) use(fn func(*C.ydrz_client) error) error {
	if c == nil {
		return fn(nil)
	}
	return c.h.use("Client", fn)
}

// Reconfigure replaces the whole configuration (keys, secrets, URLs, timeouts; the JSON of NewClient) without
// a restart, atomically: calls already running finish on the configuration they began with, and the ledger of
// sent tokens carries over. Another app_id gives ErrInvalidArg (that is a different client); any error leaves
// the configuration in force. Safe while other goroutines validate (ydrz_client_reconfigure).
func (c *Client) Reconfigure(configJSON string) error {
	var a cArgs
	defer a.free()
	cconfig := a.str("config_json", configJSON)
	if a.err != nil {
		return a.err
	}
	return c.use(func(p *C.ydrz_client) error {
		var cerr *C.ydrz_error
		return takeError(C.ydrz_client_reconfigure(p, cconfig, &cerr), cerr)
	})
}

// InterfaceStats counts one interface's calls by outcome; Calls is their sum. Latency has one count per bound
// of LatencyMs.Le (calls that took at most that many milliseconds) and a last one for slower calls.
type InterfaceStats struct {
	Calls       uint64            `json:"calls"`
	Success     uint64            `json:"success"`
	Platform    map[string]uint64 `json:"platform"` // by platform result code
	Network     uint64            `json:"network"`
	Timeout     uint64            `json:"timeout"`
	Protocol    uint64            `json:"protocol"`
	HTTP        uint64            `json:"http"`
	TokenReused uint64            `json:"token_reused"`
	Other       uint64            `json:"other"`
	LatencyMs   struct {
		Le     []uint64 `json:"le"`
		Counts []uint64 `json:"counts"`
	} `json:"latency_ms"`
}

// Stats returns the client's counts per interface ("onekey", "number_verify", "app_login", "app_number")
// since it was created (ydrz_client_stats).
func (c *Client) Stats() (map[string]InterfaceStats, error) {
	var a cArgs
	text, err := callString(c.use, &a, func(p *C.ydrz_client, out **C.char, _ **C.ydrz_error) C.int32_t {
		return C.ydrz_client_stats(p, out) // a status only: no error object
	})
	var stats map[string]InterfaceStats
	if err == nil {
		err = decodeJSON("ydrz_client_stats", text, &stats)
	}
	return stats, err
}

// JssdkParams are the parameters of the mini-program's YDRZ.getTokenInfo; json.Marshal gives the object
// the jssdk expects.
type JssdkParams struct {
	AppID        string `json:"appId"`
	TraceID      string `json:"traceId"`
	MsgID        string `json:"msgId"`
	Timestamp    string `json:"timestamp"`
	Version      string `json:"version"`
	BusinessType string `json:"businessType"`
	Sign         string `json:"sign"`
}

// JssdkParams returns fresh YDRZ.getTokenInfo parameters: a new traceId (= msgId), the current UTC+8
// timestamp and their sign (ydrz_client_jssdk_params). The configuration needs app_key.
func (c *Client) JssdkParams() (JssdkParams, error) {
	var a cArgs
	text, err := callString(c.use, &a, func(p *C.ydrz_client, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_jssdk_params(p, out, cerr)
	})
	var params JssdkParams
	if err == nil {
		err = decodeJSON("ydrz_client_jssdk_params", text, &params)
	}
	return params, err
}

// PresignSign signs the number-verification jssdk preSign in the configured presign style (MD5withRSA,
// Base64 by default; ydrz_client_presign_sign).
func (c *Client) PresignSign(presign string) (string, error) {
	var a cArgs
	defer a.free()
	cpresign := a.str("presign", presign)
	return callString(c.use, &a, func(p *C.ydrz_client, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_presign_sign(p, cpresign, out, cerr)
	})
}

// PresignStep is, for a configuration with "signer": "external", the preSign signature the host must make
// (ydrz_client_presign_step): Step "sign", the Algorithm and the Base64 bytes of presign. Hand the raw signature
// to PresignAccept. A client holding its private_key gives ErrInvalidArg (use PresignSign).
func (c *Client) PresignStep(presign string) (PendingStep, error) {
	var a cArgs
	defer a.free()
	cpresign := a.str("presign", presign)
	text, err := callString(c.use, &a, func(p *C.ydrz_client, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_presign_step(p, cpresign, out, cerr)
	})
	var step PendingStep
	if err == nil {
		err = decodeJSON("ydrz_client_presign_step", text, &step)
	}
	return step, err
}

// PresignAccept returns the preSign sign from the host's Base64 raw signature of PresignStep's bytes
// (ydrz_client_presign_accept): verified against public_key (another key or algorithm gives ErrSignature saying
// which) and encoded as PresignSign encodes it.
func (c *Client) PresignAccept(presign, signatureBase64 string) (string, error) {
	var a cArgs
	defer a.free()
	cpresign := a.str("presign", presign)
	csignature := a.str("signature_base64", signatureBase64)
	return callString(c.use, &a, func(p *C.ydrz_client, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_presign_accept(p, cpresign, csignature, out, cerr)
	})
}

// PresignSignWith is PresignSign for "signer": "external": s signs the preSign's bytes, and the signature is
// verified before the encoded sign is returned. An error of s is returned wrapped.
func (c *Client) PresignSignWith(ctx context.Context, s Signer, presign string) (string, error) {
	step, err := c.PresignStep(presign)
	if err != nil {
		return "", err
	}
	signature, err := signStep(ctx, s, step, "ydrz_client_presign_step")
	if err != nil {
		return "", err
	}
	return c.PresignAccept(presign, signature)
}

// Details describes the platform's answer to a successful token call.
type Details struct {
	ResultCode    string          `json:"resultCode"`
	Desc          string          `json:"desc"`
	HTTPStatus    int             `json:"http_status"`
	SecurityPhone string          `json:"securityPhone"` // masked number (one-click login), else ""
	Response      json.RawMessage `json:"response"`      // the platform's JSON answer as received
	// JSON is the whole details object of the C ABI, including the interface's message id
	// (traceId, msgid or msgId).
	JSON json.RawMessage `json:"-"`
}

// Login is the result of a one-click login: the phone number (a secret: do not log it) and the details.
type Login struct {
	Phone   string
	Details Details
}

// Verification is the result of a number verification: whether the platform says the number is the
// device's own, and the details.
type Verification struct {
	Match   bool
	Details Details
}

// OnekeyValidate validates a mini-program / H5 one-click login token and returns the phone number: the
// exchange of OnekeyBegin sent with the client's http.Client. userInformation is passed exactly as the jssdk
// returned it (never URL-decoded); expandParams may be "". A non-success result code gives ErrPlatform with
// PlatformCode set. Cancelling ctx, or its deadline, ends the call at once with an error wrapping ctx.Err();
// the token stays spent unless the request never left.
func (c *Client) OnekeyValidate(ctx context.Context, token, userInformation, expandParams string) (Login, error) {
	ex, err := c.OnekeyBegin(token, userInformation, expandParams)
	if err != nil {
		return Login{}, err
	}
	return send(ctx, c.http, c.signer, ex)
}

// NumberVerify runs a mini-program / H5 number verification of phone (11 digits, as the user typed it; the
// exchange of NumberVerifyBegin). The match and no-match codes ("000"/"001" by default) give a
// Verification; any other answer gives ErrPlatform. ctx as for OnekeyValidate.
func (c *Client) NumberVerify(ctx context.Context, token, userInformation, phone, expandParams string) (Verification, error) {
	ex, err := c.NumberVerifyBegin(token, userInformation, phone, expandParams)
	if err != nil {
		return Verification{}, err
	}
	return send(ctx, c.http, c.signer, ex)
}

// AppLoginValidate validates an App one-click login token in the configured app_login.mode and returns
// the phone number (the exchange of AppLoginBegin). Errors and ctx as for OnekeyValidate.
func (c *Client) AppLoginValidate(ctx context.Context, token, expandParams string) (Login, error) {
	ex, err := c.AppLoginBegin(token, expandParams)
	if err != nil {
		return Login{}, err
	}
	return send(ctx, c.http, c.signer, ex)
}

// AppNumberVerify runs an App number verification of phone with the configured app_number.key_type (the
// exchange of AppNumberBegin). Results, errors and ctx as for NumberVerify.
func (c *Client) AppNumberVerify(ctx context.Context, token, phone, expandParams string) (Verification, error) {
	ex, err := c.AppNumberBegin(token, phone, expandParams)
	if err != nil {
		return Verification{}, err
	}
	return send(ctx, c.http, c.signer, ex)
}

// decodeDetails decodes the details JSON text into into, keeping the whole object in into.JSON.
func decodeDetails(text string, into *Details) error {
	if err := decodeJSON("the details JSON", text, into); err != nil {
		return err
	}
	into.JSON = json.RawMessage(text)
	return nil
}

// decodeJSON decodes JSON produced by the library; failing to is a contract violation, reported as such.
func decodeJSON(what, text string, into any) error {
	if err := json.Unmarshal([]byte(text), into); err != nil {
		return fmt.Errorf("ydrz: %s from the library is not the documented JSON: %w", what, err)
	}
	return nil
}
