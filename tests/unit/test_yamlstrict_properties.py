"""Properties of strict YAML loading: it never raises, and it reads back what PyYAML writes."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from relief.records import pointer_join
from relief.yamlstrict import load_bytes

FAST = settings(max_examples=200, deadline=None)

# Characters that exercise quoting ("#", ":", quotes, digits that look like numbers) and Chinese.
ALPHABET = "abcxyz019 -_.:#'\"/~,!&*?%@铜陵救援队（）：，"
texts = st.text(alphabet=ALPHABET, max_size=20)
scalars = (
    texts
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.booleans()
    | st.none()
    | st.sampled_from(["yes", "no", "on", "True", "0562-2812345", "2018-09-04", "1.50", "1e3", ""])
)
trees = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(texts, children, max_size=4),
    max_leaves=20,
)


def same(loaded: Any, original: Any) -> bool:
    """Equal, with types checked: an int must come back as an int, a bool as a bool."""
    if isinstance(original, bool) or original is None:
        return loaded is original
    if isinstance(original, int):
        return type(loaded) is int and loaded == original
    if isinstance(original, str):
        return type(loaded) is str and loaded == original
    if isinstance(original, list):
        return type(loaded) is list and len(loaded) == len(original) and all(
            same(a, b) for a, b in zip(loaded, original, strict=True)
        )
    return (
        type(loaded) is dict
        and list(loaded) == list(original)
        and all(same(loaded[key], value) for key, value in original.items())
    )


def pointers(tree: Any, base: str = "") -> list[str]:
    """The JSON pointer of every value in ``tree``."""
    found = [base]
    if isinstance(tree, dict | list):
        for token, child in tree.items() if isinstance(tree, dict) else enumerate(tree):
            found += pointers(child, pointer_join(base, token))
    return found


@FAST
@given(st.binary(max_size=300))
def test_never_raises_on_bytes(raw: bytes) -> None:
    loaded = load_bytes(raw, "x.yaml")
    assert (loaded.data is None) or not loaded.problems


@FAST
@given(st.text(max_size=300))
def test_never_raises_on_text(text: str) -> None:
    loaded = load_bytes(text.encode(), "x.yaml")
    assert (loaded.data is None) or not loaded.problems


@FAST
@given(st.dictionaries(texts, trees, min_size=1, max_size=6), st.booleans(), st.booleans())
def test_reads_back_safe_dump(tree: dict[str, Any], flow: bool, unicode: bool) -> None:
    dumped = yaml.safe_dump(tree, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    loaded = load_bytes(dumped.encode("utf-8"), "x.yaml")
    assert loaded.problems == []
    assert same(loaded.data, tree)
    assert loaded.has_comments is False
    assert set(loaded.positions.values) == set(pointers(tree))
    commented = load_bytes(("# 注释\n" + dumped).encode("utf-8"), "x.yaml")
    assert commented.has_comments is True
    assert same(commented.data, tree)
