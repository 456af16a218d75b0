"""The behaviour table tests/data/cases.json: every case's call must end with its status (docs/bindings.md).

Python's mapping: NULL is ``None``, invalid UTF-8 is ``bytes``, a closed handle is one after ``close()``, and a
failure is a :class:`ydrz.YdrzError` whose ``status_name`` is the table's status. No case is skipped here: each
placeholder has a Python form. A new ``call`` fails below until it is mapped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

import ydrz

REPO = Path(__file__).resolve().parents[3]

TABLE = json.loads((REPO / "tests" / "data" / "cases.json").read_text(encoding="utf-8"))
FIXTURES = TABLE["fixtures"]

CALLS: dict[str, Callable[..., Any]] = {
    "mask_phone": ydrz.mask_phone,
    "decrypt_msisdn": ydrz.decrypt_msisdn,
    "private_key_load": ydrz.PrivateKey,
    "public_key_load": ydrz.PublicKey,
    "private_key_public_spki": lambda key: key.public_spki(),
    "client_jssdk_params": lambda client: client.jssdk_params(),
    "client_stats": lambda client: client.stats(),
    "client_presign_step": lambda client, presign: client.presign_step(presign),
    "client_presign_accept": lambda client, presign, signature: client.presign_accept(presign, signature),
    "client_new": ydrz.Client,
    "code_describe": ydrz.code_describe,
    "jssdk_sign": lambda *a: ydrz.jssdk_sign(*a[:6], encoding=a[6]),
    "key_generate": ydrz.generate_key_pair,
}


def _closed(kind: str) -> Any:
    made = {
        "private_key": lambda: ydrz.PrivateKey(FIXTURES["private_key"]),
        "public_key": lambda: ydrz.PublicKey(FIXTURES["public_key"]),
        "client": lambda: ydrz.Client(FIXTURES["client_config"]),
    }[kind]()
    made.close()
    return made


def _argument(arg: Any) -> Any:
    if not isinstance(arg, dict):
        return arg
    if arg.get("null"):
        return None
    if "invalid_utf8_hex" in arg:
        return bytes.fromhex(arg["invalid_utf8_hex"])
    if "repeat" in arg:
        return arg["repeat"] * arg["times"]
    if "closed" in arg:
        return _closed(arg["closed"])
    raise AssertionError(f"unknown placeholder {arg}")


@pytest.mark.parametrize("case", TABLE["cases"], ids=[case["name"] for case in TABLE["cases"]])
def test_case(case: dict) -> None:
    assert case["call"] in CALLS, f"cases.json calls {case['call']}, which this runner does not map"
    call = CALLS[case["call"]]
    args = [_argument(arg) for arg in case["args"]]
    if case["status"] == "YDRZ_OK":
        call(*args)
        return
    with pytest.raises(ydrz.YdrzError) as raised:
        call(*args)
    assert raised.value.status_name == case["status"], str(raised.value)
