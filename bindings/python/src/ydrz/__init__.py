"""Python binding (ctypes) of libydrz, the server-side library for China Mobile's authentication platform
(移动认证, cmpassport): jssdk and tokenValidate signatures, phone encryption, msisdn decryption, result-code
descriptions and the platform client (one-click login, number verification, mini-program and App).

Importing this package loads libydrz (``$YDRZ_LIBRARY``, else ``libydrz.so`` next to the package, else the
system loader path) and checks its ABI version; it raises :class:`LibraryLoadError` naming every place tried.
Everything here is thread-safe. Errors are :class:`YdrzError` subclasses carrying the status (number and
name), the platform code and the library's message.

Text arguments are ``str`` (sent as UTF-8), ``bytes`` or ``None`` (NULL). Text containing a NUL character
(U+0000, or a zero byte in ``bytes``) raises :class:`InvalidArgument`, in every function and method that
takes text, since C would silently cut the string there.

:class:`AsyncClient` (asyncio, on aiohttp: ``pip install ydrz[async]``) is imported on first use, so the rest
of the package needs no extra dependency.
"""

from typing import TYPE_CHECKING, Any

from ._native import ABI_VERSION, LibraryLoadError
from ._version import __version__
from .client import Client, Validated, Verified, mask_phone
from .codes import code_describe, code_message
from .crypto import (
    Encoding,
    KeyType0Sign,
    SignAlgorithm,
    app_login_md5_sign,
    app_number_sign_key_type0,
    decrypt_msisdn,
    encrypt_phone,
    jssdk_sign,
    presign_sign,
    rsa_decrypt,
    rsa_encrypt,
    rsa_sign,
    rsa_verify,
    token_validate_sign,
)
from .errors import (
    CryptoError,
    HandleClosed,
    HttpError,
    InternalError,
    InvalidArgument,
    InvalidKey,
    InvalidSignature,
    InvalidUtf8,
    NetworkError,
    NullArgument,
    PlatformError,
    ProtocolError,
    Status,
    Timeout,
    TokenReused,
    YdrzError,
)
from .exchange import Exchange, Request
from .info import abi_version, library_path, status_name, version
from .keys import KeyPair, PrivateKey, PublicKey, generate_key_pair
from .signer import AsyncSigner, Signer

if TYPE_CHECKING:
    from .aio import AsyncClient as AsyncClient

# AsyncClient is left out of __all__ so that `from ydrz import *` works without aiohttp.


def __getattr__(name: str) -> Any:
    """Imports :class:`AsyncClient` (and with it aiohttp) on first use."""
    if name == "AsyncClient":
        from .aio import AsyncClient

        return AsyncClient
    raise AttributeError(f"module 'ydrz' has no attribute {name!r}")


__all__ = [
    "ABI_VERSION",
    "AsyncSigner",
    "Client",
    "CryptoError",
    "Encoding",
    "Exchange",
    "HandleClosed",
    "HttpError",
    "InternalError",
    "InvalidArgument",
    "InvalidKey",
    "InvalidSignature",
    "InvalidUtf8",
    "KeyPair",
    "KeyType0Sign",
    "LibraryLoadError",
    "NetworkError",
    "NullArgument",
    "PlatformError",
    "PrivateKey",
    "ProtocolError",
    "PublicKey",
    "Request",
    "SignAlgorithm",
    "Signer",
    "Status",
    "Timeout",
    "TokenReused",
    "Validated",
    "Verified",
    "YdrzError",
    "abi_version",
    "app_login_md5_sign",
    "app_number_sign_key_type0",
    "code_describe",
    "code_message",
    "decrypt_msisdn",
    "encrypt_phone",
    "generate_key_pair",
    "jssdk_sign",
    "library_path",
    "mask_phone",
    "presign_sign",
    "rsa_decrypt",
    "rsa_encrypt",
    "rsa_sign",
    "rsa_verify",
    "status_name",
    "token_validate_sign",
    "version",
    "__version__",
]
