"""A user's program for the installed ydrz wheel (run by scripts/package/package_test.py from a directory
outside the repository, in a fresh virtual environment): checks the version, that the bundled library is the
one loaded, a jssdk sign against its test vector, a one-click validation against a running sandbox, and one
against the sandbox the wheel carries, started with no path given (ydrz.testing.Sandbox.start()).

Arguments: VERSION APP_ID APP_KEY TRACE_ID TIMESTAMP SIGN_VERSION BUSINESS_TYPE EXPECTED_SIGN
           CLIENT_CONFIG_JSON TOKEN USER_INFORMATION PHONE
"""

import sys
from pathlib import Path

import ydrz
from ydrz.testing import Sandbox


def check(what: str, got: object, expected: object) -> None:
    if got != expected:
        sys.exit(f"FAIL {what}: got {got!r}, expected {expected!r}")
    print(f"ok {what}")


def main(args: list[str]) -> None:
    (version, app_id, app_key, trace_id, timestamp, sign_version, business_type, expected_sign,
     client_config, token, user_information, phone) = args
    check("ydrz.__version__", ydrz.__version__, version)
    check("library version", ydrz.version(), version)
    check("bundled library loaded", Path(ydrz.library_path()).parent, Path(ydrz.__file__).parent)
    check("jssdk sign", ydrz.jssdk_sign(app_id, app_key, trace_id, timestamp, sign_version, business_type),
          expected_sign)
    with ydrz.Client(client_config) as client:
        check("one-click validation", client.onekey_validate(token, user_information).phone, phone)
    with Sandbox.start() as sandbox, sandbox.client() as client:
        check("the wheel's sandbox is its own executable", Path(sandbox.process.args[0]).parent.parent,
              Path(ydrz.__file__).parent)
        issued = sandbox.token("onekey", phone)
        check("one-click validation against the wheel's sandbox",
              client.onekey_validate(issued["token"], issued["userInformation"]).phone, phone)


if __name__ == "__main__":
    main(sys.argv[1:])
