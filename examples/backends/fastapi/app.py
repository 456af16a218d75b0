"""ydrz example backend (FastAPI): the three endpoints a mini-program's login needs.

    GET  /api/jssdk-params    -> the parameters for YDRZ.getTokenInfo
    POST /api/login           {token, userInformation}         -> {phone: masked} + a session cookie
    POST /api/verify-number   {token, userInformation, phone}  -> {matched: bool}

Configuration from the environment: YDRZ_CONFIG_JSON (the client configuration JSON), ALLOWED_ORIGIN (an H5
page's origin allowed to call with credentials; none by default). Errors are {"error": kind, "message"[,
"code"]} (examples/backends/README.md); the log names outcomes, never a phone number or a token.
Run it with ./run.sh (listens on $PORT).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
from typing import Any

import ydrz
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
log = logging.getLogger("ydrz-backend")

# Platform answers that are the caller's fault: the token expired, was used, or does not belong to this
# userInformation (one-click 104007 / 104008, number verification 120020); too many checks of one number.
TOKEN_REJECTED = {"104007", "104008", "120020"}
TOO_MANY = {"121011"}
MAX_FIELD = 4096
PHONE = re.compile(r"1[0-9]{10}")
SESSION_COOKIE = "session"

# One client for the process: it holds the parsed keys, the kept-alive connections and the ledger of tokens sent.
client = ydrz.Client(os.environ["YDRZ_CONFIG_JSON"])
sessions: dict[str, str] = {}  # session id -> phone number (a real backend keeps this in its session store)
sessions_lock = threading.Lock()

app = FastAPI(title="ydrz example backend")
if os.environ.get("ALLOWED_ORIGIN"):
    app.add_middleware(CORSMiddleware, allow_origins=[os.environ["ALLOWED_ORIGIN"]], allow_credentials=True,
                       allow_methods=["GET", "POST"], allow_headers=["Content-Type"])


class BadInput(Exception):
    pass


def error(status: int, kind: str, message: str, code: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": kind, "message": message}
    if code is not None:
        body["code"] = code
    return JSONResponse(body, status_code=status)


def library_error(endpoint: str, e: ydrz.YdrzError) -> JSONResponse:
    """The library's error as an HTTP answer, logged by status and platform code only."""
    log.warning("%s failed: %s %s", endpoint, e.status_name, e.platform_code or "")
    if isinstance(e, ydrz.TokenReused):
        return error(409, "token_reused", "this token was already used; get a new one")
    if isinstance(e, ydrz.PlatformError) and e.platform_code in TOKEN_REJECTED:
        return error(401, "token_rejected", "the token is expired, used or does not match", e.platform_code)
    if isinstance(e, ydrz.PlatformError) and e.platform_code in TOO_MANY:
        return error(429, "too_many_attempts", "too many verifications of this number today", e.platform_code)
    if isinstance(e, ydrz.PlatformError):
        return error(502, "platform_refused", "the platform refused the request", e.platform_code)
    if isinstance(e, ydrz.Timeout):
        return error(504, "platform_timeout", "the platform did not answer in time")
    if isinstance(e, (ydrz.NetworkError, ydrz.HttpError, ydrz.ProtocolError)):
        return error(502, "platform_unavailable", "the platform could not be reached")
    if isinstance(e, (ydrz.InvalidArgument, ydrz.InvalidUtf8)):
        return error(400, "invalid_request", "a field is malformed")
    return error(500, "internal", "internal error")


async def fields(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The JSON object body's string fields ``names``: each required, non-empty, at most MAX_FIELD characters."""
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise BadInput("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise BadInput("the body must be a JSON object")
    out = {}
    for name in names:
        value = body.get(name)
        if not isinstance(value, str) or not value or len(value) > MAX_FIELD:
            raise BadInput(f"{name} must be a non-empty string of at most {MAX_FIELD} characters")
        out[name] = value
    return out


@app.exception_handler(BadInput)
async def bad_input(_: Request, e: BadInput) -> JSONResponse:
    log.info("refused input: %s", e)
    return error(400, "invalid_request", str(e))


@app.get("/api/jssdk-params")
def jssdk_params() -> dict[str, str]:
    return client.jssdk_params()


@app.post("/api/login")
async def login(request: Request) -> JSONResponse:
    body = await fields(request, ("token", "userInformation"))
    try:
        result = await run_in_threadpool(client.onekey_validate, body["token"], body["userInformation"])
    except ydrz.YdrzError as e:
        return library_error("login", e)
    session = secrets.token_hex(16)
    with sessions_lock:
        sessions[session] = result.phone
    log.info("login ok")
    response = JSONResponse({"phone": ydrz.mask_phone(result.phone)})
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="lax", path="/")
    return response


@app.post("/api/verify-number")
async def verify_number(request: Request) -> JSONResponse:
    body = await fields(request, ("token", "userInformation", "phone"))
    if not PHONE.fullmatch(body["phone"]):
        raise BadInput("phone must be 11 digits starting with 1")
    try:
        result = await run_in_threadpool(client.number_verify, body["token"], body["userInformation"], body["phone"])
    except ydrz.YdrzError as e:
        return library_error("verify-number", e)
    log.info("verify-number ok: %s", "matched" if result.matched else "not matched")
    return JSONResponse({"matched": result.matched})
