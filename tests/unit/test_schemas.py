"""The schemas are the data dictionary: every field documented, closed, and valid 2020-12."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from relief.schemas import COLLECTIONS, load_schemas

CJK = re.compile(r"[\u4e00-\u9fff]")
# Conditions (if/then/else/not) restate fields to select a branch; they define none.
CONDITIONS = ("if", "then", "else", "not")


def _properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, spec in node.get("properties", {}).items():
            yield f"{path}/{name}", spec
        for key, value in node.items():
            if key not in CONDITIONS:
                yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{path}/{index}")


@pytest.mark.parametrize("name", [*COLLECTIONS, "defs"])
def test_every_property_has_chinese_title_and_description(name: str) -> None:
    schema = load_schemas().schemas[name]
    missing = [
        path
        for path, spec in _properties(schema)
        if not CJK.search(str(spec.get("title", ""))) or not spec.get("description")
    ]
    assert missing == []


@pytest.mark.parametrize("name", [*COLLECTIONS, "defs"])
def test_every_object_is_closed(name: str) -> None:
    def objects(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield path, node
            for key, value in node.items():
                if key not in CONDITIONS:
                    yield from objects(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from objects(item, f"{path}/{index}")

    open_objects = [
        path
        for path, node in objects(load_schemas().schemas[name])
        if node.get("additionalProperties") is not False
    ]
    assert open_objects == []


@pytest.mark.parametrize("name", [*COLLECTIONS, "defs"])
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = load_schemas().schemas[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_inlined_validators_hold_no_refs() -> None:
    for name, validator in load_schemas().validators.items():
        assert "$ref" not in str(validator.schema), name
