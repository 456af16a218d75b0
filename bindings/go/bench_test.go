package ydrz

// Benchmarks of the binding (impl=ydrz, key handle loaded once; impl=ydrz-load-per-call) next to the
// hand-written Go equivalent with crypto/md5, crypto/rsa + crypto/x509 and net/http (impl=stdlib, key
// parsed once; impl=stdlib-parse-per-call, key parsed on every call as common RsaUtils ports do).
// Run them with bench.sh (medians and ratios via benchstat), not from test.sh.

import (
	"bytes"
	"context"
	"crypto"
	"crypto/aes"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// benchSink keeps results alive so that the compiler cannot drop the work.
var benchSink string

func BenchmarkJssdkSign(b *testing.B) {
	f := loadVectors(b).Fixed
	want := jssdkVector(b).ExpectedHexUpper
	p := JssdkSignParams{AppID: f["appId"], AppKey: f["appkey"], TraceID: f["traceId_msgId"], Timestamp: f["timestamp"]}
	b.Run("impl=ydrz", func(b *testing.B) {
		for b.Loop() {
			s, err := JssdkSign(p)
			if err != nil || s != want {
				b.Fatalf("JssdkSign = %q, %v", s, err)
			}
			benchSink = s
		}
	})
	b.Run("impl=stdlib", func(b *testing.B) {
		for b.Loop() {
			s := stdJssdkSign(p.AppID, p.AppKey, p.TraceID, p.Timestamp)
			if s != want {
				b.Fatalf("stdJssdkSign = %q", s)
			}
			benchSink = s
		}
	})
}

func jssdkVector(b *testing.B) vector {
	for _, v := range loadVectors(b).Vectors {
		if v.ID == "jssdk_md5_sign_bt8" {
			return v
		}
	}
	b.Fatal("vector jssdk_md5_sign_bt8 not found")
	return vector{}
}

// stdJssdkSign is the usual hand-written jssdk sign: businessType 8, version 2.0, msgId = traceId.
func stdJssdkSign(appID, appKey, traceID, timestamp string) string {
	sum := md5.Sum([]byte(appID + "8" + traceID + timestamp + traceID + "2.0" + appKey))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func BenchmarkTokenValidateSign(b *testing.B) {
	vf := loadVectors(b)
	for _, bits := range []string{"1024", "2048"} {
		var v vector
		for _, x := range vf.Vectors {
			if x.ID == "h5_tokenValidate_sign_v2.0_customer_"+bits {
				v = x
			}
		}
		keyText := vf.Keys["customer_"+bits].Private
		in := v.Inputs
		check := func(b *testing.B, s string, err error) {
			if err != nil || s != v.ExpectedHexUpper {
				b.Fatalf("sign = %.16q..., %v", s, err)
			}
			benchSink = s
		}
		b.Run("bits="+bits+"/impl=ydrz", func(b *testing.B) {
			key := privateKey(b, keyText)
			for b.Loop() {
				s, err := TokenValidateSign(key, in["appId"], in["traceId"], in["timestamp"], in["token"], in["version"])
				check(b, s, err)
			}
		})
		b.Run("bits="+bits+"/impl=ydrz-load-per-call", func(b *testing.B) {
			for b.Loop() {
				key, err := LoadPrivateKey(keyText)
				if err != nil {
					b.Fatal(err)
				}
				s, err := TokenValidateSign(key, in["appId"], in["traceId"], in["timestamp"], in["token"], in["version"])
				key.Close()
				check(b, s, err)
			}
		})
		b.Run("bits="+bits+"/impl=stdlib-parse-per-call", func(b *testing.B) {
			for b.Loop() {
				key, err := stdParseKey(keyText)
				if err != nil {
					b.Fatal(err)
				}
				s, err := stdTokenValidateSign(key, in["appId"], in["traceId"], in["timestamp"], in["token"], in["version"])
				check(b, s, err)
			}
		})
		b.Run("bits="+bits+"/impl=stdlib", func(b *testing.B) {
			key, err := stdParseKey(keyText)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				s, err := stdTokenValidateSign(key, in["appId"], in["traceId"], in["timestamp"], in["token"], in["version"])
				check(b, s, err)
			}
		})
	}
}

// stdParseKey is the RsaUtils way: Base64 PKCS#8 through crypto/x509.
func stdParseKey(text string) (*rsa.PrivateKey, error) {
	der, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, err
	}
	parsed, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	key, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	return key, nil
}

// stdTokenValidateSign is SHA256withRSA over appId+traceId+timestamp+token+version, upper-case hex.
func stdTokenValidateSign(key *rsa.PrivateKey, appID, traceID, timestamp, token, version string) (string, error) {
	sum := sha256.Sum256([]byte(appID + traceID + timestamp + token + version))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return strings.ToUpper(hex.EncodeToString(sig)), nil
}

