"""Lighthouse (from npm, with Debian's Chromium, on loopback): SEO 100 and a cumulative layout
shift of at most 0.1 on the pages people reach from a search engine or a shared link."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e import checkers
from tests.e2e.browser import CHROMIUM_ARGS, chromium_executable
from tests.e2e.conftest import url_of

pytestmark = pytest.mark.e2e

LIGHTHOUSE = checkers.NODE_MODULES / ".bin" / "lighthouse"
MAX_CLS = 0.1
# One page of each kind; the search with a query, as a shared search link opens it.
PAGES = ["home", "directory-entry", "needs", "campaign", "disclosure"]
SEARCH = "/search/?q=%E6%A3%89%E8%A2%AB"  # 棉被


def _audit(url: str, report: Path) -> dict[str, object]:
    assert LIGHTHOUSE.is_file(), f"{LIGHTHOUSE} missing: run `make e2e-deps`"
    run = subprocess.run(
        [str(LIGHTHOUSE), url, "--only-categories=seo,performance", "--output=json",
         f"--output-path={report}", "--quiet", "--max-wait-for-load=30000",
         "--chrome-flags=" + " ".join(CHROMIUM_ARGS)],
        env={**os.environ, "CHROME_PATH": chromium_executable()},
        capture_output=True, text=True, timeout=240, check=False,
    )
    assert run.returncode == 0, f"lighthouse failed on {url}:\n{run.stderr[-2000:]}"
    result: dict[str, object] = json.loads(report.read_text("utf-8"))
    return result


@pytest.mark.parametrize("kind", [*PAGES, "search"])
def test_seo_is_100_and_the_layout_does_not_shift(
    kind: str, sample_urls: dict[str, str], server_url: str, tmp_path: Path,
) -> None:
    path = SEARCH if kind == "search" else url_of(sample_urls, kind)
    result = _audit(server_url + path, tmp_path / "report.json")
    categories = result["categories"]
    audits = result["audits"]
    assert isinstance(categories, dict) and isinstance(audits, dict)
    failing = [f"{ref['id']}: {audits[ref['id']]['title']}"
               for ref in categories["seo"]["auditRefs"]
               if audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1]
    shift = audits["cumulative-layout-shift"]["numericValue"]
    checkers.note(f"lighthouse {path}: SEO {categories['seo']['score']:.2f}, CLS {shift:.3f}, "
                  f"performance {categories['performance']['score']:.2f}")
    assert categories["seo"]["score"] == 1, f"{path}: SEO audits failing: {failing}"
    assert shift <= MAX_CLS, f"{path}: cumulative layout shift {shift:.3f} > {MAX_CLS}"
