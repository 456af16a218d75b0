"""ydrz.AsyncClient (aiohttp) against the sandbox, and against small local servers for the transport rules."""

from __future__ import annotations

import asyncio
import http.server
import ssl
import subprocess
import sys
import threading

import aiohttp
import pytest

import ydrz
from ydrz import Status

PHONE = "13800138000"


class Recorder(http.server.ThreadingHTTPServer):
    """A local HTTP server answering every request with ``status``, ``headers`` and ``body``; it records
    each request line (a proxy receives the absolute URL)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes, tls: ssl.SSLContext | None = None):
        self.answer = (status, headers, body)
        self.lines: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                recorder.lines.append(self.requestline)
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, headers, body = recorder.answer
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


@pytest.fixture
def recorder():
    servers: list[Recorder] = []

    def start(
        status: int = 200, headers: dict[str, str] | None = None, body: bytes = b"{}", tls: ssl.SSLContext | None = None
    ) -> Recorder:
        servers.append(Recorder(status, headers or {}, body, tls))
        return servers[-1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def run(coroutine):
    return asyncio.run(coroutine)


def test_each_interface_returns_its_result(sandbox):
    async def main():
        async with ydrz.AsyncClient(sandbox.client_config) as client:
            token = sandbox.token("onekey", PHONE)
            login = await client.onekey_validate(token["token"], token["userInformation"])
            token = sandbox.token("number_verify", PHONE)
            matched = await client.number_verify(token["token"], token["userInformation"], PHONE)
            app_login = await client.app_login_validate(sandbox.token("app_login", PHONE)["token"])
            app_number = await client.app_number_verify(sandbox.token("app_number", PHONE)["token"], "13900139000")
            return login, matched, app_login, app_number

    login, matched, app_login, app_number = run(main())
    assert login.phone == PHONE and login.details["resultCode"] == "103000" and login.details["http_status"] == 200
    assert matched.matched is True and app_login.phone == PHONE and app_number.matched is False


def test_a_finished_exchange_keeps_the_token_and_a_users_session_stays_open(sandbox):
    token = sandbox.token("onekey", PHONE)

    async def main():
        async with aiohttp.ClientSession() as session:
            async with ydrz.AsyncClient(sandbox.client_config, session=session) as client:
                assert (await client.onekey_validate(token["token"], token["userInformation"])).phone == PHONE
                with pytest.raises(ydrz.TokenReused):
                    await client.onekey_validate(token["token"], token["userInformation"])
            assert not session.closed

    run(main())
    assert sandbox.stats(token["token"])["requests"] == 1


def test_platform_and_http_errors_are_the_blocking_calls(sandbox):
    sandbox.control("/faults", {"kind": "http_status", "status": 503})

    async def main():
        async with ydrz.AsyncClient(sandbox.client_config) as client:
            token = sandbox.token("onekey", PHONE)
            with pytest.raises(ydrz.HttpError):
                await client.onekey_validate(token["token"], token["userInformation"])
            token = sandbox.token("onekey", PHONE, ttl_ms=1)
            await asyncio.sleep(0.05)
            with pytest.raises(ydrz.PlatformError) as info:
                await client.onekey_validate(token["token"], token["userInformation"])
            assert info.value.platform_code == "104007"

    run(main())


def test_a_connection_that_never_opened_releases_the_token(sandbox):
    async def main():
        async with ydrz.AsyncClient({**sandbox.client_config, "base_url": "http://127.0.0.1:9"}) as client:
            for _ in range(2):  # the second try is allowed: the first request never left
                with pytest.raises(ydrz.NetworkError) as info:
                    await client.onekey_validate("token-nobody-listens", "info")
                assert info.value.status == Status.E_NETWORK and "127.0.0.1:9" in str(info.value)
                assert isinstance(info.value.__cause__, aiohttp.ClientConnectorError)

    run(main())


def test_a_timeout_after_sending_keeps_the_token(sandbox):
    sandbox.control("/faults", {"kind": "delay", "delay_ms": 2000})
    token = sandbox.token("onekey", PHONE)

    async def main():
        async with ydrz.AsyncClient({**sandbox.client_config, "timeout_ms": 300}) as client:
            with pytest.raises(ydrz.Timeout) as info:
                await client.onekey_validate(token["token"], token["userInformation"])
            assert info.value.status == Status.E_TIMEOUT
            with pytest.raises(ydrz.TokenReused):
                await client.onekey_validate(token["token"], token["userInformation"])

    run(main())
    assert sandbox.stats(token["token"])["requests"] == 1


def test_a_cancelled_call_keeps_the_token(sandbox):
    sandbox.control("/faults", {"kind": "delay", "delay_ms": 2000})
    token = sandbox.token("onekey", PHONE)

    async def main():
        async with ydrz.AsyncClient(sandbox.client_config) as client:
            call = asyncio.ensure_future(client.onekey_validate(token["token"], token["userInformation"]))
            for _ in range(200):  # until the sandbox holds the request
                await asyncio.sleep(0.01)
                if (await asyncio.to_thread(sandbox.stats, token["token"]))["requests"] == 1:
                    break
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await call
            with pytest.raises(ydrz.TokenReused):
                await client.onekey_validate(token["token"], token["userInformation"])

    run(main())
    assert sandbox.stats(token["token"])["requests"] == 1


def test_redirects_are_not_followed(sandbox, recorder):
    # 307 keeps the method and body: a client following it would send the token to the sandbox.
    redirect = recorder(307, {"Location": sandbox.base_url + "/h5/onekeylogin/tokenValidate"})
    token = sandbox.token("onekey", PHONE)

    async def main():
        async with ydrz.AsyncClient({**sandbox.client_config, "base_url": redirect.url}) as client:
            with pytest.raises(ydrz.HttpError):
                await client.onekey_validate(token["token"], token["userInformation"])

    run(main())
    assert len(redirect.lines) == 1 and sandbox.stats(token["token"])["requests"] == 0


def test_an_answer_over_1_mib_is_refused(sandbox, recorder):
    huge = recorder(200, {"Content-Type": "application/json"}, b"{" + b" " * (2 << 20) + b"}")

    async def main():
        async with ydrz.AsyncClient({**sandbox.client_config, "base_url": huge.url}) as client:
            with pytest.raises(ydrz.ProtocolError, match="1 MiB|1048576|too"):
                await client.app_login_validate("a-token")

    run(main())


def test_the_configured_proxy_is_used_and_the_environment_is_not(sandbox, recorder, monkeypatch):
    proxy = recorder(502, {}, b"bad gateway")
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("http_proxy", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    async def main():
        async with ydrz.AsyncClient(sandbox.client_config) as client:  # no proxy configured: direct
            token = sandbox.token("onekey", PHONE)
            assert (await client.onekey_validate(token["token"], token["userInformation"])).phone == PHONE
        assert proxy.lines == []
        async with ydrz.AsyncClient({**sandbox.client_config, "proxy": proxy.url}) as client:
            with pytest.raises(ydrz.HttpError):
                await client.app_login_validate("token-via-proxy")

    run(main())
    assert len(proxy.lines) == 1 and proxy.lines[0].startswith("POST " + sandbox.base_url + "/")


@pytest.fixture
def self_signed(tmp_path) -> tuple[ssl.SSLContext, str]:
    """A TLS server context with a new self-signed certificate for 127.0.0.1, and that certificate (PEM)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert.read_text()


