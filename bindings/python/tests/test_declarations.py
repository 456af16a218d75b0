"""The ctypes declarations cannot drift from the library or the ABI manifest include/ydrz.abi.json (generated with
the header from src/ffi; ffi-style §3: pointer truncation)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from ctypes import POINTER, c_char_p, c_int32, c_size_t, c_uint32, c_void_p
from pathlib import Path

import pytest

import ydrz
from ydrz import _native
from ydrz._native import DECLARATIONS, lib

from conftest import MANIFEST

TEST_ONLY = {"ydrz_test_panic"}
PACKAGE = Path(ydrz.__file__).parent


def exports() -> set[str]:
    """The ydrz_* functions the loaded library exports (nm -D --defined-only)."""
    nm = shutil.which("nm")
    assert nm, "nm (binutils) is needed to list the library's exports"
    out = subprocess.run([nm, "-D", "--defined-only", ydrz.library_path()], check=True, capture_output=True, text=True)
    return {line.split()[-1] for line in out.stdout.splitlines() if line.split()[-1:][0].startswith("ydrz_")}


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def header_prototypes() -> dict[str, tuple[str, list[str]]]:
    """name -> (return type, [parameter types]) of every function in the ABI manifest."""
    squeeze = lambda c_type: c_type.replace(" *", "*")  # noqa: E731 - "char **" -> "char**"
    return {
        f["name"]: (squeeze(f["returns"]["c_type"]), [squeeze(p["c_type"]) for p in f["params"]])
        for f in manifest()["functions"]
    }


def expected_ctype(c_type: str) -> object:
    """The ctypes type a C type of the header must be declared with."""
    if c_type in ("const char*", "const uint8_t*"):
        return c_char_p
    if c_type in ("char**",) or re.fullmatch(r"ydrz_\w+\*\*", c_type):
        return POINTER(c_void_p)
    if c_type in ("char*",) or re.fullmatch(r"(const )?ydrz_\w+\*", c_type):
        return c_void_p
    return {"int32_t": c_int32, "uint32_t": c_uint32, "size_t": c_size_t, "int32_t*": POINTER(c_int32), "void": None}[
        c_type
    ]


def test_every_export_is_declared_and_every_declaration_is_exported():
    assert set(DECLARATIONS) == exports() - TEST_ONLY


def test_the_manifest_lists_exactly_the_exports():
    assert set(header_prototypes()) - TEST_ONLY == exports() - TEST_ONLY


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_declared_types_match_the_header(name):
    ret, params = header_prototypes()[name]
    restype, argtypes = DECLARATIONS[name]
    # const char * results are static or owned by an error object (never freed by the caller): c_char_p
    # copies them at once. char ** outputs stay raw pointers so they can be passed to ydrz_string_free.
    assert restype == expected_ctype(ret), ret
    assert argtypes == [expected_ctype(p) for p in params], params


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_the_loaded_functions_carry_the_declarations(name):
    fn = getattr(lib, name)
    restype, argtypes = DECLARATIONS[name]
    assert fn.restype == restype and fn.argtypes == argtypes


def test_nothing_undeclared_is_reachable_or_called():
    with pytest.raises(AttributeError):
        lib.ydrz_test_panic  # noqa: B018 - exists only with --features ffi-testing, never declared
    calls = set()
    for source in PACKAGE.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        calls |= set(re.findall(r"\blib\.(ydrz_\w+)", text))
        assert not re.search(r"\b(?:CDLL|cdll)\s*\.\s*ydrz_(?!abi_version\b)", text), source
    assert calls, "the scan found no calls at all"
    assert calls <= set(DECLARATIONS), calls - set(DECLARATIONS)


def test_constants_match_the_manifest():
    data = manifest()
    statuses = {c["name"]: c["value"] for c in data["statuses"]}
    defines = {c["name"]: c["value"] for c in data["constants"]}
    assert statuses == {f"YDRZ_{s.name}": s.value for s in ydrz.Status}
    assert {k[len("YDRZ_ENCODING_") :]: v for k, v in defines.items() if k.startswith("YDRZ_ENCODING_")} == {
        e.name: e.value for e in ydrz.Encoding
    }
    assert {k[len("YDRZ_SIGN_") :]: v for k, v in defines.items() if k.startswith("YDRZ_SIGN_")} == {
        a.name: a.value for a in ydrz.SignAlgorithm
    }
    assert defines["YDRZ_ABI_VERSION"] == _native.ABI_VERSION == ydrz.abi_version()
