"""The platform's result codes (return_codes.tsv), described by the library's catalog."""

from __future__ import annotations

import json

from ._ffi import STR, OptionalText, Text, invoke, static_text, text
from ._native import lib


def code_message(code: OptionalText, product: OptionalText = None, stage: OptionalText = None) -> str | None:
    """The Chinese message of a platform result code, e.g. "成功" for "103000"; ``None`` when the code is
    unknown, ``product`` or ``stage`` is unknown, ``code`` is ``None``, or an argument is not UTF-8 (bytes,
    or a str with lone surrogates). Text containing a NUL character raises :class:`~ydrz.InvalidArgument`.

    ``product`` (mp_onekey_login, mp_number_verify, app_onekey_login, app_number_verify, app_sdk) and
    ``stage`` narrow the match where a code means different things. Thread-safe.
    """
    return static_text(lib.ydrz_code_message(text(code, "code"), text(product, "product"), text(stage, "stage")))


def code_describe(code: Text, product: OptionalText = None, stage: OptionalText = None) -> list[dict[str, str]]:
    """Every catalog entry for ``code`` as dicts with the keys product, stage, code, message_zh, meaning_en,
    hint (an empty list when the code is unknown). An unknown ``product`` or ``stage`` name raises
    :class:`~ydrz.InvalidArgument`. Thread-safe."""
    outputs = invoke(lib.ydrz_code_describe, text(code, "code"), text(product, "product"), text(stage, "stage"), STR)
    entries: list[dict[str, str]] = json.loads(outputs.string(0))
    return entries
