"""Independent conformance test of `ydrz sandbox` and of the library's requests on the wire.

Written from docs/protocol.md with Python's standard library and `cryptography` only: it does not use the ydrz
library or its bindings, so a string to sign that the library and the sandbox got wrong together fails here.

1. An independent client drives each of the sandbox's four interfaces through success and each documented
   failure, over real sockets.
2. A recording proxy (a small HTTP server forwarding to the sandbox) sits between each transport and the
   sandbox; every request a transport sent is re-checked here against docs/protocol.md (method, path, headers,
   fields, string to sign, signature, encryption), and every transport must refuse a redirect and honour
   timeout_ms. The transports are the built-in client (through `ydrz validate` / `ydrz verify`), the C exchange
   over libcurl, and each binding's own: see tests/conformance/README.md for the hook.

Usage: conformance.py PATH_TO_YDRZ. Prints one line per check and ends with "N passed, N failed".
"""

import base64
import datetime
import hashlib
import hmac
import http.client
import http.server
import json
import os
import subprocess
import sys
import tempfile
import shlex
import threading
import time
import uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PHONE = "13800138000"
OTHER_PHONE = "13900139000"
ONEKEY = "/h5/onekeylogin/tokenValidate"
NUMBER = "/NumberAbility/h5/verifyVmMobileApi.htm"
APP_LOGIN = "/unisdk/rsapi/loginTokenValidate"
APP_NUMBER = "/openapi/rs/tokenValidate"
JSON_TYPE = "application/json;charset=utf-8"

RESULTS = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    RESULTS["passed" if condition else "failed"] += 1
    print(("ok     " if condition else "FAILED ") + name + ("" if condition else f": {detail}"), flush=True)


# ---- the protocol, from docs/protocol.md ---------------------------------------------------------------------


def timestamp(offset_ms=0):
    """17 digits yyyyMMddHHmmssSSS in UTC+8 (docs/protocol.md#common-conventions)."""
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    now += datetime.timedelta(milliseconds=offset_ms)
    return now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"


def new_id():
    return uuid.uuid4().hex


def private_key(b64):
    return serialization.load_der_private_key(base64.b64decode(b64), password=None)


def public_key(b64):
    return serialization.load_der_public_key(base64.b64decode(b64))


def rsa_sign(key, text, digest):
    return key.sign(text.encode(), padding.PKCS1v15(), digest)


def rsa_encrypt_b64(key, text):
    """PKCS#1 v1.5 in blocks of k-11 bytes, concatenated, Base64 (docs/protocol.md#keys)."""
    data, k = text.encode(), key.key_size // 8
    blocks = [key.encrypt(data[i:i + k - 11], padding.PKCS1v15()) for i in range(0, len(data), k - 11)]
    return base64.b64encode(b"".join(blocks)).decode()


def rsa_decrypt(key, raw):
    k = key.key_size // 8
    return b"".join(key.decrypt(raw[i:i + k], padding.PKCS1v15()) for i in range(0, len(raw), k)).decode()


def aes_decrypt_msisdn(app_key, msisdn):
    """AES-128-ECB, PKCS#7, Base64, key = first 16 bytes of the appkey (docs/protocol.md#a-...)."""
    decryptor = Cipher(algorithms.AES(app_key.encode()[:16]), modes.ECB()).decryptor()
    padded = decryptor.update(base64.b64decode(msisdn)) + decryptor.finalize()
    return padded[: -padded[-1]].decode()


class App:
    def __init__(self, info):
        self.app_id = info["app_id"]
        self.app_key = info["app_key"]
        self.app_secret = info["app_secret"]
        self.customer = private_key(info["customer_private_key"])
        self.customer_public = public_key(info["customer_public_key"])
        self.platform = public_key(info["platform_public_key"])


