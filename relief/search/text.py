"""How text becomes search tokens, and how a query becomes what to look up.

Chinese has no spaces, and a word segmenter splits the same text differently at index time
and in the browser, so a search for a place name can silently miss pages. Here nothing is
segmented. Text is normalised (NFKC, lower case) and cut into runs of letters and digits;
every run gives its grams (two to four characters long) at their offsets, and every
letter or digit is kept per page (one-character queries).

A query term is looked up as a cover of its runs: a run of four or more characters by
4-grams at its start, every fourth character and its end; a shorter run by itself; a lone
character per page. A page matches when every gram of the cover sits at the same offsets
relative to one start: the term's letters and digits are then all there, in order, so the
search finds every page whose text contains the term. A space or mark inside a term stands
for any one character (``"义安区 钟鸣镇"`` also finds ``义安区·钟鸣镇``).

``theme/js/search-engine.js`` implements the same rules for the browser; a test runs both on
the same strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Offsets below this belong to the page title; the body starts here. Titles are cut to fit.
TITLE_SPAN = 256
GRAM_SIZES = (2, 3, 4)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


# Letters and digits of any script (everything else separates): Python's \w without "_", which
# is exactly Unicode's L* and N* categories, as the browser's [\p{L}\p{N}] (a test checks every
# code point). A regular expression also finds runs far faster than a loop over characters.
_RUN = re.compile(r"[^\W_]+")


def is_word_char(char: str) -> bool:
    return _RUN.fullmatch(char) is not None


def runs(text: str) -> list[tuple[int, str]]:
    """Maximal runs of word characters of ``text``, with their offsets."""
    return [(match.start(), match.group()) for match in _RUN.finditer(text)]


@dataclass(frozen=True)
class DocTokens:
    grams: dict[str, list[int]]  # gram -> sorted offsets (title at 0.., body at TITLE_SPAN..)
    singles: set[str]


def tokenize(title: str, body: str) -> DocTokens:
    grams: dict[str, list[int]] = {}
    singles: set[str] = set()
    for base, text in ((0, normalize(title)[: TITLE_SPAN - 1]), (TITLE_SPAN, normalize(body))):
        for start, run in runs(text):
            singles.update(run)
            for size in GRAM_SIZES:
                for i in range(len(run) - size + 1):
                    grams.setdefault(run[i:i + size], []).append(base + start + i)
    return DocTokens(grams, singles)


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def query_terms(query: str) -> list[str]:
    """Terms of a query: words split at spaces; a "quoted phrase" is one term.

    Terms without any letter or digit are dropped, and repeats are removed.
    """
    text = normalize(query).replace("\u201c", '"').replace("\u201d", '"')
    terms: list[str] = []
    for quoted, word in _TERM.findall(text):
        term = (quoted or word).strip()
        if any(is_word_char(char) for char in term) and term not in terms:
            terms.append(term)
    return terms


@dataclass(frozen=True)
class TermPlan:
    """What to look up for one term: grams at offsets relative to the term's start, and the
    characters that stand alone between marks (looked up per page)."""

    grams: tuple[tuple[str, int], ...]
    singles: tuple[str, ...]


def plan_term(term: str) -> TermPlan:
    grams: list[tuple[str, int]] = []
    singles: set[str] = set()
    for start, run in runs(term):
        if len(run) == 1:
            singles.add(run)
            continue
        size = min(len(run), GRAM_SIZES[-1])
        at = sorted({*range(0, len(run) - size + 1, size), len(run) - size})
        grams.extend((run[i:i + size], start + i) for i in at)
    return TermPlan(tuple(grams), tuple(sorted(singles)))
