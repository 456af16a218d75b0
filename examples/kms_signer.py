#!/usr/bin/env python3
"""ydrz with the customer private key in a cloud KMS (Python, asyncio): the key never enters this process.

The client is configured with ``"signer": "external"`` and the app's registered public key instead of
``private_key``. ydrz.AsyncClient then asks the :class:`KmsSigner` below for each private-key operation: the
signature of every request (SHA256withRSA, or MD5withRSA for number verification), and for an App login in RSA
mode the decryption of the msisdn. Each signature is checked against the public key before the request exists,
so a KMS call with the wrong key or algorithm raises ydrz.InvalidSignature and nothing is sent.

Against the sandbox (default), with a stand-in for the KMS that signs with the sandbox app's key held here:

    cargo build --release --lib --bin ydrz
    python3 examples/kms_signer.py

For the real platform, replace the bodies of the two functions marked STUB with your KMS SDK's calls, and
configure the client with your app (without base_url). An HSM reached through PKCS#11 is the same pattern
with a blocking signer: bindings/python/tests/test_hsm.py (SoftHSM2, python-pkcs11).

Needs aiohttp (``pip install "ydrz[async]"``). Environment in a checkout: as examples/quickstart.py
(YDRZ_LIBRARY, YDRZ_BIN).
"""

from __future__ import annotations

import asyncio
import base64
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

#: The KMS key version that holds the customer private key (its public key is registered with the platform).
KEY_NAME = "projects/my-project/locations/global/keyRings/ydrz/cryptoKeys/customer/cryptoKeyVersions/1"

#: Only for running this example without a KMS: key name -> the sandbox app's key, which stands in for the KMS.
STAND_IN_KEYS: dict[str, ydrz.PrivateKey] = {}


async def kms_sign(key_name: str, algorithm: ydrz.SignAlgorithm, message: bytes) -> bytes:
    """STUB: your KMS SDK's asymmetric-sign call goes here. Returns the raw RSA PKCS#1 v1.5 signature of
    ``message`` (the exact bytes; most KMS APIs take their digest, so hash them first).

    SHA256withRSA is every KMS's RSA PKCS#1 v1.5 SHA-256 signature: Google Cloud KMS RSA_SIGN_PKCS1_*_SHA256
    (``asymmetric_sign(name=key_name, digest={"sha256": hashlib.sha256(message).digest()})``), AWS KMS
    RSASSA_PKCS1_V1_5_SHA_256, Azure Key Vault RS256. MD5withRSA (number verification, preSign) is offered by
    few: sign the DER DigestInfo of the MD5 digest with a raw PKCS#1 v1.5 key (Cloud KMS RSA_SIGN_RAW_PKCS1_*,
    Azure Managed HSM RSNULL).
    """
    key = STAND_IN_KEYS[key_name]  # the stand-in: a local key instead of the network call
    return base64.b64decode(ydrz.rsa_sign(key, message, algorithm, ydrz.Encoding.BASE64))


async def kms_decrypt(key_name: str, block: bytes) -> bytes:
    """STUB: your KMS SDK's asymmetric-decrypt call goes here, with RSA PKCS#1 v1.5 padding (Azure Key Vault
    RSA1_5; an HSM's CKM_RSA_PKCS). Returns the plaintext of one RSA block.

    Needed only for App login in RSA mode. A KMS that decrypts with OAEP only (Google Cloud KMS, AWS KMS) cannot
    do it: keep that key (应用公钥2) in the configuration as ``app_login.msisdn_private_key`` instead, or use
    App login's md5 mode.
    """
    key = STAND_IN_KEYS[key_name]  # the stand-in: a local key instead of the network call
    return ydrz.rsa_decrypt(key, base64.b64encode(block).decode("ascii")).encode("utf-8")


class KmsSigner:
    """A :class:`ydrz.AsyncSigner`: the private-key operations of one KMS key."""

    def __init__(self, key_name: str):
        self.key_name = key_name

    async def sign(self, algorithm: ydrz.SignAlgorithm, data: bytes) -> bytes:
        return await kms_sign(self.key_name, algorithm, data)

    async def decrypt(self, block: bytes) -> bytes:
        return await kms_decrypt(self.key_name, block)


async def validate(config: dict, sandbox: Sandbox) -> None:
    """One-click login, number verification and App login (RSA mode), each signed by the KMS."""
    async with ydrz.AsyncClient(config, signer=KmsSigner(KEY_NAME)) as client:
        token = sandbox.token("onekey", SANDBOX_PHONE)  # what the jssdk gives the front end
        login = await client.onekey_validate(token["token"], token["userInformation"])
        print(f"1. one-click login: phone {ydrz.mask_phone(login.phone)}")
        token = sandbox.token("number_verify", SANDBOX_PHONE)
        verified = await client.number_verify(token["token"], token["userInformation"], SANDBOX_PHONE)
        print(f"2. number verification: {'is' if verified.matched else 'is NOT'} the device's own number")
        app_login = await client.app_login_validate(sandbox.token("app_login", SANDBOX_PHONE)["token"])
        print(f"3. App login (RSA mode, msisdn decrypted by the KMS): phone {ydrz.mask_phone(app_login.phone)}")


def main() -> None:
    built = REPO / "target" / "release" / "ydrz"
    binary = os.environ.get("YDRZ_BIN") or (str(built) if built.is_file() else None)
    with Sandbox.start(binary) as sandbox:
        print(f"sandbox at {sandbox.base_url} (ydrz {ydrz.version()}); the private key is in the (stand-in) KMS")
        STAND_IN_KEYS[KEY_NAME] = ydrz.PrivateKey(sandbox.demo["customer_private_key"])
        config = {key: value for key, value in sandbox.client_config.items() if key != "private_key"}
        config.update(signer="external", public_key=sandbox.demo["customer_public_key"], app_login={"mode": "rsa"})
        asyncio.run(validate(config, sandbox))


if __name__ == "__main__":
    main()
