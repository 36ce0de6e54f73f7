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

_DISTRICT_LISTS = ("districts", "service_area")
_FIELDS = frozenset(
    {"district", *_DISTRICT_LISTS, "town", "capability", "capabilities", "goods", "unit"}
)


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
    vocab = ctx.vocab
    for key, item in value.items():
        if key not in _FIELDS and not isinstance(item, dict | list):
            continue
        here = pointer_join(pointer, key)
        if key == "district" and isinstance(item, str):
            yield from _member(record, here, item, vocab.districts, "县区", "district")
        elif key in _DISTRICT_LISTS and isinstance(item, list):
            allowed = dict(vocab.districts)
            if key == "service_area" and vocab.city_name:
                allowed[vocab.city_name] = vocab.city_code
            for index, name in enumerate(item):
                yield from _member(
                    record, pointer_join(here, index), name, allowed, "县区", "district"
                )
        elif key == "town" and isinstance(item, str):
            yield from _check_town(record, here, item, value.get("district"), ctx)
        elif key == "capability" and isinstance(item, str):
            yield from _member(record, here, item, vocab.capabilities, "专业技能", "capability")
        elif key == "capabilities" and isinstance(item, list):
            for index, name in enumerate(item):
                yield from _member(
                    record,
                    pointer_join(here, index),
                    name,
                    vocab.capabilities,
                    "专业技能",
                    "capability",
                )
        elif key == "goods" and isinstance(item, str):
            yield from _member(record, here, item, vocab.goods, "物资类别", "goods")
        elif key == "unit" and isinstance(item, str):
            yield from _member(record, here, item, vocab.units, "计量单位", "unit")
        else:
            yield from _walk(record, item, here, ctx)


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