def onekey_request(app, token, user_information, version="2.0"):
    """(A): HTTP headers and JSON body, SHA256withRSA upper-case hex over appId+traceId+timestamp+token+version."""
    trace_id, ts = new_id(), timestamp()
    sign = rsa_sign(app.customer, app.app_id + trace_id + ts + token + version, hashes.SHA256()).hex().upper()
    headers = {"interfaceVersion": version, "appId": app.app_id, "traceId": trace_id, "timestamp": ts,
               "businessType": "8"}
    body = {"token": token, "sign": sign, "userInformation": user_information, "expandParams": ""}
    return headers, body


def number_body(app, token, user_information, typed, version="1.0", platform=None):
    """(B): {header, body}; phoneNum = RSA(platform key) of phone+appKey+timestamp, MD5withRSA Base64 sign."""
    msg_id, ts = new_id(), timestamp()
    phone_num = rsa_encrypt_b64(platform or app.platform, typed + app.app_key + ts)
    text = app.app_id + msg_id + phone_num + ts + token + version
    sign = base64.b64encode(rsa_sign(app.customer, text, hashes.MD5())).decode()
    return {"header": {"version": version, "msgId": msg_id, "appId": app.app_id, "timestamp": ts},
            "body": {"expandParams": "", "phoneNum": phone_num, "token": token, "sign": sign,
                     "userInformation": user_information}}


def app_login_body(app, token, rsa, version="2.0"):
    """(C): MD5 mode upper-case MD5 of appid+version+msgid+systemtime+strictcheck+token+APPSecret; RSA mode
    SHA256withRSA upper-case hex of appid+token."""
    msg_id, ts = new_id(), timestamp()
    if rsa:
        sign = rsa_sign(app.customer, app.app_id + token, hashes.SHA256()).hex().upper()
    else:
        text = app.app_id + version + msg_id + ts + "0" + token + app.app_secret
        sign = hashlib.md5(text.encode()).hexdigest().upper()
    return {"version": version, "msgid": msg_id, "systemtime": ts, "strictcheck": "0", "appid": app.app_id,
            "token": token, "sign": sign, "encryptionalgorithm": "RSA" if rsa else "", "expandparams": ""}


def app_number_body(app, token, typed, key_type="1", version="1.0"):
    """(D): keyType 1 as (B); keyType 0 SHA-256 phoneNum and HMAC-SHA256 (key appKey) sign, upper-case hex."""
    msg_id, ts = new_id(), timestamp()
    plain = typed + app.app_key + ts
    if key_type == "1":
        phone_num = rsa_encrypt_b64(app.platform, plain)
    else:
        phone_num = hashlib.sha256(plain.encode()).hexdigest().upper()
    text = app.app_id + msg_id + phone_num + ts + token + version
    if key_type == "1":
        sign = base64.b64encode(rsa_sign(app.customer, text, hashes.MD5())).decode()
    else:
        sign = hmac.new(app.app_key.encode(), text.encode(), hashlib.sha256).hexdigest().upper()
    return {"header": {"version": version, "msgId": msg_id, "timestamp": ts, "appId": app.app_id},
            "body": {"openType": "1", "requesterType": "0", "message": "", "expandParams": "", "keyType": key_type,
                     "phoneNum": phone_num, "token": token, "sign": sign}}


# ---- the sandbox over HTTP -----------------------------------------------------------------------------------


