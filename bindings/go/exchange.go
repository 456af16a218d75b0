package ydrz

// #include "ydrz.h"
import "C"

import (
	"encoding/json"
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
		return err
	})
	if err != nil {
		return r, err
	}
	var res exchangeResult
	if err := decodeJSON("ydrz_exchange_finish", text, &res); err != nil {
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
