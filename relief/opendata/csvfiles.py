"""One CSV per published table: ``csv/<table>.csv``.

UTF-8 with a byte order mark, so that Excel shows Chinese text; the csv module's dialect
(comma, ``"`` quoting only where needed, CRLF line ends as RFC 4180 has them). The header
row is the column names; values are written by :func:`relief.opendata.tables.cell`, so
codes stay text and ``1.50`` stays ``1.50``. Rows come in the order the tables give them:
records by id, then lines in the order they are written in the record.
"""

from __future__ import annotations

import csv
from pathlib import Path

from relief.model import Dataset
from relief.opendata.tables import Table, cell

ENCODING = "utf-8-sig"
FOLDER = "csv"


def csv_path(table: Table) -> str:
    """The file's path relative to the data folder, e.g. ``csv/disclosures_receipts.csv``."""
    return f"{FOLDER}/{table.name}.csv"


def write_table(table: Table, dataset: Dataset, path: Path) -> int:
    """Write one table; return its number of rows (the header not counted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [column.name for column in table.columns]
    count = 0
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in table.rows(dataset):
            writer.writerow([cell(row.get(name)) for name in names])
            count += 1
    return count


def write_csv(tables: list[Table], dataset: Dataset, target: Path) -> dict[str, int]:
    """Write every table under ``target/csv/``; return the row count of each by name."""
    return {table.name: write_table(table, dataset, target / csv_path(table)) for table in tables}
