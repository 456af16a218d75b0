#!/usr/bin/env python3
"""The whole flow in a browser: headless Chromium (Debian's chromium + chromedriver, driven by Selenium) opens
the sandbox's page /_sandbox/demo, which plays the mini-program's part against an example backend: jssdk
parameters from the backend, a token from the sandbox as YDRZ.getTokenInfo would give it, /api/login (masked
phone, session cookie), the same token again (refused), /api/verify-number with the device's number (matched)
and with a wrong one (not matched). Runs against two backends; the steps of the first are saved as screenshots
in target/browser-flow/, or with YDRZ_WRITE_DOCS=1 (`make browser-screenshots`) in docs/browser-flow/, the
ones README "The flow in a browser" shows (a test run leaves the committed images alone).

Usage: .tools/browser-venv/bin/python tests/browser/flow_test.py [BACKEND BACKEND]  (default: fastapi go)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples" / "backends"))
from test_backends import OTHER_PHONE, Backend, Sandbox, check, failures  # noqa: E402

SCREENSHOTS = REPO / ("docs" if os.environ.get("YDRZ_WRITE_DOCS") == "1" else "target") / "browser-flow"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=820,1100")
# (step, button, what its outcome must contain, outcome state, screenshot name)
STEPS = (
    ("params", "params-button", "sign ", "done", "1-jssdk-params"),
    ("login", "login-button", "logged in as 138****8000", "done", "2-login"),
    ("reuse", "reuse-button", "HTTP 409 token_reused", "refused", "3-same-token-again"),
    ("verify", "verify-button", "13800138000 IS the device's number: matched", "done", "4-verify-own-number"),
    ("wrong", "wrong-button", f"{OTHER_PHONE} is NOT the device's number: not matched", "done", "5-verify-wrong-number"),
)


def browser(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def flow(driver: webdriver.Chrome, sandbox: Sandbox, backend: Backend, screenshots: Path | None) -> None:
    driver.get(f"{sandbox.info['base_url']}/_sandbox/demo?backend={backend.url}")
    driver.delete_all_cookies()  # cookies ignore the port: the previous backend's session is on 127.0.0.1 too
    name = backend.name
    for step, button, expected, state, shot in STEPS:
        section = driver.find_element(By.ID, f"step-{step}")
        driver.find_element(By.ID, button).click()
        WebDriverWait(driver, 30).until(lambda d: section.get_attribute("data-state"))
        text = driver.find_element(By.ID, f"{step}-out").text
        check(f"{name} in the browser: step {step} shows {expected!r}",
              section.get_attribute("data-state") == state and expected in text, text)
        if step == "params":
            check(f"{name} in the browser: the parameters are the sandbox app's",
                  f"appId {sandbox.config['app_id']}" in text, text)
        if step == "login":
            cookies = {c["name"]: c for c in driver.get_cookies()}
            check(f"{name} in the browser: the backend's session cookie is HttpOnly",
                  cookies.get("session", {}).get("httpOnly") is True, cookies)
            check(f"{name} in the browser: the page script cannot read the session cookie",
                  "session=" not in driver.execute_script("return document.cookie"))
        if screenshots is not None:
            path = screenshots / f"{shot}.png"
            driver.save_screenshot(str(path))
            check(f"screenshot {path.relative_to(REPO)}", path.stat().st_size > 10_000)


def main() -> None:
    names = sys.argv[1:] or ["fastapi", "go"]
    sandbox = Sandbox()
    backends = [Backend(name, sandbox, origin=sandbox.info["base_url"]) for name in names]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="ydrz-chromium-") as profile:
            driver = browser(profile)
            try:
                for index, backend in enumerate(backends):
                    if check(f"{backend.name}: run.sh listens on $PORT", backend.wait_ready()):
                        flow(driver, sandbox, backend, SCREENSHOTS if index == 0 else None)
            finally:
                driver.quit()
    finally:
        for backend in backends:
            backend.stop()
        sandbox.close()
    print(f"browser flow: {len(names)} backends, {len(failures)} failed checks" + (f": {failures}" if failures else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
