"""A real HSM: SoftHSM2 holds the sandbox app's private key, and clients configured without it
(``"signer": "external"`` with the app's public key) sign and decrypt through PKCS#11 (python-pkcs11) against the
sandbox process, with the blocking exchange and with ydrz.AsyncClient.

Each session makes a fresh token in a temporary directory (its own SOFTHSM2_CONF, set only while the tests run)
and imports the key with ``softhsm2-util --import``, as an operator would. SoftHSM2 is Debian's softhsm2
(scripts/setup.sh installs it); ``SOFTHSM2_MODULE`` names another PKCS#11 module file.
"""

from __future__ import annotations

import asyncio
import base64
import os
import platform
import shutil
import subprocess
from pathlib import Path

import pkcs11
import pytest
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass

import ydrz

from sandbox_http import send

PHONE = "13800138000"
USER_PIN = "1234"
TOKEN_LABEL = "ydrz-test"

#: The PKCS#11 mechanism of each signature algorithm a sign step names.
SIGN_MECHANISMS = {
    ydrz.SignAlgorithm.SHA256_RSA: Mechanism.SHA256_RSA_PKCS,
    ydrz.SignAlgorithm.MD5_RSA: Mechanism.MD5_RSA_PKCS,
}


class HsmSigner:
    """A :class:`ydrz.Signer` whose private key lives in a PKCS#11 token; it records the mechanisms it used."""

    def __init__(self, key: pkcs11.PrivateKey):
        self.key = key
        self.mechanisms: list[Mechanism] = []

    def sign(self, algorithm: ydrz.SignAlgorithm, data: bytes) -> bytes:
        self.mechanisms.append(SIGN_MECHANISMS[algorithm])
        return bytes(self.key.sign(data, mechanism=SIGN_MECHANISMS[algorithm]))

    def decrypt(self, block: bytes) -> bytes:
        self.mechanisms.append(Mechanism.RSA_PKCS)
        return bytes(self.key.decrypt(block, mechanism=Mechanism.RSA_PKCS))


class AsyncHsmSigner:
    """A :class:`ydrz.AsyncSigner` over :class:`HsmSigner`: each operation on a worker thread."""

    def __init__(self, signer: HsmSigner):
        self.signer = signer

    async def sign(self, algorithm: ydrz.SignAlgorithm, data: bytes) -> bytes:
        return await asyncio.to_thread(self.signer.sign, algorithm, data)

    async def decrypt(self, block: bytes) -> bytes:
        return await asyncio.to_thread(self.signer.decrypt, block)


def softhsm_module() -> str:
    """The SoftHSM2 PKCS#11 module, after checking that softhsm2-util is there too; fails the test otherwise."""
    named = os.environ.get("SOFTHSM2_MODULE")
    debian = ["/usr/lib/softhsm/libsofthsm2.so", f"/usr/lib/{platform.machine()}-linux-gnu/softhsm/libsofthsm2.so"]
    candidates = [named] if named else debian
    module = next((path for path in candidates if Path(path).is_file()), None)
    if module is None or shutil.which("softhsm2-util") is None:
        pytest.fail(
            f"SoftHSM2 is missing (the tests need softhsm2-util and the module {' or '.join(candidates)}): "
            "run scripts/setup.sh, which installs Debian's softhsm2",
            pytrace=False,
        )
    return module


def pem(der_base64: str) -> str:
    lines = [der_base64[at : at + 64] for at in range(0, len(der_base64), 64)]
    return "\n".join(["-----BEGIN PRIVATE KEY-----", *lines, "-----END PRIVATE KEY-----", ""])


