#!/usr/bin/env python3
"""Writes README.md's troubleshooting table (between the markers `<!-- troubleshooting-codes:begin -->` and
`<!-- troubleshooting-codes:end -->`) from the return-code catalog, data/return_codes.tsv, which src/catalog.rs
compiles into the library: for each code integrators meet first, where it comes from (product and stage), what
it means and the catalog's hint (or, for a code without one, its most detailed platform message). The table is
never edited by hand: change the catalog or CODES here and run this script.

Usage: scripts/readme_codes.py [--check]   (--check: fail when README.md differs from what it would write)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "data" / "return_codes.tsv"
README = REPO / "README.md"
BEGIN, END = "<!-- troubleshooting-codes:begin -->", "<!-- troubleshooting-codes:end -->"
# The codes of a first integration, in the order they tend to come: keys and signatures, the allowlist, tokens,
# number verification, the App interfaces.
CODES = ("104013", "103101", "130018", "130016", "104017", "110004", "103511", "104007", "104008", "120020",
         "104201", "121011", "103111", "103005", "105112", "103119")
PRODUCTS = {"mp_onekey_login": "mini-program login", "mp_number_verify": "mini-program number check",
            "app_onekey_login": "App login", "app_number_verify": "App number check", "app_sdk": "App SDK"}


def cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table() -> str:
    with CATALOG.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    lines = ["| code | where | meaning | what to do (from the catalog) |", "|---|---|---|---|"]
    for code in CODES:
        found = [r for r in rows if r["code"] == code]
        if not found:
            sys.exit(f"scripts/readme_codes.py: {code} is not in {CATALOG.relative_to(REPO)}")
        where = sorted({PRODUCTS.get(r["product"], r["product"]) for r in found if r["stage"] != "troubleshooting"}
                       or {PRODUCTS.get(found[0]["product"], found[0]["product"])})
        # The server interfaces' own wording first: that is where a backend meets the code.
        by_stage = sorted(found, key=lambda r: (not r["stage"].startswith("token_validate"),
                                                r["stage"] != "troubleshooting"))
        meanings = list(dict.fromkeys(r["meaning_en"] for r in by_stage if r["meaning_en"]))
        hints = list(dict.fromkeys(r["hint"] for r in found if r["hint"] and not r["hint"].startswith(("same text",
                                                                                                        "jssdk"))))
        advice = " / ".join(hints) if hints else max((r["message_zh"] for r in found), key=len)
        lines.append(f"| {code} | {cell(', '.join(where))} | {cell(meanings[0])} | {cell(advice)} |")
    return "\n".join(lines)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        sys.exit(f"scripts/readme_codes.py: README.md lacks the markers {BEGIN} … {END}")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    generated = f"{head}{BEGIN}\n{table()}\n{END}{tail}"
    if "--check" in sys.argv[1:]:
        if generated != text:
            sys.exit("README.md's troubleshooting table differs from data/return_codes.tsv: run scripts/readme_codes.py")
        print("readme-codes-check: the troubleshooting table is the catalog's")
    elif generated != text:
        README.write_text(generated, encoding="utf-8")
        print("README.md: troubleshooting table regenerated")


if __name__ == "__main__":
    main()
