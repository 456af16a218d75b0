"""Bring your own HTTP with the blocking client: begin, send the request over a real socket, finish."""

from __future__ import annotations

import base64
import json

import pytest

import ydrz
from ydrz import Status

from sandbox_http import send

PHONE = "13800138000"


def test_the_request_is_the_one_the_blocking_call_sends(sandbox):
    token = sandbox.token("onekey", PHONE)
    with sandbox.client(timeout_ms=4321) as client, client.onekey_begin(token["token"], token["userInformation"]) as ex:
        request = ex.request
        assert request.method == "POST" and request.url.startswith(sandbox.base_url + "/")
        assert request.headers[0][0].lower() == "content-type" and "json" in request.headers[0][1]
        assert json.loads(request.body)["token"] == token["token"] and request.timeout_ms == 4321
        assert token["token"] not in repr(request)
        assert sandbox.stats(token["token"])["requests"] == 0  # begin sends nothing


def test_each_interface_finishes_with_its_result(sandbox):
    with sandbox.client() as client:
        token = sandbox.token("onekey", PHONE)
        with client.onekey_begin(token["token"], token["userInformation"]) as ex:
            login = ex.finish(*send(ex.request))
        token = sandbox.token("number_verify", PHONE)
        with client.number_verify_begin(token["token"], token["userInformation"], "13900139000") as ex:
            other = ex.finish(*send(ex.request))
        with client.app_login_begin(sandbox.token("app_login", PHONE)["token"]) as ex:
            app_login = ex.finish(*send(ex.request))
        with client.app_number_begin(sandbox.token("app_number", PHONE)["token"], PHONE) as ex:
            app_number = ex.finish(*send(ex.request))
    assert isinstance(login, ydrz.Validated) and login.phone == PHONE and login.details["resultCode"] == "103000"
    assert isinstance(other, ydrz.Verified) and other.matched is False and other.details["resultCode"] == "001"
    assert app_login.phone == PHONE and app_number.matched is True


def test_begin_reserves_the_token_and_finish_keeps_it(sandbox):
    token = sandbox.token("onekey", PHONE)
    with sandbox.client() as client:
        ex = client.onekey_begin(token["token"], token["userInformation"])
        with pytest.raises(ydrz.TokenReused):
            client.onekey_validate(token["token"], token["userInformation"])
        assert ex.finish(*send(ex.request)).phone == PHONE
        ex.close()
        with pytest.raises(ydrz.TokenReused):
            client.onekey_begin(token["token"], token["userInformation"])
    assert sandbox.stats(token["token"])["requests"] == 1


def test_not_sent_releases_the_token_and_close_keeps_it(sandbox):
    token = sandbox.token("onekey", PHONE)
    with sandbox.client() as client:
        with client.onekey_begin(token["token"], token["userInformation"]) as ex:
            ex.not_sent()
            with pytest.raises(ydrz.InvalidArgument):
                ex.not_sent()
            with pytest.raises(ydrz.InvalidArgument):
                ex.finish(200, b"{}")
        with client.onekey_begin(token["token"], token["userInformation"]):
            pass  # closed neither finished nor declared not sent: the request may have left
        with pytest.raises(ydrz.TokenReused):
            client.onekey_validate(token["token"], token["userInformation"])
    assert sandbox.stats(token["token"])["requests"] == 0


def test_finish_reports_the_blocking_calls_errors(sandbox):
    with sandbox.client() as client:
        token = sandbox.token("onekey", PHONE)
        with client.onekey_begin(token["token"], token["userInformation"]) as ex:
            with pytest.raises(ydrz.InvalidArgument):
                ex.finish(99, b"")  # out of range: the exchange is left as it was
            with pytest.raises(ydrz.HttpError) as info:
                ex.finish(503, b"<html>busy</html>")
            assert info.value.status == Status.E_HTTP
            with pytest.raises(ydrz.InvalidArgument):
                ex.finish(200, b"{}")  # finished already
        with client.app_login_begin("a-token") as ex:
            with pytest.raises(ydrz.ProtocolError):
                ex.finish(200, b"{" + b" " * (1 << 20) + b"}")
        with client.app_login_begin("another-token") as ex:
            with pytest.raises(ydrz.ProtocolError):
                ex.finish(200, b'{"resultCode": "103000", "msisdn": \x00}')
            with pytest.raises(TypeError):
                ex.finish(200, "text")  # type: ignore[arg-type]


def test_a_closed_exchange_refuses_calls_and_may_outlive_its_client(sandbox):
    token = sandbox.token("onekey", PHONE)
    client = sandbox.client()
    ex = client.onekey_begin(token["token"], token["userInformation"])
    client.close()
    assert ex.finish(*send(ex.request)).phone == PHONE
    ex.close()
    ex.close()
    with pytest.raises(ydrz.HandleClosed):
        ex.not_sent()
    with pytest.raises(ydrz.HandleClosed):
        ex.finish(200, b"{}")


def test_begin_checks_the_inputs_of_the_blocking_call(sandbox):
    with sandbox.client() as client:
        with pytest.raises(ydrz.NullArgument):
            client.onekey_begin("token", None)  # type: ignore[arg-type]
        with pytest.raises(ydrz.InvalidArgument, match="phone"):
            client.number_verify_begin("token", "info", "12345")
        with pytest.raises(ydrz.InvalidArgument):
            client.app_number_begin("token", "1380013800\x00")


def test_an_external_signer_signs_through_pending_and_provide(sandbox):
    """The key stays with the test (here ydrz.rsa_sign stands in for an HSM); the client holds the public key."""
    app = sandbox.info["apps"][0]
    key = ydrz.PrivateKey(app["customer_private_key"])
    config = {k: v for k, v in sandbox.client_config.items() if k != "private_key"}
    config.update(signer="external", public_key=app["customer_public_key"])

    def sign(step, algorithm_name=None):
        algorithm = ydrz.SignAlgorithm.SHA256_RSA
        if (algorithm_name or step["algorithm"]) == "MD5withRSA":
            algorithm = ydrz.SignAlgorithm.MD5_RSA
        data = base64.b64decode(step["input_base64"])
        return ydrz.rsa_sign(key, data, algorithm, ydrz.Encoding.BASE64)

    with ydrz.Client(config) as client:
        token = sandbox.token("onekey", PHONE)
        with client.onekey_begin(token["token"], token["userInformation"]) as ex:
            step = ex.pending()
            assert step["step"] == "sign" and step["algorithm"] == "SHA256withRSA"
            with pytest.raises(ydrz.InvalidArgument):
                ex.request
            with pytest.raises(ydrz.InvalidSignature, match="wrong algorithm: the signature is MD5withRSA"):
                ex.provide(sign(step, "MD5withRSA"))
            assert sandbox.stats(token["token"])["requests"] == 0
            ex.provide(sign(step))
            assert ex.pending() == {"step": "send"}
            login = ex.finish(*send(ex.request))
        assert login.phone == PHONE and sandbox.stats(token["token"])["requests"] == 1
        token = sandbox.token("number_verify", PHONE)
        with client.number_verify_begin(token["token"], token["userInformation"], PHONE) as ex:
            step = ex.pending()
            assert step["algorithm"] == "MD5withRSA"
            ex.provide(sign(step))
            assert ex.finish(*send(ex.request)).matched is True
