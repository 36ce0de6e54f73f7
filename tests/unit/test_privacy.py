"""The privacy rule. All numbers are synthetic (check characters derived in test_idcodes.py)."""

from __future__ import annotations

from typing import Any

from relief.problems import Problem, Severity
from relief.records import Positions, RawRecord
from relief.rules.privacy import check_privacy

ID_X = "34070519900101018X"
CARD = "6228480012345671"
MOBILE = "13912345678"
USCC = "91340700MA2N0A1B24"


def _record(data: dict[str, Any], collection: str = "organizations") -> RawRecord:
    return RawRecord(collection, "sample", f"data/{collection}/sample.yaml", data, Positions())


def _is_contact(pointer: str) -> bool:
    return pointer in {"/contact/phone", "/contact/mobile"}


def _check(data: dict[str, Any], collection: str = "organizations") -> list[Problem]:
    return check_privacy(_record(data, collection), _is_contact)


def _codes(data: dict[str, Any], collection: str = "organizations") -> list[tuple[str, str]]:
    return sorted((p.pointer, p.code) for p in _check(data, collection))


def test_clean_record_has_no_problems() -> None:
    data = {
        "name": "铜陵市某救援队",
        "uscc": USCC,
        "contact": {"phone": "0562-2812345", "mobile": MOBILE},
        "notes": "2018-09-04 拨付 1500000.00 元，收据 TLCS-2020-000123，区划 340705，"
        "公开募捐备案 53340700MJ0000000X，服务热线 12345。",
        "amount": 1500000,
    }
    assert _codes(data) == []


def test_id_number_is_refused_everywhere() -> None:
    data = {
        "notes": f"负责人身份证 {ID_X}",
        "contact": {"phone": ID_X},
        "people": [{"remark": ID_X.lower()}],
    }
    assert _codes(data) == [
        ("/contact/phone", "privacy.id-number"),
        ("/notes", "privacy.id-number"),
        ("/people/0/remark", "privacy.id-number"),
    ]


def test_bank_card_is_refused_everywhere() -> None:
    data = {"notes": f"请汇款至 {CARD}", "contact": {"phone": "6228 4800 1234 5671"}}
    assert _codes(data) == [
        ("/contact/phone", "privacy.bank-card"),
        ("/notes", "privacy.bank-card"),
    ]


def test_mobile_is_allowed_only_in_contact_fields() -> None:
    data = {
        "contact": {"phone": MOBILE, "mobile": "+86 139 1234 5678", "person": f"王某 {MOBILE}"},
        "items": [{"note": "联系 139-1234-5678"}],
        "a/b": MOBILE,
    }
    assert _codes(data) == [
        ("/a~1b", "privacy.mobile"),
        ("/contact/person", "privacy.mobile"),
        ("/items/0/note", "privacy.mobile"),
    ]


def test_each_number_in_a_string_is_reported() -> None:
    data = {"notes": f"{MOBILE} 和 18905621234，身份证 {ID_X}"}
    problems = _check(data)
    assert sorted(p.code for p in problems) == [
        "privacy.id-number",
        "privacy.mobile",
        "privacy.mobile",
    ]


def test_messages_mask_the_number_and_explain() -> None:
    data = {"notes": f"{ID_X} / {CARD} / {MOBILE}"}
    problems = {p.code: p for p in _check(data)}
    expected_masks = {
        "privacy.id-number": "3407**********018X",
        "privacy.bank-card": "6228********5671",
        "privacy.mobile": "139****5678",
    }
    for code, mask in expected_masks.items():
        problem = problems[code]
        assert problem.severity is Severity.ERROR
        assert mask in problem.message_zh
        assert mask in problem.message_en
        text = problem.as_text()
        for full in (ID_X, CARD, MOBILE):
            assert full not in text
        assert problem.hint


def test_problem_location_is_filled_from_positions() -> None:
    positions = Positions(values={"": (1, 1), "/notes": (4, 8)})
    record = RawRecord("bulletins", "b-1", "data/bulletins/b-1.yaml", {"notes": MOBILE}, positions)
    [problem] = check_privacy(record, _is_contact)
    assert (problem.file, problem.line, problem.column) == ("data/bulletins/b-1.yaml", 4, 8)
    assert (problem.pointer, problem.record_id) == ("/notes", "b-1")


def _donor(**donor: Any) -> dict[str, Any]:
    return {"amount": "100.00", "donor": donor}


def test_donor_names_need_consent() -> None:
    data = {
        "receipts": [
            _donor(kind="individual", name="张三"),
            _donor(kind="individual", name="李四", name_consent=True),
            _donor(kind="individual", name="王五", name_consent=False),
            _donor(kind="individual", name="赵六", name_consent="true"),
            _donor(kind="organization", name="某某公司"),
            _donor(kind="anonymous"),
            _donor(kind="anonymous", name="钱七"),
            _donor(kind="anonymous", name="孙八", name_consent=True),
            _donor(kind="individual"),
            _donor(kind="individual", name="  "),
        ],
        "pledges": [_donor(kind="individual", name="周九"), _donor(name="吴十")],
    }
    assert _codes(data, "disclosures") == [
        ("/pledges/0/donor/name", "privacy.donor-name"),
        ("/pledges/1/donor/name", "privacy.donor-name"),
        ("/receipts/0/donor/name", "privacy.donor-name"),
        ("/receipts/2/donor/name", "privacy.donor-name"),
        ("/receipts/3/donor/name", "privacy.donor-name"),
        ("/receipts/6/donor/name", "privacy.donor-name"),
        ("/receipts/7/donor/name", "privacy.donor-name"),
    ]


def test_donor_message_does_not_echo_the_name() -> None:
    data = {"receipts": [_donor(kind="individual", name="张三")]}
    [problem] = _check(data, "disclosures")
    assert "张三" not in problem.as_text()
    assert problem.hint is not None and "name_consent" in problem.hint


def test_donor_rule_applies_to_disclosures_only() -> None:
    data = {"receipts": [_donor(kind="individual", name="张三")]}
    assert _codes(data, "campaigns") == []


def test_malformed_disclosure_does_not_crash() -> None:
    data = {
        "receipts": [None, "text", {"donor": "张三"}, {"donor": {"kind": "individual", "name": 7}}],
        "pledges": {"not": "a list"},
    }
    assert _codes(data, "disclosures") == []


def test_numbers_in_donor_names_are_also_scanned() -> None:
    data = {"receipts": [_donor(kind="organization", name=f"某公司 {MOBILE}")]}
    assert _codes(data, "disclosures") == [("/receipts/0/donor/name", "privacy.mobile")]