class Sandbox:
    def __init__(self, ydrz, extra_args=()):
        self.process = subprocess.Popen(
            [ydrz, "sandbox", "--port", "0", "--exit-on-stdin-eof", *extra_args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.info = json.loads(self.process.stdout.readline())
        host_port = self.info["base_url"][len("http://"):]
        self.host, self.port = host_port.rsplit(":", 1)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)

    def app(self, name):
        return next(a for a in self.info["apps"] if a["name"] == name)

    def raw(self, method, path, headers, body):
        connection = http.client.HTTPConnection(self.host, int(self.port), timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), data

    def post(self, path, body, headers=None, content_type=JSON_TYPE):
        all_headers = dict(headers or {})
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        status, _, answer = self.raw("POST", path, all_headers, data)
        return status, json.loads(answer)

    def control(self, path, body):
        status, _, answer = self.raw("POST", "/_sandbox" + path, {}, json.dumps(body).encode())
        assert status == 200, answer
        return json.loads(answer)

    def token(self, app, product, phone=PHONE):
        issued = self.control("/token", {"app_id": app.app_id, "product": product, "phone": phone})
        return issued["token"], issued.get("userInformation") or ""


def code_of(answer):
    return answer.get("resultCode") or answer.get("header", {}).get("resultCode")


def expect(name, answer, code):
    check(name, code_of(answer) == code, f"expected {code}, got {json.dumps(answer, ensure_ascii=False)}")


# ---- 1. the sandbox, interface by interface ----------------------------------------------------------------


def onekey_cases(sb, app, blocked):
    t, info = sb.token(app, "onekey")
    headers, body = onekey_request(app, t, info)
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        _, answer = sb.post(ONEKEY, body, headers, content_type)
        expect(f"A: Content-Type {content_type} is inner error", answer, "103005")
    _, answer = sb.post(ONEKEY, b"token=abc", headers)
    expect("A: a body that is not JSON is inner error", answer, "103005")
    for name, change, code in [
        ("businessType other than 8", ("businessType", "5"), "104001"),
        ("stale timestamp", ("timestamp", timestamp(-3_600_000)), "103001"),
        ("unknown appId", ("appId", "399999999999"), "104000"),
        ("missing traceId", ("traceId", ""), "103002"),
    ]:
        changed = dict(headers, **{change[0]: change[1]})
        _, answer = sb.post(ONEKEY, body, changed)
        expect(f"A: {name}", answer, code)
    lower = dict(body, sign=body["sign"].lower())
    expect("A: lower-case hex sign", sb.post(ONEKEY, lower, headers)[1], "104013")
    _, answer = sb.post(ONEKEY, body, headers)
    expect("A: success after refusals that did not use the token", answer, "103000")
    if code_of(answer) == "103000":
        phone = aes_decrypt_msisdn(app.app_key, answer["data"]["msisdn"])
        check("A: msisdn decrypts (AES-128-ECB, first 16 bytes of appkey)", phone == PHONE, phone)
        check("A: securityPhone is masked", answer["data"]["securityPhone"] == "138****8000", answer)
    expect("A: a token is single-use", sb.post(ONEKEY, body, headers)[1], "104007")
    t, info = sb.token(app, "onekey")
    headers, body = onekey_request(app, t, info.replace("%40", "@"))
    expect("A: URL-decoded userInformation", sb.post(ONEKEY, body, headers)[1], "104008")
    t, info = sb.token(app, "onekey")
    headers, body = onekey_request(app, t, info, version="3.0")
    expect("A: interfaceVersion other than 1.0/2.0", sb.post(ONEKEY, body, headers)[1], "103001")
    headers, body = onekey_request(app, t, info, version="1.0")
    expect("A: interfaceVersion 1.0 is accepted", sb.post(ONEKEY, body, headers)[1], "103000")
    t, info = sb.token(blocked, "onekey")
    headers, body = onekey_request(blocked, t, info)
    expect("A: IP not on the allowlist", sb.post(ONEKEY, body, headers)[1], "104017")


def number_cases(sb, app, blocked):
    issued = sb.control("/token", {"app_id": app.app_id, "product": "number_verify", "phone": PHONE})
    check("B: token lifetime is one minute", issued["expires_in_ms"] == 60000, issued)
    t, info = issued["token"], issued["userInformation"]
    expect("B: match", sb.post(NUMBER, number_body(app, t, info, PHONE))[1], "000")
    expect("B: reused token", sb.post(NUMBER, number_body(app, t, info, PHONE))[1], "120020")
    t, info = sb.token(app, "number_verify")
    expect("B: no match", sb.post(NUMBER, number_body(app, t, info, OTHER_PHONE))[1], "001")
    t, info = sb.token(app, "number_verify")
    body = number_body(app, t, info, PHONE)
    expect("B: not JSON", sb.post(NUMBER, b"{\"header\":", None)[1], "130032")
    expect("B: Content-Type text/plain", sb.post(NUMBER, body, None, "text/plain")[1], "130032")
    bad = json.loads(json.dumps(body))
    bad["header"]["msgId"] = "another"
    expect("B: bad sign", sb.post(NUMBER, bad)[1], "130018")
    missing = json.loads(json.dumps(body))
    del missing["body"]["phoneNum"]
    expect("B: missing phoneNum", sb.post(NUMBER, missing)[1], "130010")
    expect("B: version other than 1.0", sb.post(NUMBER, number_body(app, t, info, PHONE, version="2.0"))[1],
           "130030")
    no_info = number_body(app, t, info, PHONE)
    del no_info["body"]["userInformation"]
    expect("B: missing userInformation", sb.post(NUMBER, no_info)[1], "120020")
    t, info = sb.token(app, "number_verify")
    wrong_key = number_body(app, t, info, PHONE, platform=app.customer_public)
    expect("B: phoneNum under the wrong key", sb.post(NUMBER, wrong_key)[1], "130016")
    t, info = sb.token(blocked, "number_verify")
    expect("B: IP not on the allowlist", sb.post(NUMBER, number_body(blocked, t, info, PHONE))[1], "110004")
    sb.control("/apps", {"app_id": app.app_id, "daily_limit": 0})
    t, info = sb.token(app, "number_verify")
    bad = number_body(app, t, info, PHONE)
    bad["header"]["msgId"] = "another"
    expect("B: daily limit is checked before the sign", sb.post(NUMBER, bad)[1], "121011")
    sb.control("/apps", {"app_id": app.app_id, "daily_limit": 10})
    sb.control("/reset", {})


def app_login_cases(sb, app, blocked, other):
    t, _ = sb.token(app, "app_login")
    body = app_login_body(app, t, rsa=False)
    expect("C: Content-Type text/plain", sb.post(APP_LOGIN, body, None, "text/plain")[1], "103412")
    for name, change, code in [
        ("lower-case MD5 sign", lambda b: b.update(sign=b["sign"].lower()), "103101"),
        ("no token", lambda b: b.pop("token"), "103811"),
        ("no msgid", lambda b: b.pop("msgid"), "103414"),
        ("unknown appid", lambda b: b.update(appid="399999999999"), "103119"),
    ]:
        changed = dict(body)
        change(changed)
        expect(f"C: {name}", sb.post(APP_LOGIN, changed)[1], code)
    expect("C: version other than 2.0", sb.post(APP_LOGIN, app_login_body(app, t, False, version="1.0"))[1], "103414")
    _, answer = sb.post(APP_LOGIN, body)
    expect("C: MD5 mode success", answer, "103000")
    check("C: MD5 mode msisdn is the number", answer.get("msisdn") == PHONE, answer)
    check("C: inresponseto echoes msgid", answer.get("inresponseto") == body["msgid"], answer)
    expect("C: reused token", sb.post(APP_LOGIN, body)[1], "104201")
    t, _ = sb.token(app, "app_login", OTHER_PHONE)
    _, answer = sb.post(APP_LOGIN, app_login_body(app, t, rsa=True))
    expect("C: RSA mode success", answer, "103000")
    if code_of(answer) == "103000":
        phone = rsa_decrypt(app.customer, bytes.fromhex(answer["msisdn"]))
        check("C: RSA mode msisdn decrypts with the customer key", phone == OTHER_PHONE, phone)
    t, _ = sb.token(app, "app_login")
    lower = app_login_body(app, t, rsa=True)
    lower["sign"] = lower["sign"].lower()
    expect("C: lower-case RSA sign", sb.post(APP_LOGIN, lower)[1], "103101")
    t, _ = sb.token(other, "app_login")
    expect("C: another app's token", sb.post(APP_LOGIN, app_login_body(app, t, False))[1], "103133")
    t, _ = sb.token(app, "app_number")
    expect("C: a number-verification token", sb.post(APP_LOGIN, app_login_body(app, t, False))[1], "105018")
    t, _ = sb.token(blocked, "app_login")
    expect("C: IP not on the allowlist", sb.post(APP_LOGIN, app_login_body(blocked, t, False))[1], "103511")


def app_number_cases(sb, app, blocked):
    for key_type in ("0", "1", "7", ""):
        t, _ = sb.token(app, "app_number")
        expect(f"D: keyType {key_type!r} match", sb.post(APP_NUMBER, app_number_body(app, t, PHONE, key_type))[1],
               "000")
    t, _ = sb.token(app, "app_number")
    body = app_number_body(app, t, OTHER_PHONE, "1")
    expect("D: not JSON", sb.post(APP_NUMBER, b"\xff\xfe{", None)[1], "303")
    expect("D: no Content-Type", sb.post(APP_NUMBER, body, None, None)[1], "303")
    bad = json.loads(json.dumps(body))
    bad["body"]["sign"] = base64.b64encode(b"x" * 128).decode()
    expect("D: bad sign", sb.post(APP_NUMBER, bad)[1], "302")
    no_open = json.loads(json.dumps(body))
    del no_open["body"]["openType"]
    expect("D: no openType with requesterType 0", sb.post(APP_NUMBER, no_open)[1], "102")
    expect("D: version other than 1.0", sb.post(APP_NUMBER, app_number_body(app, t, PHONE, "1", "2.0"))[1], "102")
    expect("D: no match", sb.post(APP_NUMBER, body)[1], "001")
    expect("D: reused token", sb.post(APP_NUMBER, body)[1], "606")
    t, _ = sb.token(blocked, "app_number")
    expect("D: IP not on the allowlist", sb.post(APP_NUMBER, app_number_body(blocked, t, PHONE))[1], "124")


# ---- 2. the library's requests on the wire -------------------------------------------------------------------


class Recorder(http.server.ThreadingHTTPServer):
    """Forwards every request to the sandbox and keeps (method, path, headers, body) of each. `redirect_next`
    makes it answer the next request with a redirect instead (a transport must not follow it)."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.recorded = []
        self.redirect_next = False
        super().__init__(("127.0.0.1", 0), RecordingHandler)

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a transport that gave up first (timeout check)
            super().handle_error(request, client_address)


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    def handle_any(self):
        length = self.headers.get("Content-Length")
        body = self.rfile.read(int(length)) if length is not None else b""
        self.server.recorded.append((self.command, self.path, dict(self.headers.items()), body))
        if self.server.redirect_next:
            self.server.redirect_next = False
            self.send_response(307)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/redirected{self.path}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
        status, answer_headers, answer = self.server.sandbox.raw("POST", self.path, headers, body)
        self.send_response(status)
        for name, value in answer_headers.items():
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_POST = do_GET = do_PUT = handle_any

    def log_message(self, *args):
        pass


def header(headers, name):
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def transports():
    """(name, command) of every transport: each executable in tests/conformance/transports/, and those named
    in YDRZ_CONFORMANCE_TRANSPORTS ("name=command;name=command"). See tests/conformance/README.md."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transports")
    found = [(name, [os.path.join(here, name)]) for name in sorted(os.listdir(here))
             if os.access(os.path.join(here, name), os.X_OK)]
    for entry in filter(None, os.environ.get("YDRZ_CONFORMANCE_TRANSPORTS", "").split(";")):
        name, _, command = entry.partition("=")
        found.append((name.strip(), shlex.split(command)))
    return found


