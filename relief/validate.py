"""Validation of a whole dataset: load, schema, vocabulary, then the rules beyond the schema.

Every stage adds to one Report; nothing stops at the first problem. Rules beyond the schema
run only on records that passed their schema, so they can rely on its shapes; privacy is
checked on every record that loaded, valid or not, because the repository is public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from relief.dataset import RawDataset, load_dataset
from relief.problems import Problem, Report
from relief.records import RawRecord
from relief.rules.codes import check_uscc, check_uscc_duplicates
from relief.rules.context import RuleContext
from relief.rules.dates import check_dates
from relief.rules.lifecycle import check_lifecycle
from relief.rules.money import check_money
from relief.rules.money_chain import check_money_chains
from relief.rules.privacy import check_privacy
from relief.rules.quantities import check_quantities
from relief.rules.references import check_references
from relief.rules.vocab_refs import check_vocab_refs
from relief.schema_check import check_record
from relief.schemas import SchemaSet, load_schemas
from relief.vocab import Vocabulary, build_vocabulary

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


def _published_contact(collection: str) -> Callable[[str], bool]:
    """Where a mobile number may appear: an organisation's published contact fields."""

    def allowed(pointer: str) -> bool:
        return collection == "organizations" and pointer.startswith("/contact/")

    return allowed


@dataclass
class Validation:
    raw: RawDataset
    vocab: Vocabulary
    report: Report


def validate_dataset(
    raw: RawDataset, today: dt.date, schemas: SchemaSet | None = None
) -> Validation:
    schemas = schemas or load_schemas()
    report = Report()
    report.extend(raw.problems)
    valid: list[RawRecord] = []
    for record in raw.all_records():
        report.extend(check_privacy(record, _published_contact(record.collection)))
        schema_problems = check_record(record, schemas)
        report.extend(schema_problems)
        if not schema_problems:
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


def validate_path(data_dir: Path, today: dt.date) -> Validation:
    return validate_dataset(load_dataset(data_dir), today)
