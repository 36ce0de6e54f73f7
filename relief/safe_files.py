"""Reading only what is really in the repository: regular files, never through a link.

``data/`` and ``content/`` are edited by anyone who can open a pull request, so a symbolic
link (to a file or a folder, dangling or not, inside the repository or out of it), a FIFO, a
socket or a device among them is refused without being opened: folders are listed with
``os.scandir`` and every entry is judged by ``lstat`` (``DirEntry`` without following links).
A file is then opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked again on the open handle,
so that a file swapped for a link or a FIFO in between is refused too, and nothing can block.

Hidden entries (names starting with ".") are reported, not skipped: a ``.record.yaml`` would
otherwise be a record that silently never appears. ``.gitkeep``, the Git convention for an
empty folder, is the one exception.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from relief.problems import Problem

ALLOWED_HIDDEN = frozenset({".gitkeep"})
_NO_FOLLOW_OR_WAIT = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = os.O_RDONLY | _NO_FOLLOW_OR_WAIT


class NotRegular(OSError):
    """The path is a symbolic link or not a regular file; it was not read."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.problem = problem


@dataclass(frozen=True)
class Entry:
    """One real file or folder found by :func:`scan`."""

    path: Path
    shown: str
    is_dir: bool

    @property
    def name(self) -> str:
        return self.path.name


def display(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _problem(shown: str, code: str, zh: str, en: str, hint: str) -> Problem:
    return Problem(file=shown, line=None, column=None, code=code, message_zh=zh,
                   message_en=en, hint=hint)


def symlink_problem(shown: str) -> Problem:
    return _problem(
        shown, "file.symlink", "这是一个符号链接(快捷方式),平台不读取链接",
        "this is a symbolic link; links are never followed",
        "请把链接换成真正的文件或文件夹(复制内容进来),不要指向仓库以外或其他位置。")


def not_regular_problem(shown: str) -> Problem:
    return _problem(
        shown, "file.not-regular", "这不是普通文件(可能是管道、套接字或设备),平台不读取",
        "this is not a regular file (a FIFO, socket or device); it was not opened",
        "请删除它,只在这里放普通的文本或图片文件。")


def hidden_problem(shown: str) -> Problem:
    return _problem(
        shown, "file.hidden", "隐藏文件或文件夹(名称以“.”开头)不会被发布,请删除或改名",
        "hidden file or folder (name starts with '.'): it would never be published",
        "记录文件名不能以“.”开头;系统生成的文件(如 .DS_Store)请删除。"
        "只有空文件夹里的 .gitkeep 是允许的。")


def kind_problem(mode: int, shown: str, *, dir_ok: bool) -> Problem | None:
    """The problem with an entry of this ``lstat`` mode, or None for a regular file (or dir)."""
    if stat.S_ISLNK(mode):
        return symlink_problem(shown)
    if stat.S_ISREG(mode) or (dir_ok and stat.S_ISDIR(mode)):
        return None
    return not_regular_problem(shown)


def folder_problem(folder: Path, shown: str) -> Problem | None:
    """Why ``folder`` cannot be listed as a real folder (a link, a file), or None."""
    try:
        mode = os.lstat(folder).st_mode
    except OSError:
        return None  # missing: the caller says what a missing folder means
    if stat.S_ISDIR(mode):
        return None
    return kind_problem(mode, shown, dir_ok=True) or not_regular_problem(shown)


def scan(folder: Path, base: Path) -> tuple[list[Entry], list[Problem]]:
    """The real files and folders in ``folder`` (sorted), and problems for everything else."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    with os.scandir(folder) as listing:
        found = sorted(listing, key=lambda item: item.name)
    for item in found:
        path = Path(item.path)
        shown = display(path, base)
        mode = item.stat(follow_symlinks=False).st_mode
        problem = kind_problem(mode, shown, dir_ok=True)
        if problem is not None:
            problems.append(problem)
        elif item.name.startswith("."):
            if not (item.name in ALLOWED_HIDDEN and stat.S_ISREG(mode)):
                problems.append(hidden_problem(shown))
        else:
            entries.append(Entry(path, shown, stat.S_ISDIR(mode)))
    return entries, problems


def read_regular(path: Path, shown: str, limit: int) -> tuple[int, bytes]:
    """``(size, first limit + 1 bytes)`` of a regular file; :class:`NotRegular` otherwise.

    Raises OSError when the file cannot be read.
    """
    problem = kind_problem(os.lstat(path).st_mode, shown, dir_ok=False)
    if problem is not None:
        raise NotRegular(problem)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if os.path.islink(path):  # replaced by a link since lstat (O_NOFOLLOW: ELOOP)
            raise NotRegular(symlink_problem(shown)) from error
        raise
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotRegular(not_regular_problem(shown))
        if status.st_size > limit:
            return status.st_size, b""
        return status.st_size, stream.read(limit + 1)


def write_regular(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (created or replaced), never through a link or into a FIFO."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NO_FOLLOW_OR_WAIT, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise NotRegular(not_regular_problem(str(path)))
        stream.write(text)


def _copy_or_stand_in(source: str, target: str) -> None:
    if stat.S_ISREG(os.lstat(source).st_mode):
        shutil.copy2(source, target)
    else:
        os.mkfifo(target)  # stands in for any special file: refused the same way, unread


def copy_tree(source: Path, target: Path) -> None:
    """Copy a data folder for a trial validation: links copied as links and special files as
    FIFOs, so that the copy is refused where the original would be, and nothing is read
    through a link or from a FIFO."""
    shutil.copytree(source, target, symlinks=True, copy_function=_copy_or_stand_in)