// BenchmarkOnekeyValidate is the whole one-click login call against a sandbox process: sign, POST, parse,
// decrypt the msisdn. Tokens are issued before the timer starts, one per call.
func BenchmarkOnekeyValidate(b *testing.B) {
	s := startSandbox(b)
	app := s.app(b, "demo")
	tokens := func(b *testing.B) []sandboxToken {
		b.StopTimer()
		defer b.StartTimer()
		out := make([]sandboxToken, b.N)
		for i := range out {
			out[i] = s.token(b, "onekey", phone(i%10000), 0)
		}
		return out
	}
	check := func(b *testing.B, i int, got string, err error) {
		if err != nil || got != phone(i%10000) {
			b.Fatalf("validate %d: %v (right phone: %v)", i, err, got == phone(i%10000))
		}
	}
	b.Run("impl=ydrz", func(b *testing.B) {
		client := s.client(b, nil)
		toks := tokens(b)
		for i := 0; i < b.N; i++ {
			login, err := client.OnekeyValidate(context.Background(), toks[i].Token, toks[i].UserInformation, "")
			check(b, i, login.Phone, err)
		}
	})
	hand := stdOnekeyClient{http: &http.Client{Timeout: 10 * time.Second}, url: s.BaseURL + "/h5/onekeylogin/tokenValidate",
		appID: app.AppID, appKey: app.AppKey, keyText: app.CustomerPrivateKey}
	b.Run("impl=stdlib-parse-per-call", func(b *testing.B) {
		toks := tokens(b)
		for i := 0; i < b.N; i++ {
			got, err := hand.validate(nil, toks[i].Token, toks[i].UserInformation)
			check(b, i, got, err)
		}
	})
	b.Run("impl=stdlib", func(b *testing.B) {
		key, err := stdParseKey(app.CustomerPrivateKey)
		if err != nil {
			b.Fatal(err)
		}
		toks := tokens(b)
		for i := 0; i < b.N; i++ {
			got, err := hand.validate(key, toks[i].Token, toks[i].UserInformation)
			check(b, i, got, err)
		}
	})
}

// stdOnekeyClient is the usual hand-written tokenValidate client: net/http, crypto/rsa and crypto/aes.
type stdOnekeyClient struct {
	http                        *http.Client
	url, appID, appKey, keyText string
}

// validate POSTs tokenValidate and decrypts the msisdn; a nil key is parsed from keyText for this call.
func (c stdOnekeyClient) validate(key *rsa.PrivateKey, token, userInformation string) (string, error) {
	if key == nil {
		var err error
		if key, err = stdParseKey(c.keyText); err != nil {
			return "", err
		}
	}
	id := make([]byte, 16)
	rand.Read(id)
	traceID := hex.EncodeToString(id)
	timestamp := strings.Replace(time.Now().In(time.FixedZone("CST", 8*3600)).Format("20060102150405.000"), ".", "", 1)
	sign, err := stdTokenValidateSign(key, c.appID, traceID, timestamp, token, "2.0")
	if err != nil {
		return "", err
	}
	body, err := json.Marshal(map[string]string{"token": token, "sign": sign, "userInformation": userInformation, "expandParams": ""})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	for k, v := range map[string]string{"Content-Type": "application/json", "interfaceVersion": "2.0", "appId": c.appID,
		"traceId": traceID, "timestamp": timestamp, "businessType": "8"} {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	var answer struct {
		ResultCode string `json:"resultCode"`
		Msisdn     string `json:"msisdn"`
		Data       struct {
			Msisdn string `json:"msisdn"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &answer); err != nil {
		return "", err
	}
	if answer.ResultCode != "103000" {
		return "", fmt.Errorf("resultCode %s", answer.ResultCode)
	}
	msisdn := answer.Data.Msisdn
	if msisdn == "" {
		msisdn = answer.Msisdn
	}
	return stdDecryptMsisdn(c.appKey, msisdn)
}

// stdDecryptMsisdn is AES-128-ECB/PKCS#7 with the first 16 bytes of the appkey, as hand-written ports do.
func stdDecryptMsisdn(appKey, msisdn string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(msisdn)
	if err != nil || len(raw) == 0 || len(raw)%aes.BlockSize != 0 {
		return "", errors.New("bad msisdn")
	}
	block, err := aes.NewCipher([]byte(appKey[:16]))
	if err != nil {
		return "", err
	}
	for i := 0; i < len(raw); i += aes.BlockSize {
		block.Decrypt(raw[i:i+aes.BlockSize], raw[i:i+aes.BlockSize])
	}
	pad := int(raw[len(raw)-1])
	if pad == 0 || pad > aes.BlockSize {
		return "", errors.New("bad padding")
	}
	return string(raw[:len(raw)-pad]), nil
}
