"""Shared fixtures: repository paths, the test vectors, loaded keys and a sandbox process.

Environment: ``YDRZ_LIBRARY`` (the library under test; test.sh sets it from ``YDRZ_LIB_DIR``) and ``YDRZ_BIN``
(the ``ydrz`` executable that serves the sandbox; default ``<repo>/target/release/ydrz``).
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

import ydrz

REPO = Path(__file__).resolve().parents[3]
HEADER = REPO / "include" / "ydrz.h"
VECTORS = REPO / "tests" / "data" / "vectors.json"


@pytest.fixture(scope="session")
def vectors() -> dict:
    return json.loads(VECTORS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixed(vectors) -> dict:
    """The vectors' fixed inputs (appId, appkey, traceId_msgId, timestamp, token_h5, phone, preSign...)."""
    return vectors["fixed_inputs"]


@pytest.fixture(scope="session")
def private_keys(vectors):
    """name ("customer_1024", ...) -> PrivateKey, shared by all tests."""
    keys = {name: ydrz.PrivateKey(k["private_pkcs8_der_base64"]) for name, k in vectors["keys"].items()}
    yield keys
    for key in keys.values():
        key.close()


@pytest.fixture(scope="session")
def public_keys(vectors):
    """name ("customer_1024", ...) -> PublicKey, shared by all tests."""
    keys = {name: ydrz.PublicKey(k["public_x509_spki_der_base64"]) for name, k in vectors["keys"].items()}
    yield keys
    for key in keys.values():
        key.close()


class Sandbox:
    """A running ``ydrz sandbox`` process and its control endpoints."""

    def __init__(self, process: subprocess.Popen, info: dict):
        self.process = process
        self.info = info
        self.base_url: str = info["base_url"]
        self.control_url: str = info["control_url"]
        self.demo: dict = next(app for app in info["apps"] if app["name"] == "demo")
        self.client_config: dict = info["client_config"]

    def control(self, path: str, body: dict | None = None) -> dict:
        """POSTs ``body`` (or GETs when it is None) to a control endpoint and returns the JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.control_url + path, data=data, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")

    def token(self, product: str, phone: str, **extra) -> dict:
        """A fresh token: {"token", "userInformation", "expires_in_ms"}."""
        return self.control("/token", {"app_id": self.demo["app_id"], "phone": phone, "product": product, **extra})

    def stats(self, token: str) -> dict:
        return self.control(f"/stats?token={urllib.request.quote(token)}")

    def client(self, **overrides) -> ydrz.Client:
        return ydrz.Client({**self.client_config, **overrides})


def sandbox_binary() -> Path:
    return Path(os.environ.get("YDRZ_BIN", REPO / "target" / "release" / "ydrz"))


@pytest.fixture(scope="session")
def sandbox_process():
    binary = sandbox_binary()
    if not binary.is_file():
        pytest.fail(
            f"the sandbox binary {binary} does not exist: run `cargo build --release --bin ydrz` or set YDRZ_BIN"
        )
    process = subprocess.Popen(
        [str(binary), "sandbox", "--port", "0", "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"the sandbox exited without printing its address (exit code {process.wait(10)})")
        yield Sandbox(process, json.loads(line))
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def sandbox(sandbox_process) -> Sandbox:
    """The session's sandbox, reset before each test: no faults, zero counters, and the demo app's registered
    settings (allowed IPs, daily limit) as the sandbox started with them."""
    demo = sandbox_process.demo
    sandbox_process.control("/reset", {})
    sandbox_process.control(
        "/apps", {"app_id": demo["app_id"], "allowed_ips": demo["allowed_ips"], "daily_limit": demo["daily_limit"]}
    )
    return sandbox_process
