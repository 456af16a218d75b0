"""Bring your own HTTP: one validation as an exchange whose request any HTTP stack sends.

    with client.onekey_begin(token, user_information) as exchange:
        request = exchange.request          # method, url, headers, body, timeout_ms
        ...send it; never follow a redirect...
        result = exchange.finish(status, body)

With an external signer (``"signer": "external"``) the exchange also waits for the host's private-key
operations, which :meth:`Exchange.pending` describes and :meth:`Exchange.provide` answers; a
:class:`~ydrz.Signer` does both through :meth:`Exchange.sign_with` and ``finish(..., signer=)``:

    with client.app_login_begin(token) as exchange:
        exchange.sign_with(signer)          # the request's signature, verified against public_key
        ...send exchange.request...
        result = exchange.finish(status, body, signer)   # decrypts an RSA-mode msisdn with the signer

The token is reserved in the client's ledger from ``*_begin`` on. :meth:`Exchange.finish` keeps it reserved
(it was sent); :meth:`Exchange.not_sent` releases it, only for a request that provably never left (connection
refused, DNS or TLS handshake failure); closing an exchange that was neither keeps it reserved, because the
request may have left (a timeout, reset or cancellation after connecting). A token is never sent twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from ctypes import c_char_p
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ._ffi import STR, NativeHandle, integer
from ._native import lib
from .errors import InvalidArgument, Status, as_status, error_class
from .results import Validated, Verified
from .signer import Signer, decrypt_blocks, encode, sign_request

R = TypeVar("R", Validated, Verified)

#: What :meth:`Exchange.finish` raises for an answer only the external signer's key can read, without a signer.
DECRYPTION_PENDING = "the answer waits for the external signer's decryption: pending(), provide(), then result()"

#: Largest answer body the library reads (``ydrz_exchange_finish`` refuses a longer one with YDRZ_E_PROTOCOL).
MAX_BODY = 1 << 20


@dataclass(frozen=True)
class Request:
    """The request of an exchange (``ydrz_exchange_request``): send ``method`` to ``url`` with every header of
    ``headers`` in order (Content-Type first) and ``body`` (UTF-8 JSON text; :attr:`body_bytes` as sent) within
    ``timeout_ms`` for the whole request; never follow a redirect. The body carries the token: do not log it."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: str
    timeout_ms: int

    @property
    def body_bytes(self) -> bytes:
        """The exact request body."""
        return self.body.encode("utf-8")

    def __repr__(self) -> str:
        return f"Request(method={self.method!r}, url={self.url!r}, timeout_ms={self.timeout_ms})"


def decryption_pending() -> InvalidArgument:
    """The error of a finish whose answer waits for the external signer's decryption, with no signer to do it."""
    return InvalidArgument(Status.E_INVALID_ARG, "YDRZ_E_INVALID_ARG", None, DECRYPTION_PENDING)


