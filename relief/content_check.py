"""The files of ``content/`` (news, pages, images): only what the site can publish safely.

``content/`` is as untrusted as ``data/`` (DESIGN.md section 3), and Pelican would read
whatever it finds there, follow links and obey metadata that names output paths and
templates. So before Pelican runs (and in ``relief validate``) this checks, without Pelican:

- the layout: Markdown (``.md``) in ``news/`` and ``pages/``, images (PNG, JPEG, GIF, WebP,
  judged by name and by content) in ``images/``, nothing else; reStructuredText and HTML are
  refused (their readers are switched off; rST could include files from anywhere);
- links, FIFOs and hidden files, as in ``data/`` (relief/safe_files.py);
- each page's metadata header: known keys only, no ``template``, a known ``status``, a title
  (and a date for news: Pelican skips a file without them, with only a log line), real
  dates, and ``slug``/``save_as``/``url`` that stay inside the output folder;
- ``{static}``/``{attach}``/``{filename}`` links, which must stay inside ``content/``;
  ``{static}`` may only link an image, and ``{attach}`` (which moves it) is not used.

Collisions between output paths are checked by the build, which knows every output.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

import markdown

from relief.problems import Problem
from relief.safe_files import Entry, NotRegular, folder_problem, read_regular, scan
from relief.yamlstrict import MAX_FILE_BYTES

ARTICLES = "news"
PAGES = "pages"
IMAGES = "images"
IMAGE_MAX_BYTES = 5_000_000  # a photo; a page's Markdown has the record files' limit
# The first bytes of each image type allowed under images/.
IMAGE_TYPES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
METADATA = frozenset({
    "title", "date", "modified", "slug", "summary", "status", "category", "tags", "author",
    "authors", "save_as", "url",
})  # fmt: skip
STATUSES = frozenset({"published", "draft", "hidden"})
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_LINK = re.compile(r"\{(static|attach|filename)\}([^\s)\"'<>]*)")
_HEADER_KEY = re.compile(r"^([A-Za-z0-9_-]+):")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")


def _problem(file: str, code: str, zh: str, en: str, hint: str, line: int | None = None
             ) -> Problem:
    return Problem(file=file, line=line, column=None, code=code, message_zh=zh,
                   message_en=en, hint=hint)


def missing_content(root: Path) -> Problem:
    """The build needs a content folder (Pelican refuses to run without one)."""
    return _problem(root.as_posix(), "content.missing-dir", "找不到内容目录(content/)",
                    "content directory not found", "用 --content 指定内容目录。")


def check_content(root: Path) -> list[Problem]:
    """Every problem with the files under ``root`` (``content/``, named from its parent in
    the problems); none when it is absent."""
    base = root.parent
    refused = folder_problem(root, root.name)
    if refused is not None:
        return [refused]
    if not root.is_dir():
        return []
    problems: list[Problem] = []
    entries, found = scan(root, base)
    problems += found
    for entry in entries:
        if entry.is_dir and entry.name in (ARTICLES, PAGES):
            for file in _walk(entry, base, problems):
                problems += _check_page(file, root)
        elif entry.is_dir and entry.name == IMAGES:
            for file in _walk(entry, base, problems):
                problems += _check_image(file)
        else:
            problems.append(_problem(
                entry.shown, "content.unexpected-file",
                f"content/ 下不应有 {entry.name}", f"unexpected {entry.name} in content/",
                f"新闻放在 {ARTICLES}/,页面放在 {PAGES}/,图片放在 {IMAGES}/。"))
    return problems


def _walk(folder: Entry, base: Path, problems: list[Problem]) -> list[Entry]:
    """The real files under ``folder``, at any depth; links are reported, never followed."""
    entries, found = scan(folder.path, base)
    problems += found
    files = [entry for entry in entries if not entry.is_dir]
    for sub in (entry for entry in entries if entry.is_dir):
        files += _walk(sub, base, problems)
    return files


def _read(file: Entry, limit: int = MAX_FILE_BYTES) -> bytes | Problem:
    try:
        size, raw = read_regular(file.path, file.shown, limit)
    except NotRegular as refused:
        return refused.problem
    except OSError as error:
        return _problem(file.shown, "file.unreadable", f"无法读取文件:{error.strerror or error}",
                        f"cannot read the file: {error}", "请确认文件有读取权限。")
    if size > limit:
        return _problem(file.shown, "file.too-large", f"文件太大:{size} 字节,上限是 {limit} 字节",
                        f"the file is too large: {size} bytes, the limit is {limit}",
                        "请把图片压缩后再放进来,或把长文拆成几篇。")
    return raw


def _check_image(file: Entry) -> list[Problem]:
    signatures = IMAGE_TYPES.get(file.path.suffix.lower())
    raw = _read(file, IMAGE_MAX_BYTES) if signatures is not None else b""
    if isinstance(raw, Problem):
        return [raw]
    webp_ok = file.path.suffix.lower() != ".webp" or raw[8:12] == b"WEBP"
    if signatures is not None and raw.startswith(signatures) and webp_ok:
        return []
    kinds = ", ".join(sorted(IMAGE_TYPES))
    return [_problem(
        file.shown, "content.static-type",
        f"{IMAGES}/ 只接受图片文件({kinds}),而且内容须与扩展名相符",
        f"only images ({kinds}) whose content matches the extension are published from "
        f"{IMAGES}/",
        "SVG、HTML、JavaScript、CSS 等文件可能带有脚本,不能发布;请换成 PNG 或 JPEG 图片。")]


def _check_page(file: Entry, root: Path) -> list[Problem]:
    suffix = file.path.suffix.lower()
    if suffix != ".md":
        what = {".rst": "reStructuredText", ".html": "HTML", ".htm": "HTML"}.get(suffix, suffix)
        return [_problem(
            file.shown, "content.unsupported-format",
            f"只接受 Markdown(.md)文件,不接受 {what}",
            f"only Markdown (.md) is accepted, not {what}",
            "请把内容改写为 Markdown 并保存为 .md 文件;页面里的原始 HTML 和脚本不会发布。")]
    raw = _read(file)
    if isinstance(raw, Problem):
        return [raw]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [_problem(file.shown, "file.not-utf8", "文件不是有效的 UTF-8 文字",
                         "the file is not valid UTF-8", "请把文件另存为 UTF-8 编码。")]
    reader = markdown.Markdown(extensions=["meta"])
    reader.convert(text)
    meta: dict[str, list[str]] = getattr(reader, "Meta", {})
    lines = _header_lines(text)
    problems: list[Problem] = []
    for key, values in meta.items():
        problems += _check_metadata(file.shown, key, " ".join(values).strip(), lines.get(key))
    required = ("title", "date") if file.path.is_relative_to(root / ARTICLES) else ("title",)
    problems += [_problem(
        file.shown, "content.metadata-missing", f"缺少页面信息项“{key.title()}”",
        f"{key} is missing", f"在文件开头写上 {key.title()}: …(新闻须有 Title 和 Date)", 1)
        for key in required if not "".join(meta.get(key, [])).strip()]
    problems += _check_links(file, text, root)
    return problems


def _header_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = _HEADER_KEY.match(line)
        if match:
            lines.setdefault(match.group(1).lower(), number)
    return lines


def _check_metadata(shown: str, key: str, value: str, line: int | None) -> list[Problem]:
    if key == "template":
        return [_problem(
            shown, "content.template", "页面不能自选模板(Template)",
            "a page cannot choose its template", "请删除 Template 这一行;模板由平台决定。", line)]
    if key not in METADATA:
        return [_problem(
            shown, "content.metadata-unknown", f"不认识的页面信息项“{key}”",
            f"unknown metadata {key!r}", "可用的项:" + ", ".join(sorted(METADATA)), line)]
    if key in ("date", "modified") and not _is_date(value):
        return [_problem(
            shown, "content.metadata-value", f"{key.title()}“{value}”不是有效的日期",
            f"{key} {value!r} is not a valid date", "写成 2026-03-20 或 2026-03-20 09:30。", line)]
    if key == "status" and value.lower() not in STATUSES:
        return [_problem(
            shown, "content.metadata-value", f"Status 只能是 {'、'.join(sorted(STATUSES))}",
            f"status must be one of {', '.join(sorted(STATUSES))}, not {value!r}",
            "不写 Status 即为发布(published)。", line)]
    if key not in ("slug", "save_as", "url") or (key != "slug" and not value):
        return []
    if _escapes(value):
        return [_problem(
            shown, "content.path-escape", f"{key} 指向网站输出目录以外:{value}",
            f"{key} {value!r} points outside the output folder",
            "只用相对路径,不要以“/”开头,不要含“..”“\\”或“:”。", line)]
    if key == "slug" and not SLUG.fullmatch(value):
        return [_problem(
            shown, "content.metadata-value", f"Slug“{value}”不能用作网址",
            f"slug {value!r} cannot be used in a URL",
            "只用小写字母、数字和连字符,例如 about 或 flood-2026。", line)]
    if key == "save_as" and not value.endswith(".html"):
        return [_problem(
            shown, "content.metadata-value", "Save_as 须以 .html 结尾",
            f"save_as {value!r} must end in .html", "例如 about/index.html。", line)]
    if not all(_SEGMENT.fullmatch(part) for part in value.rstrip("/").split("/")):
        return [_problem(
            shown, "content.metadata-value", f"{key}“{value}”含有不能用在网址里的字符",
            f"{key} {value!r} has characters that cannot be used in a path",
            "路径的每一段只用字母、数字、点、连字符和下划线。", line)]
    return []


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _escapes(value: str) -> bool:
    parts = value.split("/")
    return (value.startswith(("/", "~")) or "\\" in value or ":" in value or "\x00" in value
            or any(part in ("..", ".") for part in parts))


def _check_links(file: Entry, text: str, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    folder = file.path.parent.relative_to(root).as_posix()
    for number, line in enumerate(text.splitlines(), start=1):
        for kind, target in _LINK.findall(line):
            path = target.split("#", 1)[0].split("?", 1)[0]
            joined = posixpath.normpath(path.lstrip("/") if path.startswith("/")
                                        else posixpath.join(folder, path))
            if "\\" in path or joined == ".." or joined.startswith(("../", "/")):
                problems.append(_problem(
                    file.shown, "content.path-escape", f"链接指向 content/ 以外:{target}",
                    f"the link {{{kind}}}{target} points outside content/",
                    f"只能链接 content/ 里的文件,例如 {{static}}/{IMAGES}/photo.jpg。", number))
            elif kind == "attach" or (kind == "static" and not joined.startswith(IMAGES + "/")):
                # {attach} would move the image next to the page, after outputs are planned
                problems.append(_problem(
                    file.shown, "content.static-type",
                    f"只能用 {{static}} 链接 {IMAGES}/ 里的图片:{{{kind}}}{target}",
                    f"only {{static}} links to an image in {IMAGES}/ are allowed, not "
                    f"{{{kind}}}{target}",
                    f"把图片放进 content/{IMAGES}/,再写 {{static}}/{IMAGES}/图片名。", number))
    return problems
