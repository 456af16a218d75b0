package ydrz

import (
	"context"
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// rsaSigner is the tests' external signer: Go's crypto/rsa with a private key only the test holds, as an
// HSM or a KMS would hold it. It records the algorithms it was asked for.
type rsaSigner struct {
	key        *rsa.PrivateKey
	mu         sync.Mutex
	algorithms []string
	decrypted  int // blocks
}

func (s *rsaSigner) Sign(_ context.Context, algorithm string, data []byte) ([]byte, error) {
	s.mu.Lock()
	s.algorithms = append(s.algorithms, algorithm)
	s.mu.Unlock()
	switch algorithm {
	case SHA256withRSA:
		digest := sha256.Sum256(data)
		return rsa.SignPKCS1v15(nil, s.key, crypto.SHA256, digest[:])
	case MD5withRSA:
		digest := md5.Sum(data)
		return rsa.SignPKCS1v15(nil, s.key, crypto.MD5, digest[:])
	}
	return nil, fmt.Errorf("unknown algorithm %q", algorithm)
}

func (s *rsaSigner) Decrypt(_ context.Context, block []byte) ([]byte, error) {
	s.mu.Lock()
	s.decrypted++
	s.mu.Unlock()
	return rsa.DecryptPKCS1v15(nil, s.key, block)
}

func (s *rsaSigner) asked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.algorithms...)
}

// misreadingSigner signs with its rsaSigner but decrypts every block to the same wrong plaintext.
type misreadingSigner struct{ *rsaSigner }

func (misreadingSigner) Decrypt(context.Context, []byte) ([]byte, error) { return []byte("12345"), nil }

// failingSigner is a KMS that cannot be reached.
type failingSigner struct{}

var errKMSUnavailable = errors.New("kms unavailable")

func (failingSigner) Sign(context.Context, string, []byte) ([]byte, error) {
	return nil, errKMSUnavailable
}
func (failingSigner) Decrypt(context.Context, []byte) ([]byte, error) { return nil, errKMSUnavailable }

// swappableSigner delegates to the Signer it holds at the time of the call (the tests change it between
// validations, never during one).
type swappableSigner struct{ Signer }

// demoSigner returns the signer holding the sandbox demo app's customer private key, and the configuration
// of a client WITHOUT that key: "signer": "external" with the registered public key, App login in RSA mode
// without msisdn_private_key (the sandbox encrypts the number to the customer key).
func demoSigner(t *testing.T, s *sandbox) (*rsaSigner, string) {
	t.Helper()
	app := s.app(t, "demo")
	der, err := base64.StdEncoding.DecodeString(app.CustomerPrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		t.Fatal(err)
	}
	config := s.config(t, map[string]any{"private_key": nil, "signer": "external", "public_key": app.CustomerPublicKey,
		"app_login": map[string]any{"mode": "rsa"}})
	if strings.Contains(config, `"private_key"`) {
		t.Fatal("the external signer's configuration still holds a private_key")
	}
	return &rsaSigner{key: key.(*rsa.PrivateKey)}, config
}

