"""The sandbox — a local imitation of the platform served by ``ydrz sandbox`` — for tests and demos.

    with ydrz.testing.Sandbox.start() as sandbox:
        token = sandbox.token("onekey", "13800138000")
        with sandbox.client() as client:
            client.onekey_validate(token["token"], token["userInformation"])

The sandbox process lives until :meth:`Sandbox.stop` (or the end of the ``with`` block) closes its standard
input; it also dies with the process that started it. Not thread-safe to stop while other threads use it.
The ``ydrz`` executable is the one the wheel carries (:func:`bundled_executable`, also the ``ydrz`` command
the wheel installs) unless ``start`` is given another.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from .client import Client


def bundled_executable() -> str:
    """The ``ydrz`` executable inside the installed package (``ydrz/_bin/ydrz``, in the wheels of a release).

    Raises ``FileNotFoundError`` when the package carries none (an install from the source tree: pass the
    path of ``target/release/ydrz`` to :meth:`Sandbox.start` instead) or it is not executable.
    """
    path = Path(__file__).with_name("_bin") / "ydrz"
    if not path.is_file():
        raise FileNotFoundError(
            f"this ydrz package carries no ydrz executable ({path}): the release wheels do; otherwise pass "
            "the path of one (e.g. target/release/ydrz of a build) to Sandbox.start"
        )
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(f"{path} is not executable")
    return str(path)


class Sandbox:
    """A running sandbox process: its info JSON, its control endpoints, and clients configured for it.

    Attributes:
        info: the info JSON the sandbox printed (base_url, control_url, apps, client_config).
        base_url, control_url: from ``info``.
        demo: the "demo" app of ``info["apps"]`` (app_id, app_key, keys, allowed_ips, daily_limit...).
        client_config: a ready-to-use :class:`~ydrz.Client` configuration for the demo app.
    """

    def __init__(self, process: subprocess.Popen[str], info: dict[str, Any]):
        self.process = process
        self.info = info
        self.base_url: str = info["base_url"]
        self.control_url: str = info["control_url"]
        self.demo: dict[str, Any] = next(app for app in info["apps"] if app["name"] == "demo")
        self.client_config: dict[str, Any] = info["client_config"]

    @classmethod
    def start(cls, binary: str | Path | None = None, *options: str, log: Any = subprocess.DEVNULL) -> Sandbox:
        """Starts ``binary sandbox --port 0 --exit-on-stdin-eof *options`` and waits for its info line;
        ``binary`` is the package's own executable (:func:`bundled_executable`) when None.

        ``log`` receives the sandbox's request log (stderr): a file, ``None`` to inherit, or DEVNULL.
        Raises ``RuntimeError`` when the sandbox exits without printing its info.
        """
        if binary is None:
            binary = bundled_executable()
        process = subprocess.Popen(
            [str(binary), "sandbox", "--port", "0", "--exit-on-stdin-eof", *options],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        assert process.stdin is not None and process.stdout is not None  # both are PIPEs
        line = process.stdout.readline()
        if not line:
            process.stdin.close()
            raise RuntimeError(f"{binary} sandbox exited without printing its info (exit code {process.wait(10)})")
        return cls(process, json.loads(line))

    def stop(self) -> None:
        """Closes the sandbox's standard input and waits for it to exit (killing it after 10 s). Idempotent."""
        stdin = self.process.stdin
        if stdin is not None and not stdin.closed:
            stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def control(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """POSTs ``body`` as JSON (or GETs when it is None) to the control endpoint ``path`` (e.g. "/token")
        and returns the JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.control_url + path, data=data, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            answer: dict[str, Any] = json.loads(response.read() or b"{}")
            return answer

    def token(self, product: str, phone: str, **extra: Any) -> dict[str, Any]:
        """A fresh token of the demo app for ``product`` (onekey, number_verify, app_login, app_number) and
        ``phone``; ``extra`` may set ``ttl_ms``. Returns {"token", "userInformation", "expires_in_ms"}."""
        return self.control("/token", {"app_id": self.demo["app_id"], "phone": phone, "product": product, **extra})

    def stats(self, token: str) -> dict[str, Any]:
        """The sandbox's counters for ``token``: {"requests", "total_requests"}."""
        return self.control("/stats?token=" + urllib.parse.quote(token))

    def client(self, **overrides: Any) -> Client:
        """A new :class:`~ydrz.Client` for the demo app; ``overrides`` replace configuration keys. The caller
        owns the client and closes it (``close()`` or ``with``); the sandbox does not track it."""
        return Client({**self.client_config, **overrides})
