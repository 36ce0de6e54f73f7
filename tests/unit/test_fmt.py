"""Canonical formatting: schema key order, quoting, exact round trips, and the fmt command."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relief import fmt
from relief.fmt import format_record, run_fmt
from relief.schemas import load_schemas
from relief.yamlstrict import load_bytes, load_file

SCHEMAS = load_schemas()
DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def same(a: Any, b: Any) -> bool:
    """Equal with the same types and the same Decimal text (1.50 is not 1.5); key order ignored."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return str(a) == str(b)


def reload(text: str) -> Any:
    loaded = load_bytes(text.encode("utf-8"), "formatted.yaml")
    assert loaded.problems == [], text
    return loaded.data


def emit(value: Any) -> str:
    """How ``value`` is written after "k: " in a record of a collection without a schema."""
    text = format_record({"k": value}, "misc", SCHEMAS)
    assert text.startswith("k: ") and text.endswith("\n")
    return text[3:-1]


# --- key order ---------------------------------------------------------------------------


def test_keys_follow_the_schema_at_every_level_unknown_keys_last() -> None:
    record = {
        "zz_unknown": "b",
        "sources": [{"date": "2026-10-08", "url": "https://example.org/x", "title": "申报表"}],
        "kind": "enterprise",
        "aa_unknown": "a",
        "registration": {"date": "2016-04-22", "authority": "铜陵市民政局"},
        "equipment": [
            {
                "unit": "艘",
                "quantity": 4,
                "description": "冲锋舟",
                "goods": "rescue-boat",
            }
        ],
        "name": "示例企业",
    }
    assert format_record(record, "organizations", SCHEMAS) == (
        "name: 示例企业\n"
        "kind: enterprise\n"
        "registration:\n"
        "  authority: 铜陵市民政局\n"
        "  date: 2016-04-22\n"
        "equipment:\n"
        "  - goods: rescue-boat\n"
        "    description: 冲锋舟\n"
        "    quantity: 4\n"
        "    unit: 艘\n"
        "sources:\n"
        "  - title: 申报表\n"
        "    url: https://example.org/x\n"
        "    date: 2026-10-08\n"
        "zz_unknown: b\n"
        "aa_unknown: a\n"
    )


def test_collection_without_a_schema_keeps_the_written_order() -> None:
    assert format_record({"b": "1x", "a": "2x"}, "misc", SCHEMAS) == "b: 1x\na: 2x\n"


# --- layout and scalars ------------------------------------------------------------------


def test_block_layout_of_nested_containers() -> None:
    record = {"m": {"l": [["a", "b"], {"x": None, "y": True}, [], {}], "e": False}}
    text = format_record(record, "misc", SCHEMAS)
    assert text == (
        "m:\n"
        "  l:\n"
        "    - - a\n"
        "      - b\n"
        "    - x: null\n"
        "      y: true\n"
        "    - []\n"
        "    - {}\n"
        "  e: false\n"
    )
    assert same(reload(text), record)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("0562-2812345", "0562-2812345"),
        ("2018-09-04", "2018-09-04"),
        ("no", "no"),
        ("中文：冒号，井号#", "中文：冒号，井号#"),
        ('say "hi"', 'say "hi"'),
        ("340705", '"340705"'),
        ("1.5", '"1.5"'),
        ("-3", '"-3"'),
        ("true", '"true"'),
        ("null", '"null"'),
        ("~", '"~"'),
        ("", '""'),
        (" x", '" x"'),
        ("x ", '"x "'),
        ("a: b", '"a: b"'),
        ("a:", '"a:"'),
        ("a #b", '"a #b"'),
        ("#x", '"#x"'),
        ("- x", '"- x"'),
        ("[x", '"[x"'),
        ("@x", '"@x"'),
        ("`x", '"`x"'),
        ("...", '"..."'),
        ("tab\there", '"tab\\there"'),
        ('back\\slash: "q"', '"back\\\\slash: \\"q\\""'),
        ("bell\x07\u2028", '"bell\\a\\L"'),
    ],
)
def test_strings_are_plain_only_when_they_read_back_the_same(value: str, written: str) -> None:
    assert emit(value) == written
    assert reload(f"k: {written}\n") == {"k": value}


def test_keys_are_quoted_like_values() -> None:
    record = {"1": "a", "true": "b", "a: b": "c", "": "d", "plain": "e"}
    text = format_record(record, "misc", SCHEMAS)
    assert text == '"1": a\n"true": b\n"a: b": c\n"": d\nplain: e\n'
    assert same(reload(text), record)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (Decimal("1.50"), "1.50"),
        (Decimal("-0.0"), "-0.0"),
        (Decimal("0.0000001"), "0.0000001"),
        (340705, "340705"),
        (-3, "-3"),
        (True, "true"),
        (False, "false"),
        (None, "null"),
        ([], "[]"),
        ({}, "{}"),
    ],
)
def test_other_scalars_keep_their_exact_text(value: Any, written: str) -> None:
    assert emit(value) == written
    assert same(reload(f"k: {written}\n"), {"k": value})


def test_markdown_bodies_are_literal_blocks() -> None:
    body = "*示例*\n\n## 标题\n\n- 一\n  - 二\n\n正文 `code`: x #y\n"
    text = format_record({"body": body, "after": "z"}, "misc", SCHEMAS)
    assert text == (
        "body: |\n  *示例*\n\n  ## 标题\n\n  - 一\n    - 二\n\n  正文 `code`: x #y\nafter: z\n"
    )
    assert reload(text) == {"body": body, "after": "z"}
    assert load_bytes(text.encode(), "x.yaml").has_comments is False
    assert emit("a\nb") == "|-\n  a\n  b"


