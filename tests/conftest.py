"""Shared test helpers: paths, a fixed "today", and datasets built from the valid base."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "data"
VALID_BASE = ROOT / "tests" / "data" / "valid"
TODAY = dt.date(2026, 11, 29)


def copy_base(target: Path) -> Path:
    """A fresh valid dataset at ``target/data``: the test base plus the real vocabularies."""
    data = target / "data"
    shutil.copytree(VALID_BASE, data)
    shutil.copytree(SAMPLE_DATA / "vocab", data / "vocab")
    return data


@pytest.fixture
def base_data(tmp_path: Path) -> Path:
    return copy_base(tmp_path)
