"""Every money figure the built pages show, recomputed by hand from the raw YAML.

The records are read with PyYAML (numbers as Decimal, dates as text: a loader of this file's
own), never through ``relief``; the sums are whole fen (integers), and which disclosure counts
is worked out here from the ``corrects`` links and the statuses. Then each campaign page, the
campaigns list, the home page, the disclosures list, every disclosure page and the
transparency page of the session-built sample site must show exactly these figures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from tests.e2e.checkers import ROOT

DATA = ROOT / "data"


class _Loader(yaml.SafeLoader):
    """Safe YAML with exact numbers and dates left as written."""


_Loader.add_constructor("tag:yaml.org,2002:float",
                        lambda loader, node: Decimal(loader.construct_scalar(node)))
_Loader.add_constructor("tag:yaml.org,2002:timestamp",
                        lambda loader, node: loader.construct_scalar(node))


@cache
def records(collection: str) -> dict[str, dict[str, Any]]:
    return {path.stem: yaml.load(path.read_text("utf-8"), Loader=_Loader)
            for path in sorted((DATA / collection).glob("*.yaml"))}


def fen(value: Any) -> int:
    whole, _, cents = str(value).partition(".")
    assert len(cents) <= 2, value
    return int(whole) * 100 + int(cents.ljust(2, "0"))


def shown(amount: int) -> str:
    """What the ``yuan`` filter writes, written again: 1234567.5 -> 1,234,567.50 元."""
    assert amount >= 0
    return f"{amount // 100:,}.{amount % 100:02d} 元"


def money(lines: list[dict[str, Any]]) -> int:
    return sum(fen(line["amount"]) for line in lines if line.get("form", "money") == "money")


@dataclass
class Figures:
    opening: int
    received: int
    used: int
    pledged: int
    declared_balance: int

    @property
    def balance(self) -> int:
        return self.opening + self.received - self.used


def figures(data: dict[str, Any]) -> Figures:
    return Figures(
        opening=fen(data["opening_balance"]), received=money(data["receipts"]),
        used=money(data["uses"]) + money(data.get("costs", [])),
        pledged=money(data.get("pledges", [])), declared_balance=fen(data["declared"]["balance"]),
    )


def counted() -> set[str]:
    """Active disclosures that no active correction replaces, directly or down a chain."""
    disclosures = records("disclosures")
    replaced = set()
    for data in disclosures.values():
        if data["status"] != "active":
            continue
        target = data.get("corrects", {}).get("disclosure")
        while target is not None and target not in replaced:
            replaced.add(target)
            target = disclosures[target].get("corrects", {}).get("disclosure")
    return {i for i, d in disclosures.items() if d["status"] == "active" and i not in replaced}


@dataclass
class CampaignMoney:
    received: int = 0
    used: int = 0
    balance: int = 0
    pledged: int = 0
    by_org: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)


def campaign_money(campaign_id: str) -> CampaignMoney:
    mine: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for disclosure_id in counted():
        data = records("disclosures")[disclosure_id]
        if data["campaign"] == campaign_id:
            mine[data["organization"]].append((data["period"]["end"], disclosure_id))
    result = CampaignMoney()
    for org, ids in mine.items():
        each = [figures(records("disclosures")[i]) for _, i in sorted(ids)]
        row = (sum(f.received for f in each), sum(f.used for f in each), each[-1].balance,
               sum(f.pledged for f in each))
        result.by_org[org] = row
        result.received += row[0]
        result.used += row[1]
        result.balance += row[2]
        result.pledged += row[3]
    return result


# ---------------------------------------------------------------- reading the pages


class _Rows(HTMLParser):
    """Every table row as (cell texts, link targets)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[list[str], list[str]]] = []
        self._cells: list[str] | None = None
        self._links: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._cells, self._links = [], []
        elif tag in ("td", "th") and self._cells is not None:
            self._cells.append("")
            self._in_cell = True
        elif tag == "a" and self._cells is not None:
            self._links.extend(v or "" for k, v in attrs if k == "href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._cells is not None:
            self.rows.append(([c.strip() for c in self._cells], self._links))
            self._cells = None
        elif tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._cells is not None and self._in_cell:
            self._cells[-1] += data


def rows(html: str) -> list[tuple[list[str], list[str]]]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def row_linking(html: str, target: str, cells: int) -> list[str]:
    found = [c for c, links in rows(html)
             if len(c) == cells and links and links[0].endswith(target)]
    assert len(found) == 1, (target, found)
    return found[0]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def page(site: Path, *parts: str) -> str:
    return (site.joinpath(*parts) / "index.html").read_text("utf-8")


# ---------------------------------------------------------------- the tests


def test_the_sample_has_a_correction_to_leave_out() -> None:
    assert len(counted()) < sum(d["status"] == "active" for d in records("disclosures").values())


def test_campaign_pages_show_the_totals_of_the_counted_disclosures(built_site: Path) -> None:
    for campaign_id in records("campaigns"):
        html = page(built_site, "campaigns", campaign_id)
        expected = campaign_money(campaign_id)
        if not expected.by_org:
            assert "<dt>已到账</dt>" not in html, campaign_id
            continue
        for label, amount in (("已到账", expected.received),
                              ("已使用（含必要成本）", expected.used), ("结余", expected.balance)):
            assert f"<dt>{label}</dt><dd>{shown(amount)}</dd>" in html, (campaign_id, label)
        assert f"<dt>认捐未到账</dt><dd>{shown(expected.pledged)}（不计入以上合计）</dd>" in html
        for org, row in expected.by_org.items():
            assert row_linking(html, f"/directory/{org}/", 6)[1:5] == [shown(v) for v in row]
        total = [c for c, _ in rows(html) if c and c[0] == "合计"]
        assert total == [["合计", *(shown(v) for v in (expected.received, expected.used,
                                                      expected.balance, expected.pledged)), ""]]
        for disclosure_id, data in records("disclosures").items():
            if data["campaign"] != campaign_id:
                continue
            cells = row_linking(html, f"/disclosures/{disclosure_id}/", 7)
            f = figures(data)
            assert cells[3:6] == [shown(f.received), shown(f.used), shown(f.balance)]
            assert (cells[6] == "计入") == (disclosure_id in counted()), disclosure_id


def test_campaign_list_and_home_page_show_the_same_totals(built_site: Path) -> None:
    listing = text(page(built_site, "campaigns"))
    home = (built_site / "index.html").read_text("utf-8")
    for campaign_id, campaign in records("campaigns").items():
        expected = campaign_money(campaign_id)
        if not expected.by_org or campaign["kind"] == "programme":
            continue
        assert f"已到账 {shown(expected.received)}" in listing, campaign_id
        assert f"已使用 {shown(expected.used)}" in listing, campaign_id
        if campaign["campaign_status"] == "active":  # a progress bar's label or a line
            assert f"到账 {shown(expected.received)}" in home, campaign_id


def test_disclosure_pages_and_list_show_each_disclosures_own_sums(built_site: Path) -> None:
    listing = page(built_site, "disclosures")
    for disclosure_id, data in records("disclosures").items():
        f = figures(data)
        html = page(built_site, "disclosures", disclosure_id)
        assert (f"期初结余 {shown(f.opening)} + 本期接收 {shown(f.received)} − 本期使用（含成本）"
                f"{shown(f.used)} = 期末结余 {shown(f.balance)}") in text(html), disclosure_id
        ledger = html.split('<section aria-labelledby="receipts"', 1)[1].split(
            '<section aria-labelledby="notes"', 1)[0]  # the ledger, not tables in the notes
        by_head = {c[0]: c[1:] for c, _ in rows(ledger) if c}
        declared = data["declared"]
        assert by_head["本期接收"] == [shown(f.received), shown(fen(declared["received_money"]))]
        assert by_head["本期使用（含成本）"] == [shown(f.used), shown(fen(declared["used_money"]))]
        assert by_head["期末结余"] == [shown(f.balance), shown(f.declared_balance)]
        if data.get("pledges"):
            assert by_head["认捐资金（不计入合计）"][0] == shown(f.pledged)
        if data.get("costs"):
            assert by_head["成本合计"] == [shown(money(data["costs"]))]
        assert by_head["资金使用合计（不含成本）"][0] == shown(money(data["uses"]))
        assert f"<dt>计入行动合计</dt><dd>{'是' if disclosure_id in counted() else '否'}</dd>" \
            in html, disclosure_id
        cells = row_linking(listing, f"/disclosures/{disclosure_id}/", 7)
        assert cells[4:7] == [shown(f.received), shown(f.used), shown(f.balance)]


def test_transparency_page_counts_each_organisations_disclosures(built_site: Path) -> None:
    html = page(built_site, "transparency")
    active: dict[str, list[str]] = defaultdict(list)
    for disclosure_id, data in records("disclosures").items():
        if data["status"] == "active":
            active[data["organization"]].append(disclosure_id)
    for org, ids in active.items():
        cells = row_linking(html, f"/directory/{org}/", 6)
        assert cells[1] == str(len(ids)), org
        corrections = [i for i in ids
                       if records("disclosures")[i]["disclosure_kind"] == "correction"]
        assert cells[4].startswith(f"{len(corrections)} 份") if corrections else cells[4] == "无"
        reconciled = all(figures(records("disclosures")[i]).balance
                         == figures(records("disclosures")[i]).declared_balance for i in ids)
        assert reconciled and cells[3] == "全部相符", org