@pytest.mark.parametrize(
    "value",
    ["a \nb", "a\nb ", " a\nb", "\n  a", "a\n\n", "\n", "a\tb\nc", "a\r\nb", "\ufeffa\nb"],
)
def test_multi_line_text_a_block_cannot_keep_is_double_quoted(value: str) -> None:
    written = emit(value)
    assert written.startswith('"') and "\n" not in written
    assert reload(f"k: {written}\n") == {"k": value}


def test_long_lines_are_not_folded() -> None:
    value = "长" * 400 + " word" * 100
    assert emit(value) == value


def test_unsupported_types_are_refused() -> None:
    with pytest.raises(TypeError):
        format_record({"k": 1.5}, "misc", SCHEMAS)


# --- round trips -------------------------------------------------------------------------

ALPHABET = st.characters(codec="utf-8") | st.sampled_from(
    list("铜陵救援队（）：，。 \n\t\r\"'#:-?[]{}|>&*!%@`,\\~\u2028\x85\ufeff")
)
SPECIAL = st.sampled_from(
    ["", " ", "true", "null", "~", "no", "340705", "1.50", "-0", "0562-2812345", "a: b", "#x",
     "- x", "...", "---", "a\nb\n", "a\n\n", "\n", " a\nb", "x\n  y\n", "|", ">-"]
)  # fmt: skip
TEXTS = st.text(ALPHABET, max_size=30) | SPECIAL
NUMBERS = st.integers(-(10**30), 10**30) | st.from_regex(
    r"-?(?:0|[1-9][0-9]{0,20})\.[0-9]{1,8}", fullmatch=True
).map(Decimal)  # what the loader makes: int when whole, Decimal with the written fraction
SCALARS = TEXTS | NUMBERS | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=25,
)
TREES = st.dictionaries(TEXTS, VALUES, max_size=6)


@settings(max_examples=400, deadline=None)
@given(tree=TREES, collection=st.sampled_from(["organizations", "bulletins", "misc"]))
def test_any_tree_reads_back_exactly_and_formats_idempotently(
    tree: dict[str, Any], collection: str
) -> None:
    text = format_record(tree, collection, SCHEMAS)
    assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n")
    loaded = load_bytes(text.encode("utf-8"), "formatted.yaml")
    assert loaded.problems == [], text
    assert same(loaded.data, tree), text
    assert format_record(loaded.data, collection, SCHEMAS) == text


def test_every_sample_record_keeps_its_values() -> None:
    files = sorted(DATA_DIR.rglob("*.yaml"))
    assert files
    for path in files:
        loaded = load_file(path)
        if loaded.problems:
            continue  # someone is editing it right now; validation reports it
        text = format_record(loaded.data, path.parent.name, SCHEMAS)
        assert same(reload(text), loaded.data), path
        assert format_record(reload(text), path.parent.name, SCHEMAS) == text, path


# --- the command -------------------------------------------------------------------------

MESSY = (
    b'\xef\xbb\xbfkind: enterprise\r\nname:   "\xe7\xa4\xba\xe4\xbe\x8b"\r\n'
    b"coordinates: {longitude: 117.7921, latitude: 30.9468, datum: GCJ-02}\r\n"
)
CLEAN = "name: 示例\nkind: enterprise\ncoordinates:\n  datum: GCJ-02\n  latitude: 30.9468\n  longitude: 117.7921\n"  # noqa: E501


def _write(root: Path, name: str, content: bytes) -> Path:
    path = root / "organizations" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_check_lists_files_and_write_reformats_them_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = _write(tmp_path, "messy.yaml", MESSY)
    clean = _write(tmp_path, "clean.yaml", CLEAN.encode())

    assert run_fmt([tmp_path], check=True) == 1
    out = capsys.readouterr().out
    assert f"需要格式化 would reformat: {messy}" in out
    assert str(clean) not in out
    assert messy.read_bytes() == MESSY

    assert run_fmt([tmp_path], check=False) == 0
    assert f"已格式化 reformatted: {messy}" in capsys.readouterr().out
    assert messy.read_bytes() == CLEAN.encode()

    assert run_fmt([tmp_path], check=True) == 0  # idempotent: nothing left to change
    assert run_fmt([messy, clean], check=False) == 0
    assert "2 file(s) already formatted" in capsys.readouterr().out
    assert messy.read_bytes() == CLEAN.encode()


def test_a_file_with_comments_is_left_unchanged_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = "kind: enterprise  # 待核实\nname: 示例\n".encode()
    path = _write(tmp_path, "commented.yaml", content)
    assert run_fmt([path], check=False) == 0
    out = capsys.readouterr().out
    assert "warning[fmt.has-comments]" in out and "reformatted" not in out
    assert path.read_bytes() == content
    assert run_fmt([path], check=True) == 0


def test_a_file_that_fails_to_load_is_reported_and_left_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = b"name: a\nname: b\n"
    path = _write(tmp_path, "broken.yaml", content)
    assert run_fmt([tmp_path], check=False) == 1
    assert "error[yaml.duplicate-key]" in capsys.readouterr().out
    assert path.read_bytes() == content


def test_a_missing_path_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_fmt([tmp_path / "nope"], check=True) == 1
    assert "error[fmt.no-such-path]" in capsys.readouterr().out


def test_a_formatting_that_would_change_a_value_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "x.yaml", b"name: 'x'\nkind: enterprise\n")
    monkeypatch.setattr(fmt, "format_record", lambda *_: "name: y\nkind: enterprise\n")
    assert run_fmt([path], check=False) == 1
    out = capsys.readouterr().out
    assert "error[fmt.value-changed] /name" in out
    assert path.read_bytes() == b"name: 'x'\nkind: enterprise\n"
