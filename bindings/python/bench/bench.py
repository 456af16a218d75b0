"""Benchmark: ydrz against the usual hand-written Python (hashlib, the `cryptography` package, http.client).

Cases: the jssdk MD5 sign; the tokenValidate SHA256withRSA request signature with a 1024- and a 2048-bit key;
the whole one-click-login validate call against a sandbox process. The hand-written RSA code is measured
twice: parsing the key on every call (as common RsaUtils copies do) and with the key parsed once.

Run with bench/run.sh (installs cryptography into the binding's venv). Prints, per case, the median time of
one call over several rounds and its ratio to the ydrz median (>1: slower than ydrz).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import statistics
import sys
import time
import timeit
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import ydrz
from ydrz.testing import Sandbox

REPO = Path(__file__).resolve().parents[3]
VECTORS = json.loads((REPO / "tests" / "data" / "vectors.json").read_text(encoding="utf-8"))
FIXED = VECTORS["fixed_inputs"]


def median_seconds(fn: Callable[[], object], rounds: int, number: int | None = None) -> float:
    """The median over ``rounds`` of the mean time of one call in a round of ``number`` calls (by default as
    many as take at least 0.2 s, found by ``timeit.Timer.autorange``)."""
    timer = timeit.Timer(fn)
    if number is None:
        number, _ = timer.autorange()
    else:
        fn()  # warm up
    return statistics.median(t / number for t in timer.repeat(number=number, repeat=rounds))


def report(case: str, results: list[tuple[str, float]]) -> None:
    base = results[0][1]
    print(f"\n{case}")
    for name, seconds in results:
        print(f"  {name:<48} {seconds * 1e6:10.1f} µs   x{seconds / base:6.2f}")


# -- jssdk sign ---------------------------------------------------------------------------------------------


def hand_jssdk_sign(app_id: str, app_key: str, trace_id: str, timestamp: str) -> str:
    text = app_id + "8" + trace_id + timestamp + trace_id + "2.0" + app_key
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def bench_jssdk(rounds: int) -> None:
    args = (FIXED["appId"], FIXED["appkey"], FIXED["traceId_msgId"], FIXED["timestamp"])
    assert ydrz.jssdk_sign(*args) == hand_jssdk_sign(*args)
    report(
        "jssdk MD5 sign",
        [
            ("ydrz.jssdk_sign", median_seconds(lambda: ydrz.jssdk_sign(*args), rounds)),
            ("hashlib.md5", median_seconds(lambda: hand_jssdk_sign(*args), rounds)),
        ],
    )


# -- tokenValidate signature --------------------------------------------------------------------------------


def hand_sign_parse_per_call(pkcs8_base64: str, text: str) -> str:
    key = serialization.load_der_private_key(base64.b64decode(pkcs8_base64), password=None)
    return key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()).hex().upper()


def hand_sign(key, text: str) -> str:
    return key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()).hex().upper()


def bench_token_validate_sign(bits: int, rounds: int) -> None:
    pkcs8 = VECTORS["keys"][f"customer_{bits}"]["private_pkcs8_der_base64"]
    args = (FIXED["appId"], FIXED["traceId_msgId"], FIXED["timestamp"], FIXED["token_h5"], "2.0")
    text = "".join(args)
    key = ydrz.PrivateKey(pkcs8)
    crypto_key = serialization.load_der_private_key(base64.b64decode(pkcs8), password=None)
    expected = ydrz.token_validate_sign(key, *args)
    assert expected == hand_sign(crypto_key, text) == hand_sign_parse_per_call(pkcs8, text)

    def ydrz_parse_per_call() -> str:
        with ydrz.PrivateKey(pkcs8) as k:
            return ydrz.token_validate_sign(k, *args)

    report(
        f"tokenValidate sign, SHA256withRSA, {bits}-bit key",
        [
            (
                "ydrz.token_validate_sign (key parsed once)",
                median_seconds(lambda: ydrz.token_validate_sign(key, *args), rounds),
            ),
            ("ydrz (key parsed per call)", median_seconds(ydrz_parse_per_call, rounds)),
            ("cryptography (key parsed once)", median_seconds(lambda: hand_sign(crypto_key, text), rounds)),
            (
                "cryptography (key parsed per call)",
                median_seconds(lambda: hand_sign_parse_per_call(pkcs8, text), rounds),
            ),
        ],
    )
    key.close()


# -- the whole validate call --------------------------------------------------------------------------------


class HandWrittenClient:
    """What an integrator writes without the library: http.client with keep-alive, cryptography, json."""

    def __init__(self, base_url: str, app_id: str, app_key: str, private_key_pkcs8: str):
        url = urllib.parse.urlsplit(base_url)
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        self.app_id = app_id
        self.aes_key = app_key[:16].encode("utf-8")
        self.key = serialization.load_der_private_key(base64.b64decode(private_key_pkcs8), password=None)

    def onekey_validate(self, token: str, user_information: str) -> str:
        trace_id = uuid.uuid4().hex
        now = time.time() + 8 * 3600
        timestamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(now)) + f"{int(now * 1000) % 1000:03d}"
        sign = hand_sign(self.key, self.app_id + trace_id + timestamp + token + "2.0")
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
        hand = HandWrittenClient(sandbox.base_url, demo["app_id"], demo["app_key"], demo["customer_private_key"])

        def timed(validate: Callable[[str, str], str]) -> float:
            pending = [sandbox.token("onekey", phone) for _ in range(number * rounds + 1)]

            def one() -> None:
                t = pending.pop()
                assert validate(t["token"], t["userInformation"]) == phone

            return median_seconds(one, rounds, number)

        report(
            "one-click login validate against the sandbox (sign + HTTP POST + msisdn decryption)",
            [
                ("ydrz Client.onekey_validate", timed(lambda t, u: client.onekey_validate(t, u).phone)),
                ("http.client + cryptography (key parsed once)", timed(hand.onekey_validate)),
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="rounds per case; the median is reported")
    parser.add_argument("--calls", type=int, default=50, help="validate calls per round (each needs a token)")
    args = parser.parse_args()
    binary = Path(os.environ.get("YDRZ_BIN", REPO / "target" / "release" / "ydrz"))
    print(f"ydrz {ydrz.version()} ({ydrz.library_path()}), Python {sys.version.split()[0]}, rounds={args.rounds}")
    bench_jssdk(args.rounds)
    bench_token_validate_sign(1024, args.rounds)
    bench_token_validate_sign(2048, args.rounds)
    bench_validate(binary, args.calls, args.rounds)


if __name__ == "__main__":
    main()
