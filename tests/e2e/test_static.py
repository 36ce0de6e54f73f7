"""Every file of the built sample site, read from disk: valid HTML, no broken internal link,
no external resource, the contract every page keeps, and a complete sitemap.

html-validate runs with tests/e2e/.htmlvalidate.json: ``html-validate:recommended`` with only
rules about how markup is spelled switched off (JSON takes no comments, so the reasons are here):

- ``attr-case``, ``element-case``, ``doctype-style``, ``attr-quotes``, ``void-style``,
  ``attribute-boolean-style``, ``attribute-empty-style``: letter case, quote style and
  ``<br>`` vs ``<br/>`` are spelling; browsers read either the same way.
- ``no-trailing-whitespace``: template output; invisible and harmless.
- ``long-title``: an SEO hint (titles over 70 characters); our titles carry a record's full
  Chinese name and the site's name, on purpose.
- ``tel-non-breaking``: asks for non-breaking hyphens in phone-number link text, a typographic
  preference; 0562-2812345 is how numbers are written here.

Everything about validity and accessibility stays on, ``no-inline-style`` included (the CSP
allows no inline styles).
"""

from __future__ import annotations

import pytest

from tests.e2e import checkers

pytestmark = pytest.mark.e2e


def test_every_html_file_is_valid(site: checkers.Site) -> None:
    assert checkers.HTML_VALIDATE.exists(), (
        f"{checkers.HTML_VALIDATE} missing: run `make e2e-deps` (npm ci --prefix tests/e2e)")
    files = checkers.html_files(site.output)
    assert files, "no HTML file in the output"
    run = checkers.run_html_validate(files)
    checkers.note(f"html-validate: {len(files)} HTML files checked, exit {run.returncode}")
    assert run.returncode == 0, checkers.summarise_html_validate(run.output)


def test_no_broken_internal_link_and_no_external_resource(site: checkers.Site) -> None:
    report = checkers.check_links(site)
    urls = sorted({link.split(": ", 1)[1] for link in report.external_links})
    checkers.note(f"external links (<a href> only): {len(report.external_links)} links to "
                  f"{len(urls)} URLs" + "".join(f"\n  {url}" for url in urls[:40])
                  + (f"\n  ... and {len(urls) - 40} more" if len(urls) > 40 else ""))
    problems = report.broken + report.forbidden
    assert not problems, f"{len(problems)} link problems:\n" + "\n".join(problems[:200])


def test_every_page_keeps_the_contract(site: checkers.Site) -> None:
    """lang="zh-CN", skip link to <main id="main-content">, one strict CSP meta tag, the
    示例数据 banner, no inline event handler or script URL."""
    assert site.pages, "no HTML file in the output"
    problems = [problem for relative, page in site.pages.items()
                for problem in checkers.page_contract_problems(relative, page, sample_data=True)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:200])


def test_sitemap_lists_every_page(site: checkers.Site) -> None:
    problems = checkers.sitemap_problems(site.output)
    assert not problems, "\n".join(problems[:200])
    kinds = checkers.pick_one_per_type(site.output, checkers.sitemap_paths(site.output))
    missing = [k for k in checkers.PAGE_TYPE_NAMES if k not in kinds]
    assert not missing, f"sitemap.xml has no page of these types: {missing}"
    checkers.note("pages checked per type: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
