package ydrz

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBadInput checks that bad arguments give the documented status, with a message naming the problem.
func TestBadInput(t *testing.T) {
	vf := loadVectors(t)
	k1024 := vf.Keys["customer_1024"]
	key, pub := privateKey(t, k1024.Private), publicKey(t, k1024.Public)
	f := vf.Fixed
	jssdk := JssdkSignParams{AppID: f["appId"], AppKey: f["appkey"], TraceID: f["traceId_msgId"], Timestamp: f["timestamp"]}
	with := func(change func(*JssdkSignParams)) JssdkSignParams {
		p := jssdk
		change(&p)
		return p
	}
	var nilKey *PrivateKey
	var nilPub *PublicKey
	sig, err := RSASign(key, "data", SHA256WithRSA, EncodingBase64)
	if err != nil {
		t.Fatalf("RSASign: %v", err)
	}

	cases := []struct {
		name     string
		err      error
		status   Status
		sentinel error
		mention  string // a word the message must contain
	}{
		{"empty private key", second(LoadPrivateKey("")), StatusKey, ErrKey, "empty"},
		{"garbage private key", second(LoadPrivateKey("not a key")), StatusKey, ErrKey, "Base64"},
		{"public key as private", second(LoadPrivateKey(k1024.Public)), StatusKey, ErrKey, "public key"},
		{"private key as public", second(LoadPublicKey(k1024.Private)), StatusKey, ErrKey, "private key"},
		{"truncated private key", second(LoadPrivateKey(k1024.Private[:100])), StatusKey, ErrKey, "key"},
		{"empty public key", second(LoadPublicKey("")), StatusKey, ErrKey, "empty"},
		{"key size", third(GenerateKeyPair(512)), StatusKey, ErrKey, "512"},
		{"negative key size", third(GenerateKeyPair(-1)), StatusInvalidArg, ErrInvalidArg, "bits"},
		{"key size beyond uint32", third(GenerateKeyPair(math.MaxInt)), StatusInvalidArg, ErrInvalidArg, "bits"},
		{"jssdk empty app_id", second(JssdkSign(with(func(p *JssdkSignParams) { p.AppID = "" }))), StatusInvalidArg, ErrInvalidArg, "app_id"},
		{"jssdk empty app_key", second(JssdkSign(with(func(p *JssdkSignParams) { p.AppKey = "" }))), StatusInvalidArg, ErrInvalidArg, "app_key"},
		{"jssdk short timestamp", second(JssdkSign(with(func(p *JssdkSignParams) { p.Timestamp = "2024" }))), StatusInvalidArg, ErrInvalidArg, "17 digits"},
		{"jssdk base64", second(JssdkSign(with(func(p *JssdkSignParams) { p.Encoding = EncodingBase64 }))), StatusInvalidArg, ErrInvalidArg, "hex"},
		{"jssdk unknown encoding", second(JssdkSign(with(func(p *JssdkSignParams) { p.Encoding = 9 }))), StatusInvalidArg, ErrInvalidArg, "encoding"},
		{"jssdk invalid UTF-8", second(JssdkSign(with(func(p *JssdkSignParams) { p.AppID = "\xff300" }))), StatusInvalidUTF8, ErrInvalidUTF8, "app_id"},
		{"jssdk NUL byte", second(JssdkSign(with(func(p *JssdkSignParams) { p.AppKey += "\x00x" }))), StatusInvalidArg, ErrInvalidArg, "NUL"},
		{"sign unknown algorithm", second(RSASign(key, "x", 9, EncodingBase64)), StatusInvalidArg, ErrInvalidArg, "algorithm"},
		{"sign unknown encoding", second(RSASign(key, "x", MD5WithRSA, 0)), StatusInvalidArg, ErrInvalidArg, "encoding"},
		{"sign nil key", second(RSASign(nilKey, "x", MD5WithRSA, EncodingBase64)), StatusNullArg, ErrNullArg, "NULL"},
		{"sign invalid UTF-8", second(RSASign(key, "\xc3(", MD5WithRSA, EncodingBase64)), StatusInvalidUTF8, ErrInvalidUTF8, "data"},
		{"verify empty signature", RSAVerify(pub, "data", "", SHA256WithRSA, EncodingBase64), StatusSignature, ErrSignature, "verify"},
		{"verify not Base64", RSAVerify(pub, "data", "%%%", SHA256WithRSA, EncodingBase64), StatusSignature, ErrSignature, "signature"},
		{"verify wrong encoding", RSAVerify(pub, "data", sig, SHA256WithRSA, EncodingHexUpper), StatusSignature, ErrSignature, "signature"},
		{"verify nil key", RSAVerify(nilPub, "data", sig, SHA256WithRSA, EncodingBase64), StatusNullArg, ErrNullArg, "NULL"},
		{"verify unknown algorithm", RSAVerify(pub, "data", sig, 9, EncodingBase64), StatusInvalidArg, ErrInvalidArg, "algorithm"},
		{"token sign empty token", second(TokenValidateSign(key, f["appId"], f["traceId_msgId"], f["timestamp"], "", "2.0")), StatusInvalidArg, ErrInvalidArg, "token"},
		{"token sign bad timestamp", second(TokenValidateSign(key, f["appId"], f["traceId_msgId"], "x", f["token_h5"], "2.0")), StatusInvalidArg, ErrInvalidArg, "timestamp"},
		{"token sign nil key", second(TokenValidateSign(nilKey, f["appId"], f["traceId_msgId"], f["timestamp"], f["token_h5"], "2.0")), StatusNullArg, ErrNullArg, "NULL"},
		{"presign empty", second(PresignSign(key, "")), StatusInvalidArg, ErrInvalidArg, "presign"},
		{"presign nil key", second(PresignSign(nilKey, "x")), StatusNullArg, ErrNullArg, "NULL"},
		{"encrypt empty", second(RSAEncrypt(pub, "")), StatusInvalidArg, ErrInvalidArg, "plaintext"},
		{"encrypt too long", second(RSAEncrypt(pub, strings.Repeat("x", 65537))), StatusInvalidArg, ErrInvalidArg, "plaintext"},
		{"encrypt nil key", second(RSAEncrypt(nilPub, "x")), StatusNullArg, ErrNullArg, "NULL"},
		{"decrypt empty", second(RSADecrypt(key, "")), StatusInvalidArg, ErrInvalidArg, "empty"},
		{"decrypt garbage", second(RSADecrypt(key, "zz")), StatusCrypto, ErrCrypto, "ciphertext"},
		{"decrypt wrong key", second(RSADecrypt(privateKey(t, vf.Keys["platform_1024"].Private), vectorCiphertext(t, vf, "app_msisdn_rsa_customer_1024"))), StatusCrypto, ErrCrypto, "decrypt"},
		{"decrypt nil key", second(RSADecrypt(nilKey, "zz")), StatusNullArg, ErrNullArg, "NULL"},
		{"phone not a mobile number", second(EncryptPhone(pub, "23800138000", f["appkey"], f["timestamp"])), StatusInvalidArg, ErrInvalidArg, "phone"},
		{"phone empty", second(EncryptPhone(pub, "", f["appkey"], f["timestamp"])), StatusInvalidArg, ErrInvalidArg, "phone"},
		{"phone empty appkey", second(EncryptPhone(pub, f["phone"], "", f["timestamp"])), StatusInvalidArg, ErrInvalidArg, "app_key"},
		{"phone nil key", second(EncryptPhone(nilPub, f["phone"], f["appkey"], f["timestamp"])), StatusNullArg, ErrNullArg, "NULL"},
		{"msisdn wrong appkey", second(DecryptMsisdn(strings.Repeat("0", 32), vectorCiphertext(t, vf, "h5_msisdn_aes128ecb"))), StatusCrypto, ErrCrypto, "appkey"},
		{"msisdn short appkey", second(DecryptMsisdn("short", vectorCiphertext(t, vf, "h5_msisdn_aes128ecb"))), StatusInvalidArg, ErrInvalidArg, "16"},
		{"msisdn empty", second(DecryptMsisdn(f["appkey"], "")), StatusInvalidArg, ErrInvalidArg, "msisdn"},
		{"msisdn not Base64", second(DecryptMsisdn(f["appkey"], "%%%")), StatusCrypto, ErrCrypto, "msisdn"},
		{"msisdn empty appkey", second(DecryptMsisdn("", vectorCiphertext(t, vf, "h5_msisdn_aes128ecb"))), StatusInvalidArg, ErrInvalidArg, "app_key"},
		{"app MD5 short system time", second(AppLoginMD5Sign(AppLoginMD5SignParams{AppID: f["appId"], Version: "2.0", MsgID: "m", SystemTime: "2024", StrictCheck: "0", Token: "t", Secret: "s"})), StatusInvalidArg, ErrInvalidArg, "17 digits"},
		{"app MD5 base64", second(AppLoginMD5Sign(AppLoginMD5SignParams{AppID: f["appId"], Version: "2.0", MsgID: "m", SystemTime: f["timestamp"], StrictCheck: "0", Token: "t", Secret: "s", Encoding: EncodingBase64})), StatusInvalidArg, ErrInvalidArg, "hex"},
		{"app MD5 empty secret", second(AppLoginMD5Sign(AppLoginMD5SignParams{AppID: f["appId"], Version: "2.0", MsgID: "m", SystemTime: f["timestamp"], StrictCheck: "0", Token: "t"})), StatusInvalidArg, ErrInvalidArg, "secret"},
		{"keyType0 bad phone", third(AppNumberSignKeyType0(AppNumberKeyType0Params{AppID: f["appId"], AppKey: f["appkey"], MsgID: "m", Phone: "123", Timestamp: f["timestamp"], Token: "t", Version: "1.0"})), StatusInvalidArg, ErrInvalidArg, "phone"},
		{"keyType0 empty version", third(AppNumberSignKeyType0(AppNumberKeyType0Params{AppID: f["appId"], AppKey: f["appkey"], MsgID: "m", Phone: f["phone"], Timestamp: f["timestamp"], Token: "t"})), StatusInvalidArg, ErrInvalidArg, "version"},
		{"code unknown product", second(CodeDescribe("104007", "no_such_product", "")), StatusInvalidArg, ErrInvalidArg, "product"},
		{"code unknown stage", second(CodeDescribe("104007", ProductMPOnekeyLogin, "no_such_stage")), StatusInvalidArg, ErrInvalidArg, "stage"},
		{"client empty config", second(NewClient("")), StatusInvalidArg, ErrInvalidArg, "JSON"},
		{"client no app_id", second(NewClient("{}")), StatusInvalidArg, ErrInvalidArg, "app_id"},
		{"client unknown key", second(NewClient(`{"app_id":"1","timeout":5}`)), StatusInvalidArg, ErrInvalidArg, `"timeout"`},
		{"client bad private key", second(NewClient(`{"app_id":"1","private_key":"abc"}`)), StatusKey, ErrKey, "private_key"},
		{"client http to a remote host", second(NewClient(`{"app_id":"1","base_url":"http://www.cmpassport.com"}`)), StatusInvalidArg, ErrInvalidArg, "loopback"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := wantStatus(t, c.err, c.status, c.sentinel)
			if !strings.Contains(e.Message, c.mention) {
				t.Fatalf("message %q does not mention %q", e.Message, c.mention)
			}
			if e.PlatformCode != "" {
				t.Fatalf("non-platform error with platform code %q", e.PlatformCode)
			}
		})
	}
}

