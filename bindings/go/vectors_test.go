package ydrz

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestVectors checks every vector of tests/data/vectors.json.
func TestVectors(t *testing.T) {
	vf := loadVectors(t)
	for _, v := range vf.Vectors {
		t.Run(v.ID, func(t *testing.T) {
			switch {
			case strings.HasPrefix(v.ID, "jssdk_md5_sign_"):
				checkJssdkVector(t, v)
			case strings.HasPrefix(v.ID, "h5_tokenValidate_sign_"):
				key := privateKey(t, vf.Keys[v.Key].Private)
				in := v.Inputs
				got, err := TokenValidateSign(key, in["appId"], in["traceId"], in["timestamp"], in["token"], in["version"])
				if err != nil || got != v.ExpectedHexUpper {
					t.Fatalf("TokenValidateSign = %q, %v; want %q", got, err, v.ExpectedHexUpper)
				}
				if in["version"] == "2.0" { // "" is not given: the library's default
					if got, err := TokenValidateSign(key, in["appId"], in["traceId"], in["timestamp"], in["token"], ""); err != nil || got != v.ExpectedHexUpper {
						t.Fatalf("TokenValidateSign with the default version = %q, %v; want %q", got, err, v.ExpectedHexUpper)
					}
				}
				checkSignatureVector(t, vf, v, SHA256WithRSA)
			case strings.HasPrefix(v.ID, "app_loginTokenValidate_rsa_"):
				checkSignatureVector(t, vf, v, SHA256WithRSA)
			case strings.HasPrefix(v.ID, "preSign_MD5withRSA_"):
				key := privateKey(t, vf.Keys[v.Key].Private)
				if got, err := PresignSign(key, v.StringToSign); err != nil || got != v.ExpectedBase64 {
					t.Fatalf("PresignSign = %q, %v; want %q", got, err, v.ExpectedBase64)
				}
				checkSignatureVector(t, vf, v, MD5WithRSA)
			case strings.HasPrefix(v.ID, "preSign_SHA256withRSA_"), strings.HasPrefix(v.ID, "numberVerify_sign_SHA256withRSA_"):
				checkSignatureVector(t, vf, v, SHA256WithRSA)
			case strings.HasPrefix(v.ID, "numberVerify_sign_MD5withRSA_"):
				checkSignatureVector(t, vf, v, MD5WithRSA)
			case strings.HasPrefix(v.ID, "phoneNum_rsa_"):
				checkCiphertextVector(t, vf, v)
				f := vf.Fixed
				pub := publicKey(t, vf.Keys[v.Key].Public)
				phoneNum, err := EncryptPhone(pub, f["phone"], f["appkey"], f["timestamp"])
				if err != nil {
					t.Fatalf("EncryptPhone: %v", err)
				}
				checkRoundTrip(t, vf, v, phoneNum)
			case strings.HasPrefix(v.ID, "encryptedDataOnJava_chunking_"):
				checkCiphertextVector(t, vf, v)
				pub := publicKey(t, vf.Keys[v.Key].Public)
				ciphertext, err := RSAEncrypt(pub, v.Plaintext)
				if err != nil {
					t.Fatalf("RSAEncrypt: %v", err)
				}
				checkRoundTrip(t, vf, v, ciphertext)
			case v.ID == "h5_msisdn_aes128ecb":
				if got, err := DecryptMsisdn(v.Appkey, v.CiphertextBase64); err != nil || got != v.Plaintext {
					t.Fatalf("DecryptMsisdn = %q, %v; want the vector's plaintext", got, err)
				}
				if got, err := DecryptMsisdn(v.Appkey, v.Plaintext); err != nil || got != v.Plaintext {
					t.Fatalf("DecryptMsisdn of a plain number = %q, %v; want it unchanged", got, err)
				}
			case strings.HasPrefix(v.ID, "app_msisdn_rsa_"):
				key := privateKey(t, vf.Keys[v.Key].Private)
				for _, c := range []string{v.CiphertextHexUpper, strings.ToLower(v.CiphertextHexUpper), v.CiphertextBase64} {
					if got, err := RSADecrypt(key, c); err != nil || got != v.Plaintext {
						t.Fatalf("RSADecrypt(%.12s...) = %q, %v; want the vector's plaintext", c, got, err)
					}
				}
			case v.ID == "app_loginTokenValidate_md5":
				checkAppLoginMD5Vector(t, v)
			case v.ID == "app_tokenValidate_keyType0":
				checkKeyType0Vector(t, vf, v)
			default:
				t.Fatalf("vector %s is not handled by this test: add it", v.ID)
			}
		})
	}
}

