"""Checks that COMMAND starts the sandbox from the shell with no path given: ``COMMAND sandbox --port 0
--exit-on-stdin-eof`` prints its info line (a loopback base URL) and exits 0 at the end of its standard input.

Usage: python3 shell_sandbox.py COMMAND [ARG...]   (e.g. npx --no-install ydrz; vendor/bin/ydrz)
Used by the consumer tests (package_test.py imports ``started``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def started(command: Sequence[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[bool, str]:
    """(whether ``command sandbox`` printed a loopback base URL and exited 0, what it printed)."""
    done = subprocess.run([str(c) for c in command] + ["sandbox", "--port", "0", "--exit-on-stdin-eof"], cwd=cwd,
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    line = done.stdout.splitlines()[0] if done.stdout else ""
    try:
        base_url = json.loads(line).get("base_url", "")
    except json.JSONDecodeError:
        base_url = ""
    ok = done.returncode == 0 and base_url.startswith("http://127.0.0.1:")
    return ok, f"exit {done.returncode}: {line[:200]} {done.stderr[-500:]}"


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ok, detail = started(sys.argv[1:])
    print(f"{' '.join(sys.argv[1:])} sandbox: {detail[:100]}...")
    if not ok:
        sys.exit(f"{' '.join(sys.argv[1:])} sandbox did not start: {detail}")
