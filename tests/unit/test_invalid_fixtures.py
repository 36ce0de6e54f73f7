"""Invalid-data fixtures: every problem code the validator can emit, each from one small mistake.

A case is an overlay on the valid base dataset (``tests/data/valid/*`` plus the real
vocabularies from ``data/vocab/``), validated as a whole with today = 2026-11-29:

- ``tests/data/invalid/<case>/data/...`` files are copied over the base, and
  ``tests/data/invalid/<case>/content/...`` make a ``content/`` beside it (the base has none),
  checked as ``relief validate`` checks it;
- ``remove.txt`` (optional) lists base paths to delete, relative to the dataset's parent
  (``data/vocab/units.yaml``; a directory is removed with everything in it);
- ``expect.txt`` lists every problem expected, one per line: ``<file> <pointer> <code> <line>``
  (pointer and line ``-`` when there are none; lines starting with ``#`` are comments).

The set of ``(file, pointer, code, line)`` of all problems, errors and warnings, must equal the
expected set exactly, so a case that also sets off an unrelated problem fails.

Files that cannot be kept as text (random bytes, GBK, 50 MB, empty, a control character, an
invisible line separator, symbolic links, a FIFO, hidden files, which Git would not keep
either) are built here, in ``GENERATED``. The robustness
inputs also go through the command line: exit code 1, no traceback, the same problems.

Cases that expose a bug in the validator are marked ``xfail(strict=True)`` in ``BUGS``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from relief.problem_codes import ALL_CODES, BUILD_CODES
from relief.problems import Problem
from relief.schemas import load_schemas
from relief.validate import validate_path

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "data" / "valid"
VOCAB = REPO / "data" / "vocab"
INVALID = REPO / "tests" / "data" / "invalid"
SOURCE = REPO / "relief"
TODAY = dt.date(2026, 11, 29)
TIME_LIMIT = 2.0  # seconds for loading and validating one case

Row = tuple[str, str, str, str]  # (file, pointer or "-", code, line or "-")

# Every code the package can emit is listed in relief/problem_codes.py;
# ``test_every_code_is_in_the_source`` ties that list to the source text and
# ``test_every_code_has_a_case`` to the fixtures.

# Bugs found with these fixtures: the case states what a correct validator reports.
BUGS = {
}


@dataclass(frozen=True)
class Case:
    name: str
    apply: Callable[[Path], None]  # writes the overlay into the dataset's parent directory
    expected: frozenset[Row]


# ---------------------------------------------------------------- building and validating


def build_base(root: Path) -> Path:
    """The valid base dataset under ``root/data``."""
    data = root / "data"
    shutil.copytree(VALID, data)
    shutil.copytree(VOCAB, data / "vocab")
    return data


def rows(problems: Iterable[Problem]) -> frozenset[Row]:
    return frozenset(
        (p.file, p.pointer or "-", p.code, "-" if p.line is None else str(p.line)) for p in problems
    )


def validate(data: Path) -> tuple[list[Problem], float]:
    """All problems of the dataset at ``data`` (and of ``content/`` beside it), and the seconds
    it took to load and validate."""
    start = time.perf_counter()
    problems = validate_path(data, TODAY).report.sorted()
    return problems, time.perf_counter() - start


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RELIEF_TODAY": TODAY.isoformat(), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "relief", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )


def show(problems: Iterable[Problem]) -> str:
    return "\n".join(f"  {p.as_text()}" for p in problems)


# ---------------------------------------------------------------- cases from tests/data/invalid


def parse_expect(path: Path) -> frozenset[Row]:
    expected: set[Row] = set()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        fields = text.split()
        assert len(fields) == 4, f"{path}:{number}: want '<file> <pointer> <code> <line>'"
        file, pointer, code, line = fields
        assert line == "-" or line.isdigit(), f"{path}:{number}: line must be a number or -"
        expected.add((file, pointer, code, line))
    return frozenset(expected)


def overlay(folder: Path) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        remove = folder / "remove.txt"
        if remove.exists():
            for name in remove.read_text(encoding="utf-8").split():
                target = root / name
                assert target.exists(), f"{remove}: {name} is not in the base"
                if target.is_dir():
                    shutil.rmtree(target)
                else:
                    target.unlink()
        for tree in ("data", "content"):
            if (folder / tree).is_dir():
                shutil.copytree(folder / tree, root / tree, dirs_exist_ok=True)

    return apply


def fixture_cases() -> list[Case]:
    return [
        Case(folder.name, overlay(folder), parse_expect(folder / "expect.txt"))
        for folder in sorted(INVALID.iterdir())
        if folder.is_dir()
    ]


# ---------------------------------------------------------------- cases built in code

GUIDELINE = (VALID / "guidelines" / "test-guideline.yaml").read_text(encoding="utf-8")
RANDOM_BYTES = random.Random(20261129).randbytes(64 * 1024)
BIG = 50 * 1024 * 1024


def write(rel: str, content: bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    return apply


def write_big(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        line = "- 测试: 大文件\n".encode()
        with (root / rel).open("wb") as stream:
            stream.write(line * (BIG // len(line) + 1))

    return apply


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    """A symbolic link at ``rel``; a relative ``target`` is relative to the link's folder."""

    def apply(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)

    return apply


