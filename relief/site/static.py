"""The stylesheet: every ``theme/css/*.css`` part joined, in name order, into one file.

One file keeps the request count down on weak networks; parts keep each page area's rules
in its own file.
"""

from __future__ import annotations

from pathlib import Path

STYLESHEET = "static/site.css"


def write_stylesheet(theme: Path, output: Path) -> Path:
    parts = sorted((theme / "css").glob("*.css"))
    text = "\n".join(part.read_text(encoding="utf-8").strip() + "\n" for part in parts)
    target = output / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
