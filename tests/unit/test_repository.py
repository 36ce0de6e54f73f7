"""The repository stands alone: no tracked file points into a folder beside it."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT

NEEDLE = b"../" + b"shared/"  # spelt in two parts so that this file does not match itself


def test_no_file_refers_to_the_shared_folder_beside_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8").split("\0")
    offenders = []
    for name in filter(None, tracked):
        path = ROOT / name
        if not path.is_file() or path.is_symlink():
            continue
        text = path.read_bytes()
        if NEEDLE in text:
            offenders.append(name)
    assert offenders == []
