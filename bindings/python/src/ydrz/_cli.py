"""The ``ydrz`` command a wheel installs: the package's own ``ydrz`` executable (``ydrz sandbox``,
``ydrz doctor``, ``ydrz explain``, ...), run in place of this process with the same arguments."""

from __future__ import annotations

import os
import sys

from .testing import bundled_executable


def main() -> None:
    try:
        executable = bundled_executable()
    except FileNotFoundError as e:
        sys.exit(f"ydrz: {e}")
    os.execv(executable, [executable, *sys.argv[1:]])
