package ydrz

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestClosedHandles checks that Close is idempotent and that a closed or zero-value handle gives
// ErrClosed, naming its type, without reaching C.
func TestClosedHandles(t *testing.T) {
	vf := loadVectors(t)
	k := vf.Keys["customer_1024"]
	key, err := LoadPrivateKey(k.Private)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := LoadPublicKey(k.Public)
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewClient(`{"app_id":"300012345678","app_key":"` + vf.Fixed["appkey"] + `"}`)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		key.Close()
		pub.Close()
		client.Close()
	}
	var nilKey *PrivateKey
	var nilPub *PublicKey
	var nilClient *Client
	nilKey.Close() // no-op, must not panic
	nilPub.Close()
	nilClient.Close()

	closedCalls := map[string]error{
		"PrivateKey": second(RSASign(key, "x", MD5WithRSA, EncodingBase64)),
		"PublicKey":  RSAVerify(pub, "x", "AA==", MD5WithRSA, EncodingBase64),
		"Client":     second(client.JssdkParams()),
	}
	zeroCalls := map[string]error{
		"PrivateKey": second(new(PrivateKey).PublicSPKI()),
		"PublicKey":  second(RSAEncrypt(new(PublicKey), "x")),
		"Client":     second(new(Client).OnekeyValidate(context.Background(), "t", "u", "")),
	}
	for _, calls := range []map[string]error{closedCalls, zeroCalls} {
		for kind, err := range calls {
			if !errors.Is(err, ErrClosed) || !strings.Contains(err.Error(), kind) {
				t.Errorf("%s: want ErrClosed naming the type, got %v", kind, err)
			}
			var e *Error
			if errors.As(err, &e) {
				t.Errorf("%s: ErrClosed must not be an *Error, got status %s", kind, e.Status)
			}
		}
	}
	// Every client method checks the handle.
	for name, err := range map[string]error{
		"PresignSign":      second(client.PresignSign("x")),
		"NumberVerify":     second(client.NumberVerify(context.Background(), "t", "u", "13800138000", "")),
		"AppLoginValidate": second(client.AppLoginValidate(context.Background(), "t", "")),
		"AppNumberVerify":  second(client.AppNumberVerify(context.Background(), "t", "13800138000", "")),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s on a closed client: %v", name, err)
		}
	}
}

// TestCleanupFreesDroppedHandles checks the GC safety net: handles dropped without Close are freed.
func TestCleanupFreesDroppedHandles(t *testing.T) {
	vf := loadVectors(t)
	runtime.GC() // let cleanups of anything dropped by earlier tests run first
	time.Sleep(20 * time.Millisecond)
	before := openHandles.Load()
	for range 50 {
		if _, err := LoadPublicKey(vf.Keys["platform_2048"].Public); err != nil {
			t.Fatal(err)
		}
		if _, err := NewClient(`{"app_id":"1"}`); err != nil {
			t.Fatal(err)
		}
	}
	if got := openHandles.Load(); got < before+100 {
		t.Fatalf("open handles: %d, want at least %d", got, before+100)
	}
	deadline := time.Now().Add(10 * time.Second)
	for openHandles.Load() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d dropped handles still open after GC", openHandles.Load()-before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	// Closed handles do not count, and their cleanup does not free them a second time.
	key := privateKey(t, vf.Keys["customer_1024"].Private)
	if openHandles.Load() != before+1 {
		t.Fatalf("open handles after one load: %d, want %d", openHandles.Load(), before+1)
	}
	key.Close()
	if openHandles.Load() != before {
		t.Fatalf("open handles after Close: %d, want %d", openHandles.Load(), before)
	}
	runtime.GC()
	runtime.GC()
	if openHandles.Load() != before {
		t.Fatalf("a cleanup ran for a closed handle: %d open, want %d", openHandles.Load(), before)
	}
}

// TestCloseWhileInUse closes a key while goroutines use it: every call either succeeds with the right
// signature or gives ErrClosed; none crashes or returns another error.
func TestCloseWhileInUse(t *testing.T) {
	vf := loadVectors(t)
	var v vector
	for _, x := range vf.Vectors {
		if x.ID == "preSign_MD5withRSA_customer_1024" {
			v = x
		}
	}
	key, err := LoadPrivateKey(vf.Keys[v.Key].Private)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, closed := 0, 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				sig, err := PresignSign(key, v.StringToSign)
				mu.Lock()
				switch {
				case err == nil && sig == v.ExpectedBase64:
					ok++
				case errors.Is(err, ErrClosed):
					closed++
				default:
					t.Errorf("PresignSign during Close = %q, %v", sig, err)
				}
				mu.Unlock()
			}
		}()
	}
	// Close once a call has succeeded, so that the test does not depend on how fast goroutines start.
	for {
		mu.Lock()
		started := ok > 0
		mu.Unlock()
		if started {
			break
		}
		time.Sleep(time.Millisecond)
	}
	key.Close()
	wg.Wait()
	if ok == 0 || closed == 0 {
		t.Fatalf("want both successful and closed calls, got %d ok and %d closed", ok, closed)
	}
}

// TestConcurrentKeyUse shares one key handle between goroutines: every result equals the vector.
func TestConcurrentKeyUse(t *testing.T) {
	vf := loadVectors(t)
	byID := map[string]vector{}
	for _, v := range vf.Vectors {
		byID[v.ID] = v
	}
	sign := byID["h5_tokenValidate_sign_v2.0_customer_2048"]
	cipher := byID["phoneNum_rsa_platform_2048"]
	key := privateKey(t, vf.Keys["customer_2048"].Private)
	platform := privateKey(t, vf.Keys["platform_2048"].Private)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got, err := RSASign(key, sign.StringToSign, SHA256WithRSA, EncodingHexUpper)
				if err != nil || got != sign.ExpectedHexUpper {
					t.Errorf("goroutine %d: RSASign = %.16q..., %v", g, got, err)
					return
				}
				plain, err := RSADecrypt(platform, cipher.CiphertextBase64)
				if err != nil || plain != cipher.Plaintext {
					t.Errorf("goroutine %d: RSADecrypt = %v", g, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
