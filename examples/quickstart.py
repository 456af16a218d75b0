#!/usr/bin/env python3
"""ydrz quickstart (Python): jssdk parameters, one-click login and number verification.

Against the sandbox (default): starts `ydrz sandbox` as a subprocess, asks its control endpoint for tokens
(what the mini-program's jssdk would hand to your front end), and validates them.

    cargo build --release --lib --bin ydrz
    python3 examples/quickstart.py

Against the real platform: put your app's configuration in a JSON file — the same keys as the sandbox's
`client_config` (app_id, app_key, private_key, platform_public_key) but WITHOUT `base_url` (the default is
https://www.cmpassport.com) — and pass the tokens your front end received from the jssdk:

    python3 examples/quickstart.py --config my-app.json --token T --user-information U \
        [--verify-token T2 --verify-user-information U2 --phone 1xxxxxxxxxx]

With the release wheel installed, it needs nothing else: `python quickstart.py` (the wheel carries the library
and the sandbox). In a checkout: YDRZ_LIBRARY (libydrz.so; default <repo>/target/release/libydrz.so when
built), YDRZ_BIN (the ydrz executable for the sandbox; default <repo>/target/release/ydrz when built, else the
installed package's). Uses the installed `ydrz` package, or the one in this repository when none is installed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if (REPO / "target" / "release" / "libydrz.so").is_file():  # in a built checkout; a wheel brings its own
    os.environ.setdefault("YDRZ_LIBRARY", str(REPO / "target" / "release" / "libydrz.so"))
try:
    import ydrz
except ModuleNotFoundError:  # not installed: use the package in this repository
    sys.path.insert(0, str(REPO / "bindings" / "python" / "src"))
    import ydrz
from ydrz.testing import Sandbox  # noqa: E402 (after choosing where ydrz comes from)

SANDBOX_PHONE = "13800138000"


def run(client: ydrz.Client, login: tuple[str, str], verify: tuple[str, str, str] | None) -> None:
    """The three steps of an integration, with errors reported as an integrator would."""
    params = client.jssdk_params()
    print(
        f"1. jssdk params for YDRZ.getTokenInfo: appId={params['appId']} traceId={params['traceId']} "
        f"timestamp={params['timestamp']} sign={params['sign'][:8]}…"
    )
    try:
        result = client.onekey_validate(*login)
        print(f"2. one-click login: phone {ydrz.mask_phone(result.phone)} (resultCode {result.details['resultCode']})")
    except ydrz.PlatformError as e:
        print(f"2. one-click login refused: {e.platform_code} {ydrz.code_message(e.platform_code) or ''}")
    if verify is None:
        print("3. number verification: skipped (no --verify-token)")
        return
    try:
        verified = client.number_verify(*verify)
        print(
            f"3. number verification of {ydrz.mask_phone(verify[2])}: "
            f"{'is' if verified.matched else 'is NOT'} the device's own number"
        )
    except ydrz.PlatformError as e:
        print(f"3. number verification refused: {e.platform_code} {ydrz.code_message(e.platform_code) or ''}")


def sandbox_demo() -> None:
    built = REPO / "target" / "release" / "ydrz"
    # $YDRZ_BIN, else a built checkout's, else the one the installed wheel carries.
    binary = os.environ.get("YDRZ_BIN") or (str(built) if built.is_file() else None)
    with Sandbox.start(binary) as sandbox, sandbox.client() as client:
        print(f"sandbox at {sandbox.base_url} (ydrz {ydrz.version()})")
        login = sandbox.token("onekey", SANDBOX_PHONE)  # what the jssdk gives the front end
        check = sandbox.token("number_verify", SANDBOX_PHONE)
        run(
            client,
            (login["token"], login["userInformation"]),
            (check["token"], check["userInformation"], SANDBOX_PHONE),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, help="client configuration JSON for the real platform")
    parser.add_argument("--token", help="one-click login token from the jssdk")
    parser.add_argument("--user-information", help="userInformation from the jssdk, exactly as received")
    parser.add_argument("--verify-token", help="number-verification token from the jssdk")
    parser.add_argument("--verify-user-information", help="its userInformation")
    parser.add_argument("--phone", help="the number the user typed, for number verification")
    args = parser.parse_args()
    if args.config is None:
        sandbox_demo()
        return
    if not (args.token and args.user_information):
        parser.error("--config needs --token and --user-information")
    verify = None
    if args.verify_token:
        if not (args.verify_user_information and args.phone):
            parser.error("--verify-token needs --verify-user-information and --phone")
        verify = (args.verify_token, args.verify_user_information, args.phone)
    with ydrz.Client(args.config.read_text(encoding="utf-8")) as client:
        run(client, (args.token, args.user_information), verify)


if __name__ == "__main__":
    try:
        main()
    except ydrz.YdrzError as e:
        sys.exit(f"error: {e}")
