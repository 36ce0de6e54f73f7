"""Feeds of the bulletins: Atom (all, and one per kind) and an iCalendar of upcoming events.

Both are reproducible: every date comes from the records (a bulletin's published date at
00:00 in Asia/Shanghai), never from the build's clock, and ids do not depend on where the
site is hosted (tag URIs for Atom, ``<bulletin id>@tongling-relief`` for iCalendar).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import icalendar
from feedgenerator import Atom1Feed  # type: ignore[import-untyped]
from markupsafe import escape

from relief import derive
from relief.labels import LABELS, label
from relief.model import Record
from relief.site.context import SiteContext
from relief.site.markup import render_markdown
from relief.site.page import File
from relief.today import TIMEZONE

TAG_AUTHORITY = "tag:tongling-relief,2026:"
UID_DOMAIN = "tongling-relief"


class ReproducibleAtomFeed(Atom1Feed):  # type: ignore[misc]
    """An Atom feed whose ``updated`` never falls back to the clock (an empty feed)."""

    def __init__(self, *args: Any, fallback: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fallback = fallback

    def latest_post_date(self) -> dt.datetime:
        dates = [item["updateddate"] for item in self.items if item["updateddate"]]
        return max(dates) if dates else self.fallback


def local_midnight(day: str | dt.date) -> dt.datetime:
    """A date at 00:00 in Asia/Shanghai."""
    date = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return dt.datetime.combine(date, dt.time(0), tzinfo=TIMEZONE)


def bulletin_url(siteurl: str, record: Record) -> str:
    return f"{siteurl}/bulletins/{record.id}/"


def site_feed(site: SiteContext, siteurl: str, *, name: str, title: str, link: str,
              description: str) -> ReproducibleAtomFeed:
    """A feed of this site at ``/feeds/<name>.atom``: the fields every feed shares, reproducible."""
    return ReproducibleAtomFeed(
        title=f"{title} · 铜陵市社会力量参与防灾减灾救灾服务平台",
        link=link,
        description=description,
        language="zh-CN",
        author_name=site.settings["OPERATOR"],
        feed_url=f"{siteurl}/feeds/{name}.atom",
        feed_guid=f"{TAG_AUTHORITY}feeds/{name}",
        fallback=local_midnight(site.today),
    )


def atom_feed(site: SiteContext, siteurl: str, bulletins: Iterable[Record],
              kind: str | None = None) -> str:
    """One Atom feed of the given active bulletins (newest first), as XML text."""
    name = f"bulletins-{kind}" if kind else "bulletins"
    title = f"信息发布 · {label('bulletin_kind', kind)}" if kind else "信息发布"
    feed = site_feed(
        site, siteurl, name=name, title=title,
        link=f"{siteurl}/bulletins/kind/{kind}/" if kind else f"{siteurl}/bulletins/",
        description="灾情、需求、供给、工作部署、进展和活动通知。",
    )
    ordered = sorted(bulletins, key=lambda r: (r.data["published"], r.id), reverse=True)
    for record in ordered:
        data = record.data
        published = local_midnight(data["published"])
        feed.add_item(
            title=data["title"],
            link=bulletin_url(siteurl, record),
            # type="html": escape the plain summary so a reader shows it as text
            description=str(escape(data["summary"])),
            content=str(render_markdown(data["body"])) if data.get("body") else None,
            author_name=data["issuer"]["name"],
            pubdate=published,
            updateddate=published,
            unique_id=f"{TAG_AUTHORITY}bulletins/{record.id}",
            categories=[label("bulletin_kind", data["kind"])],
        )
    text: str = feed.writeString("utf-8")
    return text


def events_calendar(site: SiteContext, siteurl: str) -> bytes:
    """An iCalendar (RFC 5545) of the events that have not ended before today."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tongling Relief//Bulletins//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "铜陵市社会力量培训、研讨和演练")
    calendar.add("x-wr-timezone", str(TIMEZONE))
    for record in derive.upcoming_events(site.dataset):
        data, event = record.data, record.data["event"]
        url = bulletin_url(siteurl, record)
        entry = icalendar.Event()
        entry.add("uid", f"{record.id}@{UID_DOMAIN}")
        # DTSTAMP must be UTC (RFC 5545 3.8.7.2): the published day's local midnight, in UTC
        entry.add("dtstamp", local_midnight(data["published"]).astimezone(dt.UTC))
        entry.add("dtstart", dt.datetime.fromisoformat(event["starts"]).replace(tzinfo=TIMEZONE))
        entry.add("dtend", dt.datetime.fromisoformat(event["ends"]).replace(tzinfo=TIMEZONE))
        entry.add("summary", data["title"])
        entry.add("location", event["place"])
        entry.add("categories", [label("event_kind", event["event_kind"])])
        details = [data["summary"], f"主办单位:{event['organizer']}"]
        if event.get("registration"):
            details.append(f"报名方式:{event['registration']}")
        details.append(f"详情:{url}")
        entry.add("description", "\n".join(details))
        if url.startswith(("http://", "https://")):
            entry.add("url", url)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def feed_files(site: SiteContext, siteurl: str) -> Iterator[File]:
    """Every feed file: all bulletins, one per kind, and the events calendar."""
    active = [b for b in site.dataset.collection("bulletins") if b.data["status"] == "active"]
    yield File("feeds/bulletins.atom", atom_feed(site, siteurl, active))
    for kind in LABELS["bulletin_kind"]:
        chosen = [b for b in active if b.data["kind"] == kind]
        yield File(f"feeds/bulletins-{kind}.atom", atom_feed(site, siteurl, chosen, kind))
    yield File("feeds/events.ics", events_calendar(site, siteurl))
