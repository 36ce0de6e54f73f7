"""SHA-256 of the published files, and ``SHA256SUMS`` in the format ``sha256sum -c`` reads.

``SHA256SUMS`` lists every file under the data folder (sub-folders included) by its path
relative to that folder, sorted, one ``<hex digest>  <path>`` line each; it is written last
and does not list itself. Check a download with ``sha256sum -c SHA256SUMS`` in that folder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS_NAME = "SHA256SUMS"
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def listed_files(folder: Path) -> list[str]:
    """Every file under ``folder`` but the sums file itself, as sorted relative POSIX paths."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).as_posix() != SUMS_NAME
    )


def render_sums(folder: Path) -> str:
    return "".join(f"{sha256_file(folder / name)}  {name}\n" for name in listed_files(folder))


def write_sums(folder: Path) -> Path:
    """Write ``folder/SHA256SUMS``; call it after every other file in ``folder`` is written."""
    path = folder / SUMS_NAME
    path.write_text(render_sums(folder), encoding="utf-8", newline="\n")
    return path
