"""Every value in the sample survives load -> model -> JSON with its form intact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from relief import exactjson
from relief.dataset import load_dataset
from relief.model import build_model, collection_json
from relief.schemas import COLLECTIONS
from relief.validate import validate_dataset
from relief.yamlstrict import load_file
from tests.conftest import SAMPLE_DATA, TODAY


def form(value: Any) -> Any:
    """A value with its written form made explicit: Decimal('1.50') -> ('decimal', '1.50')."""
    if isinstance(value, dict):
        return {key: form(item) for key, item in value.items()}
    if isinstance(value, list):
        return [form(item) for item in value]
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    return (type(value).__name__, value)


def test_exactjson_keeps_forms() -> None:
    tree = {"money": Decimal("1.50"), "code": "340705", "phone": "0562-2812345",
            "answer": "no", "flag": True, "none": None, "text": "枞阳县 \"引号\"\n第二行"}
    text = exactjson.dumps(tree)
    assert '"money": 1.50' in text
    assert '"code": "340705"' in text
    assert form(exactjson.loads(text)) == form(tree)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_sample_record_round_trips(collection: str) -> None:
    validation = validate_dataset(load_dataset(SAMPLE_DATA), TODAY)
    dataset = build_model(validation, TODAY)
    published = exactjson.loads(exactjson.dumps(collection_json(dataset, collection)))
    by_id = {record.pop("id"): record for record in published}
    files = sorted((SAMPLE_DATA / collection).glob("*.yaml"))
    assert sorted(by_id) == sorted(path.stem for path in files)
    for path in files:
        original = load_file(path, str(path)).data
        assert form(by_id[path.stem]) == form(original), path.name


def test_sample_contains_the_forms_that_matter() -> None:
    """Guard that the round trip above is meaningful: the sample has such values."""
    forms: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, Decimal) and "." in str(value):
            forms.add("decimal-fraction")
        elif isinstance(value, str) and value[:1] == "0" and value[1:2].isdigit():
            forms.add("leading-zero-string")
        elif isinstance(value, str) and value.isdigit():
            forms.add("digit-string")

    for path in Path(SAMPLE_DATA).glob("*/*.yaml"):
        walk(load_file(path, str(path)).data)
    assert forms == {"decimal-fraction", "leading-zero-string", "digit-string"}


def test_tiny_decimals_keep_their_written_digits() -> None:
    from relief.opendata.tables import cell

    tiny = Decimal("0.0000001")
    assert exactjson.dumps({"x": tiny}, indent=None) == '{"x": 0.0000001}'
    assert cell(tiny) == "0.0000001"
