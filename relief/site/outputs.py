"""Every output path planned before anything is written: no collisions, nothing outside.

The record pages, the ``content/`` pages and images Pelican will write, and the folders the
build fills (the published data, the static files, the search index) are all claimed here
in the context phase. Two claims on one path (compared as the file system may: case folded)
stop the build naming both sources, and so does a path that would leave the output folder.
:func:`inside` is the one place a relative output path becomes a file name.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from relief.problems import Problem

OUTPUT_HINT = "请修改内容页面的 Slug 或 Save_as(或文件名),让每个页面有自己的网址。"


class OutsideOutput(ValueError):
    """A relative output path that would leave the output folder."""


def inside(output: Path, relative: str) -> Path:
    """``output / relative``, refused unless it stays inside ``output``."""
    normal = posixpath.normpath(relative)
    if (not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative
            or normal == ".." or normal.startswith("../")):
        raise OutsideOutput(relative)
    target = output / normal
    if not target.resolve().is_relative_to(output.resolve()):
        raise OutsideOutput(relative)  # through a link already in the output folder
    return target


Source = tuple[str, str]  # who writes a path, in Chinese and English: a content file, or
# what of the platform


@dataclass(frozen=True)
class Claim:
    path: str
    source: Source
    file: str  # the problem's file: the content file, or the output path
    from_content: bool


@dataclass
class OutputPlan:
    """Claims on output paths; :meth:`problems` says what cannot be written."""

    output: Path
    exact: dict[str, list[Claim]] = field(default_factory=dict)
    folders: list[Claim] = field(default_factory=list)  # whole folders the platform fills
    outside: list[Claim] = field(default_factory=list)

    def claim(self, path: str, source: Source, content_file: str | None = None) -> None:
        """``path`` is written by ``source``; ``content_file`` when that is a content/ file."""
        claim = Claim(path, source, content_file or path, content_file is not None)
        try:
            inside(self.output, path)
        except OutsideOutput:
            self.outside.append(claim)
            return
        self.exact.setdefault(_key(path), []).append(claim)

    def claim_folder(self, folder: str, source: Source) -> None:
        self.folders.append(Claim(folder.rstrip("/") + "/", source, folder, False))

    def problems(self) -> list[Problem]:
        found = [_outside(claim) for claim in self.outside]
        for key, claims in self.exact.items():
            found += [_collision(claims[0], other) for other in claims[1:]]
            found += [_collision(claim, folder) for claim in claims if claim.from_content
                      for folder in self.folders if key.startswith(_key(folder.path))]
        return found


def _key(path: str) -> str:
    return posixpath.normpath(path).casefold() + ("/" if path.endswith("/") else "")


def _outside(claim: Claim) -> Problem:
    return Problem(
        file=claim.file, line=None, column=None, code="output.outside",
        message_zh=f"{claim.source[0]} 要写到网站输出目录以外:{claim.path}",
        message_en=f"{claim.source[1]} would write outside the output folder: {claim.path}",
        hint="输出路径只能是相对路径,不能以“/”开头,也不能含“..”。")


def _collision(first: Claim, second: Claim) -> Problem:
    file = first.file if first.from_content or not second.from_content else second.file
    return Problem(
        file=file, line=None, column=None, code="output.collision",
        message_zh=f"{first.source[0]} 和 {second.source[0]} 都要写入 {first.path}",
        message_en=f"{first.source[1]} and {second.source[1]} would both write {first.path}",
        hint=OUTPUT_HINT)