def transport_cases(name, command, sb, app):
    """The wire rules every transport keeps, checked on what reached the recording proxy."""
    recorder = Recorder(sb)
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    proxy_url = f"http://127.0.0.1:{recorder.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        def call(interface, config_changes, token, user_information="", phone=""):
            config = dict(sb.info["client_config"], base_url=proxy_url, **config_changes)
            path = os.path.join(tmp, "config.json")
            with open(path, "w") as f:
                json.dump(config, f)
            before = len(recorder.recorded)
            started = time.monotonic()
            done = subprocess.run([*command, interface, path, token, user_information, phone],
                                  capture_output=True, text=True, timeout=60)
            return done, recorder.recorded[before:], time.monotonic() - started

        def run(interface, config_changes, token, user_information="", phone=""):
            done, sent, _ = call(interface, config_changes, token, user_information, phone)
            label = f"[{name}] wire {interface} {json.dumps(config_changes) if config_changes else ''}".rstrip()
            try:
                result = json.loads(done.stdout)
            except ValueError:
                result = {}
            check(f"{label}: one request, exit 0, a result", done.returncode == 0 and len(sent) == 1 and
                  ("phone" in result or "matched" in result), done.stdout + done.stderr)
            if not sent:
                return None, {}, b"{}"
            method, path, headers, body = sent[0]
            check(f"{label}: POST with Content-Type JSON and Content-Length", method == "POST" and
                  (header(headers, "Content-Type") or "").lower().startswith("application/json") and
                  header(headers, "Content-Length") == str(len(body)) and
                  header(headers, "Transfer-Encoding") is None, headers)
            return path, headers, body

        t, info = sb.token(app, "onekey")
        path, headers, body = run("onekey", {}, t, info)
        request = json.loads(body)
        check(f"[{name}] wire A: path", path == ONEKEY, path)
        h = {n: header(headers, n) for n in ("interfaceVersion", "appId", "traceId", "timestamp", "businessType")}
        check(f"[{name}] wire A: headers", h["interfaceVersion"] == "2.0" and h["appId"] == app.app_id and
              h["businessType"] == "8" and len(h["timestamp"] or "") == 17 and bool(h["traceId"]), h)
        check(f"[{name}] wire A: body fields", set(request) >= {"token", "sign", "userInformation"} and
              request.get("userInformation") == info and request.get("token") == t, request)
        text = f"{h['appId']}{h['traceId']}{h['timestamp']}{t}{h['interfaceVersion']}"
        try:
            sign_ok = request["sign"] == request["sign"].upper()
            app.customer_public.verify(bytes.fromhex(request["sign"]), text.encode(), padding.PKCS1v15(),
                                       hashes.SHA256())
        except Exception as e:  # noqa: BLE001 - any failure is the check's failure
            sign_ok = False
            print("   ", e)
        check(f"[{name}] wire A: SHA256withRSA upper-case hex over appId+traceId+timestamp+token+version", sign_ok,
              request)

        t, info = sb.token(app, "number_verify")
        path, headers, body = run("number_verify", {}, t, info, PHONE)
        request = json.loads(body)
        hdr, bdy = request.get("header", {}), request.get("body", {})
        check(f"[{name}] wire B: path and version", path == NUMBER and hdr.get("version") == "1.0", request)
        platform_private = private_key(sb.app("demo")["platform_private_key"])
        try:
            text = hdr["appId"] + hdr["msgId"] + bdy["phoneNum"] + hdr["timestamp"] + t + hdr["version"]
            app.customer_public.verify(base64.b64decode(bdy["sign"]), text.encode(), padding.PKCS1v15(), hashes.MD5())
            plain = rsa_decrypt(platform_private, base64.b64decode(bdy["phoneNum"]))
            ok = plain == PHONE + app.app_key + hdr["timestamp"] and bdy["userInformation"] == info
        except Exception as e:  # noqa: BLE001
            ok = False
            print("   ", e)
        check(f"[{name}] wire B: MD5withRSA Base64 sign, phoneNum = RSA(platform) of phone+appKey+timestamp", ok,
              request)

        t, _ = sb.token(app, "app_login")
        path, headers, body = run("app_login", {}, t)
        r = json.loads(body)
        try:
            expected = hashlib.md5((r["appid"] + r["version"] + r["msgid"] + r["systemtime"] + r["strictcheck"] +
                                    t + app.app_secret).encode()).hexdigest().upper()
            ok = r["sign"] == expected
        except Exception as e:  # noqa: BLE001
            ok = False
            print("   ", e)
        check(f"[{name}] wire C: path, version 2.0, upper-case MD5 sign", ok and path == APP_LOGIN and
              r.get("version") == "2.0" and r.get("encryptionalgorithm", "") != "RSA", r)
        t, _ = sb.token(app, "app_login")
        path, headers, body = run("app_login", {"app_login": {"mode": "rsa"}}, t)
        r = json.loads(body)
        try:
            app.customer_public.verify(bytes.fromhex(r["sign"]), (r["appid"] + t).encode(), padding.PKCS1v15(),
                                       hashes.SHA256())
            ok = r["encryptionalgorithm"] == "RSA" and r["sign"] == r["sign"].upper()
        except Exception as e:  # noqa: BLE001
            ok = False
            print("   ", e)
        check(f"[{name}] wire C: RSA mode, SHA256withRSA upper-case hex over appid+token", ok, r)

        for key_type in ("1", "0"):
            t, _ = sb.token(app, "app_number")
            path, headers, body = run("app_number", {"app_number": {"key_type": key_type}}, t, "", PHONE)
            r = json.loads(body)
            hdr, bdy = r.get("header", {}), r.get("body", {})
            try:
                text = hdr["appId"] + hdr["msgId"] + bdy["phoneNum"] + hdr["timestamp"] + t + hdr["version"]
                plain = PHONE + app.app_key + hdr["timestamp"]
                if key_type == "0":
                    ok = (bdy["phoneNum"] == hashlib.sha256(plain.encode()).hexdigest().upper() and
                          bdy["sign"] == hmac.new(app.app_key.encode(), text.encode(),
                                                  hashlib.sha256).hexdigest().upper())
                else:
                    app.customer_public.verify(base64.b64decode(bdy["sign"]), text.encode(), padding.PKCS1v15(),
                                               hashes.MD5())
                    ok = rsa_decrypt(platform_private, base64.b64decode(bdy["phoneNum"])) == plain
            except Exception as e:  # noqa: BLE001
                ok = False
                print("   ", e)
            check(f"[{name}] wire D keyType {key_type}: path, fields, phoneNum and sign",
                  ok and path == APP_NUMBER and hdr.get("version") == "1.0" and bdy.get("keyType") == key_type and
                  bdy.get("openType") == "1" and bdy.get("requesterType") == "0", r)

        # A redirect is never followed (it would carry the token elsewhere): one request, and a failure.
        t, info = sb.token(app, "onekey")
        recorder.redirect_next = True
        done, sent, _ = call("onekey", {}, t, info)
        check(f"[{name}] a redirect is not followed", done.returncode != 0 and len(sent) == 1, done.stderr)

        # The configured timeout holds: a platform that answers after 3 s fails a 500 ms call well before that,
        # and the token stays used (the request was sent once).
        t, info = sb.token(app, "onekey")
        sb.control("/faults", {"kind": "delay", "delay_ms": 3000})
        done, sent, elapsed = call("onekey", {"timeout_ms": 500}, t, info)
        check(f"[{name}] timeout_ms is honoured", done.returncode != 0 and len(sent) == 1 and elapsed < 2.5,
              f"exit {done.returncode}, {len(sent)} requests, {elapsed:.2f} s: {done.stderr}")
        sb.control("/reset", {})
    recorder.shutdown()


def main():
    ydrz = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        first = Sandbox(ydrz)
        other = dict(first.app("demo"), name="other", app_id="300000000009")
        first.close()
        apps_file = os.path.join(tmp, "apps.json")
        with open(apps_file, "w") as f:
            json.dump([other], f)
        sb = Sandbox(ydrz, ["--apps", apps_file])
        try:
            app, blocked, other = App(sb.app("demo")), App(sb.app("blocked")), App(sb.app("other"))
            onekey_cases(sb, app, blocked)
            number_cases(sb, app, blocked)
            app_login_cases(sb, app, blocked, other)
            app_number_cases(sb, app, blocked)
            for name, command in transports():
                transport_cases(name, command, sb, app)
        finally:
            sb.close()
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
