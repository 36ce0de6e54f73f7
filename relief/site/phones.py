"""Phone numbers in what a page shows become tap-to-call links (``tel:``).

On a phone in an emergency the number is what matters: wherever one is written (a record's
contact field, a bulletin's text, a page under ``content/``) it is a link that dials it. A
number is linked when it is written as the validator accepts phone numbers
(:func:`relief.idcodes.classify_phone`): a landline with its area code, a mobile, a 400/800
number; a short service number (110, 119, 120, 12345 …) only right after a word that says it
is one (电话, 热线, 拨打, 报警, 急救), as "120 人" is not a number to call.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from relief.idcodes import classify_phone

_LONG = re.compile(
    r"(?<![0-9A-Za-z-])(?:"
    r"(?:\(0\d{2,3}\)|0\d{2,3})-?\d{7,8}(?:(?:-|转)\d{1,5})?"  # landline, optional extension
    r"|(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}"  # mobile
    r"|[48]00-?\d{3}-?\d{4}"  # 400 / 800
    r")(?![0-9A-Za-z])"
)
_SHORT = re.compile(
    r"(?<=电话|热线|拨打|报警|急救|求助)([:：]?\s?)(110|119|120|122|12345|12349)(?!\d)")
# In escaped or sanitised HTML a ">" never occurs inside a tag's attribute values.
_TAG = re.compile(r"(<[^>]*>)")
_LINK_OPEN = re.compile(r"<a[\s>]", re.I)
_LINK_CLOSE = re.compile(r"</a\s*>", re.I)


def tel_href(number: str) -> str:
    """``0562-5812345转801`` -> ``tel:05625812345``: what a dialler takes (the extension is
    read out to the operator, not dialled)."""
    main = re.split(r"转|(?<=\d{7})-(?=\d{1,5}$)", number)[0]
    digits = "".join(char for char in main if char.isdigit() or char == "+")
    return f"tel:{digits}"


def tel_link(number: str) -> Markup:
    """One phone number as the link that dials it: the only place that markup is written
    (the ``tel_link`` filter of the templates, and the numbers found in text below)."""
    return Markup('<a class="rl-tel" href="{}">{}</a>').format(tel_href(number), number)


def _link(match: re.Match[str]) -> str:
    number = match.group()
    return number if classify_phone(number) is None else str(tel_link(number))


def _link_short(match: re.Match[str]) -> str:
    gap, number = match.groups()
    return gap + str(tel_link(number))


def link_phones(html: str) -> Markup:
    """``html`` (escaped or sanitised markup) with every phone number in its text, outside
    existing links, made a ``tel:`` link."""
    parts = _TAG.split(html)
    in_link = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if _LINK_OPEN.match(part):
                in_link += 1
            elif _LINK_CLOSE.match(part):
                in_link = max(0, in_link - 1)
        elif part and not in_link:
            parts[index] = _SHORT.sub(_link_short, _LONG.sub(_link, part))
    return Markup("".join(parts))


def tel_links(text: str) -> Markup:
    """Plain text (escaped here) or markup, with its phone numbers linked."""
    return link_phones(str(escape(text)))
