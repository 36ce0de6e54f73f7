"""Identity codes and number formats.

All numbers here are synthetic. The check characters were computed by hand:

USCC (GB 32100-2015): value of each character in ``0-9 A-H J-N P-R T-U W-Y`` (A=10 … M=21,
N=22, J=18, X=29, Y=30), weights 3^i mod 31 =
1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28; check = (31 - sum mod 31) mod 31.

- ``91340700MA2N0A1B2``: 9 + 3 + 27 + 108 + 0 + 182 + 0 + 0 + 21*20 + 10*29 + 2*25 + 22*13
  + 0 + 10*24 + 10 + 11*30 + 2*28 = 2011; 2011 mod 31 = 27; 31 - 27 = 4 -> ``…B24``.
- ``53340700MJ0000000``: 5 + 9 + 27 + 108 + 0 + 182 + 0 + 0 + 21*20 + 18*29 = 1273;
  1273 mod 31 = 2; 31 - 2 = 29 -> ``X`` (so the 公开募捐 record number shape is a valid USCC).

Resident ID (GB 11643-1999, ISO 7064 MOD 11-2): weights 2^(17-i) mod 11 =
7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; check = "10X98765432"[sum mod 11].

- ``34070519900101123``: 21 + 36 + 0 + 35 + 0 + 20 + 2 + 9 + 54 + 0 + 0 + 9 + 0 + 5 + 8 + 8 + 6
  = 213; 213 mod 11 = 4 -> ``8``.
- ``34070519900101018``: 21 + 36 + 0 + 35 + 0 + 20 + 2 + 9 + 54 + 0 + 0 + 9 + 0 + 5 + 0 + 4 + 16
  = 211; 211 mod 11 = 2 -> ``X``.
- ``34070520000229001`` (29 Feb 2000, a leap year): sum 201, mod 11 = 3 -> ``9``.

Luhn: ``4111111111111111``: doubled digits 2*7 + 8 = 22, others 8, total 30 -> valid.
``6228480012345671``: undoubled 1+6+4+2+0+8+8+2 = 31, doubled (14->5)+(10->1)+6+2+0+8+4+(12->3)
= 29, total 60 -> valid.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relief.idcodes import (
    classify_phone,
    find_bank_cards,
    find_mobiles,
    find_resident_ids,
    is_valid_resident_id,
    is_valid_uscc,
    luhn_valid,
    mask_number,
    uscc_check_char,
    uscc_problem,
)

ID_1990 = "340705199001011238"
ID_X = "34070519900101018X"
ID_LEAP_2000 = "340705200002290019"
USCC = "91340700MA2N0A1B24"
USCC_RECORD_NO = "53340700MJ0000000X"
CARD_16 = "6228480012345671"
CARD_19 = "6222021234567890128"


def _id_check(first17: str) -> str:
    """An independent MOD 11-2 implementation, to build numbers whose only fault is the date."""
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def _with_check(first17: str) -> str:
    return first17 + _id_check(first17)


# --- USCC ---------------------------------------------------------------------------------


def test_uscc_check_char_hand_computed() -> None:
    assert uscc_check_char("91340700MA2N0A1B2") == "4"
    assert uscc_check_char("53340700MJ0000000") == "X"


@pytest.mark.parametrize("first17", ["91340700MA2N0A1B", "91340700MA2N0A1B22", "91340700MA2N0I1B2"])
def test_uscc_check_char_malformed(first17: str) -> None:
    assert uscc_check_char(first17) is None


def test_valid_usccs() -> None:
    assert is_valid_uscc(USCC)
    assert is_valid_uscc(USCC_RECORD_NO)
    assert uscc_problem(USCC) is None


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91340700MA2N0A1B2", "must be 18 characters, got 17"),
        ("91340700MA2N0A1B244", "must be 18 characters, got 19"),
        ("91340700MA2N0I1B24", "character 'I' at position 14 is not allowed"),
        ("91340700ma2N0A1B24", "character 'm' at position 9 is not allowed"),
        ("91340700MA2N0A1B25", "check character is '5', expected '4'"),
    ],
)
def test_uscc_problems(code: str, reason: str) -> None:
    problem = uscc_problem(code)
    assert problem is not None
    assert problem.startswith(reason)
    assert not is_valid_uscc(code)


# --- resident ID ----------------------------------------------------------------------------


@pytest.mark.parametrize("number", [ID_1990, ID_X, ID_X.lower(), ID_LEAP_2000])
def test_valid_resident_ids(number: str) -> None:
    assert is_valid_resident_id(number)


def test_independent_check_agrees_with_hand_computation() -> None:
    assert _with_check(ID_1990[:17]) == ID_1990
    assert _with_check(ID_X[:17]) == ID_X


@pytest.mark.parametrize(
    "first17",
    [
        "34070520040229002",  # 29 Feb 2004: leap year
        "34070519000101003",  # year 1900 is the first allowed
        "34070521001231004",  # year 2100 is the last allowed
    ],
)
def test_dates_at_the_edges_are_accepted(first17: str) -> None:
    assert is_valid_resident_id(_with_check(first17))


@pytest.mark.parametrize(
    "first17",
    [
        "34070519000229001",  # 29 Feb 1900: not a leap year (century)
        "34070520010229001",  # 29 Feb 2001
        "34070520210431001",  # 31 April
        "34070520211301001",  # month 13
        "34070520210100001",  # day 0
        "34070518991231001",  # year before 1900
        "34070521010101001",  # year after 2100
    ],
)
def test_impossible_dates_are_refused_even_with_a_correct_check(first17: str) -> None:
    assert not is_valid_resident_id(_with_check(first17))


@pytest.mark.parametrize(
    "number",
    [
        "340705199001011237",  # wrong check digit
        "340705199001011230",
        "34070519900101018Y",
        "3407051990010112X8",  # X only as the last character
        "34070519900101123",  # 17 characters
        "3407051990010112380",  # 19 characters
        "340705900101123",  # old 15-digit form
        "３４０７０５１９９００１０１１２３８",  # full-width digits are not a valid field value
    ],
)
def test_invalid_resident_ids(number: str) -> None:
    assert not is_valid_resident_id(number)


# --- Luhn -----------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["4111111111111111", CARD_16, CARD_19, "79927398713", "0"])
def test_luhn_valid(digits: str) -> None:
    assert luhn_valid(digits)


@pytest.mark.parametrize(
    "digits", ["4111111111111112", "6228480012345672", "79927398710", "", "4111 1111", "４１"]
)
def test_luhn_invalid(digits: str) -> None:
    assert not luhn_valid(digits)


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("13912345678", "mobile"),
        ("139-1234-5678", "mobile"),
        ("139 1234 5678", "mobile"),
        ("+86 139 1234 5678", "mobile"),
        ("86-13912345678", "mobile"),
        (" 18905621234 ", "mobile"),
        ("0562-2812345", "landline"),
        ("05622812345", "landline"),
        ("0562-28123456", "landline"),
        ("010-62345678", "landline"),
        ("0562-2812345-801", "landline"),
        ("0562-2812345转801", "landline"),
        ("(0562)2812345", "landline"),
        ("（0562）2812345", "landline"),
        ("12345", "service"),
        ("110", "service"),
        ("119", "service"),
        ("120", "service"),
        ("122", "service"),
        ("12349", "service"),
        ("400-123-4567", "service"),
        ("8001234567", "service"),
        ("95588", "service"),
        ("955880", "service"),
    ],
)
def test_classify_phone(text: str, kind: str) -> None:
    assert classify_phone(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2812345",  # no area code
        "12312345678",  # 1[3-9] required
        "1391234567",  # 10 digits
        "139123456789",  # 12 digits
        "0562-1812345",  # local numbers do not start with 1
        "0562-281234",  # 6-digit local number
        "9558",
        "2018-09-04",
        "340705",
        "电话",
    ],
)
def test_not_a_phone(text: str) -> None:
    assert classify_phone(text) is None


# --- finders --------------------------------------------------------------------------------


def test_find_resident_ids() -> None:
    text = f"张某，身份证号{ID_1990}，家属 ID:{ID_X}；{ID_X.lower()}。"
    assert find_resident_ids(text) == [ID_1990, ID_X, ID_X.lower()]


def test_find_resident_ids_full_width_digits() -> None:
    full_width = "３４０７０５１９９００１０１１２３８"
    assert find_resident_ids(f"证件{full_width}") == [full_width]


@pytest.mark.parametrize(
    "text",
    [
        "340705900101123",  # 15-character run
        ID_1990[:17],  # 17
        ID_1990 + "0",  # 19
        "1" + ID_1990,  # embedded in a longer digit run
        "340705199001011237",  # bad check digit
        f"0.{ID_1990}",  # fraction digits of a number
        USCC,
        USCC_RECORD_NO,
    ],
)
def test_find_resident_ids_ignores(text: str) -> None:
    assert find_resident_ids(text) == []


def test_find_bank_cards() -> None:
    text = (
        f"卡号{CARD_16}；另一张 6222 0212 3456 7890 128，"
        "还有 6228-4800-1234-5671 和 4111111111111111。"
        "混用分隔符 6228 4800-1234 5671；前面有数字 1 6228 4800 1234 5671。"
    )
    assert find_bank_cards(text) == [
        CARD_16,
        "6222 0212 3456 7890 128",
        "6228-4800-1234-5671",
        "4111111111111111",
        "6228 4800-1234 5671",
        "6228 4800 1234 5671",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111112",  # fails Luhn
        "411111111111111",  # 15 digits
        "06228480012345671",  # starts with 0 (passes Luhn)
        "62220212345678901287",  # 20-digit run
        "6228 4800 1234 567",  # 15 digits in groups
        "340705199001010139",  # a resident ID (that also passes Luhn) is not a card
        "913407001000000233",  # an all-digit USCC passing Luhn
        "91340700100000002X",  # 17 digits passing Luhn, then the USCC check letter
        "TLCS6228480012345671",  # inside an alphanumeric code
        "1500000.00",
        "2018-09-04",
        "TLCS-2020-000123",
        USCC,
        USCC_RECORD_NO,
    ],
)
def test_find_bank_cards_ignores(text: str) -> None:
    assert find_bank_cards(text) == []


def test_false_positive_guards_are_meaningful() -> None:
    """The ignored numbers above would pass Luhn: only the guards keep them out."""
    assert luhn_valid("06228480012345671")
    assert is_valid_resident_id("340705199001010139")
    assert luhn_valid("340705199001010139")
    assert is_valid_uscc("913407001000000233")
    assert luhn_valid("913407001000000233")
    assert is_valid_uscc("91340700100000002X")
    assert luhn_valid("91340700100000002")


def test_find_mobiles() -> None:
    text = (
        "联系人王某 13912345678，139-1234-5678，139 1234 5678；+86 18905621234，电话8615805621234。"
    )
    text += "混用分隔符 139-1234 5678。"
    assert find_mobiles(text) == [
        "13912345678",
        "139-1234-5678",
        "139 1234 5678",
        "+86 18905621234",
        "8615805621234",
        "139-1234 5678",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "139123456789",  # 12-digit run
        "213912345678",  # preceded by a digit
        "1391234567",  # 10 digits
        "12312345678",  # 1[3-9] required
        "13912345678.00",  # an amount
        "0562-2812345",
        "0562-2812345-801",
        "400-123-4567",
        "1500000.00",
        "2018-09-04",
        "340705",
        "TLCS-2020-000123",
        ID_1990,
        CARD_19,
        USCC,
        USCC_RECORD_NO,
    ],
)
def test_find_mobiles_ignores(text: str) -> None:
    assert find_mobiles(text) == []


@pytest.mark.parametrize(
    ("text", "head", "masked"),
    [
        (ID_X, 4, "3407**********018X"),
        ("6222 0212 3456 7890 128", 4, "6222***********0128"),
        ("13912345678", 3, "139****5678"),
        ("1234", 4, "****"),
    ],
)
def test_mask_number(text: str, head: int, masked: str) -> None:
    assert mask_number(text, head) == masked


@given(st.text())
def test_finders_never_raise(text: str) -> None:
    for number in find_resident_ids(text):
        assert number in text
    for number in find_bank_cards(text):
        assert number in text
    for number in find_mobiles(text):
        assert number in text


def _no_digit(char: str) -> bool:
    """Not a digit once normalised (NFKC makes "²" and "①" digits)."""
    return not any(c.isdigit() for c in unicodedata.normalize("NFKC", char))


NOT_DIGITS = st.text(alphabet=st.characters(blacklist_categories=("Nd",)).filter(_no_digit))


@given(NOT_DIGITS, NOT_DIGITS)
def test_a_resident_id_is_found_between_any_non_digit_text(before: str, after: str) -> None:
    assert find_resident_ids(before + ID_1990 + after) == [ID_1990]
