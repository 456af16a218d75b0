package ydrz

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// repoRoot is the repository root: this package lives in <repo>/bindings/go.
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source file")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

type vectorKey struct {
	Bits    int    `json:"bits"`
	Public  string `json:"public_x509_spki_der_base64"`
	Private string `json:"private_pkcs8_der_base64"`
}

type vector struct {
	ID                 string            `json:"id"`
	Key                string            `json:"key"`
	Inputs             map[string]string `json:"inputs"`
	StringToSign       string            `json:"string_to_sign"`
	Algorithm          string            `json:"algorithm"`
	ExpectedHexUpper   string            `json:"expected_hex_upper"`
	ExpectedHexLower   string            `json:"expected_hex_lower"`
	ExpectedBase64     string            `json:"expected_base64"`
	Plaintext          string            `json:"plaintext"`
	CiphertextBase64   string            `json:"ciphertext_base64"`
	CiphertextHexUpper string            `json:"ciphertext_hex_upper"`
	CiphertextLen      int               `json:"ciphertext_len_bytes"`
	ExpectedBlocks     int               `json:"expected_blocks"`
	Appkey             string            `json:"appkey"`
	PhoneNumInput      string            `json:"phoneNum_input"`
	ExpectedPhoneNum   string            `json:"expected_phoneNum_sha256_hex_upper"`
	HMACKey            string            `json:"hmac_key"`
	ExpectedHMACSign   string            `json:"expected_sign_hmacsha256_hex_upper"`
}

type vectorFile struct {
	Fixed   map[string]string    `json:"fixed_inputs"`
	Keys    map[string]vectorKey `json:"keys"`
	Vectors []vector             `json:"vectors"`
}

// loadVectors reads tests/data/vectors.json of the repository.
func loadVectors(t testing.TB) vectorFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "tests", "data", "vectors.json"))
	if err != nil {
		t.Fatalf("reading the test vectors: %v", err)
	}
	var vf vectorFile
	if err := json.Unmarshal(data, &vf); err != nil {
		t.Fatalf("parsing the test vectors: %v", err)
	}
	if len(vf.Vectors) == 0 || len(vf.Keys) == 0 {
		t.Fatal("the test vectors file has no vectors or no keys")
	}
	return vf
}

// privateKey loads a private key for the test and closes it when the test ends.
func privateKey(t testing.TB, text string) *PrivateKey {
	t.Helper()
	k, err := LoadPrivateKey(text)
	if err != nil {
		t.Fatalf("LoadPrivateKey: %v", err)
	}
	t.Cleanup(k.Close)
	return k
}

// publicKey loads a public key for the test and closes it when the test ends.
func publicKey(t testing.TB, text string) *PublicKey {
	t.Helper()
	k, err := LoadPublicKey(text)
	if err != nil {
		t.Fatalf("LoadPublicKey: %v", err)
	}
	t.Cleanup(k.Close)
	return k
}

// wantStatus fails unless err is an *Error of status want, matching its sentinel with errors.Is.
func wantStatus(t testing.TB, err error, want Status, sentinel error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want an *Error with %s, got %v", want, err)
	}
	if e.Status != want {
		t.Fatalf("want status %s, got %s (%s)", want, e.Status, e.Message)
	}
	if !errors.Is(err, sentinel) {
		t.Fatalf("errors.Is(%v, %v) is false", err, sentinel)
	}
	if e.Message == "" {
		t.Fatalf("%s error without a message", want)
	}
	return e
}
