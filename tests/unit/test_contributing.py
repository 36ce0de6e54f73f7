"""Every worked example in CONTRIBUTING.md is executed against a copy of the sample data.

Each example lives in ``docs/examples/<n>-<name>/``:

* ``data/<collection>/<id>.yaml`` — new record files, copied into the data folder as they are;
* ``example.yaml`` — ``page`` (the URL the guide names) and ``expect`` (text on that page),
  ``edit`` (changes to existing files: ``file`` under ``data/``, ``before`` replaced by
  ``after``, each ``before`` found exactly once) and ``broken`` (one more such change that breaks
  the record, with ``problem``: the exact line the validator prints, shown in the guide).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SAMPLE_DATA

EXAMPLES_DIR = ROOT / "docs" / "examples"
GUIDE = ROOT / "CONTRIBUTING.md"
EXAMPLES = sorted(p for p in EXAMPLES_DIR.iterdir() if p.is_dir())
ENV = {**os.environ, "RELIEF_TODAY": "2026-11-29"}


def _meta(example: Path) -> dict[str, Any]:
    meta = yaml.safe_load((example / "example.yaml").read_text("utf-8"))
    assert isinstance(meta, dict)
    return meta


def _replace(data: Path, change: dict[str, str]) -> None:
    path = data / change["file"]
    text = path.read_text("utf-8")
    assert text.count(change["before"]) == 1, f"{change['file']}: 'before' must occur exactly once"
    path.write_text(text.replace(change["before"], change["after"]), "utf-8")


def _apply(example: Path, data: Path, *, broken: bool = False) -> None:
    new_files = example / "data"
    if new_files.is_dir():
        for source in new_files.rglob("*.yaml"):
            target = data / source.relative_to(new_files)
            assert not target.exists(), f"{target} would be overwritten"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    meta = _meta(example)
    for change in meta.get("edit", []):
        _replace(data, change)
    if broken:
        _replace(data, meta["broken"])


def _fresh_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    return data


def _validate(data: Path) -> subprocess.CompletedProcess[str]:
    # Run from the folder holding data/ so that problems are reported as data/<collection>/…
    return subprocess.run(
        [sys.executable, "-m", "relief", "validate", data.name],
        cwd=data.parent, env=ENV, capture_output=True, text=True, check=False,
    )


def test_there_is_an_example_for_every_task() -> None:
    assert len(EXAMPLES) == 8
    guide = GUIDE.read_text("utf-8")
    for example in EXAMPLES:
        assert f"docs/examples/{example.name}/" in guide


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_validates(example: Path, tmp_path: Path) -> None:
    data = _fresh_data(tmp_path)
    _apply(example, data)
    result = _validate(data)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_broken_variant_gives_the_problem_the_guide_shows(example: Path, tmp_path: Path) -> None:
    problem = _meta(example)["broken"]["problem"]
    assert problem in GUIDE.read_text("utf-8")
    data = _fresh_data(tmp_path)
    _apply(example, data, broken=True)
    result = _validate(data)
    assert result.returncode == 1
    assert problem in result.stdout.splitlines(), result.stdout


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build with every example applied together."""
    tmp = tmp_path_factory.mktemp("contributing")
    data = _fresh_data(tmp)
    for example in EXAMPLES:
        _apply(example, data)
    site = tmp / "site"
    result = subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(data), "--output", str(site)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_appears_where_the_guide_says(example: Path, built_site: Path) -> None:
    meta = _meta(example)
    page, expect = meta["page"], str(meta["expect"])
    assert f"`{page}`" in GUIDE.read_text("utf-8")
    html = built_site / page.strip("/") / "index.html"
    assert html.is_file(), f"{page} was not built"
    assert expect in html.read_text("utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_guide_shows_the_example_files_as_they_are(example: Path) -> None:
    guide = GUIDE.read_text("utf-8")
    new_files = example / "data"
    if new_files.is_dir():
        for source in new_files.rglob("*.yaml"):
            assert f"`data/{source.relative_to(new_files).as_posix()}`" in guide
            assert source.read_text("utf-8") in guide
    for change in _meta(example).get("edit", []):
        assert f"`data/{change['file']}`" in guide
        assert change["before"] in guide
        assert change["after"] in guide
