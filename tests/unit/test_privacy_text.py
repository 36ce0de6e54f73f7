"""The privacy normaliser and finder: personal numbers in any disguise are found, the numbers
of relief records (amounts, dates, codes, landlines, receipts) are not. All numbers are
synthetic: IDs, cards and mobiles are generated with correct check characters."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from relief.idcodes import is_valid_resident_id, is_valid_uscc, luhn_valid, uscc_check_char
from relief.privacy_text import (
    Found,
    _groups,
    _tokens,
    find_numbers,
    is_separator,
    line_column,
    mask,
    normalise,
    publishable,
)

PROVINCES = ["11", "23", "34", "44", "65", "81"]
ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]

# Characters between digits: every kind of space, dash, dot and bracket the module names.
SPACES = [" ", "\t", "\n", "\u00a0", "\u3000", "\u2002", "\u2009", "\u202f"]
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d"]
DOTS = [".", "·", "・", "。", "．", "‧", "•"]
BRACKETS = ["(", ")", "（", "）", "[", "]", "【", "】", "〔", "〕", "《", "》", "「", "」"]
SEPARATORS = SPACES + DASHES + DOTS + BRACKETS
# Format characters (Cf), removed before anything else.
FORMAT = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
          "\u202a", "\u202c", "\u2066", "\u2069", "\u061c"]
CONTEXT = st.text(alphabet="联系人身份证号码手机卡请转入，：；、。的是王张李某", max_size=8)


def _id_check(first17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
    area = draw(st.sampled_from(PROVINCES)) + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    first17 = area + born.strftime("%Y%m%d") + sequence
    return first17 + _id_check(first17)


@st.composite
def legacy_ids(draw: st.DrawFn) -> str:
    born = draw(st.dates(date(1900, 1, 1), date(1999, 12, 31)))
    area = draw(st.sampled_from(PROVINCES)) + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    return area + born.strftime("%y%m%d") + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))


@st.composite
def cards(draw: st.DrawFn) -> str:
    length = draw(st.integers(16, 19))
    body = draw(st.sampled_from(["62", "4", "5", "9"]))
    body += draw(st.from_regex(rf"[0-9]{{{length - 1 - len(body)}}}", fullmatch=True))
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    number = body + check
    assume(not is_valid_resident_id(number) and not is_valid_uscc(number))
    return number


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    return "1" + draw(st.sampled_from("3456789")) + draw(
        st.from_regex(r"[0-9]{9}", fullmatch=True))


@st.composite
def disguised(draw: st.DrawFn, digits: str) -> str:
    """``digits`` with separators, format characters and full-width forms in between."""
    out = []
    for index, char in enumerate(digits):
        if draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0) if char.isdigit() else "Ｘ"  # full width
        out.append(char)
        if index == len(digits) - 1:
            break
        gap = draw(st.lists(st.sampled_from(SEPARATORS), max_size=3))
        if "".join(normalise("".join(gap)).text) == ".":
            gap.append(" ")  # a lone dot before one or two digits would make an amount
        for _ in range(draw(st.integers(0, 2))):
            gap.insert(draw(st.integers(0, len(gap))), draw(st.sampled_from(FORMAT)))
        out.extend(gap)
    return "".join(out)


def _plain_tokens(text: str) -> bool:
    """No date or amount formed by chance by the grouping (those are not numbers)."""
    return all(t.kind == "group" for chain in _groups(normalise(text).text)
               for t in _tokens(chain))


def _covered(found: list[Found], start: int, end: int) -> bool:
    return bool(found) and all(start <= f.start and f.end <= end for f in found)


def _check_found(before: str, number: str, after: str) -> list[Found]:
    text = before + number + after
    found = find_numbers(text)
    assert _covered(found, len(before), len(before) + len(number)), (text, found)
    return found


@settings(max_examples=300)
@given(st.data(), resident_ids(), CONTEXT, CONTEXT)
def test_resident_ids_in_any_disguise(data: st.DataObject, number: str, a: str, b: str) -> None:
    shown = data.draw(disguised(number))
    found = _check_found(a, shown, b)
    assert [f.kind for f in found] == ["id"]
    assert found[0].digits.upper() == number.upper()


@settings(max_examples=300)
@given(st.data(), legacy_ids(), CONTEXT, CONTEXT)
def test_legacy_ids_in_any_disguise(data: st.DataObject, number: str, a: str, b: str) -> None:
    shown = data.draw(disguised(number))
    assume(_plain_tokens(shown))
    _check_found(a, shown, b)


@settings(max_examples=300)
@given(st.data(), cards(), CONTEXT, CONTEXT)
def test_cards_in_any_grouping(data: st.DataObject, number: str, a: str, b: str) -> None:
    shown = data.draw(disguised(number))
    assume(_plain_tokens(shown))
    found = _check_found(a, shown, b)
    assert "card" in {f.kind for f in found} or any(f.kind == "id" for f in found)


@settings(max_examples=300)
@given(st.data(), mobiles(), st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "86",
                                               "(+86)", "（+86）", "(86) ", "+86-"]),
       CONTEXT, CONTEXT)
def test_mobiles_with_any_prefix_and_grouping(
    data: st.DataObject, number: str, prefix: str, a: str, b: str
) -> None:
    shown = prefix + data.draw(disguised(number))
    assume(_plain_tokens(shown))
    found = _check_found(a, shown, b)
    mobile = [f for f in found if f.kind == "mobile"]
    if mobile:
        assert mobile[0].digits.endswith(number)
        assert mask(mobile[0]) == number[:3] + "****" + number[-4:]


# --- what is not a personal number -------------------------------------------------------


@st.composite
def amounts(draw: st.DrawFn) -> str:
    whole = draw(st.integers(0, 9_999_999_999))
    text = f"{whole:,}" if draw(st.booleans()) else str(whole)
    if draw(st.booleans()):
        text += f".{draw(st.integers(0, 99)):02d}"
    return text


@st.composite
def iso_dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(date(1950, 1, 1), date(2099, 12, 31)))
    sep = draw(st.sampled_from(["-", ".", "/"]))
    return day.strftime(f"%Y{sep}%m{sep}%d")


@st.composite
def division_codes(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["340705", "340722", "340705100", "340722001001", "340705001"]))


@st.composite
def usccs(draw: st.DrawFn) -> str:
    first17 = draw(st.sampled_from(["91", "52", "53", "51"])) + "340700" + draw(
        st.from_regex(r"[0-9A-HJ-NP-RTUW-Y]{9}", fullmatch=True))
    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


@st.composite
def landlines(draw: st.DrawFn) -> str:
    local = draw(st.from_regex(r"[2-9][0-9]{6}", fullmatch=True))
    area = draw(st.sampled_from(["0562-", "0562 ", "(0562)", "（0562）", "0562"]))
    ext = draw(st.sampled_from(["", "-801", "转801"]))
    return area + local + ext


@st.composite
def receipts(draw: st.DrawFn) -> str:
    prefix = draw(st.from_regex(r"[A-Z]{2,5}", fullmatch=True))
    year = draw(st.integers(2000, 2099))
    serial = draw(st.from_regex(r"[0-9]{4,12}", fullmatch=True))
    return draw(st.sampled_from([f"{prefix}-{year}-{serial}", f"{prefix}{year}{serial}",
                                 f"{prefix}-{year}{serial}"]))


RECORD_NUMBERS = st.one_of(amounts(), iso_dates(), division_codes(), usccs(), landlines(),
                           receipts(), st.sampled_from(["12345", "110", "400-123-4567"]))


@settings(max_examples=500)
@given(st.lists(RECORD_NUMBERS, min_size=1, max_size=6),
       st.lists(st.sampled_from(["，", "；", "、", " 元，", " 至 ", "：", "号 "]), min_size=6))
def test_record_numbers_are_not_personal(numbers: list[str], joins: list[str]) -> None:
    text = "".join(n + j for n, j in zip(numbers, joins, strict=False))
    assert find_numbers(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "2018-09-04 拨付 1500000.00 元，收据 TLCS-2020-000123，区划 340705，"
        "公开募捐备案 53340700MJ0000000X，服务热线 12345。",
        "2026-11-28 至 2026-12-05",
        "1500000.00 2026-11-28",  # an amount and a date side by side
        "2026-11-28 2026-12-05",
        "13912345678.00",  # an amount
        "0.340705199001011238",
        "0562-2812345-801", "(0562)2812345", "0562 2812 345",
        "340705001001",  # a village code
        "91340700MA2N0A1B24", "TLCS6228480012345671", "TL-6228480012345671",
        "AA-2000-13000000000", "R2026-13912345678",  # receipt numbers
        "6228480012345671TL",
        "合计 1,234,567,890.12 元",
        "4111 1111 1111 1112",  # fails Luhn
    ],
)
def test_not_personal(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("3407\u200d0519\u200b9001011238", ["id"]),
        ("3407 0519 9001 0101 8 X", ["id"]),
        ("340705·1990·0101·1238", ["id"]),
        ("３４０７０５１９９００１０１１２３８", ["id"]),
        ("340705 900101 123", ["id15"]),
        ("(+86)139\u20101234\uff0d5678", ["mobile"]),
        ("【139】【1234】【5678】", ["mobile"]),
        ("139\u00ad1234\u00ad5678", ["mobile"]),
        ("0086 139 1234 5678", ["mobile"]),
        ("6228 4800-1234·5671", ["card"]),
        ("2026-11-28 13912345678", ["mobile"]),
        ("TEL13912345678", ["mobile"]),  # a contact label glued to the number
        ("wx139-1234-5678", ["mobile"]),
        ("No.13912345678", ["mobile"]),
        ("ID340705900101123", ["id15"]),
        ("TLCS-340705199001011238", ["id"]),  # an 18-digit ID is reported even in a code
        ("身份证 340705199001011238，手机 139 1234 5678，卡号 6228480012345671",
         ["id", "mobile", "card"]),
    ],
)
def test_personal(text: str, kinds: list[str]) -> None:
    assert [f.kind for f in find_numbers(text)] == kinds


def test_one_number_is_reported_once() -> None:
    assert len(find_numbers("+86 139 1234 5678")) == 1
    [found] = find_numbers("手机（+86）139-1234-5678。")
    assert found.digits == "8613912345678"


def test_offsets_point_into_the_original_text() -> None:
    text = "注：\u200b３４０７\u200d0519 9001011238 完"
    [found] = find_numbers(text)
    assert text[found.start] == "３" and text[found.end - 1] == "8"
    assert line_column("a\nbc\nd", 4) == (2, 3)
    assert line_column("abc", 0) == (1, 1)


def test_normalise_maps_every_character_back() -> None:
    text = "Ａ\u200bｂ\u3000（１）"
    normal = normalise(text)
    assert normal.text == "Ab (1)"
    assert [text[normal.origin(i)] for i in range(len(normal.text))] == list("Ａｂ\u3000（１）")
    assert normalise("plain ascii").origins is None


def test_separators_are_the_documented_ones() -> None:
    for char in SEPARATORS:
        assert all(is_separator(c) for c in unicodedata.normalize("NFKC", char)), repr(char)
    for char in ",，:：;/、_+*#":
        assert not is_separator(char), char


def test_masks_never_show_the_whole_number() -> None:
    for text in ("34070519900101018X", "6222 0212 3456 7890 128", "8613912345678",
                 "340705900101123"):
        [found] = find_numbers(text)
        shown = mask(found)
        assert found.digits not in shown and found.digits[-11:] not in shown
        assert len(shown.replace("*", "")) == (7 if found.kind == "mobile" else 8)


@given(st.text())
def test_never_raises_and_spans_are_in_the_text(text: str) -> None:
    for found in find_numbers(text):
        assert 0 <= found.start < found.end <= len(text)
    publishable(text)


def test_a_long_text_is_fast() -> None:
    import time

    text = ("2026-11-28 收到 1500000.00 元 " * 2000) + "0 " * 20000
    start = time.perf_counter()
    assert find_numbers(text) == []
    assert time.perf_counter() - start < 2.0
