// Command go is the Go program of make bench-concurrency (benches/concurrency/run.py describes the protocol):
// against the sandbox named by -info, for each N it runs N one-click validations at once, one goroutine each
// ("ydrz"), and the same N POSTs with net/http's default client, one goroutine each ("baseline"), a warm-up
// round and -rounds rounds, and prints one JSON line per variant and N with the median round, the peak OS
// threads and the peak RSS of the process during the rounds.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
)

type sandbox struct {
	BaseURL      string          `json:"base_url"`
	ControlURL   string          `json:"control_url"`
	ClientConfig json.RawMessage `json:"client_config"`
	Apps         []struct {
		AppID string `json:"app_id"`
	} `json:"apps"`
}

type token struct {
	Token           string `json:"token"`
	UserInformation string `json:"userInformation"`
}

func main() {
	log.SetFlags(0)
	infoFile := flag.String("info", "", "the sandbox's info JSON file")
	delayMs := flag.Int("delay-ms", 200, "answer delay queued for every request of a round (0: none)")
	rounds := flag.Int("rounds", 3, "measured rounds per N and variant (the median is printed)")
	levels := flag.String("n", "100,500", "validations at once, comma-separated")
	flag.Parse()

	data, err := os.ReadFile(*infoFile)
	if err != nil {
		log.Fatal(err)
	}
	var s sandbox
	if err := json.Unmarshal(data, &s); err != nil || len(s.Apps) == 0 {
		log.Fatalf("%s is not the sandbox's info JSON: %v", *infoFile, err)
	}
	var config map[string]any
	if err := json.Unmarshal(s.ClientConfig, &config); err != nil {
		log.Fatal(err)
	}
	config["timeout_ms"] = 30000
	configJSON, _ := json.Marshal(config)
	client, err := ydrz.NewClient(string(configJSON))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	variants := map[string]func(token) error{
		"ydrz": func(tok token) error {
			_, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, "")
			return err
		},
		"baseline": func(tok token) error {
			body, _ := json.Marshal(map[string]any{"token": tok.Token, "userInformation": tok.UserInformation})
			resp, err := http.Post(s.BaseURL+"/h5/onekeylogin/tokenValidate", "application/json", bytes.NewReader(body))
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			_, err = io.Copy(io.Discard, resp.Body)
			return err
		},
	}
	phone := 0
	for _, field := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n <= 0 {
			log.Fatalf("bad -n entry %q", field)
		}
		for _, variant := range []string{"ydrz", "baseline"} {
			var walls []time.Duration
			peakThreads, peakRSS := 0, 0
			for r := range *rounds + 1 {
				tokens := make([]token, n)
				for i := range tokens {
					phone++
					req := map[string]any{"app_id": s.Apps[0].AppID, "phone": fmt.Sprintf("1390000%04d", phone%10000), "product": "onekey"}
					if err := s.control("/token", req, &tokens[i]); err != nil {
						log.Fatal(err)
					}
				}
				if *delayMs > 0 {
					if err := s.control("/faults", map[string]any{"kind": "delay", "delay_ms": *delayMs, "count": n}, nil); err != nil {
						log.Fatal(err)
					}
				}
				wall, threads, rss, err := round(variants[variant], tokens)
				if err != nil {
					log.Fatalf("%s: %v", variant, err)
				}
				if r > 0 { // round 0 is the warm-up
					walls = append(walls, wall)
					peakThreads, peakRSS = max(peakThreads, threads), max(peakRSS, rss)
				}
			}
			slices.Sort(walls)
			line, _ := json.Marshal(map[string]any{"binding": "go", "variant": variant, "n": n,
				"seconds": walls[len(walls)/2].Seconds(), "peak_threads": peakThreads, "peak_rss_kb": peakRSS})
			fmt.Println(string(line))
		}
	}
}

// round calls call for every token at once, one goroutine each, and returns the wall time and the peak OS
// threads and RSS (KiB) meanwhile.
func round(call func(token) error, tokens []token) (time.Duration, int, int, error) {
	var peakThreads, peakRSS atomic.Int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			threads, rss := status()
			peakThreads.Store(max(peakThreads.Load(), int64(threads)))
			peakRSS.Store(max(peakRSS.Load(), int64(rss)))
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	var failures atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := call(tok); err != nil {
				failures.Add(1)
				firstErr.CompareAndSwap(nil, err)
			}
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	close(done)
	<-sampled
	if n := failures.Load(); n > 0 {
		return 0, 0, 0, fmt.Errorf("%d of %d calls failed, the first: %v", n, len(tokens), firstErr.Load())
	}
	return wall, int(peakThreads.Load()), int(peakRSS.Load()), nil
}

// status returns the number of OS threads and the resident set size (KiB) of this process (Linux).
func status() (threads, rssKB int) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "Threads:"); ok {
			threads, _ = strconv.Atoi(strings.TrimSpace(rest))
		} else if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rssKB, _ = strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(rest, "kB")))
		}
	}
	return threads, rssKB
}

// control calls a sandbox control endpoint with a JSON body and decodes its answer into into (if not nil).
func (s *sandbox) control(path string, body any, into any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return err
	}
	resp, err := http.Post(s.ControlURL+path, "application/json", bytes.NewReader(data))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("sandbox %s: HTTP %d %v: %s", path, resp.StatusCode, err, answer)
	}
	if into == nil {
		return nil
	}
	return json.Unmarshal(answer, into)
}