func checkAppLoginMD5Vector(t *testing.T, v vector) {
	in := v.Inputs
	p := AppLoginMD5SignParams{AppID: in["appid"], Version: in["version"], MsgID: in["msgid"], SystemTime: in["systemtime"],
		StrictCheck: in["strictcheck"], Token: in["token"], Secret: in["APPSecret_or_appkey"]}
	if got := p.AppID + p.Version + p.MsgID + p.SystemTime + p.StrictCheck + p.Token + p.Secret; got != v.StringToSign {
		t.Fatalf("the inputs do not make the vector's string to sign")
	}
	for enc, want := range map[Encoding]string{0: v.ExpectedHexUpper, EncodingHexUpper: v.ExpectedHexUpper, EncodingHexLower: v.ExpectedHexLower} {
		p.Encoding = enc
		if got, err := AppLoginMD5Sign(p); err != nil || got != want {
			t.Fatalf("AppLoginMD5Sign(encoding %d) = %q, %v; want %q", enc, got, err, want)
		}
	}
}

// checkKeyType0Vector takes the inputs from the fixed inputs and checks they make the vector's strings.
func checkKeyType0Vector(t *testing.T, vf vectorFile, v vector) {
	f := vf.Fixed
	p := AppNumberKeyType0Params{AppID: f["appId"], AppKey: v.HMACKey, MsgID: f["traceId_msgId"], Phone: f["phone"],
		Timestamp: f["timestamp"], Token: f["token_app"]}
	if p.Phone+p.AppKey+p.Timestamp != v.PhoneNumInput {
		t.Fatal("the fixed inputs do not make the vector's phoneNum input")
	}
	prefix := p.AppID + p.MsgID + v.ExpectedPhoneNum + p.Timestamp + p.Token
	if !strings.HasPrefix(v.StringToSign, prefix) {
		t.Fatal("the fixed inputs do not make the vector's string to sign")
	}
	p.Version = strings.TrimPrefix(v.StringToSign, prefix)
	phoneNum, sign, err := AppNumberSignKeyType0(p)
	if err != nil || phoneNum != v.ExpectedPhoneNum || sign != v.ExpectedHMACSign {
		t.Fatalf("AppNumberSignKeyType0 = %q, %q, %v; want %q, %q", phoneNum, sign, err, v.ExpectedPhoneNum, v.ExpectedHMACSign)
	}
}

func checkJssdkVector(t *testing.T, v vector) {
	in := v.Inputs
	if in["msgId"] != in["traceId"] {
		t.Fatalf("vector has msgId != traceId, which ydrz_jssdk_sign cannot express")
	}
	params := JssdkSignParams{AppID: in["appId"], AppKey: in["appkey"], TraceID: in["traceId"],
		Timestamp: in["timestamp"], Version: in["version"], BusinessType: in["businessType"]}
	for enc, want := range map[Encoding]string{EncodingHexUpper: v.ExpectedHexUpper, EncodingHexLower: v.ExpectedHexLower} {
		params.Encoding = enc
		if got, err := JssdkSign(params); err != nil || got != want {
			t.Fatalf("JssdkSign(encoding %d) = %q, %v; want %q", enc, got, err, want)
		}
	}
	// The empty Encoding is the upper-case default, and when the vector uses the default version and
	// business type, leaving them empty gives the same sign.
	params.Encoding = 0
	if in["version"] == "2.0" && in["businessType"] == "8" {
		params.Version, params.BusinessType = "", ""
	}
	if got, err := JssdkSign(params); err != nil || got != v.ExpectedHexUpper {
		t.Fatalf("JssdkSign with defaults = %q, %v; want %q", got, err, v.ExpectedHexUpper)
	}
}

