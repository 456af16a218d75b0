// Command quickstart_go shows the three steps of an integration with the Go binding: the jssdk parameters
// for YDRZ.getTokenInfo, a one-click login token validated into the phone number, and a number
// verification.
//
// Against the sandbox (default): it starts `ydrz sandbox` as a subprocess and asks its control endpoint for
// the tokens the mini-program's jssdk would hand to your front end.
//
//	cargo build --release --lib --bin ydrz
//	cd examples/quickstart_go && CGO_CFLAGS=-I$PWD/../../include CGO_LDFLAGS=-L$PWD/../../target/release go run .
//
// (in the repository the binding has no header and no library of its own, so CGO_CFLAGS and CGO_LDFLAGS
// point cgo at the build; target/release/libydrz.a is linked into the program, as bindings/go/README.md explains.)
//
// Against the real platform: put your app's configuration in a JSON file, with the same keys as the
// sandbox's client_config (app_id, app_key, private_key, platform_public_key) but WITHOUT base_url (the
// default is https://www.cmpassport.com), and pass the tokens your front end received from the jssdk:
//
//	go run . -config my-app.json -token T -user-information U \
//	    [-verify-token T2 -verify-user-information U2 -phone 1xxxxxxxxxx]
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"time"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
)

// sandboxPhone is the fake number the sandbox's tokens stand for.
const sandboxPhone = "13800138000"

func main() {
	log.SetFlags(0)
	sandboxBin := flag.String("sandbox", defaultSandbox(), "the ydrz executable that serves the sandbox")
	configFile := flag.String("config", "", "client configuration JSON for the real platform (no sandbox)")
	token := flag.String("token", "", "one-click login token from the jssdk (with -config)")
	userInfo := flag.String("user-information", "", "its userInformation, exactly as the jssdk returned it")
	verifyToken := flag.String("verify-token", "", "number-verification token from the jssdk (with -config)")
	verifyInfo := flag.String("verify-user-information", "", "its userInformation")
	phone := flag.String("phone", "", "the number the user typed, for number verification (with -config)")
	flag.Parse()

	var config string
	var login, verify [2]string
	var verifyPhone string
	if *configFile == "" {
		s, err := startSandbox(*sandboxBin)
		if err != nil {
			log.Fatalf("sandbox: %v", err)
		}
		defer s.stop()
		config = string(s.ClientConfig)
		if login, err = s.token("onekey"); err != nil {
			log.Fatalf("sandbox token: %v", err)
		}
		if verify, err = s.token("number_verify"); err != nil {
			log.Fatalf("sandbox token: %v", err)
		}
		verifyPhone = sandboxPhone
	} else {
		data, err := os.ReadFile(*configFile)
		if err != nil {
			log.Fatal(err)
		}
		config = string(data)
		login, verify, verifyPhone = [2]string{*token, *userInfo}, [2]string{*verifyToken, *verifyInfo}, *phone
	}
	if err := run(config, login, verify, verifyPhone); err != nil {
		log.Fatal(err)
	}
}

// run creates the client and goes through the three steps; an empty token skips its step. It returns an
// error when the client cannot be created or a step failed (each failure is printed).
func run(config string, login, verify [2]string, phone string) error {
	client, err := ydrz.NewClient(config)
	if err != nil {
		return fmt.Errorf("client configuration: %w", err)
	}
	defer client.Close()

	params, err := client.JssdkParams()
	if err != nil {
		return err
	}
	fmt.Printf("1. jssdk params for YDRZ.getTokenInfo: appId=%s traceId=%s timestamp=%s sign=%.8s…\n",
		params.AppID, params.TraceID, params.Timestamp, params.Sign)

	// The validations are sent with net/http; a context bounds them (in a handler: r.Context()). Cancelling
	// it returns at once; the token stays spent once its request may have left.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	failed := false
	if login[0] == "" {
		fmt.Println("2. one-click login: skipped (no -token)")
	} else if result, err := client.OnekeyValidate(ctx, login[0], login[1], ""); err != nil {
		failed = report("2. one-click login", ydrz.ProductMPOnekeyLogin, err)
	} else {
		fmt.Printf("2. one-click login: phone %s (resultCode %s)\n", mask(result.Phone), result.Details.ResultCode)
	}

	if verify[0] == "" {
		fmt.Println("3. number verification: skipped (no -verify-token)")
	} else if v, err := client.NumberVerify(ctx, verify[0], verify[1], phone, ""); err != nil {
		failed = report("3. number verification", ydrz.ProductMPNumberVerify, err) || failed
	} else {
		fmt.Printf("3. number verification of %s: own number %v (resultCode %s)\n", mask(phone), v.Match, v.Details.ResultCode)
	}
	if failed {
		return errors.New("a step failed")
	}
	return nil
}

