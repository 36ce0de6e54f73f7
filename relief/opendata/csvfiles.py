"""One CSV per published table: ``csv/<table>.csv``.

UTF-8 with a byte order mark, so that Excel shows Chinese text; the csv module's dialect
(comma, ``"`` quoting only where needed, CRLF line ends as RFC 4180 has them). The header
row is the column names; values are written by :func:`relief.opendata.tables.cell`, so
codes stay text and ``1.50`` stays ``1.50``. Rows come in the order the tables give them:
records by id, then lines in the order they are written in the record.

Text a spreadsheet would run as a formula is neutralised here, in CSV only (JSON and SQLite
keep every value as written): :func:`csv_cell` puts a single quote before a text value that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (the characters Excel,
LibreOffice and Google Sheets read as the start of a formula), or with their full-width forms
``＝＋－＠`` (a precaution: Chinese input methods type them, and we could not confirm that no
spreadsheet reads them so), and before a text value that already begins with a quote, so that
removing one leading quote from any text value always gives the value as written. Numbers are
never changed: ``-5`` typed as a number stays ``-5``. :data:`RULE_ZH` states the rule for the
Data Package and the downloads page.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from relief.model import Dataset
from relief.opendata.tables import Table, cell

ENCODING = "utf-8-sig"
FOLDER = "csv"
QUOTE = "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
RULE_ZH = (
    "为防止电子表格软件把单元格当作公式执行，CSV 中以 = + - @、制表符、回车或全角 ＝＋－＠ "
    "开头的文本值前加了一个英文单引号 '（原本以 ' 开头的文本值也加一个）：去掉文本值开头的"
    "一个 ' 即得原值。数字不加引号；JSON 和 SQLite 文件中的值与原记录完全一致。"
)


def csv_path(table: Table) -> str:
    """The file's path relative to the data folder, e.g. ``csv/disclosures_receipts.csv``."""
    return f"{FOLDER}/{table.name}.csv"


def neutralised(text: str) -> str:
    """Text as a CSV cell: a quote before a formula's first character or a quote."""
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def csv_cell(value: Any) -> str:
    """A row's value as written in CSV; only text is neutralised, never a number."""
    return neutralised(value) if isinstance(value, str) else cell(value)


def write_table(table: Table, dataset: Dataset, path: Path) -> int:
    """Write one table; return its number of rows (the header not counted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [column.name for column in table.columns]
    count = 0
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in table.rows(dataset):
            writer.writerow([csv_cell(row.get(name)) for name in names])
            count += 1
    return count


def write_csv(tables: list[Table], dataset: Dataset, target: Path) -> dict[str, int]:
    """Write every table under ``target/csv/``; return the row count of each by name."""
    return {table.name: write_table(table, dataset, target / csv_path(table)) for table in tables}
