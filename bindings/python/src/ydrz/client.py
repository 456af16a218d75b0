"""The platform client: token validation and number verification against cmpassport (or the sandbox)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from ._ffi import I32, STR, NativeHandle, OptionalText, Text, create, invoke, text
from ._native import lib

#: A client configuration: a mapping (serialized to JSON) or the JSON text itself.
Config = Union[Mapping[str, Any], str, bytes]


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


@dataclass(frozen=True)
class Verified:
    """A number-verification answer: ``matched`` is True when the platform says the number is the device's
    own and False when it says it is not; ``details`` as for :class:`Validated`."""

    matched: bool
    details: dict[str, Any] = field(repr=False)


class Client(NativeHandle):
    """A platform client: configuration, keys (parsed once), one HTTP agent with keep-alive, and the ledger of
    tokens already sent.

    ``config`` is the JSON configuration of ``ydrz_client_new`` (see its comment in ydrz.h; the repository
    README.md lists every key with its default): ``app_id`` (required), ``app_key``, ``app_secret``,
    ``private_key``, ``platform_public_key``, ``base_url`` (default "https://www.cmpassport.com"; ``http://``
    only for loopback hosts), timeouts, and per-interface sections. An unknown key raises
    :class:`~ydrz.InvalidArgument` naming it, a bad key :class:`~ydrz.InvalidKey`.

    Thread safety: one client is meant to be shared by all threads of a process; the network calls release
    the GIL and block up to ``timeout_ms``. Each token is sent at most once by a client: a second call with
    it raises :class:`~ydrz.TokenReused` without a request. ``close()`` / ``with`` frees it (waiting for running
    calls); garbage collection does otherwise. Use after ``close()`` raises :class:`~ydrz.HandleClosed`.
    """

    _free = lib.ydrz_client_free

    def __init__(self, config: Config):
        if isinstance(config, Mapping):
            config = json.dumps(config)
        super().__init__(create(lib.ydrz_client_new, text(config, "config")))

    def jssdk_params(self) -> dict[str, str]:
        """Parameters for the mini-program's YDRZ.getTokenInfo: appId, traceId, msgId, timestamp, version,
        businessType, sign, with a fresh traceId (= msgId) and the current UTC+8 timestamp. Needs app_key:
        without it raises :class:`~ydrz.InvalidArgument`."""
        params: dict[str, str] = json.loads(self._invoke(lib.ydrz_client_jssdk_params, STR).string(0))
        return params

    def presign_sign(self, presign: Text) -> str:
        """Signs the number-verification jssdk preSign in the configured ``presign`` style (MD5withRSA, Base64
        by default). Needs private_key: without it raises :class:`~ydrz.InvalidArgument`, as does an empty
        ``presign``."""
        return self._invoke(lib.ydrz_client_presign_sign, text(presign, "presign"), STR).string(0)

    def onekey_validate(self, token: Text, user_information: Text, expand_params: OptionalText = None) -> Validated:
        """One-click login (mini-program / H5): validates ``token`` and returns the phone number.

        ``user_information`` is passed exactly as the jssdk returned it (never URL-decode it). A non-success
        result code raises :class:`~ydrz.PlatformError` (``platform_code`` e.g. "104007" for an expired or used
        token); transport problems raise :class:`~ydrz.NetworkError`, :class:`~ydrz.Timeout`,
        :class:`~ydrz.HttpError` or :class:`~ydrz.ProtocolError`, and are never retried once sent.
        """
        outputs = self._invoke(
            lib.ydrz_client_onekey_validate,
            text(token, "token"),
            text(user_information, "user_information"),
            text(expand_params, "expand_params"),
            STR,
            STR,
        )
        return Validated(outputs.string(0), json.loads(outputs.string(1)))

    def number_verify(
        self, token: Text, user_information: Text, phone: Text, expand_params: OptionalText = None
    ) -> Verified:
        """Number verification (mini-program / H5): whether ``phone`` (11 digits, as the user typed it) is the
        device's own number. Needs platform_public_key and private_key. Answers other than match / no match
        raise :class:`~ydrz.PlatformError`; errors and single-use token rules as for :meth:`onekey_validate`."""
        outputs = self._invoke(
            lib.ydrz_client_number_verify,
            text(token, "token"),
            text(user_information, "user_information"),
            text(phone, "phone"),
            text(expand_params, "expand_params"),
            I32,
            STR,
        )
        return Verified(bool(outputs.int32(0)), json.loads(outputs.string(1)))

    def app_login_validate(self, token: Text, expand_params: OptionalText = None) -> Validated:
        """App one-click login (loginTokenValidate, ``app_login.mode`` "md5" or "rsa"): returns the phone.
        Errors and single-use token rules as for :meth:`onekey_validate`."""
        outputs = self._invoke(
            lib.ydrz_client_app_login_validate,
            text(token, "token"),
            text(expand_params, "expand_params"),
            STR,
            STR,
        )
        return Validated(outputs.string(0), json.loads(outputs.string(1)))

    def app_number_verify(self, token: Text, phone: Text, expand_params: OptionalText = None) -> Verified:
        """App number verification (/openapi/rs/tokenValidate, ``app_number.key_type`` "1" or "0").
        Errors and single-use token rules as for :meth:`number_verify`."""
        outputs = self._invoke(
            lib.ydrz_client_app_number_verify,
            text(token, "token"),
            text(phone, "phone"),
            text(expand_params, "expand_params"),
            I32,
            STR,
        )
        return Verified(bool(outputs.int32(0)), json.loads(outputs.string(1)))
