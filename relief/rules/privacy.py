"""Privacy rule: the repository is public, so personal data is refused in the source itself.

- ``privacy.id-number``: a resident ID number (18 digits, or the legacy 15) anywhere;
- ``privacy.bank-card``: a bank card number anywhere;
- ``privacy.mobile``: a mobile number outside the phone fields of a published contact (the
  fields the schemas give the ``phone`` format, such as ``/contact/phone``);
- ``privacy.donor-name``: a named individual (or "anonymous") donor in a disclosure without
  recorded consent to publish the name (慈善法: no donor name without consent), or an
  "organisation" donor whose name looks like a person's (see :func:`looks_like_organisation`).

"Anywhere" is every value (strings, and numbers written without quotes), every key, every
comment and the name of a record file, every page under ``content/`` and every commit subject
shown in the change log (:func:`relief.privacy_text.publishable`). The text is normalised first
and the digits may be grouped in any way (:mod:`relief.privacy_text`). Messages never repeat a
sensitive number in full; they show it masked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from relief.privacy_text import Found, find_numbers, line_column, mask, normalise
from relief.problems import Problem
from relief.records import RawRecord, is_number, pointer_join
from relief.safe_files import NotRegular, display, read_regular

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
    "删除该号码；如果这是机构对外公开的联系电话，请把它移到联系方式的电话字段"
    "（如 contact 下的 phone 或 duty_phone）。 | Remove the number; if it is the organisation's "
    "published contact number, move it to a phone field of the contact (such as phone or "
    "duty_phone under contact)."
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

_HINT_ORG_PERSON = (
    "捐赠方标为单位，但名称不像单位名称（没有“公司”“协会”“中心”等字样），可能是个人姓名。"
    "请填写单位全称，或用 organization 关联资源目录中的单位；如确为个人，改为 kind: individual，"
    "本人同意公开姓名时再填写 name_consent: true。 | The donor is marked as an organisation "
    "but the name does not look like one (no word such as 公司, 协会, 中心); it may be a "
    "person's name. Give the organisation's full name or link it to the directory with "
    "organization; if it is a person, use kind: individual, with name_consent: true only "
    "if they agreed."
)
_HINT_COMMENT = (
    f"注释和记录一样会公开：请删除注释中的号码。{_ALREADY_PUBLIC_ZH} | Comments are published "
    f"with the record: remove the number from the comment. {_ALREADY_PUBLIC_EN}"
)
_HINT_PAGE = (
    f"content/ 下的页面会原样公开：请删除该号码（机构的公开电话请写固定电话或服务热线）。"
    f"{_ALREADY_PUBLIC_ZH} | Pages under content/ are published as written: remove the number "
    f"(give an organisation's landline or service number instead). {_ALREADY_PUBLIC_EN}"
)
_HINT_FILE_NAME = (
    "文件名会出现在网址中：请改用不含号码的文件名（如单位简称加年月）。 | The file name "
    "appears in addresses: rename the file without the number (for example a short name and "
    "the month)."
)

_DONOR_LISTS = ("receipts", "pledges")
_SHORTEST = 11  # every number looked for has at least 11 digits

# Words that make a name an organisation's. Multi-character words count anywhere in the name;
# one-character suffixes only at the end of a name of four or more characters (a personal name
# has two to four, so 王会 or 李所 is not taken for an organisation).
ORGANISATION_WORDS = (
    "公司", "集团", "企业", "有限", "股份", "合伙", "商行", "商店", "超市", "门市", "经营部",
    "工作室", "事务所", "研究所", "派出所", "律所", "商会", "协会", "学会", "研究会", "联合会",
    "促进会", "基金会", "慈善会", "红十字", "工会", "妇联", "团委", "共青团", "委员会", "村委",
    "居委", "党委", "党支部", "支部", "政府", "人大", "政协", "法院", "检察院", "中心", "学校",
    "小学", "中学", "大学", "学院", "幼儿园", "医院", "卫生院", "卫生室", "诊所", "药房", "银行",
    "信用社", "合作社", "联社", "社区", "街道", "村民", "居民", "小组", "团队", "服务队", "志愿队",
    "救援队", "车队", "农场", "林场", "养殖场", "工厂", "酒店", "宾馆", "饭店", "餐厅", "书店",
    "药店", "加油站", "服务站", "工作站", "俱乐部", "联盟", "之家", "爱心", "机关", "办公室",
    "管理处", "管委会", "指挥部", "事业部",
)
ORGANISATION_SUFFIXES = "局厅处科办署厂店社队站行会团所院部村组室馆场矿园校庄苑"
ORGANISATION_WORDS_LATIN = (
    "company", "co.", "ltd", "inc", "corp", "llc", "group", "association", "foundation",
    "society", "bank", "school", "university", "college", "hospital", "committee", "club",
    "team", "center", "centre", "church", "union", "council", "limited", "institute",
)


def looks_like_organisation(name: str) -> bool:
    """Whether ``name`` (as normalised for the privacy scan) contains an organisational word."""
    text = "".join(normalise(name).text.split())
    lowered = text.lower()
    if any(word in text for word in ORGANISATION_WORDS):
        return True
    if any(word in lowered for word in ORGANISATION_WORDS_LATIN):
        return True
    return len(text) >= 4 and text[-1] in ORGANISATION_SUFFIXES


def check_privacy(record: RawRecord, contact_pointers: Callable[[str], bool]) -> list[Problem]:
    """Every privacy problem in ``record``: its values, keys and comments.

    ``contact_pointers(pointer)`` is True for the values that are a published contact's phone
    field (such as ``/contact/phone``): only there may a mobile number appear.
    """
    problems: list[Problem] = []
    for pointer, text, is_key in _texts(record.data):
        if len(text) < _SHORTEST:
            continue
        allowed = not is_key and contact_pointers(pointer)
        for found in find_numbers(text):
            if found.kind == "mobile" and allowed:
                continue
            problems.append(_number_problem(record, pointer, found, is_key))
    # The file name is the record's id, shown in every address: its words are read apart
    # (so that "team-13912345678" is not taken for an alphanumeric code).
    for found in find_numbers(record.record_id.replace("-", " ")):
        code, zh, en, _ = _messages(found)
        problems.append(Problem(
            file=record.file, line=None, column=None, code=code, record_id=record.record_id,
            message_zh=f"文件名（记录编号）中{zh.removeprefix('这里')}",
            message_en=f"The file name (the record id) {en.removeprefix('This ')}",
            hint=_HINT_FILE_NAME,
        ))  # fmt: skip
    for comment in record.comments:
        for found in find_numbers(comment.text):
            line, column = comment.line, comment.column + found.start
            problems.append(number_problem(record.file, line, column, found, record.record_id))
    if record.collection == "disclosures":
        problems.extend(_donor_problems(record))
    return problems


def _texts(value: Any, pointer: str = "") -> Iterator[tuple[str, str, bool]]:
    """(pointer, text, is_key) of every string, unquoted number and key in a loaded tree."""
    if isinstance(value, str):
        yield pointer, value, False
    elif is_number(value):
        yield pointer, str(value), False
    elif isinstance(value, dict):
        for key, item in value.items():
            child = pointer_join(pointer, key)
            yield child, key, True
            yield from _texts(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, pointer_join(pointer, index))


def _messages(found: Found) -> tuple[str, str, str, str]:
    """(code, Chinese, English, hint) for a number found."""
    masked = mask(found)
    if found.kind == "id":
        return ("privacy.id-number",
                f"这里有一个居民身份证号码（{masked}）。公开仓库中不得出现个人身份证号码。",
                f"This contains a resident ID card number ({masked}). "
                "Personal ID numbers must not appear in the public repository.", _HINT_ID)
    if found.kind == "id15":
        return ("privacy.id-number",
                f"这里有一个 15 位的旧版居民身份证号码（{masked}）。"
                "公开仓库中不得出现个人身份证号码。",
                f"This contains a legacy 15-digit resident ID number ({masked}). "
                "Personal ID numbers must not appear in the public repository.", _HINT_ID)
    if found.kind == "card":
        return ("privacy.bank-card",
                f"这里有一个银行卡号（{masked}）。公开仓库中不得出现银行卡号。",
                f"This contains a bank card number ({masked}). "
                "Bank card numbers must not appear in the public repository.", _HINT_CARD)
    return ("privacy.mobile",
            f"这里有一个手机号码（{masked}）。手机号码只能出现在机构公开联系方式的电话字段中。",
            f"This contains a mobile phone number ({masked}). Mobile numbers may only appear "
            "in the phone fields of an organisation's published contact.", _HINT_MOBILE)


def _number_problem(record: RawRecord, pointer: str, found: Found, is_key: bool) -> Problem:
    code, zh, en, hint = _messages(found)
    if is_key:
        zh, en = f"字段名中{zh.removeprefix('这里')}", f"A field name {en.removeprefix('This ')}"
    return record.problem(code, pointer, zh, en, hint=hint, at_key=is_key)


def number_problem(
    file: str, line: int, column: int, found: Found, record_id: str | None = None
) -> Problem:
    """A number found in text that is not a record value: a comment of the record
    ``record_id``, or (``record_id`` None) a ``content/`` page."""
    code, zh, en, _ = _messages(found)
    return Problem(
        file=file, line=line, column=column, code=code, message_zh=zh, message_en=en,
        record_id=record_id, hint=_HINT_COMMENT if record_id else _HINT_PAGE,
    )


CONTENT_MAX_BYTES = 2_000_000


def check_content_privacy(content_dir: Path, display_base: Path) -> list[Problem]:
    """Privacy problems in the names and pages under ``content/`` (published as written).

    Symbolic links are not followed and only regular files are read (whether such entries
    are allowed at all is relief/content_check.py's question); a file with a NUL byte is
    taken for binary and only its name is scanned.
    """
    problems: list[Problem] = []
    if not content_dir.is_dir() or content_dir.is_symlink():
        return problems
    for folder, dirs, files in os.walk(content_dir, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            shown = display(path, display_base)
            problems.extend(_file_name_problems(shown))
            try:
                _, raw = read_regular(path, shown, CONTENT_MAX_BYTES)
            except (NotRegular, OSError):
                continue
            if b"\0" in raw:
                continue
            text = raw.decode("utf-8", errors="replace")
            for found in find_numbers(text):
                line, column = line_column(text, found.start)
                problems.append(number_problem(shown, line, column, found))
    return problems


def _file_name_problems(shown: str) -> Iterator[Problem]:
    for found in find_numbers(re.sub(r"[-_/.]", " ", shown)):
        code, zh, en, _ = _messages(found)
        yield Problem(
            file=shown, line=None, column=None, code=code,
            message_zh=f"文件名中{zh.removeprefix('这里')}",
            message_en=f"The file name {en.removeprefix('This ')}",
            hint=_HINT_FILE_NAME,
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
        if (
            donor.get("name_consent") is True
            or donor.get("organization")
            or looks_like_organisation(str(donor["name"]))
        ):
            return None
        return record.problem(
            "privacy.donor-name",
            pointer,
            "捐赠方标为单位，但名称看起来像个人姓名，且未记录本人同意公开。",
            "The donor is marked as an organisation but the name looks like a person's, "
            "and no consent to publish it is recorded.",
            hint=_HINT_ORG_PERSON,
        )
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
