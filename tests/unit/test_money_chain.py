"""Money chains: one effective disclosure per period, and sums exact whatever their size."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from relief import derive
from relief.dataset import load_dataset
from relief.model import Dataset, Record, build_model
from relief.money_chain import resolve
from relief.rules.money import exact_sum, money_totals
from relief.site.pages_campaigns import campaign_context
from relief.validate import validate_dataset
from tests.conftest import TODAY


def disclosure(status: str = "active", corrects: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {"status": status}
    if corrects is not None:
        data["corrects"] = {"disclosure": corrects, "reason": "更正"}
    return data


def test_a_correction_replaces_what_it_corrects_however_long_the_chain() -> None:
    chains = resolve({"a": disclosure(), "b": disclosure(corrects="a"),
                      "c": disclosure(corrects="b")})
    assert chains.effective == {"c"}
    assert chains.replaced_by == {"a": "c", "b": "c"}
    assert chains.root == {"a": "a", "b": "a", "c": "a"}


@pytest.mark.parametrize(("records", "effective"), [
    # a correction of a withdrawn disclosure replaces it
    ({"a": disclosure("withdrawn"), "b": disclosure(corrects="a")}, {"b"}),
    # a chain through a withdrawn correction
    ({"a": disclosure(), "b": disclosure("withdrawn", "a"), "c": disclosure(corrects="b")},
     {"c"}),
    # a withdrawn (or suspended) correction replaces nothing
    ({"a": disclosure(), "b": disclosure("withdrawn", "a")}, {"a"}),
    ({"a": disclosure(), "b": disclosure("suspended", "a")}, {"a"}),
    # everything withdrawn: the period counts nothing
    ({"a": disclosure("withdrawn"), "b": disclosure("withdrawn", "a")}, set()),
    # two periods, each its own chain
    ({"a": disclosure(), "b": disclosure(), "c": disclosure(corrects="b")}, {"a", "c"}),
])
def test_one_effective_disclosure_per_period(records: dict[str, Any], effective: set[str]) -> None:
    chains = resolve(records)
    assert chains.effective == effective
    assert not chains.conflicts and not chains.cycles


def test_two_versions_in_force_are_a_conflict_and_neither_counts() -> None:
    chains = resolve({"a": disclosure(), "b": disclosure(corrects="a"),
                      "w": disclosure("withdrawn", "a"), "c": disclosure(corrects="w")})
    assert chains.conflicts == (("b", "c"),)
    assert chains.effective == set()


def test_cycles_are_found_once_whatever_their_length_and_count_nothing() -> None:
    chains = resolve({"b": disclosure(corrects="a"), "a": disclosure(corrects="b"),
                      "x": disclosure(corrects="y"), "y": disclosure(corrects="z"),
                      "z": disclosure(corrects="x"), "lead": disclosure(corrects="x"),
                      "self": disclosure(corrects="self")})
    assert chains.cycles == (("a", "b"), ("x", "y", "z"))
    assert chains.effective == {"self"}  # a self-correction is ref.self-correction, no link
    assert set(chains.root) == {"self"}


def test_malformed_records_are_no_links() -> None:
    chains = resolve({"a": disclosure(corrects=["b"]), "b": {"corrects": "b"}, "c": "text",
                      "d": disclosure(corrects="missing"), "e": {"corrects": {"disclosure": 1}}})
    assert chains.effective == {"a", "d"}


# ---------------------------------------------------------------- totals count the effective one


def _withdrawn_and_corrected(data: Path) -> Dataset:
    """The base disclosure withdrawn, and corrected all the same with other figures."""
    base = data / "disclosures" / "test-disclosure.yaml"
    text = base.read_text("utf-8")
    base.write_text(text.replace("status: active\n", "status: withdrawn\nstatus_reason: 有误\n"),
                    "utf-8")
    fix = (text.replace("disclosure_kind: interim\n",
                        "disclosure_kind: correction\ncorrects:\n  disclosure: test-disclosure\n"
                        "  reason: 到账金额有误\n")
           .replace("amount: 1000.25", "amount: 2000.25")
           .replace("received_money: 1000.25", "received_money: 2000.25")
           .replace("balance: 149.50", "balance: 1149.50"))
    (data / "disclosures" / "test-disclosure-fix.yaml").write_text(fix, "utf-8")
    validation = validate_dataset(load_dataset(data), TODAY)
    assert validation.report.sorted() == []
    return build_model(validation, TODAY)


def test_a_correction_of_a_withdrawn_disclosure_is_what_the_campaign_counts(
    base_data: Path,
) -> None:
    dataset = _withdrawn_and_corrected(base_data)
    assert [r.id for r in derive.current_disclosures(dataset)] == ["test-disclosure-fix"]
    campaign = dataset.get("campaigns", "test-flood")
    assert campaign is not None
    context = campaign_context(dataset, campaign)
    assert context["money"].received == Decimal("2000.25")
    assert context["money"].balance == Decimal("1149.50")
    rows = {row["record"].id: row for row in context["disclosures"]}
    assert rows["test-disclosure"]["counted"] is False
    assert rows["test-disclosure"]["corrected_by"] == "test-disclosure-fix"
    assert rows["test-disclosure-fix"]["counted"] is True


# ---------------------------------------------------------------- exact sums

BIG = Decimal("99999999999.99")  # the largest line amount the schema allows
LINES = 20_000


def _fen(value: Decimal) -> int:
    """Whole fen, from the digits themselves (``value * 100`` would round in the default
    context: the very thing under test)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int) and exponent >= -2
    number = int("".join(map(str, digits))) * 10 ** (exponent + 2)
    return -number if sign else number


def test_huge_sums_of_many_lines_are_exact() -> None:
    opening = Decimal("1" + "0" * 40 + ".01")  # far beyond the default 28 digits
    receipts = [{"form": "money", "amount": BIG} for _ in range(LINES)]
    receipts.append({"form": "money", "amount": Decimal("0.01")})
    uses = [{"form": "money", "amount": Decimal("0.03")}]
    totals = money_totals({"opening_balance": opening, "receipts": receipts, "uses": uses,
                           "costs": [{"amount": BIG}]})
    received_fen = LINES * 9_999_999_999_999 + 1
    assert _fen(totals["received"]) == received_fen
    assert _fen(totals["used"]) == 3 + 9_999_999_999_999
    assert _fen(totals["balance"]) == 10**42 + 1 + received_fen - 3 - 9_999_999_999_999
    assert opening + Decimal("0.01") == Decimal("1e40")  # what the default context does


def test_summaries_over_organisations_are_exact() -> None:
    opening = Decimal("9" * 30 + ".99")
    records = [
        Record("disclosures", f"d{n}", "", {
            "organization": f"org-{n}", "period": {"end": "2026-07-31"},
            "opening_balance": opening, "receipts": [{"form": "money", "amount": BIG}],
            "uses": [], "costs": [], "pledges": [{"form": "money", "amount": BIG}],
        })
        for n in range(50)
    ]
    summary = derive.money_summary(records)
    assert _fen(summary.received) == 50 * 9_999_999_999_999
    assert _fen(summary.pledged) == 50 * 9_999_999_999_999
    assert _fen(summary.balance) == 50 * (_fen(opening) + 9_999_999_999_999)


def test_exact_sum_never_rounds() -> None:
    values = [Decimal("1e-30"), Decimal("1e30")]
    assert str(exact_sum(values)) == "1" + "0" * 30 + "." + "0" * 29 + "1"
