"""What library is loaded."""

from __future__ import annotations

from . import _native
from ._ffi import integer, static_text
from ._native import lib


def version() -> str:
    """The library version, e.g. "0.1.0"."""
    return static_text(lib.ydrz_version())


def abi_version() -> int:
    """The library's ABI version (checked to be 1 when :mod:`ydrz` is imported)."""
    return lib.ydrz_abi_version()


def library_path() -> str:
    """The library file that was loaded (or the name the dynamic loader resolved)."""
    return _native.path


def status_name(status: int) -> str:
    """The library's name of a status number, e.g. "YDRZ_E_KEY"; "YDRZ_UNKNOWN" for an unknown number."""
    return static_text(lib.ydrz_status_name(integer(status, "status")))
