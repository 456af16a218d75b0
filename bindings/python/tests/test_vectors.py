"""Every vector of tests/data/vectors.json, through the Python API."""

from __future__ import annotations

import base64
import json

import pytest

import ydrz
from ydrz import Encoding, SignAlgorithm

from conftest import VECTORS

ALL_VECTORS = json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"]

#: vector field -> the encoding it is written in.
ENCODED_FIELDS = {
    "expected_hex_upper": Encoding.HEX_UPPER,
    "expected_hex_lower": Encoding.HEX_LOWER,
    "expected_base64": Encoding.BASE64,
}


def by_prefix(*prefixes: str) -> list[dict]:
    found = [v for v in ALL_VECTORS if v["id"].startswith(prefixes)]
    assert found, f"no vector starts with {prefixes}"
    return found


def vector_id(vector: dict) -> str:
    return vector["id"]


def rsa_signature_cases() -> list[tuple[dict, str, Encoding]]:
    """(vector, field, encoding) for every RSA signature written in every encoding the vector gives."""
    cases = []
    for v in ALL_VECTORS:
        if "key" in v and "string_to_sign" in v:
            cases += [(v, f, enc) for f, enc in ENCODED_FIELDS.items() if f in v]
    return cases


RSA_SIGNATURES = rsa_signature_cases()
RSA_IDS = [f"{v['id']}-{enc.name}" for v, _, enc in RSA_SIGNATURES]


def algorithm_of(vector: dict) -> SignAlgorithm:
    name = vector["algorithm"]
    assert ("SHA256withRSA" in name) != ("MD5withRSA" in name), name
    return SignAlgorithm.SHA256_RSA if "SHA256withRSA" in name else SignAlgorithm.MD5_RSA


def test_every_vector_is_covered():
    covered = {v["id"] for v, _, _ in RSA_SIGNATURES}
    others = by_prefix(
        "jssdk_md5_sign",
        "phoneNum_rsa",
        "encryptedDataOnJava",
        "h5_msisdn",
        "app_msisdn",
        "app_loginTokenValidate_md5",
        "app_tokenValidate_keyType0",
    )
    covered |= {v["id"] for v in others}
    every = {v["id"] for v in ALL_VECTORS}
    assert every - covered == set(), "a vector is not tested"


def test_the_rsa_cases_span_both_key_sizes_algorithms_and_encodings():
    assert {v["key"] for v, _, _ in RSA_SIGNATURES} == {"customer_1024", "customer_2048"}
    assert {algorithm_of(v) for v, _, _ in RSA_SIGNATURES} == set(SignAlgorithm)
    assert {enc for _, _, enc in RSA_SIGNATURES} == set(Encoding)


@pytest.mark.parametrize("vector", by_prefix("jssdk_md5_sign"), ids=vector_id)
@pytest.mark.parametrize(
    "field,encoding", [("expected_hex_upper", Encoding.HEX_UPPER), ("expected_hex_lower", Encoding.HEX_LOWER)]
)
def test_jssdk_sign(vector, field, encoding):
    i = vector["inputs"]
    assert i["msgId"] == i["traceId"]
    sign = ydrz.jssdk_sign(
        i["appId"], i["appkey"], i["traceId"], i["timestamp"], i["version"], i["businessType"], encoding
    )
    assert sign == vector[field]


def test_jssdk_sign_defaults_are_version_2_0_business_type_8_upper_case(fixed):
    v = next(v for v in ALL_VECTORS if v["id"] == "jssdk_md5_sign_bt8")
    assert (v["inputs"]["version"], v["inputs"]["businessType"]) == ("2.0", "8")
    assert (
        ydrz.jssdk_sign(fixed["appId"], fixed["appkey"], fixed["traceId_msgId"], fixed["timestamp"])
        == v["expected_hex_upper"]
    )


@pytest.mark.parametrize("vector", by_prefix("app_loginTokenValidate_md5"), ids=vector_id)
@pytest.mark.parametrize(
    "field,encoding", [("expected_hex_upper", Encoding.HEX_UPPER), ("expected_hex_lower", Encoding.HEX_LOWER)]
)
def test_app_login_md5_sign(vector, field, encoding):
    i = vector["inputs"]
    fields = [i["appid"], i["version"], i["msgid"], i["systemtime"], i["strictcheck"], i["token"]]
    secret = i["APPSecret_or_appkey"]
    assert vector["string_to_sign"] == "".join(fields) + secret
    assert ydrz.app_login_md5_sign(*fields, secret, encoding) == vector[field]
    if encoding == Encoding.HEX_UPPER:  # the default, as the platform documents it
        assert ydrz.app_login_md5_sign(*fields, secret) == vector[field]


@pytest.mark.parametrize("vector", by_prefix("app_tokenValidate_keyType0"), ids=vector_id)
def test_app_number_sign_key_type0(vector, fixed):
    # The vector keeps only the strings built from the fixed inputs (msgId = traceId, the App token, version 1.0).
    app_key, version = vector["hmac_key"], "1.0"
    assert vector["phoneNum_input"] == fixed["phone"] + app_key + fixed["timestamp"]
    phone_num = vector["expected_phoneNum_sha256_hex_upper"]
    assert vector["string_to_sign"] == "".join(
        [fixed["appId"], fixed["traceId_msgId"], phone_num, fixed["timestamp"], fixed["token_app"], version]
    )
    signed = ydrz.app_number_sign_key_type0(
        fixed["appId"], app_key, fixed["traceId_msgId"], fixed["phone"], fixed["timestamp"], fixed["token_app"], version
    )
    assert signed == ydrz.KeyType0Sign(phone_num, vector["expected_sign_hmacsha256_hex_upper"])


