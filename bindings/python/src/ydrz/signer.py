"""External signing: the customer private key stays in an HSM or a KMS, and the host's :class:`Signer` does the
private-key operations an exchange asks for.

A client configured with ``"signer": "external"`` and the registered ``public_key`` (no ``private_key``)
makes exchanges that wait for the host (:meth:`~ydrz.Exchange.pending`): a signature of the request before it
exists, and for an App login in RSA mode without ``app_login.msisdn_private_key``, the decryption of the
answer's msisdn. :meth:`~ydrz.Exchange.sign_with` and :meth:`~ydrz.Exchange.finish` (``signer=``) drive a
blocking :class:`Signer`; :class:`~ydrz.AsyncClient` (``signer=``) drives an :class:`AsyncSigner` (what KMS
clients are) or a blocking one.
"""

from __future__ import annotations

import base64
from typing import Any, Protocol

from .crypto import SignAlgorithm

__all__ = ["AsyncSigner", "Signer"]

#: The algorithms of a sign step, by the names ``pending()`` uses.
_ALGORITHMS = {"SHA256withRSA": SignAlgorithm.SHA256_RSA, "MD5withRSA": SignAlgorithm.MD5_RSA}


class Signer(Protocol):
    """The customer private key's two operations, both RSA PKCS#1 v1.5 (PKCS#11: ``CKM_SHA256_RSA_PKCS`` /
    ``CKM_MD5_RSA_PKCS`` and ``CKM_RSA_PKCS``).

    Each signature is verified against the client's ``public_key`` before it is used, and a decryption must
    give the phone number: a signer holding another key fails with :class:`~ydrz.InvalidSignature` /
    :class:`~ydrz.CryptoError` before anything is sent or returned. An exception a signer raises propagates
    unchanged; the exchange keeps waiting.
    """

    def sign(self, algorithm: SignAlgorithm, data: bytes) -> bytes:
        """The raw signature (as many bytes as the modulus) of ``data`` — the exact bytes to sign, not a
        digest: the signer hashes them with ``algorithm``'s digest."""

    def decrypt(self, block: bytes) -> bytes:
        """The plaintext of one RSA block (as many bytes as the modulus) encrypted with PKCS#1 v1.5 padding."""


class AsyncSigner(Protocol):
    """:class:`Signer` with coroutines, for :class:`~ydrz.AsyncClient`: a KMS client's calls."""

    async def sign(self, algorithm: SignAlgorithm, data: bytes) -> bytes:
        """As :meth:`Signer.sign`."""

    async def decrypt(self, block: bytes) -> bytes:
        """As :meth:`Signer.decrypt`."""


def sign_request(step: dict[str, Any]) -> tuple[SignAlgorithm, bytes]:
    """The algorithm and the bytes of a pending ``sign`` step."""
    return _ALGORITHMS[step["algorithm"]], base64.b64decode(step["input_base64"])


def decrypt_blocks(step: dict[str, Any]) -> list[bytes]:
    """The RSA blocks of a pending ``decrypt`` step, each to be decrypted on its own; the plaintexts joined in
    order are what the step needs."""
    if step["step"] != "decrypt" or step["algorithm"] != "RSA/ECB/PKCS1Padding":
        raise ValueError(f"not an RSA/ECB/PKCS1Padding decrypt step: {step['step']} {step.get('algorithm')}")
    ciphertext = base64.b64decode(step["input_base64"])
    size: int = step["block_bytes"]
    return [ciphertext[at : at + size] for at in range(0, len(ciphertext), size)]


def encode(output: bytes) -> str:
    """A signer's output as :meth:`~ydrz.Exchange.provide` takes it (Base64)."""
    if not isinstance(output, (bytes, bytearray, memoryview)):
        raise TypeError(f"a signer must return bytes, not {type(output).__name__}")
    return base64.b64encode(bytes(output)).decode("ascii")
