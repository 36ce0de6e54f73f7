"""The published tables, derived from the schemas: one table per collection and one per list
of objects inside a record (receipts, need items, equipment, activities …), nested lists
included.

Columns come from the schema (scalars; objects flattened with ``_``, e.g. ``team_members``;
lists of scalars joined with ``|``), with the schema's Chinese titles. Keys: a record table
has ``id``; a line table has ``record_id`` plus the line's own ``id`` when the schema gives
lines one, else ``line_no`` (1-based); a nested line table adds the parent line's key.
Foreign keys tie every line table to its parent and follow the same cross-references the
validator checks (relief/rules/references.py).

Two columns of the disclosures table are derived, not written in ``data/``: ``counted``
(whether the disclosure is the effective one of its period, the one every total counts) and
``replaced_by`` (for a version replaced by a correction, the effective one), both from
``relief.money_chain``. To add up receipts as the site does, keep the lines of counted
disclosures only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from relief.derive import disclosure_chains
from relief.model import Dataset
from relief.rules.references import REFERENCES
from relief.schemas import COLLECTIONS, load_schemas

JOIN = "|"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date
    title: str
    description: str
    path: tuple[str, ...] = ()  # keys within the row's object; empty for key columns
    joined: bool = False  # a list of scalars written as one value joined with "|"
    enum: tuple[str, ...] = ()


DISCLOSURE_CHAIN_COLUMNS = [
    Column("counted", "boolean", "计入合计",
           "Derived: whether the disclosure counts in the totals (the effective one of its "
           "period: in force and not replaced by a correction)."),
    Column("replaced_by", "string", "已被替代",
           "Derived: the correction that now counts for this disclosure's period, if any."),
]


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass
class Table:
    name: str
    collection: str
    # one entry per list level: the keys leading from the row above to the list
    path: tuple[tuple[str, ...], ...]
    title: str
    description: str
    columns: list[Column] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()
    foreign_keys: list[ForeignKey] = field(default_factory=list)

    def rows(self, dataset: Dataset) -> Iterator[dict[str, Any]]:
        """Rows as written values (Decimal, int, bool, str, None); lists joined."""
        chains = disclosure_chains(dataset) if self.name == "disclosures" else None
        for record in dataset.collection(self.collection):
            for row in self._rows(record.data, self.path, {"record_id": record.id}, record.id):
                if chains is not None:
                    row["counted"] = chains.counted(record.id)
                    row["replaced_by"] = chains.replaced_by.get(record.id)
                yield row

    def _rows(self, node: Any, path: tuple[tuple[str, ...], ...], keys: dict[str, Any],
              record_id: str) -> Iterator[dict[str, Any]]:
        if not path:
            row = dict(keys) if self.path else {"id": record_id}
            for column in self.columns:
                if column.path:
                    row[column.name] = _value(node, column)
            yield row
            return
        lines = _value(node, Column("", "", "", "", path[0]))
        name = "line_key" if len(path) == 1 else f"{_level_name(path[0])}_key"
        for number, line in enumerate(lines or [], start=1):
            key = line.get("id", number) if isinstance(line, dict) else number
            yield from self._rows(line, path[1:], {**keys, name: key}, record_id)


def _level_name(level: tuple[str, ...]) -> str:
    return "_".join(level)


def _value(node: Any, column: Column) -> Any:
    value = node
    for key in column.path:
        value = value.get(key) if isinstance(value, dict) else None
    if column.joined and isinstance(value, list):
        return JOIN.join(str(item) for item in value)
    return value


def _type(spec: dict[str, Any]) -> str:
    kind = spec.get("type")
    if kind == "string" and spec.get("format") == "date":
        return "date"
    return kind if kind in ("integer", "number", "boolean") else "string"


def _columns(schema: dict[str, Any], prefix: tuple[str, ...], table: Table,
             tables: list[Table]) -> None:
    for name, spec in schema.get("properties", {}).items():
        path = (*prefix, name)
        kind = spec.get("type")
        if kind == "object":
            _columns(spec, path, table, tables)
        elif kind == "array":
            items = spec.get("items", {})
            if items.get("type") == "object":
                _line_table(table, (*table.path, path), items, spec, tables)
            else:
                table.columns.append(Column(
                    "_".join(path), "string", spec.get("title", name),
                    f"{spec.get('description', '')} (values joined with {JOIN})", path, True,
                ))
        else:
            table.columns.append(Column(
                "_".join(path), _type(spec), spec.get("title", name),
                spec.get("description", ""), path,
                enum=tuple(str(v) for v in spec.get("enum", ())),
            ))


def _line_table(parent: Table, path: tuple[tuple[str, ...], ...], items: dict[str, Any],
                spec: dict[str, Any], tables: list[Table]) -> None:
    has_id = "id" in items.get("properties", {})
    table = Table(
        name="_".join((parent.collection, *map(_level_name, path))),
        collection=parent.collection, path=path,
        title=f"{parent.title} · {spec.get('title', _level_name(path[-1]))}",
        description=spec.get("description", ""),
    )
    parent_keys = ("record_id", *[f"{_level_name(level)}_key" for level in path[:-1]])
    table.columns.append(Column("record_id", "string", "记录编号", "Id of the record."))
    if parent.path:  # the parent's own keys, its line key renamed after its list
        table.columns += [c for c in parent.columns if c.name.endswith("_key") and c.path == ()
                          and c.name != "line_key"]
        line_type = next(c.type for c in parent.columns if c.name == "line_key")
        name = _level_name(path[-2])
        table.columns.append(
            Column(f"{name}_key", line_type, "上级条目", f"Key of the {name} line.")
        )
    table.columns.append(Column(
        "line_key", "string" if has_id else "integer", "条目编号" if has_id else "序号",
        "The line's own id." if has_id else "Position of the line in its list, from 1.",
    ))
    table.primary_key = (*parent_keys, "line_key")
    parent_reference = ("id",) if parent.path == () else parent.primary_key
    table.foreign_keys.append(ForeignKey(parent_keys, parent.name, parent_reference))
    tables.append(table)
    own = {k: v for k, v in items.get("properties", {}).items() if k != "id"}
    _columns({"properties": own}, (), table, tables)


def build_tables() -> list[Table]:
    """Every published table, records first, in a stable order."""
    schemas = load_schemas()
    tables: list[Table] = []
    for collection in COLLECTIONS:
        schema: dict[str, Any] = dict(schemas.validators[collection].schema)  # type: ignore[arg-type]
        table = Table(
            name=collection, collection=collection, path=(), title=schema["title"],
            description=schema["description"], primary_key=("id",),
        )
        table.columns.append(Column("id", "string", "记录编号", "Id of the record (file name)."))
        tables.append(table)
        _columns(schema, (), table, tables)
        if collection == "disclosures":
            table.columns += DISCLOSURE_CHAIN_COLUMNS
    _reference_keys(tables)
    return tables


def _reference_keys(tables: list[Table]) -> None:
    by_name = {t.name: t for t in tables}
    for collection, path, target in REFERENCES:
        *lists, rest = "/".join(path).split("/*/") if "*" in path else ["", "/".join(path)]
        table = by_name["_".join([collection, *(p.replace("/", "_") for p in lists if p)])]
        table.foreign_keys.append(ForeignKey((rest.replace("/", "_"),), target, ("id",)))
    by_name["disclosures"].foreign_keys.append(ForeignKey(("replaced_by",), "disclosures", ("id",)))
    # A use meets one need item: a key of two columns into the need items table.
    by_name["disclosures_uses"].foreign_keys.append(ForeignKey(
        ("need_item_bulletin", "need_item_item"), "bulletins_needs", ("record_id", "line_key"),
    ))


def cell(value: Any) -> str:
    """A value as written in CSV: Decimal keeps its digits, booleans are true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # str() would write 0.0000001 as 1E-7
    return str(value)
