package ydrz

// #include "ydrz.h"
import "C"

import (
	"errors"
	"fmt"
)

// Status is a library status code (YDRZ_OK, YDRZ_E_*). Numbers are never reused.
type Status int32

// The statuses of the C ABI.
const (
	StatusOK          Status = C.YDRZ_OK
	StatusNullArg     Status = C.YDRZ_E_NULL_ARG     // a required argument was NULL (a nil handle)
	StatusInvalidArg  Status = C.YDRZ_E_INVALID_ARG  // a value is not allowed (empty, malformed, unknown)
	StatusInvalidUTF8 Status = C.YDRZ_E_INVALID_UTF8 // a string argument is not valid UTF-8
	StatusKey         Status = C.YDRZ_E_KEY          // a key cannot be parsed or is of the wrong kind or size
	StatusCrypto      Status = C.YDRZ_E_CRYPTO       // encryption or decryption failed
	StatusSignature   Status = C.YDRZ_E_SIGNATURE    // a signature does not verify
	StatusNetwork     Status = C.YDRZ_E_NETWORK      // DNS, connect, TLS or connection reset
	StatusTimeout     Status = C.YDRZ_E_TIMEOUT      // the connect or request timeout expired
	StatusHTTP        Status = C.YDRZ_E_HTTP         // the platform answered a non-2xx HTTP status
	StatusProtocol    Status = C.YDRZ_E_PROTOCOL     // the response is not the expected JSON
	StatusPlatform    Status = C.YDRZ_E_PLATFORM     // the platform answered a non-success result code
	StatusTokenReused Status = C.YDRZ_E_TOKEN_REUSED // the token was already sent by this client
	StatusPanic       Status = C.YDRZ_E_PANIC        // an internal error inside the library (please report it)
)

// String returns the constant name of the status, e.g. "YDRZ_E_KEY", or "YDRZ_UNKNOWN" (ydrz_status_name).
func (s Status) String() string {
	return C.GoString(C.ydrz_status_name(C.int32_t(s)))
}

// statusError is the sentinel error of one status; an *Error unwraps to it.
type statusError Status

func (s statusError) Error() string {
	return "ydrz: " + Status(s).String()
}

// Sentinel errors, one per failure status, for errors.Is: errors.Is(err, ErrPlatform) is true when err is
// (or wraps) an *Error whose Status is StatusPlatform.
var (
	ErrNullArg     error = statusError(StatusNullArg)
	ErrInvalidArg  error = statusError(StatusInvalidArg)
	ErrInvalidUTF8 error = statusError(StatusInvalidUTF8)
	ErrKey         error = statusError(StatusKey)
	ErrCrypto      error = statusError(StatusCrypto)
	ErrSignature   error = statusError(StatusSignature)
	ErrNetwork     error = statusError(StatusNetwork)
	ErrTimeout     error = statusError(StatusTimeout)
	ErrHTTP        error = statusError(StatusHTTP)
	ErrProtocol    error = statusError(StatusProtocol)
	ErrPlatform    error = statusError(StatusPlatform)
	ErrTokenReused error = statusError(StatusTokenReused)
	ErrPanic       error = statusError(StatusPanic)
)

// ErrClosed is returned (wrapped, naming the handle type) when a PrivateKey, PublicKey or Client is used
// after Close. It is a binding error, not a library status, so it is not an *Error.
var ErrClosed = errors.New("handle is closed")

// Error is a failure reported by the library, or by this binding with StatusInvalidArg for an argument C
// cannot receive (a string containing a NUL byte, a key size that does not fit a uint32_t). Messages never
// contain keys, appkeys, tokens or full phone numbers.
type Error struct {
	Status       Status // the library status, never StatusOK
	PlatformCode string // the platform's result code (e.g. "104007") when Status is StatusPlatform, else ""
	Message      string // the library's explanation
}

// Error formats the status name and number, the platform code when present, and the message.
func (e *Error) Error() string {
	if e.PlatformCode != "" {
		return fmt.Sprintf("ydrz: %s (%d), platform code %s: %s", e.Status, int32(e.Status), e.PlatformCode, e.Message)
	}
	return fmt.Sprintf("ydrz: %s (%d): %s", e.Status, int32(e.Status), e.Message)
}

// Unwrap returns the sentinel of e.Status, so that errors.Is(err, ErrKey) and the like work.
func (e *Error) Unwrap() error {
	return statusError(e.Status)
}

// takeError turns a status and its error object into an *Error (nil for YDRZ_OK), freeing the object.
// cerr may be NULL; the message then is the status name.
func takeError(rc C.int32_t, cerr *C.ydrz_error) error {
	if cerr != nil {
		defer C.ydrz_error_free(cerr)
	}
	if rc == C.YDRZ_OK {
		return nil
	}
	e := &Error{Status: Status(rc), Message: Status(rc).String()}
	if cerr != nil {
		e.Message = C.GoString(C.ydrz_error_message(cerr))
		if own := Status(C.ydrz_error_status(cerr)); own != e.Status {
			e.Message += fmt.Sprintf(" (library inconsistency: its error object says %s)", own)
		}
		if code := C.ydrz_error_platform_code(cerr); code != nil {
			e.PlatformCode = C.GoString(code)
		}
	}
	return e
}
