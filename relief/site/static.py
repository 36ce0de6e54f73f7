"""Static files: the stylesheet, every ``theme/css/*.css`` part joined in name order into one
file (one request on weak networks; each page area keeps its rules in its own part), and the
scripts of ``theme/js/`` copied as they are (only the pages that use them load them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

STATIC_FOLDER = "static"
STYLESHEET = f"{STATIC_FOLDER}/site.css"
SCRIPTS = f"{STATIC_FOLDER}/js"


def write_stylesheet(theme: Path, output: Path) -> Path:
    parts = sorted((theme / "css").glob("*.css"))
    text = "\n".join(part.read_text(encoding="utf-8").strip() + "\n" for part in parts)
    target = output / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def copy_scripts(theme: Path, output: Path) -> None:
    target = output / SCRIPTS
    target.mkdir(parents=True, exist_ok=True)
    for script in sorted((theme / "js").glob("*.js")):
        shutil.copyfile(script, target / script.name)
