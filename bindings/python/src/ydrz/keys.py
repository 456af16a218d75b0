"""RSA keys: handles parsed once by the library, and key-pair generation."""

from __future__ import annotations

from dataclasses import dataclass, field

from ._ffi import STR, NativeHandle, Text, create, integer, invoke, text
from ._native import lib


class PrivateKey(NativeHandle):
    """An RSA private key parsed by the library (1024 to 4096 bits).

    Accepts what users paste: Base64 DER or PEM, PKCS#8 or PKCS#1, surrounding whitespace and line breaks
    inside the Base64. Raises :class:`~ydrz.InvalidKey` for a public key, a non-RSA or encrypted key, a PEM
    label that does not match, or a size out of range (the message says what was found, never the key).

    Immutable and thread-safe; ``close()`` (or ``with``) zeroizes the key material now, garbage collection
    does it otherwise. Use after ``close()`` raises :class:`~ydrz.HandleClosed`.
    """

    _free = lib.ydrz_private_key_free

    def __init__(self, key_text: Text):
        super().__init__(create(lib.ydrz_private_key_load, text(key_text, "key_text")))

    def public_spki(self) -> str:
        """The public half as Base64 X.509 SubjectPublicKeyInfo (what is registered on dev.10086.cn)."""
        return self._invoke(lib.ydrz_private_key_public_spki, STR).string(0)


class PublicKey(NativeHandle):
    """An RSA public key parsed by the library: Base64 DER or PEM, X.509 SPKI or PKCS#1, 1024 to 4096 bits.

    A private key raises :class:`~ydrz.InvalidKey`. Immutable and thread-safe; freed by ``close()``, ``with``
    or garbage collection. Use after ``close()`` raises :class:`~ydrz.HandleClosed`.
    """

    _free = lib.ydrz_public_key_free

    def __init__(self, key_text: Text):
        super().__init__(create(lib.ydrz_public_key_load, text(key_text, "key_text")))


@dataclass(frozen=True)
class KeyPair:
    """A generated key pair in Java ``getEncoded()`` forms, Base64 without line breaks.

    ``private_pkcs8`` is secret: it is left out of ``repr()``.
    """

    private_pkcs8: str = field(repr=False)
    public_spki: str


def generate_key_pair(bits: int = 1024) -> KeyPair:
    """Generates an RSA key pair (e = 65537) of ``bits`` (1024 to 4096, a multiple of 128; the platform's
    RsaUtils uses 1024). Raises :class:`~ydrz.InvalidKey` for another size that fits a C ``uint32_t``, and
    :class:`~ydrz.InvalidArgument` for a negative ``bits`` or one above 2**32 - 1. Thread-safe."""
    outputs = invoke(lib.ydrz_key_generate, integer(bits, "bits", signed=False), STR, STR)
    return KeyPair(outputs.string(0), outputs.string(1))
