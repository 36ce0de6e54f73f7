"""Every problem code the validator and the build can report, by the stage that reports it.

Codes are stable: staff search for them, CI annotations carry them, the README's table
explains each one (a test holds the table to these lists). Every code here is written in the
source and expected by at least one invalid fixture (tests/unit/test_invalid_fixtures.py).
"""

from __future__ import annotations

# Codes of ``relief validate`` (and of the build, which validates first), by stage.
VALIDATION_CODES: dict[str, tuple[str, ...]] = {
    "loader": (
        "file.unreadable", "file.too-large", "file.control-character", "file.encoding-gbk",
        "file.not-utf8", "file.empty", "file.symlink", "file.not-regular", "file.hidden",
        "yaml.syntax", "yaml.tab-indent", "yaml.too-deep", "yaml.alias", "yaml.anchor", "yaml.tag",
        "yaml.multiple-documents", "yaml.key-type", "yaml.duplicate-key",
    ),
    "dataset": (
        "data.missing-dir", "data.unknown-collection", "data.unexpected-file",
        "record.not-mapping", "record.bad-id",
    ),
    "content/ (relief/content_check.py)": (
        "content.unexpected-file", "content.unsupported-format", "content.static-type",
        "content.path-escape", "content.template", "content.metadata-unknown",
        "content.metadata-value", "content.metadata-missing",
    ),
    "schema": (
        "schema.required", "schema.unknown-field", "schema.type", "schema.enum",
        "schema.format-date", "schema.format-local-datetime", "schema.format-yuan",
        "schema.format-phone", "schema.pattern", "schema.range", "schema.length", "schema.unique",
        "schema.not-allowed", "schema.any-of", "schema.one-of",
    ),
    "vocabularies": (
        "vocab.missing", "vocab.name-mismatch", "vocab.duplicate-entry", "vocab.unknown-group",
        "vocab.unknown-district", "vocab.unknown-town", "vocab.town-district-mismatch",
        "vocab.unknown-capability", "vocab.unknown-goods", "vocab.unknown-unit", "code.division",
    ),
    "references": (
        "ref.unknown-organization", "ref.unknown-campaign", "ref.unknown-bulletin",
        "ref.unknown-disclosure", "ref.self-correction", "ref.correction-mismatch",
        "ref.duplicate-line-id", "ref.unknown-need-item",
    ),
    "money, goods and quantities": (
        "money.received-mismatch", "money.used-mismatch", "money.balance-mismatch",
        "money.used-exceeds-received", "goods.used-exceeds-received",
    ),
    "money chains: each period of each organisation × campaign counted once": (
        "money.correction-cycle", "money.correction-conflict", "money.period-overlap",
        "money.opening-mismatch", "money.carried-over-not-first", "money.receipt-number-duplicate",
        "money.line-outside-period", "quantity.committed-exceeds", "quantity.delivered-exceeds",
        "quantity.delivered-exceeds-committed",
    ),
    "fulfilment lifecycle: status against quantities": (
        "need.status-mismatch", "offer.status-mismatch",
    ),
    "dates and codes": (
        "date.future", "date.order", "code.uscc", "code.uscc-override", "code.uscc-duplicate",
    ),
    "privacy": (
        "privacy.id-number", "privacy.bank-card", "privacy.mobile", "privacy.donor-name",
    ),
}

# Codes only the build can report, knowing every output path and what Pelican made of
# content/ (tested in tests/unit/test_build_content.py).
BUILD_CODES = frozenset({
    "output.collision", "output.outside", "content.not-processed", "content.missing-dir",
})

ALL_CODES = frozenset(code for codes in VALIDATION_CODES.values() for code in codes)
