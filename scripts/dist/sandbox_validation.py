#!/usr/bin/env python3
"""Runs a released CLI as a developer would on a laptop: `ydrz sandbox`, then `ydrz validate` of a fresh
one-click token against it, both with the binary under test (through a runner such as wine or qemu).

Usage: sandbox_validation.py [runner ...] <ydrz binary>
Passes when the sandbox prints its info line, the validation exits 0 and returns the phone number the token
was issued for; prints one line and exits 1 otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

PHONE = "13800138000"
TIMEOUT = 120


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    command = sys.argv[1:]
    sandbox = subprocess.Popen([*command, "sandbox", "--port", "0", "--exit-on-stdin-eof"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert sandbox.stdin is not None and sandbox.stdout is not None
    try:
        line = sandbox.stdout.readline()
        if not line:
            raise SystemExit(f"sandbox_validation: {' '.join(command)} sandbox printed no info line")
        info = json.loads(line)
        demo = next(app for app in info["apps"] if app["name"] == "demo")
        request = urllib.request.Request(
            info["control_url"] + "/token", headers={"Content-Type": "application/json"},
            data=json.dumps({"app_id": demo["app_id"], "phone": PHONE, "product": "onekey"}).encode())
        with urllib.request.urlopen(request, timeout=30) as response:
            token = json.loads(response.read())
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.json"
            config.write_text(json.dumps(info["client_config"]))
            done = subprocess.run([*command, "validate", "--config", str(config), "--show-phone", "--json",
                                   "--token", token["token"], "--user-information", token["userInformation"]],
                                  capture_output=True, text=True, timeout=TIMEOUT)
        if done.returncode != 0 or PHONE not in done.stdout:
            raise SystemExit(f"sandbox_validation: validate exited {done.returncode}: {done.stdout}{done.stderr}")
        print(f"sandbox_validation: {' '.join(command)}: sandbox and validate work ({PHONE} validated)")
    finally:
        sandbox.stdin.close()
        try:
            sandbox.wait(timeout=30)
        except subprocess.TimeoutExpired:
            sandbox.kill()


if __name__ == "__main__":
    main()
