"""Strict YAML loading: typing, positions and every problem code."""

from __future__ import annotations

import os
import pathlib
import random
import socket
import time
from decimal import Decimal
from typing import Any

import pytest
import yaml

from relief.problems import Severity
from relief.yamlstrict import MAX_DEPTH, LoadedFile, load_bytes, load_file


def load(text: str) -> LoadedFile:
    return load_bytes(text.encode("utf-8"), "data/x.yaml")


def codes(loaded: LoadedFile) -> list[tuple[str, int | None, int | None]]:
    return [(p.code, p.line, p.column) for p in loaded.problems]


def value(text: str) -> Any:
    loaded = load(f"v: {text}\n")
    assert loaded.problems == []
    return loaded.data["v"]


# --- typing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["0562-2812345", "0562", "2018-09-04", "1e3", "0x1F", ".inf", "no", "yes", "on", "off",
     "True", "TRUE", "False", "Null", "NULL", "+1", "1.", ".5", "01.5", "1_000", "铜官区"],
)
def test_plain_scalars_that_stay_strings(text: str) -> None:
    assert value(text) == text
    assert type(value(text)) is str


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.50", "1.50"), ("0.05", "0.05"), ("125000.50", "125000.50"), ("-0.10", "-0.10")],
)
def test_plain_decimals_are_exact(text: str, expected: str) -> None:
    result = value(text)
    assert type(result) is Decimal
    assert str(result) == expected


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("-3", -3), ("340705", 340705)])
def test_plain_whole_numbers_are_ints(text: str, expected: int) -> None:
    result = value(text)
    assert type(result) is int
    assert result == expected


def test_booleans_and_nulls() -> None:
    assert value("true") is True
    assert value("false") is False
    assert value("null") is None
    assert value("~") is None
    assert load("v:\n").data == {"v": None}


@pytest.mark.parametrize("text", ['"12"', "'12'", '"true"', "'null'", '""', "''", '"1.50"'])
def test_quoted_scalars_are_strings(text: str) -> None:
    result = value(text)
    assert type(result) is str
    assert result == text[1:-1]


def test_block_scalars_are_strings() -> None:
    assert load("a: |\n  12\nb: >\n  true\n").data == {"a": "12\n", "b": "true\n"}


def test_tree_and_positions() -> None:
    loaded = load("名称: 张三\nitems:\n  - id: a~b\n    n: 2\n  - [x, 'y']\n")
    assert loaded.problems == []
    assert loaded.data == {"名称": "张三", "items": [{"id": "a~b", "n": 2}, ["x", "y"]]}
    assert loaded.positions.values == {
        "": (1, 1), "/名称": (1, 5), "/items": (3, 3), "/items/0": (3, 5),
        "/items/0/id": (3, 9), "/items/0/n": (4, 8), "/items/1": (5, 5),
        "/items/1/0": (5, 6), "/items/1/1": (5, 9),
    }
    assert loaded.positions.keys == {
        "/名称": (1, 1), "/items": (2, 1), "/items/0/id": (3, 5), "/items/0/n": (4, 5),
    }


def test_pointer_escaping() -> None:
    loaded = load("a/b: 1\nc~d: 2\n")
    assert set(loaded.positions.values) == {"", "/a~1b", "/c~0d"}


# --- comments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# 标题\na: 1\n", True),
        ("a: 1 # note\n", True),
        ("a: |  # header comment\n  x #y\n", True),
        ("a: [1, # in flow\n  2]\n", True),
        ("a: 1\n", False),
        ("a: b#c\n", False),
        ("a: 'x #y'\n", False),
        ('"k #": "v\n  #w"\n', False),
        ("a: |\n  # text, not a comment\n", False),
        ("a: >\n  x\n  # folded\n", False),
    ],
)
def test_has_comments(text: str, expected: bool) -> None:
    loaded = load(text)
    assert loaded.problems == []
    assert loaded.has_comments is expected


# --- file-level problems --------------------------------------------------------------------


def test_too_large_bytes_is_fast() -> None:
    started = time.perf_counter()
    loaded = load_bytes(b"a: 1\n" * 10_000_000, "big.yaml")
    assert time.perf_counter() - started < 2
    assert codes(loaded) == [("file.too-large", None, None)]
    assert loaded.data is None


