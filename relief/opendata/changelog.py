"""The change log of the records, derived from Git: what each commit did to which record.

One ``git log --raw --no-renames`` pass over the data folder gives, per commit, every record
file added (``A``), modified (``M``, ``T``) or deleted (``D``) with the ids of the blob before
and after (``--raw`` is ``--name-status`` plus those ids). A modification is a *withdrawal*
when the record's ``status`` became ``withdrawn``. The two versions of every modified file are
read with one ``git cat-file --batch`` call for all of them; from them come the statuses and
what changed, field by field, said in Chinese (relief/record_diff.py, relief/change_text.py).

The result depends only on the repository's history (never on the working tree or the clock).
Without Git, outside a repository or when Git fails, there is no history (``available`` is
false). In a shallow clone the oldest fetched commit looks as if it added every file, so its
events are left out and the log is marked incomplete; so is a log for which some versions of a
file could not be read (a partial clone). Merge commits carry no events of their own: each
change is reported at the commit that made it.

A commit subject that holds a personal number (an ID, card or mobile number, see
:mod:`relief.privacy_text`) is replaced by a neutral placeholder as it is read, so it reaches
neither ``changes.json`` nor the change pages, record histories or feeds.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relief.change_text import describe
from relief.dataset import ID_PATTERN
from relief.privacy_text import publishable
from relief.record_diff import diff_records
from relief.schemas import COLLECTIONS
from relief.vocab import Vocabulary
from relief.yamlstrict import load_bytes

log = logging.getLogger(__name__)

ADDED, CHANGED, WITHDRAWN, DELETED = "added", "changed", "withdrawn", "deleted"
KINDS = (ADDED, CHANGED, WITHDRAWN, DELETED)
KIND_LABELS = {ADDED: "新增", CHANGED: "修改", WITHDRAWN: "撤回", DELETED: "删除"}
_KIND_OF_STATUS = {"A": ADDED, "M": CHANGED, "T": CHANGED, "D": DELETED}
_HEADER = "\x1e"  # starts a commit's header line in the log; its fields are split by \x1f
_NO_BLOB = "0" * 40
_TIMEOUT = 120
_CJK = re.compile("[\u4e00-\u9fff]")


def chinese(subject: str) -> str | None:
    """A commit subject where it is written in Chinese, else None: the pages show no
    developers' English (personal numbers are already withheld from every subject)."""
    return subject if _CJK.search(subject) else None


@dataclass(frozen=True)
class Event:
    """One record changed by one commit."""

    commit: str  # full hash
    date: str  # YYYY-MM-DD, committer date in the commit's own offset
    subject: str  # first line of the commit message
    collection: str
    record_id: str
    kind: str  # one of KINDS
    path: str  # repository-relative path of the record file
    # For a change: each field that changed, as (JSON pointer, Chinese line with old and new).
    details: tuple[tuple[str, str], ...] = ()

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def subject_zh(self) -> str | None:
        return chinese(self.subject)

    def as_json(self) -> dict[str, Any]:
        return {"commit": self.commit, "date": self.date, "subject": self.subject,
                "collection": self.collection, "id": self.record_id, "change": self.kind,
                "fields": [{"field": pointer, "text": text} for pointer, text in self.details]}


@dataclass(frozen=True)
class Commit:
    """A commit with the record changes it made (never empty)."""

    commit: str
    date: str  # YYYY-MM-DD
    time: str  # committer time, ISO 8601 with the commit's offset (for feeds)
    subject: str
    events: tuple[Event, ...]

    @property
    def subject_zh(self) -> str | None:
        return chinese(self.subject)


@dataclass
class ChangeLog:
    available: bool = False  # False: no Git history here at all
    complete: bool = False  # False: history unavailable, shallow, or versions unreadable
    data_prefix: str = ""  # the data folder relative to the repository root
    commits: list[Commit] = field(default_factory=list)  # newest first
    _by_path: dict[str, list[Event]] | None = field(default=None, repr=False, compare=False)

    def events(self) -> Iterator[Event]:
        """Every event, newest commit first, in path order within a commit."""
        for commit in self.commits:
            yield from commit.events

    def for_path(self, path: str) -> list[Event]:
        """The changes of one record file (repository-relative path), newest first."""
        if self._by_path is None:
            self._by_path = {}
            for event in self.events():
                self._by_path.setdefault(event.path, []).append(event)
        return self._by_path.get(path, [])

    def to_json(self) -> str:
        """``changes.json``: exact and reproducible, a function of the history alone."""
        document: dict[str, Any] = {
            "available": self.available,
            "complete": self.complete,
            "data_folder": self.data_prefix,
            "events": [event.as_json() for event in self.events()],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class _Entry:
    status: str  # A, M, T or D
    old_blob: str
    new_blob: str
    path: str


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    environment = {**os.environ, "GIT_NO_LAZY_FETCH": "1"}  # never fetch from a promisor
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "-c", "log.showSignature=false", *args],
            input=stdin, capture_output=True, check=False, timeout=_TIMEOUT, env=environment,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("git is not usable here: %s", error)
        return None
    return result.stdout if result.returncode == 0 else None


