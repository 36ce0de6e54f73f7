"""What was learnt from each record file, remembered by the file's content hash.

Parsing a YAML file, scanning it for personal data and checking it against its schema depend
on nothing but the file's bytes, its name and the code. A build keeps those outcomes in one
file per data folder and code version, so the next build of the same data, with one record
changed, parses and checks only that record. The outcome is the same object the work would
produce, so a build from the cache is byte-identical to a clean one (a test holds it).

The cache lives outside the repository, in the user's cache folder (``$XDG_CACHE_HOME/relief``
or ``~/.cache/relief``) unless ``CACHE_DIR`` says otherwise: a contribution can add any file to
the repository, and a planted cache would let a record skip its checks. Entries are keyed by
the SHA-256 of the code (every file of the ``relief`` package and the schemas, and the
versions of the libraries that read YAML and check schemas), the file's shown name and bytes.
A cache that cannot be read is ignored and rewritten; a cache that cannot be written costs
speed, never the build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from relief.problems import Problem
from relief.schemas import SCHEMA_DIR
from relief.yamlstrict import LoadedFile

PACKAGE_DIR = Path(__file__).resolve().parent
_LIBRARIES = ("PyYAML", "jsonschema", "fastjsonschema")
_FORMAT = b"relief-record-cache-1"


@dataclass
class FileWork:
    """One file's outcome: as loaded, and the problems of its privacy scan and schema check
    (None until validation has run on it)."""

    loaded: LoadedFile
    checks: tuple[list[Problem], list[Problem]] | None = None  # privacy, schema


@cache
def code_fingerprint() -> str:
    """SHA-256 of everything whose change could change a file's outcome."""
    digest = hashlib.sha256(_FORMAT)
    digest.update(sys.version.encode())
    for library in _LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}".encode())
    for folder in (PACKAGE_DIR, SCHEMA_DIR):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "relief"


class RecordCache:
    """The remembered outcomes for one data folder; ``None`` folder: remember nothing."""

    def __init__(self, folder: Path | None, data_dir: Path) -> None:
        self._entries: dict[str, FileWork] = {}
        self._used: dict[str, FileWork] = {}
        self._file: Path | None = None
        self.hits = 0  # files whose outcome was remembered
        self.misses = 0  # files read afresh
        if folder is None:
            return
        place = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
        self._file = folder / place / f"records-{code_fingerprint()[:24]}.pickle"
        self._entries = _read(self._file)

    @staticmethod
    def key(shown: str, raw: bytes) -> str:
        return hashlib.sha256(shown.encode() + b"\0" + raw).hexdigest()

    def get(self, key: str) -> FileWork | None:
        work = self._entries.get(key)
        if work is not None:
            self.hits += 1
            self._used[key] = work
        return work

    def put(self, key: str, work: FileWork) -> None:
        self.misses += 1
        self._used[key] = work

    @property
    def enabled(self) -> bool:
        return self._file is not None

    def save(self) -> None:
        """Keep the outcomes this build used (no more: the file does not grow with history)
        and remove the caches of other code versions for this data folder."""
        if self._file is None:
            return
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self._file.parent, delete=False) as out:
                pickle.dump(self._used, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(out.name, self._file)
            for stale in self._file.parent.glob("records-*.pickle"):
                if stale != self._file:
                    stale.unlink(missing_ok=True)
        except OSError:
            return


def _read(file: Path) -> dict[str, FileWork]:
    try:
        with file.open("rb") as stream:
            entries = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}
