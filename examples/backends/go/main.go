// Command backend is the ydrz example backend (net/http): the three endpoints a mini-program's login needs.
//
//	GET  /api/jssdk-params    -> the parameters for YDRZ.getTokenInfo
//	POST /api/login           {token, userInformation}         -> {phone: masked} + a session cookie
//	POST /api/verify-number   {token, userInformation, phone}  -> {matched: bool}
//
// Configuration from the environment: YDRZ_CONFIG_JSON, PORT, HOST, ALLOWED_ORIGIN (examples/backends/README.md).
// Errors are {error, message[, code]}; the log names outcomes, never a phone number or a token.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	ydrz "github.com/ydrz-dev/ydrz/bindings/go"
)

const maxField = 4096

var (
	// Platform answers that are the caller's fault: the token expired, was used, or does not belong to this
	// userInformation (one-click 104007 / 104008, number verification 120020); too many checks of one number.
	tokenRejected = map[string]bool{"104007": true, "104008": true, "120020": true}
	tooMany       = map[string]bool{"121011": true}
	phonePattern  = regexp.MustCompile(`^1[0-9]{10}$`)
)

type server struct {
	client   *ydrz.Client
	mu       sync.Mutex
	sessions map[string]string // session id -> phone number (a real backend keeps this in its session store)
}

type apiError struct {
	status  int
	kind    string
	message string
	code    string
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeError(w http.ResponseWriter, e apiError) {
	body := map[string]string{"error": e.kind, "message": e.message}
	if e.code != "" {
		body["code"] = e.code
	}
	writeJSON(w, e.status, body)
}

// libraryError maps the library's error to an HTTP answer, logged by status and platform code only.
func libraryError(endpoint string, err error) apiError {
	var e *ydrz.Error
	if !errors.As(err, &e) {
		log.Printf("WARNING %s failed: %T", endpoint, err)
		return apiError{500, "internal", "internal error", ""}
	}
	log.Printf("WARNING %s failed: %s %s", endpoint, e.Status, e.PlatformCode)
	switch {
	case e.Status == ydrz.StatusTokenReused:
		return apiError{409, "token_reused", "this token was already used; get a new one", ""}
	case e.Status == ydrz.StatusPlatform && tokenRejected[e.PlatformCode]:
		return apiError{401, "token_rejected", "the token is expired, used or does not match", e.PlatformCode}
	case e.Status == ydrz.StatusPlatform && tooMany[e.PlatformCode]:
		return apiError{429, "too_many_attempts", "too many verifications of this number today", e.PlatformCode}
	case e.Status == ydrz.StatusPlatform:
		return apiError{502, "platform_refused", "the platform refused the request", e.PlatformCode}
	case e.Status == ydrz.StatusTimeout:
		return apiError{504, "platform_timeout", "the platform did not answer in time", ""}
	case e.Status == ydrz.StatusNetwork || e.Status == ydrz.StatusHTTP || e.Status == ydrz.StatusProtocol:
		return apiError{502, "platform_unavailable", "the platform could not be reached", ""}
	case e.Status == ydrz.StatusInvalidArg || e.Status == ydrz.StatusInvalidUTF8:
		return apiError{400, "invalid_request", "a field is malformed", ""}
	}
	return apiError{500, "internal", "internal error", ""}
}

// fields reads the JSON object body's string fields: each required, non-empty, at most maxField characters.
func fields(w http.ResponseWriter, r *http.Request, names ...string) (map[string]string, *apiError) {
	bad := func(message string) *apiError { return &apiError{400, "invalid_request", message, ""} }
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		return nil, bad("the body is too large")
	}
	var body map[string]any
	if json.Unmarshal(raw, &body) != nil || body == nil {
		return nil, bad("the body must be a JSON object")
	}
	out := map[string]string{}
	for _, name := range names {
		value, ok := body[name].(string)
		if !ok || value == "" || utf8.RuneCountInString(value) > maxField {
			return nil, bad(name + " must be a non-empty string of at most 4096 characters")
		}
		out[name] = value
	}
	return out, nil
}

func maskPhone(phone string) string {
	if len(phone) != 11 {
		return "***"
	}
	return phone[:3] + "****" + phone[7:]
}

func (s *server) jssdkParams(w http.ResponseWriter, r *http.Request) {
	params, err := s.client.JssdkParams()
	if err != nil {
		writeError(w, libraryError("jssdk-params", err))
		return
	}
	writeJSON(w, http.StatusOK, params)
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	body, bad := fields(w, r, "token", "userInformation")
	if bad != nil {
		log.Printf("INFO refused input: %s", bad.message)
		writeError(w, *bad)
		return
	}
	result, err := s.client.OnekeyValidate(r.Context(), body["token"], body["userInformation"], "")
	if err != nil {
		writeError(w, libraryError("login", err))
		return
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	session := hex.EncodeToString(id)
	s.mu.Lock()
	s.sessions[session] = result.Phone
	s.mu.Unlock()
	log.Printf("INFO login ok")
	http.SetCookie(w, &http.Cookie{Name: "session", Value: session, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	writeJSON(w, http.StatusOK, map[string]string{"phone": maskPhone(result.Phone)})
}

func (s *server) verifyNumber(w http.ResponseWriter, r *http.Request) {
	body, bad := fields(w, r, "token", "userInformation", "phone")
	if bad == nil && !phonePattern.MatchString(body["phone"]) {
		bad = &apiError{400, "invalid_request", "phone must be 11 digits starting with 1", ""}
	}
	if bad != nil {
		log.Printf("INFO refused input: %s", bad.message)
		writeError(w, *bad)
		return
	}
	result, err := s.client.NumberVerify(r.Context(), body["token"], body["userInformation"], body["phone"], "")
	if err != nil {
		writeError(w, libraryError("verify-number", err))
		return
	}
	outcome := "not matched"
	if result.Match {
		outcome = "matched"
	}
	log.Printf("INFO verify-number ok: %s", outcome)
	writeJSON(w, http.StatusOK, map[string]bool{"matched": result.Match})
}

// withCORS lets the page at ALLOWED_ORIGIN call the API with credentials, and logs each request's outcome.
func withCORS(origin string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if origin != "" && r.Header.Get("Origin") == origin {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
			w.Header().Add("Vary", "Origin")
			if r.Method == http.MethodOptions {
				w.Header().Set("Access-Control-Allow-Methods", "GET, POST")
				w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		recorder := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(recorder, r)
		log.Printf("INFO %s %s %d", r.Method, r.URL.Path, recorder.status)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(status int) {
	s.status = status
	s.ResponseWriter.WriteHeader(status)
}

func main() {
	client, err := ydrz.NewClient(os.Getenv("YDRZ_CONFIG_JSON"))
	if err != nil {
		log.Fatalf("ERROR the client configuration is refused: %v", err)
	}
	s := &server{client: client, sessions: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/jssdk-params", s.jssdkParams)
	mux.HandleFunc("POST /api/login", s.login)
	mux.HandleFunc("POST /api/verify-number", s.verifyNumber)
	host := os.Getenv("HOST")
	if host == "" {
		host = "127.0.0.1"
	}
	httpServer := &http.Server{
		Addr:              net.JoinHostPort(host, os.Getenv("PORT")),
		Handler:           withCORS(os.Getenv("ALLOWED_ORIGIN"), mux),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = httpServer.Shutdown(ctx)
	}()
	log.Printf("INFO listening on http://%s", httpServer.Addr)
	if err := httpServer.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("ERROR %v", err)
	}
	client.Close()
}
