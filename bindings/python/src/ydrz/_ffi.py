"""The calling convention of the C ABI, in one place.

* Text in: ``str`` (encoded UTF-8; lone surrogates are passed through so the library reports
  ``YDRZ_E_INVALID_UTF8``), ``bytes`` (passed as they are) or ``None`` (NULL: the library reports
  ``YDRZ_E_NULL_ARG`` for a required argument). Text containing NUL is refused before the call, since C
  would silently cut it there.
* Outputs: :data:`STR` / :data:`I32` / :data:`HANDLE` placeholders in an argument list become fresh
  ``char **`` / ``int32_t *`` / ``ydrz_x **`` slots; :func:`invoke` returns their values as :class:`Outputs`
  and frees every returned string with ``ydrz_string_free`` whatever happens.
* Errors: a non-zero status becomes the matching :class:`~ydrz.errors.YdrzError` subclass, built from the
  error object, which is then freed with ``ydrz_error_free``.
* Handles: :class:`NativeHandle` gives deterministic ``close()`` with a ``weakref.finalize`` safety net.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from ctypes import byref, c_int32, c_void_p, string_at
from typing import Any, TypeVar, Union

from ._native import lib
from .errors import HandleClosed, InternalError, InvalidArgument, Status, YdrzError, as_status, error_class

#: A required text argument: ``str`` or raw ``bytes``. (``None`` is still passed on as NULL at run time, for
#: the library to reject with ``YDRZ_E_NULL_ARG``.)
Text = Union[str, bytes]
#: A nullable text argument: ``str``, raw ``bytes`` or ``None`` for NULL.
OptionalText = Union[str, bytes, None]

#: Placeholder for a ``char **`` output slot in an :func:`invoke` argument list.
STR = object()
#: Placeholder for an ``int32_t *`` output slot in an :func:`invoke` argument list.
I32 = object()
#: Placeholder for a ``ydrz_x **`` output slot (a new handle, which the caller wraps at once) in an
#: :func:`invoke` argument list.
HANDLE = object()


class _HandleSlot(c_void_p):
    """The slot of a returned handle: a distinct type, so that it is never freed as a string."""


def _invalid_argument(message: str) -> InvalidArgument:
    """An argument error detected before calling the library (C could not even represent the value)."""
    return InvalidArgument(Status.E_INVALID_ARG, "YDRZ_E_INVALID_ARG", None, message)


def text(value: OptionalText, name: str) -> bytes | None:
    """Converts a text argument for a ``const char *`` parameter (see the module doc)."""
    if type(value) is str:  # the common case first: this runs for every text argument of every call
        value = value.encode("utf-8", "surrogatepass")
    elif value is None:
        return None
    elif isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    elif not isinstance(value, bytes):
        raise TypeError(f"{name} must be str, bytes or None, not {type(value).__name__}")
    if 0 in value:  # a NUL byte; the int test is a memchr, several times faster than `b"\0" in value`
        raise _invalid_argument(f"{name} contains a NUL character")
    return value


def integer(value: int, name: str, bits: int = 32, signed: bool = True) -> int:
    """Checks an integer argument for an ``int32_t`` / ``uint32_t`` parameter (ctypes would silently wrap it)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not low <= value <= high:
        raise _invalid_argument(f"{name} {value} is out of range")
    return value


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8")


def static_text(raw: bytes | None) -> str | None:
    """Decodes a static (never freed) string returned by the library."""
    return None if raw is None else _decode(raw)


def _missing_output(what: str) -> InternalError:
    """A library answer that breaks the C ABI's contract (a bug in the library, never expected)."""
    return InternalError(Status.E_PANIC, "YDRZ_E_PANIC", None, f"the library returned no {what}")


def constant_text(raw: bytes | None) -> str:
    """Decodes a static string of a function documented never to return NULL (ydrz_version...)."""
    if raw is None:
        raise _missing_output("string")
    return _decode(raw)


