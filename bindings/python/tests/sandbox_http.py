"""Sends an exchange's request to the sandbox with http.client, as a host's own HTTP stack would."""

from __future__ import annotations

import http.client
import urllib.parse

import ydrz


def send(request: ydrz.Request) -> tuple[int, bytes]:
    """Sends ``request`` with http.client (which never follows redirects) and returns the status and body."""
    url = urllib.parse.urlsplit(request.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=request.timeout_ms / 1000)
    try:
        path = url.path + ("?" + url.query if url.query else "")
        connection.request(request.method, path, body=request.body_bytes, headers=dict(request.headers))
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