@pytest.mark.parametrize("vector", by_prefix("h5_tokenValidate_sign"), ids=vector_id)
def test_token_validate_sign(vector, private_keys):
    i = vector["inputs"]
    key = private_keys[vector["key"]]
    sign = ydrz.token_validate_sign(key, i["appId"], i["traceId"], i["timestamp"], i["token"], i["version"])
    assert sign == vector["expected_hex_upper"]
    assert vector["string_to_sign"] == i["appId"] + i["traceId"] + i["timestamp"] + i["token"] + i["version"]
    if i["version"] == "2.0":  # not given: the library's default
        assert ydrz.token_validate_sign(key, i["appId"], i["traceId"], i["timestamp"], i["token"]) == sign


@pytest.mark.parametrize("vector", by_prefix("preSign_MD5withRSA"), ids=vector_id)
def test_presign_sign(vector, private_keys):
    assert ydrz.presign_sign(private_keys[vector["key"]], vector["string_to_sign"]) == vector["expected_base64"]


@pytest.mark.parametrize("vector,field,encoding", RSA_SIGNATURES, ids=RSA_IDS)
def test_rsa_sign(vector, field, encoding, private_keys):
    key = private_keys[vector["key"]]
    assert ydrz.rsa_sign(key, vector["string_to_sign"], algorithm_of(vector), encoding) == vector[field]


@pytest.mark.parametrize("vector,field,encoding", RSA_SIGNATURES, ids=RSA_IDS)
def test_rsa_verify(vector, field, encoding, public_keys):
    key, algorithm = public_keys[vector["key"]], algorithm_of(vector)
    ydrz.rsa_verify(key, vector["string_to_sign"], vector[field], algorithm, encoding)
    with pytest.raises(ydrz.InvalidSignature) as e:
        ydrz.rsa_verify(key, vector["string_to_sign"] + "x", vector[field], algorithm, encoding)
    assert e.value.status == ydrz.Status.E_SIGNATURE and e.value.status_name == "YDRZ_E_SIGNATURE"
    other = SignAlgorithm.MD5_RSA if algorithm == SignAlgorithm.SHA256_RSA else SignAlgorithm.SHA256_RSA
    with pytest.raises(ydrz.InvalidSignature):
        ydrz.rsa_verify(key, vector["string_to_sign"], vector[field], other, encoding)


@pytest.mark.parametrize("vector", by_prefix("phoneNum_rsa", "encryptedDataOnJava"), ids=vector_id)
def test_rsa_decrypt_the_vector_ciphertext(vector, private_keys):
    assert ydrz.rsa_decrypt(private_keys[vector["key"]], vector["ciphertext_base64"]) == vector["plaintext"]


@pytest.mark.parametrize("vector", by_prefix("encryptedDataOnJava"), ids=vector_id)
def test_rsa_encrypt_chunks_like_encrypted_data_on_java(vector, public_keys, private_keys):
    ciphertext = ydrz.rsa_encrypt(public_keys[vector["key"]], vector["plaintext"])
    block = len(base64.b64decode(vector["ciphertext_base64"])) // vector["expected_blocks"]
    assert len(base64.b64decode(ciphertext)) == block * vector["expected_blocks"]
    assert ciphertext != vector["ciphertext_base64"]  # PKCS#1 v1.5 encryption is randomized
    assert ydrz.rsa_decrypt(private_keys[vector["key"]], ciphertext) == vector["plaintext"]


@pytest.mark.parametrize("vector", by_prefix("phoneNum_rsa"), ids=vector_id)
def test_encrypt_phone_decrypts_to_phone_appkey_timestamp(vector, fixed, public_keys, private_keys):
    ciphertext = ydrz.encrypt_phone(public_keys[vector["key"]], fixed["phone"], fixed["appkey"], fixed["timestamp"])
    assert len(base64.b64decode(ciphertext)) == vector["ciphertext_len_bytes"]
    assert ydrz.rsa_decrypt(private_keys[vector["key"]], ciphertext) == vector["plaintext"]
    assert vector["plaintext"] == fixed["phone"] + fixed["appkey"] + fixed["timestamp"]


@pytest.mark.parametrize("vector", by_prefix("h5_msisdn"), ids=vector_id)
def test_decrypt_msisdn(vector):
    assert ydrz.decrypt_msisdn(vector["appkey"], vector["ciphertext_base64"]) == vector["plaintext"]


def test_decrypt_msisdn_returns_a_plain_number_unchanged(fixed):
    assert ydrz.decrypt_msisdn(fixed["appkey"], fixed["phone"]) == fixed["phone"]


@pytest.mark.parametrize("vector", by_prefix("app_msisdn"), ids=vector_id)
@pytest.mark.parametrize("field", ["ciphertext_hex_upper", "ciphertext_base64"])
def test_app_msisdn_rsa_in_hex_and_base64(vector, field, private_keys):
    key = private_keys[vector["key"]]
    assert ydrz.rsa_decrypt(key, vector[field]) == vector["plaintext"]
    if field == "ciphertext_hex_upper":
        assert ydrz.rsa_decrypt(key, vector[field].lower()) == vector["plaintext"]