class Outputs:
    """The values of the output slots of one :func:`invoke` call, in argument order."""

    __slots__ = ("_values",)

    def __init__(self, values: tuple[str | int | None, ...]):
        self._values = values

    def string(self, index: int) -> str:
        """The string of the ``index``-th output slot, which the library must have set."""
        value = self._values[index]
        if not isinstance(value, str):
            raise _missing_output(f"string in output {index}")
        return value

    def optional_string(self, index: int) -> str | None:
        """The string of the ``index``-th output slot, or ``None`` where the call may leave it NULL."""
        value = self._values[index]
        if value is not None and not isinstance(value, str):
            raise _missing_output(f"string in output {index}")
        return value

    def int32(self, index: int) -> int:
        """The integer of the ``index``-th output slot."""
        value = self._values[index]
        if not isinstance(value, int):
            raise _missing_output(f"integer in output {index}")
        return value

    def handle(self, index: int) -> int:
        """The address of the handle returned in the ``index``-th output slot (never NULL on success)."""
        value = self._values[index]
        if not isinstance(value, int) or not value:
            raise _missing_output(f"handle in output {index}")
        return value


def error_from(status: int, err: c_void_p) -> YdrzError:
    """Builds the exception for a failed call from its error object (which may be NULL); frees it."""
    try:
        if err.value:
            message = _decode(lib.ydrz_error_message(err))
            platform_code = static_text(lib.ydrz_error_platform_code(err))
        else:
            message, platform_code = "(the library returned no error object)", None
    finally:
        lib.ydrz_error_free(err)
    name = _decode(lib.ydrz_status_name(status))
    return error_class(status)(as_status(status), name, platform_code, message)


def invoke(fn: Callable[..., int], *args: object, error_slot: bool = True) -> Outputs:
    """Calls ``fn(*args, &err)`` (``fn(*args)`` without ``error_slot``, for the calls that report a status
    only) with :data:`STR`/:data:`I32` replaced by output slots.

    Returns the outputs; raises the :class:`~ydrz.errors.YdrzError` subclass of a non-zero status. Returned
    strings are always freed.
    """
    slots: list[c_void_p | c_int32] = []
    call_args: list[object] = list(args)
    for i, arg in enumerate(call_args):
        if arg is STR or arg is I32 or arg is HANDLE:
            slot = c_void_p() if arg is STR else c_int32() if arg is I32 else _HandleSlot()
            slots.append(slot)
            call_args[i] = byref(slot)
    err = c_void_p()
    if error_slot:
        call_args.append(byref(err))
    try:
        status = fn(*call_args)
        if status or err.value:
            raise error_from(status, err)
        return Outputs(tuple([_output(slot) for slot in slots]))
    finally:
        for slot in slots:
            if slot.value and type(slot) is c_void_p:
                lib.ydrz_string_free(slot)


def _output(slot: c_void_p | c_int32) -> str | int | None:
    """The value of a filled output slot: an ``int`` (a handle's address), or the returned string decoded
    (``None`` for NULL)."""
    if isinstance(slot, c_int32):
        return slot.value
    if isinstance(slot, _HandleSlot):
        return slot.value
    return None if not slot.value else _decode(string_at(slot.value))


def create(load: Callable[..., int], *args: object) -> int:
    """Calls a ``*_new`` / ``*_load`` function as ``load(*args, &out, &err)`` and returns the new handle's
    address, which the caller must hand to a :class:`NativeHandle` at once."""
    out, err = c_void_p(), c_void_p()
    status = load(*args, byref(out), byref(err))
    if status != Status.OK or not out.value:
        raise error_from(status, err)
    address: int = out.value
    return address


H = TypeVar("H", bound="NativeHandle")


