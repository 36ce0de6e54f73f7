"""Every district, town, capability, goods category and unit named in a record is in the vocab.

Fields are recognised by name, the same in every schema: ``district``/``districts``/
``service_area``, ``town``, ``capability``/``capabilities``, ``goods`` and ``unit``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from relief.problems import Problem
from relief.records import RawRecord, pointer_join
from relief.rules.context import RuleContext
from relief.vocab import Vocabulary

# field name -> (vocabulary, problem code suffix, Chinese name, holds a list)
_FIELDS: dict[str, tuple[str, str, str, bool]] = {
    "district": ("divisions", "district", "县区", False),
    "districts": ("divisions", "district", "县区", True),
    "service_area": ("divisions", "district", "县区", True),
    "capability": ("capabilities", "capability", "专业技能", False),
    "capabilities": ("capabilities", "capability", "专业技能", True),
    "goods": ("goods", "goods", "物资类别", False),
    "unit": ("units", "unit", "计量单位", False),
}


def _allowed(vocab: Vocabulary, key: str) -> Iterable[str]:
    if key in ("district", "districts"):
        return vocab.districts
    if key == "service_area":
        return [*vocab.districts, vocab.city_name]  # 铜陵市 for the whole city
    if key.startswith("capabilit"):
        return vocab.capabilities
    return vocab.goods if key == "goods" else vocab.units


def check_vocab_refs(record: RawRecord, ctx: RuleContext) -> Iterator[Problem]:
    if record.collection == "vocab":
        return
    yield from _walk(record, record.data, "", ctx)


def _walk(record: RawRecord, value: Any, pointer: str, ctx: RuleContext) -> Iterator[Problem]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(record, item, pointer_join(pointer, index), ctx)
        return
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        field = _FIELDS.get(key)
        if key == "town" and isinstance(item, str):
            if "divisions" not in ctx.vocab.unusable:
                here = pointer_join(pointer, key)
                yield from _check_town(record, here, item, value.get("district"), ctx)
        elif field is not None and isinstance(item, list if field[3] else str):
            if field[0] in ctx.vocab.unusable:
                continue
            here = pointer_join(pointer, key)
            allowed = _allowed(ctx.vocab, key)
            located = (
                [(pointer_join(here, i), name) for i, name in enumerate(item)]
                if field[3]
                else [(here, item)]
            )
            for at, name in located:
                yield from _member(record, at, name, allowed, field[2], field[1])
        elif isinstance(item, dict | list):
            yield from _walk(record, item, pointer_join(pointer, key), ctx)


def _member(
    record: RawRecord, pointer: str, value: object, allowed: Iterable[str], zh: str, en: str
) -> Iterator[Problem]:
    names = sorted(allowed)
    if not isinstance(value, str) or value in names:
        return
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.5)
    hint = (
        f"是否应为 did you mean: {close[0]}"
        if close
        else (f"可用的{zh}见 data/vocab/ | see data/vocab/ for the allowed values")
    )
    yield record.problem(
        f"vocab.unknown-{en}",
        pointer,
        f"{zh} {value} 不在词表中",
        f"{en} {value} is not in the vocabulary",
        hint=hint,
    )


def _check_town(
    record: RawRecord, pointer: str, town: str, district: object, ctx: RuleContext
) -> Iterator[Problem]:
    homes = ctx.vocab.district_of_town(town)
    if not homes:
        all_towns = sorted(set().union(*ctx.vocab.towns.values())) if ctx.vocab.towns else []
        yield from _member(record, pointer, town, all_towns, "乡镇(街道)", "town")
    elif isinstance(district, str) and district in ctx.vocab.districts and district not in homes:
        yield record.problem(
            "vocab.town-district-mismatch",
            pointer,
            f"{town} 属于 {'、'.join(homes)},不属于 {district}",
            f"{town} lies in {', '.join(homes)}, not in {district}",
        )
