package ydrz

// #include "ydrz.h"
import "C"

import (
	"encoding/json"
	"errors"
	"unsafe"
)

// Exchange is one validation in flight, sent by the caller's own HTTP stack (ydrz_exchange): the library
// builds the complete request (Request) and reads the answer (Finish). R is Login for the logins and
// Verification for the verifications.
//
// The token is reserved in the client's ledger from the Begin call on (a second Begin or validation with it
// gives ErrTokenReused without a request). Finish keeps it reserved, whatever the answer. NotSent releases it:
// call it only when the request provably never left (connection refused, DNS or TLS handshake failure).
// Close frees the exchange; one neither finished nor declared unsent keeps its token reserved (the request
// may have left). An exchange dropped without Close is freed by a GC cleanup some time later. An Exchange is
// safe for concurrent use (one Finish wins, another gets ErrInvalidArg) and may outlive its Client.
type Exchange[R Login | Verification] struct {
	h handle[*C.ydrz_exchange]
}

// Request is the HTTP request of an exchange. Send Method to URL with every header and Body as the exact
// request body (with a Content-Length), within Timeout for the whole request; never follow a redirect,
// verify TLS, read at most 1 MiB of the answer, use a proxy only when configured.
type Request struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers [][2]string `json:"headers"` // name and value, in the order to send them
	Body    string      `json:"body"`
	// TimeoutMs is the time allowed for the whole request, in milliseconds (the client's timeout_ms).
	TimeoutMs int64 `json:"timeout_ms"`
}

// exchangeResult is the result JSON of ydrz_exchange_finish for either kind of exchange.
type exchangeResult struct {
	Phone   string          `json:"phone"`
	Matched bool            `json:"matched"`
	Details json.RawMessage `json:"details"`
}

// OnekeyBegin begins a one-click login (mini-program / H5) without sending it (ydrz_client_onekey_begin):
// the inputs and checks of OnekeyValidate, which is this exchange sent with net/http. No I/O.
func (c *Client) OnekeyBegin(token, userInformation, expandParams string) (*Exchange[Login], error) {
	var a cArgs
	defer a.free()
	ctoken, cinfo := a.str("token", token), a.str("user_information", userInformation)
	cexpand := a.opt("expand_params", expandParams)
	return begin[Login](c, &a, func(p *C.ydrz_client, out **C.ydrz_exchange, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_onekey_begin(p, ctoken, cinfo, cexpand, out, cerr)
	})
}

// NumberVerifyBegin begins a number verification (mini-program / H5) without sending it
// (ydrz_client_number_verify_begin; the phone is encrypted and the request signed here). No I/O.
func (c *Client) NumberVerifyBegin(token, userInformation, phone, expandParams string) (*Exchange[Verification], error) {
	var a cArgs
	defer a.free()
	ctoken, cinfo, cphone := a.str("token", token), a.str("user_information", userInformation), a.str("phone", phone)
	cexpand := a.opt("expand_params", expandParams)
	return begin[Verification](c, &a, func(p *C.ydrz_client, out **C.ydrz_exchange, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_number_verify_begin(p, ctoken, cinfo, cphone, cexpand, out, cerr)
	})
}

// AppLoginBegin begins an App one-click login without sending it (ydrz_client_app_login_begin). No I/O.
func (c *Client) AppLoginBegin(token, expandParams string) (*Exchange[Login], error) {
	var a cArgs
	defer a.free()
	ctoken, cexpand := a.str("token", token), a.opt("expand_params", expandParams)
	return begin[Login](c, &a, func(p *C.ydrz_client, out **C.ydrz_exchange, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_app_login_begin(p, ctoken, cexpand, out, cerr)
	})
}

// AppNumberBegin begins an App number verification without sending it (ydrz_client_app_number_begin).
// No I/O.
func (c *Client) AppNumberBegin(token, phone, expandParams string) (*Exchange[Verification], error) {
	var a cArgs
	defer a.free()
	ctoken, cphone, cexpand := a.str("token", token), a.str("phone", phone), a.opt("expand_params", expandParams)
	return begin[Verification](c, &a, func(p *C.ydrz_client, out **C.ydrz_exchange, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_client_app_number_begin(p, ctoken, cphone, cexpand, out, cerr)
	})
}

