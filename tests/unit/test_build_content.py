"""The build with a hostile content/: collisions and escapes stop it naming both sources, a FIFO
cannot make it hang, and what is published is sanitised like record Markdown."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.settings import read_settings

from relief.safe_files import NotRegular
from relief.site.content_pages import PelicanErrors
from relief.site.outputs import OutputPlan, OutsideOutput, inside
from tests.conftest import ROOT, copy_base


def _build(
    tmp_path: Path, pages: dict[str, str], content_arg: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Build the test base with the repository's content/ plus ``pages``, or ``content_arg``."""
    data = copy_base(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, dirs_exist_ok=True)
    for name, text in pages.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "RELIEF_TODAY": "2026-11-29", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "relief", "build", "--data", str(data), "--output",
         str(tmp_path / "site"), "--content", str(content_arg or content)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120,
    )


def _problems(stdout: str) -> set[tuple[str, str]]:
    return set(re.findall(r"^(\S+): error\[([a-z.-]+)\]", stdout, re.MULTILINE))


def test_output_collisions_stop_the_build_naming_both_sources(tmp_path: Path) -> None:
    result = _build(tmp_path, {
        "pages/directory-page.md": "Title: 目录\nSlug: directory\n\n正文\n",
        "pages/about-again.md": "Title: 又一个关于\nSlug: about\n\n正文\n",
        "pages/shouting.md": "Title: 大写\nSave_as: ABOUT/index.html\n\n正文\n",
        "news/into-data.md": "Title: 数据\nDate: 2026-01-01\nSave_as: data/index.html\n\n正文\n",
        "news/into-static.md": "Title: 静态\nDate: 2026-01-01\nSave_as: static/x.html\n\n正文\n",
    })
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    found = _problems(result.stdout)
    assert {code for _, code in found} == {"output.collision"}, output
    assert {file for file, _ in found} - {"content/pages/about.md"} == {
        "content/pages/directory-page.md", "content/pages/about-again.md",
        "content/news/into-data.md", "content/news/into-static.md",
    }, output
    assert "content/pages/directory-page.md 都要写入 directory/index.html" in output
    assert "模板 directory_list.html" in output
    assert "content/news/into-static.md 和 平台的 static/ 文件夹" in output
    about = " ".join(line for line in result.stdout.splitlines()
                     if "写入 about/index.html" in line.lower())
    assert {"about.md", "about-again.md", "shouting.md"} <= set(re.findall(r"[\w-]+\.md", about))
    assert not (tmp_path / "site" / "index.html").exists()


def test_content_is_refused_before_pelican_reads_it(tmp_path: Path) -> None:
    (tmp_path / "content" / "news").mkdir(parents=True)
    os.mkfifo(tmp_path / "content" / "news" / "pipe.md")  # Pelican's reader would block on it
    (tmp_path / "content" / "pages").mkdir()
    (tmp_path / "content" / "pages" / "passwd.md").symlink_to("/etc/passwd")
    result = _build(tmp_path, {"pages/notes.rst": "x\n=\n\n.. include:: /etc/passwd\n"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert _problems(result.stdout) == {
        ("content/news/pipe.md", "file.not-regular"),
        ("content/pages/passwd.md", "file.symlink"),
        ("content/pages/notes.rst", "content.unsupported-format"),
    }, result.stdout
    assert "root:" not in result.stdout + result.stderr


PAYLOADS = (
    "<script>window.__xss=1</script>\n\n"
    '<img src=x onerror="window.__xss=1"> <svg onload="window.__xss=1"></svg>\n\n'
    "[点我](javascript:window.__xss=1) <a href=\"JaVaScRiPt:window.__xss=1\">a</a>\n\n"
    '<iframe src="javascript:window.__xss=1"></iframe><object data="x.swf"></object>'
    "<style>body{display:none}</style> ![远程](https://tracker.example/p.png)\n"
)


def test_content_pages_are_sanitised(tmp_path: Path) -> None:
    result = _build(tmp_path, {
        "pages/xss.md": f"Title: <script>window.__xss=1</script>标题\n"
                        f"Summary: <img src=x onerror=\"window.__xss=1\">摘要\n\n{PAYLOADS}",
        "news/xss.md": f"Title: 新闻\nDate: 2026-01-01\n\n{PAYLOADS}",
    })
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("xss/index.html", "news/xss/index.html", "news/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8").lower()
        for bad in ("<script>window", "onerror", "onload", "javascript:", "<iframe", "<object",
                    "<style>body", "tracker.example"):
            assert bad not in html, f"{page}: {bad}"
    title = (tmp_path / "site" / "xss" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;标题" in title


def test_a_missing_content_folder_is_a_problem(tmp_path: Path) -> None:
    result = _build(tmp_path, {}, content_arg=tmp_path / "no-such-folder")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error[content.missing-dir]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_every_target_stays_inside_the_output(tmp_path: Path) -> None:
    assert inside(tmp_path, "a/b/index.html") == tmp_path / "a" / "b" / "index.html"
    for escape in ("../x.html", "a/../../x.html", "/etc/passwd", "a\\..\\x", ""):
        with pytest.raises(OutsideOutput):
            inside(tmp_path, escape)
    (tmp_path / "out").symlink_to("/tmp")
    with pytest.raises(OutsideOutput):
        inside(tmp_path, "out/x.html")  # a link already in the output folder


def test_the_plan_reports_escapes_and_collisions(tmp_path: Path) -> None:
    plan = OutputPlan(tmp_path)
    plan.claim("directory/index.html", ("平台页面", "a platform page"))
    plan.claim("Directory/index.html", ("a.md", "a.md"), content_file="content/pages/a.md")
    plan.claim("../../x.html", ("b.md", "b.md"), content_file="content/pages/b.md")
    plan.claim_folder("data", ("数据文件夹", "the data folder"))
    plan.claim("data/dictionary/index.html", ("平台页面", "a platform page"))  # its own folder
    problems = {(p.file, p.code) for p in plan.problems()}
    assert problems == {("content/pages/a.md", "output.collision"),
                        ("content/pages/b.md", "output.outside")}


def test_what_pelican_skips_with_a_log_line_becomes_a_problem(tmp_path: Path) -> None:
    content = tmp_path / "content"
    errors = PelicanErrors()
    logger = logging.getLogger("pelican")
    logger.addHandler(errors)
    try:
        logging.getLogger("pelican.generators").error(
            "Could not process %s", str(content / "news" / "x.md"))
        logging.getLogger("pelican.generators").warning("only a warning")
    finally:
        logger.removeHandler(errors)
    problems = [(p.file, p.code) for p in errors.problems(content)]
    assert problems == [("content/news/x.md", "content.not-processed")]


def test_the_markdown_reader_reads_only_regular_files(tmp_path: Path) -> None:
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    reader = settings["READERS"]["md"](settings)
    (tmp_path / "page.md").write_text("Title: 标题\n\n正文\n", encoding="utf-8")
    content, metadata = reader.read(str(tmp_path / "page.md"))
    assert content == "<p>正文</p>" and metadata["title"] == "标题"
    (tmp_path / "link.md").symlink_to(tmp_path / "page.md")
    os.mkfifo(tmp_path / "pipe.md")
    for name in ("link.md", "pipe.md"):
        with pytest.raises(NotRegular):
            reader.read(str(tmp_path / name))
    assert {ext for ext, cls in settings["READERS"].items() if cls is None} >= {"rst", "html"}
