"""The platform's settings: one namespaced dict, ``RELIEF``, in pelicanconf.py.

Each setting is declared once here with its default and help; unknown names are refused
with a "did you mean" hint, and wrong types are refused, before anything is built.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relief.record_cache import user_cache_dir
from relief.usage import UsageError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    minimum: int | None = None  # for numbers: the least value that makes sense


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA_DIR", "data", "Folder of the YAML records, relative to the project root."),
    Setting("SAMPLE_DATA", False,
            "True when the dataset is fictional: every page then shows a 示例数据 banner."),
    Setting("STALE_AFTER_DAYS", 365,
            "A directory entry not re-verified within this many days is shown as 待更新."),
    Setting("DATA_LICENSE", "CC-BY-4.0", "SPDX id of the licence of the published data."),
    Setting("REPO_URL", "",
            "Web address of the Git repository, for history and edit links (empty: no links)."),
    Setting("REPO_BRANCH", "main", "Branch the edit links point to."),
    Setting("OPERATOR", "铜陵市民政局", "运营单位 shown in the footer."),
    Setting("OPERATOR_PHONE", "",
            "The operator's public phone, in the footer as a tap-to-call link."),
    Setting("OPERATOR_ADDRESS", "", "The operator's address, in the footer."),
    Setting("OPERATOR_HOURS", "", "The operator's office hours, in the footer."),
    Setting("ICP_NUMBER", "", "ICP 备案号 shown in the footer when set (sites hosted in China)."),
    Setting("WORKERS", 0,
            "Processes the build loads, checks, renders and indexes with (0: one per core).",
            minimum=0),
    Setting("CACHE", True,
            "Remember each record file's parse and checks by its content hash, so a rebuild "
            "reads again only the files that changed."),
    Setting("CACHE_DIR", "",
            "Folder of that cache, relative to the project root (empty: $XDG_CACHE_HOME/relief "
            "or ~/.cache/relief, outside the repository, where no contribution can plant one)."),
    Setting("DIRECTORY_PAGE_SIZE", 100,
            "Entries per page of the directory's lists (资源目录, by district, kind, skill).",
            minimum=1),
    Setting("LATEST_BULLETINS", 8, "How many bulletins the home page lists."),
    Setting("HOME_NEEDS", 8,
            "How many open need items the home page lists, most urgent first (all on /needs/).",
            minimum=1),
    Setting("MATCH_CANDIDATES", 5, "How many ranked candidates each open need item shows."),
    Setting("MATCH_PUBLISHED", 20,
            "How many ranked candidates data/matches.json lists per open need item (with the "
            "count of all); an entry's page lists the needs where it is among them."),
    Setting("MATCH_NEEDS_PER_ENTRY", 10,
            "How many of those needs an entry's page lists (best rank first; the rest counted)."),
    Setting("DISCLOSURE_EMERGENCY_DAYS", 30,
            "During an active emergency response, receipts and uses are due at least this often."),
    Setting("DISCLOSURE_LONG_DRIVE_DAYS", 90,
            "Fundraising longer than six months discloses at least this often (every 3 months)."),
    Setting("DISCLOSURE_FINAL_DAYS", 90,
            "A final disclosure is due within this many days after a campaign ends (3 months)."),
    Setting("DISCLOSURE_DUE_SOON_DAYS", 14,
            "A disclosure due within this many days is shown as due soon (即将到期)."),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


class SettingsError(UsageError):
    """The RELIEF settings are not usable; the message says what to change."""


def resolve(values: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults overlaid with ``values``; raise SettingsError listing every mistake."""
    values = dict(values or {})
    mistakes: list[str] = []
    for name in sorted(values):
        if name not in _BY_NAME:
            close = difflib.get_close_matches(name, list(_BY_NAME), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            mistakes.append(f"unknown setting RELIEF[{name!r}]{hint}")
            continue
        default = _BY_NAME[name].default
        value = values[name]
        if type(value) is not type(default):
            mistakes.append(
                f"RELIEF[{name!r}] must be {type(default).__name__}, got {type(value).__name__}"
            )
        elif _BY_NAME[name].minimum is not None and value < _BY_NAME[name].minimum:
            mistakes.append(f"RELIEF[{name!r}] must be at least {_BY_NAME[name].minimum}, "
                            f"got {value!r}")
    if mistakes:
        raise SettingsError("; ".join(mistakes))
    return {setting.name: values.get(setting.name, setting.default) for setting in SETTINGS}


def cache_folder(settings: dict[str, Any], project_root: Path) -> Path | None:
    """Where the record cache lives (relief/record_cache.py), None when it is off."""
    if not settings["CACHE"]:
        return None
    return project_root / settings["CACHE_DIR"] if settings["CACHE_DIR"] else user_cache_dir()
