"""Bad input gives the right status, as the right exception class, with the library's message."""

from __future__ import annotations

import base64
import inspect
import subprocess
import tempfile
from contextlib import contextmanager

import pytest

import ydrz
from ydrz import Encoding, SignAlgorithm, Status

TS = "20240131235959123"


@contextmanager
def raises(cls: type[ydrz.YdrzError], status: Status, fragment: str):
    """Asserts the exception class, its status (number and library name) and a piece of the message."""
    with pytest.raises(cls) as info:
        yield
    e = info.value
    assert type(e) is cls, type(e)
    assert e.status == status and isinstance(e.status, Status)
    assert e.status_name == f"YDRZ_{status.name}" == ydrz.status_name(status)
    assert fragment in e.message, e.message
    assert e.platform_code is None
    assert str(e) == f"YDRZ_{status.name}: {e.message}"


def test_every_status_has_its_class_and_library_name():
    classes: dict[Status, type[ydrz.YdrzError]] = {
        Status.E_NULL_ARG: ydrz.NullArgument,
        Status.E_INVALID_ARG: ydrz.InvalidArgument,
        Status.E_INVALID_UTF8: ydrz.InvalidUtf8,
        Status.E_KEY: ydrz.InvalidKey,
        Status.E_CRYPTO: ydrz.CryptoError,
        Status.E_SIGNATURE: ydrz.InvalidSignature,
        Status.E_NETWORK: ydrz.NetworkError,
        Status.E_TIMEOUT: ydrz.Timeout,
        Status.E_HTTP: ydrz.HttpError,
        Status.E_PROTOCOL: ydrz.ProtocolError,
        Status.E_PLATFORM: ydrz.PlatformError,
        Status.E_TOKEN_REUSED: ydrz.TokenReused,
        Status.E_PANIC: ydrz.InternalError,
    }
    # The classes above are public names; a status the generator added since has its own class too.
    for status in set(Status) - {Status.OK}:
        cls = ydrz.errors.error_class(status)
        assert cls is classes.get(status, cls) and cls is not ydrz.YdrzError, status
        assert cls.STATUS == status and issubclass(cls, ydrz.YdrzError)
        assert getattr(ydrz, cls.__name__) is cls and cls.__name__ in ydrz.__all__
        assert ydrz.status_name(status) == f"YDRZ_{status.name}"
    assert ydrz.status_name(Status.OK) == "YDRZ_OK"
    assert ydrz.status_name(77) == "YDRZ_UNKNOWN"


def test_argument_errors_are_also_value_errors():
    for cls in (ydrz.NullArgument, ydrz.InvalidArgument, ydrz.InvalidUtf8, ydrz.HandleClosed):
        assert issubclass(cls, ValueError)


def test_empty_required_strings(fixed, private_keys, public_keys):
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "app_id is empty"):
        ydrz.jssdk_sign("", fixed["appkey"], fixed["traceId_msgId"], TS)
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "app_key is empty"):
        ydrz.decrypt_msisdn("", "RP+ama7A6MB2X/o7iETGrQ==")
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "presign"):
        ydrz.presign_sign(private_keys["customer_1024"], "")
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "plaintext"):
        ydrz.rsa_encrypt(public_keys["platform_1024"], "")
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "token"):
        ydrz.token_validate_sign(private_keys["customer_1024"], fixed["appId"], fixed["traceId_msgId"], TS, "")
    with raises(ydrz.InvalidKey, Status.E_KEY, "empty"):
        ydrz.PrivateKey("")


def test_malformed_values(fixed, public_keys):
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "timestamp must be 17 digits"):
        ydrz.jssdk_sign(fixed["appId"], fixed["appkey"], fixed["traceId_msgId"], "2024")
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "hex"):
        ydrz.jssdk_sign(fixed["appId"], fixed["appkey"], fixed["traceId_msgId"], TS, encoding=Encoding.BASE64)
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "phone"):
        ydrz.encrypt_phone(public_keys["platform_1024"], "23800138000", fixed["appkey"], TS)
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, 'unknown product "nope"'):
        ydrz.code_describe("103000", "nope")


def app_sign_arguments(fixed) -> tuple[dict, dict]:
    """Keyword arguments that sign: for app_login_md5_sign, and for app_number_sign_key_type0."""
    common = {"app_id": fixed["appId"], "msg_id": fixed["traceId_msgId"], "token": fixed["token_app"]}
    md5 = {**common, "version": "2.0", "system_time": TS, "strict_check": "0", "secret": fixed["APPSecret"]}
    key_type0 = {**common, "app_key": fixed["appkey"], "phone": fixed["phone"], "timestamp": TS, "version": "1.0"}
    return md5, key_type0