def test_too_large_file_is_not_read(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as stream:
        stream.truncate(50_000_000)
    started = time.perf_counter()
    loaded = load_file(path, "data/big.yaml")
    assert time.perf_counter() - started < 2
    assert loaded.file == "data/big.yaml"
    assert codes(loaded) == [("file.too-large", None, None)]


def test_max_bytes_is_configurable(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 12345\n")
    assert codes(load_file(path, max_bytes=5)) == [("file.too-large", None, None)]
    assert load_file(path).data == {"a": 12345}
    assert load_file(path).file == str(path)


def test_unreadable_file(tmp_path: pathlib.Path) -> None:
    assert codes(load_file(tmp_path / "missing.yaml")) == [("file.unreadable", None, None)]
    assert codes(load_file(tmp_path)) == [("file.not-regular", None, None)]


def test_links_and_fifos_are_never_opened(tmp_path: pathlib.Path) -> None:
    (tmp_path / "real.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would block
    assert codes(load_file(tmp_path / "link.yaml")) == [("file.symlink", None, None)]
    assert codes(load_file(tmp_path / "pipe.yaml")) == [("file.not-regular", None, None)]
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "s.yaml"))
        assert codes(load_file(tmp_path / "s.yaml")) == [("file.not-regular", None, None)]
    assert codes(load_file(pathlib.Path("/dev/zero"))) == [("file.not-regular", None, None)]


def test_gbk_file() -> None:
    loaded = load_bytes("名称: 铜陵市蓝天救援队\n地址: 铜官区\n".encode("gbk"), "gbk.yaml")
    assert codes(loaded) == [("file.encoding-gbk", None, None)]
    assert "UTF-8" in (loaded.problems[0].hint or "")
    assert "另存为" in (loaded.problems[0].hint or "")


def test_not_utf8_names_line_and_column() -> None:
    loaded = load_bytes("a: 1\nb: 张".encode() + b"\xff\n", "x")
    assert codes(loaded) == [("file.not-utf8", 2, 5)]


def test_latin1_is_not_gbk() -> None:
    assert codes(load_bytes(b"a: caf\xe9\n", "x")) == [("file.not-utf8", 1, 7)]


def test_bom_is_tolerated() -> None:
    loaded = load_bytes(b"\xef\xbb\xbfa: 1\n", "x")
    assert loaded.problems == []
    assert loaded.data == {"a": 1}


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [(b"a: b\x00c\n", 1, 5), (b"a: 1\nb: \x1b[0m\n", 2, 4), (b"a: \x7f\n", 1, 4)],
)
def test_control_characters(raw: bytes, line: int, column: int) -> None:
    assert codes(load_bytes(raw, "x")) == [("file.control-character", line, column)]


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "# only a comment\n", "---\n", "~\n", "--- # c\n...\n"]
)
def test_empty(text: str) -> None:
    assert codes(load(text)) == [("file.empty", None, None)]


# --- YAML-level problems ------------------------------------------------------------------


def test_syntax_error_position_and_messages() -> None:
    loaded = load("a: 1\nb: 'unclosed\n")
    assert codes(loaded) == [("yaml.syntax", 3, 1)]
    problem = loaded.problems[0]
    assert problem.severity is Severity.ERROR
    assert "引号" in problem.message_zh
    assert "quoted scalar" in problem.message_en
    assert problem.hint


def test_syntax_error_mapping_in_plain_scalar() -> None:
    assert codes(load("a: b\n  c: d\n")) == [("yaml.syntax", 2, 4)]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("a:\n\tb: 1\n", 2, 1), ("\ta: 1\n", 1, 1), ("a:\n  b: 1\n\tc: 2\n", 3, 1),
     ("a: |\n  x\n\ty\n", 3, 1), ("- a\n-\tb\n", 2, 2), ("a:\n  \tb: 1\n", 2, 3)],
)
def test_tab_indent(text: str, line: int, column: int) -> None:
    loaded = load(text)
    assert codes(loaded) == [("yaml.tab-indent", line, column)]
    assert "空格" in (loaded.problems[0].hint or "")


def test_tab_after_colon_is_fine() -> None:
    assert load("a:\tb\n").data == {"a": "b"}


def test_anchor_and_alias() -> None:
    loaded = load("x: &a 1\ny: *a\n")
    assert codes(loaded) == [("yaml.anchor", 1, 4), ("yaml.alias", 2, 4)]
    assert loaded.data is None


