"""Result-code descriptions, checked against the catalog file they are built from (return_codes.tsv)."""

from __future__ import annotations

import csv

import pytest

import ydrz

from conftest import REPO

CATALOG = REPO / "data" / "return_codes.tsv"


@pytest.fixture(scope="module")
def catalog() -> list[dict[str, str]]:
    with CATALOG.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_success_message():
    assert ydrz.code_message("103000") == "成功"


def test_unknown_code():
    assert ydrz.code_message("999999999") is None
    assert ydrz.code_describe("999999999") == []


def test_describe_lists_every_catalog_entry(catalog):
    rows = [r for r in catalog if r["code"] == "104007"]
    entries = ydrz.code_describe("104007")
    assert len(entries) == len(rows) > 1
    assert {(e["product"], e["stage"], e["message_zh"]) for e in entries} == {
        (r["product"], r["stage"], r["message_zh"]) for r in rows
    }
    assert set(entries[0]) == {"product", "stage", "code", "message_zh", "meaning_en", "hint"}


def test_product_and_stage_narrow_the_match(catalog):
    def rows(product, stage):
        return [r for r in catalog if (r["code"], r["product"], r["stage"]) == ("105003", product, stage)]

    (cucc,) = rows("mp_onekey_login", "cucc_getnum")
    (ctcc,) = rows("mp_onekey_login", "ctcc_getnum")
    assert ydrz.code_message("105003", "mp_onekey_login", "cucc_getnum") == cucc["message_zh"]
    assert ydrz.code_message("105003", "mp_onekey_login", "ctcc_getnum") == ctcc["message_zh"]
    assert [e["message_zh"] for e in ydrz.code_describe("105003", "mp_onekey_login", "cucc_getnum")] == [
        cucc["message_zh"]
    ]


def test_unknown_stage_is_an_invalid_argument():
    with pytest.raises(ydrz.InvalidArgument, match="stage"):
        ydrz.code_describe("105003", "mp_onekey_login", "no_such_stage")
