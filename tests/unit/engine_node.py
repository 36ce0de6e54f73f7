"""Run a script against the shipped search engine (theme/js/search-engine.js) in Node.js."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "theme" / "js" / "search-engine.js"


def run_engine(script: str, *args: str) -> Any:
    """Run an ES module script in which ``%s`` stands for the engine's URL (to import from);
    return what it printed, read as JSON. ``args`` are its ``process.argv[1:]``."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed (make e2e-deps installs what the tests need)")
    run = subprocess.run(
        [node, "--input-type=module", "-e", script % json.dumps(ENGINE.as_uri()), *args],
        capture_output=True, text=True, check=False, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)