// checkSignatureVector signs the string to sign in every encoding the vector gives, and verifies each
// signature (and a tampered one) with the public key.
func checkSignatureVector(t *testing.T, vf vectorFile, v vector, alg SignAlgorithm) {
	key := privateKey(t, vf.Keys[v.Key].Private)
	pub := publicKey(t, vf.Keys[v.Key].Public)
	expected := map[Encoding]string{
		EncodingHexUpper: v.ExpectedHexUpper, EncodingHexLower: v.ExpectedHexLower, EncodingBase64: v.ExpectedBase64,
	}
	checked := 0
	for enc, want := range expected {
		if want == "" {
			continue
		}
		checked++
		if got, err := RSASign(key, v.StringToSign, alg, enc); err != nil || got != want {
			t.Fatalf("RSASign(encoding %d) = %q, %v; want %q", enc, got, err, want)
		}
		if err := RSAVerify(pub, v.StringToSign, want, alg, enc); err != nil {
			t.Fatalf("RSAVerify(encoding %d) of the vector's signature: %v", enc, err)
		}
		wantStatus(t, RSAVerify(pub, v.StringToSign+" ", want, alg, enc), StatusSignature, ErrSignature)
	}
	if checked == 0 {
		t.Fatal("vector has no expected signature")
	}
	other := SHA256WithRSA
	if alg == SHA256WithRSA {
		other = MD5WithRSA
	}
	if v.ExpectedBase64 != "" {
		wantStatus(t, RSAVerify(pub, v.StringToSign, v.ExpectedBase64, other, EncodingBase64), StatusSignature, ErrSignature)
	}
}

// checkCiphertextVector decrypts the vector's ciphertext with the private key of its key pair.
func checkCiphertextVector(t *testing.T, vf vectorFile, v vector) {
	key := privateKey(t, vf.Keys[v.Key].Private)
	if got, err := RSADecrypt(key, v.CiphertextBase64); err != nil || got != v.Plaintext {
		t.Fatalf("RSADecrypt of the vector = %q, %v; want the vector's plaintext", got, err)
	}
}

// checkRoundTrip checks that our own (randomized) ciphertext has the vector's size and decrypts to the
// vector's plaintext.
func checkRoundTrip(t *testing.T, vf vectorFile, v vector, ciphertext string) {
	raw, err := base64.StdEncoding.DecodeString(ciphertext)
	if err != nil {
		t.Fatalf("ciphertext is not Base64: %v", err)
	}
	if len(raw) != v.CiphertextLen {
		t.Fatalf("ciphertext has %d bytes, want %d", len(raw), v.CiphertextLen)
	}
	if v.ExpectedBlocks > 0 && len(raw) != v.ExpectedBlocks*vf.Keys[v.Key].Bits/8 {
		t.Fatalf("ciphertext has %d bytes, want %d blocks", len(raw), v.ExpectedBlocks)
	}
	if ciphertext == v.CiphertextBase64 {
		t.Fatal("PKCS#1 v1.5 encryption is randomized, yet the ciphertext equals the vector's")
	}
	key := privateKey(t, vf.Keys[v.Key].Private)
	if got, err := RSADecrypt(key, ciphertext); err != nil || got != v.Plaintext {
		t.Fatalf("RSADecrypt of our ciphertext = %q, %v; want the vector's plaintext", got, err)
	}
}

// TestKeysFromVectors checks that the public half of each private key is the vector's public key, and
// that a generated key pair signs and verifies.
func TestKeysFromVectors(t *testing.T) {
	vf := loadVectors(t)
	for name, k := range vf.Keys {
		if got, err := privateKey(t, k.Private).PublicSPKI(); err != nil || got != k.Public {
			t.Errorf("%s: PublicSPKI = %.24q..., %v; want the vector's public key", name, got, err)
		}
	}
	priv, pub, err := GenerateKeyPair(1024)
	if err != nil {
		t.Fatalf("GenerateKeyPair: %v", err)
	}
	key := privateKey(t, priv)
	if spki, err := key.PublicSPKI(); err != nil || spki != pub {
		t.Fatalf("PublicSPKI of the generated key = %v; want the generated public key", err)
	}
	sig, err := RSASign(key, "data", SHA256WithRSA, EncodingBase64)
	if err != nil {
		t.Fatalf("RSASign: %v", err)
	}
	if err := RSAVerify(publicKey(t, pub), "data", sig, SHA256WithRSA, EncodingBase64); err != nil {
		t.Fatalf("RSAVerify with the generated public key: %v", err)
	}
	other := vf.Keys["customer_1024"].Public
	wantStatus(t, RSAVerify(publicKey(t, other), "data", sig, SHA256WithRSA, EncodingBase64), StatusSignature, ErrSignature)
}
