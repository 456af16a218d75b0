package ydrz

// #include "ydrz.h"
import "C"

// Product names of the return-code catalog, for CodeMessage and CodeDescribe.
const (
	ProductMPOnekeyLogin   = "mp_onekey_login"
	ProductMPNumberVerify  = "mp_number_verify"
	ProductAppOnekeyLogin  = "app_onekey_login"
	ProductAppNumberVerify = "app_number_verify"
	ProductAppSDK          = "app_sdk"
)

// CodeEntry is one entry of the return-code catalog.
type CodeEntry struct {
	Product   string `json:"product"`
	Stage     string `json:"stage"`
	Code      string `json:"code"`
	MessageZH string `json:"message_zh"`
	MeaningEN string `json:"meaning_en"`
	Hint      string `json:"hint"`
}

// CodeMessage returns the Chinese message of a platform result code, e.g. "成功" for "103000", and whether
// the code is known (ydrz_code_message). product and stage narrow the match where a code means different
// things; "" means any. An unknown product or stage, or an argument that is not valid UTF-8 or contains a
// NUL byte, gives false.
func CodeMessage(code, product, stage string) (string, bool) {
	var a cArgs
	defer a.free()
	ccode, cproduct, cstage := a.str("code", code), a.opt("product", product), a.opt("stage", stage)
	if a.err != nil {
		return "", false
	}
	msg := C.ydrz_code_message(ccode, cproduct, cstage)
	if msg == nil {
		return "", false
	}
	return C.GoString(msg), true
}

// CodeDescribe returns every catalog entry for code (none when the code is unknown), narrowed by product
// and stage when they are not "" (ydrz_code_describe). An unknown product or stage gives ErrInvalidArg.
func CodeDescribe(code, product, stage string) ([]CodeEntry, error) {
	var a cArgs
	defer a.free()
	ccode, cproduct, cstage := a.str("code", code), a.opt("product", product), a.opt("stage", stage)
	text, err := callStringNoObject(&a, func(out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_code_describe(ccode, cproduct, cstage, out, cerr)
	})
	if err != nil {
		return nil, err
	}
	entries := []CodeEntry{}
	if err := decodeJSON("ydrz_code_describe", text, &entries); err != nil {
		return nil, err
	}
	return entries, nil
}
