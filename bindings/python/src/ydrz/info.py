"""What library is loaded."""

from __future__ import annotations

from . import _native
from ._ffi import constant_text, integer
from ._native import lib


def version() -> str:
    """The library version, e.g. "0.1.0"."""
    return constant_text(lib.ydrz_version())


def abi_version() -> int:
    """The library's ABI version (checked to be 1 when :mod:`ydrz` is imported)."""
    abi: int = lib.ydrz_abi_version()
    return abi


def library_path() -> str:
    """The library file that was loaded (or the name the dynamic loader resolved)."""
    return _native.path


def status_name(status: int) -> str:
    """The library's name of a status number, e.g. "YDRZ_E_KEY"; "YDRZ_UNKNOWN" for an unknown number."""
    return constant_text(lib.ydrz_status_name(integer(status, "status")))
