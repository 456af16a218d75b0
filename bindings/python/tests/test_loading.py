"""Finding the library, refusing a wrong one, and saying where it looked (each case in a fresh interpreter)."""

from __future__ import annotations

import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ydrz

from conftest import REPO

PACKAGE = Path(ydrz.__file__).parent
LIBRARY = Path(ydrz.library_path())


def run_import(env: dict[str, str], cwd: Path, code: str = "import ydrz; print(ydrz.library_path())"):
    """Imports ydrz in a new interpreter with exactly ``env`` (plus PATH) and returns the finished process."""
    env = {"PATH": os.environ.get("PATH", ""), **env}
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A copy of the installed package without any library next to it; returns the directory to put on PYTHONPATH."""
    shutil.copytree(PACKAGE, tmp_path / "ydrz", ignore=shutil.ignore_patterns("libydrz.so*", "__pycache__"))
    return tmp_path


def test_the_override_is_used(package_copy):
    done = run_import({"PYTHONPATH": str(package_copy), "YDRZ_LIBRARY": str(LIBRARY)}, package_copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(LIBRARY)


def test_a_missing_override_is_an_error_and_nothing_else_is_tried(package_copy):
    shutil.copy(LIBRARY, package_copy / "ydrz" / "libydrz.so")
    done = run_import({"PYTHONPATH": str(package_copy), "YDRZ_LIBRARY": "/nonexistent/libydrz.so"}, package_copy)
    assert done.returncode != 0
    assert "LibraryLoadError" in done.stderr
    assert "$YDRZ_LIBRARY: /nonexistent/libydrz.so: no such file" in done.stderr


def test_the_copy_next_to_the_package_is_found(package_copy):
    shutil.copy(LIBRARY, package_copy / "ydrz" / "libydrz.so")
    done = run_import({"PYTHONPATH": str(package_copy)}, package_copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(package_copy / "ydrz" / "libydrz.so")


def test_the_system_path_is_searched_by_soname(package_copy, tmp_path):
    libdir = tmp_path / "lib"
    libdir.mkdir()
    shutil.copy(LIBRARY, libdir / "libydrz.so")
    (libdir / "libydrz.so.1").symlink_to("libydrz.so")
    done = run_import({"PYTHONPATH": str(package_copy), "LD_LIBRARY_PATH": str(libdir)}, package_copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in {"libydrz.so.1", ctypes.util.find_library("ydrz")}


def test_the_error_names_every_place_tried(package_copy):
    assert ctypes.util.find_library("ydrz") is None, "libydrz is installed system-wide; this test needs it absent"
    done = run_import({"PYTHONPATH": str(package_copy)}, package_copy)
    assert done.returncode != 0
    message = done.stderr
    assert "cannot load libydrz; tried:" in message
    assert f"next to the package: {package_copy / 'ydrz' / 'libydrz.so'}: no such file" in message
    assert "the dynamic loader's search path: libydrz.so.1:" in message
    assert "$YDRZ_LIBRARY: not set" in message


def test_a_foreign_library_is_refused(package_copy):
    libc = ctypes.util.find_library("c")
    assert libc
    done = run_import({"PYTHONPATH": str(package_copy), "YDRZ_LIBRARY": libc}, package_copy)
    assert done.returncode != 0
    assert f"{libc} is not libydrz: it does not export ydrz_abi_version" in done.stderr


def test_another_abi_version_is_refused(package_copy, tmp_path):
    cc = shutil.which("cc")
    assert cc, "a C compiler (cc) is needed to build the fake library of this test"
    source = tmp_path / "fake.c"
    source.write_text("unsigned int ydrz_abi_version(void) { return 2; }\n")
    fake = tmp_path / "libydrz-abi2.so"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(fake), str(source)], check=True)
    done = run_import({"PYTHONPATH": str(package_copy), "YDRZ_LIBRARY": str(fake)}, package_copy)
    assert done.returncode != 0
    assert f"{fake} has ABI version 2, but this ydrz package was written for ABI version 1" in done.stderr


def test_the_loaded_library_reports_abi_1_and_the_crate_version():
    assert ydrz.abi_version() == ydrz.ABI_VERSION == 1
    crate = re.search(r'(?m)^version = "([^"]+)"', (REPO / "Cargo.toml").read_text()).group(1)
    assert ydrz.version() == crate
    assert ydrz.__version__ == crate


def test_the_bundled_copy_comes_before_the_system_one(package_copy, tmp_path):
    shutil.copy(LIBRARY, package_copy / "ydrz" / "libydrz.so")
    libdir = tmp_path / "lib"
    libdir.mkdir()
    shutil.copy(LIBRARY, libdir / "libydrz.so.1")
    done = run_import({"PYTHONPATH": str(package_copy), "LD_LIBRARY_PATH": str(libdir)}, package_copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(package_copy / "ydrz" / "libydrz.so")


def test_a_truncated_or_foreign_cpu_library_is_refused_with_its_reason(package_copy, tmp_path):
    bad = tmp_path / "bad"
    subprocess.run([str(REPO / "tests" / "loading" / "bad-libraries.sh"), str(LIBRARY), str(bad)], check=True)
    truncated = bad / "truncated.so"
    done = run_import({"PYTHONPATH": str(package_copy), "YDRZ_LIBRARY": str(truncated)}, package_copy)
    assert done.returncode == 1, f"the interpreter died ({done.returncode}): {done.stderr}"
    assert re.search(
        rf"{re.escape(str(truncated))} is truncated: it has \d+ bytes, but its loadable segments need \d+ "
        r"\(an interrupted copy\?\)",
        done.stderr,
    ), done.stderr
    foreign = bad / "foreign-arch.so"
    done = run_import({"PYTHONPATH": str(package_copy), "YDRZ_LIBRARY": str(foreign)}, package_copy)
    other = "aarch64" if os.uname().machine == "x86_64" else "x86_64"
    assert f"{foreign} is built for {other}, but this machine is {os.uname().machine}" in done.stderr, done.stderr
    assert "No such file" not in done.stderr


def test_the_error_does_not_send_users_to_cargo(package_copy):
    done = run_import({"PYTHONPATH": str(package_copy), "YDRZ_LIBRARY": "/nonexistent/libydrz.so"}, package_copy)
    assert done.returncode != 0
    assert "cargo" not in done.stderr
    assert "reinstall the ydrz wheel for this platform" in done.stderr