APP_SIGNS = (ydrz.app_login_md5_sign, ydrz.app_number_sign_key_type0)


@pytest.mark.parametrize(
    "sign,name",
    [(sign, name) for sign in APP_SIGNS for name in inspect.signature(sign).parameters if name != "encoding"],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_app_signs_name_each_null_argument(fixed, sign, name):
    arguments = dict(zip(APP_SIGNS, app_sign_arguments(fixed)))[sign]
    assert sign(**arguments)
    with raises(ydrz.NullArgument, Status.E_NULL_ARG, f"{name} is NULL"):
        sign(**{**arguments, name: None})


def test_app_sign_values(fixed):
    md5, key_type0 = app_sign_arguments(fixed)
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "app_secret is empty"):
        ydrz.app_login_md5_sign(**{**md5, "secret": ""})
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "systemtime must be 17 digits"):
        ydrz.app_login_md5_sign(**{**md5, "system_time": TS[:16]})
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "hex"):
        ydrz.app_login_md5_sign(**md5, encoding=Encoding.BASE64)
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "phone must be an 11-digit mainland mobile number"):
        ydrz.app_number_sign_key_type0(**{**key_type0, "phone": "23800138000"})
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "timestamp must be 17 digits"):
        ydrz.app_number_sign_key_type0(**{**key_type0, "timestamp": TS[:16]})


def test_unknown_enum_numbers_reach_the_library_and_out_of_range_ones_do_not(private_keys):
    key = private_keys["customer_1024"]
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "algorithm"):
        ydrz.rsa_sign(key, "data", 99, Encoding.BASE64)
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "encoding"):
        ydrz.rsa_sign(key, "data", SignAlgorithm.SHA256_RSA, 0)
    # 2**32 + 1 would wrap to 1 (a valid value) in a C int32: the binding refuses it instead.
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "encoding 4294967297 is out of range"):
        ydrz.rsa_sign(key, "data", SignAlgorithm.SHA256_RSA, 2**32 + 1)
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "bits -1 is out of range"):
        ydrz.generate_key_pair(-1)
    with pytest.raises(TypeError):
        ydrz.rsa_sign(key, "data", "SHA256", Encoding.BASE64)


def test_none_is_null(fixed, private_keys, public_keys):
    with raises(ydrz.NullArgument, Status.E_NULL_ARG, "app_key is NULL"):
        ydrz.jssdk_sign(fixed["appId"], None, fixed["traceId_msgId"], TS)
    with raises(ydrz.NullArgument, Status.E_NULL_ARG, "key is NULL"):
        ydrz.rsa_sign(None, "data", SignAlgorithm.SHA256_RSA, Encoding.BASE64)
    with raises(ydrz.NullArgument, Status.E_NULL_ARG, "NULL"):
        ydrz.PrivateKey(None)
    with raises(ydrz.NullArgument, Status.E_NULL_ARG, "NULL"):
        ydrz.rsa_decrypt(private_keys["customer_1024"], None)
    with raises(ydrz.NullArgument, Status.E_NULL_ARG, "NULL"):
        ydrz.Client(None)
    with raises(ydrz.NullArgument, Status.E_NULL_ARG, "NULL"):
        ydrz.code_describe(None)
    assert ydrz.code_message(None) is None


def test_nullable_arguments_accept_none(fixed):
    assert ydrz.jssdk_sign(fixed["appId"], fixed["appkey"], fixed["traceId_msgId"], fixed["timestamp"], None, None)
    assert ydrz.code_describe("103000", None, None)


def test_invalid_utf8(fixed):
    with raises(ydrz.InvalidUtf8, Status.E_INVALID_UTF8, "not valid UTF-8"):
        ydrz.jssdk_sign(fixed["appId"], b"\xff\xfe", fixed["traceId_msgId"], TS)
    with raises(ydrz.InvalidUtf8, Status.E_INVALID_UTF8, "not valid UTF-8"):
        ydrz.PrivateKey("\udcff")  # a lone surrogate cannot be UTF-8
    assert ydrz.code_message(b"\xff") is None


NUL = "x\0tail"
SHA256, B64 = SignAlgorithm.SHA256_RSA, Encoding.BASE64