// report prints a failed step the way an integrator would handle it: platform codes explained by the
// catalog entry of product, everything else with its status. It returns true.
func report(step, product string, err error) bool {
	var e *ydrz.Error
	switch {
	case errors.Is(err, ydrz.ErrPlatform) && errors.As(err, &e):
		msg, _ := ydrz.CodeMessage(e.PlatformCode, product, "")
		fmt.Printf("%s refused by the platform: %s %s\n", step, e.PlatformCode, msg)
	case errors.Is(err, ydrz.ErrTokenReused):
		fmt.Printf("%s: this token was already used; ask the front end for a new one\n", step)
	default:
		fmt.Printf("%s failed: %v\n", step, err)
	}
	return true
}

// mask hides the middle of a phone number, as logs must.
func mask(phone string) string {
	if len(phone) != 11 {
		return "***"
	}
	return phone[:3] + "****" + phone[7:]
}

// defaultSandbox is $YDRZ_BIN, else target/release/ydrz of this repository.
func defaultSandbox() string {
	if bin := os.Getenv("YDRZ_BIN"); bin != "" {
		return bin
	}
	return "../../target/release/ydrz"
}

// sandbox is a running `ydrz sandbox --port 0 --exit-on-stdin-eof` and the JSON line it printed.
type sandbox struct {
	cmd          *exec.Cmd
	stdin        io.Closer
	ControlURL   string          `json:"control_url"`
	ClientConfig json.RawMessage `json:"client_config"`
	Apps         []struct {
		Name  string `json:"name"`
		AppID string `json:"app_id"`
	} `json:"apps"`
}

func startSandbox(bin string) (*sandbox, error) {
	cmd := exec.Command(bin, "sandbox", "--port", "0", "--exit-on-stdin-eof")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s (build it with cargo build --release --bin ydrz, or pass -sandbox): %w", bin, err)
	}
	s := &sandbox{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, s)
	}
	if err != nil || len(s.Apps) == 0 {
		s.stop()
		return nil, fmt.Errorf("reading the sandbox's JSON line: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	return s, nil
}

// stop closes the sandbox's stdin, which ends it, and waits for it.
func (s *sandbox) stop() {
	s.stdin.Close()
	s.cmd.Wait()
}

// token asks the sandbox for a token of product for sandboxPhone in its demo app: what the jssdk would
// return on the user's phone.
func (s *sandbox) token(product string) ([2]string, error) {
	appID := ""
	for _, app := range s.Apps {
		if app.Name == "demo" {
			appID = app.AppID
		}
	}
	body, err := json.Marshal(map[string]string{"app_id": appID, "phone": sandboxPhone, "product": product})
	if err != nil {
		return [2]string{}, err
	}
	resp, err := http.Post(s.ControlURL+"/token", "application/json", bytes.NewReader(body))
	if err != nil {
		return [2]string{}, err
	}
	defer resp.Body.Close()
	var tok struct {
		Token           string `json:"token"`
		UserInformation string `json:"userInformation"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != http.StatusOK {
		return [2]string{}, fmt.Errorf("HTTP %d: %v", resp.StatusCode, err)
	}
	return [2]string{tok.Token, tok.UserInformation}, nil
}
