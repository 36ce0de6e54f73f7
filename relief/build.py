"""The build: Pelican with the relief plugin, refusing to publish on any data error.

The plugin validates the records, writes every page and the published data; this module
runs Pelican on the project's settings with the chosen data and output folders, then indexes
the written pages for search. A plugin that did not register fails the build.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from relief.content_check import missing_content
from relief.problems import Report
from relief.record_cache import RecordCache
from relief.search.index import IndexStats, SearchIndexError, build_index
from relief.site.plugin import CACHE, SEARCH_PAGES, STOPWATCH, DataInvalid
from relief.site.settings import resolve
from relief.stopwatch import Stopwatch
from relief.workers import worker_count

log = logging.getLogger(__name__)

PLUGIN_NAME = "relief.site.plugin"


class PluginNotLoaded(RuntimeError):
    """The relief plugin is not registered with Pelican, so no record page would be built."""


@dataclass
class BuildResult:
    report: Report
    output: Path
    search: IndexStats
    stages: Stopwatch
    cache: RecordCache


def build(
    data_dir: Path,
    output: Path,
    settings_file: Path = Path("pelicanconf.py"),
    content_dir: Path | None = None,
) -> BuildResult:
    """Build the site; raise DataInvalid (with the report) when the records or content/
    (``content_dir``, by default the settings' ``PATH``) have errors."""
    override = {"OUTPUT_PATH": str(output.resolve())}
    if content_dir is not None:
        if not content_dir.is_dir():
            raise DataInvalid(Report([missing_content(content_dir)]))
        override["PATH"] = str(content_dir.resolve())
    settings = read_settings(str(settings_file), override=override)
    settings["RELIEF"] = {**settings.get("RELIEF", {}), "DATA_DIR": str(data_dir.resolve())}
    settings[STOPWATCH] = watch = Stopwatch()
    pelican = Pelican(settings)
    if PLUGIN_NAME not in pelican.settings["PLUGINS"]:
        raise PluginNotLoaded(
            f"{PLUGIN_NAME} is not registered (PLUGINS = {pelican.settings['PLUGINS']})"
        )
    pelican.run()
    report: Report = pelican.settings.get("RELIEF_REPORT", Report())
    workers = worker_count(resolve(pelican.settings.get("RELIEF"))["WORKERS"])
    with watch.stage("index"):
        search = build_index(output, pelican.settings.get(SEARCH_PAGES), workers)
    return BuildResult(report=report, output=output, search=search, stages=watch,
                       cache=pelican.settings[CACHE])


__all__ = ["BuildResult", "DataInvalid", "PluginNotLoaded", "SearchIndexError", "build"]
