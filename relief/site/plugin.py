"""The Pelican plugin: a thin adapter between Pelican and the relief core.

``register()`` adds one generator through ``get_generators``. The generator validates the
data (refusing to build on any error), puts the site context in Pelican's shared context as
``relief`` (so ``content/`` pages and the theme can use it), plans every record page, and
writes them with a Jinja environment that autoescapes (an overlay of Pelican's, whose default
does not). ``register()`` also connects the checks of ``content/`` (relief/site/content_pages.py):
before Pelican reads it, as each page is read, and every output path before anything is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, Environment
from pelican import signals
from pelican.generators import Generator

from relief.content_check import check_content
from relief.model import build_model
from relief.opendata.changelog import read_changelog
from relief.opendata.datapackage import DataFile
from relief.opendata.publish import DATA_FOLDER, publish
from relief.problems import Report
from relief.record_cache import RecordCache
from relief.search.extract import SearchPage
from relief.search.index import page_of
from relief.site import filters
from relief.site.content_pages import PelicanErrors, plan_outputs, sanitise_content
from relief.site.context import SiteContext
from relief.site.headers import write_headers
from relief.site.outputs import inside
from relief.site.page import File, Page
from relief.site.pages_bulletins import plan_bulletins
from relief.site.pages_campaigns import plan_campaigns
from relief.site.pages_core import plan_core
from relief.site.pages_guidelines import downloads_page, plan_guidelines
from relief.site.pages_matching import plan_matching
from relief.site.pages_opendata import plan_opendata
from relief.site.pages_search import plan_search
from relief.site.pages_staff import plan_staff
from relief.site.pages_transparency import plan_transparency
from relief.site.settings import cache_folder, resolve
from relief.site.sitemap import sitemap_urls, write_sitemap
from relief.site.static import copy_scripts, write_stylesheet
from relief.site.table_labels import label_cells
from relief.stopwatch import Stopwatch
from relief.today import resolve_today
from relief.validate import Validation, validate_path
from relief.workers import map_slices, worker_count

log = logging.getLogger(__name__)

PLANS: tuple[Callable[[SiteContext, dict[str, Any]], Iterable[Page | File]], ...] = (
    plan_core,
    plan_bulletins,
    plan_campaigns,
    plan_guidelines,
    plan_opendata,
    plan_matching,
    plan_staff,
    plan_transparency,
    plan_search,
)


class DataInvalid(Exception):
    """The records or content/ have errors: nothing is published."""

    exitcode = 1

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} error(s) in the data; nothing was built")
        self.report = report


PELICAN = logging.getLogger("pelican")
ERRORS = "RELIEF_PELICAN_ERRORS"  # the settings key of the run's PelicanErrors
STOPWATCH = "RELIEF_STOPWATCH"  # the settings key of the build's Stopwatch (relief/build.py)
CACHE = "RELIEF_CACHE"  # the settings key of the build's RecordCache, for its figures
# The settings key of what the search index takes from each page rendered here, by output
# path: the index does not read those pages back (relief/search/index.py, read_site).
SEARCH_PAGES = "RELIEF_SEARCH_PAGES"


def _check_content(pelican: Any) -> None:
    report = Report(check_content(Path(pelican.settings["PATH"])))
    if not report.ok:
        raise DataInvalid(report)
    for stale in [h for h in PELICAN.handlers if isinstance(h, PelicanErrors)]:
        PELICAN.removeHandler(stale)  # of a run that stopped before _plan_outputs
    pelican.settings[ERRORS] = errors = PelicanErrors()
    PELICAN.addHandler(errors)


def _plan_outputs(generators: list[Any]) -> None:
    ours = next((g for g in generators if isinstance(g, RecordPagesGenerator)), None)
    if ours is None:
        return
    content_root = Path(ours.settings["PATH"])
    errors: PelicanErrors = ours.settings[ERRORS]
    PELICAN.removeHandler(errors)
    report = Report(errors.problems(content_root))
    report.extend(plan_outputs(Path(ours.output_path), content_root, ours.outputs, generators))
    if not report.ok:
        raise DataInvalid(report)


class RecordPagesGenerator(Generator):  # type: ignore[misc]
    """Validates the data and writes the platform's pages."""

    site: SiteContext
    data_dir: Path
    outputs: list[Page | File]
    folders: set[Path]  # made by _write_item (each worker has its own copy)

    def generate_context(self) -> None:
        settings = resolve(self.settings.get("RELIEF"))
        project_root = Path(self.settings["PATH"]).resolve().parent
        data_dir = project_root / settings["DATA_DIR"]
        today = resolve_today()
        # content/ is Pelican's PATH: its pages are published, so they are checked too.
        content_dir = Path(self.settings["PATH"]).resolve()
        self.stopwatch: Stopwatch = self.settings.get(STOPWATCH) or Stopwatch()
        self.settings[CACHE] = cache = RecordCache(cache_folder(settings, project_root), data_dir)
        validation = validate_path(data_dir, today, content_dir, self.stopwatch, cache,
                                   worker_count(settings["WORKERS"]))
        if not validation.report.ok:
            raise DataInvalid(validation.report)
        with self.stopwatch.stage("derive"):
            self._derive(validation, today, settings, data_dir)
        log.info("relief: %d valid records from %s", self.site.dataset.count(), data_dir)

    def _derive(self, validation: Validation, today: date, settings: dict[str, Any],
                data_dir: Path) -> None:
        dataset = build_model(validation, today)
        self.data_dir = data_dir
        changes = read_changelog(data_dir, dataset.vocab)
        self.site = SiteContext(
            dataset=dataset, settings=settings, changes=changes,
            data_prefix=changes.data_prefix or data_dir.name,
            siteurl=str(self.settings.get("SITEURL") or ""),
        )
        self.context["relief"] = self.site
        self.settings["RELIEF_REPORT"] = validation.report  # warnings, for the build to show
        self.outputs = [item for plan in PLANS for item in plan(self.site, self.context)]

    def environment(self) -> Environment:
        env: Environment = self.env.overlay(autoescape=True, undefined=ChainableUndefined)
        filters.install(env)
        return env

    def generate_output(self, writer: Any) -> None:
        env = self.environment()
        output = Path(self.output_path)
        self.folders = set()
        pages = [item for item in self.outputs if isinstance(item, Page)]
        with self.stopwatch.stage("render"):
            for name in sorted({page.template for page in pages}):
                env.get_template(name)  # compiled once, before the workers fork
            workers = worker_count(self.site.settings["WORKERS"])
            found = self.settings.setdefault(SEARCH_PAGES, {})
            for part in map_slices(partial(self._render_slice, env, output), self.outputs,
                                   workers):
                found.update(part)
            write_stylesheet(Path(self.theme), output)
            copy_scripts(Path(self.theme), output)
            write_headers(output)
        with self.stopwatch.stage("export"):
            self._export(env, output, pages)
        log.info("relief: %d pages written", len(pages))

    def _export(self, env: Environment, output: Path, pages: list[Page]) -> None:

        # The downloads page shows the published files' real sizes and checksums, so it is
        # made from publish()'s manifest; it lies in data/, so publish() writes it before
        # taking the checksums of that folder.
        def downloads_index(files: list[DataFile]) -> Path:
            page = downloads_page(self.site, files)
            pages.append(page)
            self._write_item(env, output, page)
            return inside(output, page.path)

        data_files = [item.path.removeprefix(f"{DATA_FOLDER}/") for item in self.outputs
                      if isinstance(item, File) and item.path.startswith(f"{DATA_FOLDER}/")]
        publish(self.site.dataset, output, self.site.settings, self.site.changes,
                data_dir=self.data_dir, index=downloads_index,
                workers=worker_count(self.site.settings["WORKERS"]), other=data_files)
        self.context["relief_pages"] = pages
        write_sitemap(output, sitemap_urls(pages, self.context, self.site),
                      self.settings.get("SITEURL", ""))

    def _render_slice(self, env: Environment, output: Path, _first: int,
                      items: Sequence[Page | File]) -> dict[str, SearchPage | None]:
        """Write ``items``; what the search index takes from each page written."""
        found: dict[str, SearchPage | None] = {}
        for item in items:
            html = self._write_item(env, output, item)
            if html is not None:
                found[item.path] = page_of(item.path, html)
        return found

    def _write_item(self, env: Environment, output: Path, item: Page | File) -> str | None:
        """Write one output file; a page's HTML, None for a file."""
        target = inside(output, item.path)
        if target.parent not in self.folders:  # one mkdir per folder, not one per file
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        if isinstance(item, File):
            if isinstance(item.content, bytes):
                target.write_bytes(item.content)
            else:
                target.write_text(item.content, encoding="utf-8")
            return None
        html = label_cells(env.get_template(item.template).render(
            **self.context, **item.context, page_url=item.url
        ))
        target.write_text(html, encoding="utf-8")
        return html


def get_generators(_pelican: Any) -> type[Generator]:
    return RecordPagesGenerator


def register() -> None:
    signals.initialized.connect(_check_content)
    signals.content_object_init.connect(sanitise_content)
    signals.all_generators_finalized.connect(_plan_outputs)
    signals.get_generators.connect(get_generators)
