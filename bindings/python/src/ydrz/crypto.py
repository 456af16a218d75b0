"""Signatures, encryption and decryption exactly as the platform expects them.

Every function is thread-safe; key handles may be shared between threads. Text arguments are ``str`` (or
``bytes``); ``None`` for a required argument raises :class:`~ydrz.NullArgument`, an empty or malformed value
:class:`~ydrz.InvalidArgument`. Results are ``str``, or a :class:`KeyType0Sign` for the pair of keyType 0 fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from ._ffi import STR, OptionalText, Text, integer, invoke, invoke_on, text
from ._native import lib
from .keys import PrivateKey, PublicKey


class Encoding(IntEnum):
    """Text encoding of a signature or ciphertext (``YDRZ_ENCODING_*``)."""

    HEX_UPPER = 1
    HEX_LOWER = 2
    BASE64 = 3


class SignAlgorithm(IntEnum):
    """RSASSA-PKCS1-v1_5 digest (``YDRZ_SIGN_*``)."""

    SHA256_RSA = 1  #: Java "SHA256withRSA"
    MD5_RSA = 2  #: Java "MD5withRSA" (RsaUtils.sign)


def jssdk_sign(
    app_id: Text,
    app_key: Text,
    trace_id: Text,
    timestamp: Text,
    version: OptionalText = None,
    business_type: OptionalText = None,
    encoding: Encoding = Encoding.HEX_UPPER,
) -> str:
    """The one-click login jssdk sign (YDRZ.getTokenInfo):
    ``MD5(appId + businessType + msgId + timestamp + traceId + version + appkey)`` with msgId = traceId.

    ``version`` defaults to "2.0" and ``business_type`` to "8" (``None``); ``timestamp`` must be 17 digits;
    ``encoding`` is HEX_UPPER (the platform's default) or HEX_LOWER. Returns 32 hex characters.
    """
    return invoke(
        lib.ydrz_jssdk_sign,
        text(app_id, "app_id"),
        text(app_key, "app_key"),
        text(trace_id, "trace_id"),
        text(timestamp, "timestamp"),
        text(version, "version"),
        text(business_type, "business_type"),
        integer(encoding, "encoding"),
        STR,
    ).string(0)


def token_validate_sign(
    key: PrivateKey,
    app_id: Text,
    trace_id: Text,
    timestamp: Text,
    token: Text,
    version: OptionalText = None,
) -> str:
    """The one-click login tokenValidate sign: SHA256withRSA(appId + traceId + timestamp + token + version),
    upper-case hex. ``version`` must equal the interfaceVersion header sent (``None``: the library's default,
    "2.0", which the client sends)."""
    return invoke_on(
        key,
        PrivateKey,
        "key",
        lib.ydrz_token_validate_sign,
        text(app_id, "app_id"),
        text(trace_id, "trace_id"),
        text(timestamp, "timestamp"),
        text(token, "token"),
        text(version, "version"),
        STR,
    ).string(0)


def presign_sign(key: PrivateKey, presign: Text) -> str:
    """The number-verification preSign signature: ``presign`` (not empty) signed verbatim with MD5withRSA,
    Base64 (RsaUtils.sign)."""
    return invoke_on(key, PrivateKey, "key", lib.ydrz_presign_sign, text(presign, "presign"), STR).string(0)


def app_login_md5_sign(
    app_id: Text,
    version: Text,
    msg_id: Text,
    system_time: Text,
    strict_check: Text,
    token: Text,
    secret: Text,
    encoding: Encoding = Encoding.HEX_UPPER,
) -> str:
    """The App one-click login sign (loginTokenValidate, MD5 mode):
    ``MD5(appid + version + msgid + systemtime + strictcheck + token + secret)``.

    ``secret`` is the APPSecret (the appkey for apps created before 2018-12-26); ``system_time`` must be 17
    digits; ``encoding`` is HEX_UPPER (what the platform documents) or HEX_LOWER. Returns 32 hex characters.
    """
    return invoke(
        lib.ydrz_app_login_md5_sign,
        text(app_id, "app_id"),
        text(version, "version"),
        text(msg_id, "msg_id"),
        text(system_time, "system_time"),
        text(strict_check, "strict_check"),
        text(token, "token"),
        text(secret, "secret"),
        integer(encoding, "encoding"),
        STR,
    ).string(0)


@dataclass(frozen=True)
class KeyType0Sign:
    """The keyType 0 fields of an App number verification (/openapi/rs/tokenValidate), both upper-case hex."""

    phone_num: str  #: ``SHA256(phone + app_key + timestamp)``
    sign: str  #: ``HMAC-SHA256(key = app_key, app_id + msg_id + phone_num + timestamp + token + version)``


def app_number_sign_key_type0(
    app_id: Text,
    app_key: Text,
    msg_id: Text,
    phone: Text,
    timestamp: Text,
    token: Text,
    version: Text,
) -> KeyType0Sign:
    """The App number-verification keyType 0 ``phoneNum`` (SHA-256) and ``sign`` (HMAC-SHA256 keyed with the
    appkey). ``phone`` must be 11 digits starting with 1, ``timestamp`` the 17-digit header timestamp."""
    outputs = invoke(
        lib.ydrz_app_number_sign_key_type0,
        text(app_id, "app_id"),
        text(app_key, "app_key"),
        text(msg_id, "msg_id"),
        text(phone, "phone"),
        text(timestamp, "timestamp"),
        text(token, "token"),
        text(version, "version"),
        STR,
        STR,
    )
    return KeyType0Sign(outputs.string(0), outputs.string(1))


def rsa_sign(key: PrivateKey, data: Text, algorithm: SignAlgorithm, encoding: Encoding) -> str:
    """RSASSA-PKCS1-v1_5 signature of the UTF-8 bytes of ``data`` (may be empty)."""
    return invoke_on(
        key,
        PrivateKey,
        "key",
        lib.ydrz_rsa_sign,
        text(data, "data"),
        integer(algorithm, "algorithm"),
        integer(encoding, "encoding"),
        STR,
    ).string(0)


def rsa_verify(key: PublicKey, data: Text, signature: Text, algorithm: SignAlgorithm, encoding: Encoding) -> None:
    """Verifies a signature of the UTF-8 bytes of ``data``; returns ``None`` when it verifies.

    Raises :class:`~ydrz.InvalidSignature` when it does not (also for signature text that does not decode in
    ``encoding``; hex is accepted in either case).
    """
    invoke_on(
        key,
        PublicKey,
        "key",
        lib.ydrz_rsa_verify,
        text(data, "data"),
        text(signature, "signature"),
        integer(algorithm, "algorithm"),
        integer(encoding, "encoding"),
    )


def rsa_encrypt(key: PublicKey, plaintext: Text) -> str:
    """RsaUtils.encryptedDataOnJava: PKCS#1 v1.5 encryption of the UTF-8 bytes of ``plaintext`` (1 to 65536
    bytes) in chunks of k-11 bytes, the k-byte blocks joined and Base64-encoded. Randomized."""
    return invoke_on(key, PublicKey, "key", lib.ydrz_rsa_encrypt, text(plaintext, "plaintext"), STR).string(0)


def rsa_decrypt(key: PrivateKey, ciphertext: Text) -> str:
    """The inverse of :func:`rsa_encrypt`: Base64 or hex (auto-detected) ciphertext of whole k-byte blocks.

    Raises :class:`~ydrz.CryptoError` for a wrong length, wrong key or bad padding.
    """
    return invoke_on(key, PrivateKey, "key", lib.ydrz_rsa_decrypt, text(ciphertext, "ciphertext"), STR).string(0)


def encrypt_phone(platform_key: PublicKey, phone: Text, app_key: Text, timestamp: Text) -> str:
    """The number-verification ``phoneNum``: :func:`rsa_encrypt` (platform key, phone + app_key + timestamp).

    ``phone`` must be 11 digits starting with 1, ``timestamp`` the 17-digit header timestamp of the request.
    """
    return invoke_on(
        platform_key,
        PublicKey,
        "platform_key",
        lib.ydrz_encrypt_phone,
        text(phone, "phone"),
        text(app_key, "app_key"),
        text(timestamp, "timestamp"),
        STR,
    ).string(0)


def decrypt_msisdn(app_key: Text, msisdn: Text) -> str:
    """Decrypts the tokenValidate ``msisdn`` (Base64 AES-128-ECB/PKCS#7, key = first 16 bytes of the appkey).

    A plain 11-digit number is returned unchanged; a wrong appkey raises :class:`~ydrz.CryptoError`.
    """
    return invoke(lib.ydrz_decrypt_msisdn, text(app_key, "app_key"), text(msisdn, "msisdn"), STR).string(0)