def replace_by_symlink(rel: str) -> Callable[[Path], None]:
    """``rel`` moved aside (out of data/) and replaced by a link to where it went."""

    def apply(root: Path) -> None:
        moved = root / "elsewhere" / Path(rel).name
        moved.parent.mkdir()
        (root / rel).rename(moved)
        (root / rel).symlink_to(moved, target_is_directory=moved.is_dir())

    return apply


def no_permission(rel: str, content: bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        write(rel, content)(root)
        (root / rel).chmod(0)

    return apply


def together(*applies: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for each in applies:
            each(root)

    return apply


def fifo(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / rel)

    return apply


def hidden_folder(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).mkdir()
        (root / rel / "test-guideline.yaml").write_text(GUIDELINE, encoding="utf-8")

    return apply


def first_bad_utf8_line(raw: bytes) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return str(raw.count(b"\n", 0, error.start) + 1)
    raise AssertionError("the random bytes happen to be valid UTF-8")


# What refers to the base's one bulletin, unknown when data/bulletins is not read.
BULLETIN_REFERENCES: frozenset[Row] = frozenset({
    ("data/disclosures/test-disclosure.yaml", "/uses/0/need_item/bulletin",
     "ref.unknown-bulletin", "37"),
})


def _generated() -> list[Case]:
    g = "data/guidelines/"
    random_file = b"title: " + "随机字节".encode() + b"\n" + RANDOM_BYTES
    bell = GUIDELINE.replace("summary: 测试摘要", "summary: 测试\a摘要")
    # A U+2028 (line separator, as pasted from web pages) inside a quoted value on line 3:
    # refused, because libyaml would count it as a line break and misnumber every later line.
    separator = GUIDELINE.replace(
        "summary: 测试摘要\n", 'summary: "测试\u2028摘要"\ntitle: 重复的标题\n'
    )
    return [
        Case(
            "file-not-utf8-random-bytes",
            write(g + "random-bytes.yaml", random_file),
            frozenset({(g + "random-bytes.yaml", "-", "file.not-utf8",
                        first_bad_utf8_line(random_file))}),
        ),
        Case(
            "file-too-large-50mb",
            write_big(g + "huge.yaml"),
            frozenset({(g + "huge.yaml", "-", "file.too-large", "-")}),
        ),
        Case(
            "file-encoding-gbk",
            write(g + "gbk-guideline.yaml", GUIDELINE.encode("gbk")),
            frozenset({(g + "gbk-guideline.yaml", "-", "file.encoding-gbk", "-")}),
        ),
        Case(
            "file-empty",
            write(g + "empty.yaml", b""),
            frozenset({(g + "empty.yaml", "-", "file.empty", "-")}),
        ),
        Case(
            "file-control-character",
            write(g + "test-guideline.yaml", bell.encode()),
            frozenset({(g + "test-guideline.yaml", "-", "file.control-character", "3")}),
        ),
        Case(
            "file-unreadable-no-permission",
            no_permission(g + "locked.yaml", GUIDELINE.encode()),
            frozenset({(g + "locked.yaml", "-", "file.unreadable", "-")}),
        ),
        Case(
            "file-symlink-dangling",
            symlink(g + "dangling.yaml", "no-such-file.yaml"),
            frozenset({(g + "dangling.yaml", "-", "file.symlink", "-")}),
        ),
        Case(
            "file-symlink-to-file-outside",
            symlink(g + "passwd.yaml", "/etc/passwd"),
            frozenset({(g + "passwd.yaml", "-", "file.symlink", "-")}),
        ),
        Case(
            "file-symlink-to-record-inside",
            symlink(g + "copy-of-guideline.yaml", "test-guideline.yaml"),
            frozenset({(g + "copy-of-guideline.yaml", "-", "file.symlink", "-")}),
        ),
        Case(
            "file-symlink-to-folder",
            symlink(g + "etc", "/etc"),
            frozenset({(g + "etc", "-", "file.symlink", "-")}),
        ),
        Case(
            "file-symlink-collection-folder",
            replace_by_symlink("data/bulletins"),
            # its records are not read, so what referred to them is unknown
            frozenset({("data/bulletins", "-", "file.symlink", "-")}) | BULLETIN_REFERENCES,
        ),
        Case(
            "file-symlink-data-folder",
            replace_by_symlink("data"),
            frozenset({("data", "-", "file.symlink", "-")})
            | {(f"data/vocab/{name}.yaml", "-", "vocab.missing", "-")
               for name in ("capabilities", "divisions", "goods", "units")},
        ),
        Case(
            "file-not-regular-fifo",
            fifo(g + "pipe.yaml"),
            frozenset({(g + "pipe.yaml", "-", "file.not-regular", "-")}),
        ),
        Case(
            "file-hidden-record",
            write(g + ".hidden-guideline.yaml", GUIDELINE.encode()),
            frozenset({(g + ".hidden-guideline.yaml", "-", "file.hidden", "-")}),
        ),
        Case(
            "file-hidden-folder",
            hidden_folder("data/.drafts"),
            frozenset({("data/.drafts", "-", "file.hidden", "-")}),
        ),
        Case(
            "content-symlinks",
            together(symlink("content/pages/passwd.md", "/etc/passwd"),
                     symlink("content/images/etc", "/etc"),
                     symlink("content/news", "../data/guidelines")),
            frozenset({("content/pages/passwd.md", "-", "file.symlink", "-"),
                       ("content/images/etc", "-", "file.symlink", "-"),
                       ("content/news", "-", "file.symlink", "-")}),
        ),
        Case(
            "content-symlink-content-folder",
            symlink("content", "/etc"),
            frozenset({("content", "-", "file.symlink", "-")}),
        ),
        Case(
            "content-not-regular-fifo",
            fifo("content/news/pipe.md"),
            frozenset({("content/news/pipe.md", "-", "file.not-regular", "-")}),
        ),
        Case(
            "content-hidden",
            together(write("content/pages/.draft.md", b"Title: x\n\ny\n"),
                     write("content/.gitkeep", b"")),
            frozenset({("content/pages/.draft.md", "-", "file.hidden", "-")}),
        ),
        Case(  # the one hidden name allowed: Git's convention for keeping an empty folder
            "file-hidden-gitkeep-allowed",
            write("data/guidelines/.gitkeep", b""),
            frozenset(),
        ),
        Case(
            "file-hidden-ds-store",
            write(g + ".DS_Store", b"\x00\x00\x00\x01Bud1"),
            frozenset({(g + ".DS_Store", "-", "file.hidden", "-")}),
        ),
        Case(
            "file-control-character-line-separator",
            write(g + "test-guideline.yaml", separator.encode()),
            frozenset({(g + "test-guideline.yaml", "-", "file.control-character", "3")}),
        ),
    ]  # fmt: skip


GENERATED = _generated()
CASES = fixture_cases() + GENERATED
CASE_BY_NAME = {case.name: case for case in CASES}

# The inputs every loader must survive: each gives one clear problem, fast, also in the CLI.
ROBUSTNESS = (
    "file-not-utf8-random-bytes",  # random bytes
    "yaml-alias-bomb",  # billion laughs
    "file-too-large-50mb",
    "file-encoding-gbk",
    "file-empty",
    "record-not-mapping",  # a list instead of a mapping
    "yaml-tab-indent",
    "file-not-regular-fifo",  # must not block: the CLI runs under a timeout
    "file-symlink-to-file-outside",
    "content-not-regular-fifo",
)


# Cases that cannot happen to root, who reads any file whatever its permissions.
NOT_AS_ROOT = {"file-unreadable-no-permission"}


def _marks(name: str) -> list[pytest.MarkDecorator]:
    marks = [pytest.mark.xfail(strict=True, reason=BUGS[name])] if name in BUGS else []
    if name in NOT_AS_ROOT:
        marks.append(pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file"))
    return marks


def params(names: Iterable[str]) -> list[object]:
    return [pytest.param(CASE_BY_NAME[name], id=name, marks=_marks(name)) for name in names]


@pytest.fixture(scope="module", autouse=True)
def _warm_schemas() -> None:
    """Compile the schemas once, so that no case is timed with the one-off start-up."""
    load_schemas()


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return build_base(tmp_path)


# ---------------------------------------------------------------- tests


def test_base_is_valid(dataset: Path) -> None:
    problems, _ = validate(dataset)
    assert problems == [], show(problems)


@pytest.mark.parametrize("case", params(CASE_BY_NAME))
def test_case(case: Case, dataset: Path) -> None:
    case.apply(dataset.parent)
    problems, seconds = validate(dataset)
    actual = rows(problems)
    assert actual == case.expected, (
        f"missing: {sorted(case.expected - actual)}\n"
        f"unexpected: {sorted(actual - case.expected)}\n{show(problems)}"
    )
    assert seconds < TIME_LIMIT, f"{case.name} took {seconds:.2f} s"


def test_fixture_folders_are_well_formed() -> None:
    allowed = {"data", "content", "expect.txt", "remove.txt"}
    for folder in sorted(p for p in INVALID.iterdir() if p.is_dir()):
        names = {p.name for p in folder.iterdir()}
        assert "expect.txt" in names, f"{folder.name}: no expect.txt"
        assert names <= allowed, f"{folder.name}: unexpected {sorted(names - allowed)}"
        assert names & {"data", "content", "remove.txt"}, f"{folder.name}: nothing to overlay"
        assert parse_expect(folder / "expect.txt"), f"{folder.name}: expects no problem"
        assert folder.name not in {c.name for c in GENERATED}, f"{folder.name}: name used twice"
    assert set(BUGS) <= set(CASE_BY_NAME), sorted(set(BUGS) - set(CASE_BY_NAME))


def _source_codes() -> tuple[set[str], list[re.Pattern[str]]]:
    """Codes written literally in relief/, and f-string code templates as patterns."""
    prefixes = "file|yaml|data|record|schema|vocab|code|ref|money|goods|quantity|date|privacy"
    prefixes += "|need|offer|content|output"
    literal_re = re.compile(rf'(?<![\w.])"((?:{prefixes})\.[a-z0-9-]+)"')
    template_re = re.compile(rf'(?<![\w.])f"((?:{prefixes})\.[^"\n]*\{{[^"\n]*)"')
    literals: set[str] = set()
    templates: list[re.Pattern[str]] = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "problem_codes.py":  # the list itself: the code must be used elsewhere
            continue
        text = path.read_text(encoding="utf-8")
        literals.update(literal_re.findall(text))
        for template in template_re.findall(text):
            parts = re.split(r"\{[^{}]*\}", template)
            templates.append(re.compile("[a-z0-9-]+".join(re.escape(p) for p in parts)))
    return literals, templates


def test_every_code_is_in_the_source() -> None:
    literals, templates = _source_codes()
    assert literals and templates
    assert literals - ALL_CODES - BUILD_CODES == set(), "codes in relief/ that ALL_CODES lacks"
    assert literals >= BUILD_CODES, "build codes not found in relief/"
    unknown = {
        code for code in ALL_CODES - literals if not any(t.fullmatch(code) for t in templates)
    }
    assert unknown == set(), "codes in ALL_CODES not found in relief/"
    unused = [t.pattern for t in templates if not any(t.fullmatch(c) for c in ALL_CODES)]
    assert unused == [], "code templates in relief/ that no code in ALL_CODES matches"


def _keywords(node: object) -> Iterator[tuple[str, object]]:
    """(keyword, value) of every schema keyword; keys under properties/$defs are names."""
    if isinstance(node, list):
        for item in node:
            yield from _keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            if key in ("properties", "$defs") and isinstance(value, dict):
                for sub in value.values():
                    yield from _keywords(sub)
            else:
                yield from _keywords(value)


def test_schemas_use_only_keywords_with_named_codes() -> None:
    """schema_check.py falls back to ``schema.<keyword>`` for a keyword it does not name; no
    schema may use such a keyword (nor a format without a ``schema.format-*`` code in
    ALL_CODES), or ALL_CODES would miss a code."""
    structural = {"$schema", "$id", "$ref", "$defs", "title", "description", "properties"}
    structural |= {"items", "allOf", "if", "then", "else"}
    named = {"type", "enum", "const", "required", "additionalProperties", "format", "pattern"}
    named |= {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems"}
    named |= {"minItems", "maxItems", "minLength", "maxLength", "not", "anyOf", "oneOf"}
    used: set[str] = set()
    formats: set[str] = set()
    for path in sorted((REPO / "schemas").glob("*.schema.json")):
        for key, value in _keywords(json.loads(path.read_text(encoding="utf-8"))):
            used.add(key)
            if key == "format" and isinstance(value, str):
                formats.add(f"schema.format-{value}")
    assert used - structural - named == set()
    assert formats and formats <= ALL_CODES


def test_the_readme_explains_every_code_and_no_other() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Problem codes"):]
    table = table[:table.index("\n### ", 1)]
    listed = [code for row in table.splitlines() if row.startswith("| `")
              for code in re.findall(r"`([a-z]+\.[a-z0-9-]+)`", row.split("|")[1])]
    assert len(listed) == len(set(listed)), "a code is explained twice"
    assert set(listed) == ALL_CODES | BUILD_CODES


def test_every_code_has_a_case() -> None:
    """Every code is expected by at least one case (for schema.format-yuan, today, only by a
    case in BUGS: the code is never emitted)."""
    covered = {row[2] for case in CASES for row in case.expected}
    assert covered - ALL_CODES == set(), "cases expect codes that ALL_CODES lacks"
    assert ALL_CODES - covered == set(), "codes without a case"


# ---------------------------------------------------------------- command line


@pytest.fixture(scope="module")
def cli_baseline(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Seconds the CLI takes on the valid base: interpreter start-up and imports."""
    data = build_base(tmp_path_factory.mktemp("baseline"))
    run_cli("validate", str(data))  # the first run may compile bytecode
    start = time.perf_counter()
    result = run_cli("validate", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    return time.perf_counter() - start


@pytest.mark.parametrize("case", params(ROBUSTNESS))
def test_robustness_cli(case: Case, dataset: Path, cli_baseline: float) -> None:
    case.apply(dataset.parent)
    start = time.perf_counter()
    result = run_cli("validate", str(dataset), "--format", "json")
    seconds = time.perf_counter() - start
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    reported = json.loads(result.stdout)
    actual = {
        (p["file"], p["pointer"] or "-", p["code"], "-" if p["line"] is None else str(p["line"]))
        for p in reported
    }
    assert actual == case.expected, output
    assert seconds - cli_baseline < TIME_LIMIT, f"{seconds:.2f} s, base {cli_baseline:.2f} s"


def test_cli_exit_0_on_the_base(dataset: Path) -> None:
    result = run_cli("validate", str(dataset))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_cli_exit_1_on_problems(dataset: Path) -> None:
    CASE_BY_NAME["schema-enum-kind"].apply(dataset.parent)
    result = run_cli("validate", str(dataset))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "schema.enum" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--no-such-option"],
        ["validate", "data", "--format", "xml"],
        ["no-such-command"],
    ],
)
def test_cli_exit_2_on_usage_error(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def _two_problems(root: Path) -> set[str]:
    """An error and a warning: an unknown field and goods used beyond goods received."""
    names = ("schema-unknown-field-contact-emial", "goods-used-exceeds-received")
    for name in names:
        CASE_BY_NAME[name].apply(root)
    return {row[2] for name in names for row in CASE_BY_NAME[name].expected}


def test_cli_format_json(dataset: Path) -> None:
    codes = _two_problems(dataset.parent)
    result = run_cli("validate", str(dataset), "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    reported = json.loads(result.stdout)
    assert isinstance(reported, list)
    assert {p["code"] for p in reported} == codes
    for problem in reported:
        assert {"file", "line", "column", "code", "pointer", "severity"} <= problem.keys()
        assert problem["file"].startswith("data/")
    assert {p["severity"] for p in reported} == {"error", "warning"}


def test_cli_format_github(dataset: Path) -> None:
    codes = _two_problems(dataset.parent)
    result = run_cli("validate", str(dataset), "--format", "github")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(codes), result.stdout
    assert {line.split(" ", 1)[0] for line in lines} == {"::error", "::warning"}
    for line in lines:
        assert line.startswith(("::error ", "::warning ")), line
        assert "file=data/" in line and re.search(r"[ ,]line=\d+", line), line
    for code in codes:
        assert any(f"title={code}" in line for line in lines), code
