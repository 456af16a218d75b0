"""Benchmark: ydrz against the usual hand-written Python (hashlib, the `cryptography` package, http.client).

Cases: the jssdk MD5 sign; the tokenValidate SHA256withRSA request signature with a 1024- and a 2048-bit key;
the whole one-click-login validate call against a sandbox process. The hand-written RSA code is measured
twice: parsing the key on every call (as common RsaUtils copies do) and with the key parsed once. Both sides
do the same work: join the fields, sign, upper-case hex; for the validate call, sign, one POST on a kept-alive
connection, JSON, AES decryption of the msisdn.

Run with bench/run.sh (installs cryptography into the binding's venv). All candidates of a case run in the same
process in interleaved short rounds; per case it prints, per candidate, the median time of one call in wall
clock and in process CPU time, each with its ratio to the hand-written baseline (>1: slower than it), and the
ratio of ydrz to that baseline (the issue's goal for the sign: at most 1.15). CPU time is the steadier measure
on a busy machine for the in-process cases; for the validate call it leaves out the sandbox's work (the same for
both sides), so the wall clock is the one to quote there.
"""

from __future__ import annotations

import argparse
import base64
import gc
import hashlib
import http.client
import json
import os
import statistics
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import ydrz
from ydrz.testing import Sandbox

REPO = Path(__file__).resolve().parents[3]
VECTORS = json.loads((REPO / "tests" / "data" / "vectors.json").read_text(encoding="utf-8"))
FIXED = VECTORS["fixed_inputs"]


@dataclass
class Timing:
    """Medians over the rounds of the time of one call, in seconds: wall clock and this process's CPU time."""

    wall: float
    cpu: float


def calls_per_round(fn: Callable[[], object], seconds: float) -> int:
    """How many calls of ``fn`` take about ``seconds`` (at least one), after a few warm-up calls."""
    for _ in range(3):
        fn()
    start = time.perf_counter()
    fn()
    one = max(time.perf_counter() - start, 1e-7)
    return max(1, round(seconds / one))


def measure(candidates: list[tuple[str, Callable[[], object]]], rounds: int, calls: int) -> dict[str, Timing]:
    """Runs the candidates in interleaved rounds, forwards and backwards in turn, so that a change of machine
    load and any order effect hit all of them alike. A round of a candidate is ``calls`` calls (0: as many as
    take about 20 ms; with ``calls``, each candidate is first called once to warm up), timed by wall clock and
    by process CPU time with the garbage collector off (as ``timeit`` does). Returns, per candidate, the medians
    over the rounds of the time of one call."""
    plan = []
    for name, fn in candidates:
        if calls:
            fn()  # warm up
        plan.append((name, fn, calls or calls_per_round(fn, 0.02)))
    wall: dict[str, list[float]] = {name: [] for name, _ in candidates}
    cpu: dict[str, list[float]] = {name: [] for name, _ in candidates}
    for round_number in range(rounds):
        for name, fn, n in plan if round_number % 2 == 0 else plan[::-1]:
            gc.disable()
            try:
                wall_start, cpu_start = time.perf_counter(), time.process_time()
                for _ in range(n):
                    fn()
                wall_end, cpu_end = time.perf_counter(), time.process_time()
            finally:
                gc.enable()
            wall[name].append((wall_end - wall_start) / n)
            cpu[name].append((cpu_end - cpu_start) / n)
    return {name: Timing(statistics.median(wall[name]), statistics.median(cpu[name])) for name, _ in candidates}


def compare(
    case: str,
    rounds: int,
    candidates: list[tuple[str, Callable[[], object]]],
    baseline: str,
    goal: float | None = None,
    calls: int = 0,
) -> None:
    """Measures the candidates (see :func:`measure`) and prints, for each, the median wall-clock and CPU time of
    one call and their ratios to the ``baseline`` candidate's (>1: slower than the baseline). The first
    candidate is ydrz; its ratio is printed last, against ``goal`` when there is one."""
    timings = measure(candidates, rounds, calls)
    base = timings[baseline]
    print(f"\n{case}")
    print(f"  {'':<50} {'wall µs':>10} {'ratio':>6} {'CPU µs':>10} {'ratio':>6}")
    for name, t in timings.items():
        print(
            f"  {name:<50} {t.wall * 1e6:10.1f} {t.wall / base.wall:6.2f} {t.cpu * 1e6:10.1f} {t.cpu / base.cpu:6.2f}"
        )
    first = timings[candidates[0][0]]
    target = f" (goal ≤ {goal:.2f}×)" if goal else ""
    print(
        f"  => {candidates[0][0]} / {baseline}: {first.wall / base.wall:.2f}× wall, "
        f"{first.cpu / base.cpu:.2f}× CPU{target}"
    )


# -- jssdk sign ---------------------------------------------------------------------------------------------


def hand_jssdk_sign(app_id: str, app_key: str, trace_id: str, timestamp: str) -> str:
    text = app_id + "8" + trace_id + timestamp + trace_id + "2.0" + app_key
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def bench_jssdk(rounds: int) -> None:
    args = (FIXED["appId"], FIXED["appkey"], FIXED["traceId_msgId"], FIXED["timestamp"])
    assert ydrz.jssdk_sign(*args) == hand_jssdk_sign(*args)
    compare(
        "jssdk MD5 sign",
        rounds,
        [("ydrz.jssdk_sign", lambda: ydrz.jssdk_sign(*args)), ("hashlib.md5", lambda: hand_jssdk_sign(*args))],
        baseline="hashlib.md5",
    )


# -- tokenValidate signature --------------------------------------------------------------------------------


def load_key(pkcs8_base64: str):
    return serialization.load_der_private_key(base64.b64decode(pkcs8_base64), password=None)