@pytest.fixture(scope="session")
def token(tmp_path_factory, sandbox_process):
    """A fresh SoftHSM2 token holding the sandbox app's key (label "app", imported) and another RSA key made in
    the token (label "other"); yields an open user session."""
    module = softhsm_module()
    home = tmp_path_factory.mktemp("softhsm")
    (home / "tokens").mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {home / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOFTHSM2_CONF", str(conf))
        util = ["softhsm2-util", "--pin", USER_PIN]
        subprocess.run([*util, "--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", "5678"], check=True)
        key_file = home / "app-key.pem"
        key_file.write_text(pem(sandbox_process.demo["customer_private_key"]))
        subprocess.run(
            [*util, "--import", str(key_file), "--token", TOKEN_LABEL, "--label", "app", "--id", "01"], check=True
        )
        key_file.unlink()
        library = pkcs11.lib(module)
        with library.get_token(token_label=TOKEN_LABEL).open(user_pin=USER_PIN, rw=True) as session:
            session.generate_keypair(KeyType.RSA, 1024, label="other", store=True)
            yield session


@pytest.fixture
def hsm(token) -> HsmSigner:
    return HsmSigner(token.get_key(object_class=ObjectClass.PRIVATE_KEY, label="app"))


@pytest.fixture
def other_hsm(token) -> HsmSigner:
    return HsmSigner(token.get_key(object_class=ObjectClass.PRIVATE_KEY, label="other"))


def external_config(sandbox, **overrides) -> dict:
    """The demo app's configuration without its private key: the HSM signs, the client checks with the public key."""
    config = {key: value for key, value in sandbox.client_config.items() if key != "private_key"}
    return {**config, "signer": "external", "public_key": sandbox.demo["customer_public_key"], **overrides}


def test_the_imported_key_cannot_leave_the_token(hsm):
    assert hsm.key[Attribute.SENSITIVE] and not hsm.key[Attribute.EXTRACTABLE]
    with pytest.raises(pkcs11.exceptions.AttributeSensitive):
        hsm.key[Attribute.PRIVATE_EXPONENT]


def test_onekey_and_number_verification_are_signed_in_the_hsm(sandbox, hsm):
    with ydrz.Client(external_config(sandbox)) as client:
        token = sandbox.token("onekey", PHONE)
        with client.onekey_begin(token["token"], token["userInformation"]) as ex:
            assert ex.pending()["algorithm"] == "SHA256withRSA"
            ex.sign_with(hsm)
            assert ex.pending() == {"step": "send"}
            login = ex.finish(*send(ex.request))
        assert login.phone == PHONE and login.details["resultCode"] == "103000"
        for phone, matched in [(PHONE, True), ("13900139000", False)]:
            token = sandbox.token("number_verify", PHONE)
            with client.number_verify_begin(token["token"], token["userInformation"], phone) as ex:
                assert ex.pending()["algorithm"] == "MD5withRSA"
                ex.sign_with(hsm)
                assert ex.finish(*send(ex.request)).matched is matched
    assert hsm.mechanisms == [Mechanism.SHA256_RSA_PKCS, Mechanism.MD5_RSA_PKCS, Mechanism.MD5_RSA_PKCS]


def test_app_login_in_rsa_mode_decrypts_the_msisdn_in_the_hsm(sandbox, hsm):
    with ydrz.Client(external_config(sandbox, app_login={"mode": "rsa"})) as client:
        with client.app_login_begin(sandbox.token("app_login", PHONE)["token"]) as ex:
            ex.sign_with(hsm)
            login = ex.finish(*send(ex.request), hsm)
            assert ex.pending() == {"step": "done"} and ex.result() == login
        assert login.phone == PHONE and login.details["resultCode"] == "103000"
        assert hsm.mechanisms == [Mechanism.SHA256_RSA_PKCS, Mechanism.RSA_PKCS]

        # The same step by hand: pending() says what to decrypt, provide() takes the plaintext, result() gives it.
        with client.app_login_begin(sandbox.token("app_login", PHONE)["token"]) as ex:
            ex.sign_with(hsm)
            answer = send(ex.request)
            with pytest.raises(ydrz.InvalidArgument, match="waits for the external signer's decryption"):
                ex.finish(*answer)  # no signer for the encrypted msisdn: the exchange waits for its decryption
            step = ex.pending()
            assert step["step"] == "decrypt" and step["algorithm"] == "RSA/ECB/PKCS1Padding"
            assert step["block_bytes"] == 128
            ciphertext = base64.b64decode(step["input_base64"])
            assert ciphertext and len(ciphertext) % 128 == 0
            with pytest.raises(ydrz.CryptoError):
                ex.provide(base64.b64encode(b"not a phone number").decode())
            assert ex.pending()["step"] == "decrypt"
            blocks = [ciphertext[at : at + 128] for at in range(0, len(ciphertext), 128)]
            ex.provide(base64.b64encode(b"".join(map(hsm.decrypt, blocks))).decode())
            assert ex.pending() == {"step": "done"} and ex.result().phone == PHONE


def test_a_signature_by_another_key_is_refused_before_anything_is_sent(sandbox, hsm, other_hsm):
    with ydrz.Client(external_config(sandbox)) as client:
        token = sandbox.token("onekey", PHONE)
        with client.onekey_begin(token["token"], token["userInformation"]) as ex:
            with pytest.raises(ydrz.InvalidSignature, match="wrong key: the SHA256withRSA signature does not verify"):
                ex.sign_with(other_hsm)
            assert other_hsm.mechanisms == [Mechanism.SHA256_RSA_PKCS]
            assert ex.pending()["step"] == "sign"
            with pytest.raises(ydrz.InvalidArgument):
                ex.request  # noqa: B018 - no request before the signature
            assert sandbox.stats(token["token"])["requests"] == 0
            ex.sign_with(hsm)  # the exchange kept waiting: the right key completes it
            assert ex.finish(*send(ex.request)).phone == PHONE
        assert sandbox.stats(token["token"])["requests"] == 1

        token = sandbox.token("onekey", PHONE)
        with pytest.raises(ydrz.InvalidSignature):
            with client.onekey_begin(token["token"], token["userInformation"]) as ex:
                ex.sign_with(other_hsm)
        # Closed while it waited for its signature: its request never existed, so the token is free again.
        with client.onekey_begin(token["token"], token["userInformation"]) as ex:
            ex.sign_with(hsm)
            assert ex.finish(*send(ex.request)).phone == PHONE


def test_the_async_client_drives_an_async_hsm_signer(sandbox, hsm, other_hsm):
    config = external_config(sandbox, app_login={"mode": "rsa"})

    async def run():
        async with ydrz.AsyncClient(config, signer=AsyncHsmSigner(hsm)) as client:
            token = sandbox.token("onekey", PHONE)
            login = await client.onekey_validate(token["token"], token["userInformation"])
            token = sandbox.token("number_verify", PHONE)
            verified = await client.number_verify(token["token"], token["userInformation"], PHONE)
            app_login = await client.app_login_validate(sandbox.token("app_login", PHONE)["token"])
            app_number = await client.app_number_verify(sandbox.token("app_number", PHONE)["token"], PHONE)
        return login, verified, app_login, app_number

    login, verified, app_login, app_number = asyncio.run(run())
    assert login.phone == PHONE and verified.matched and app_login.phone == PHONE and app_number.matched
    assert hsm.mechanisms == [
        Mechanism.SHA256_RSA_PKCS,  # onekey
        Mechanism.MD5_RSA_PKCS,  # number verification
        Mechanism.SHA256_RSA_PKCS,  # App login, RSA mode
        Mechanism.RSA_PKCS,  # its msisdn
        Mechanism.MD5_RSA_PKCS,  # App number verification
    ]


def test_the_async_client_refuses_another_keys_signature_before_sending(sandbox, hsm, other_hsm):
    config = external_config(sandbox)
    token = sandbox.token("onekey", PHONE)

    async def validate(signer):
        async with ydrz.AsyncClient(config, signer=signer) as client:
            return await client.onekey_validate(token["token"], token["userInformation"])

    with pytest.raises(ydrz.InvalidSignature, match="wrong key: the SHA256withRSA signature does not verify"):
        asyncio.run(validate(other_hsm))  # a blocking signer is accepted too
    assert sandbox.stats(token["token"])["requests"] == 0
    assert asyncio.run(validate(AsyncHsmSigner(hsm))).phone == PHONE  # never sent: the platform's token is unused
    with pytest.raises(ydrz.InvalidArgument, match="signature"):
        asyncio.run(validate(None))