class _Slot:
    """The address of one native handle and the number of calls using it. Shared by the owning
    :class:`NativeHandle` and its finalizer, which must not refer to the owner."""

    __slots__ = ("address", "users", "closing", "lock", "idle", "free")

    def __init__(self, address: int, free: Callable[[int], None]):
        self.address: int | None = address
        self.users = 0
        self.closing = False  # set under ``lock`` by close(), which then waits on ``idle`` for ``users`` to reach 0
        self.lock = threading.Lock()  # guards the fields; taken directly on the per-call path (cheaper than ``idle``)
        self.idle = threading.Condition(self.lock)
        self.free = free


def _release(slot: _Slot, wait: bool) -> None:
    """Frees the handle once. With ``wait``, first waits for the calls using it; without (garbage collection,
    where no call can be running, or interpreter exit), leaves it to the OS if a thread is still in a call."""
    with slot.idle:
        if wait:
            slot.idle.wait_for(lambda: slot.users == 0)
        elif slot.users:
            return
        address, slot.address = slot.address, None
    if address is not None:
        slot.free(address)


class NativeHandle:
    """Owns one library handle: freed by :meth:`close` (idempotent), by ``with``, or at the latest when the
    object is garbage-collected (``weakref.finalize``).

    Thread safety: methods may run on many threads at once (the library handles are thread-safe and ctypes
    releases the GIL during calls). ``close()`` makes later calls raise :class:`~ydrz.errors.HandleClosed`,
    waits for calls already running on the handle, then frees it, so a handle is never used after it was
    freed. Copying returns the same object; pickling is refused.
    """

    _free: Callable[[int], None]  # the library's *_free function for this kind of handle

    def __init__(self, address: int):
        self._slot = _Slot(address, type(self)._free)
        self._closed = False
        self._finalizer = weakref.finalize(self, _release, self._slot, False)

    def _invoke(self, fn: Callable[..., int], *args: object, error_slot: bool = True) -> Outputs:
        """:func:`invoke` with this handle's address as the first argument, counted as a user of the handle for
        the duration of the call; raises :class:`HandleClosed` after ``close()``."""
        with self._borrowed() as address:
            return invoke(fn, address, *args, error_slot=error_slot)

    @contextmanager
    def _borrowed(self) -> Iterator[int]:
        """This handle's address, counted as a user of the handle while the ``with`` block runs; raises
        :class:`HandleClosed` after ``close()``."""
        slot = self._slot
        with slot.lock:
            if self._closed or slot.address is None:
                name = type(self).__name__
                raise HandleClosed(Status.E_NULL_ARG, "YDRZ_E_NULL_ARG", None, f"this {name} is closed")
            slot.users += 1
            address = slot.address
        try:
            yield address
        finally:
            with slot.lock:
                slot.users -= 1
                if slot.closing and not slot.users:
                    slot.idle.notify_all()

    def close(self) -> None:
        """Frees the native handle now. Idempotent; waits for calls running on it on other threads."""
        with self._slot.idle:
            self._closed = True  # no new call starts from here on
            self._slot.closing = True
        self._finalizer.detach()
        _release(self._slot, wait=True)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._closed

    def __enter__(self: H) -> H:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __copy__(self: H) -> H:
        return self

    def __deepcopy__(self: H, memo: dict[int, Any]) -> H:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError(f"a {type(self).__name__} holds a native handle and cannot be pickled")

    def __repr__(self) -> str:
        return f"<ydrz.{type(self).__name__} {'closed' if self.closed else 'open'}>"


def invoke_on(
    handle: NativeHandle | None, kind: type[NativeHandle], name: str, fn: Callable[..., int], *args: object
) -> Outputs:
    """:func:`invoke` with ``handle`` (a ``kind``, the parameter ``name``) borrowed as the first argument;
    ``None`` is passed on as NULL for the library to reject."""
    if handle is None:
        return invoke(fn, None, *args)
    if not isinstance(handle, kind):
        raise TypeError(f"{name} must be a ydrz.{kind.__name__}, not {type(handle).__name__}")
    return handle._invoke(fn, *args)