// begin makes a begin call on c (after checking a) and wraps the exchange it creates.
func begin[R Login | Verification](c *Client, a *cArgs,
	call func(p *C.ydrz_client, out **C.ydrz_exchange, cerr **C.ydrz_error) C.int32_t) (*Exchange[R], error) {
	if a.err != nil {
		return nil, a.err
	}
	ex := new(Exchange[R])
	err := c.use(func(p *C.ydrz_client) error {
		var out *C.ydrz_exchange
		var cerr *C.ydrz_error
		if err := takeError(call(p, &out, &cerr), cerr); err != nil {
			return err
		}
		ex.h.adopt(out, func(p *C.ydrz_exchange) { C.ydrz_exchange_free(p) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ex, nil
}

// Request returns the request to send (ydrz_exchange_request); the same at any time, also after Finish.
func (e *Exchange[R]) Request() (Request, error) {
	var a cArgs
	text, err := callString(e.use, &a, func(p *C.ydrz_exchange, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_exchange_request(p, out, cerr)
	})
	var req Request
	if err == nil {
		err = decodeJSON("ydrz_exchange_request", text, &req)
	}
	return req, err
}

// PendingStep is what an exchange waits for (ydrz_exchange_pending): Step "sign" with the Algorithm
// ("SHA256withRSA" or "MD5withRSA") and the Base64 bytes to sign, while an external signer ("signer":
// "external") must sign; Step "send" once the request is ready; Step "decrypt" with Algorithm
// "RSA/ECB/PKCS1Padding", BlockBytes and the Base64 ciphertext once Finish returned ErrDecryptPending (decrypt
// each BlockBytes block with the private key and Provide the joined plaintext); Step "done" once finished.
type PendingStep struct {
	Step        string `json:"step"`
	Algorithm   string `json:"algorithm,omitempty"`
	BlockBytes  int    `json:"block_bytes,omitempty"`
	InputBase64 string `json:"input_base64,omitempty"`
}

// ErrDecryptPending is what Finish returns for an answer encrypted for the external signer's key (App login in
// RSA mode without msisdn_private_key): Pending then says "decrypt", Provide hands the plaintext back and Result
// gives the login.
var ErrDecryptPending = errors.New("ydrz: the answer waits for the external signer's decryption (Pending, Provide, Result)")

// Pending says what the exchange waits for (ydrz_exchange_pending). After NotSent it gives ErrInvalidArg.
func (e *Exchange[R]) Pending() (PendingStep, error) {
	var a cArgs
	text, err := callString(e.use, &a, func(p *C.ydrz_exchange, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_exchange_pending(p, out, cerr)
	})
	var step PendingStep
	if err == nil {
		err = decodeJSON("ydrz_exchange_pending", text, &step)
	}
	return step, err
}

// Provide hands over the Base64 raw signature of the pending step's input (ydrz_exchange_provide). It is
// verified against the configured public_key before anything is sent: another key or the other algorithm
// gives ErrSignature with a message saying which, and the exchange keeps waiting. For a "decrypt" step it hands
// over the Base64 plaintext, which must be the phone number (else ErrCrypto, and the exchange keeps waiting).
func (e *Exchange[R]) Provide(outputBase64 string) error {
	var a cArgs
	defer a.free()
	output := a.str("output_base64", outputBase64)
	if a.err != nil {
		return a.err
	}
	return e.use(func(p *C.ydrz_exchange) error {
		var cerr *C.ydrz_error
		return takeError(C.ydrz_exchange_provide(p, output, &cerr), cerr)
	})
}

// Finish reads the platform's answer: its HTTP status (100-599) and whole body (ydrz_exchange_finish). The
// result and errors are those of the validation (ErrHTTP for a non-2xx status, ErrPlatform, ErrProtocol,
// which a body over 1 MiB also gives). Whatever the answer, the exchange is then finished and its token stays
// reserved; finishing again gives ErrInvalidArg. A status outside 100-599 gives ErrInvalidArg and leaves the
// exchange as it was.
func (e *Exchange[R]) Finish(status int, body []byte) (R, error) {
	var r R
	if status < 100 || status > 599 {
		return r, &Error{Status: StatusInvalidArg, Message: "http_status must be 100-599"}
	}
	var text string
	err := e.use(func(p *C.ydrz_exchange) error {
		var out *C.char
		var cerr *C.ydrz_error
		var data *C.uint8_t
		if len(body) > 0 {
			data = (*C.uint8_t)(unsafe.Pointer(&body[0]))
		}
		rc := C.ydrz_exchange_finish(p, C.int32_t(status), data, C.size_t(len(body)), &out, &cerr)
		var err error
		text, err = stringResult(rc, cerr, out)
		if err == nil && out == nil {
			err = ErrDecryptPending
		}
		return err
	})
	if err != nil {
		return r, err
	}
	return decodeResult[R]("ydrz_exchange_finish", text)
}

// Result returns the result once the exchange is done (ydrz_exchange_result): what Finish returned, or, after
// ErrDecryptPending, the result of the provided decryption. Before that, or after a failed Finish, it gives
// ErrInvalidArg.
func (e *Exchange[R]) Result() (R, error) {
	var a cArgs
	text, err := callString(e.use, &a, func(p *C.ydrz_exchange, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_exchange_result(p, out, cerr)
	})
	if err != nil {
		var r R
		return r, err
	}
	return decodeResult[R]("ydrz_exchange_result", text)
}

// decodeResult reads the result JSON of function fn into a Login or a Verification.
func decodeResult[R Login | Verification](fn, text string) (R, error) {
	var r R
	var res exchangeResult
	if err := decodeJSON(fn, text, &res); err != nil {
		return r, err
	}
	var details Details
	if err := decodeDetails(string(res.Details), &details); err != nil {
		return r, err
	}
	switch out := any(&r).(type) {
	case *Login:
		*out = Login{Phone: res.Phone, Details: details}
	case *Verification:
		*out = Verification{Match: res.Matched, Details: details}
	}
	return r, nil
}

// NotSent ends an exchange whose request never left (connection refused, DNS or TLS handshake failure): its
// token is released and may be sent again (ydrz_exchange_not_sent). Never call it once any byte of the
// request may have been sent; Close instead. After Finish or NotSent it gives ErrInvalidArg.
func (e *Exchange[R]) NotSent() error {
	return e.use(func(p *C.ydrz_exchange) error {
		return takeError(C.ydrz_exchange_not_sent(p), nil)
	})
}

// Close frees the exchange (ydrz_exchange_free). It waits for calls in progress on e, is idempotent, and a
// nil e is a no-op; later uses of e give ErrClosed. An exchange neither finished nor declared unsent keeps
// its token reserved.
func (e *Exchange[R]) Close() {
	if e != nil {
		e.h.close()
	}
}

// use runs fn with the native exchange under the handle's read lock; a nil e passes NULL.
func (e *Exchange[R]) use(fn func(*C.ydrz_exchange) error) error {
	if e == nil {
		return fn(nil)
	}
	return e.h.use("Exchange", fn)
}
