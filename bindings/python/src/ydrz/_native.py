"""Loading libydrz and declaring its C ABI (include/ydrz.h) for ctypes.

Every export the binding may call is listed in :data:`DECLARATIONS` with its exact ``restype`` and
``argtypes``; :data:`lib` exposes only those functions, so an undeclared (and therefore int-typed) call
cannot happen. ``tests/test_declarations.py`` checks the table against the library's exports and the header.

The library is looked for, in order: the file named by the environment variable ``YDRZ_LIBRARY``
(authoritative: when set, nothing else is tried), ``libydrz.so`` next to this package (``libydrz.dylib`` on
macOS, ``ydrz.dll`` on Windows: :data:`BUNDLED_NAME`), then the system
loader path (``ctypes.util.find_library("ydrz")`` and the SONAME ``libydrz.so.1``). Its ABI version must be
:data:`ABI_VERSION`; otherwise importing :mod:`ydrz` fails with :class:`LibraryLoadError`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import struct
import sys
import types
from ctypes import POINTER, c_char_p, c_int32, c_size_t, c_uint32, c_void_p
from pathlib import Path
from typing import Any

#: The ABI version this binding was written for (``YDRZ_ABI_VERSION`` in ydrz.h).
ABI_VERSION = 1

#: Environment variable naming the library file to load instead of searching.
LIBRARY_ENV = "YDRZ_LIBRARY"

#: The SONAME of ABI version 1.
SONAME = "libydrz.so.1"

#: The file name of the library a wheel bundles next to the package, per OS: the wheel's platform tag
#: (manylinux, musllinux, macosx, win_amd64) already chose the build, so only the OS's naming differs.
BUNDLED_NAME = {"darwin": "libydrz.dylib", "win32": "ydrz.dll"}.get(sys.platform, "libydrz.so")

_handle = c_void_p  # any opaque handle: ydrz_client *, ydrz_private_key *, ydrz_public_key *, ydrz_error *
_out_handle = POINTER(c_void_p)  # ydrz_x ** (the handle slot of *_new / *_load, and ydrz_error **err)
_out_string = POINTER(c_void_p)  # char ** (kept as a raw pointer so it can be passed to ydrz_string_free)
_text = c_char_p  # const char * input (NUL-terminated UTF-8, or NULL)

#: name -> (restype, argtypes), in the order of include/ydrz.h; ydrz_test_panic is deliberately absent.
DECLARATIONS: dict[str, tuple[Any, list[Any]]] = {
    "ydrz_client_new": (c_int32, [_text, _out_handle, _out_handle]),
    "ydrz_client_free": (None, [_handle]),
    "ydrz_client_jssdk_params": (c_int32, [_handle, _out_string, _out_handle]),
    "ydrz_client_presign_sign": (c_int32, [_handle, _text, _out_string, _out_handle]),
    "ydrz_client_onekey_validate": (
        c_int32,
        [_handle, _text, _text, _text, _out_string, _out_string, _out_handle],
    ),
    "ydrz_client_number_verify": (
        c_int32,
        [_handle, _text, _text, _text, _text, POINTER(c_int32), _out_string, _out_handle],
    ),
    "ydrz_client_app_login_validate": (
        c_int32,
        [_handle, _text, _text, _out_string, _out_string, _out_handle],
    ),
    "ydrz_client_app_number_verify": (
        c_int32,
        [_handle, _text, _text, _text, POINTER(c_int32), _out_string, _out_handle],
    ),
    "ydrz_client_onekey_begin": (c_int32, [_handle, _text, _text, _text, _out_handle, _out_handle]),
    "ydrz_client_number_verify_begin": (c_int32, [_handle, _text, _text, _text, _text, _out_handle, _out_handle]),
    "ydrz_client_app_login_begin": (c_int32, [_handle, _text, _text, _out_handle, _out_handle]),
    "ydrz_client_app_number_begin": (c_int32, [_handle, _text, _text, _text, _out_handle, _out_handle]),
    "ydrz_exchange_request": (c_int32, [_handle, _out_string, _out_handle]),
    "ydrz_exchange_finish": (c_int32, [_handle, c_int32, c_char_p, c_size_t, _out_string, _out_handle]),
    "ydrz_exchange_not_sent": (c_int32, [_handle]),
    "ydrz_exchange_free": (None, [_handle]),
    "ydrz_code_message": (c_char_p, [_text, _text, _text]),
    "ydrz_code_describe": (c_int32, [_text, _text, _text, _out_string, _out_handle]),
    "ydrz_mask_phone": (c_int32, [_text, _out_string, _out_handle]),
    "ydrz_version": (c_char_p, []),
    "ydrz_abi_version": (c_uint32, []),
    "ydrz_status_name": (c_char_p, [c_int32]),
    "ydrz_error_status": (c_int32, [_handle]),
    "ydrz_error_message": (c_char_p, [_handle]),
    "ydrz_error_platform_code": (c_char_p, [_handle]),
    "ydrz_error_free": (None, [_handle]),
    "ydrz_string_free": (None, [c_void_p]),
    "ydrz_private_key_load": (c_int32, [_text, _out_handle, _out_handle]),
    "ydrz_public_key_load": (c_int32, [_text, _out_handle, _out_handle]),
    "ydrz_private_key_free": (None, [_handle]),
    "ydrz_public_key_free": (None, [_handle]),
    "ydrz_key_generate": (c_int32, [c_uint32, _out_string, _out_string, _out_handle]),
    "ydrz_private_key_public_spki": (c_int32, [_handle, _out_string, _out_handle]),
    "ydrz_rsa_encrypt": (c_int32, [_handle, _text, _out_string, _out_handle]),
    "ydrz_rsa_decrypt": (c_int32, [_handle, _text, _out_string, _out_handle]),
    "ydrz_encrypt_phone": (c_int32, [_handle, _text, _text, _text, _out_string, _out_handle]),
    "ydrz_decrypt_msisdn": (c_int32, [_text, _text, _out_string, _out_handle]),
    "ydrz_jssdk_sign": (
        c_int32,
        [_text, _text, _text, _text, _text, _text, c_int32, _out_string, _out_handle],
    ),
    "ydrz_rsa_sign": (c_int32, [_handle, _text, c_int32, c_int32, _out_string, _out_handle]),
    "ydrz_rsa_verify": (c_int32, [_handle, _text, _text, c_int32, c_int32, _out_handle]),
    "ydrz_token_validate_sign": (
        c_int32,
        [_handle, _text, _text, _text, _text, _text, _out_string, _out_handle],
    ),
    "ydrz_presign_sign": (c_int32, [_handle, _text, _out_string, _out_handle]),
    "ydrz_app_login_md5_sign": (
        c_int32,
        [_text, _text, _text, _text, _text, _text, _text, c_int32, _out_string, _out_handle],
    ),
    "ydrz_app_number_sign_key_type0": (
        c_int32,
        [_text, _text, _text, _text, _text, _text, _text, _out_string, _out_string, _out_handle],
    ),
}


class LibraryLoadError(ImportError):
    """libydrz could not be loaded, or it is not the ABI version this binding was written for.

    The message names every place that was tried and what went wrong there.
    """


def _candidates() -> list[tuple[str, str]]:
    """The (description, name-or-path) pairs to try, in order."""
    override = os.environ.get(LIBRARY_ENV)
    if override:
        return [(f"${LIBRARY_ENV}", override)]
    found: list[tuple[str, str]] = [("next to the package", str(Path(__file__).with_name(BUNDLED_NAME)))]
    system = ctypes.util.find_library("ydrz")
    if system:
        found.append(('ctypes.util.find_library("ydrz")', system))
    found.append(("the dynamic loader's search path", SONAME))
    return found


#: ELF ``e_machine`` of each CPU the library is built for, by ``platform.machine()``.
_ELF_MACHINES = {"x86_64": 62, "amd64": 62, "aarch64": 183, "arm64": 183}
_ELF_MACHINE_NAMES = {62: "x86_64", 183: "aarch64", 3: "i386", 40: "arm"}


def check_elf(file: str) -> None:
    """Raises :class:`LibraryLoadError` unless ``file`` is a 64-bit little-endian ELF shared object for this CPU
    that holds all of its loadable segments (a truncated copy would be mapped and crash the process with SIGBUS
    on first use; a library of another CPU would be reported by the loader as "No such file or directory")."""
    try:
        with open(file, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            header = f.read(64)
            if header[:4] != b"\x7fELF":
                raise LibraryLoadError(f"{file} is not a shared library (no ELF header)")
            if len(header) < 64 or header[4] != 2 or header[5] != 1:
                raise LibraryLoadError(f"{file} is not a 64-bit little-endian ELF file")
            machine = struct.unpack_from("<H", header, 18)[0]
            host = platform.machine().lower()
            if _ELF_MACHINES.get(host, machine) != machine:
                built = _ELF_MACHINE_NAMES.get(machine, f"ELF machine {machine}")
                raise LibraryLoadError(f"{file} is built for {built}, but this machine is {host}")
            phoff, phentsize, phnum = (struct.unpack_from("<Q", header, 32)[0], *struct.unpack_from("<HH", header, 54))
            f.seek(phoff)
            table = f.read(phentsize * phnum)
    except OSError as e:
        raise LibraryLoadError(f"{file}: {e.strerror}") from None
    if len(table) < phentsize * phnum or phentsize < 56:
        raise LibraryLoadError(f"{file} is truncated ({size} bytes): its program headers are cut off")
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", table, i * phentsize)
        if p_type == 1 and p_offset + p_filesz > size:
            raise LibraryLoadError(
                f"{file} is truncated: it has {size} bytes, but its loadable segments need {p_offset + p_filesz} "
                "(an interrupted copy?); copy or reinstall the library again"
            )


def _open() -> tuple[ctypes.CDLL, str]:
    """Loads the first candidate that opens; the error lists every attempt."""
    tried = []
    for where, name in _candidates():
        if os.sep in name and not os.path.exists(name):
            tried.append(f"  - {where}: {name}: no such file")
            continue
        try:
            if os.sep in name and sys.platform.startswith("linux"):
                check_elf(name)
            return ctypes.CDLL(name), name
        except LibraryLoadError as e:
            tried.append(f"  - {where}: {e}")
        except OSError as e:
            tried.append(f"  - {where}: {name}: {e}")
    if LIBRARY_ENV not in os.environ:
        tried.append(f"  - ${LIBRARY_ENV}: not set")
    raise LibraryLoadError(
        "cannot load libydrz; tried:\n"
        + "\n".join(tried)
        + f"\nSet {LIBRARY_ENV} to the libydrz.so to use, reinstall the ydrz wheel for this platform (it carries "
        "the library), or install the library on the loader path."
    )


def check_abi(found: int, path: str) -> None:
    """Raises :class:`LibraryLoadError` unless ``found`` (the library's ABI version) is :data:`ABI_VERSION`."""
    if found != ABI_VERSION:
        raise LibraryLoadError(
            f"{path} has ABI version {found}, but this ydrz package was written for ABI version {ABI_VERSION}; "
            "install the ydrz Python package that matches the library (or the library that matches the package)"
        )


def _declare(cdll: ctypes.CDLL, path: str) -> types.SimpleNamespace:
    """Checks the ABI version first (so a foreign library fails clearly), then declares every function."""
    try:
        abi = cdll.ydrz_abi_version
    except AttributeError:
        raise LibraryLoadError(f"{path} is not libydrz: it does not export ydrz_abi_version") from None
    abi.restype, abi.argtypes = DECLARATIONS["ydrz_abi_version"]
    check_abi(abi(), path)
    functions = {}
    for name, (restype, argtypes) in DECLARATIONS.items():
        try:
            fn = getattr(cdll, name)
        except AttributeError:
            raise LibraryLoadError(f"{path} (ABI {ABI_VERSION}) does not export {name}") from None
        fn.restype, fn.argtypes = restype, argtypes
        functions[name] = fn
    return types.SimpleNamespace(**functions)


#: What was loaded: a file path, or a library name that the dynamic loader resolved.
path: str
_cdll, path = _open()

#: The declared functions of the loaded library (attribute access to anything undeclared fails).
lib = _declare(_cdll, path)
