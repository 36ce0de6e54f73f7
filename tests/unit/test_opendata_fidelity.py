"""Fidelity of the sample build's published data to the records in ``data/``.

Every record file has an equal record in the JSON export (same keys in the same order, same
values, same written forms); every CSV has one row per record or line, with the values as
written, counted and flattened here by a walk of the YAML of our own (not the exporter's);
every foreign key declared in datapackage.json resolves in the CSVs; the SQLite file holds
the same row counts.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from relief import exactjson
from relief.schemas import COLLECTIONS
from relief.yamlstrict import load_file
from tests.conftest import SAMPLE_DATA
from tests.unit.test_fidelity import form
from tests.unit.test_opendata_package import build_sample

Row = dict[str, str]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def package(data: Path) -> dict[str, Any]:
    descriptor: dict[str, Any] = json.loads((data / "datapackage.json").read_text("utf-8"))
    return descriptor


def record_files(collection: str) -> list[Path]:
    """The collection's record files in id order, the order of every export."""
    return sorted((SAMPLE_DATA / collection).glob("*.yaml"), key=lambda path: path.stem)


def read_csv(path: Path) -> tuple[list[str], list[Row]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM"
    reader = csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


# --- JSON --------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_json_holds_every_record_file_exactly(data: Path, collection: str) -> None:
    published = exactjson.loads((data / f"{collection}.json").read_text("utf-8"))
    files = record_files(collection)
    assert [record["id"] for record in published] == [path.stem for path in files]
    for record, path in zip(published, files, strict=True):
        original = load_file(path, str(path)).data
        assert list(record) == ["id", *original], path.name  # same keys, same order
        assert form({k: v for k, v in record.items() if k != "id"}) == form(original), path.name


# --- CSV: our own walk of the YAML -------------------------------------------------------


def written(value: Any) -> str:
    """A scalar as the CSV must show it."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, Decimal | int | str):
        return str(value)
    raise TypeError(value)


def is_line_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def flatten(node: dict[str, Any], prefix: str = "") -> Row:
    """Scalars of one object, nested objects joined with "_", scalar lists joined with "|"."""
    row: Row = {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if value == []:
            continue  # an empty list writes nothing, whatever its items would be
        if isinstance(value, dict):
            row.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            if not is_line_list(value):
                row[name] = "|".join(written(item) for item in value)
        else:
            row[name] = written(value)
    return row


def lines(node: dict[str, Any], table: str, keys: Row, out: dict[str, list[Row]],
          prefix: tuple[str, ...] = ()) -> None:
    """Every list of objects under ``node``: one expected row per line, in written order."""
    for key, value in node.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            lines(value, table, keys, out, path)
        elif is_line_list(value):
            name = f"{table}_{'_'.join(path)}"
            out.setdefault(name, [])
            for number, line in enumerate(value, start=1):
                line_key = written(line.get("id", number))
                row = {**keys, "line_key": line_key,
                       **flatten({k: v for k, v in line.items() if k != "id"})}
                out[name].append(row)
                # a nested list's rows carry this line's key, named after its list
                nested = {**keys, f"{'_'.join(path)}_key": line_key}
                lines(line, name, nested, out)


def expected_rows() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for collection in COLLECTIONS:
        out[collection] = []
        for path in record_files(collection):
            record = load_file(path, str(path)).data
            out[collection].append({"id": path.stem, **flatten(record)})
            lines(record, collection, {"record_id": path.stem}, out)
    _chain_columns(out["disclosures"])
    return out


def _chain_columns(disclosures: list[Row]) -> None:
    """The two derived columns, worked out here: an active correction replaces what it
    corrects (the sample's chains are one correction long); counted = active, not replaced."""
    replaced = {row["corrects_disclosure"]: row["id"] for row in disclosures
                if row["status"] == "active" and row.get("corrects_disclosure")}
    for row in disclosures:
        row["counted"] = written(row["status"] == "active" and row["id"] not in replaced)
        if row["id"] in replaced:
            row["replaced_by"] = replaced[row["id"]]


@pytest.fixture(scope="module")
def expected() -> dict[str, list[Row]]:
    return expected_rows()


def test_there_is_one_csv_per_list_of_lines_and_per_collection(
    data: Path, expected: dict[str, list[Row]],
) -> None:
    published = {path.stem for path in (data / "csv").glob("*.csv")}
    # Every table that has rows in the sample is published; a published table the sample
    # leaves empty (a list no record uses) has no rows.
    assert set(expected) <= published
    for name in published - set(expected):
        assert read_csv(data / "csv" / f"{name}.csv")[1] == []


def test_every_csv_has_one_row_per_record_or_line_with_the_written_values(
    data: Path, expected: dict[str, list[Row]],
) -> None:
    for name, rows in expected.items():
        header, published = read_csv(data / "csv" / f"{name}.csv")
        assert len(published) == len(rows), name
        for want, got in zip(rows, published, strict=True):
            assert set(want) <= set(header), (name, set(want) - set(header))  # nothing lost
            assert got == {column: want.get(column, "") for column in header}, (name, want)


def test_written_forms_survive_in_csv(data: Path) -> None:
    _, receipts = read_csv(data / "csv" / "disclosures_receipts.csv")
    assert any(row["amount"].endswith(".50") for row in receipts)  # 1.50 stays 1.50
    _, towns = read_csv(data / "csv" / "vocab_entries.csv")
    assert any(value.isdigit() and value.startswith("34") for row in towns
               for value in row.values())  # division codes stay text


# --- keys --------------------------------------------------------------------------------


def test_every_foreign_key_resolves_in_the_csvs(data: Path, package: dict[str, Any]) -> None:
    tables = {r["name"]: read_csv(data / r["path"])[1] for r in tabular(package)}
    checked = nulls = 0
    for resource in package["resources"]:
        schema = resource.get("schema")
        if not schema:
            continue
        rows = tables[resource["name"]]
        key = [tuple(row[f] for f in schema["primaryKey"]) for row in rows]
        assert len(set(key)) == len(key), resource["name"]
        for foreign in schema["foreignKeys"]:
            target = foreign["reference"]
            present = {tuple(row[f] for f in target["fields"])
                       for row in tables[target["resource"]]}
            for row in rows:
                values = tuple(row[f] for f in foreign["fields"])
                if all(v == "" for v in values):
                    nulls += 1
                    continue
                assert values in present, (resource["name"], foreign, values)
                checked += 1
    assert checked > 500 and nulls > 0  # the sample exercises both cases


def tabular(package: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from (r for r in package["resources"] if r["profile"] == "tabular-data-resource")


def test_declared_row_counts_match_the_files(data: Path, package: dict[str, Any]) -> None:
    for resource in tabular(package):
        assert resource["rows"] == len(read_csv(data / resource["path"])[1]), resource["name"]


def test_sqlite_holds_the_same_row_counts(data: Path, package: dict[str, Any]) -> None:
    with closing(sqlite3.connect(f"file:{data / 'relief.sqlite'}?mode=ro", uri=True)) as db:
        for resource in tabular(package):
            name = resource["name"]
            count = db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            assert count == resource["rows"], name
