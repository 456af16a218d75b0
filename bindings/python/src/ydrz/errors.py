"""Status codes and the exceptions that carry them.

Every failure of a library call raises a subclass of :class:`YdrzError` chosen by the status; the exception
keeps the numeric status, its constant name as the library spells it, the platform's result code (for
:class:`PlatformError`) and the library's message (which never contains secrets or full phone numbers).
"""

from __future__ import annotations

from enum import IntEnum


class Status(IntEnum):
    """The ``YDRZ_*`` status codes of ydrz.h (never renumbered)."""

    OK = 0
    E_NULL_ARG = 1
    E_INVALID_ARG = 2
    E_INVALID_UTF8 = 3
    E_KEY = 10
    E_CRYPTO = 11
    E_SIGNATURE = 12
    E_NETWORK = 20
    E_TIMEOUT = 21
    E_HTTP = 22
    E_PROTOCOL = 23
    E_PLATFORM = 30
    E_TOKEN_REUSED = 31
    E_PANIC = 100


class YdrzError(Exception):
    """A failed library call.

    Attributes:
        status: the status, a :class:`Status` (a plain ``int`` if this binding does not know the number).
        status_name: the status constant's name from the library, e.g. ``"YDRZ_E_KEY"``.
        platform_code: the platform's result code (e.g. ``"104007"``) for :class:`PlatformError`, else ``None``.
        message: the library's message.
    """

    #: The status a subclass stands for; ``None`` on the base class.
    STATUS: Status | None = None

    def __init__(self, status: Status | int, status_name: str, platform_code: str | None, message: str):
        super().__init__(status, status_name, platform_code, message)
        self.status = status
        self.status_name = status_name
        self.platform_code = platform_code
        self.message = message

    def __str__(self) -> str:
        code = f" (platform code {self.platform_code})" if self.platform_code is not None else ""
        return f"{self.status_name}{code}: {self.message}"


class NullArgument(YdrzError, ValueError):
    """A required argument was ``None`` (NULL)."""

    STATUS = Status.E_NULL_ARG


class HandleClosed(NullArgument):
    """A :class:`~ydrz.PrivateKey`, :class:`~ydrz.PublicKey` or :class:`~ydrz.Client` was used after ``close()``.

    Its status is ``YDRZ_E_NULL_ARG``, what the C ABI answers for a handle that is no longer there; the
    library is not called.
    """


class InvalidArgument(YdrzError, ValueError):
    """An argument has a value that is not allowed (empty, malformed, unknown enum value, NUL inside text)."""

    STATUS = Status.E_INVALID_ARG


class InvalidUtf8(YdrzError, ValueError):
    """A text argument is not valid UTF-8 (bytes, or a str with lone surrogates)."""

    STATUS = Status.E_INVALID_UTF8


class InvalidKey(YdrzError):
    """A key cannot be parsed, or is of the wrong kind or size."""

    STATUS = Status.E_KEY


class CryptoError(YdrzError):
    """Encryption or decryption failed (bad ciphertext, bad padding, wrong key)."""

    STATUS = Status.E_CRYPTO


class InvalidSignature(YdrzError):
    """A signature does not verify."""

    STATUS = Status.E_SIGNATURE


class NetworkError(YdrzError):
    """DNS, connect, TLS or connection reset."""

    STATUS = Status.E_NETWORK


class Timeout(YdrzError):
    """The connect timeout or the overall request timeout expired."""

    STATUS = Status.E_TIMEOUT


class HttpError(YdrzError):
    """The platform answered with a non-2xx HTTP status."""

    STATUS = Status.E_HTTP


class ProtocolError(YdrzError):
    """The platform's response is not the expected JSON."""

    STATUS = Status.E_PROTOCOL


class PlatformError(YdrzError):
    """The platform answered with a non-success result code, in :attr:`platform_code`."""

    STATUS = Status.E_PLATFORM


class TokenReused(YdrzError):
    """The token was already sent by this client; tokens are single-use, so it was not sent again."""

    STATUS = Status.E_TOKEN_REUSED


class InternalError(YdrzError):
    """A bug inside the library (a caught panic); the process is unaffected. Please report it."""

    STATUS = Status.E_PANIC


_BY_STATUS: dict[int, type[YdrzError]] = {
    cls.STATUS: cls
    for cls in (
        NullArgument,
        InvalidArgument,
        InvalidUtf8,
        InvalidKey,
        CryptoError,
        InvalidSignature,
        NetworkError,
        Timeout,
        HttpError,
        ProtocolError,
        PlatformError,
        TokenReused,
        InternalError,
    )
}


def error_class(status: int) -> type[YdrzError]:
    """The exception class for a status; :class:`YdrzError` itself for a status this binding does not know."""
    return _BY_STATUS.get(status, YdrzError)


def as_status(number: int) -> Status | int:
    """The :class:`Status` member for ``number``, or ``number`` itself when it is not a known status."""
    try:
        return Status(number)
    except ValueError:
        return number
