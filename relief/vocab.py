"""Controlled vocabularies read from ``data/vocab/``: divisions, capabilities, goods, units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relief.problems import Problem
from relief.records import RawRecord, pointer_join

VOCABS = ("divisions", "capabilities", "goods", "units")
_COUNTY_CODE = re.compile(r"[1-8]\d{5}")


@dataclass
class Vocabulary:
    city_name: str = ""
    city_code: str = ""
    districts: dict[str, str] = field(default_factory=dict)  # name -> GB/T 2260 code
    towns: dict[str, set[str]] = field(default_factory=dict)  # district name -> town names
    capabilities: dict[str, str] = field(default_factory=dict)  # id -> Chinese name
    goods: dict[str, str] = field(default_factory=dict)
    units: set[str] = field(default_factory=set)
    # vocabularies whose file exists but is invalid: membership in them cannot be judged
    unusable: set[str] = field(default_factory=set)

    def district_of_town(self, town: str) -> list[str]:
        return sorted(d for d, names in self.towns.items() if town in names)


def build_vocabulary(
    records: list[RawRecord], present: set[str]
) -> tuple[Vocabulary, list[Problem]]:
    """Read the schema-valid vocabulary records and check their own consistency.

    ``present`` names every vocabulary file found, valid or not: one that is present but
    invalid is reported where it is wrong, not as missing, and is marked unusable so that
    the values checked against it are not all reported as unknown too.
    """
    vocab = Vocabulary()
    problems: list[Problem] = []
    seen: set[str] = set()
    for record in records:
        name = record.data.get("vocab")
        if name != record.record_id:
            problems.append(
                record.problem(
                    "vocab.name-mismatch",
                    "/vocab",
                    f"词表类型 {name} 与文件名 {record.record_id} 不一致",
                    f"vocab {name} does not match the file name {record.record_id}",
                    hint=f"文件应命名为 {name}.yaml | the file should be {name}.yaml",
                )
            )
            continue
        seen.add(name)
        problems.extend(_check_duplicates(record))
        entries = record.data.get("entries", [])
        if name == "divisions":
            problems.extend(_read_divisions(record, vocab))
        elif name in ("capabilities", "goods"):
            problems.extend(_check_groups(record))
            target = vocab.capabilities if name == "capabilities" else vocab.goods
            target.update({e["id"]: e["name"] for e in entries})
        else:
            vocab.units.update(e["name"] for e in entries)
    for name in VOCABS:
        if name in present and name not in seen:
            vocab.unusable.add(name)
        elif name not in seen:
            problems.append(
                Problem(
                    file=f"data/vocab/{name}.yaml",
                    line=None,
                    column=None,
                    code="vocab.missing",
                    message_zh=f"缺少词表 {name}.yaml",
                    message_en=f"vocabulary {name}.yaml is missing",
                )
            )
    return vocab, problems


def _check_duplicates(record: RawRecord) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, entry in enumerate(record.data.get("entries", [])):
        key = entry.get("id") or entry.get("code") or entry.get("name")
        if key in seen:
            problems.append(
                record.problem(
                    "vocab.duplicate-entry",
                    pointer_join("/entries", index),
                    f"词表条目 {key} 重复",
                    f"vocabulary entry {key} appears twice",
                )
            )
        seen.add(key)
    return problems


def _check_groups(record: RawRecord) -> list[Problem]:
    groups = {g["id"] for g in record.data.get("groups", [])}
    return [
        record.problem(
            "vocab.unknown-group",
            pointer_join(pointer_join("/entries", index), "group"),
            f"分类 {entry['group']} 未在 groups 中定义",
            f"group {entry['group']} is not defined",
        )
        for index, entry in enumerate(record.data.get("entries", []))
        if entry.get("group") not in groups
    ]


def _read_divisions(record: RawRecord, vocab: Vocabulary) -> list[Problem]:
    """GB/T 2260: a county code is six digits sharing its city's first four."""
    problems = []
    city = record.data["city"]
    vocab.city_name, vocab.city_code = city["name"], city["code"]
    if not city["code"].endswith("00"):
        problems.append(
            record.problem(
                "code.division",
                "/city/code",
                f"地级市区划代码 {city['code']} 应以 00 结尾",
                f"a prefecture code such as {city['code']} ends in 00",
            )
        )
    for index, entry in enumerate(record.data["entries"]):
        code = entry["code"]
        if not _COUNTY_CODE.fullmatch(code) or code[:4] != city["code"][:4] or code.endswith("00"):
            problems.append(
                record.problem(
                    "code.division",
                    pointer_join(pointer_join("/entries", index), "code"),
                    f"区划代码 {code} 不是 {city['name']} 下辖县级区划的代码",
                    f"{code} is not a county-level GB/T 2260 code under {city['code']}",
                )
            )
        vocab.districts[entry["name"]] = code
        vocab.towns[entry["name"]] = {t["name"] for t in entry.get("towns", [])}
    return problems
