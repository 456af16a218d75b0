"""Native handles: deterministic close, idempotence, use after close, the GC safety net, copying."""

from __future__ import annotations

import copy
import gc
import pickle

import pytest

import ydrz
from ydrz import Encoding, SignAlgorithm, Status


@pytest.fixture
def pair():
    generated = ydrz.generate_key_pair(1024)
    return generated, ydrz.PrivateKey(generated.private_pkcs8), ydrz.PublicKey(generated.public_spki)


def make_handles(vectors):
    customer = vectors["keys"]["customer_1024"]
    return [
        ydrz.PrivateKey(customer["private_pkcs8_der_base64"]),
        ydrz.PublicKey(customer["public_x509_spki_der_base64"]),
        ydrz.Client({"app_id": "300012345678"}),
    ]


def test_generated_keys_work_together(pair):
    generated, private, public = pair
    assert private.public_spki() == generated.public_spki
    signature = ydrz.rsa_sign(private, "data", SignAlgorithm.SHA256_RSA, Encoding.BASE64)
    ydrz.rsa_verify(public, "data", signature, SignAlgorithm.SHA256_RSA, Encoding.BASE64)
    assert ydrz.rsa_decrypt(private, ydrz.rsa_encrypt(public, "secret text")) == "secret text"


def test_generated_key_sizes(pair):
    generated = ydrz.generate_key_pair(2048)
    assert ydrz.PrivateKey(generated.private_pkcs8).public_spki() == generated.public_spki
    assert len(generated.public_spki) > len(pair[0].public_spki)


def test_the_private_key_is_not_in_repr(pair):
    generated = pair[0]
    assert generated.private_pkcs8 not in repr(generated)
    assert generated.public_spki in repr(generated)


def test_use_after_close_is_a_clear_error_and_close_is_idempotent(vectors):
    private, public, client = make_handles(vectors)
    for handle in (private, public, client):
        assert not handle.closed and "open" in repr(handle)
        handle.close()
        handle.close()
        assert handle.closed and "closed" in repr(handle)
    calls = [
        lambda: private.public_spki(),
        lambda: ydrz.rsa_sign(private, "data", SignAlgorithm.SHA256_RSA, Encoding.BASE64),
        lambda: ydrz.token_validate_sign(private, "1", "2", "20240131235959123", "4"),
        lambda: ydrz.rsa_encrypt(public, "data"),
        lambda: ydrz.rsa_verify(public, "data", "00", SignAlgorithm.SHA256_RSA, Encoding.HEX_UPPER),
        lambda: client.jssdk_params(),
        lambda: client.onekey_validate("token", "info"),
    ]
    for call in calls:
        with pytest.raises(ydrz.HandleClosed) as e:
            call()
        assert e.value.status == Status.E_NULL_ARG and e.value.status_name == "YDRZ_E_NULL_ARG"
        assert "is closed" in e.value.message
        assert isinstance(e.value, ydrz.NullArgument)


def test_with_closes(vectors):
    for handle in make_handles(vectors):
        with handle as entered:
            assert entered is handle and not handle.closed
        assert handle.closed


def test_with_closes_on_error(vectors):
    key = make_handles(vectors)[0]
    with pytest.raises(RuntimeError):
        with key:
            raise RuntimeError("boom")
    assert key.closed


def test_garbage_collection_frees_what_was_not_closed(vectors):
    finalizers = [handle._finalizer for handle in make_handles(vectors)]
    gc.collect()
    assert finalizers and not any(f.alive for f in finalizers)


def test_close_frees_at_once(vectors):
    for handle in make_handles(vectors):
        finalizer = handle._finalizer
        assert finalizer.alive
        handle.close()
        assert not finalizer.alive


def test_copies_are_the_same_handle_and_pickling_is_refused(vectors):
    for handle in make_handles(vectors):
        assert copy.copy(handle) is handle and copy.deepcopy(handle) is handle
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(handle)
        handle.close()
