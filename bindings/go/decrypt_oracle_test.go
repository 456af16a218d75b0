package ydrz

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"testing"
)

// TestDecryptFailuresAreOneError checks that RSADecrypt is no padding oracle: a ciphertext under another key
// (bad padding), a plaintext that is not UTF-8 and one holding a NUL byte, encrypted here with crypto/rsa,
// all give StatusCrypto with one and the same message.
func TestDecryptFailuresAreOneError(t *testing.T) {
	vf := loadVectors(t)
	k1024 := vf.Keys["customer_1024"]
	key := privateKey(t, k1024.Private)
	der, err := base64.StdEncoding.DecodeString(k1024.Public)
	if err != nil {
		t.Fatalf("vector public key: %v", err)
	}
	parsed, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		t.Fatalf("vector public key: %v", err)
	}
	public := parsed.(*rsa.PublicKey)
	encrypt := func(plain []byte) string {
		c, err := rsa.EncryptPKCS1v15(rand.Reader, public, plain)
		if err != nil {
			t.Fatalf("EncryptPKCS1v15: %v", err)
		}
		return base64.StdEncoding.EncodeToString(c)
	}
	if got, err := RSADecrypt(key, encrypt([]byte("13800138000"))); err != nil || got != "13800138000" {
		t.Fatalf("a well-formed ciphertext: %q, %v", got, err)
	}
	cases := map[string]string{
		"another key": vectorCiphertext(t, vf, "app_msisdn_rsa_customer_1024"),
		"not UTF-8":   encrypt([]byte{0xff, 0xfe, 0x41}),
		"a NUL byte":  encrypt([]byte("138\x00")),
	}
	wrongKey := privateKey(t, vf.Keys["platform_1024"].Private)
	var message string
	for name, ciphertext := range cases {
		k := key
		if name == "another key" {
			k = wrongKey
		}
		_, err := RSADecrypt(k, ciphertext)
		e := wantStatus(t, err, StatusCrypto, ErrCrypto)
		if message == "" {
			message = e.Message
		} else if e.Message != message {
			t.Errorf("%s: message %q differs from %q", name, e.Message, message)
		}
	}
}
