"""Shared test helpers: paths, a fixed "today", and datasets built from the valid base."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from relief.dataset import load_dataset
from relief.model import build_model
from relief.opendata.changelog import ChangeLog
from relief.site import filters
from relief.site.context import SiteContext
from relief.site.page import Page
from relief.site.settings import resolve
from relief.validate import validate_dataset

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "data"
VALID_BASE = ROOT / "tests" / "data" / "valid"
TODAY = dt.date(2026, 11, 29)


def pytest_configure(config: pytest.Config) -> None:
    """Builds run by the tests keep their record cache (relief/record_cache.py) in a folder
    of this session, never in the user's own cache."""
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="relief-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)


def copy_base(target: Path) -> Path:
    """A fresh valid dataset at ``target/data``: the test base plus the real vocabularies."""
    data = target / "data"
    shutil.copytree(VALID_BASE, data)
    shutil.copytree(SAMPLE_DATA / "vocab", data / "vocab")
    return data


@pytest.fixture
def base_data(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def build_with_settings(folder: Path, settings: str, data: Path = SAMPLE_DATA,
                        output: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``relief build`` of ``data`` from ``folder`` with the project's pelicanconf.py plus the
    Python lines ``settings`` (for example ``RELIEF['WORKERS'] = 1``); the site at ``output``
    (``folder/site`` by default)."""
    conf = (ROOT / "pelicanconf.py").read_text("utf-8")
    (folder / "pelicanconf.py").write_text(
        conf + f"PATH = {str(ROOT / 'content')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        + settings, "utf-8")
    return subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(data),
         "--content", str(ROOT / "content"), "--output", str(output or folder / "site")],
        cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT), "RELIEF_TODAY": "2026-11-29"},
        capture_output=True, text=True, check=False,
    )


def site_files(root: Path) -> dict[str, bytes]:
    """Every file of a built site by its path inside ``root``, with its bytes."""
    return {str(path.relative_to(root)): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def sample_site(today: dt.date = TODAY, data: Path = SAMPLE_DATA) -> SiteContext:
    """The site context of a dataset (the sample by default) as the build makes it, without
    Git history."""
    dataset = build_model(validate_dataset(load_dataset(data), today), today)
    return SiteContext(dataset=dataset, settings=resolve({"SAMPLE_DATA": True}),
                       changes=ChangeLog(), data_prefix="data")


def render_page(site: SiteContext, page: Page, siteurl: str = "") -> str:
    """``page`` rendered by the theme's templates with the build's filters and escaping."""
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"),
                      autoescape=True, undefined=ChainableUndefined)
    filters.install(env)
    return env.get_template(page.template).render(
        SITENAME="铜陵市社会力量参与防灾减灾救灾服务平台", SITEURL=siteurl, relief=site,
        page_url="/" + page.path.removesuffix("index.html"), **page.context)
