"""Validation of a whole dataset: load, schema, vocabulary, then the rules beyond the schema.

Every stage adds to one Report; nothing stops at the first problem. Rules beyond the schema
run only on records that passed their schema, so they can rely on its shapes; privacy is
checked on every record that loaded, valid or not, because the repository is public, and on
the pages under ``content/`` (:func:`validate_path`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relief.content_check import check_content
from relief.dataset import RawDataset, load_dataset
from relief.problems import Problem, Report
from relief.record_cache import RecordCache
from relief.records import RawRecord, pointer_join
from relief.rules.codes import check_uscc, check_uscc_duplicates
from relief.rules.context import RuleContext
from relief.rules.dates import check_dates
from relief.rules.lifecycle import check_lifecycle
from relief.rules.money import check_money
from relief.rules.money_chain import check_money_chains
from relief.rules.privacy import check_content_privacy, check_privacy
from relief.rules.quantities import check_quantities
from relief.rules.references import check_references
from relief.rules.vocab_refs import check_vocab_refs
from relief.schema_check import check_record
from relief.schemas import COLLECTIONS, SchemaSet, load_schemas
from relief.stopwatch import Stopwatch
from relief.vocab import Vocabulary, build_vocabulary
from relief.workers import map_slices

RecordRule = Callable[[RawRecord, RuleContext], Iterable[Problem]]

# Rules that check types themselves run on every record that loaded, so that one schema
# error does not hide the others; the arithmetic rules need schema-valid shapes.
ANY_RECORD_RULES: tuple[RecordRule, ...] = (
    check_vocab_refs,
    check_references,
    check_dates,
    check_uscc,
)
VALID_RECORD_RULES: tuple[RecordRule, ...] = (check_money, check_quantities, check_lifecycle)


def phone_fields(schema: Any, base: str = "") -> set[str]:
    """Pointers of the values a schema gives the ``phone`` format (``*`` for any list index).

    Such fields are an organisation's published contact numbers, where a mobile may appear.
    ``schema`` has its ``$ref`` inlined (as the validators hold it).
    """
    found: set[str] = set()
    if isinstance(schema, list):
        for item in schema:
            found |= phone_fields(item, base)
    elif isinstance(schema, dict):
        if schema.get("format") == "phone":
            found.add(base)
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    found |= phone_fields(sub, pointer_join(base, name))
            elif key in ("items", "prefixItems", "additionalItems"):
                found |= phone_fields(value, f"{base}/*")
            elif key in ("allOf", "anyOf", "oneOf", "if", "then", "else", "not"):
                found |= phone_fields(value, base)
    return found


def _published_contact(collection: str, schemas: SchemaSet) -> Callable[[str], bool]:
    """Where a mobile number may appear: the phone fields of the collection's schema."""
    patterns = phone_fields(schemas.validators[collection].schema)
    if not patterns:
        return lambda _pointer: False
    pattern = re.compile(
        "|".join(re.escape(p).replace(r"/\*", "/[0-9]+") for p in sorted(patterns))
    )
    return lambda pointer: pattern.fullmatch(pointer) is not None


@dataclass
class Validation:
    raw: RawDataset
    vocab: Vocabulary
    report: Report


Checks = tuple[list[Problem], list[Problem]]  # a record's privacy and schema problems


def _local_checks(records: list[RawRecord], raw: RawDataset, schemas: SchemaSet,
                  workers: int) -> list[Checks]:
    """Each record's privacy and schema problems, which depend on nothing but the record:
    remembered with its file's outcome (relief/record_cache.py) where that holds them, else
    checked in up to ``workers`` processes and remembered there."""
    works = [raw.work.get(record.file) for record in records]
    todo = [i for i, work in enumerate(works) if work is None or work.checks is None]
    contacts = {name: _published_contact(name, schemas) for name in COLLECTIONS}

    def check(_first: int, indexes: Sequence[int]) -> list[Checks]:
        return [(check_privacy(records[i], contacts[records[i].collection]),
                 check_record(records[i], schemas)) for i in indexes]

    done = iter([checks for part in map_slices(check, todo, workers) for checks in part])
    results: list[Checks] = []
    for work in works:
        if work is not None and work.checks is not None:
            results.append(work.checks)
            continue
        checks = next(done)
        if work is not None:
            work.checks = checks
        results.append(checks)
    return results


def validate_dataset(
    raw: RawDataset, today: dt.date, schemas: SchemaSet | None = None, workers: int = 1
) -> Validation:
    schemas = schemas or load_schemas()
    report = Report()
    report.extend(raw.problems)
    valid: list[RawRecord] = []
    records = raw.all_records()
    checked = _local_checks(records, raw, schemas, workers)
    for record, (privacy, schema) in zip(records, checked, strict=True):
        report.extend(privacy)
        report.extend(schema)
        if not schema:
            valid.append(record)
    vocab, vocab_problems = build_vocabulary(
        [r for r in valid if r.collection == "vocab"], present=raw.ids.get("vocab", set())
    )
    report.extend(vocab_problems)
    ctx = RuleContext(
        vocab=vocab,
        today=today,
        records={name: {r.record_id: r for r in records} for name, records in raw.records.items()},
        ids=raw.ids,
    )
    for record in raw.all_records():
        for rule in ANY_RECORD_RULES:
            report.extend(rule(record, ctx))
    for record in valid:
        for rule in VALID_RECORD_RULES:
            report.extend(rule(record, ctx))
    report.extend(check_uscc_duplicates(valid))
    report.extend(check_money_chains(valid))
    return Validation(raw=raw, vocab=vocab, report=report)


def validate_path(
    data_dir: Path, today: dt.date, content_dir: Path | None = None,
    stopwatch: Stopwatch | None = None, cache: RecordCache | None = None, workers: int = 1,
) -> Validation:
    """Validate the records under ``data_dir`` and the files under ``content_dir`` (by
    default ``content/`` beside ``data_dir``): their layout, types, links and metadata
    (relief/content_check.py) and their privacy. Each file's own work is taken from
    ``cache`` where it knows the file, and remembered there."""
    watch = stopwatch or Stopwatch()
    with watch.stage("load"):
        raw = load_dataset(data_dir, cache=cache, workers=workers)
    with watch.stage("validate"):
        validation = validate_dataset(raw, today, workers=workers)
        content = data_dir.parent / "content" if content_dir is None else content_dir
        validation.report.extend(check_content(content))
        validation.report.extend(check_content_privacy(content, content.parent))
        if cache is not None:
            cache.save()
    return validation
