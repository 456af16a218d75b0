"""The asyncio client: the library builds each request and reads its answer, aiohttp moves the bytes.

Needs aiohttp (``pip install ydrz[async]``); importing :mod:`ydrz` alone never imports it.

aiohttp is the asyncio HTTP client with the largest user base, maintained by the aio-libs organisation, with
connection pooling (keep-alive) and per-request proxy, TLS and timeout settings: everything the transport rules
below need, and the session most asyncio applications already hold.

The transport rules (README, "Bring your own HTTP"): the request is sent as the library built it; redirects are
never followed; the whole request takes at most its ``timeout_ms``; at most 1 MiB of the answer is read; a
proxy is used only when the configuration names one (``proxy``; environment variables are ignored); TLS is
always verified (against the system's roots plus the configuration's ``ca_cert_pem``).

Single use: a connection that failed before the request left (``aiohttp.ClientConnectorError``: refused,
DNS, proxy connection or TLS handshake) releases the token, so the same token may be tried again; a timeout,
a reset or a cancellation after that keeps it reserved (a second call raises :class:`~ydrz.TokenReused`
without a request), as does any answer.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import ssl
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from ._ffi import OptionalText, Text
from .client import Client, Config
from .errors import NetworkError, Status, Timeout
from .exchange import MAX_BODY, Exchange, R, Request, decryption_pending
from .results import Validated, Verified
from .signer import AsyncSigner, Signer, decrypt_blocks, encode, sign_request

try:
    import aiohttp
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "ydrz.AsyncClient needs aiohttp: install it with `pip install ydrz[async]` (or `pip install aiohttp`)"
    ) from e

__all__ = ["AsyncClient"]


def _config_fields(config: Config) -> Mapping[str, Any]:
    """The configuration as a mapping (already validated by the :class:`~ydrz.Client` made from it)."""
    if isinstance(config, Mapping):
        return config
    fields: Mapping[str, Any] = json.loads(config)
    return fields


def _tls_context(ca_cert_pem: str | None) -> ssl.SSLContext:
    """A verifying TLS context: the system's roots, plus ``ca_cert_pem`` when configured."""
    context = ssl.create_default_context()
    if ca_cert_pem:
        context.load_verify_locations(cadata=ca_cert_pem)
    return context


