package ydrz

// #include <stdlib.h>
// #include "ydrz.h"
import "C"

import (
	"strings"
	"unsafe"
)

// cArgs copies Go strings into C memory for the duration of one call. The zero value is ready to use;
// free releases every copy (zeroed first, since arguments include appkeys, keys and phone numbers).
type cArgs struct {
	copies []cCopy
	err    error
}

type cCopy struct {
	p *C.char
	n int
}

// str returns a NUL-terminated C copy of the required argument s; name is the C parameter name, for the
// message. A C string cannot carry a NUL byte, so such an s records an *Error with StatusInvalidArg (the
// first one recorded is kept in a.err, which the caller checks before calling C) and gives NULL.
func (a *cArgs) str(name, s string) *C.char {
	if strings.IndexByte(s, 0) >= 0 {
		if a.err == nil {
			a.err = &Error{Status: StatusInvalidArg, Message: name + " contains a NUL byte, which a C string cannot carry"}
		}
		return nil
	}
	p := C.CString(s)
	a.copies = append(a.copies, cCopy{p, len(s)})
	return p
}

// opt is str for a nullable C parameter: "" is passed as NULL, which selects the library's default.
func (a *cArgs) opt(name, s string) *C.char {
	if s == "" {
		return nil
	}
	return a.str(name, s)
}

// free zeroes and frees every copy made by a.
func (a *cArgs) free() {
	for _, c := range a.copies {
		clear(unsafe.Slice((*byte)(unsafe.Pointer(c.p)), c.n)) // in Go: no cgo call for the zeroing
		C.free(unsafe.Pointer(c.p))
	}
}

// takeString copies a library-owned string into Go and frees it with ydrz_string_free. NULL gives "".
func takeString(p *C.char) string {
	if p == nil {
		return ""
	}
	defer C.ydrz_string_free(p)
	return C.GoString(p)
}

// stringResult ends a call with one output string: the *Error when rc is a failure, else the string.
func stringResult(rc C.int32_t, cerr *C.ydrz_error, out *C.char) (string, error) {
	s := takeString(out) // NULL on failure by contract; taken anyway so that nothing can leak
	if err := takeError(rc, cerr); err != nil {
		return "", err
	}
	return s, nil
}

// stringPairResult ends a call with two output strings, like stringResult.
func stringPairResult(rc C.int32_t, cerr *C.ydrz_error, first, second *C.char) (string, string, error) {
	a, b := takeString(first), takeString(second)
	if err := takeError(rc, cerr); err != nil {
		return "", "", err
	}
	return a, b, nil
}

// callString makes one C call that returns a string and needs a native object: it fails with a.err when an
// argument could not be converted, else lends the object through use (which gives ErrClosed for a closed
// handle) to call, and takes the output string.
func callString[P any](use func(func(P) error) error, a *cArgs,
	call func(obj P, out **C.char, cerr **C.ydrz_error) C.int32_t) (string, error) {
	if a.err != nil {
		return "", a.err
	}
	var s string
	err := use(func(obj P) error {
		var out *C.char
		var cerr *C.ydrz_error
		rc := call(obj, &out, &cerr)
		var err error
		s, err = stringResult(rc, cerr, out)
		return err
	})
	return s, err
}

// callStringNoObject is callString for a C function that needs no native object: it fails with a.err when an
// argument could not be converted, else makes the call and takes the output string.
func callStringNoObject(a *cArgs, call func(out **C.char, cerr **C.ydrz_error) C.int32_t) (string, error) {
	return callString(noObject, a, func(_ struct{}, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return call(out, cerr)
	})
}

// noObject is the use function of callStringNoObject: there is no object to lend.
func noObject(fn func(struct{}) error) error {
	return fn(struct{}{})
}