def test_tls_is_verified_against_the_configured_ca(sandbox, recorder, self_signed):
    context, cert_pem = self_signed
    server = recorder(200, {"Content-Type": "application/json"}, b"{}", tls=context)

    async def main():
        async with ydrz.AsyncClient({**sandbox.client_config, "base_url": server.url}) as client:
            for _ in range(2):  # an untrusted certificate: the handshake fails, nothing left, the token is free
                with pytest.raises(ydrz.NetworkError) as info:
                    await client.app_login_validate("token-tls")
                assert isinstance(info.value.__cause__, aiohttp.ClientConnectorCertificateError)
        assert server.lines == []
        async with ydrz.AsyncClient(
            {**sandbox.client_config, "base_url": server.url, "ca_cert_pem": cert_pem}
        ) as client:
            with pytest.raises(ydrz.ProtocolError):  # trusted now: the request arrives and "{}" is no answer
                await client.app_login_validate("token-tls")
        assert len(server.lines) == 1

    run(main())


def test_without_aiohttp_the_blocking_package_works_and_async_client_says_what_to_install():
    code = (
        "import sys; sys.modules['aiohttp'] = None\n"  # makes `import aiohttp` fail as if it were not installed
        "from ydrz import *\n"
        "import ydrz\n"
        "assert ydrz.mask_phone('13800138000') == '138****8000'\n"
        "try:\n    ydrz.AsyncClient\nexcept ImportError as e:\n    print(e)\nelse:\n    raise SystemExit('no error')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "pip install ydrz[async]" in result.stdout


def test_the_blocking_package_does_not_import_aiohttp():
    code = (
        "import sys, ydrz; ydrz.Client; assert 'aiohttp' not in sys.modules; "
        "ydrz.AsyncClient; assert 'aiohttp' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
