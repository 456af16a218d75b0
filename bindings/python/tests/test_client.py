"""End to end: the client against a sandbox process (conftest.sandbox_process) spawned by the tests."""

from __future__ import annotations

import time

import pytest

import ydrz
from ydrz import Status

PHONE = "13800138000"
OTHER_PHONE = "13900139000"


def assert_platform_error(info: pytest.ExceptionInfo, code: str) -> None:
    e = info.value
    assert type(e) is ydrz.PlatformError
    assert (e.status, e.status_name, e.platform_code) == (Status.E_PLATFORM, "YDRZ_E_PLATFORM", code)
    assert code in str(e) and PHONE not in str(e)


def test_jssdk_params_carry_a_valid_sign(sandbox):
    with sandbox.client() as client:
        params = client.jssdk_params()
    assert params["appId"] == sandbox.demo["app_id"] and params["msgId"] == params["traceId"]
    expected = ydrz.jssdk_sign(
        params["appId"],
        sandbox.demo["app_key"],
        params["traceId"],
        params["timestamp"],
        params["version"],
        params["businessType"],
    )
    assert params["sign"] == expected


def test_presign_sign_uses_the_configured_key(sandbox, fixed):
    with sandbox.client() as client, ydrz.PrivateKey(sandbox.demo["customer_private_key"]) as key:
        assert client.presign_sign(fixed["preSign"]) == ydrz.presign_sign(key, fixed["preSign"])


def test_onekey_login_returns_the_phone(sandbox):
    token = sandbox.token("onekey", PHONE)
    with sandbox.client() as client:
        result = client.onekey_validate(token["token"], token["userInformation"])
    assert result.phone == PHONE
    assert result.details["resultCode"] == "103000" and result.details["http_status"] == 200
    assert result.details["securityPhone"] == ydrz.mask_phone(PHONE)
    assert PHONE not in repr(result) and ydrz.mask_phone(PHONE) in repr(result)


def test_number_verification_match_and_no_match(sandbox):
    with sandbox.client() as client:
        token = sandbox.token("number_verify", PHONE)
        matched = client.number_verify(token["token"], token["userInformation"], PHONE)
        token = sandbox.token("number_verify", PHONE)
        other = client.number_verify(token["token"], token["userInformation"], OTHER_PHONE)
    assert matched.matched is True and matched.details["resultCode"] == "000"
    assert other.matched is False and other.details["resultCode"] == "001"


def test_app_login_returns_the_phone(sandbox):
    token = sandbox.token("app_login", PHONE)
    with sandbox.client() as client:
        result = client.app_login_validate(token["token"])
    assert result.phone == PHONE and result.details["resultCode"] == "103000"


def test_app_number_verification_match_and_no_match(sandbox):
    with sandbox.client() as client:
        matched = client.app_number_verify(sandbox.token("app_number", PHONE)["token"], PHONE)
        other = client.app_number_verify(sandbox.token("app_number", PHONE)["token"], OTHER_PHONE)
    assert (matched.matched, other.matched) == (True, False)


def test_an_expired_token_gives_104007(sandbox):
    token = sandbox.token("onekey", PHONE, ttl_ms=1)
    time.sleep(0.05)
    with sandbox.client() as client, pytest.raises(ydrz.PlatformError) as info:
        client.onekey_validate(token["token"], token["userInformation"])
    assert_platform_error(info, "104007")


def test_a_key_that_is_not_registered_gives_104013_and_130018(sandbox):
    stranger = ydrz.generate_key_pair(1024).private_pkcs8
    with sandbox.client(private_key=stranger) as client:
        token = sandbox.token("onekey", PHONE)
        with pytest.raises(ydrz.PlatformError) as info:
            client.onekey_validate(token["token"], token["userInformation"])
        assert_platform_error(info, "104013")
        token = sandbox.token("number_verify", PHONE)
        with pytest.raises(ydrz.PlatformError) as info:
            client.number_verify(token["token"], token["userInformation"], PHONE)
        assert_platform_error(info, "130018")


