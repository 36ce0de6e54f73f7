"""The published tables as one SQLite database, for Datasette, sqlite3, pandas or any SQL client.

Every table of :func:`relief.opendata.tables.build_tables` becomes one SQLite table with the
same name and the same columns as its CSV, its primary key (columns ``NOT NULL``), a
``FOREIGN KEY … REFERENCES`` for each foreign key (composite ones included) and indexes on
every foreign-key column set and on district, status, kind and date columns.

Types (Table Schema -> SQLite):

- ``string`` -> ``TEXT``; a column with allowed values gets ``CHECK (x IN (…))``;
- ``integer`` -> ``INTEGER`` with ``CHECK (typeof(x) = 'integer')``;
- ``boolean`` -> ``INTEGER`` holding 0 or 1, ``CHECK (x IN (0, 1))``;
- ``date`` -> ``TEXT`` ``YYYY-MM-DD``, ``CHECK (date(x) IS x)`` (a real calendar date);
- ``number`` -> ``TEXT`` holding the digits exactly as written in ``data/`` (``12580.50``
  stays ``12580.50``), checked to be a plain decimal numeral, **plus** a companion column
  ``<name>_real REAL`` holding ``CAST(<name> AS REAL)``.

Why numbers are text. The numbers are mostly money, and money must come out exactly as it
was published. SQLite has no decimal type: a ``REAL`` or ``NUMERIC`` column turns ``12580.50``
into the binary float 12580.5, dropping the written digits and making amounts such as 0.1
inexact; integer cents would not fit the other numbers (coordinates, hours, quantities) whose
scales differ. So the exact value is the text column, with the name the CSV uses, and it
compares equal to the CSV cell and the JSON value. Text sorts as text, though ("100000" <
"12580.50"), so each number column has a ``REAL`` companion for ``ORDER BY`` and quick sums:
``SELECT sum(amount_real) FROM disclosures_receipts``. For an exact total the sqlite3 shell's
decimal extension sums the text: ``SELECT decimal_sum(amount) FROM disclosures_receipts``
(checked with the sqlite3 3.40 shell); in Python, ``sum(Decimal(a) for (a,) in rows)``.
The site's totals count each period once: keep the lines of counted disclosures
(``JOIN disclosures d ON d.id = r.record_id WHERE d.counted = 1``; see ``tables``).

SQLite keeps no comments on tables and columns, so the dictionary is data: ``_tables``
(name, title_zh, description, primary_key) and ``_columns`` (table_name, column_name,
position, type, title_zh, description, sql_type, allowed_values joined with ``|``), the type
being the Table Schema type.

The file is built fresh (any file at ``path`` is replaced, and only once complete) and is
deterministic: rows go in the order of the tables and of ``Table.rows`` (records sorted by
id), the page size and ``user_version`` are fixed, nothing records a time, and the file is
vacuumed at the end, so the same data gives the same bytes with the same SQLite library (the
header records the version of the library that wrote the file). Foreign keys are enforced
during the load, deferred to the commit so tables can go in any order; a broken key stops
the build with the offending rows named.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

from relief.model import Dataset
from relief.opendata.tables import Column, Table

USER_VERSION = 1  # the layout of this database; raise it when the layout changes
PAGE_SIZE = 4096
REAL_SUFFIX = "_real"

_SQL_TYPES = {
    "string": "TEXT", "integer": "INTEGER", "number": "TEXT", "boolean": "INTEGER",
    "date": "TEXT",
}
_INDEXED_NAMES = ("district", "status", "kind")


class SqliteExportError(ValueError):
    """The tables cannot be written as a consistent database (e.g. a foreign key is broken)."""


def quote(name: str) -> str:
    """An SQL identifier, quoted: column names such as ``order`` or ``group`` are keywords."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _check(column: Column) -> str | None:
    x = quote(column.name)
    if column.type == "integer":
        return f"typeof({x}) = 'integer'"
    if column.type == "boolean":
        return f"{x} IN (0, 1)"
    if column.type == "date":
        return f"date({x}) IS {x}"  # date() of a non-date is NULL
    if column.type == "number":
        # a plain decimal numeral: optional minus, digits, at most one point inside
        return (f"typeof({x}) = 'text' AND {x} NOT GLOB '*[^0-9.-]*'"
                f" AND ltrim({x}, '-') GLOB '[0-9]*' AND {x} GLOB '*[0-9]'"
                f" AND {x} NOT GLOB '?*-*' AND {x} NOT GLOB '*.*.*'")
    if column.enum:
        return f"{x} IN ({', '.join(_literal(v) for v in column.enum)})"
    return None


