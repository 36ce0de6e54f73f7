"""Last change of every record file, from one ``git log`` pass over the data folder.

Degrades gracefully: without Git or outside a checkout there is no history (pages then say
so); in a shallow clone files untouched within the fetched depth have no date and the
history is marked incomplete.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

_RECORD_SEPARATOR = "\x1e"


@dataclass(frozen=True)
class Change:
    commit: str
    date: str  # YYYY-MM-DD, committer date in the commit's own offset


@dataclass
class History:
    available: bool = False
    shallow: bool = False
    data_prefix: str = ""  # the data folder relative to the repository root
    last_change: dict[str, Change] = field(default_factory=dict)  # repo-relative path -> change
    commits: dict[str, int] = field(default_factory=dict)  # path -> number of commits seen

    def for_file(self, path: str) -> Change | None:
        return self.last_change.get(path)


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True, text=True, check=False, timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("git is not usable here: %s", error)
        return None
    return result.stdout if result.returncode == 0 else None


def read_history(data_dir: Path) -> History:
    """Walk ``git log`` once for ``data_dir``; paths are relative to the repository root."""
    if shutil.which("git") is None:
        return History()
    root_text = _git(data_dir, "rev-parse", "--show-toplevel")
    if root_text is None:
        return History()
    root = Path(root_text.strip())
    try:
        relative = data_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return History()
    log_text = _git(
        root, "log", f"--format={_RECORD_SEPARATOR}%H %cs", "--name-only", "--no-renames",
        "--", relative,
    )
    if log_text is None:
        return History()
    shallow = _git(root, "rev-parse", "--is-shallow-repository") == "true\n"
    history = History(available=True, shallow=shallow, data_prefix=relative)
    for block in log_text.split(_RECORD_SEPARATOR)[1:]:
        header, _, names = block.partition("\n")
        commit, _, date = header.partition(" ")
        for name in filter(None, names.splitlines()):
            history.last_change.setdefault(name, Change(commit=commit, date=date))
            history.commits[name] = history.commits.get(name, 0) + 1
    return history