// TestNULInStrings checks that every function and method taking strings refuses one containing a NUL byte
// with ErrInvalidArg naming the argument, before C could cut the string there.
func TestNULInStrings(t *testing.T) {
	vf := loadVectors(t)
	k1024 := vf.Keys["customer_1024"]
	key, pub := privateKey(t, k1024.Private), publicKey(t, k1024.Public)
	client, err := NewClient(`{"app_id":"1"}`)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer client.Close()
	const nul, ts = "x\x00tail", "20240131235959123"

	cases := []struct {
		name     string
		err      error
		argument string // the C parameter the message must name
	}{
		{"LoadPrivateKey", second(LoadPrivateKey(nul)), "text"},
		{"LoadPublicKey", second(LoadPublicKey(nul)), "text"},
		{"JssdkSign", second(JssdkSign(JssdkSignParams{AppID: "1", AppKey: nul, TraceID: "t", Timestamp: ts})), "app_key"},
		{"JssdkSign version", second(JssdkSign(JssdkSignParams{AppID: "1", AppKey: "k", TraceID: "t", Timestamp: ts, Version: nul})), "version"},
		{"RSASign", second(RSASign(key, nul, SHA256WithRSA, EncodingBase64)), "data"},
		{"RSAVerify data", RSAVerify(pub, nul, "AAAA", SHA256WithRSA, EncodingBase64), "data"},
		{"RSAVerify signature", RSAVerify(pub, "data", nul, SHA256WithRSA, EncodingBase64), "signature"},
		{"TokenValidateSign", second(TokenValidateSign(key, "1", "t", ts, nul, "2.0")), "token"},
		{"PresignSign", second(PresignSign(key, nul)), "presign"},
		{"AppLoginMD5Sign", second(AppLoginMD5Sign(AppLoginMD5SignParams{AppID: "1", Version: "2.0", MsgID: "m", SystemTime: ts, StrictCheck: "0", Token: "t", Secret: nul})), "secret"},
		{"AppNumberSignKeyType0", third(AppNumberSignKeyType0(AppNumberKeyType0Params{AppID: "1", AppKey: "k", MsgID: "m", Phone: nul, Timestamp: ts, Token: "t", Version: "1.0"})), "phone"},
		{"RSAEncrypt", second(RSAEncrypt(pub, nul)), "plaintext"},
		{"RSADecrypt", second(RSADecrypt(key, nul)), "ciphertext"},
		{"EncryptPhone", second(EncryptPhone(pub, "13800138000", nul, ts)), "app_key"},
		{"DecryptMsisdn", second(DecryptMsisdn("0123456789abcdef", nul)), "msisdn"},
		{"CodeDescribe", second(CodeDescribe(nul, "", "")), "code"},
		{"CodeDescribe stage", second(CodeDescribe("103000", "", nul)), "stage"},
		{"NewClient", second(NewClient(`{"app_id":"` + nul + `"}`)), "config_json"},
		{"Client.PresignSign", second(client.PresignSign(nul)), "presign"},
		{"Client.OnekeyValidate", second(client.OnekeyValidate(context.Background(), "t", "ui", nul)), "expand_params"},
		{"Client.NumberVerify", second(client.NumberVerify(context.Background(), "t", nul, "13800138000", "")), "user_information"},
		{"Client.AppLoginValidate", second(client.AppLoginValidate(context.Background(), nul, "")), "token"},
		{"Client.AppNumberVerify", second(client.AppNumberVerify(context.Background(), "t", nul, "")), "phone"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := wantStatus(t, c.err, StatusInvalidArg, ErrInvalidArg)
			if want := c.argument + " contains a NUL byte"; !strings.Contains(e.Message, want) {
				t.Fatalf("message %q does not say %q", e.Message, want)
			}
		})
	}
	// CodeMessage returns no error: a NUL byte makes the code unknown.
	if msg, ok := CodeMessage("103000"+nul, "", ""); ok {
		t.Fatalf("CodeMessage with a NUL byte = %q, true; want false", msg)
	}
}