// externalClient creates a client from config with the given signer, closed when the test ends.
func externalClient(t *testing.T, config string, signer Signer) *Client {
	t.Helper()
	options := []Option{}
	if signer != nil {
		options = append(options, WithSigner(signer))
	}
	c, err := NewClient(config, options...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestSandboxExternalSigner: a client without the private key completes one-click login (SHA256withRSA),
// number verification (MD5withRSA) and App login in RSA mode (SHA256withRSA, then the number decrypted) with
// its Signer.
func TestSandboxExternalSigner(t *testing.T) {
	s := startSandbox(t)
	signer, config := demoSigner(t, s)
	client := externalClient(t, config, signer)
	ctx := context.Background()

	tok := s.token(t, "onekey", phone(80), 0)
	login, err := client.OnekeyValidate(ctx, tok.Token, tok.UserInformation, "")
	if err != nil {
		t.Fatalf("OnekeyValidate: %v", err)
	}
	if login.Phone != phone(80) || login.Details.ResultCode != "103000" || s.requests(t, tok.Token) != 1 {
		t.Fatalf("one-click login: %+v, %d requests", login.Details, s.requests(t, tok.Token))
	}

	tok = s.token(t, "number_verify", phone(81), 0)
	v, err := client.NumberVerify(ctx, tok.Token, tok.UserInformation, phone(81), "")
	if err != nil || !v.Match {
		t.Fatalf("NumberVerify: %+v %v", v, err)
	}

	tok = s.token(t, "app_login", phone(84), 0)
	login, err = client.AppLoginValidate(ctx, tok.Token, "")
	if err != nil || login.Phone != phone(84) {
		t.Fatalf("AppLoginValidate: %v", err)
	}
	if got := fmt.Sprint(signer.asked()); got != "[SHA256withRSA MD5withRSA SHA256withRSA]" || signer.decrypted != 1 {
		t.Fatalf("the signer was asked for %s and %d decryptions", got, signer.decrypted)
	}
}

// TestSandboxExternalSignerDecryptRefused: a decryption that is not the phone number gives ErrCrypto and a
// failing one the signer's error, after the request was sent once: the token stays spent.
func TestSandboxExternalSignerDecryptRefused(t *testing.T) {
	s := startSandbox(t)
	signer, config := demoSigner(t, s)
	current := &swappableSigner{Signer: misreadingSigner{signer}}
	client := externalClient(t, config, current)
	ctx := context.Background()

	tok := s.token(t, "app_login", phone(85), 0)
	_, err := client.AppLoginValidate(ctx, tok.Token, "")
	wantStatus(t, err, StatusCrypto, ErrCrypto)
	current.Signer = failingSigner{}
	tok2 := s.token(t, "app_login", phone(86), 0)
	// failingSigner cannot sign either: the first step fails and nothing is sent
	if _, err = client.AppLoginValidate(ctx, tok2.Token, ""); !errors.Is(err, errKMSUnavailable) || s.requests(t, tok2.Token) != 0 {
		t.Fatalf("a failing signer: %v", err)
	}
	current.Signer = signer
	_, err = client.AppLoginValidate(ctx, tok.Token, "")
	wantStatus(t, err, StatusTokenReused, ErrTokenReused)
	if n := s.requests(t, tok.Token); n != 1 {
		t.Fatalf("the sandbox saw %d requests, want 1", n)
	}
}

// TestSandboxExternalSignerRefused: a signature by another key is refused before anything is sent, and so is
// a validation whose signer fails or is missing; the token is then released, so the right signer completes it.
func TestSandboxExternalSignerRefused(t *testing.T) {
	s := startSandbox(t)
	signer, config := demoSigner(t, s)
	other, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tok := s.token(t, "onekey", phone(82), 0)
	current := &swappableSigner{Signer: &rsaSigner{key: other}}
	client := externalClient(t, config, current)

	_, err = client.OnekeyValidate(ctx, tok.Token, tok.UserInformation, "")
	if e := wantStatus(t, err, StatusSignature, ErrSignature); !strings.HasPrefix(e.Message, "wrong key") {
		t.Fatalf("another key's signature: %v", err)
	}
	current.Signer = failingSigner{}
	_, err = client.OnekeyValidate(ctx, tok.Token, tok.UserInformation, "")
	if !errors.Is(err, errKMSUnavailable) {
		t.Fatalf("a failing signer gave %v", err)
	}
	_, err = externalClient(t, config, nil).OnekeyValidate(ctx, tok.Token, tok.UserInformation, "")
	if e := wantStatus(t, err, StatusInvalidArg, ErrInvalidArg); !strings.Contains(e.Message, "WithSigner") {
		t.Fatalf("no signer: %v", err)
	}
	if n := s.requests(t, tok.Token); n != 0 {
		t.Fatalf("the sandbox saw %d requests before a valid signature", n)
	}

	current.Signer = signer
	if login, err := client.OnekeyValidate(ctx, tok.Token, tok.UserInformation, ""); err != nil || login.Phone != phone(82) {
		t.Fatalf("after the refusals: %v", err)
	}
	_, err = client.OnekeyValidate(ctx, tok.Token, tok.UserInformation, "")
	wantStatus(t, err, StatusTokenReused, ErrTokenReused)
	if n := s.requests(t, tok.Token); n != 1 {
		t.Fatalf("the sandbox saw %d requests, want 1", n)
	}
}

// TestExchangeExternalSigner: an exchange sent by the caller's own HTTP stack waits for its signature (no
// request yet), refuses one made with the other algorithm, and completes once ProvideWith signed.
func TestExchangeExternalSigner(t *testing.T) {
	s := startSandbox(t)
	signer, config := demoSigner(t, s)
	client := externalClient(t, config, nil)
	tok := s.token(t, "onekey", phone(83), 0)
	ex, err := client.OnekeyBegin(tok.Token, tok.UserInformation, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	step, err := ex.Pending()
	if err != nil || step.Step != "sign" || step.Algorithm != SHA256withRSA || step.InputBase64 == "" {
		t.Fatalf("Pending: %+v %v", step, err)
	}
	_, err = ex.Request()
	wantStatus(t, err, StatusInvalidArg, ErrInvalidArg)
	data, _ := base64.StdEncoding.DecodeString(step.InputBase64)
	md5Signature, err := signer.Sign(context.Background(), MD5withRSA, data)
	if err != nil {
		t.Fatal(err)
	}
	err = ex.Provide(base64.StdEncoding.EncodeToString(md5Signature))
	if e := wantStatus(t, err, StatusSignature, ErrSignature); !strings.HasPrefix(e.Message, "wrong algorithm") {
		t.Fatalf("the other algorithm: %v", err)
	}
	if err := ex.ProvideWith(context.Background(), signer); err != nil {
		t.Fatalf("ProvideWith: %v", err)
	}
	if step, err := ex.Pending(); err != nil || step.Step != "send" {
		t.Fatalf("Pending after the signature: %+v %v", step, err)
	}
	if s.requests(t, tok.Token) != 0 {
		t.Fatal("a request left before the exchange was sent")
	}
	login, err := ex.Finish(postExchange(t, ex))
	if err != nil || login.Phone != phone(83) {
		t.Fatalf("Finish: %v", err)
	}
	if step, err := ex.Pending(); err != nil || step.Step != "done" {
		t.Fatalf("Pending after Finish: %+v %v", step, err)
	}
}

// TestExchangeExternalSignerDecrypt: App login in RSA mode sent by the caller: Finish says the answer waits for
// the decryption, a plaintext other than the phone number is refused, ProvideWith decrypts and Result gives the
// login.
func TestExchangeExternalSignerDecrypt(t *testing.T) {
	s := startSandbox(t)
	signer, config := demoSigner(t, s)
	client := externalClient(t, config, nil)
	tok := s.token(t, "app_login", phone(87), 0)
	ex, err := client.AppLoginBegin(tok.Token, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	ctx := context.Background()
	if err := ex.ProvideWith(ctx, signer); err != nil {
		t.Fatalf("ProvideWith (sign): %v", err)
	}
	if _, err := ex.Finish(postExchange(t, ex)); !errors.Is(err, ErrDecryptPending) {
		t.Fatalf("Finish: %v, want ErrDecryptPending", err)
	}
	step, err := ex.Pending()
	if err != nil || step.Step != "decrypt" || step.Algorithm != "RSA/ECB/PKCS1Padding" || step.BlockBytes != 128 {
		t.Fatalf("Pending: %+v %v", step, err)
	}
	_, err = ex.Result()
	wantStatus(t, err, StatusInvalidArg, ErrInvalidArg)
	err = ex.ProvideWith(ctx, misreadingSigner{signer})
	wantStatus(t, err, StatusCrypto, ErrCrypto)
	if err := ex.ProvideWith(ctx, signer); err != nil {
		t.Fatalf("ProvideWith (decrypt): %v", err)
	}
	if step, err := ex.Pending(); err != nil || step.Step != "done" {
		t.Fatalf("Pending after the decryption: %+v %v", step, err)
	}
	login, err := ex.Result()
	if err != nil || login.Phone != phone(87) {
		t.Fatalf("Result: %v", err)
	}
}
