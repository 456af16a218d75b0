// Package ydrz is the Go binding of libydrz, the server-side library for China Mobile's authentication
// platform (移动认证, cmpassport): sign generation, RSA keys, phone encryption, msisdn decryption, the
// return-code catalog and a platform client for one-click login and number verification.
//
// It is a thin cgo layer over the C ABI in include/ydrz.h; every function documents the C function it calls.
//
// Errors: a failure reported by the library, or an argument C cannot receive, is an *Error carrying the
// library status (number and name), the platform's result code when there is one, and the message. Match
// them with errors.Is against the Err* sentinels (errors.Is(err, ErrPlatform)) or with errors.As(err, &e)
// where e is an *Error. Two failures are not *Errors: a closed handle gives an error wrapping ErrClosed,
// and JSON from the library that does not decode (a broken library, never expected) gives an error
// wrapping the encoding/json error.
//
// Strings: a string argument containing a NUL byte (U+0000) cannot be passed as a C string, so every
// function and method given one fails with an *Error matching ErrInvalidArg without calling C. CodeMessage,
// which returns no error, reports it as an unknown code (false).
//
// Ownership: strings returned by the library are copied into Go strings and freed at once with
// ydrz_string_free; error objects are freed with ydrz_error_free. Go strings passed in are copied to C
// memory for the duration of one call only; C never keeps a Go pointer.
//
// Thread safety: every function and every method of PrivateKey, PublicKey and Client may be called from any
// number of goroutines at once. Close waits for calls in progress on the same handle to return.
//
// Loading: the package panics during initialization when the linked library's ydrz_abi_version() is not the
// version this package was written for (see README.md, "Loading and linking").
package ydrz

// #cgo CFLAGS: -I${SRCDIR}/include
// #include "ydrz.h"
import "C"

import "fmt"

// abiVersion is the C ABI version this package was written for (YDRZ_ABI_VERSION of include/ydrz.h).
const abiVersion = 1

// The ABI check panics rather than letting every call fail: a library of another ABI version may lay out
// its arguments differently, so no call into it is safe, and a program built against the wrong library is a
// deployment error best reported at start-up rather than at the first request.
func init() {
	if err := checkABI(ABIVersion()); err != nil {
		panic(err)
	}
}

// checkABI reports an error when the loaded library's ABI version is not abiVersion.
func checkABI(loaded uint32) error {
	if loaded == abiVersion {
		return nil
	}
	return fmt.Errorf("ydrz: the linked libydrz has C ABI version %d, but this Go package was written for "+
		"ABI version %d: link libydrz.so.%d (or its libydrz.a) of a matching release; see README.md, "+
		"\"Loading and linking\"", loaded, abiVersion, abiVersion)
}

// Version returns the library version, e.g. "0.1.0" (ydrz_version).
func Version() string {
	return C.GoString(C.ydrz_version())
}

// ABIVersion returns the C ABI version of the linked library (ydrz_abi_version); it is 1 whenever this
// package has loaded.
func ABIVersion() uint32 {
	return uint32(C.ydrz_abi_version())
}

// Encoding is the text encoding of a signature or ciphertext (YDRZ_ENCODING_*).
type Encoding int32

// The encodings of the C ABI.
const (
	EncodingHexUpper Encoding = C.YDRZ_ENCODING_HEX_UPPER // upper-case hex
	EncodingHexLower Encoding = C.YDRZ_ENCODING_HEX_LOWER // lower-case hex
	EncodingBase64   Encoding = C.YDRZ_ENCODING_BASE64    // standard Base64 with padding, no line breaks
)

// SignAlgorithm is an RSASSA-PKCS1-v1_5 signature algorithm (YDRZ_SIGN_*).
type SignAlgorithm int32

// The signature algorithms of the C ABI.
const (
	SHA256WithRSA SignAlgorithm = C.YDRZ_SIGN_SHA256_RSA // Java "SHA256withRSA"
	MD5WithRSA    SignAlgorithm = C.YDRZ_SIGN_MD5_RSA    // Java "MD5withRSA" (RsaUtils.sign)
)
