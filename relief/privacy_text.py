"""Finding personal numbers in free text: normalise first, then look at digit groups.

The rules are kept simple so that a JavaScript twin can follow them step by step.

1. **Normalise** (:func:`normalise`). Each character on its own is put in Unicode NFKC form
   (full-width digits and letters become ASCII, the ideographic space a space, ``（`` ``(``),
   then format characters (general category ``Cf``: zero-width space/joiner/non-joiner, word
   joiner, BOM, soft hyphen, bidi marks…) are removed. Every character of the result
   remembers the offset of the original character it came from.
2. **Groups.** A *group* is a maximal run of ASCII digits. An ``X``/``x`` that follows a group
   (directly or after a gap, see 3) and is not followed by a letter or digit is a group of its
   own that ends the chain (only the check character of an ID number can use it).
3. **Chains.** Two groups belong to one chain when the characters between them are 1 to
   ``MAX_GAP`` (3) *separators*: any white space (``str.isspace``: Zs, tab, line breaks, NBSP,
   ideographic space), any dash (category Pd, plus U+2212 minus), a dot (``.`` ``·`` ``・``
   ``。`` ``‧`` ``•`` ``∙`` …) or a bracket (``()[]{}`` ``【】`` ``〔〕`` ``〖〗`` ``《》`` ``〈〉``
   ``「」`` ``『』``, after NFKC).
4. **Tokens.** Within a chain, groups are bundled into tokens that a number may not cut
   through: a *date* (groups of 4, 1-2, 1-2 digits joined by one and the same single separator
   that make a real date in 1900-2100: ``2026-11-28``, ``2026.11.28``) and a *decimal* (two
   groups joined by a single ``.``, not part of a longer dotted run, the second of one or two
   digits, as in an amount ``1500000.00``, or the first ``0``, as in ``0.25``). Every other
   group is a token of its own.
5. **Candidates** are runs of consecutive tokens of one chain with 11 to 19 characters in all;
   their digits (and ``X``) are checked, in this order of precedence:

   - ``id``: 18 characters passing GB 11643 (MOD 11-2 check character, real date 1900-2100);
   - ``card``: 16-19 digits, not starting with 0, passing Luhn, not an all-digit USCC;
   - ``id15``: the legacy 15-digit ID number: a province code (11-15, 21-23, 31-37, 41-46,
     50-54, 61-65, 71, 81-83) then, at positions 7-12, a real date YYMMDD of 19YY;
   - ``mobile``: ``1[3-9]`` + 9 digits, optionally preceded by ``86`` or ``0086`` (a ``+`` or
     brackets around the prefix are separators or ignored).

   Cards, legacy IDs and mobiles never contain a date or decimal token (amounts and dates
   written next to each other are not a number) nor a group inside an *alphanumeric code*: a
   run of ASCII letters and digits, possibly joined by ``-``, ``_`` or ``/``, that has both a
   letter and a digit (``TLCS-2020-000123``, ``91340700MA2N0A1B24``), not counting a contact
   label at its start (``TEL``, ``Tel-``, ``wx``, ``QQ``, ``No``, ``ID``, ``M``… see
   ``_CONTACT_LABEL``: ``TEL13912345678`` is a mobile). An 18-character ID may (its check
   character is strong enough, and its birth date is a date).
6. **One report per number.** Candidates are taken by precedence, then the longest first;
   one that overlaps a candidate already taken is dropped.

What is not a number: amounts (``1500000.00``), dates, division codes (6, 9 or 12 digits in
one group), USCCs (letters end the groups), landlines (``0562-2812345``: 11 digits starting
with 0), receipt numbers such as ``TLCS-2020-000123``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Literal

from relief.idcodes import is_valid_resident_id, is_valid_uscc, luhn_valid

Kind = Literal["id", "card", "id15", "mobile"]
MAX_GAP = 3
SHORTEST, LONGEST = 11, 19

_DOTS = ".·・。‧•∙⋅｡．"
_BRACKETS = "()[]{}【】〔〕〖〗《》〈〉「」『』⟨⟩⦅⦆"
_MOBILE = re.compile(r"(?:0086|86)?1[3-9][0-9]{9}")
_PROVINCE_RANGES = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 83))
_PROVINCES = frozenset(str(n) for low, high in _PROVINCE_RANGES for n in range(low, high + 1))
_CODE = re.compile(r"[A-Za-z0-9]+(?:[-_/][A-Za-z0-9]+)*")
_LETTER = re.compile(r"[A-Za-z]")
_CONTACT_LABEL = re.compile(
    r"^(?:tel|phone|mobile|mob|cell|ph|fax|sms|wechat|weixin|wx|vx|qq|no|num|id|t|m|v)[-_/]?"
    r"(?=[0-9])",
    re.IGNORECASE,
)
_GROUP = re.compile(r"[0-9]+|[Xx](?![A-Za-z0-9])")
_PRECEDENCE: dict[Kind, int] = {"id": 0, "card": 1, "id15": 2, "mobile": 3}


def _is_format(char: str) -> bool:
    return unicodedata.category(char) == "Cf"


def is_separator(char: str) -> bool:
    """A character that may stand between the digits of one number (after normalising)."""
    return (
        char.isspace()
        or char in _DOTS
        or char in _BRACKETS
        or char == "\u2212"
        or unicodedata.category(char) == "Pd"
    )


@dataclass(frozen=True)
class Normalised:
    """Normalised text; ``origins[i]`` is the offset in the original of character ``i``
    (None when the two are the same text)."""

    text: str
    origins: tuple[int, ...] | None = None

    def origin(self, index: int) -> int:
        return index if self.origins is None else self.origins[index]


def normalise(text: str) -> Normalised:
    """NFKC character by character, format characters (Cf) removed, offsets kept."""
    if text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and not any(map(_is_format, text))
    ):
        return Normalised(text)
    pieces: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            pieces.append(char)
            origins.append(index)
            continue
        form = "".join(c for c in unicodedata.normalize("NFKC", char) if not _is_format(c))
        pieces.append(form)
        origins.extend([index] * len(form))
    return Normalised("".join(pieces), tuple(origins))


@dataclass(frozen=True)
class Found:
    """A personal number found in a text: its kind, digits and span in the original text."""

    kind: Kind
    digits: str  # ASCII digits (and X) of the number, prefix included
    start: int  # offset of its first character in the original text
    end: int  # offset just after its last character in the original text


@dataclass(frozen=True)
class _Group:
    start: int  # in the normalised text
    end: int
    digits: str


@dataclass(frozen=True)
class _Token:
    first: int  # index of its first group in the chain
    last: int
    kind: Literal["group", "date", "decimal"]


def _groups(text: str) -> list[list[tuple[_Group, str]]]:
    """Chains of groups, each group with the gap text before it ("" for the first)."""
    chains: list[list[tuple[_Group, str]]] = []
    chain: list[tuple[_Group, str]] = []
    for match in _GROUP.finditer(text):
        start, end = match.span()
        value = match.group()
        last = chain[-1][0] if chain else None
        gap = text[last.end : start] if last is not None else ""
        joined = (
            last is not None
            and last.digits[-1] not in "Xx"
            and 0 < len(gap) <= MAX_GAP
            and all(map(is_separator, gap))
        )
        if value in "Xx":  # a check character: only right after a group of the chain
            if last is None or last.digits[-1] in "Xx":
                continue
            if not gap or joined:
                chain.append((_Group(start, end, value), gap))
            continue
        if not joined:
            if chain:
                chains.append(chain)
            chain, gap = [], ""
        chain.append((_Group(start, end, value), gap))
    if chain:
        chains.append(chain)
    return chains


def _is_date(digits: list[str]) -> bool:
    year, month, day = digits
    if len(year) != 4 or not 1 <= len(month) <= 2 or not 1 <= len(day) <= 2:
        return False
    try:
        return 1900 <= date(int(year), int(month), int(day)).year <= 2100
    except ValueError:
        return False


def _tokens(chain: list[tuple[_Group, str]]) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    gaps = [gap for _, gap in chain]
    while index < len(chain):
        if (
            index + 2 < len(chain)
            and len(gaps[index + 1]) == 1
            and gaps[index + 1] == gaps[index + 2]
            and _is_date([chain[index + k][0].digits for k in range(3)])
        ):
            tokens.append(_Token(index, index + 2, "date"))
            index += 3
            continue
        if (
            index + 1 < len(chain)
            and gaps[index + 1] == "."
            and (index == 0 or gaps[index] != ".")
            and (index + 2 >= len(chain) or gaps[index + 2] != ".")
            and chain[index + 1][0].digits.isdigit()
            and (len(chain[index + 1][0].digits) <= 2 or chain[index][0].digits == "0")
        ):
            tokens.append(_Token(index, index + 1, "decimal"))
            index += 2
            continue
        tokens.append(_Token(index, index, "group"))
        index += 1
    return tokens


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the alphanumeric codes (letters and digits), in order, in normalised text."""
    return [
        m.span() for m in _CODE.finditer(text)
        if _LETTER.search(_CONTACT_LABEL.sub("", m.group(), count=1))
    ]


