"""Bring your own HTTP: one validation as an exchange whose request any HTTP stack sends.

    with client.onekey_begin(token, user_information) as exchange:
        request = exchange.request          # method, url, headers, body, timeout_ms
        ...send it; never follow a redirect...
        result = exchange.finish(status, body)

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
from .errors import as_status, error_class
from .results import Validated, Verified

R = TypeVar("R", Validated, Verified)

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

    @property
    def request(self) -> Request:
        """The request to send; the same at any time, also after the exchange ended (until ``close()``)."""
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

    def finish(self, status: int, body: bytes) -> R:
        """Reads the platform's answer: the HTTP ``status`` (100-599, any of them) and the whole response
        ``body``, exactly as the blocking call does, and returns its result or raises its error
        (:class:`~ydrz.HttpError` for a non-2xx status, :class:`~ydrz.PlatformError`,
        :class:`~ydrz.ProtocolError`, also for a body over 1 MiB). Whatever the answer, the exchange is then
        finished and the token stays reserved. Finishing again, or after :meth:`not_sent`, raises
        :class:`~ydrz.InvalidArgument`; so does a status outside 100-599, which leaves the exchange as it was."""
        if not isinstance(body, (bytes, bytearray, memoryview)):
            raise TypeError(f"body must be bytes, not {type(body).__name__}")
        data = bytes(body)
        outputs = self._invoke(lib.ydrz_exchange_finish, integer(status, "status"), c_char_p(data), len(data), STR)
        return self._result(json.loads(outputs.string(0)))

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
