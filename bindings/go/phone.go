package ydrz

// #include "ydrz.h"
import "C"

// MaskPhone returns phone as logs may show it: "138****8000" for an 11-digit number and "****" for anything
// else, so that neither the number nor its length shows (ydrz_mask_phone). A string that is not UTF-8 gives
// StatusInvalidUTF8, one holding a NUL byte StatusInvalidArg. Safe for concurrent use.
func MaskPhone(phone string) (string, error) {
	var a cArgs
	defer a.free()
	cphone := a.str("phone", phone)
	return callStringNoObject(&a, func(out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_mask_phone(cphone, out, cerr)
	})
}
