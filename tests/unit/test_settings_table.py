"""The README's settings table is the declared settings, name, default and help (as datasette
holds its docs to its settings)."""

from __future__ import annotations

from relief.site.settings import SETTINGS
from tests.conftest import ROOT


def test_the_readme_lists_every_setting_as_declared() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    declared = [f"| `{s.name}` | `{s.default!r}` | {s.help} |" for s in SETTINGS]
    listed = [row for row in rows if row.split("`")[1] in {s.name for s in SETTINGS}]
    assert listed == declared
