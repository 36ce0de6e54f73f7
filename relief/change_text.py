"""A record's field changes said in Chinese: ``对接状态：部分认领 → 已送达``,
``需求数量：500 → 800``, ``新增专业技能：应急通信``.

Field names are the schemas' Chinese titles (a line of a list is named by its description, name
or id); values are the Chinese labels of enumerated values and vocabularies, ``是``/``否`` for
booleans, numbers as written. A value that holds a personal number (an older version may have
held one before it was caught) is never shown. Used by the record pages, ``/changes/`` and
``changes.json`` alike.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from relief.labels import enum_labels
from relief.privacy_text import publishable
from relief.record_diff import FieldChange
from relief.schemas import load_schemas
from relief.vocab import Vocabulary

WITHHELD = "（含个人信息，不显示）"
LONGEST = 40  # characters of a text value shown; longer ones are cut with "…"
_ITEM_NAMES = ("description", "name", "title", "id")


def _schema(collection: str) -> dict[str, Any]:
    schema = load_schemas().validators[collection].schema  # $ref inlined; loaded once
    return schema if isinstance(schema, dict) else {}


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _walk(collection: str, pointer: str, tree: Any) -> tuple[list[str], dict[str, Any]]:
    """The names along ``pointer`` (titles, and each list line's own name) and the schema of
    the field it reaches."""
    node, value, names = _schema(collection), tree, []
    for token in _tokens(pointer):
        if node.get("type") == "array" or "items" in node:
            node = node.get("items", {}) if isinstance(node.get("items"), dict) else {}
            value = value[int(token)] if isinstance(value, list) and token.isdigit() \
                and int(token) < len(value) else None
            if isinstance(value, dict):
                line = next((str(value[k]) for k in _ITEM_NAMES if value.get(k)), "")
                names.append(f"「{_cut(line, 16)}」" if line else "")
        else:
            node = node.get("properties", {}).get(token, {})
            value = value.get(token) if isinstance(value, dict) else None
            names.append(str(node.get("title") or token))
    return [name for name in names if name], node


def _cut(text: str, longest: int = LONGEST) -> str:
    return text if len(text) <= longest else text[: longest - 1] + "…"


def _value(value: Any, field: dict[str, Any], vocab: Vocabulary | None) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        named = next((value[k] for k in _ITEM_NAMES if isinstance(value.get(k), str)), None)
        if named:
            return _value(named, {}, vocab)
        properties = field.get("properties", {})
        return " ".join(_value(v, properties.get(k, {}), vocab) for k, v in value.items()
                        if not isinstance(v, dict | list)) or "一项"
    if isinstance(value, list):
        items = field["items"] if isinstance(field.get("items"), dict) else {}
        return "、".join(_value(item, items, vocab) for item in value)
    text = str(value)
    if "enum" in field:
        text = enum_labels([str(v) for v in field["enum"]], field.get("description", "")).get(
            text, text)
    elif vocab is not None:
        text = vocab.capabilities.get(text) or vocab.goods.get(text) or text
    return _cut(publishable(text, WITHHELD))


def describe(collection: str, change: FieldChange, tree: Any,
             vocab: Vocabulary | None = None) -> str:
    """``change`` of a ``collection`` record in one Chinese line; ``tree`` is the version the
    pointer refers to (the newer one, or the older one for a removal)."""
    names, field = _walk(collection, change.pointer, tree)
    label = ""
    for name in names:  # 需求清单「棉被」·需求数量, 公开联系方式·联系电话
        label += name if not label or name.startswith("「") else f"·{name}"
    label = label or "记录"
    if change.kind == "added":
        return f"新增{label}：{_value(change.new, field, vocab)}"
    if change.kind == "removed":
        return f"删除{label}：{_value(change.old, field, vocab)}"
    return f"{label}：{_value(change.old, field, vocab)} → {_value(change.new, field, vocab)}"
