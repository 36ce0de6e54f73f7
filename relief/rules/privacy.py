"""Privacy rule: the repository is public, so personal data is refused in the source itself.

- ``privacy.id-number``: a resident ID number anywhere;
- ``privacy.bank-card``: a bank card number anywhere;
- ``privacy.mobile``: a mobile number outside an organisation's published-contact fields;
- ``privacy.donor-name``: a named individual (or "anonymous") donor in a disclosure without
  recorded consent to publish the name (慈善法: no donor name without consent).

Messages never repeat a sensitive number in full; they show it masked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from relief.idcodes import (
    ascii_digits,
    find_bank_cards,
    find_mobiles,
    find_resident_ids,
    mask_number,
)
from relief.problems import Problem
from relief.records import RawRecord, iter_strings, pointer_join

_ALREADY_PUBLIC_ZH = "若已提交到仓库，请联系管理员清理历史记录。"
_ALREADY_PUBLIC_EN = "If it was already committed, ask a maintainer to purge it from the history."

_HINT_ID = (
    f"删除该号码，身份核实材料只在线下保存。{_ALREADY_PUBLIC_ZH} | "
    f"Remove the number; keep identity documents offline. {_ALREADY_PUBLIC_EN}"
)
_HINT_CARD = (
    "删除该卡号。如果这其实是机构的对公账户而非银行卡号，请联系管理员。"
    f"{_ALREADY_PUBLIC_ZH} | "
    "Remove the card number. If this is in fact an organisation's corporate account, "
    f"not a card, ask a maintainer. {_ALREADY_PUBLIC_EN}"
)
_HINT_MOBILE = (
    "删除该号码；如果这是机构对外公开的联系电话，请把它移到联系方式字段（如 contact 下的 phone）。"
    " | Remove the number; if it is the organisation's published contact number, "
    "move it to the contact field (such as phone under contact)."
)
_HINT_INDIVIDUAL = (
    "如捐赠人同意公开姓名，请填写 name_consent: true 并留存同意记录；否则删除 name。 | "
    "If the donor agreed to publish the name, set name_consent: true and keep the record of "
    "consent; otherwise remove the name."
)
_HINT_ANONYMOUS = (
    "匿名捐赠不填写姓名：删除 name；如捐赠人同意公开姓名，改为 kind: individual 并填写 "
    "name_consent: true。 | An anonymous donation has no name: remove it; if the donor agreed "
    "to publish the name, use kind: individual with name_consent: true."
)

_DONOR_LISTS = ("receipts", "pledges")
# Every number looked for has at least 11 digits, written in runs of at least three.
_SHORTEST = 11
_DIGIT_RUN = re.compile(r"\d{3}")


def check_privacy(record: RawRecord, contact_pointers: Callable[[str], bool]) -> list[Problem]:
    """Every privacy problem in ``record``.

    ``contact_pointers(pointer)`` is True for the string values that are an organisation's
    published contact (such as ``/contact/phone``): only there may a mobile number appear.
    """
    problems: list[Problem] = []
    for pointer, text in iter_strings(record.data):
        if len(text) < _SHORTEST or not _DIGIT_RUN.search(text):
            continue  # no room for an 11-digit mobile: skip the costly finders
        problems.extend(_number_problems(record, pointer, text, contact_pointers(pointer)))
    if record.collection == "disclosures":
        problems.extend(_donor_problems(record))
    return problems


def _number_problems(
    record: RawRecord, pointer: str, text: str, is_contact: bool
) -> Iterator[Problem]:
    for number in find_resident_ids(text):
        masked = mask_number(number, 4)
        yield record.problem(
            "privacy.id-number",
            pointer,
            f"这里有一个居民身份证号码（{masked}）。公开仓库中不得出现个人身份证号码。",
            f"This contains a resident ID card number ({masked}). "
            "Personal ID numbers must not appear in the public repository.",
            hint=_HINT_ID,
        )
    for number in find_bank_cards(text):
        masked = mask_number(number, 4)
        yield record.problem(
            "privacy.bank-card",
            pointer,
            f"这里有一个银行卡号（{masked}）。公开仓库中不得出现银行卡号。",
            f"This contains a bank card number ({masked}). "
            "Bank card numbers must not appear in the public repository.",
            hint=_HINT_CARD,
        )
    if is_contact:
        return
    for number in find_mobiles(text):
        masked = mask_number(ascii_digits(number)[-11:], 3)
        yield record.problem(
            "privacy.mobile",
            pointer,
            f"这里有一个手机号码（{masked}）。手机号码只能出现在机构公开的联系方式字段中。",
            f"This contains a mobile phone number ({masked}). Mobile numbers may only appear "
            "in an organisation's published contact fields.",
            hint=_HINT_MOBILE,
        )


def _donor_problems(record: RawRecord) -> Iterator[Problem]:
    for list_name in _DONOR_LISTS:
        items = record.data.get(list_name)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            donor = item.get("donor") if isinstance(item, dict) else None
            if not isinstance(donor, dict) or not _has_name(donor):
                continue
            pointer = pointer_join(pointer_join(pointer_join("", list_name), index), "donor")
            problem = _donor_name_problem(record, pointer_join(pointer, "name"), donor)
            if problem is not None:
                yield problem


def _has_name(donor: dict[str, Any]) -> bool:
    name = donor.get("name")
    return isinstance(name, str) and bool(name.strip())


def _donor_name_problem(record: RawRecord, pointer: str, donor: dict[str, Any]) -> Problem | None:
    kind = donor.get("kind")
    if kind == "organization":
        return None
    if kind == "anonymous":
        return record.problem(
            "privacy.donor-name",
            pointer,
            "匿名捐赠却填写了捐赠人姓名。",
            "The donation is marked anonymous but a donor name is given.",
            hint=_HINT_ANONYMOUS,
        )
    # An individual, or a donor of unknown kind: the name is published only with consent.
    if donor.get("name_consent") is True:
        return None
    return record.problem(
        "privacy.donor-name",
        pointer,
        "个人捐赠人的姓名未记录本人同意公开（慈善法规定未经同意不得公开捐赠人姓名）。",
        "An individual donor's name is given without recorded consent to publish it "
        "(the Charity Law forbids publishing a donor's name without consent).",
        hint=_HINT_INDIVIDUAL,
    )
