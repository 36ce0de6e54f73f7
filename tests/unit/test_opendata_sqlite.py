"""The SQLite export of the sample: keys declared and resolving, counts, exact money, same bytes."""

from __future__ import annotations

import copy
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from relief.model import Dataset, Record
from relief.opendata.sqlite import (
    REAL_SUFFIX,
    USER_VERSION,
    SqliteExportError,
    index_columns,
    quote,
    write_sqlite,
)
from relief.opendata.tables import Table, build_tables
from tests.conftest import SAMPLE_DATA
from tests.unit.test_sample_dataset import sample


@cache
def tables() -> list[Table]:
    return build_tables()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("sqlite") / "relief.sqlite"
    return path, write_sqlite(tables(), sample(), path)


@pytest.fixture
def db(built: tuple[Path, dict[str, int]]) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(f"file:{built[0]}?mode=ro", uri=True)) as connection:
        yield connection


def count(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {quote(table)}").fetchone()[0])


def test_integrity_and_foreign_keys(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA user_version").fetchone() == (USER_VERSION,)


def test_row_counts_match_the_tables(built: tuple[Path, dict[str, int]],
                                     db: sqlite3.Connection) -> None:
    _, counts = built
    assert list(counts) == [t.name for t in tables()]
    for table in tables():
        expected = len(list(table.rows(sample())))
        assert counts[table.name] == expected, table.name
        assert count(db, table.name) == expected, table.name


def test_row_counts_match_the_raw_files(db: sqlite3.Connection) -> None:
    """Counted straight from the YAML files, without the project's loader."""
    def raw(collection: str) -> list[dict[str, Any]]:
        files = sorted((SAMPLE_DATA / collection).glob("*.yaml"))
        return [yaml.safe_load(f.read_text(encoding="utf-8")) for f in files]

    assert count(db, "organizations") == len(raw("organizations")) == 42
    disclosures = raw("disclosures")
    assert count(db, "disclosures") == len(disclosures)
    for line in ("receipts", "pledges", "uses", "costs"):
        expected = sum(len(d.get(line) or []) for d in disclosures)
        assert count(db, f"disclosures_{line}") == expected, line
    items = sum(len(r.get("items") or []) for d in disclosures for r in d.get("receipts") or [])
    assert count(db, "disclosures_receipts_items") == items
    bulletins = raw("bulletins")
    assert count(db, "bulletins_needs") == sum(len(b.get("needs") or []) for b in bulletins)


def test_money_reads_back_exactly(db: sqlite3.Connection) -> None:
    text = (SAMPLE_DATA / "disclosures" / "tl-charity-federation-2026-07.yaml").read_text(
        encoding="utf-8")
    assert re.search(r"^    amount: 12580\.50$", text, re.MULTILINE)
    row = db.execute(
        "SELECT amount, typeof(amount), amount_real FROM disclosures_receipts "
        "WHERE record_id = 'tl-charity-federation-2026-07' AND line_key = 'r05'").fetchone()
    assert row == ("12580.50", "text", 12580.5)


def test_exact_sum_of_money(db: sqlite3.Connection) -> None:
    amounts = [a for (a,) in db.execute("SELECT amount FROM disclosures_receipts "
                                        "WHERE amount IS NOT NULL")]
    expected = sum(Decimal(r["amount"]) for d in sample().collection("disclosures")
                   for r in d.data["receipts"] if r.get("amount") is not None)
    assert sum(Decimal(a) for a in amounts) == expected


def stored(column_type: str, value: Any) -> Any:
    if value is None:
        return None
    if column_type == "number":
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if column_type == "boolean":
        return int(value)
    if column_type in ("string", "date"):
        return str(value)
    return value


@pytest.mark.parametrize("table", tables(), ids=lambda t: t.name)
def test_every_value_is_stored_as_written(table: Table, db: sqlite3.Connection) -> None:
    names = [c.name for c in table.columns]
    got = db.execute(f"SELECT {', '.join(map(quote, names))} FROM {quote(table.name)} "
                     "ORDER BY rowid").fetchall()
    expected = [tuple(stored(c.type, row.get(c.name)) for c in table.columns)
                for row in table.rows(sample())]
    assert got == expected
    for column in table.columns:
        if column.type == "number":
            real = quote(column.name + REAL_SUFFIX)
            mismatched = db.execute(
                f"SELECT count(*) FROM {quote(table.name)} "
                f"WHERE {real} IS NOT CAST({quote(column.name)} AS REAL)").fetchone()[0]
            assert mismatched == 0, column.name


def test_keys_and_indexes_are_declared(db: sqlite3.Connection) -> None:
    for table in tables():
        declared = db.execute(f"PRAGMA foreign_key_list({quote(table.name)})").fetchall()
        keys: dict[int, list[tuple[str, str, str]]] = {}
        for number, _seq, parent, child, reference, *_ in declared:
            keys.setdefault(number, []).append((parent, child, reference))
        got = sorted((links[0][0], tuple(c for _, c, _ in links), tuple(r for *_, r in links))
                     for links in keys.values())
        assert got == sorted((k.resource, k.fields, k.reference) for k in table.foreign_keys)
        info = db.execute(f"PRAGMA table_info({quote(table.name)})").fetchall()
        primary = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        assert primary == table.primary_key, table.name
        # every foreign key is served by an index: the primary key's or its own
        indexes = [tuple(r[2] for r in db.execute(f"PRAGMA index_info({quote(i[1])})"))
                   for i in db.execute(f"PRAGMA index_list({quote(table.name)})")]
        for key in table.foreign_keys:
            assert any(ix[:len(key.fields)] == key.fields for ix in indexes), (table.name, key)
        for names in index_columns(table):
            assert names in indexes
    organizations = [tuple(r[2] for r in db.execute(f"PRAGMA index_info({quote(i[1])})"))
                     for i in db.execute("PRAGMA index_list(organizations)")]
    assert {("district",), ("status",), ("kind",)} <= set(organizations)


def test_dictionary_tables(db: sqlite3.Connection) -> None:
    listed = dict(db.execute('SELECT name, primary_key FROM "_tables"').fetchall())
    assert listed == {t.name: ",".join(t.primary_key) for t in tables()}
    for table in tables():
        rows = db.execute('SELECT column_name, type, title_zh FROM "_columns" '
                          "WHERE table_name = ? ORDER BY position", (table.name,)).fetchall()
        info = [r[1] for r in db.execute(f"PRAGMA table_info({quote(table.name)})")]
        assert [name for name, *_ in rows] == info
        assert all(title for *_, title in rows)
    assert db.execute('SELECT type, sql_type, allowed_values FROM "_columns" '
                      "WHERE table_name = 'organizations' AND column_name = 'status'"
                      ).fetchone() == ("string", "TEXT", "active|suspended|withdrawn")
    assert db.execute("PRAGMA foreign_key_check(_columns)").fetchall() == []


def copy_of(built: tuple[Path, dict[str, int]], tmp_path: Path) -> sqlite3.Connection:
    target = tmp_path / "copy.sqlite"
    shutil.copyfile(built[0], target)
    return sqlite3.connect(target, isolation_level=None)


def test_a_broken_foreign_key_is_detected(built: tuple[Path, dict[str, int]],
                                          tmp_path: Path) -> None:
    with closing(copy_of(built, tmp_path)) as db:
        db.execute("UPDATE disclosures_receipts SET donor_organization = 'no-such-org' "
                   "WHERE record_id = 'tl-charity-federation-2026-07' AND line_key = 'r05'")
        db.execute("UPDATE disclosures_uses SET need_item_item = 'no-such-item' "
                   "WHERE rowid = (SELECT min(rowid) FROM disclosures_uses "
                   "WHERE need_item_item IS NOT NULL)")
        broken = {(table, parent) for table, _, parent, _ in
                  db.execute("PRAGMA foreign_key_check")}
        assert broken == {("disclosures_receipts", "organizations"),
                          ("disclosures_uses", "bulletins_needs")}
        db.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.execute("INSERT INTO disclosures_costs (record_id, line_key) "
                       "VALUES ('no-such-disclosure', 'c1')")


@pytest.mark.parametrize(("column", "value"), [
    ("amount", "1e3"), ("amount", "1.5.0"), ("amount", "abc"), ("amount", "1."),
    ("amount", "1-2"), ("amount", "-"), ("amount", ".5"),
    ("date", "2026-13-01"), ("date", "2026-7-1"),
    ("donor_name_consent", 2), ("form", "bitcoin"),
])
def test_checks_refuse_values_of_the_wrong_form(built: tuple[Path, dict[str, int]],
                                                tmp_path: Path, column: str,
                                                value: Any) -> None:
    with closing(copy_of(built, tmp_path)) as db, pytest.raises(sqlite3.IntegrityError,
                                                                 match="CHECK"):
        db.execute(f"UPDATE disclosures_receipts SET {quote(column)} = ? "
                   "WHERE line_key = 'r05'", (value,))


def test_checks_accept_values_of_the_right_form(built: tuple[Path, dict[str, int]],
                                                tmp_path: Path) -> None:
    with closing(copy_of(built, tmp_path)) as db:
        for amount in ("-0.05", "0", "100000", "0.0000001", None):
            db.execute("UPDATE disclosures_receipts SET amount = ? WHERE line_key = 'r05'",
                       (amount,))
        db.execute("UPDATE disclosures_receipts SET date = '2024-02-29', "
                   "donor_name_consent = 0 WHERE line_key = 'r05'")
        db.execute("UPDATE organizations SET team_members = NULL")
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            db.execute("UPDATE organizations SET team_members = '3.5'")


def test_same_data_same_bytes_and_replaces_an_existing_file(
        built: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite"
    again.write_bytes(b"an old file that is not a database")
    assert write_sqlite(tables(), sample(), again) == built[1]
    assert again.read_bytes() == built[0].read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.sqlite"]


def with_receipt_donor(organization: str) -> Dataset:
    data = sample()
    record = data.get("disclosures", "tl-charity-federation-2026-07")
    assert record is not None
    changed = copy.deepcopy(dict(record.data))
    changed["receipts"][0]["donor"] = {"kind": "organization", "name": "x",
                                       "organization": organization}
    records = {name: dict(items) for name, items in data.records.items()}
    records["disclosures"][record.id] = Record(record.collection, record.id, record.file,
                                               changed)
    return Dataset(records=records, vocab=data.vocab, today=data.today)


def test_a_broken_key_in_the_data_stops_the_build(tmp_path: Path) -> None:
    path = tmp_path / "relief.sqlite"
    path.write_bytes(b"previous")
    with pytest.raises(SqliteExportError, match=r"disclosures_receipts.*ghost.*organizations"):
        write_sqlite(tables(), with_receipt_donor("ghost"), path)
    assert path.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relief.sqlite"]


def test_tiny_and_huge_numbers_keep_their_digits(tmp_path: Path) -> None:
    data = sample()
    record = data.get("disclosures", "tl-charity-federation-2026-07")
    assert record is not None
    changed = copy.deepcopy(dict(record.data))
    changed["receipts"][4]["amount"] = Decimal("0.0000001")
    changed["receipts"][0]["amount"] = Decimal("1" * 30 + ".10")
    records = {name: dict(items) for name, items in data.records.items()}
    records["disclosures"][record.id] = Record(record.collection, record.id, record.file,
                                               changed)
    path = tmp_path / "relief.sqlite"
    write_sqlite(tables(), Dataset(records, data.vocab, data.today), path)
    with closing(sqlite3.connect(path)) as db:
        got = [a for (a,) in db.execute(
            "SELECT amount FROM disclosures_receipts WHERE record_id = ? "
            "ORDER BY rowid", (record.id,))]
    assert got[4] == "0.0000001"
    assert got[0] == "1" * 30 + ".10"


def test_tables_must_be_complete(tmp_path: Path) -> None:
    receipts = [t for t in tables() if t.name == "disclosures_receipts"]
    with pytest.raises(SqliteExportError, match="not among the tables"):
        write_sqlite(receipts, sample(), tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()
