"""The platform client: token validation and number verification against cmpassport (or the sandbox)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from ctypes import c_char_p
from typing import Any, Union

from ._ffi import HANDLE, I32, STR, NativeHandle, OptionalText, Text, create, text
from ._native import lib
from .exchange import Exchange
from .signer import Signer, encode, sign_request
from .results import Validated, Verified, mask_phone

__all__ = ["Client", "Config", "Validated", "Verified", "mask_phone"]

#: A client configuration: a mapping (serialized to JSON) or the JSON text itself.
Config = Union[Mapping[str, Any], str, bytes]


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

    def reconfigure(self, config: Config) -> None:
        """Replaces the whole configuration (keys, secrets, URLs, timeouts) without a restart, atomically:
        calls already running finish on the configuration they began with, and the ledger of sent tokens
        carries over. Another ``app_id`` raises :class:`~ydrz.InvalidArgument` (that is a different client);
        any error leaves the configuration in force. Safe while other threads validate (ydrz_client_reconfigure)."""
        if isinstance(config, Mapping):
            config = json.dumps(config)
        self._invoke(lib.ydrz_client_reconfigure, text(config, "config"))

    def stats(self) -> dict[str, Any]:
        """Per interface ("onekey", "number_verify", "app_login", "app_number"): counts by outcome (``calls``,
        ``success``, ``platform`` by result code, ``network``, ``timeout``, ``protocol``, ``http``,
        ``token_reused``, ``other``) and ``latency_ms`` {"le": bucket bounds, "counts": one per bound and one
        for slower calls} (ydrz_client_stats)."""
        stats: dict[str, Any] = json.loads(self._invoke(lib.ydrz_client_stats, STR, error_slot=False).string(0))
        return stats

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

    def presign_step(self, presign: Text) -> dict[str, Any]:
        """For ``"signer": "external"``: the preSign signature the host must make, ``{"step": "sign",
        "algorithm": "MD5withRSA" | "SHA256withRSA", "input_base64": ...}`` (the exact bytes of ``presign``).
        Hand the raw signature to :meth:`presign_accept`. A client with its private key raises
        :class:`~ydrz.InvalidArgument` (use :meth:`presign_sign`)."""
        step: dict[str, Any] = json.loads(
            self._invoke(lib.ydrz_client_presign_step, text(presign, "presign"), STR).string(0)
        )
        return step

    def presign_accept(self, presign: Text, signature_base64: str) -> str:
        """The preSign sign from the host's Base64 raw signature of :meth:`presign_step`'s bytes: verified
        against ``public_key`` (another key or algorithm raises :class:`~ydrz.InvalidSignature` saying which)
        and encoded as :meth:`presign_sign` encodes it."""
        if not isinstance(signature_base64, str):
            raise TypeError(f"signature_base64 must be str, not {type(signature_base64).__name__}")
        return self._invoke(
            lib.ydrz_client_presign_accept,
            text(presign, "presign"),
            c_char_p(signature_base64.encode("ascii", "replace")),
            STR,
        ).string(0)

    def presign_sign_with(self, signer: Signer, presign: Text) -> str:
        """:meth:`presign_sign` for ``"signer": "external"``: ``signer`` signs the preSign's bytes and the
        signature is verified before it is returned, encoded."""
        return self.presign_accept(presign, encode(signer.sign(*sign_request(self.presign_step(presign)))))

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

    def onekey_begin(
        self, token: Text, user_information: Text, expand_params: OptionalText = None
    ) -> Exchange[Validated]:
        """:meth:`onekey_validate` without sending: checks the inputs, reserves the token and returns the
        :class:`~ydrz.Exchange` whose request the caller's HTTP stack sends (README, "Bring your own HTTP").
        A reused token raises :class:`~ydrz.TokenReused`. No I/O."""
        outputs = self._invoke(
            lib.ydrz_client_onekey_begin,
            text(token, "token"),
            text(user_information, "user_information"),
            text(expand_params, "expand_params"),
            HANDLE,
        )
        return Exchange(outputs.handle(0), Validated.from_result)

    def number_verify_begin(
        self, token: Text, user_information: Text, phone: Text, expand_params: OptionalText = None
    ) -> Exchange[Verified]:
        """:meth:`number_verify` without sending (the phone is encrypted and the request signed here); as
        :meth:`onekey_begin`."""
        outputs = self._invoke(
            lib.ydrz_client_number_verify_begin,
            text(token, "token"),
            text(user_information, "user_information"),
            text(phone, "phone"),
            text(expand_params, "expand_params"),
            HANDLE,
        )
        return Exchange(outputs.handle(0), Verified.from_result)

    def app_login_begin(self, token: Text, expand_params: OptionalText = None) -> Exchange[Validated]:
        """:meth:`app_login_validate` without sending; as :meth:`onekey_begin`."""
        outputs = self._invoke(
            lib.ydrz_client_app_login_begin, text(token, "token"), text(expand_params, "expand_params"), HANDLE
        )
        return Exchange(outputs.handle(0), Validated.from_result)

    def app_number_begin(self, token: Text, phone: Text, expand_params: OptionalText = None) -> Exchange[Verified]:
        """:meth:`app_number_verify` without sending; as :meth:`onekey_begin`."""
        outputs = self._invoke(
            lib.ydrz_client_app_number_begin,
            text(token, "token"),
            text(phone, "phone"),
            text(expand_params, "expand_params"),
            HANDLE,
        )
        return Exchange(outputs.handle(0), Verified.from_result)
