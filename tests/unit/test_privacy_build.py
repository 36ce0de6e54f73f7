"""The build refuses to publish a page under content/ that holds a personal number."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from relief.build import DataInvalid, build
from tests.conftest import ROOT, SAMPLE_DATA


def test_a_page_with_a_mobile_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELIEF_TODAY", "2026-11-29")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "pages" / "signup.md").write_text(
        "Title: 报名\nSlug: signup\n\n报名请联系王老师：１３９ １２３４ ５６７８。\n",
        encoding="utf-8")
    conf = tmp_path / "pelicanconf.py"
    conf.write_text(
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\n", encoding="utf-8")
    with pytest.raises(DataInvalid) as refused:
        build(SAMPLE_DATA, tmp_path / "site", settings_file=conf)
    [problem] = refused.value.report.errors
    assert (problem.file, problem.line, problem.code) == (
        "content/pages/signup.md", 4, "privacy.mobile")
    assert not (tmp_path / "site" / "index.html").exists()
