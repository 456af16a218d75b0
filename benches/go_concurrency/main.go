// Command go_concurrency measures the Go binding under many validations at once (make bench-concurrency):
// against a `ydrz sandbox` whose answers each take -delay-ms, it runs N one-click login validations at the
// same time (N = 100 and 500 by default), -rounds times each, and prints the median wall time of a round,
// validations/s, their ratio to the ideal N/delay (1.0 = every validation waits only for its own answer),
// and the peak number of OS threads of the process during the rounds (from /proc/self/status).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
)

type sandbox struct {
	ControlURL   string          `json:"control_url"`
	ClientConfig json.RawMessage `json:"client_config"`
	Apps         []struct {
		Name  string `json:"name"`
		AppID string `json:"app_id"`
	} `json:"apps"`
}

type token struct {
	Token           string `json:"token"`
	UserInformation string `json:"userInformation"`
}

func main() {
	log.SetFlags(0)
	bin := flag.String("ydrz", "../../target/release/ydrz", "the ydrz executable that serves the sandbox")
	delayMs := flag.Int("delay-ms", 200, "how long the sandbox takes to answer each validation")
	rounds := flag.Int("rounds", 3, "rounds per concurrency level (the median is printed)")
	levels := flag.String("n", "100,500", "validations at once, comma-separated")
	flag.Parse()

	s, stop, err := startSandbox(*bin)
	if err != nil {
		log.Fatalf("sandbox: %v", err)
	}
	defer stop()
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

	fmt.Printf("Go binding, one-click login validations at once against the sandbox, answer delay %d ms, %d rounds (median)\n",
		*delayMs, *rounds)
	fmt.Printf("%6s %12s %16s %16s %8s %14s\n", "N", "wall ms", "validations/s", "ideal N/delay", "ratio", "peak threads")
	phone := 0
	for _, field := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n <= 0 {
			log.Fatalf("bad -n entry %q", field)
		}
		var walls []time.Duration
		peak := 0
		for range *rounds {
			tokens := make([]token, n)
			for i := range tokens {
				phone++
				if err := s.control("/token", map[string]any{"app_id": s.Apps[0].AppID, "phone": fmt.Sprintf("1390000%04d", phone%10000), "product": "onekey"}, &tokens[i]); err != nil {
					log.Fatal(err)
				}
			}
			if err := s.control("/faults", map[string]any{"kind": "delay", "delay_ms": *delayMs, "count": n}, nil); err != nil {
				log.Fatal(err)
			}
			wall, threads, err := round(client, tokens)
			if err != nil {
				log.Fatal(err)
			}
			walls = append(walls, wall)
			peak = max(peak, threads)
		}
		slices.Sort(walls)
		wall := walls[len(walls)/2]
		rate := float64(n) / wall.Seconds()
		ideal := float64(n) / (float64(*delayMs) / 1000)
		fmt.Printf("%6d %12.1f %16.0f %16.0f %8.2f %14d\n", n, float64(wall.Microseconds())/1000, rate, ideal, rate/ideal, peak)
	}
}

// round validates every token at once and returns the wall time and the peak OS thread count meanwhile.
func round(client *ydrz.Client, tokens []token) (time.Duration, int, error) {
	var peak atomic.Int64
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			peak.Store(max(peak.Load(), int64(threads())))
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
			if _, err := client.OnekeyValidate(context.Background(), tok.Token, tok.UserInformation, ""); err != nil {
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
		return 0, 0, fmt.Errorf("%d of %d validations failed, the first: %v", n, len(tokens), firstErr.Load())
	}
	return wall, int(peak.Load()), nil
}

// threads is the number of OS threads of this process (Linux).
func threads() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(rest))
			return n
		}
	}
	return 0
}

func startSandbox(bin string) (*sandbox, func(), error) {
	cmd := exec.Command(bin, "sandbox", "--port", "0", "--exit-on-stdin-eof")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	cmd.Stderr = nil // the sandbox logs every request; its exit status and first line say enough
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	stop := func() { stdin.Close(); cmd.Wait() }
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err != nil {
		stop()
		return nil, nil, err
	}
	go io.Copy(io.Discard, stdout)
	var s sandbox
	if err := json.Unmarshal(line, &s); err != nil || len(s.Apps) == 0 {
		stop()
		return nil, nil, fmt.Errorf("the sandbox's first line is not its info JSON: %v", err)
	}
	return &s, stop, nil
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
