package ydrz_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/md5"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
	"github.com/ydrz-dev/ydrz/bindings/go/internal/sandboxproc"
)

// kmsSigner is a ydrz.Signer whose customer private key never leaves a cloud KMS: the client is configured
// with the key's public half ("signer": "external") and asks the KMS for each signature.
type kmsSigner struct {
	keyID string
}

// Sign hashes data (most KMS sign a digest) and has the KMS sign the digest.
func (k kmsSigner) Sign(ctx context.Context, algorithm string, data []byte) ([]byte, error) {
	switch algorithm {
	case ydrz.SHA256withRSA:
		digest := sha256.Sum256(data)
		return kmsSignDigest(ctx, k.keyID, crypto.SHA256, digest[:])
	case ydrz.MD5withRSA:
		digest := md5.Sum(data)
		return kmsSignDigest(ctx, k.keyID, crypto.MD5, digest[:])
	}
	return nil, fmt.Errorf("no KMS signing algorithm for %s", algorithm)
}

// Decrypt has the KMS decrypt one RSA PKCS#1 v1.5 block (App login in RSA mode).
func (k kmsSigner) Decrypt(ctx context.Context, block []byte) ([]byte, error) {
	return kmsDecrypt(ctx, k.keyID, block)
}

func Example_externalSigner() {
	config, token, stop := exampleSandbox()
	defer stop()
	// Your configuration without "private_key": the KMS key's public half, registered with the platform.
	config["signer"] = "external"
	config["public_key"] = exampleKMS.publicKey
	config["app_login"] = map[string]any{"mode": "rsa"} // the number comes back encrypted to the KMS key
	configJSON, _ := json.Marshal(config)

	client, err := ydrz.NewClient(string(configJSON), ydrz.WithSigner(kmsSigner{keyID: "ydrz-customer-key"}))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	ctx := context.Background()
	mini := token("onekey")
	login, err := client.OnekeyValidate(ctx, mini.Token, mini.UserInformation, "") // KMS signs
	if err != nil {
		log.Fatal(err)
	}
	masked, _ := ydrz.MaskPhone(login.Phone)
	fmt.Println("one-click login:", masked)

	login, err = client.AppLoginValidate(ctx, token("app_login").Token, "") // KMS signs, then decrypts
	if err != nil {
		log.Fatal(err)
	}
	masked, _ = ydrz.MaskPhone(login.Phone)
	fmt.Println("App login:", masked)
	// Output:
	// one-click login: 138****8000
	// App login: 138****8000
}

// STUB KMS. In production kmsSignDigest and kmsDecrypt are your KMS SDK's calls (e.g. AWS KMS Sign with
// MessageType DIGEST and Decrypt, Alibaba Cloud KMS AsymmetricSign and AsymmetricDecrypt, a PKCS#11 HSM's
// C_Sign and C_Decrypt with CKM_RSA_PKCS). Here they use the sandbox app's key, which exampleSandbox puts in
// exampleKMS, so that the example runs without a network.
var exampleKMS struct {
	key       *rsa.PrivateKey
	publicKey string
}

func kmsSignDigest(_ context.Context, keyID string, hash crypto.Hash, digest []byte) ([]byte, error) {
	return rsa.SignPKCS1v15(nil, exampleKMS.key, hash, digest)
}

func kmsDecrypt(_ context.Context, keyID string, block []byte) ([]byte, error) {
	return rsa.DecryptPKCS1v15(nil, exampleKMS.key, block)
}

// sandboxToken is a token as the SDK or jssdk would obtain it on the user's phone.
type sandboxToken struct {
	Token           string `json:"token"`
	UserInformation string `json:"userInformation"`
}

// exampleSandbox starts `ydrz sandbox` ($YDRZ_BIN) and returns its client configuration without the private
// key (which goes into the stub KMS), a function issuing tokens of a product, and how to stop the sandbox.
func exampleSandbox() (map[string]any, func(product string) sandboxToken, func()) {
	executable := os.Getenv("YDRZ_BIN")
	if executable == "" {
		executable = "../../target/release/ydrz"
	}
	p, err := sandboxproc.Start(executable)
	if err != nil {
		log.Fatal(err)
	}
	var info struct {
		ControlURL   string         `json:"control_url"`
		ClientConfig map[string]any `json:"client_config"`
		Apps         []struct {
			AppID      string `json:"app_id"`
			PrivateKey string `json:"customer_private_key"`
			PublicKey  string `json:"customer_public_key"`
		} `json:"apps"`
	}
	if err := json.Unmarshal(p.Info, &info); err != nil {
		log.Fatal(err)
	}
	app := info.Apps[0] // the demo app, which client_config is for
	der, _ := base64.StdEncoding.DecodeString(app.PrivateKey)
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		log.Fatal(err)
	}
	exampleKMS.key, exampleKMS.publicKey = key.(*rsa.PrivateKey), app.PublicKey
	delete(info.ClientConfig, "private_key")

	token := func(product string) sandboxToken {
		request, _ := json.Marshal(map[string]string{"app_id": app.AppID, "phone": "13800138000", "product": product})
		resp, err := http.Post(info.ControlURL+"/token", "application/json", bytes.NewReader(request))
		if err != nil {
			log.Fatal(err)
		}
		defer resp.Body.Close()
		var t sandboxToken
		if err := json.NewDecoder(resp.Body).Decode(&t); err != nil {
			log.Fatal(err)
		}
		return t
	}
	return info.ClientConfig, token, func() { p.Stop() }
}
