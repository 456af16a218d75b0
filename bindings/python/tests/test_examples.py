"""The repository's Python examples run against the sandbox with the package under test, so they cannot rot."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_the_kms_signer_example_validates_every_flow_with_its_signer():
    run = subprocess.run(
        [sys.executable, str(REPO / "examples" / "kms_signer.py")], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[1:] == [
        "1. one-click login: phone 138****8000",
        "2. number verification: is the device's own number",
        "3. App login (RSA mode, msisdn decrypted by the KMS): phone 138****8000",
    ], run.stdout
