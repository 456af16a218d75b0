"""The results of the platform client's validations, and the phone mask to show instead of a number."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._ffi import STR, Text, invoke, text
from ._native import lib


def mask_phone(phone: Text) -> str:
    """``138****8000`` for an 11-digit number, ``****`` for anything else (neither the number nor its length
    shows): the form to log or print instead of the full number (ydrz_mask_phone)."""
    return invoke(lib.ydrz_mask_phone, text(phone, "phone"), STR).string(0)


@dataclass(frozen=True)
class Validated:
    """A successful token validation.

    ``phone`` is the full 11-digit number (``repr()`` masks it); ``details`` is the library's details object:
    resultCode, desc, http_status, response (the platform's raw JSON) and, per interface, securityPhone and
    traceId. ``details`` may contain personal data and is left out of ``repr()``.
    """

    phone: str
    details: dict[str, Any] = field(repr=False)

    def __repr__(self) -> str:
        return f"Validated(phone={mask_phone(self.phone)!r})"

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Validated:
        """From an exchange's result object, ``{"phone", "details"}``."""
        return cls(result["phone"], result["details"])


@dataclass(frozen=True)
class Verified:
    """A number-verification answer: ``matched`` is True when the platform says the number is the device's
    own and False when it says it is not; ``details`` as for :class:`Validated`."""

    matched: bool
    details: dict[str, Any] = field(repr=False)

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Verified:
        """From an exchange's result object, ``{"matched", "details"}``."""
        return cls(bool(result["matched"]), result["details"])