#: (test id, the parameter given NUL, a call taking a private key, a public key and a client): every public
#: function and method that takes text. The other arguments need not be valid: the NUL is refused before C
#: is called.
NUL_CASES = [
    ("PrivateKey", "key_text", lambda k, p, c: ydrz.PrivateKey(NUL)),
    ("PublicKey", "key_text", lambda k, p, c: ydrz.PublicKey(NUL)),
    ("jssdk_sign", "app_id", lambda k, p, c: ydrz.jssdk_sign(NUL, "appkey", "trace", TS)),
    ("jssdk_sign version", "version", lambda k, p, c: ydrz.jssdk_sign("1", "k", "t", TS, NUL)),
    ("token_validate_sign", "token", lambda k, p, c: ydrz.token_validate_sign(k, "1", "t", TS, NUL)),
    ("presign_sign", "presign", lambda k, p, c: ydrz.presign_sign(k, NUL)),
    ("app_login_md5_sign", "secret", lambda k, p, c: ydrz.app_login_md5_sign("1", "", "m", TS, "0", "t", NUL)),
    (
        "app_number_sign_key_type0",
        "phone",
        lambda k, p, c: ydrz.app_number_sign_key_type0("1", "k", "m", NUL, TS, "t", ""),
    ),
    ("rsa_sign", "data", lambda k, p, c: ydrz.rsa_sign(k, NUL, SHA256, B64)),
    ("rsa_verify data", "data", lambda k, p, c: ydrz.rsa_verify(p, NUL, "AAAA", SHA256, B64)),
    ("rsa_verify signature", "signature", lambda k, p, c: ydrz.rsa_verify(p, "data", NUL, SHA256, B64)),
    ("rsa_encrypt", "plaintext", lambda k, p, c: ydrz.rsa_encrypt(p, NUL)),
    ("rsa_decrypt", "ciphertext", lambda k, p, c: ydrz.rsa_decrypt(k, NUL)),
    ("encrypt_phone", "app_key", lambda k, p, c: ydrz.encrypt_phone(p, "13800138000", NUL, TS)),
    ("decrypt_msisdn", "msisdn", lambda k, p, c: ydrz.decrypt_msisdn("k" * 16, NUL)),
    ("decrypt_msisdn bytes", "app_key", lambda k, p, c: ydrz.decrypt_msisdn(b"k\0", "AAAA")),
    ("code_message", "code", lambda k, p, c: ydrz.code_message(NUL)),
    ("code_message stage", "stage", lambda k, p, c: ydrz.code_message("103000", None, NUL)),
    ("code_describe", "product", lambda k, p, c: ydrz.code_describe("103000", NUL)),
    ("Client", "config", lambda k, p, c: ydrz.Client('{"app_id":"' + NUL + '"}')),
    ("Client.presign_sign", "presign", lambda k, p, c: c.presign_sign(NUL)),
    ("Client.onekey_validate", "expand_params", lambda k, p, c: c.onekey_validate("t", "ui", NUL)),
    ("Client.number_verify", "user_information", lambda k, p, c: c.number_verify("t", NUL, "13800138000")),
    ("Client.app_login_validate", "token", lambda k, p, c: c.app_login_validate(NUL)),
    ("Client.app_number_verify", "phone", lambda k, p, c: c.app_number_verify("t", NUL)),
]


@pytest.mark.parametrize("parameter,call", [case[1:] for case in NUL_CASES], ids=[case[0] for case in NUL_CASES])
def test_text_with_nul_is_refused_before_c_could_cut_it(private_keys, public_keys, parameter, call):
    with ydrz.Client({"app_id": "300012345678"}) as client:
        with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, f"{parameter} contains a NUL character"):
            call(private_keys["customer_1024"], public_keys["customer_1024"], client)


def test_wrong_python_types_are_type_errors(fixed, public_keys):
    with pytest.raises(TypeError, match="app_id must be str, bytes or None"):
        ydrz.jssdk_sign(300012345678, fixed["appkey"], fixed["traceId_msgId"], TS)
    with pytest.raises(TypeError, match="key must be a ydrz.PrivateKey, not PublicKey"):
        ydrz.rsa_sign(public_keys["customer_1024"], "data", SignAlgorithm.SHA256_RSA, Encoding.BASE64)
    with pytest.raises(TypeError):
        ydrz.Client(["not", "a", "config"])