func second[T any](_ T, err error) error { return err }

func third[T, U any](_ T, _ U, err error) error { return err }

func vectorCiphertext(t *testing.T, vf vectorFile, id string) string {
	for _, v := range vf.Vectors {
		if v.ID == id {
			return v.CiphertextBase64
		}
	}
	t.Fatalf("no vector %s", id)
	return ""
}

// TestSecretsNotInMessages checks that key material and appkeys passed in never appear in error messages.
func TestSecretsNotInMessages(t *testing.T) {
	vf := loadVectors(t)
	secret := vf.Keys["customer_2048"].Private
	appKey := vf.Fixed["appkey"]
	for _, err := range []error{
		second(LoadPrivateKey(secret[:len(secret)-40])),
		second(NewClient(`{"app_id":"1","app_key":"` + appKey + `","private_key":"` + secret[:200] + `"}`)),
		second(DecryptMsisdn(appKey, "AAAAAAAAAAAAAAAAAAAAAA==")),
	} {
		if err == nil {
			t.Fatal("expected an error")
		}
		if msg := err.Error(); strings.Contains(msg, secret[30:60]) || strings.Contains(msg, appKey[:16]) {
			t.Fatalf("secret in error message: %s", msg)
		}
	}
}

// TestErrorShape checks the *Error fields, its text, errors.Is / errors.As and the status names.
func TestErrorShape(t *testing.T) {
	err := second(LoadPublicKey(""))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("errors.As(%T) failed", err)
	}
	if e.Status != StatusKey || e.Status.String() != "YDRZ_E_KEY" || int32(e.Status) != 10 {
		t.Fatalf("status %d %s", int32(e.Status), e.Status)
	}
	if got := e.Error(); !strings.HasPrefix(got, "ydrz: YDRZ_E_KEY (10): ") || !strings.HasSuffix(got, e.Message) {
		t.Fatalf("Error() = %q", got)
	}
	if errors.Is(err, ErrCrypto) || !errors.Is(err, ErrKey) {
		t.Fatal("errors.Is matches the wrong sentinel")
	}
	platform := &Error{Status: StatusPlatform, PlatformCode: "104007", Message: "m"}
	if got := platform.Error(); got != "ydrz: YDRZ_E_PLATFORM (30), platform code 104007: m" {
		t.Fatalf("Error() = %q", got)
	}
	names := map[Status]string{
		StatusOK: "YDRZ_OK", StatusNullArg: "YDRZ_E_NULL_ARG", StatusInvalidArg: "YDRZ_E_INVALID_ARG",
		StatusInvalidUTF8: "YDRZ_E_INVALID_UTF8", StatusKey: "YDRZ_E_KEY", StatusCrypto: "YDRZ_E_CRYPTO",
		StatusSignature: "YDRZ_E_SIGNATURE", StatusNetwork: "YDRZ_E_NETWORK", StatusTimeout: "YDRZ_E_TIMEOUT",
		StatusHTTP: "YDRZ_E_HTTP", StatusProtocol: "YDRZ_E_PROTOCOL", StatusPlatform: "YDRZ_E_PLATFORM",
		StatusTokenReused: "YDRZ_E_TOKEN_REUSED", StatusPanic: "YDRZ_E_PANIC", Status(77): "YDRZ_UNKNOWN",
	}
	for s, want := range names {
		if s.String() != want {
			t.Errorf("Status(%d).String() = %q, want %q", int32(s), s.String(), want)
		}
	}
	sentinels := []error{ErrNullArg, ErrInvalidArg, ErrInvalidUTF8, ErrKey, ErrCrypto, ErrSignature, ErrNetwork,
		ErrTimeout, ErrHTTP, ErrProtocol, ErrPlatform, ErrTokenReused, ErrPanic}
	for i, s := range sentinels {
		for j, other := range sentinels {
			if (i == j) != errors.Is(s, other) {
				t.Errorf("errors.Is(%v, %v) = %v", s, other, i != j)
			}
		}
	}
}

// TestVersion checks the load-time ABI check and the version strings.
func TestVersion(t *testing.T) {
	if ABIVersion() != abiVersion {
		t.Fatalf("ABIVersion() = %d", ABIVersion())
	}
	if err := checkABI(abiVersion); err != nil {
		t.Fatalf("checkABI(%d) = %v", abiVersion, err)
	}
	err := checkABI(2)
	if err == nil || !strings.Contains(err.Error(), "ABI version 2") || !strings.Contains(err.Error(), "libydrz.so.1") {
		t.Fatalf("checkABI(2) = %v", err)
	}
	cargo, err := os.ReadFile(filepath.Join(repoRoot(t), "Cargo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^version = "([^"]+)"`).FindSubmatch(cargo)
	if m == nil || Version() != string(m[1]) {
		t.Fatalf("Version() = %q, Cargo.toml says %q", Version(), m)
	}
}
