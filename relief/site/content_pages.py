"""``content/`` under Pelican: read safely, sanitised, and its outputs planned.

(Before Pelican reads anything, the plugin checks ``PATH`` with relief/content_check.py on
the ``initialized`` signal: a FIFO would block Pelican's reader, a link would be followed.)
:class:`RegularMarkdownReader` (``READERS`` in pelicanconf.py) reads only regular files, in
case one was replaced after that check. Then, on two signals connected by ``register()``:

- ``content_object_init``: each article's and page's HTML and summary go through the one
  sanitiser of record Markdown (relief/site/markup.py);
- ``all_generators_finalized``: every output path (record pages, content pages and images,
  the folders the build fills) is claimed in one :class:`OutputPlan` before anything is
  written; any collision or escape stops the build with the problems, like invalid data.
  So does any error Pelican logged while reading (:class:`PelicanErrors`): Pelican skips a
  file it cannot process with only a log line, and no page may silently go missing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.generators import StaticGenerator
from pelican.readers import MarkdownReader

from relief.content_check import IMAGE_TYPES, IMAGES
from relief.opendata.publish import DATA_FOLDER
from relief.problems import Problem
from relief.safe_files import display, read_regular
from relief.search.index import INDEX_DIR
from relief.site.headers import HEADERS_FILE
from relief.site.markup import sanitise
from relief.site.outputs import OutputPlan
from relief.site.page import File, Page
from relief.site.sitemap import SITEMAP
from relief.site.static import STATIC_FOLDER
from relief.yamlstrict import MAX_FILE_BYTES

_CONTENT_LISTS = (
    "articles", "translations", "hidden_articles", "hidden_translations", "drafts",
    "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
)  # fmt: skip


class RegularMarkdownReader(MarkdownReader):  # type: ignore[misc]
    """Pelican's Markdown reader, reading only a regular file: a link or a FIFO put in place
    of a checked file is not followed, nor waited on (Pelican logs the error)."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        size, raw = read_regular(Path(source_path), source_path, MAX_FILE_BYTES)
        if size > MAX_FILE_BYTES:
            raise OSError(f"{source_path}: {size} bytes, the limit is {MAX_FILE_BYTES}")
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        content: str = self._md.convert(raw.decode("utf-8-sig"))
        meta = getattr(self._md, "Meta", None)
        return content, self._parse_metadata(meta) if meta is not None else {}


class PelicanErrors(logging.Handler):
    """Collects the errors Pelican logs, to become problems of the build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def problems(self, content_root: Path) -> list[Problem]:
        found = []
        for record in self.records:
            args = record.args if isinstance(record.args, tuple) else ()
            paths = [Path(str(arg)) for arg in args if str(arg).startswith(str(content_root))]
            found.append(Problem(
                file=display(paths[0], content_root.parent) if paths else content_root.name,
                line=None, column=None, code="content.not-processed",
                message_zh="Pelican 无法处理这个内容文件,它不会被发布",
                message_en=f"Pelican could not process it: {record.getMessage().splitlines()[0]}",
                hint="请按 Pelican 的报错修改这个文件;报错原文见上面的英文部分。"))
        return found


def sanitise_content(instance: Any) -> None:
    """Clean what the reader made of a content/ file (Pelican's static files have none)."""
    if getattr(instance, "_content", None) is not None:
        instance._content = str(sanitise(instance._content))
    summary = instance.metadata.get("summary")
    if summary is not None:
        instance.metadata["summary"] = instance._summary = str(sanitise(summary))


def plan_outputs(
    output: Path, content_root: Path, own: Iterable[Page | File], generators: Iterable[Any]
) -> list[Problem]:
    """The problems with writing ``own`` (the platform's outputs) and Pelican's outputs."""
    plan = OutputPlan(output)
    for item in own:
        if isinstance(item, Page):
            plan.claim(item.path, (f"平台页面(模板 {item.template})",
                                   f"the platform's page (template {item.template})"))
        else:
            plan.claim(item.path, ("平台生成的文件", "a file of the platform"))
    for folder in (DATA_FOLDER, STATIC_FOLDER, INDEX_DIR):
        plan.claim_folder(folder, (f"平台的 {folder}/ 文件夹", f"the platform's {folder}/ folder"))
    plan.claim(SITEMAP, ("平台的网站地图", "the platform's sitemap"))
    plan.claim(HEADERS_FILE, ("平台的响应头配置", "the platform's hosting headers"))
    problems: list[Problem] = []
    base = content_root.parent
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            for static in generator.staticfiles:
                shown = display(Path(static.source_path), base)
                problems += _static_source(Path(static.source_path), content_root, shown)
                plan.claim(static.save_as, (shown, shown), content_file=shown)
            continue
        seen: set[int] = set()
        for name in _CONTENT_LISTS:
            for content in getattr(generator, name, None) or []:
                if id(content) in seen or not content.save_as:
                    continue
                seen.add(id(content))
                shown = display(Path(content.source_path), base)
                plan.claim(content.save_as, (shown, shown), content_file=shown)
    return problems + plan.problems()


def _static_source(source: Path, root: Path, shown: str) -> list[Problem]:
    """A static file Pelican would copy: a real image under content/images/, nothing else."""
    images = root / IMAGES
    if (source.is_relative_to(images) and not source.is_symlink()
            and source.resolve().is_relative_to(images.resolve())
            and source.suffix.lower() in IMAGE_TYPES):
        return []
    return [Problem(
        file=shown, line=None, column=None, code="content.static-type",
        message_zh=f"只发布 content/{IMAGES}/ 里的图片,不发布 {shown}",
        message_en=f"only images in content/{IMAGES}/ are published, not {shown}",
        hint=f"把图片放进 content/{IMAGES}/,再写 {{static}}/{IMAGES}/图片名。")]