def _git_text(root: Path, *args: str) -> str | None:
    out = _git(root, *args)
    return None if out is None else out.decode("utf-8", errors="replace").strip()


def read_changelog(data_dir: Path, vocab: Vocabulary | None = None) -> ChangeLog:
    """The change log of the records under ``data_dir`` (one ``git log`` pass); ``vocab``
    names skills and goods in the changes' Chinese lines."""
    if shutil.which("git") is None:
        return ChangeLog()
    root_text = _git_text(data_dir, "rev-parse", "--show-toplevel")
    if not root_text:
        return ChangeLog()
    root = Path(root_text)
    try:
        prefix = data_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return ChangeLog()
    raw = _git(root, "log", "-z", "--raw", "--no-abbrev", "--no-renames", "--root",
               "--no-color", "--format=%x1e%H%x1f%cI%x1f%s", "--", prefix)
    if raw is None:
        return ChangeLog()
    boundary = _shallow_commits(root)
    changelog = ChangeLog(available=True, complete=not boundary, data_prefix=prefix)
    commits = [(header, entries) for header, entries in _parse_log(raw)
               if header[0] not in boundary]
    versions = _versions(root, {blob for _, entries in commits for entry in entries
                                if entry.status in "MT" for blob in (entry.old_blob,
                                                                    entry.new_blob)})
    if any(entry.status in "MT" and (entry.old_blob not in versions
                                     or entry.new_blob not in versions)
           for _, entries in commits for entry in entries):
        changelog.complete = False
    for (commit, time, subject), entries in commits:
        events = tuple(
            event for entry in entries
            if (event := _event(prefix, commit, time[:10], subject, entry, versions, vocab))
        )
        if events:
            changelog.commits.append(Commit(commit, time[:10], time, subject, events))
    return changelog


def _parse_log(raw: bytes) -> Iterator[tuple[tuple[str, str, str], list[_Entry]]]:
    """Commits of ``git log -z --raw``: a header token, then (metadata, path) token pairs."""
    tokens = raw.decode("utf-8", errors="replace").split("\0")
    header: tuple[str, str, str] | None = None
    entries: list[_Entry] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith(_HEADER):
            if header is not None:
                yield header, entries
            commit, _, rest = token[1:].partition("\x1f")
            time, _, subject = rest.partition("\x1f")
            header, entries = (commit, time, publishable(subject)), []
        elif token.startswith(":") and index < len(tokens):
            fields = token.split()
            path = tokens[index]
            index += 1
            if len(fields) >= 5:
                entries.append(_Entry(fields[4][:1], fields[2], fields[3], path))
    if header is not None:
        yield header, entries


def _event(prefix: str, commit: str, date: str, subject: str, entry: _Entry,
           versions: dict[str, object], vocab: Vocabulary | None) -> Event | None:
    """The event of one file in one commit; None for a file that is not a record."""
    relative = entry.path.removeprefix(f"{prefix}/") if prefix else entry.path
    collection, slash, name = relative.partition("/")
    record_id = name.removesuffix(".yaml")
    if (collection not in COLLECTIONS or not slash or not name.endswith(".yaml")
            or not ID_PATTERN.fullmatch(record_id) or entry.status not in _KIND_OF_STATUS):
        return None
    kind = _KIND_OF_STATUS[entry.status]
    old, new = versions.get(entry.old_blob), versions.get(entry.new_blob)
    if (kind == CHANGED and _status(new) == "withdrawn" and entry.old_blob in versions
            and _status(old) != "withdrawn"):
        kind = WITHDRAWN
    details: tuple[tuple[str, str], ...] = ()
    if kind != DELETED and isinstance(old, dict) and isinstance(new, dict):
        details = tuple(
            (change.pointer,
             describe(collection, change, old if change.kind == "removed" else new, vocab))
            for change in diff_records(old, new))
    return Event(commit, date, subject, collection, record_id, kind, entry.path, details)


def _status(data: object) -> object:
    return data.get("status") if isinstance(data, dict) else None


def _versions(root: Path, blobs: set[str]) -> dict[str, object]:
    """Every blob as loaded (None when it does not parse), from one ``git cat-file --batch``
    call; blobs that cannot be read are left out."""
    wanted = sorted(blob for blob in blobs if blob != _NO_BLOB)
    if not wanted:
        return {}
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    if out is None:
        return {}
    found: dict[str, object] = {}
    position = 0
    for blob in wanted:
        end = out.find(b"\n", position)
        if end < 0:
            break
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<blob> missing"
        size = int(header[2])
        content = out[position:position + size]
        position += size + 1  # the content is followed by a newline
        found[blob] = load_bytes(content, blob).data
    return found


def _shallow_commits(root: Path) -> set[str]:
    """The boundary commits of a shallow clone (none in a full clone)."""
    if _git_text(root, "rev-parse", "--is-shallow-repository") != "true":
        return set()
    location = _git_text(root, "rev-parse", "--git-path", "shallow")
    if not location:
        return {"?"}  # shallow, boundary unknown: still marked incomplete
    path = Path(location) if Path(location).is_absolute() else root / location
    try:
        return set(path.read_text(encoding="ascii").split()) or {"?"}
    except OSError:
        return {"?"}
