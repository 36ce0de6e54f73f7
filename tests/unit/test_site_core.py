"""The site core: settings table, sanitised Markdown, labels, Git history, derived figures."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from relief import derive
from relief.dataset import load_dataset
from relief.labels import LABELS
from relief.model import Dataset, build_model
from relief.schemas import load_schemas
from relief.site.markup import render_markdown
from relief.site.settings import SettingsError, resolve
from relief.validate import validate_dataset
from tests.conftest import SAMPLE_DATA, TODAY


def sample(today: dt.date = TODAY) -> Dataset:
    return build_model(validate_dataset(load_dataset(SAMPLE_DATA), today), today)


def test_settings_defaults_and_overrides() -> None:
    resolved = resolve({"SAMPLE_DATA": True})
    assert resolved["SAMPLE_DATA"] is True
    assert resolved["STALE_AFTER_DAYS"] == 365


def test_unknown_and_mistyped_settings_are_refused_together() -> None:
    with pytest.raises(SettingsError) as caught:
        resolve({"SAMPLE_DATE": True, "STALE_AFTER_DAYS": "365"})
    message = str(caught.value)
    assert "SAMPLE_DATE" in message and "did you mean SAMPLE_DATA" in message
    assert "STALE_AFTER_DAYS" in message and "must be int" in message


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '"><svg onload=alert(1)>',
])
def test_markdown_is_sanitised(payload: str) -> None:
    html = str(render_markdown(f"正文 {payload}"))
    assert "<script" not in html
    assert "onerror" not in html and "onload" not in html
    assert "javascript:" not in html


def test_markdown_keeps_structure_and_demotes_h1() -> None:
    html = str(render_markdown("# 标题\n\n- 一\n- 二\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"))
    assert "<h2>标题</h2>" in html and "<h1>" not in html
    assert "<li>一</li>" in html and "<table>" in html


def _enums(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for value in node.get("enum", []):
            found.add(str(value))
        for item in node.values():
            _enums(item, found)
    elif isinstance(node, list):
        for item in node:
            _enums(item, found)


def test_every_enum_value_has_a_chinese_label() -> None:
    allowed: set[str] = set()
    for name, schema in load_schemas().schemas.items():
        if name != "vocab":
            _enums(schema, allowed)
    labelled = {value for group in LABELS.values() for value in group}
    assert allowed - labelled == set()


def test_need_expires_the_day_after_valid_until() -> None:
    bulletin = {"valid_until": "2026-12-31"}
    item = {"status": "open"}
    assert derive.need_state(item, bulletin, dt.date(2026, 12, 31)) == "open"
    assert derive.need_state(item, bulletin, dt.date(2027, 1, 1)) == "expired"
    assert derive.need_state({"status": "delivered"}, bulletin, dt.date(2027, 1, 1)) == "delivered"


def test_campaign_money_excludes_corrected_disclosures() -> None:
    dataset = sample()
    current = {r.id for r in derive.current_disclosures(dataset, "2026-flood-fundraising")}
    assert "tl-charity-federation-2026-09-correction" in current
    assert "tl-charity-federation-2026-09" not in current
    summary = derive.money_summary(derive.current_disclosures(dataset, "2026-flood-fundraising"))
    # Hand sums of the federation's periods 07, 08 and the 09 correction (see data/disclosures).
    assert summary.received == Decimal("469580.50") + Decimal("365488.88") + Decimal("68875.40")
    assert summary.balance == Decimal("70439.58")


def test_staleness_follows_the_setting() -> None:
    dataset = sample()
    stale_entry = dataset.get("organizations", "tg-xihu-emergency-team")
    assert stale_entry is not None
    verified = dt.date.fromisoformat(stale_entry.data["verification"]["date"])
    assert derive.is_stale(stale_entry, verified + dt.timedelta(days=366), 365)
    assert not derive.is_stale(stale_entry, verified + dt.timedelta(days=365), 365)


def test_json_export_is_in_the_package_data_dir(tmp_path: Path) -> None:
    from relief.opendata.jsonfiles import write_collections

    paths = write_collections(sample(), tmp_path / "data")
    organizations = json.loads((tmp_path / "data" / "organizations.json").read_text("utf-8"))
    assert len(paths) == 6 and len(organizations) == len(sample().collection("organizations"))


def test_a_number_below_its_minimum_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"DIRECTORY_PAGE_SIZE.*at least 1"):
        resolve({"DIRECTORY_PAGE_SIZE": 0})
