"""The same data and the same "today" give byte-identical output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e import checkers
from tests.e2e.conftest import PREBUILT_ENV

pytestmark = pytest.mark.e2e


def test_two_builds_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """The session's build and a second one into another folder (so an output path written
    into a file shows up too), each process with its own hash seed."""
    first = built_site
    if os.environ.get(PREBUILT_ENV):  # a site built beforehand may be from other sources
        first = tmp_path / "first"
        run = checkers.build_site(checkers.ROOT / "data", first)
        assert run.returncode == 0, run.describe()
    second = tmp_path / "second"
    run = checkers.build_site(checkers.ROOT / "data", second)
    assert run.returncode == 0, run.describe()
    differences = checkers.tree_differences(first, second)
    count = sum(1 for p in second.rglob("*") if p.is_file())
    checkers.note(f"reproducibility: {count} files compared, {len(differences)} differ")
    assert not differences, f"{len(differences)} differences:\n" + "\n".join(differences[:100])