def _sql_type(column: Column) -> str:
    try:
        return _SQL_TYPES[column.type]
    except KeyError:
        raise SqliteExportError(f"column {column.name}: unknown type {column.type!r}") from None


def _real_name(table: Table, column: Column) -> str:
    name = column.name + REAL_SUFFIX
    if any(c.name == name for c in table.columns):
        raise SqliteExportError(f"{table.name}: {name} is both a column and the REAL copy "
                                f"of {column.name}")
    return name


def create_table_sql(table: Table) -> str:
    """``CREATE TABLE`` for one published table."""
    lines = []
    for column in table.columns:
        line = f"{quote(column.name)} {_sql_type(column)}"
        if column.name in table.primary_key:
            line += " NOT NULL"
        check = _check(column)
        if check is not None:
            line += f" CHECK ({quote(column.name)} IS NULL OR ({check}))"
        lines.append(line)
        if column.type == "number":
            lines.append(f"{quote(_real_name(table, column))} REAL")
    if table.primary_key:
        lines.append(f"PRIMARY KEY ({_names(table.primary_key)})")
    for key in table.foreign_keys:
        lines.append(f"FOREIGN KEY ({_names(key.fields)}) "
                     f"REFERENCES {quote(key.resource)} ({_names(key.reference)})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote(table.name)} (\n  {body}\n)"


def _names(names: Iterable[str]) -> str:
    return ", ".join(quote(n) for n in names)


def index_columns(table: Table) -> list[tuple[str, ...]]:
    """The column sets to index: foreign keys first, then district/status/kind and dates.

    A set that is the leading part of the primary key or of another set is left out: that
    index serves it.
    """
    wanted: list[tuple[str, ...]] = [key.fields for key in table.foreign_keys]
    for column in table.columns:
        if column.path and (column.type == "date" or any(
                column.name == n or column.name.endswith("_" + n) for n in _INDEXED_NAMES)):
            wanted.append((column.name,))
    result: list[tuple[str, ...]] = []
    for number, names in enumerate(wanted):
        others = [table.primary_key, *result, *wanted[number + 1:]]
        if not any(other[:len(names)] == names for other in others):
            result.append(names)
    return result


def _index_sql(table: Table, names: tuple[str, ...]) -> str:
    index = "_".join(("idx", table.name, *names))
    return f"CREATE INDEX {quote(index)} ON {quote(table.name)} ({_names(names)})"


def _value(column: Column, value: Any) -> str | int | None:
    """A written value as stored: exact digits for numbers, 0/1 for booleans."""
    if value is None:
        return None
    if column.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            raise SqliteExportError(f"column {column.name}: {value!r} is not a number")
        # format(…, "f") never writes an exponent: Decimal("0.0000001") stays 0.0000001
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if column.type == "boolean":
        if not isinstance(value, bool):
            raise SqliteExportError(f"column {column.name}: {value!r} is not a boolean")
        return int(value)
    if column.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise SqliteExportError(f"column {column.name}: {value!r} is not an integer")
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | Decimal):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    raise SqliteExportError(f"column {column.name}: cannot store {value!r}")


def _insert_sql(table: Table) -> str:
    names: list[str] = []
    values: list[str] = []
    for column in table.columns:
        names.append(column.name)
        values.append("?")
        if column.type == "number":
            names.append(column.name + REAL_SUFFIX)
            values.append("CAST(? AS REAL)")
    return (f"INSERT INTO {quote(table.name)} ({_names(names)}) "
            f"VALUES ({', '.join(values)})")


def _params(table: Table, row: dict[str, Any]) -> list[str | int | None]:
    params: list[str | int | None] = []
    for column in table.columns:
        value = _value(column, row.get(column.name))
        params.append(value)
        if column.type == "number":
            params.append(value)
    return params


_DICTIONARY = """
CREATE TABLE "_tables" (
  "name" TEXT NOT NULL PRIMARY KEY,
  "title_zh" TEXT,
  "description" TEXT,
  "primary_key" TEXT
);
CREATE TABLE "_columns" (
  "table_name" TEXT NOT NULL REFERENCES "_tables" ("name"),
  "column_name" TEXT NOT NULL,
  "position" INTEGER NOT NULL,
  "type" TEXT NOT NULL,
  "title_zh" TEXT,
  "description" TEXT,
  "sql_type" TEXT NOT NULL,
  "allowed_values" TEXT,
  PRIMARY KEY ("table_name", "column_name")
);
"""


