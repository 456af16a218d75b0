"""Shared fixtures: repository paths, the test vectors, loaded keys and a sandbox process.

Environment: ``YDRZ_LIBRARY`` (the library under test; test.sh sets it from ``YDRZ_LIB_DIR``) and ``YDRZ_BIN``
(the ``ydrz`` executable that serves the sandbox; default ``<repo>/target/release/ydrz``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import ydrz
from ydrz.testing import Sandbox

REPO = Path(__file__).resolve().parents[3]
MANIFEST = REPO / "include" / "ydrz.abi.json"
VECTORS = REPO / "tests" / "data" / "vectors.json"


@pytest.fixture(scope="session")
def vectors() -> dict:
    return json.loads(VECTORS.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixed(vectors) -> dict:
    """The vectors' fixed inputs (appId, appkey, traceId_msgId, timestamp, token_h5, phone, preSign...)."""
    return vectors["fixed_inputs"]


def load_keys(vectors: dict, kind: type, field: str):
    """name ("customer_1024", ...) -> key handle of ``kind`` made from ``field``; closed at the end."""
    keys = {name: kind(k[field]) for name, k in vectors["keys"].items()}
    yield keys
    for key in keys.values():
        key.close()


@pytest.fixture(scope="session")
def private_keys(vectors):
    yield from load_keys(vectors, ydrz.PrivateKey, "private_pkcs8_der_base64")


@pytest.fixture(scope="session")
def public_keys(vectors):
    yield from load_keys(vectors, ydrz.PublicKey, "public_x509_spki_der_base64")


def sandbox_binary() -> Path:
    return Path(os.environ.get("YDRZ_BIN", REPO / "target" / "release" / "ydrz"))


@pytest.fixture(scope="session")
def sandbox_process():
    binary = sandbox_binary()
    if not binary.is_file():
        pytest.fail(f"no sandbox binary {binary}: run `cargo build --release --bin ydrz` or set YDRZ_BIN")
    sandbox = Sandbox.start(binary, log=None)  # the request log goes to stderr, shown for failed tests
    yield sandbox
    sandbox.stop()


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
