"""What every template sees about the platform: the dataset, settings, today, provenance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from relief import derive
from relief.model import Dataset, Record
from relief.opendata.changelog import ChangeLog, Event


@dataclass(frozen=True)
class Provenance:
    file: str  # repository-relative path of the record file
    last_change: str | None  # YYYY-MM-DD of the last commit touching it
    history_url: str | None
    edit_url: str | None
    history_incomplete: bool
    changes: list[Event]  # this record's changes, newest first


@dataclass
class SiteContext:
    dataset: Dataset
    settings: dict[str, Any]
    changes: ChangeLog  # from one Git pass over the data folder
    data_prefix: str  # the data folder's path within the repository, e.g. "data"
    siteurl: str = ""  # Pelican's SITEURL, for links built outside page templates

    @property
    def today(self) -> dt.date:
        return self.dataset.today

    @property
    def data_changed(self) -> str | None:
        """YYYY-MM-DD of the last commit that changed a record, when the history is known."""
        return self.changes.commits[0].date if self.changes.commits else None

    def org(self, record_id: str) -> Record | None:
        return self.dataset.get("organizations", record_id)

    def district_code(self, name: str) -> str:
        return self.dataset.vocab.districts.get(name, "")

    def is_stale(self, org: Record) -> bool:
        """待更新: an entry still listed (not withdrawn) and not re-verified in time."""
        return org.data["status"] != "withdrawn" and derive.is_stale(
            org, self.today, self.settings["STALE_AFTER_DAYS"]
        )

    def provenance(self, record: Record) -> Provenance:
        path = f"{self.data_prefix}/{record.collection}/{record.id}.yaml"
        changes = self.changes.for_path(path)
        repo = self.settings["REPO_URL"].rstrip("/")
        branch = quote(self.settings["REPO_BRANCH"])
        return Provenance(
            file=path,
            last_change=changes[0].date if changes else None,
            history_url=f"{repo}/commits/{branch}/{path}" if repo else None,
            edit_url=f"{repo}/edit/{branch}/{path}" if repo else None,
            history_incomplete=not self.changes.complete,
            changes=changes,
        )