def _in_code(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    """Whether ``position`` (where a group starts) lies in one of the code spans: a group is
    a maximal run of digits, so it lies wholly inside a code or wholly outside."""
    index = bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]


def _legacy_id(digits: str) -> bool:
    if len(digits) != 15 or not digits.isdigit() or digits[:2] not in _PROVINCES:
        return False
    try:
        date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return False
    return True


def _kind(digits: str, plain: bool) -> Kind | None:
    """What the candidate's characters are; ``plain``: no date, decimal or code inside."""
    if len(digits) == 18 and is_valid_resident_id(digits):
        return "id"
    if not plain or not digits.isdigit():
        return None
    if 16 <= len(digits) <= 19 and digits[0] != "0" and luhn_valid(digits) and not (
        is_valid_uscc(digits)
    ):
        return "card"
    if _legacy_id(digits):
        return "id15"
    if _MOBILE.fullmatch(digits):
        return "mobile"
    return None


def _digit_count(text: str) -> int:
    return sum(1 for c in text if "0" <= c <= "9")


def find_numbers(text: str) -> list[Found]:
    """Every personal number in ``text``, in order; see the module docstring for the rules."""
    if len(text) < SHORTEST:
        return []
    normal = normalise(text)
    source = normal.text
    if _digit_count(source) < SHORTEST:
        return []
    codes = _code_spans(source)
    code_starts = [start for start, _ in codes]
    hits: list[tuple[int, int, int, int, Found]] = []  # precedence, -length, groups, found
    group_offset = 0
    for chain in _groups(source):
        if sum(len(group.digits) for group, _ in chain) < SHORTEST:
            group_offset += len(chain)
            continue
        tokens = _tokens(chain)
        texts = ["".join(chain[k][0].digits for k in range(t.first, t.last + 1)) for t in tokens]
        plains = [
            t.kind == "group" and not _in_code(codes, code_starts, chain[t.first][0].start)
            for t in tokens
        ]
        for first, head in enumerate(tokens):
            digits = ""
            plain = True
            for index in range(first, len(tokens)):
                token = tokens[index]
                digits += texts[index]
                plain = plain and plains[index]
                if len(digits) > LONGEST:
                    break
                if len(digits) < SHORTEST:
                    continue
                start, end = chain[head.first][0].start, chain[token.last][0].end
                kind = _kind(digits, plain)
                if kind is None:
                    continue
                found = Found(kind, digits, normal.origin(start), normal.origin(end - 1) + 1)
                hits.append((
                    _PRECEDENCE[kind], -len(digits),
                    group_offset + head.first, group_offset + token.last, found,
                ))  # fmt: skip
        group_offset += len(chain)
    taken: list[tuple[int, int, Found]] = []
    for _, _, low, high, found in sorted(hits, key=lambda hit: hit[:3]):
        if all(high < t_low or low > t_high for t_low, t_high, _ in taken):
            taken.append((low, high, found))
    return [found for _, _, found in sorted(taken, key=lambda t: t[0])]


def mask(found: Found) -> str:
    """The number with all but its ends hidden: 4 + 4 for IDs and cards, 3 + 4 for mobiles."""
    digits = found.digits[-11:] if found.kind == "mobile" else found.digits
    head = 3 if found.kind == "mobile" else 4
    hidden = len(digits) - head - 4
    return digits[:head] + "*" * hidden + digits[len(digits) - 4 :]


WITHHELD_SUBJECT = "（提交说明未公开）"


def publishable(text: str, placeholder: str = WITHHELD_SUBJECT) -> str:
    """``text`` if it holds no personal number, else ``placeholder`` (never the number)."""
    return placeholder if find_numbers(text) else text


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (lines end at ``\\n``)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