def test_the_same_token_twice_is_refused_without_a_second_request(sandbox):
    token = sandbox.token("onekey", PHONE)
    with sandbox.client() as client:
        assert client.onekey_validate(token["token"], token["userInformation"]).phone == PHONE
        with pytest.raises(ydrz.TokenReused) as info:
            client.onekey_validate(token["token"], token["userInformation"])
    assert (info.value.status, info.value.status_name) == (Status.E_TOKEN_REUSED, "YDRZ_E_TOKEN_REUSED")
    assert info.value.platform_code is None
    assert sandbox.stats(token["token"])["requests"] == 1


def test_the_daily_limit_gives_121011(sandbox):
    sandbox.control("/apps", {"app_id": sandbox.demo["app_id"], "daily_limit": 1})
    with sandbox.client() as client:
        token = sandbox.token("number_verify", PHONE)
        assert client.number_verify(token["token"], token["userInformation"], PHONE).matched
        token = sandbox.token("number_verify", PHONE)
        with pytest.raises(ydrz.PlatformError) as info:
            client.number_verify(token["token"], token["userInformation"], PHONE)
    assert_platform_error(info, "121011")


def test_a_refused_ip_gives_104017(sandbox):
    sandbox.control("/apps", {"app_id": sandbox.demo["app_id"], "allowed_ips": ["192.0.2.1"]})
    token = sandbox.token("onekey", PHONE)
    with sandbox.client() as client, pytest.raises(ydrz.PlatformError) as info:
        client.onekey_validate(token["token"], token["userInformation"])
    assert_platform_error(info, "104017")


@pytest.mark.parametrize(
    "fault,error,status",
    [
        ({"kind": "http_status", "status": 503}, ydrz.HttpError, Status.E_HTTP),
        ({"kind": "malformed_json"}, ydrz.ProtocolError, Status.E_PROTOCOL),
        ({"kind": "reset"}, ydrz.NetworkError, Status.E_NETWORK),
        ({"kind": "delay", "delay_ms": 2000}, ydrz.Timeout, Status.E_TIMEOUT),
    ],
    ids=lambda v: v["kind"] if isinstance(v, dict) else None,
)
def test_transport_failures_map_to_their_exceptions(sandbox, fault, error, status):
    sandbox.control("/faults", {"count": 1, **fault})
    token = sandbox.token("onekey", PHONE)
    with sandbox.client(timeout_ms=500) as client, pytest.raises(error) as info:
        client.onekey_validate(token["token"], token["userInformation"])
    assert type(info.value) is error
    assert info.value.status == status and info.value.status_name == ydrz.status_name(status)
    assert info.value.platform_code is None and info.value.message


def test_nothing_listening_is_a_network_error(sandbox):
    with ydrz.Client({**sandbox.client_config, "base_url": "http://127.0.0.1:9"}) as client:
        with pytest.raises(ydrz.NetworkError):
            client.onekey_validate("token-nobody-listens", "info")


def test_empty_and_null_client_arguments(sandbox):
    with sandbox.client() as client:
        with pytest.raises(ydrz.InvalidArgument):
            client.onekey_validate("", "info")
        with pytest.raises(ydrz.NullArgument, match="user_information is NULL"):
            client.onekey_validate("token", None)
        with pytest.raises(ydrz.InvalidArgument, match="phone"):
            client.number_verify("token", "info", "12345")


def test_mask_phone_shows_neither_the_number_nor_its_length():
    assert ydrz.mask_phone("13800138000") == "138****8000"
    assert ydrz.mask_phone("1380013800") == ydrz.mask_phone("138001380001") == ydrz.mask_phone("") == "****"
    with pytest.raises(ydrz.InvalidUtf8):
        ydrz.mask_phone(b"\xff" * 11)
