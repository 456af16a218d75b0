package ydrz

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSandboxThreadsUnderLoad starts 500 validations at once against answers that each take 200 ms: the
// goroutines waiting for their answers hold no OS thread (net/http), and those in native calls (begin signs
// with RSA) are bounded by cgoSlots, so the process stays within 64 OS threads.
func TestSandboxThreadsUnderLoad(t *testing.T) {
	const n, limit = 500, 64
	s := startSandbox(t)
	client := s.client(t, map[string]any{"timeout_ms": 30000})
	tokens := make([]sandboxToken, n)
	for i := range tokens {
		tokens[i] = s.token(t, "onekey", phone(i), 0)
	}
	s.control(t, "/faults", map[string]any{"kind": "delay", "delay_ms": 200, "count": n}, nil)

	var peak atomic.Int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			peak.Store(max(peak.Load(), int64(osThreads(t))))
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			login, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
			if err != nil || login.Phone != phone(i) {
				t.Errorf("validation %d: %v (right phone: %v)", i, err, login.Phone == phone(i))
			}
		}()
	}
	wg.Wait()
	close(done)
	<-sampled
	t.Logf("%d validations at once: peak %d OS threads", n, peak.Load())
	if got := peak.Load(); got > limit {
		t.Fatalf("%d validations at once took %d OS threads, want at most %d", n, got, limit)
	}
}

// osThreads is the number of OS threads of this process (Linux's /proc/self/status).
func osThreads(t testing.TB) int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(rest))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no Threads: line in /proc/self/status")
	return 0
}
