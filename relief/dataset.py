"""Find and load every record file under a data directory.

``data/<collection>/<id>.yaml``: the collection is the folder, the id is the file stem.
Anything else found there (an unknown folder, a ``.yml`` or ``.txt`` file, a stray file at
the top, a hidden file, a symbolic link, a FIFO) is reported, never silently ignored; links and
other non-regular files are never opened (relief/safe_files.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from relief.problems import Problem, Severity
from relief.record_cache import FileWork, RecordCache
from relief.records import RawRecord
from relief.safe_files import Entry, display, folder_problem, scan
from relief.schemas import COLLECTIONS
from relief.workers import map_slices
from relief.yamlstrict import MAX_FILE_BYTES, LoadedFile, load_bytes, read_file

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")


@dataclass
class RawDataset:
    """Every record that loaded, by collection, plus the problems met while loading."""

    root: Path
    records: dict[str, list[RawRecord]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)  # every id with a file, loaded or not
    work: dict[str, FileWork] = field(default_factory=dict)  # by shown file name

    def all_records(self) -> list[RawRecord]:
        return [record for name in COLLECTIONS for record in self.records.get(name, [])]


def _file_problem(
    file: str,
    code: str,
    zh: str,
    en: str,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(
        file=file,
        line=None,
        column=None,
        code=code,
        message_zh=zh,
        message_en=en,
        severity=severity,
        hint=hint,
    )


def load_dataset(
    root: Path, *, display_base: Path | None = None, max_bytes: int = MAX_FILE_BYTES,
    cache: RecordCache | None = None, workers: int = 1,
) -> RawDataset:
    """Load ``root/<collection>/*.yaml``; problems name files relative to ``display_base``.

    Files ``cache`` knows are not parsed again; the others are parsed in up to ``workers``
    processes. The outcome does not depend on either."""
    base = display_base if display_base is not None else root.parent
    dataset = RawDataset(
        root=root,
        records={name: [] for name in COLLECTIONS},
        ids={name: set() for name in COLLECTIONS},
    )
    shown_root = display(root, base)
    refused = folder_problem(root, shown_root)
    if refused is not None:
        dataset.problems.append(refused)
        return dataset
    if not root.is_dir():
        dataset.problems.append(
            _file_problem(
                shown_root,
                "data.missing-dir",
                "找不到数据目录",
                "data directory not found",
            )
        )
        return dataset
    entries, problems = scan(root, base)
    dataset.problems.extend(problems)
    files: list[tuple[str, Entry]] = []
    for entry in entries:
        if entry.is_dir and entry.name in COLLECTIONS:
            files.extend((entry.name, found) for found in _record_files(entry.path, dataset, base))
        else:
            dataset.problems.append(
                _file_problem(
                    entry.shown,
                    "data.unknown-collection",
                    f"数据目录下不应有 {entry.name}",
                    f"unexpected {entry.name} in the data directory",
                    hint="记录须放在以下文件夹之一 | records belong in one of: "
                    + ", ".join(COLLECTIONS),
                )
            )
    works = _load_files([found for _, found in files], max_bytes, cache, workers)
    for (collection, found), work in zip(files, works, strict=True):
        dataset.work[found.shown] = work
        _add_record(collection, found.path.stem, work.loaded, dataset)
    return dataset


def _record_files(folder: Path, dataset: RawDataset, base: Path) -> list[Entry]:
    """The ``.yaml`` files of one collection's folder; anything else is a problem."""
    entries, problems = scan(folder, base)
    dataset.problems.extend(problems)
    files: list[Entry] = []
    for entry in entries:
        path, shown = entry.path, entry.shown
        if entry.is_dir or path.suffix != ".yaml":
            hint = "请把扩展名改为 .yaml | rename to .yaml" if path.suffix == ".yml" else None
            dataset.problems.append(
                _file_problem(
                    shown,
                    "data.unexpected-file",
                    "只接受 .yaml 记录文件",
                    "only .yaml record files are accepted here",
                    hint=hint,
                )
            )
            continue
        files.append(entry)
    return files


def _load_files(files: list[Entry], max_bytes: int, cache: RecordCache | None,
                workers: int) -> list[FileWork]:
    """Each file's outcome, in order: from ``cache`` where it knows the bytes, else parsed."""
    works: list[FileWork | None] = []
    todo: list[tuple[int, bytes, str, str]] = []  # index, bytes, shown name, key
    for entry in files:
        raw = read_file(entry.path, entry.shown, max_bytes=max_bytes)
        if isinstance(raw, LoadedFile):
            works.append(FileWork(raw))
            continue
        key = RecordCache.key(entry.shown, raw)
        known = cache.get(key) if cache is not None else None
        if known is None:
            todo.append((len(works), raw, entry.shown, key))
        works.append(known)
    parsed = map_slices(partial(_parse_slice, max_bytes), todo, workers)
    for (index, _, _, key), loaded in zip(todo, (item for part in parsed for item in part),
                                          strict=True):
        works[index] = work = FileWork(loaded)
        if cache is not None:
            cache.put(key, work)
    return [work for work in works if work is not None]


def _parse_slice(max_bytes: int, _first: int, todo: Sequence[tuple[int, bytes, str, str]]
                 ) -> list[LoadedFile]:
    return [load_bytes(raw, shown, max_bytes=max_bytes) for _, raw, shown, _ in todo]


def _add_record(collection: str, stem: str, loaded: LoadedFile, dataset: RawDataset) -> None:
    if ID_PATTERN.fullmatch(stem):
        dataset.ids[collection].add(stem)
    shown = loaded.file
    dataset.problems.extend(loaded.problems)
    if loaded.problems:
        return
    if not isinstance(loaded.data, dict):
        line, column = loaded.positions.locate("")
        dataset.problems.append(
            Problem(
                file=shown,
                line=line,
                column=column,
                code="record.not-mapping",
                message_zh="记录文件的顶层须是“字段: 值”的映射,而不是列表或单个值",
                message_en="a record file must hold a mapping of fields at the top level",
            )
        )
        return
    if not ID_PATTERN.fullmatch(stem):
        dataset.problems.append(
            _file_problem(
                shown,
                "record.bad-id",
                f"文件名 {stem} 不能用作记录编号",
                f"file name {stem} is not a valid record id",
                hint="只用小写字母、数字和连字符,2-63 个字符,例如 zy-rescue-team.yaml "
                "| lowercase letters, digits and hyphens",
            )
        )
        return
    dataset.records[collection].append(
        RawRecord(
            collection=collection,
            record_id=stem,
            file=shown,
            data=loaded.data,
            positions=loaded.positions,
            comments=tuple(loaded.comments),
        )
    )