class Exchange(NativeHandle, Generic[R]):
    """One validation in flight (a ``ydrz_exchange``), made by :meth:`~ydrz.Client.onekey_begin` and the other
    ``*_begin`` methods; ``finish`` returns a :class:`~ydrz.Validated` (logins) or :class:`~ydrz.Verified`
    (verifications).

    ``close()`` / ``with`` frees it (garbage collection does otherwise); an exchange neither finished nor
    declared not sent then keeps its token reserved. It may outlive its client. Calls from several threads are
    serialized by the library; ``close()`` waits for running calls.
    """

    _free = lib.ydrz_exchange_free

    def __init__(self, address: int, result: Callable[[dict[str, Any]], R]):
        super().__init__(address)
        self._result: Callable[[dict[str, Any]], R] = result
        self._request: Request | None = None

    def pending(self) -> dict[str, Any]:
        """What the exchange waits for, in the order a host meets them:

        * ``{"step": "sign", "algorithm": "SHA256withRSA" | "MD5withRSA", "input_base64": ...}`` while an
          external signer must sign the bytes (the exact bytes, not a digest);
        * ``{"step": "send"}`` once the request is ready (at once for a client with a ``private_key``);
        * ``{"step": "decrypt", "algorithm": "RSA/ECB/PKCS1Padding", "block_bytes": k, "input_base64": ...}``
          after :meth:`finish` read an App login (RSA mode) answer whose msisdn the external signer must decrypt:
          each block of ``k`` bytes on its own, the plaintexts joined;
        * ``{"step": "done"}`` once :meth:`result` is available.

        Raises :class:`~ydrz.InvalidArgument` after :meth:`not_sent`."""
        result: dict[str, Any] = json.loads(self._invoke(lib.ydrz_exchange_pending, STR).string(0))
        return result

    def provide(self, output_base64: str) -> None:
        """Hands over the Base64 output of the pending step. A signature (raw, PKCS#1 v1.5) is verified against
        the configured ``public_key`` before anything is sent: another key or the other algorithm raises
        :class:`~ydrz.InvalidSignature` saying which, and the exchange keeps waiting; then :attr:`request` is
        available. A decryption must be the phone number, else :class:`~ydrz.CryptoError` and the exchange keeps
        waiting; then :meth:`result` is available."""
        if not isinstance(output_base64, str):
            raise TypeError(f"output_base64 must be str, not {type(output_base64).__name__}")
        self._invoke(lib.ydrz_exchange_provide, c_char_p(output_base64.encode("ascii", "replace")))

    def sign_with(self, signer: Signer) -> None:
        """Makes the pending signature with ``signer`` (:meth:`~ydrz.Signer.sign` with the step's algorithm)
        and provides it; nothing to do for a client with a ``private_key``. Raises what :meth:`provide` raises
        (another key: :class:`~ydrz.InvalidSignature`, nothing sent) and what the signer raises."""
        while (step := self.pending())["step"] == "sign":
            self.provide(encode(signer.sign(*sign_request(step))))

    def result(self) -> R:
        """The result once the exchange is done (``pending()`` says ``{"step": "done"}``): what :meth:`finish`
        returned, or the login of the decryption provided after it. Raises :class:`~ydrz.InvalidArgument`
        before that, or after a failed finish."""
        return self._result(json.loads(self._invoke(lib.ydrz_exchange_result, STR).string(0)))

    @property
    def request(self) -> Request:
        """The request to send; the same at any time once complete, also after the exchange ended (until
        ``close()``). Raises :class:`~ydrz.InvalidArgument` while the exchange waits for its signature."""
        if self._request is None:
            fields = json.loads(self._invoke(lib.ydrz_exchange_request, STR).string(0))
            self._request = Request(
                fields["method"],
                fields["url"],
                tuple((name, value) for name, value in fields["headers"]),
                fields["body"],
                fields["timeout_ms"],
            )
        return self._request

    def finish(self, status: int, body: bytes, signer: Signer | None = None) -> R:
        """Reads the platform's answer: the HTTP ``status`` (100-599, any of them) and the whole response
        ``body``, exactly as the blocking call does, and returns its result or raises its error
        (:class:`~ydrz.HttpError` for a non-2xx status, :class:`~ydrz.PlatformError`,
        :class:`~ydrz.ProtocolError`, also for a body over 1 MiB). Whatever the answer, the exchange is then
        finished and the token stays reserved. Finishing again, or after :meth:`not_sent`, raises
        :class:`~ydrz.InvalidArgument`; so does a status outside 100-599, which leaves the exchange as it was.

        An external signer's App login in RSA mode then decrypts the msisdn with ``signer``
        (:meth:`~ydrz.Signer.decrypt`, raising :class:`~ydrz.CryptoError` when that is not the phone number).
        Without ``signer`` it raises :class:`~ydrz.InvalidArgument` saying so, and the exchange waits for the
        ``decrypt`` step (:meth:`pending`, :meth:`provide`, then :meth:`result`)."""
        result = self._read_answer(status, body)
        if result is not None:
            return result
        if signer is None:
            raise decryption_pending()
        self.provide(encode(b"".join(signer.decrypt(block) for block in decrypt_blocks(self.pending()))))
        return self.result()

    def _read_answer(self, status: int, body: bytes) -> R | None:
        """ydrz_exchange_finish: the result, or None when the exchange now waits for a decrypt step."""
        if not isinstance(body, (bytes, bytearray, memoryview)):
            raise TypeError(f"body must be bytes, not {type(body).__name__}")
        data = bytes(body)
        outputs = self._invoke(lib.ydrz_exchange_finish, integer(status, "status"), c_char_p(data), len(data), STR)
        answer = outputs.optional_string(0)
        return None if answer is None else self._result(json.loads(answer))

    def not_sent(self) -> None:
        """Ends the exchange because its request never left (connection refused, DNS or TLS handshake
        failure): the token is released and may be sent again. Never call it once any byte of the request
        may have been sent (a timeout or reset after connecting): ``close()`` instead, which keeps the token.
        Raises :class:`~ydrz.InvalidArgument` when the exchange was already finished or declared not sent."""
        with self._borrowed() as address:
            status = lib.ydrz_exchange_not_sent(address)
        if status:
            name = lib.ydrz_status_name(status).decode("utf-8")
            message = "the exchange was already finished or declared not sent"
            raise error_class(status)(as_status(status), name, None, message)
