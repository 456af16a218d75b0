// Package sandboxproc runs `ydrz sandbox` processes: one place for the module's own tests and its testing
// package to start a sandbox, read its info line and stop it.
package sandboxproc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"time"
)

// Process is a running sandbox.
type Process struct {
	// Info is the sandbox's first line of output: its JSON description (base_url, control_url, apps,
	// client_config).
	Info  []byte
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	log   bytes.Buffer
}

// Write collects the sandbox's request log (its standard error).
func (p *Process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.Write(b)
}

// Log returns what the sandbox has written to its standard error so far.
func (p *Process) Log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// Start runs `executable sandbox --port 0 --exit-on-stdin-eof options...` and waits for its info line. The
// sandbox exits when its standard input closes (Stop).
func Start(executable string, options ...string) (*Process, error) {
	p := &Process{cmd: exec.Command(executable, append([]string{"sandbox", "--port", "0", "--exit-on-stdin-eof"}, options...)...)}
	p.cmd.Stderr = p
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", executable, err)
	}
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err != nil {
		p.Stop()
		return nil, fmt.Errorf("reading the sandbox's first line: %w; stderr: %s", err, p.Log())
	}
	go io.Copy(io.Discard, stdout)
	p.Info = line
	return p, nil
}

// ErrStopTimeout is Stop's error when the sandbox outlived its standard input by 10 s and was killed.
var ErrStopTimeout = errors.New("the sandbox did not exit within 10 s of its stdin closing")

// Stop closes the sandbox's standard input and waits for it to exit, killing it after 10 s.
func (p *Process) Stop() error {
	p.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case <-done:
		return nil
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
		return ErrStopTimeout
	}
}
