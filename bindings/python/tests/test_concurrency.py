"""Threads sharing one client and one key handle get the results a single thread gets."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import ydrz
from ydrz import Encoding, SignAlgorithm

THREADS = 8
ROUNDS = 6


def phone_of(i: int) -> str:
    return f"1380013{i:04d}"


def test_threads_sharing_a_client_and_a_key(sandbox, vectors, private_keys):
    vector = next(v for v in vectors["vectors"] if v["id"] == "h5_tokenValidate_sign_v2.0_customer_2048")
    key = private_keys["customer_2048"]
    count = THREADS * ROUNDS
    tokens = [sandbox.token("onekey", phone_of(i)) for i in range(count)]
    verify_tokens = [sandbox.token("number_verify", phone_of(i)) for i in range(count)]
    start = threading.Barrier(THREADS)

    def work(i: int) -> tuple[str, str, bool, str]:
        if i < THREADS:
            start.wait()  # the first calls of all threads begin together
        signature = ydrz.rsa_sign(key, vector["string_to_sign"], SignAlgorithm.SHA256_RSA, Encoding.HEX_UPPER)
        phone = client.onekey_validate(tokens[i]["token"], tokens[i]["userInformation"]).phone
        expected = phone_of(i) if i % 2 else phone_of(i + 1)
        matched = client.number_verify(verify_tokens[i]["token"], verify_tokens[i]["userInformation"], expected)
        return signature, phone, matched.matched, client.jssdk_params()["appId"]

    with sandbox.client() as client, ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(count)))

    assert [r[0] for r in results] == [vector["expected_hex_upper"]] * count
    assert [r[1] for r in results] == [phone_of(i) for i in range(count)]
    assert [r[2] for r in results] == [i % 2 == 1 for i in range(count)]
    assert {r[3] for r in results} == {sandbox.demo["app_id"]}


def test_close_waits_for_a_call_in_flight(sandbox):
    sandbox.control("/faults", {"kind": "delay", "delay_ms": 600, "count": 1})
    token = sandbox.token("onekey", phone_of(1))
    client = sandbox.client()
    outcome: dict[str, object] = {}
    started = threading.Event()

    def call() -> None:
        started.set()
        outcome["phone"] = client.onekey_validate(token["token"], token["userInformation"]).phone
        outcome["finished"] = time.monotonic()

    thread = threading.Thread(target=call)
    thread.start()
    started.wait()
    deadline = time.monotonic() + 10
    while sandbox.stats(token["token"])["requests"] == 0:  # until the request waits on the sandbox's delay
        assert time.monotonic() < deadline, "the request never reached the sandbox"
        time.sleep(0.01)
    client.close()
    closed_at = time.monotonic()
    thread.join()
    assert outcome["phone"] == phone_of(1)
    assert outcome["finished"] <= closed_at
    with pytest.raises(ydrz.HandleClosed):
        client.jssdk_params()
