#!/usr/bin/env python3
"""The shared test of the example backends: starts a sandbox and each backend's run.sh (PORT, YDRZ_CONFIG_JSON,
ALLOWED_ORIGIN), then drives the same HTTP contract (README.md here) through every backend over real sockets:
jssdk parameters, one-click login with its session cookie, the same token again (refused without a second
request to the platform), an expired token, number verification (match, no match), input validation, CORS,
the platform unreachable (a reset connection) or answering HTTP 503, and a log without phone number or token.

Usage: test_backends.py [NAME ...]   (default: every backend; after `cargo build --release --lib --bin ydrz`
and `cargo build --release -p ydrz-jni`). YDRZ_BIN: the sandbox binary (default <repo>/target/release/ydrz).
Each backend's output goes to target/backends/<name>.log. Exits 1 when a check fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BACKENDS = ("spring", "fastapi", "go", "express", "php")
PHONE = "13800138000"
OTHER_PHONE = "13900139000"
ORIGIN = "http://127.0.0.1:9"  # an origin the page would have; nothing needs to listen there
START_TIMEOUT = float(os.environ.get("BACKEND_START_TIMEOUT", "600"))  # a first run installs dependencies

failures: list[str] = []


def check(what: str, ok: bool, detail: Any = "") -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if not ok and detail != "" else ""), flush=True)
    if not ok:
        failures.append(what)
    return ok


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Answer:
    def __init__(self, status: int, headers: Any, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def __repr__(self) -> str:
        return f"HTTP {self.status} {self.body[:300]!r}"


def http(method: str, url: str, body: Any = None, raw: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 30) -> Answer:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json",
                                                                            **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.headers, e.read())


class Sandbox:
    def __init__(self) -> None:
        binary = os.environ.get("YDRZ_BIN", str(REPO / "target/release/ydrz"))
        self.process = subprocess.Popen([binary, "sandbox", "--port", "0", "--exit-on-stdin-eof"], text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.info = json.loads(self.process.stdout.readline())
        self.config = self.info["client_config"]
        self.control = self.info["control_url"]
        self.issued: list[str] = []

    def token(self, product: str, phone: str = PHONE, ttl_ms: int | None = None) -> dict[str, str]:
        body: dict[str, Any] = {"app_id": self.config["app_id"], "phone": phone, "product": product}
        if ttl_ms is not None:
            body["ttl_ms"] = ttl_ms
        answer = http("POST", f"{self.control}/token", body).json()
        self.issued.append(answer["token"])
        return answer

    def requests_with(self, token: str) -> int:
        return http("GET", f"{self.control}/stats?token={urllib.parse.quote(token)}").json()["requests"]

    def fault(self, kind: str, **extra: Any) -> None:
        http("POST", f"{self.control}/faults", {"kind": kind, **extra})

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


class Backend:
    def __init__(self, name: str, sandbox: Sandbox, origin: str = ORIGIN):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = REPO / "target" / "backends" / f"{name}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PORT": str(self.port), "YDRZ_CONFIG_JSON": json.dumps(sandbox.config),
               "ALLOWED_ORIGIN": origin}
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen([HERE / name / "run.sh"], env=env, stdout=out, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)

    def wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.2)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def error_of(answer: Answer) -> tuple[int, str | None, str | None]:
    body = answer.json() if isinstance(answer.json(), dict) else {}
    return answer.status, body.get("error"), body.get("code")


def drive(backend: Backend, sandbox: Sandbox) -> None:
    name, api = backend.name, f"{backend.url}/api"

    params = http("GET", f"{api}/jssdk-params")
    body = params.json() or {}
    check(f"{name}: GET /api/jssdk-params gives the YDRZ.getTokenInfo fields",
          params.status == 200 and set(body) >= {"appId", "traceId", "msgId", "timestamp", "version", "businessType",
                                                  "sign"} and body.get("appId") == sandbox.config["app_id"], params)
    check(f"{name}: the jssdk sign is MD5 of appId+businessType+msgId+timestamp+traceId+version+appKey",
          body.get("sign") == hashlib.md5("".join([body.get(k, "") for k in ("appId", "businessType", "msgId",
                                                                              "timestamp", "traceId", "version")]).encode()
                                          + sandbox.config["app_key"].encode()).hexdigest().upper(), body)

    token = sandbox.token("onekey")
    login = http("POST", f"{api}/login", {"token": token["token"], "userInformation": token["userInformation"]})
    cookie = login.headers.get("Set-Cookie", "")
    check(f"{name}: login answers the masked phone", login.status == 200 and login.json() == {"phone": "138****8000"},
          login)
    check(f"{name}: login sets an HttpOnly session cookie",
          re.match(r"session=[^;]{16,}", cookie) is not None and "httponly" in cookie.lower(), cookie)
    again = http("POST", f"{api}/login", {"token": token["token"], "userInformation": token["userInformation"]})
    check(f"{name}: the same token again is 409 token_reused", error_of(again)[:2] == (409, "token_reused"), again)
    check(f"{name}: the reused token was sent to the platform once", sandbox.requests_with(token["token"]) == 1)

    expired = sandbox.token("onekey", ttl_ms=1)
    time.sleep(0.05)
    answer = http("POST", f"{api}/login", {"token": expired["token"], "userInformation": expired["userInformation"]})
    check(f"{name}: an expired token is 401 token_rejected 104007",
          error_of(answer) == (401, "token_rejected", "104007"), answer)

    own = sandbox.token("number_verify")
    answer = http("POST", f"{api}/verify-number", {**own, "phone": PHONE})
    check(f"{name}: verify-number of the device's own number is matched",
          answer.status == 200 and answer.json() == {"matched": True}, answer)
    other = sandbox.token("number_verify")
    answer = http("POST", f"{api}/verify-number", {"token": other["token"],
                                                   "userInformation": other["userInformation"], "phone": OTHER_PHONE})
    check(f"{name}: verify-number of another number is not matched",
          answer.status == 200 and answer.json() == {"matched": False}, answer)

    fresh = sandbox.token("onekey")
    for what, raw in (("a body that is not JSON", b"token=abc"), ("a JSON array", b"[]"),
                      ("no token", json.dumps({"userInformation": "x"}).encode()),
                      ("a number as token", json.dumps({"token": 5, "userInformation": "x"}).encode()),
                      ("an empty token", json.dumps({"token": "", "userInformation": "x"}).encode()),
                      ("a token of 5000 characters", json.dumps({"token": "a" * 5000, "userInformation": "x"}).encode())):
        answer = http("POST", f"{api}/login", raw=raw)
        check(f"{name}: login with {what} is 400 invalid_request", error_of(answer)[:2] == (400, "invalid_request"),
              answer)
    for phone in ("1380013800", "23800138000", "1380013800a", ""):
        answer = http("POST", f"{api}/verify-number", {**fresh, "phone": phone})
        check(f"{name}: verify-number with phone {phone!r} is 400 invalid_request",
              error_of(answer)[:2] == (400, "invalid_request"), answer)
    check(f"{name}: refused input sent nothing to the platform", sandbox.requests_with(fresh["token"]) == 0)

    preflight = http("OPTIONS", f"{api}/login", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "content-type"})
    check(f"{name}: a CORS preflight from ALLOWED_ORIGIN is allowed with credentials",
          preflight.status in (200, 204) and preflight.headers.get("Access-Control-Allow-Origin") == ORIGIN
          and preflight.headers.get("Access-Control-Allow-Credentials") == "true", preflight)
    stranger = http("GET", f"{api}/jssdk-params", headers={"Origin": "http://evil.example"})
    check(f"{name}: another origin gets no CORS permission", "Access-Control-Allow-Origin" not in stranger.headers,
          dict(stranger.headers))

    sandbox.fault("reset")
    lost = sandbox.token("onekey")
    answer = http("POST", f"{api}/login", {"token": lost["token"], "userInformation": lost["userInformation"]})
    check(f"{name}: the platform unreachable (connection reset) is 502 platform_unavailable",
          error_of(answer)[:2] == (502, "platform_unavailable"), answer)
    sandbox.fault("http_status", status=503)
    down = sandbox.token("number_verify")
    answer = http("POST", f"{api}/verify-number", {**down, "phone": PHONE})
    check(f"{name}: the platform answering HTTP 503 is 502 platform_unavailable",
          error_of(answer)[:2] == (502, "platform_unavailable"), answer)


def check_log(backend: Backend, sandbox: Sandbox) -> None:
    text = backend.log.read_text(errors="replace")
    check(f"{backend.name}: the log names requests", "login" in text, text[-500:])
    check(f"{backend.name}: the log holds no phone number", PHONE not in text and OTHER_PHONE not in text)
    leaked = [t for t in sandbox.issued if t[:16] in text]
    check(f"{backend.name}: the log holds no token", not leaked, f"{len(leaked)} tokens")


def main() -> None:
    names = sys.argv[1:] or list(BACKENDS)
    unknown = set(names) - set(BACKENDS)
    if unknown:
        sys.exit(f"unknown backends {sorted(unknown)}; known: {', '.join(BACKENDS)}")
    sandbox = Sandbox()
    backends = [Backend(name, sandbox) for name in names]
    try:
        started = time.monotonic()
        with ThreadPoolExecutor(len(backends)) as pool:
            ready = list(pool.map(Backend.wait_ready, backends))
        print(f"backends listening after {time.monotonic() - started:.1f} s", flush=True)
        for backend, up in zip(backends, ready):
            if check(f"{backend.name}: run.sh listens on $PORT", up, backend.log.read_text(errors="replace")[-3000:]):
                drive(backend, sandbox)
    finally:
        for backend in backends:
            backend.stop()
        sandbox.close()
    for backend in backends:
        check_log(backend, sandbox)
    total = sum(1 for _ in failures)
    print(f"backends: {len(names)} run, {total} failed checks" + (f": {failures}" if failures else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
