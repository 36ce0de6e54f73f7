"""The bundled sample dataset: valid, clearly marked, and as broad as the issue asks."""

from __future__ import annotations

from collections import Counter
from functools import cache

from relief.dataset import load_dataset
from relief.model import Dataset, build_model
from relief.validate import validate_dataset
from tests.conftest import SAMPLE_DATA, TODAY


@cache
def sample() -> Dataset:
    validation = validate_dataset(load_dataset(SAMPLE_DATA), TODAY)
    assert validation.report.flatten() == []
    return build_model(validation, TODAY)


def test_sample_validates_without_any_problem() -> None:
    assert sample().count() > 0


def test_sample_organizations_cover_every_kind_capability_and_district() -> None:
    orgs = sample().collection("organizations")
    assert len(orgs) >= 40
    assert all(o.data["name"].startswith("示例") for o in orgs)
    kinds = {o.data["kind"] for o in orgs}
    assert kinds == {"social_group", "social_service_org", "foundation", "enterprise",
                     "volunteer_team", "community_org"}
    used = {c for o in orgs for c in o.data["capabilities"]}
    assert used == set(sample().vocab.capabilities)
    towns = {o.data.get("town") for o in orgs} - {None}
    assert len(towns) >= 15
    assert {o.data["status"] for o in orgs} >= {"active", "suspended", "withdrawn"}


def test_every_district_meets_the_plan_targets_in_the_sample() -> None:
    """The 2018 plan: per district >= 1 specialised charity and >= 5 participating forces."""
    active = [o.data for o in sample().collection("organizations") if o.data["status"] == "active"]
    forces = Counter(o["district"] for o in active)
    specialised = Counter(
        o["district"] for o in active if o["disaster_specialised"] and o["charity"]
    )
    for district in sample().vocab.districts:
        assert forces[district] >= 5, district
        assert specialised[district] >= 1, district


def test_sample_bulletins_campaigns_disclosures_guidelines() -> None:
    data = sample()
    bulletins = data.collection("bulletins")
    assert len(bulletins) >= 25
    assert {b.data["kind"] for b in bulletins} == {
        "situation", "needs", "offers", "coordination", "progress", "event"}
    campaigns = {c.data["kind"] for c in data.collection("campaigns")}
    assert campaigns >= {"response", "fundraising", "programme"}
    programme = data.get("campaigns", "2018-promotion-year")
    assert programme is not None
    assert len(programme.data["tasks"]) == 5
    disclosures = data.collection("disclosures")
    assert len(disclosures) >= 10
    assert any(d.data["disclosure_kind"] == "correction" for d in disclosures)
    donors = [r["donor"]["kind"] for d in disclosures for r in d.data["receipts"]]
    assert "anonymous" in donors
    phases = {g.data.get("phase") for g in data.collection("guidelines")}
    topics = {g.data.get("topic") for g in data.collection("guidelines")}
    assert phases >= {"routine", "emergency", "transition", "recovery"}
    assert "disclosure" in topics


def test_sample_files_are_canonically_formatted() -> None:
    from relief.fmt import run_fmt

    assert run_fmt([SAMPLE_DATA], check=True) == 0
