"""How text becomes search tokens, and how a query becomes what to look up.

Chinese has no spaces, and a word segmenter splits the same text differently at index time
and in the browser, so a search for a place name can silently miss pages. Here nothing is
segmented: text is normalised (NFKC, lower case), and every pair of adjacent letters or
digits is a token at its offset. A query term then matches exactly where its own pairs sit
at the same relative offsets: a substring search, which finds every page containing the
term, whatever the language. Single characters are kept per page (no offsets), for
one-character queries.

``theme/js/search-engine.js`` implements the same rules for the browser; a test runs both on
the same strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Offsets below this belong to the page title; the body starts here. Titles are cut to fit.
TITLE_SPAN = 256


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def is_word_char(char: str) -> bool:
    """Letters and digits of any script; everything else separates."""
    return unicodedata.category(char)[0] in "LN"


def pairs(text: str, start: int = 0) -> dict[str, list[int]]:
    """Every pair of adjacent word characters of normalised ``text``, with its offsets."""
    found: dict[str, list[int]] = {}
    for offset in range(len(text) - 1):
        first, second = text[offset], text[offset + 1]
        if is_word_char(first) and is_word_char(second):
            found.setdefault(first + second, []).append(start + offset)
    return found


def singles(text: str) -> set[str]:
    return {char for char in text if is_word_char(char)}


@dataclass(frozen=True)
class DocTokens:
    pairs: dict[str, list[int]]  # pair -> sorted offsets (title at 0.., body at TITLE_SPAN..)
    singles: set[str]


def tokenize(title: str, body: str) -> DocTokens:
    title_text = normalize(title)[: TITLE_SPAN - 1]
    body_text = normalize(body)
    found = pairs(title_text)
    for pair, offsets in pairs(body_text, TITLE_SPAN).items():
        found.setdefault(pair, []).extend(offsets)
    return DocTokens(found, singles(title_text) | singles(body_text))


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def query_terms(query: str) -> list[str]:
    """Terms of a query: words split at spaces; a "quoted phrase" is one term.

    Terms without any letter or digit are dropped, and repeats are removed.
    """
    terms: list[str] = []
    for quoted, word in _TERM.findall(normalize(query).replace("\u201c", '"')
                                      .replace("\u201d", '"')):
        term = (quoted or word).strip()
        if any(is_word_char(char) for char in term) and term not in terms:
            terms.append(term)
    return terms


@dataclass(frozen=True)
class TermPlan:
    """What to look up for one term: its pairs at offsets relative to the term's start, and
    the word characters no pair covers (looked up per page, e.g. a one-character term)."""

    pairs: tuple[tuple[str, int], ...]
    singles: tuple[str, ...]


def plan_term(term: str) -> TermPlan:
    found = pairs(term)
    at = sorted((offset, pair) for pair, offsets in found.items() for offset in offsets)
    covered = {offset + step for offset, _ in at for step in (0, 1)}
    alone = {char for offset, char in enumerate(term)
             if offset not in covered and is_word_char(char)}
    return TermPlan(tuple((pair, offset) for offset, pair in at), tuple(sorted(alone)))
