"""The bulletins area: lists, bulletin pages, the needs board, Atom and iCalendar feeds.

Expected values are counted by hand from data/bulletins/ with today = 2026-11-29.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

import icalendar
from jinja2 import ChainableUndefined, Environment, FileSystemLoader

from relief import derive
from relief.dataset import load_dataset
from relief.model import Dataset, build_model
from relief.opendata.changelog import ChangeLog
from relief.site import filters
from relief.site.context import SiteContext
from relief.site.feeds import atom_feed
from relief.site.page import File, Page
from relief.site.pages_bulletins import needs_board, plan_bulletins
from relief.site.settings import resolve
from relief.validate import validate_dataset
from tests.conftest import ROOT, SAMPLE_DATA, TODAY

ATOM = "{http://www.w3.org/2005/Atom}"
WINTER_NEEDS = "2026-11-20-zongyang-winter-needs"  # valid_until 2026-12-31
SITUATION_3 = "2026-07-09-zongyang-situation-3"
CORRECTION = "2026-07-10-zongyang-situation-3-correction"
KINDS = ("situation", "needs", "offers", "coordination", "progress", "event")


@cache
def sample() -> Dataset:
    return build_model(validate_dataset(load_dataset(SAMPLE_DATA), TODAY), TODAY)


def site(dataset: Dataset | None = None) -> SiteContext:
    return SiteContext(dataset=dataset or sample(), settings=resolve({"SAMPLE_DATA": True}),
                       changes=ChangeLog(), data_prefix="data")


def outputs(siteurl: str = "") -> dict[str, Page | File]:
    return {item.path: item for item in plan_bulletins(site(), {"SITEURL": siteurl})}


def render(page: Page) -> str:
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"),
                      autoescape=True, undefined=ChainableUndefined)
    filters.install(env)
    template = env.get_template(page.template)
    return template.render(SITENAME="测试", SITEURL="", relief=site(), **page.context)


def page(path: str) -> Page:
    item = outputs()[path]
    assert isinstance(item, Page)
    return item


def text(path: str, siteurl: str = "") -> str | bytes:
    item = outputs(siteurl)[path]
    assert isinstance(item, File)
    return item.content


def test_plan_writes_lists_kind_pages_bulletins_needs_and_feeds() -> None:
    paths = set(outputs())
    assert {"bulletins/index.html", "needs/index.html", "feeds/bulletins.atom",
            "feeds/events.ics"} <= paths
    for kind in KINDS:
        assert f"bulletins/kind/{kind}/index.html" in paths
        assert f"feeds/bulletins-{kind}.atom" in paths
    assert all(f"bulletins/{b.id}/index.html" in paths for b in sample().collection("bulletins"))


def test_list_is_newest_first_and_keeps_the_withdrawn_offer_with_its_reason() -> None:
    listing = page("bulletins/index.html")
    ids = [entry["record"].id for entry in listing.context["entries"]]
    assert len(ids) == 42
    assert ids[0] == "2026-11-27-zongyang-winter-progress"
    assert ids[-1] == "2018-09-04-promotion-year-plan"
    html = render(listing)
    assert "撤回原因:发布单位申请撤回" in html
    offers = page("bulletins/kind/offers/index.html")
    assert len(offers.context["entries"]) == 10
    assert 'href="/feeds/bulletins-offers.atom"' in render(offers)


def test_needs_board_counts_per_state() -> None:
    board = needs_board(sample())
    counts = {row["state"]: row["count"] for row in board["counts"]}
    assert counts == {"open": 1, "partly_committed": 1, "committed": 0, "in_transit": 0,
                      "delivered": 12, "expired": 0, "withdrawn": 0}
    assert board["total"] == 14
    sections = {s["key"]: s["items"] for s in board["sections"]}
    # open work first: the urgent quilts before the clothes
    assert [e["item"]["id"] for e in sections["open"]] == ["quilts", "winter-clothes"]
    assert len(sections["delivered"]) == 12 and not sections["expired"]


def test_need_items_expire_the_day_after_valid_until_not_on_it() -> None:
    on_the_day = dataclasses.replace(sample(), today=dt.date(2026, 12, 31))
    day_after = dataclasses.replace(sample(), today=dt.date(2027, 1, 1))
    bulletin = sample().get("bulletins", WINTER_NEEDS)
    assert bulletin is not None
    assert not derive.bulletin_expired(bulletin.data, on_the_day.today)
    assert derive.bulletin_expired(bulletin.data, day_after.today)
    assert needs_board(on_the_day)["counts"][5] == {"state": "expired", "count": 0,
                                                   "section": "expired"}
    expired = {row["state"]: row["count"] for row in needs_board(day_after)["counts"]}
    assert expired["expired"] == 2 and expired["open"] == 0 and expired["delivered"] == 12
    html = render(next(p for p in plan_bulletins(site(day_after), {})
                       if isinstance(p, Page) and p.path == f"bulletins/{WINTER_NEEDS}/index.html"))
    assert 'id="need-quilts" class="rl-need rl-need--expired"' in html
    assert "已过期" in html


def test_corrections_are_linked_both_ways() -> None:
    corrected = render(page(f"bulletins/{SITUATION_3}/index.html"))
    correction = render(page(f"bulletins/{CORRECTION}/index.html"))
    assert f'此公告已被更正,请以更正公告为准:<a href="/bulletins/{CORRECTION}/">' in corrected
    assert f'本公告更正了<a href="/bulletins/{SITUATION_3}/">' in correction


def test_bulletin_page_links_issuer_and_anchors_each_need() -> None:
    html = render(page("bulletins/2026-07-10-zy-transport-offer/index.html"))
    assert '<a href="/directory/zy-transport-co/">' in html
    assert "此公告已撤回:发布单位申请撤回" in html
    needs = render(page(f"bulletins/{WINTER_NEEDS}/index.html"))
    assert 'id="need-quilts"' in needs and 'id="need-winter-clothes"' in needs
    assert "已送达 0 / 1,500 床" in needs and "信息来源与核实" in needs


def _atom_entries(content: str | bytes) -> list[ET.Element]:
    root = ET.fromstring(content.encode() if isinstance(content, str) else content)
    return root.findall(f"{ATOM}entry")


def test_atom_feeds_parse_and_hold_one_entry_per_active_bulletin_of_the_kind() -> None:
    active = [b for b in sample().collection("bulletins") if b.data["status"] == "active"]
    for kind in KINDS:
        entries = _atom_entries(text(f"feeds/bulletins-{kind}.atom"))
        ids = sorted(e.findtext(f"{ATOM}id") or "" for e in entries)
        expected = sorted(f"tag:tongling-relief,2026:bulletins/{b.id}"
                          for b in active if b.data["kind"] == kind)
        assert ids == expected, kind
    assert len(_atom_entries(text("feeds/bulletins.atom"))) == 41  # 42 less the withdrawn one
    offers = ET.fromstring(text("feeds/bulletins-offers.atom"))
    assert offers.findtext(f"{ATOM}updated") == "2026-11-21T00:00:00+08:00"


def test_atom_links_use_siteurl_and_ids_do_not() -> None:
    root = ET.fromstring(text("feeds/bulletins-needs.atom", "https://relief.example.org"))
    entry = root.findall(f"{ATOM}entry")[0]
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == f"https://relief.example.org/bulletins/{WINTER_NEEDS}/"
    assert entry.findtext(f"{ATOM}id") == f"tag:tongling-relief,2026:bulletins/{WINTER_NEEDS}"
    assert entry.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00+08:00"


def _events(content: str | bytes) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


def test_ics_parses_and_holds_only_upcoming_events() -> None:
    events = _events(text("feeds/events.ics"))
    uids = [str(e["UID"]) for e in events]
    assert uids == ["2026-11-16-shelter-management-training@tongling-relief",
                    "2026-11-24-psychological-support-seminar@tongling-relief",
                    "2026-11-26-winter-emergency-drill@tongling-relief"]
    for event in events:
        assert event.decoded("DTEND").date() >= sample().today
    first = events[0]
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert first.decoded("DTSTART") == dt.datetime(2026, 12, 5, 9, 0, tzinfo=first.decoded(
        "DTSTART").tzinfo)
    assert first.decoded("DTSTAMP") == dt.datetime(2026, 11, 15, 16, 0, tzinfo=dt.UTC)
    assert "/bulletins/2026-11-16-shelter-management-training/" in str(first["DESCRIPTION"])


def test_an_event_ending_today_is_still_upcoming() -> None:
    on_the_day = dataclasses.replace(sample(), today=dt.date(2027, 1, 16))
    assert [r.id for r in derive.upcoming_events(on_the_day)] == [
        "2026-11-26-winter-emergency-drill"]
    assert derive.upcoming_events(dataclasses.replace(sample(), today=dt.date(2027, 1, 17))) == []


def test_an_empty_feed_is_dated_today_not_by_the_clock() -> None:
    root = ET.fromstring(atom_feed(site(), "", [], "needs"))
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated") == "2026-11-29T00:00:00+08:00"


def test_kind_page_for_events_links_the_calendar() -> None:
    html = render(page("bulletins/kind/event/index.html"))
    assert '<link rel="alternate" type="text/calendar"' in html
    assert 'href="/feeds/events.ics"' in html
    assert '<link rel="alternate" type="application/atom+xml" title="活动通知类信息发布"' in html