def hand_sign(key, text: str) -> str:
    return key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()).hex().upper()


def hand_token_validate_sign(key, app_id: str, trace_id: str, timestamp: str, token: str, version: str) -> str:
    """What ydrz.token_validate_sign does, by hand: join the fields, sign, upper-case hex."""
    return hand_sign(key, app_id + trace_id + timestamp + token + version)


def bench_token_validate_sign(bits: int, rounds: int) -> None:
    pkcs8 = VECTORS["keys"][f"customer_{bits}"]["private_pkcs8_der_base64"]
    args = (FIXED["appId"], FIXED["traceId_msgId"], FIXED["timestamp"], FIXED["token_h5"], "2.0")
    key = ydrz.PrivateKey(pkcs8)
    crypto_key = load_key(pkcs8)
    expected = ydrz.token_validate_sign(key, *args)
    assert expected == hand_token_validate_sign(crypto_key, *args) == hand_token_validate_sign(load_key(pkcs8), *args)

    def ydrz_parse_per_call() -> str:
        with ydrz.PrivateKey(pkcs8) as k:
            return ydrz.token_validate_sign(k, *args)

    compare(
        f"tokenValidate sign, SHA256withRSA, {bits}-bit key",
        rounds,
        [
            ("ydrz.token_validate_sign (key parsed once)", lambda: ydrz.token_validate_sign(key, *args)),
            ("cryptography (key parsed once)", lambda: hand_token_validate_sign(crypto_key, *args)),
            ("ydrz (key parsed per call)", ydrz_parse_per_call),
            ("cryptography (key parsed per call)", lambda: hand_token_validate_sign(load_key(pkcs8), *args)),
        ],
        baseline="cryptography (key parsed once)",
        goal=1.15,
    )
    key.close()


# -- the whole validate call --------------------------------------------------------------------------------


class HandWrittenClient:
    """What an integrator writes without the library: http.client with keep-alive, cryptography, json; the
    private key parsed once, or on every call (``parse_key_per_call``) as RsaUtils copies do."""

    def __init__(self, base_url: str, app_id: str, app_key: str, private_key_pkcs8: str, parse_key_per_call: bool):
        url = urllib.parse.urlsplit(base_url)
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        self.app_id = app_id
        self.aes_key = app_key[:16].encode("utf-8")
        self.pkcs8 = private_key_pkcs8
        self.key = None if parse_key_per_call else load_key(private_key_pkcs8)

    def onekey_validate(self, token: str, user_information: str) -> str:
        trace_id = uuid.uuid4().hex
        now = time.time() + 8 * 3600
        timestamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now)) + f"{int(now * 1000) % 1000:03d}"
        sign = hand_sign(self.key or load_key(self.pkcs8), self.app_id + trace_id + timestamp + token + "2.0")
        body = json.dumps({"token": token, "sign": sign, "userInformation": user_information, "expandParams": ""})
        headers = {
            "Content-Type": "application/json",
            "interfaceVersion": "2.0",
            "appId": self.app_id,
            "traceId": trace_id,
            "timestamp": timestamp,
            "businessType": "8",
        }
        self.connection.request("POST", "/h5/onekeylogin/tokenValidate", body, headers)
        response = self.connection.getresponse()
        answer = json.loads(response.read())
        if response.status != 200 or answer.get("resultCode") != "103000":
            raise RuntimeError(f"tokenValidate failed: HTTP {response.status}, {answer.get('resultCode')}")
        msisdn = (answer.get("data") or answer)["msisdn"]
        decryptor = Cipher(algorithms.AES(self.aes_key), modes.ECB()).decryptor()
        padded = decryptor.update(base64.b64decode(msisdn)) + decryptor.finalize()
        return padded[: -padded[-1]].decode("utf-8")


def bench_validate(binary: Path, number: int, rounds: int) -> None:
    phone = "13800138000"
    with Sandbox.start(binary) as sandbox, sandbox.client() as client:
        demo = sandbox.demo
        hand = [
            HandWrittenClient(sandbox.base_url, demo["app_id"], demo["app_key"], demo["customer_private_key"], per_call)
            for per_call in (False, True)
        ]

        def validating(validate: Callable[[str, str], str]) -> Callable[[], None]:
            """One validate call per call, each with its own fresh token (made before timing starts)."""
            pending = [sandbox.token("onekey", phone) for _ in range(number * rounds + 1)]

            def one() -> None:
                t = pending.pop()
                assert validate(t["token"], t["userInformation"]) == phone

            return one

        compare(
            "one-click login validate against the sandbox (sign + HTTP POST + msisdn decryption)",
            rounds,
            [
                ("ydrz Client.onekey_validate", validating(lambda t, u: client.onekey_validate(t, u).phone)),
                ("http.client + cryptography (key parsed once)", validating(hand[0].onekey_validate)),
                ("http.client + cryptography (key parsed per call)", validating(hand[1].onekey_validate)),
            ],
            baseline="http.client + cryptography (key parsed once)",
            calls=number,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=31, help="rounds per case; the median is reported")
    parser.add_argument("--calls", type=int, default=10, help="validate calls per round (each needs a token)")
    args = parser.parse_args()
    binary = Path(os.environ.get("YDRZ_BIN", REPO / "target" / "release" / "ydrz"))
    print(f"ydrz {ydrz.version()} ({ydrz.library_path()}), Python {sys.version.split()[0]}, rounds={args.rounds}")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    bench_jssdk(args.rounds)
    bench_token_validate_sign(1024, args.rounds)
    bench_token_validate_sign(2048, args.rounds)
    bench_validate(binary, args.calls, args.rounds)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
