package ydrz

// #include "ydrz.h"
import "C"

import (
	"fmt"
	"math"
)

// PrivateKey is an RSA private key held by the library (ydrz_private_key). It is immutable and safe for
// concurrent use. Close frees it (zeroizing the key material); a key dropped without Close is freed by a GC
// cleanup some time later. The zero value is a closed key; a nil *PrivateKey is passed to C as NULL and
// gives ErrNullArg.
type PrivateKey struct {
	h handle[*C.ydrz_private_key]
}

// PublicKey is an RSA public key held by the library (ydrz_public_key), with the same rules as PrivateKey.
type PublicKey struct {
	h handle[*C.ydrz_public_key]
}

// LoadPrivateKey loads a private key: Base64 DER or PEM, PKCS#8 or PKCS#1, 1024 to 4096 bits; whitespace
// and line breaks are ignored (ydrz_private_key_load). A public key, an encrypted key or a size out of
// range gives ErrKey. The caller owns the key and should Close it.
func LoadPrivateKey(text string) (*PrivateKey, error) {
	k := new(PrivateKey)
	err := k.h.open("text", text,
		func(text *C.char, out **C.ydrz_private_key, cerr **C.ydrz_error) C.int32_t {
			return C.ydrz_private_key_load(text, out, cerr)
		},
		func(p *C.ydrz_private_key) { C.ydrz_private_key_free(p) })
	if err != nil {
		return nil, err
	}
	return k, nil
}

// LoadPublicKey loads a public key: Base64 DER or PEM, X.509 SubjectPublicKeyInfo or PKCS#1, 1024 to 4096
// bits (ydrz_public_key_load). A private key gives ErrKey. The caller owns the key and should Close it.
func LoadPublicKey(text string) (*PublicKey, error) {
	k := new(PublicKey)
	err := k.h.open("text", text,
		func(text *C.char, out **C.ydrz_public_key, cerr **C.ydrz_error) C.int32_t {
			return C.ydrz_public_key_load(text, out, cerr)
		},
		func(p *C.ydrz_public_key) { C.ydrz_public_key_free(p) })
	if err != nil {
		return nil, err
	}
	return k, nil
}

// Close frees the key and zeroizes its material (ydrz_private_key_free). It waits for calls in progress
// on k, is idempotent, and a nil k is a no-op; later uses of k give ErrClosed.
func (k *PrivateKey) Close() {
	if k != nil {
		k.h.close()
	}
}

// Close frees the key (ydrz_public_key_free), like PrivateKey.Close.
func (k *PublicKey) Close() {
	if k != nil {
		k.h.close()
	}
}

// use runs fn with the native key under the handle's read lock; a nil k passes NULL.
func (k *PrivateKey) use(fn func(*C.ydrz_private_key) error) error {
	if k == nil {
		return fn(nil)
	}
	return k.h.use("PrivateKey", fn)
}

// use runs fn with the native key under the handle's read lock; a nil k passes NULL.
func (k *PublicKey) use(fn func(*C.ydrz_public_key) error) error {
	if k == nil {
		return fn(nil)
	}
	return k.h.use("PublicKey", fn)
}

// PublicSPKI returns the public half of the key as Base64 X.509 SubjectPublicKeyInfo, the form registered
// on the platform's console (ydrz_private_key_public_spki).
func (k *PrivateKey) PublicSPKI() (string, error) {
	var a cArgs
	return callString(k.use, &a, func(p *C.ydrz_private_key, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_private_key_public_spki(p, out, cerr)
	})
}

// GenerateKeyPair generates an RSA key pair (e = 65537) of bits (1024 to 4096, a multiple of 128) in the
// Java getEncoded() forms, Base64 without line breaks: PKCS#8 private and X.509 SPKI public
// (ydrz_key_generate). Another size gives ErrKey, and a negative bits or one above math.MaxUint32 (which a
// C uint32_t cannot hold) gives ErrInvalidArg. The private key text is a secret: keep it out of logs.
func GenerateKeyPair(bits int) (privatePKCS8, publicSPKI string, err error) {
	if bits < 0 || uint64(bits) > math.MaxUint32 { // C takes a uint32_t: never let the conversion wrap
		return "", "", &Error{Status: StatusInvalidArg, Message: fmt.Sprintf("bits is %d; 1024 to 4096 are supported", bits)}
	}
	var priv, pub *C.char
	var cerr *C.ydrz_error
	rc := C.ydrz_key_generate(C.uint32_t(bits), &priv, &pub, &cerr)
	return stringPairResult(rc, cerr, priv, pub)
}

// RSAEncrypt is RsaUtils.encryptedDataOnJava: PKCS#1 v1.5 encryption of the UTF-8 bytes of plaintext
// (1 to 65536 bytes) in blocks of k-11 bytes, the blocks joined and Base64-encoded (ydrz_rsa_encrypt).
// The output is randomized.
func RSAEncrypt(key *PublicKey, plaintext string) (string, error) {
	var a cArgs
	defer a.free()
	cplain := a.str("plaintext", plaintext)
	return callString(key.use, &a, func(p *C.ydrz_public_key, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_rsa_encrypt(p, cplain, out, cerr)
	})
}

// RSADecrypt is the inverse of RSAEncrypt: Base64 or hex (either case) ciphertext of whole blocks,
// decrypted and returned as UTF-8 text (ydrz_rsa_decrypt). A wrong key, length or padding gives ErrCrypto.
func RSADecrypt(key *PrivateKey, ciphertext string) (string, error) {
	var a cArgs
	defer a.free()
	ccipher := a.str("ciphertext", ciphertext)
	return callString(key.use, &a, func(p *C.ydrz_private_key, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_rsa_decrypt(p, ccipher, out, cerr)
	})
}

// EncryptPhone returns the number-verification phoneNum: RSAEncrypt(platformKey, phone + appKey +
// timestamp), where phone is 11 digits starting with 1 and timestamp the 17-digit header timestamp of the
// same request (ydrz_encrypt_phone).
func EncryptPhone(platformKey *PublicKey, phone, appKey, timestamp string) (string, error) {
	var a cArgs
	defer a.free()
	cphone, ckey, cts := a.str("phone", phone), a.str("app_key", appKey), a.str("timestamp", timestamp)
	return callString(platformKey.use, &a, func(p *C.ydrz_public_key, out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_encrypt_phone(p, cphone, ckey, cts, out, cerr)
	})
}

// DecryptMsisdn decrypts the tokenValidate msisdn: Base64 AES-128-ECB/PKCS#7 with the first 16 bytes of
// appKey; a plain 11-digit number is returned unchanged (ydrz_decrypt_msisdn). A wrong appkey gives
// ErrCrypto. The result is a full phone number: do not log it.
func DecryptMsisdn(appKey, msisdn string) (string, error) {
	var a cArgs
	defer a.free()
	ckey, cmsisdn := a.str("app_key", appKey), a.str("msisdn", msisdn)
	return callStringNoObject(&a, func(out **C.char, cerr **C.ydrz_error) C.int32_t {
		return C.ydrz_decrypt_msisdn(ckey, cmsisdn, out, cerr)
	})
}
