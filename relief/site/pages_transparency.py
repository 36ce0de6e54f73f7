"""Disclosure timeliness (信息公开透明度): the /transparency/ table, and the status data other
pages show.

The rules and figures come from :mod:`relief.deadlines` (documented there). This plan puts
the computed :class:`~relief.deadlines.Transparency` into Pelican's shared context as
``relief_transparency`` before any page is rendered (the plugin runs every plan before it
writes a page), so the directory entry slot (``_org_transparency.html``) and the campaign
page read the same figures; a template rendered without it shows nothing. It also publishes
``data/disclosure_status.json`` (exact JSON), which publish() lists with the other data
files.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from relief import deadlines, exactjson
from relief.site.context import SiteContext
from relief.site.page import File, Page

CONTEXT_KEY = "relief_transparency"
STATUS_FILE = "data/disclosure_status.json"
GUIDELINE = "guideline-disclosure"


def transparency_report(site: SiteContext) -> deadlines.Transparency:
    return deadlines.transparency(site.dataset, deadlines.Rules.from_settings(site.settings))


def plan_transparency(site: SiteContext, context: dict[str, Any]) -> Iterator[Page | File]:
    report = transparency_report(site)
    context[CONTEXT_KEY] = report
    yield Page("transparency/index.html", "transparency.html", transparency_context(site, report))
    yield File(STATUS_FILE, exactjson.dumps(status_json(report)) + "\n")


def transparency_context(site: SiteContext, report: deadlines.Transparency) -> dict[str, Any]:
    dataset = site.dataset
    order = {status: index for index, status in enumerate(deadlines.STATUS_ORDER)}
    attention = sorted(
        (duty for duty in report.duties if duty.status in ("overdue", "due_soon")),
        key=lambda d: (order[d.status], d.due.date if d.due else site.today,
                       d.organization, d.campaign))
    guideline = dataset.get("guidelines", GUIDELINE)
    return {
        "title": "信息公开透明度",
        "report": report,
        "rows": [{"org": site.org(o.organization), "record": o} for o in report.organizations],
        "attention": attention,
        "counts": {status: sum(1 for d in report.duties if d.status == status)
                   for status in deadlines.STATUS_ORDER},
        "guideline": guideline if guideline and guideline.data["status"] == "active" else None,
    }


def status_json(report: deadlines.Transparency) -> dict[str, Any]:
    """The published ``disclosure_status.json``: rules, duties and per-organisation records."""
    def due(value: deadlines.Due | None) -> dict[str, str] | None:
        return {"date": value.date.isoformat(), "rule": value.rule} if value else None

    return {
        "today": report.today.isoformat(),
        "rules": {
            "emergency_days": report.rules.emergency_days,
            "long_drive_days": report.rules.long_drive_days,
            "long_drive_months": deadlines.LONG_DRIVE_MONTHS,
            "final_days": report.rules.final_days,
            "due_soon_days": report.rules.due_soon_days,
        },
        "duties": [{
            "organization": d.organization, "campaign": d.campaign, "status": d.status,
            "next_due": due(d.due), "days_left": d.days_left,
            "last_period_end": d.last_period_end.isoformat() if d.last_period_end else None,
            "final_disclosure": d.final,
        } for d in report.duties],
        "organizations": [{
            "organization": o.organization, "disclosures": len(o.disclosures),
            "rated": o.rated, "on_time": o.on_time,
            "balance_reconciled": not o.mismatches, "balance_mismatches": o.mismatches,
            "corrections": o.corrections,
            "ledger": [{
                "disclosure": r.record.id, "campaign": r.record.data["campaign"],
                "kind": r.record.data["disclosure_kind"],
                "published": r.record.data["published"], "due": due(r.due),
                "on_time": r.on_time, "balance_reconciled": r.reconciled,
            } for r in o.disclosures],
        } for o in report.organizations],
    }
