package ydrz

import (
	"context"
	"encoding/base64"
	"fmt"
)

// The algorithms of Signer.Sign (Java's names, as ydrz_exchange_pending spells them).
const (
	SHA256withRSA = "SHA256withRSA"
	MD5withRSA    = "MD5withRSA"
)

// Signer makes the customer private key's operations outside the library, e.g. in an HSM or a cloud KMS, for
// a client configured with "signer": "external" and the key's "public_key" instead of "private_key". The
// client's validations call it (WithSigner), and Exchange.ProvideWith does for an exchange sent by the
// caller's own HTTP stack. ctx is the validation's. A Signer must be safe for concurrent use.
type Signer interface {
	// Sign returns the raw RSASSA-PKCS1-v1_5 signature (as long as the key's modulus) of data with
	// algorithm, SHA256withRSA or MD5withRSA. data is the message itself, not its digest: a KMS that signs
	// digests is given SHA-256(data) or MD5(data). The library verifies the signature against public_key
	// before anything is sent.
	Sign(ctx context.Context, algorithm string, data []byte) ([]byte, error)
	// Decrypt returns the plaintext of one RSA/ECB/PKCS1Padding block (as long as the key's modulus)
	// encrypted to the key. App login in RSA mode needs it when the configuration has no
	// app_login.msisdn_private_key: the platform encrypts the number to the customer key.
	Decrypt(ctx context.Context, block []byte) ([]byte, error)
}

// WithSigner makes the client's validations ask s for the signatures (and, for App login in RSA mode, the
// decryptions) of a configuration with "signer": "external". Without it, such a client's validations give ErrInvalidArg; s is not used by a
// client that signs with its private_key.
func WithSigner(s Signer) Option {
	return func(c *Client) {
		c.signer = s
	}
}

// ProvideWith answers what the exchange waits for (Pending) with s: the signature of a "sign" step (before the
// request exists), or the decryption of a "decrypt" step (after Finish gave ErrDecryptPending: s.Decrypt of each
// block, the joined plaintext provided; Result then gives the login). It does nothing when the exchange waits
// for neither. An error of s is returned wrapped; a signature the library refuses gives ErrSignature, a
// plaintext that is not the phone number ErrCrypto; either way the exchange keeps waiting. A sign step that
// fails sends nothing, and closing the exchange then releases its token. A nil s gives ErrInvalidArg when a
// step is due.
func (e *Exchange[R]) ProvideWith(ctx context.Context, s Signer) error {
	step, err := e.Pending()
	if err != nil || (step.Step != "sign" && step.Step != "decrypt") {
		return err
	}
	if s == nil {
		return &Error{Status: StatusInvalidArg,
			Message: `the client's configuration has "signer": "external": give it a Signer (WithSigner)`}
	}
	input, err := base64.StdEncoding.DecodeString(step.InputBase64)
	if err != nil {
		return fmt.Errorf("ydrz: the input of ydrz_exchange_pending is not Base64: %w", err)
	}
	var output []byte
	if step.Step == "sign" {
		if output, err = s.Sign(ctx, step.Algorithm, input); err != nil {
			return fmt.Errorf("ydrz: the external signer did not sign (%s): %w", step.Algorithm, err)
		}
	} else if output, err = decryptBlocks(ctx, s, input, step.BlockBytes); err != nil {
		return err
	}
	return e.Provide(base64.StdEncoding.EncodeToString(output))
}

// decryptBlocks has s decrypt each blockBytes-long block of ciphertext and joins the plaintexts.
func decryptBlocks(ctx context.Context, s Signer, ciphertext []byte, blockBytes int) ([]byte, error) {
	if blockBytes <= 0 || len(ciphertext)%blockBytes != 0 {
		return nil, fmt.Errorf("ydrz: ydrz_exchange_pending gave %d bytes to decrypt in blocks of %d", len(ciphertext), blockBytes)
	}
	var plaintext []byte
	for start := 0; start < len(ciphertext); start += blockBytes {
		block, err := s.Decrypt(ctx, ciphertext[start:start+blockBytes])
		if err != nil {
			return nil, fmt.Errorf("ydrz: the external signer did not decrypt: %w", err)
		}
		plaintext = append(plaintext, block...)
	}
	return plaintext, nil
}
