"""Every cell of a record table carries its column's name, so a phone can show rows as cards.

On a narrow screen the stylesheet turns each row of a ``rl-table`` into a card of
"column name: value" lines (``data-label``, shown by CSS), so no column hides behind a
sideways scroll. The names are those of the table's own header row, copied to the cells of
each body and footer row once the page is rendered: every table gets them, whatever its
template, its optional columns or its columns made from the data (activity kinds, districts).

A table of up to three columns fits a phone and stays a table; a wider one is marked
``rl-table--stack``. This reads only what the templates write (escaped text, well-formed
tables, no table inside a table); a cell that already has a ``data-label`` keeps it.
"""

from __future__ import annotations

import re
from html import unescape

from markupsafe import escape

MAX_KEPT_COLUMNS = 3
_TABLE = re.compile(r'<table class="rl-table[^"]*"[^>]*>.*?</table>', re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_BODY = re.compile(r"<(tbody|tfoot)>(.*?)</\1>", re.S)
_HEAD_CELL = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL_START = re.compile(r"<(td|th)\b([^>]*)>")
_SPAN = re.compile(r'colspan="(\d+)"')
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _column_names(head: str) -> list[str]:
    names: list[str] = []
    for attributes, content in _HEAD_CELL.findall(head):
        span = _SPAN.search(attributes)
        text = _SPACE.sub(" ", unescape(_TAGS.sub("", content))).strip()
        names.extend([text] * (int(span.group(1)) if span else 1))
    return names


def _label_row(row: str, names: list[str]) -> str:
    column = 0

    def label(match: re.Match[str]) -> str:
        nonlocal column
        tag, attributes = match.groups()
        span = _SPAN.search(attributes)
        name = names[column] if column < len(names) else ""
        column += int(span.group(1)) if span else 1
        if not name or "data-label=" in attributes:
            return match.group()
        return f'<{tag}{attributes} data-label="{escape(name)}">'

    return _CELL_START.sub(label, row)


def _label_table(table: str) -> str:
    head = _HEAD.search(table)
    if head is None:
        return table
    names = _column_names(head.group(1))
    if len(names) > MAX_KEPT_COLUMNS:  # too wide for a phone: cards there (rl-table--stack)
        table = table.replace('class="rl-table', 'class="rl-table rl-table--stack', 1)

    def label_rows(part: re.Match[str]) -> str:
        rows = _ROW.sub(lambda row: _label_row(row.group(), names), part.group(2))
        return f"<{part.group(1)}>{rows}</{part.group(1)}>"

    return _BODY.sub(label_rows, table)


def label_cells(html: str) -> str:
    """``html`` with the cells of every ``rl-table`` body and footer row named after their
    column."""
    if 'class="rl-table' not in html:
        return html
    return _TABLE.sub(lambda table: _label_table(table.group()), html)