class AsyncClient:
    """A platform client for asyncio: :meth:`onekey_validate`, :meth:`number_verify`,
    :meth:`app_login_validate` and :meth:`app_number_verify` are the :class:`~ydrz.Client` methods of those
    names as coroutines, with the same arguments, results and errors (a transport failure raises
    :class:`~ydrz.NetworkError` or :class:`~ydrz.Timeout`).

    ``config`` is the :class:`~ydrz.Client` configuration; its ``proxy``, ``ca_cert_pem`` and
    ``connect_timeout_ms`` apply to the requests. ``session`` is an ``aiohttp.ClientSession`` to send them with
    (its connection pool, tracing and limits); the caller keeps owning it, and its ``trust_env`` is the
    caller's choice (with ``trust_env=True`` aiohttp reads proxy variables from the environment when the
    configuration names no proxy). Without one, the client opens its own session (``trust_env=False``) on the
    first call and :meth:`close` closes it.

    ``signer`` makes the private-key operations of a client configured with ``"signer": "external"``: an
    :class:`~ydrz.AsyncSigner` (a KMS client's coroutines), or a blocking :class:`~ydrz.Signer`, which then
    runs on the event loop's thread (an HSM's operations take milliseconds; wrap a slower one in
    ``asyncio.to_thread``). Each signature is verified before the request exists: a signer with another key
    raises :class:`~ydrz.InvalidSignature`, nothing is sent and the token is released. Without ``signer``
    such a client's calls raise :class:`~ydrz.InvalidArgument` before sending.

    :attr:`client` is the underlying blocking :class:`~ydrz.Client` (for ``jssdk_params``, ``presign_sign``
    and the ``*_begin`` methods); it shares the ledger of sent tokens. Use the client from one event loop.
    """

    def __init__(
        self,
        config: Config,
        *,
        session: aiohttp.ClientSession | None = None,
        signer: Signer | AsyncSigner | None = None,
    ):
        self.client = Client(config)
        self._signer = signer
        fields = _config_fields(config)
        self._proxy: str | None = fields.get("proxy")
        self._ssl = _tls_context(fields.get("ca_cert_pem"))
        self._connect_timeout_s = fields.get("connect_timeout_ms", 5000) / 1000
        self._session = session
        self._owns_session = session is None

    async def onekey_validate(
        self, token: Text, user_information: Text, expand_params: OptionalText = None
    ) -> Validated:
        """:meth:`ydrz.Client.onekey_validate`, sent with aiohttp."""
        return await self._send(self.client.onekey_begin(token, user_information, expand_params))

    async def number_verify(
        self, token: Text, user_information: Text, phone: Text, expand_params: OptionalText = None
    ) -> Verified:
        """:meth:`ydrz.Client.number_verify`, sent with aiohttp."""
        return await self._send(self.client.number_verify_begin(token, user_information, phone, expand_params))

    async def app_login_validate(self, token: Text, expand_params: OptionalText = None) -> Validated:
        """:meth:`ydrz.Client.app_login_validate`, sent with aiohttp."""
        return await self._send(self.client.app_login_begin(token, expand_params))

    async def app_number_verify(self, token: Text, phone: Text, expand_params: OptionalText = None) -> Verified:
        """:meth:`ydrz.Client.app_number_verify`, sent with aiohttp."""
        return await self._send(self.client.app_number_begin(token, phone, expand_params))

    async def close(self) -> None:
        """Closes the session this client opened (not one passed in) and the blocking client. Idempotent."""
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None
        self.client.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _session_for_call(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session

    async def _send(self, exchange: Exchange[R]) -> R:
        """Signs the exchange's request, sends it and finishes it (decrypting the msisdn when the answer needs
        it); the exchange is freed whatever happens (keeping the token unless the request never existed or the
        connection provably failed before it left)."""
        with exchange:
            signer = self._signer
            while signer is not None and (step := exchange.pending())["step"] == "sign":
                exchange.provide(encode(await _outcome(signer.sign(*sign_request(step)))))
            request = exchange.request
            try:
                status, body = await self._transport(request)
            except aiohttp.ClientConnectorError as e:
                exchange.not_sent()
                raise _network_error(f"could not connect to {_origin(request.url)}: {e.strerror or e}") from e
            except asyncio.TimeoutError as e:
                raise Timeout(
                    Status.E_TIMEOUT, "YDRZ_E_TIMEOUT", None, f"no answer within {request.timeout_ms} ms"
                ) from e
            except aiohttp.ClientError as e:
                raise _network_error(f"the request to {_origin(request.url)} failed: {type(e).__name__}") from e
            result = exchange._read_answer(status, body)
            if result is not None:
                return result
            if signer is None:
                raise decryption_pending()
            plaintexts = [await _outcome(signer.decrypt(block)) for block in decrypt_blocks(exchange.pending())]
            exchange.provide(encode(b"".join(plaintexts)))
            return exchange.result()

    async def _transport(self, request: Request) -> tuple[int, bytes]:
        timeout = aiohttp.ClientTimeout(total=request.timeout_ms / 1000, sock_connect=self._connect_timeout_s)
        async with self._session_for_call().request(
            request.method,
            request.url,
            headers=list(request.headers),
            data=request.body_bytes,
            allow_redirects=False,
            proxy=self._proxy,
            ssl=self._ssl,
            timeout=timeout,
        ) as response:
            return response.status, await _read_capped(response.content)


T = TypeVar("T")


async def _outcome(value: T | Awaitable[T]) -> T:
    """What a signer's method gave: awaited for an :class:`~ydrz.AsyncSigner`, as it is for a blocking one."""
    if inspect.isawaitable(value):
        return await value
    return value


async def _read_capped(content: aiohttp.StreamReader) -> bytes:
    """The body, but no more than one byte over :data:`MAX_BODY` (which ``finish`` then refuses)."""
    body = bytearray()
    async for chunk in content.iter_any():
        body += chunk
        if len(body) > MAX_BODY:
            break
    return bytes(body[: MAX_BODY + 1])


def _origin(url: str) -> str:
    """Scheme, host and port of ``url``: an error names where, never the path or anything after it."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _network_error(message: str) -> NetworkError:
    return NetworkError(Status.E_NETWORK, "YDRZ_E_NETWORK", None, message)