def _dictionary_rows(table: Table) -> list[tuple[str, str, int, str, str, str, str, str | None]]:
    rows: list[tuple[str, str, int, str, str, str, str, str | None]] = []
    for column in table.columns:
        rows.append((table.name, column.name, len(rows) + 1, column.type, column.title,
                     column.description, _sql_type(column), "|".join(column.enum) or None))
        if column.type == "number":
            rows.append((
                table.name, column.name + REAL_SUFFIX, len(rows) + 1, "number",
                f"{column.title}（近似值）",
                f"CAST({column.name} AS REAL): a floating-point copy of {column.name} for "
                f"sorting and quick sums; {column.name} holds the exact written value.",
                "REAL", None,
            ))
    return rows


def _check_tables(tables: Sequence[Table]) -> None:
    names = [t.name for t in tables]
    by_name = {t.name: t for t in tables}
    if len(by_name) != len(names):
        raise SqliteExportError("two tables share a name")
    for name in names:
        if name.startswith(("_", "sqlite_")):
            raise SqliteExportError(f"table name {name} is reserved")
    for table in tables:
        for key in table.foreign_keys:
            parent = by_name.get(key.resource)
            if parent is None:
                raise SqliteExportError(f"{table.name}: foreign key to {key.resource}, "
                                        "which is not among the tables")
            if tuple(key.reference) != tuple(parent.primary_key):
                raise SqliteExportError(f"{table.name}: foreign key to {key.resource} "
                                        f"{key.reference} is not its primary key")


def write_sqlite(tables: list[Table], dataset: Dataset, path: Path) -> dict[str, int]:
    """Write every table into a new SQLite database at ``path``; the row count per table.

    Raises :class:`SqliteExportError` (and leaves ``path`` untouched) when a foreign key does
    not resolve or a value does not fit its column.
    """
    _check_tables(tables)
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    for stale in (building, building.with_name(building.name + "-journal")):
        stale.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    try:
        with closing(sqlite3.connect(building, isolation_level=None)) as db:
            counts = _load(db, tables, dataset)
        building.replace(path)
    finally:
        building.unlink(missing_ok=True)
    return counts


def _load(db: sqlite3.Connection, tables: Sequence[Table], dataset: Dataset) -> dict[str, int]:
    db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute(f"PRAGMA user_version = {USER_VERSION}")
    db.execute("PRAGMA foreign_keys = ON")
    counts: dict[str, int] = {}
    db.execute("BEGIN")
    try:
        db.execute("PRAGMA defer_foreign_keys = ON")  # parents may come after their children
        for statement in _DICTIONARY.split(";"):  # not executescript: it would commit
            if statement.strip():
                db.execute(statement)
        for table in tables:  # every table first: an insert needs its parents' tables
            db.execute(create_table_sql(table))
            db.execute('INSERT INTO "_tables" VALUES (?, ?, ?, ?)', (
                table.name, table.title, table.description, ",".join(table.primary_key)))
            db.executemany('INSERT INTO "_columns" VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                           _dictionary_rows(table))
        for table in tables:
            insert = _insert_sql(table)
            count = 0
            for row in table.rows(dataset):
                try:
                    db.execute(insert, _params(table, row))
                except sqlite3.IntegrityError as error:
                    raise SqliteExportError(f"{table.name}: {error} in row {row!r}") from error
                count += 1
            counts[table.name] = count
        for table in tables:
            for names in index_columns(table):
                db.execute(_index_sql(table, names))
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise SqliteExportError(_describe(db, broken))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("VACUUM")
    return counts


def _describe(db: sqlite3.Connection, broken: list[tuple[Any, ...]]) -> str:
    lines = []
    for table, rowid, parent, number in broken[:20]:
        key = db.execute(f"PRAGMA foreign_key_list({quote(table)})").fetchall()
        fields = [row[3] for row in key if row[0] == number]
        info = db.execute(f"PRAGMA table_info({quote(table)})").fetchall()
        primary = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
        names = [*primary, *fields]
        values = db.execute(
            f"SELECT {_names(names)} FROM {quote(table)} WHERE rowid = ?", (rowid,)
        ).fetchone() or ()
        where = ", ".join(f"{n}={v}" for n, v in zip(primary, values, strict=False))
        wanted = dict(zip(fields, values[len(primary):], strict=False))
        lines.append(f"{table} ({where}): {wanted} not found in {parent}")
    more = f" (and {len(broken) - 20} more)" if len(broken) > 20 else ""
    return "broken foreign keys: " + "; ".join(lines) + more