def test_anchor_alone() -> None:
    assert codes(load("x: &a\n  b: 1\n")) == [("yaml.anchor", 1, 4)]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 30):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    started = time.perf_counter()
    loaded = load("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert ("yaml.alias", 2, 8) in codes(loaded)
    assert loaded.data is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [("x: !!python/object:os.system ls\n", "!!python/object:os.system"),
     ("x: !custom 1\n", "!custom"), ("x: !!str 1\n", "!!str"), ("x: !!binary aGk=\n", "!!binary"),
     ("x: ! 1\n", "!"), ("x: !!map {a: 1}\n", "!!map"), ("x: !!seq [1]\n", "!!seq")],
)
def test_tags(text: str, shown: str) -> None:
    loaded = load(text)
    assert codes(loaded) == [("yaml.tag", 1, 4)]
    assert shown in loaded.problems[0].message_en


def test_multiple_documents() -> None:
    assert codes(load("a: 1\n---\nb: 2\n")) == [("yaml.multiple-documents", 2, 1)]
    assert codes(load("--- 1\n--- 2\n")) == [("yaml.multiple-documents", 2, 1)]


def test_explicit_single_document_is_fine() -> None:
    assert load("---\na: 1\n...\n").data == {"a": 1}


def test_duplicate_key_names_both_lines() -> None:
    loaded = load("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert codes(loaded) == [("yaml.duplicate-key", 4, 3), ("yaml.duplicate-key", 5, 1)]
    first = loaded.problems[0]
    assert first.pointer == "/b/c"
    assert "3" in first.message_zh and "4" in first.message_zh
    assert "line 3" in first.message_en and "line 4" in first.message_en
    assert loaded.data is None


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("1: x\n", 1, 1), ("a: 1\ntrue: x\n", 2, 1), ("null: x\n", 1, 1), ("1.5: x\n", 1, 1),
     ("? [a]\n: 1\n", 1, 3), ("? {a: 1}\n: 1\n", 1, 3), ("? \n: x\n", 1, 2), ("~: x\n", 1, 1)],
)
def test_key_type(text: str, line: int, column: int) -> None:
    assert codes(load(text)) == [("yaml.key-type", line, column)]


def test_string_keys_are_fine() -> None:
    assert load("'1': x\n\"true\": y\nno: z\n").data == {"1": "x", "true": "y", "no": "z"}


def test_too_deep() -> None:
    depth = MAX_DEPTH + 5
    text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"
    assert [p.code for p in load(text).problems] == ["yaml.too-deep"]
    assert codes(load("[" * 100_000))[0][0] in {"yaml.too-deep", "yaml.syntax"}


def test_problems_carry_file_and_messages() -> None:
    samples = ["", "a: 'x\n", "a: &x 1\n", "a: 1\na: 2\n", "1: a\n", "a: !t 1\n", "--- 1\n--- 2\n"]
    for text in samples:
        for problem in load(text).problems:
            assert problem.file == "data/x.yaml"
            assert problem.message_zh and problem.message_en and problem.hint


def test_random_bytes_never_raise() -> None:
    rng = random.Random(20180904)
    alphabet = b"ab:-#&*!|>'\"[]{},? \t\n\r\x00\xff\xe4\xb8\xad0123456789"
    for _ in range(2000):
        size = rng.randrange(0, 80)
        raw = bytes(rng.choice(alphabet) for _ in range(size))
        loaded = load_bytes(raw, "r")
        assert (loaded.data is None) or not loaded.problems
        raw = rng.randbytes(size)
        load_bytes(raw, "r")


def test_pure_python_parser_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "# c\na: 1.50\nb: [no, true, ~, '12']\nc: |\n  x #y\nd: 'e #f'\n"
    samples = [text, "a: 1\na: 2\n", "x: &a 1\ny: *a\n", "a:\n\tb: 1\n", "a: 'x\n", "a: !!str 1\n"]
    with_libyaml = [load(sample) for sample in samples]
    monkeypatch.setattr("relief.yamlstrict._Loader", yaml.SafeLoader)
    for sample, expected in zip(samples, with_libyaml, strict=True):
        loaded = load(sample)
        assert (loaded.data, loaded.positions, loaded.has_comments, codes(loaded)) == (
            expected.data, expected.positions, expected.has_comments, codes(expected))
    assert with_libyaml[0].data == {
        "a": Decimal("1.50"), "b": ["no", True, None, "12"], "c": "x #y\n", "d": "e #f"}
    assert with_libyaml[0].has_comments is True


def test_a_huge_whole_number_is_kept_exactly_without_raising() -> None:
    digits = "1" * 5000
    loaded = load_bytes(f"k: {digits}\n".encode(), "huge.yaml")
    assert loaded.problems == []
    assert str(loaded.data["k"]) == digits
