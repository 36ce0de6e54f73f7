"""The privacy rule. All numbers are synthetic (check characters derived in test_idcodes.py)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from relief.problems import Problem, Severity
from relief.records import Comment, Positions, RawRecord
from relief.rules.privacy import check_content_privacy, check_privacy, looks_like_organisation

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


# --- the classes of issue 11: every published text, normalised ------------------------------


def test_keys_and_unquoted_numbers_are_scanned() -> None:
    data = {"notes": {MOBILE: "x"}, "count": 13912345678, "ratio": Decimal("340705199001011238")}
    assert _codes(data, "campaigns") == [
        ("/count", "privacy.mobile"),
        ("/notes/13912345678", "privacy.mobile"),
        ("/ratio", "privacy.id-number"),
    ]


def test_disguised_numbers_are_found_in_values() -> None:
    data = {
        "a": "身份证 3407\u200d0519\u200b9001011238",
        "b": "卡号 6228·4800 1234－5671",
        "c": "（+86）１３９ １２３４ ５６７８",
        "d": "旧身份证 340705 900101 123",
    }
    assert _codes(data, "campaigns") == [
        ("/a", "privacy.id-number"),
        ("/b", "privacy.bank-card"),
        ("/c", "privacy.mobile"),
        ("/d", "privacy.id-number"),
    ]
    legacy = next(p for p in _check(data, "campaigns") if p.pointer == "/d")
    assert "15 位" in legacy.message_zh and "3407*******1123" in legacy.message_zh


def test_comments_are_scanned_with_their_position() -> None:
    record = RawRecord(
        "campaigns", "c", "data/campaigns/c.yaml", {"title": "t"}, Positions(),
        comments=(Comment(3, 5, "# 联系 139 1234 5678"), Comment(7, 1, "# 2026-11-28 核实")),
    )
    [problem] = check_privacy(record, _is_contact)
    assert (problem.code, problem.pointer, problem.line, problem.column) == (
        "privacy.mobile", "", 3, 10)
    assert "139****5678" in problem.message_zh and "139 1234" not in problem.as_text()


def _validate_org(contact: dict[str, str]) -> list[tuple[str, str]]:
    from relief.schemas import load_schemas
    from relief.validate import _published_contact

    record = RawRecord("organizations", "o", "data/organizations/o.yaml",
                       {"contact": contact}, Positions())
    return sorted((p.pointer, p.code) for p in check_privacy(
        record, _published_contact("organizations", load_schemas())))


def test_only_the_schema_phone_fields_may_hold_a_mobile() -> None:
    assert _validate_org({"phone": MOBILE, "duty_phone": "+86 139 1234 5678"}) == []
    assert _validate_org({"phone": "0562-2812345", "role": f"王队长 (+86) {MOBILE}",
                          "email": f"{MOBILE}@example.org"}) == [
        ("/contact/email", "privacy.mobile"),
        ("/contact/role", "privacy.mobile"),
    ]
    assert _validate_org({"phone": ID_X}) == [("/contact/phone", "privacy.id-number")]


def test_phone_fields_come_from_the_schemas() -> None:
    from relief.schemas import load_schemas
    from relief.validate import phone_fields

    schemas = load_schemas()
    assert phone_fields(schemas.validators["organizations"].schema) == {
        "/contact/phone", "/contact/duty_phone"}
    schema = {"properties": {"people": {"items": {"properties": {"tel": {"format": "phone"}}}}}}
    assert phone_fields(schema) == {"/people/*/tel"}


@pytest.mark.parametrize(
    "name",
    ["张伟", "王 小明", "李\u200b四", "欧阳娜娜", "John Smith", "陈某", "王会", "刘所"],
)
def test_an_organisation_donor_named_like_a_person_needs_consent(name: str) -> None:
    data = {"receipts": [_donor(kind="organization", name=name)]}
    [problem] = _check(data, "disclosures")
    assert (problem.pointer, problem.code) == ("/receipts/0/donor/name", "privacy.donor-name")
    assert name not in problem.as_text()
    consented = {"receipts": [_donor(kind="organization", name=name, name_consent=True)]}
    assert _check(consented, "disclosures") == []
    listed = {"receipts": [_donor(kind="organization", name=name, organization="tl-x")]}
    assert _check(listed, "disclosures") == []


@pytest.mark.parametrize(
    "name",
    ["示例铜陵惠民超市有限公司", "铜陵市慈善总会", "某某公司", "铜陵市红十字会",
     "枞阳县某加油站", "示例铜陵市某中学", "某律师事务所", "铜官区某社区居委会",
     "Tongling Charity Foundation", "ABC Co., Ltd.", "示例铜陵市某医院职工爱心小组",
     "铜陵市某商会", "横埠镇某村", "义安区某镇农业站"],
)
def test_organisation_names_pass(name: str) -> None:
    assert looks_like_organisation(name)
    data = {"receipts": [_donor(kind="organization", name=name)]}
    assert _check(data, "disclosures") == []


def test_content_pages_are_scanned_without_following_links(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "a.md").write_text(
        "Title: 测试\n\n报名请联系\n王老师 139-1234-5678。\n2026-11-28 发布，热线 0562-2812345。\n",
        encoding="utf-8")
    (content / "images").mkdir()
    (content / "images" / "x.png").write_bytes(b"\x89PNG\0\x00" + b"13912345678")
    outside = tmp_path / "outside.md"
    outside.write_text(f"手机 {MOBILE}\n", encoding="utf-8")
    (content / "pages" / "link.md").symlink_to(outside)
    (content / "linked").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(content / "pages" / "pipe.md")
    problems = check_content_privacy(content, tmp_path)
    assert [(p.file, p.line, p.column, p.code, p.pointer) for p in problems] == [
        ("content/pages/a.md", 4, 5, "privacy.mobile", "")]
    assert "139-1234" not in problems[0].as_text() and problems[0].hint
    assert check_content_privacy(tmp_path / "missing", tmp_path) == []
    (content / "pages" / "a.md").rename(content / "pages" / "王老师-139-1234-5678.md")
    problems = check_content_privacy(content, tmp_path)
    assert [(p.file, p.line, p.code) for p in problems] == [
        ("content/pages/王老师-139-1234-5678.md", None, "privacy.mobile"),
        ("content/pages/王老师-139-1234-5678.md", 4, "privacy.mobile"),
    ]


def test_each_occurrence_in_a_file_is_reported_once(tmp_path: Path) -> None:
    """A number in a block scalar after a "#" is a value, not a comment; a comment after a
    value is scanned apart from it."""
    from relief.dataset import load_dataset

    (tmp_path / "data" / "campaigns").mkdir(parents=True)
    (tmp_path / "data" / "campaigns" / "c-1.yaml").write_text(
        "title: 测试\nbody: |\n  # 标题 139 1234 5678\n  正文\n"
        f"summary: \"{ID_X}\"  # 备注 139-1234-5678\n# 旧身份证 340705 900101 123\n",
        encoding="utf-8")
    [record] = load_dataset(tmp_path / "data").records["campaigns"]
    problems = check_privacy(record, _is_contact)
    assert sorted((p.line, p.column, p.pointer, p.code) for p in problems) == [
        (2, 7, "/body", "privacy.mobile"),
        (5, 10, "/summary", "privacy.id-number"),
        (5, 37, "", "privacy.mobile"),
        (6, 8, "", "privacy.id-number"),
    ]


def test_the_record_id_is_scanned() -> None:
    record = RawRecord("campaigns", "team-13912345678", "data/campaigns/team-13912345678.yaml",
                       {}, Positions())
    [problem] = check_privacy(record, _is_contact)
    assert (problem.code, problem.line, problem.pointer) == ("privacy.mobile", None, "")
    assert "13912345678" not in problem.message_zh + problem.message_en + str(problem.hint)
    clean = RawRecord("disclosures", "tl-charity-2026-07", "x.yaml", {}, Positions())
    assert check_privacy(clean, _is_contact) == []
