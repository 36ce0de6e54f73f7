"""Identity codes and number formats of mainland China: pure functions, no I/O.

- 统一社会信用代码 (unified social credit code), GB 32100-2015;
- 居民身份证号码 (resident ID number), GB 11643-1999;
- bank card numbers (Luhn), and phone number formats.

The ``find_*`` functions pick sensitive numbers out of free text for the privacy scan; they
are views of :func:`relief.privacy_text.find_numbers`, which normalises the text first
(NFKC, format characters removed) and accepts any grouping of the digits.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Literal

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100 (no I, O, S, V, Z), in value order 0..30."""

_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)


_MOBILE = re.compile(r"(?:(?:\+|00)?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}")
_LANDLINE = re.compile(
    r"(?:[(（]0[1-9][0-9]{1,2}[)）][ -]?|0[1-9][0-9]{1,2}[ -]?)"  # area code
    r"[2-9][0-9]{6,7}"  # local number
    r"(?:(?:-|转|ext\.?)[0-9]{1,6})?"  # extension
)
_SERVICE_SHORT = frozenset({"110", "119", "120", "122", "12345", "12349"})
_SERVICE = re.compile(r"[48]00[ -]?[0-9]{3}[ -]?[0-9]{4}|95[0-9]{3,4}")

PhoneKind = Literal["mobile", "landline", "service"]


def uscc_check_char(first17: str) -> str | None:
    """The GB 32100 check character for the first 17 characters, or None if they are malformed."""
    if len(first17) != 17 or any(c not in USCC_CHARSET for c in first17):
        return None
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, in short English; None if it is valid."""
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    for position, char in enumerate(code, start=1):
        if char not in USCC_CHARSET:
            return (
                f"character {char!r} at position {position} is not allowed "
                "(digits and upper-case letters except I, O, S, V, Z)"
            )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]!r}, expected {expected!r}"
    return None


def is_valid_uscc(code: str) -> bool:
    """True if ``code`` is a well-formed 统一社会信用代码 with a correct check character."""
    return uscc_problem(code) is None


def is_valid_resident_id(s: str) -> bool:
    """True for an 18-character 居民身份证号码 with a correct check character and a real birth date.

    The check character is ISO 7064 MOD 11-2 (``X`` stands for 10, lower-case ``x`` is accepted);
    the birth date (characters 7-14, YYYYMMDD) must exist, with a year in 1900..2100.
    """
    if len(s) != 18 or not (s[:17].isascii() and s[:17].isdigit()) or s[17] not in "0123456789Xx":
        return False
    year, month, day = int(s[6:10]), int(s[10:12]), int(s[12:14])
    if not 1900 <= year <= 2100:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS, strict=True))
    return s[17].upper() == _ID_CHECK_CHARS[total % 11]


def luhn_valid(digits: str) -> bool:
    """True if ``digits`` (ASCII digits only, non-empty) passes the Luhn check."""
    if not digits or not (digits.isascii() and digits.isdigit()):
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def classify_phone(s: str) -> PhoneKind | None:
    """Which kind of mainland China phone number ``s`` is, or None if it is none of them.

    - mobile: 11 digits ``1[3-9]…``, separators space/``-`` after the 3rd and 7th digit,
      optional ``+86``/``86`` prefix;
    - landline: area code ``0`` + 2-3 digits (optionally in parentheses), optional ``-``,
      a 7-8 digit number, optional extension (``-801``, ``转801``);
    - service: 110, 119, 120, 122, 12345, 12349, ``400``/``800`` numbers, ``95xxx(x)``.
    """
    text = s.strip()
    if _MOBILE.fullmatch(text):
        return "mobile"
    if _LANDLINE.fullmatch(text):
        return "landline"
    if text in _SERVICE_SHORT or _SERVICE.fullmatch(text):
        return "service"
    return None


def ascii_digits(text: str) -> str:
    """The digits and X of ``text``, full-width ones made ASCII, everything else dropped."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c in "0123456789Xx")


def _found(text: str, kind: str) -> list[str]:
    from relief.privacy_text import find_numbers  # it builds on the checks above

    found = []
    for number in find_numbers(text):
        if number.kind != kind:
            continue
        start = number.start
        if kind == "mobile" and start > 0 and text[start - 1] in "+＋":
            start -= 1
        found.append(text[start : number.end])
    return found


def find_resident_ids(text: str) -> list[str]:
    """Resident ID numbers (18 characters) in free text, as written.

    See :mod:`relief.privacy_text` for how the text is normalised and digits are grouped.
    """
    return _found(text, "id")


def find_legacy_ids(text: str) -> list[str]:
    """Legacy 15-digit resident ID numbers in free text, as written."""
    return _found(text, "id15")


def find_bank_cards(text: str) -> list[str]:
    """Bank card numbers in free text: 16-19 digits passing Luhn, in any grouping.

    A run that is a valid USCC or a resident ID number is not reported as a card.
    """
    return _found(text, "card")


def find_mobiles(text: str) -> list[str]:
    """Mobile numbers in free text, as written (separators and a +86 prefix included)."""
    return _found(text, "mobile")


def mask_number(text: str, keep_head: int, keep_tail: int = 4) -> str:
    """The digits (and X) of ``text`` with all but the first and last few replaced by ``*``."""
    digits = ascii_digits(text)
    if len(digits) <= keep_head + keep_tail:
        return "*" * len(digits)
    hidden = len(digits) - keep_head - keep_tail
    return digits[:keep_head] + "*" * hidden + digits[len(digits) - keep_tail :]