def test_invalid_keys(vectors):
    customer = vectors["keys"]["customer_1024"]
    with raises(ydrz.InvalidKey, Status.E_KEY, "public key"):
        ydrz.PrivateKey(customer["public_x509_spki_der_base64"])
    with raises(ydrz.InvalidKey, Status.E_KEY, "private key"):
        ydrz.PublicKey(customer["private_pkcs8_der_base64"])
    with raises(ydrz.InvalidKey, Status.E_KEY, "neither PEM nor valid Base64"):
        ydrz.PrivateKey("not a key")
    with raises(ydrz.InvalidKey, Status.E_KEY, "1000 bits"):
        ydrz.generate_key_pair(1000)
    with raises(ydrz.InvalidKey, Status.E_KEY, "private_key"):
        ydrz.Client({"app_id": "300012345678", "private_key": customer["public_x509_spki_der_base64"]})


def test_key_errors_never_echo_the_key(vectors):
    private = vectors["keys"]["customer_1024"]["private_pkcs8_der_base64"]
    with pytest.raises(ydrz.InvalidKey) as e:
        ydrz.PublicKey(private)
    assert private[:40] not in str(e.value) and private[-40:] not in str(e.value)


def test_wrong_key_or_ciphertext_is_a_crypto_error(vectors, private_keys):
    ciphertext = next(v for v in vectors["vectors"] if v["id"] == "phoneNum_rsa_platform_1024")["ciphertext_base64"]
    with raises(ydrz.CryptoError, Status.E_CRYPTO, ""):
        ydrz.rsa_decrypt(private_keys["customer_1024"], ciphertext)
    with raises(ydrz.CryptoError, Status.E_CRYPTO, ""):
        ydrz.rsa_decrypt(private_keys["platform_1024"], ciphertext[:-8])
    with raises(ydrz.CryptoError, Status.E_CRYPTO, "does not decrypt with this appkey"):
        ydrz.decrypt_msisdn("0000000000000000", "RP+ama7A6MB2X/o7iETGrQ==")


def _openssl_encrypt(public_spki_base64: str, plaintext: bytes) -> str:
    """PKCS#1 v1.5 encryption of arbitrary bytes by the openssl command, Base64."""
    with tempfile.NamedTemporaryFile(suffix=".der") as key_file:
        key_file.write(base64.b64decode(public_spki_base64))
        key_file.flush()
        command = ["openssl", "pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", key_file.name]
        ciphertext = subprocess.run(command, input=plaintext, capture_output=True, check=True).stdout
    return base64.b64encode(ciphertext).decode()


def test_every_decryption_failure_is_the_same_error(vectors, private_keys):
    """No padding oracle: another key's ciphertext (bad padding), a plaintext that is not UTF-8 and one holding
    a NUL byte give the same status and the same message."""
    key = private_keys["customer_1024"]
    public = vectors["keys"]["customer_1024"]["public_x509_spki_der_base64"]
    assert ydrz.rsa_decrypt(key, _openssl_encrypt(public, b"13800138000")) == "13800138000"
    other = vectors["keys"]["platform_1024"]["public_x509_spki_der_base64"]
    messages = set()
    for ciphertext in [
        _openssl_encrypt(other, b"13800138000"),
        _openssl_encrypt(public, b"\xff\xfeA"),
        _openssl_encrypt(public, b"138\x00"),
    ]:
        with pytest.raises(ydrz.CryptoError) as info:
            ydrz.rsa_decrypt(key, ciphertext)
        assert info.value.status == Status.E_CRYPTO
        messages.add(info.value.message)
    assert len(messages) == 1, messages


def test_undecodable_signature_text_does_not_verify(public_keys):
    with raises(ydrz.InvalidSignature, Status.E_SIGNATURE, ""):
        ydrz.rsa_verify(public_keys["customer_1024"], "data", "not hex", SignAlgorithm.SHA256_RSA, Encoding.HEX_UPPER)


def test_unknown_config_key_is_named():
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, 'unknown config key "timeout"'):
        ydrz.Client({"app_id": "300012345678", "timeout": 5})
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "not valid JSON"):
        ydrz.Client("{")
    with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "http:// is allowed only for loopback"):
        ydrz.Client({"app_id": "300012345678", "base_url": "http://www.cmpassport.com"})


def test_client_operations_name_missing_configuration():
    with ydrz.Client({"app_id": "300012345678"}) as client:
        with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "app_key"):
            client.jssdk_params()
        with raises(ydrz.InvalidArgument, Status.E_INVALID_ARG, "private_key"):
            client.presign_sign("presign")
