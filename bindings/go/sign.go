package ydrz

// #include "ydrz.h"
import "C"

// JssdkSignParams are the inputs of the one-click login jssdk sign. The empty Version, BusinessType and
// Encoding select the library's defaults ("2.0", "8" and EncodingHexUpper).
type JssdkSignParams struct {
	AppID        string
	AppKey       string // secret
	TraceID      string // also the msgId
	Timestamp    string // 17 digits, yyyyMMddHHmmssSSS
	Version      string
	BusinessType string
	Encoding     Encoding // EncodingHexUpper or EncodingHexLower
}

// JssdkSign returns the jssdk sign for YDRZ.getTokenInfo: MD5(appId + businessType + msgId + timestamp +
// traceId + version + appkey) with msgId = traceId, as 32 hex characters (ydrz_jssdk_sign).
func JssdkSign(p JssdkSignParams) (string, error) {
	var a cArgs
	defer a.free()
	appID, appKey, traceID := a.str("app_id", p.AppID), a.str("app_key", p.AppKey), a.str("trace_id", p.TraceID)
	ts, version, businessType := a.str("timestamp", p.Timestamp), a.opt("version", p.Version),
		a.opt("business_type", p.BusinessType)
	return callStringNoObject(&a, func(out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_jssdk_sign(appID, appKey, traceID, ts, version, businessType,
			C.int32_t(hexEncoding(p.Encoding)), out, cerr)
	})
}

// RSASign returns the RSASSA-PKCS1-v1_5 signature of the UTF-8 bytes of data (which may be empty) in
// encoding (ydrz_rsa_sign).
func RSASign(key *PrivateKey, data string, algorithm SignAlgorithm, encoding Encoding) (string, error) {
	var a cArgs
	defer a.free()
	cdata := a.str("data", data)
	return callString(key.use, &a, func(p *C.ydrz_private_key, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_rsa_sign(p, cdata, C.int32_t(algorithm), C.int32_t(encoding), out, cerr)
	})
}

// RSAVerify checks a signature of the UTF-8 bytes of data (ydrz_rsa_verify). It returns nil when the
// signature verifies and an error matching ErrSignature when it does not, including signature text that
// does not decode in encoding (hex is accepted in either case).
func RSAVerify(key *PublicKey, data, signature string, algorithm SignAlgorithm, encoding Encoding) error {
	var a cArgs
	defer a.free()
	cdata, csig := a.str("data", data), a.str("signature", signature)
	if a.err != nil {
		return a.err
	}
	return key.use(func(p *C.ydrz_public_key) error {
		var cerr *C.ydrz_error
		rc := C.ydrz_rsa_verify(p, cdata, csig, C.int32_t(algorithm), C.int32_t(encoding), &cerr)
		return takeError(rc, cerr)
	})
}

// TokenValidateSign returns the one-click login tokenValidate sign: SHA256withRSA(appId + traceId +
// timestamp + token + version) in upper-case hex (ydrz_token_validate_sign). version must equal the
// interfaceVersion header sent; "" selects the library's default ("2.0", what the client sends). The other
// arguments are required, and timestamp is 17 digits.
func TokenValidateSign(key *PrivateKey, appID, traceID, timestamp, token, version string) (string, error) {
	var a cArgs
	defer a.free()
	cappID, ctrace, cts := a.str("app_id", appID), a.str("trace_id", traceID), a.str("timestamp", timestamp)
	ctoken, cversion := a.str("token", token), a.opt("version", version)
	return callString(key.use, &a, func(p *C.ydrz_private_key, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_token_validate_sign(p, cappID, ctrace, cts, ctoken, cversion, out, cerr)
	})
}

// PresignSign returns the number-verification preSign signature: the non-empty jssdk preSign signed
// verbatim with MD5withRSA, Base64 (RsaUtils.sign; ydrz_presign_sign).
func PresignSign(key *PrivateKey, presign string) (string, error) {
	var a cArgs
	defer a.free()
	cpresign := a.str("presign", presign)
	return callString(key.use, &a, func(p *C.ydrz_private_key, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_presign_sign(p, cpresign, out, cerr)
	})
}

// AppLoginMD5SignParams are the inputs of the App one-click login (loginTokenValidate, MD5 mode) sign. All
// fields but Encoding are required; the empty Encoding is EncodingHexUpper, what the platform documents.
type AppLoginMD5SignParams struct {
	AppID       string
	Version     string
	MsgID       string
	SystemTime  string // 17 digits
	StrictCheck string
	Token       string
	Secret      string   // secret: the APPSecret (the appkey for apps created before 2018-12-26)
	Encoding    Encoding // EncodingHexUpper or EncodingHexLower
}

// AppLoginMD5Sign returns MD5(appid + version + msgid + systemtime + strictcheck + token + secret) as 32
// hex characters (ydrz_app_login_md5_sign).
func AppLoginMD5Sign(p AppLoginMD5SignParams) (string, error) {
	var a cArgs
	defer a.free()
	appID, version, msgID := a.str("app_id", p.AppID), a.str("version", p.Version), a.str("msg_id", p.MsgID)
	systemTime, strictCheck := a.str("system_time", p.SystemTime), a.str("strict_check", p.StrictCheck)
	token, secret := a.str("token", p.Token), a.str("secret", p.Secret)
	return callStringNoObject(&a, func(out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_app_login_md5_sign(appID, version, msgID, systemTime, strictCheck, token, secret,
			C.int32_t(hexEncoding(p.Encoding)), out, cerr)
	})
}

// AppNumberKeyType0Params are the inputs of the App number verification keyType 0 fields; all required.
type AppNumberKeyType0Params struct {
	AppID     string
	AppKey    string // secret
	MsgID     string
	Phone     string // 11 digits
	Timestamp string // 17 digits
	Token     string
	Version   string
}

// AppNumberSignKeyType0 returns the App number verification (/openapi/rs/tokenValidate) keyType 0 fields in
// upper-case hex: phoneNum = SHA256(phone + appKey + timestamp) and sign = HMAC-SHA256(key = appKey, appId +
// msgId + phoneNum + timestamp + token + version) (ydrz_app_number_sign_key_type0).
func AppNumberSignKeyType0(p AppNumberKeyType0Params) (phoneNum, sign string, err error) {
	var a cArgs
	defer a.free()
	appID, appKey, msgID := a.str("app_id", p.AppID), a.str("app_key", p.AppKey), a.str("msg_id", p.MsgID)
	phone, ts := a.str("phone", p.Phone), a.str("timestamp", p.Timestamp)
	token, version := a.str("token", p.Token), a.str("version", p.Version)
	if a.err != nil {
		return "", "", a.err
	}
	var outPhoneNum, outSign *C.char
	var cerr *C.ydrz_error
	rc := C.ydrz_app_number_sign_key_type0(appID, appKey, msgID, phone, ts, token, version, &outPhoneNum, &outSign, &cerr)
	return stringPairResult(rc, cerr, outPhoneNum, outSign)
}

// hexEncoding maps the empty Encoding of a hex-only sign to EncodingHexUpper, the platform's default.
func hexEncoding(e Encoding) Encoding {
	if e == 0 {
		return EncodingHexUpper
	}
	return e
}
