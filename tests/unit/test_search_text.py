"""Tokens and query plans (relief.search.text): complete substring recall by construction."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relief.search.text import TITLE_SPAN, normalize, plan_term, query_terms, tokenize


def test_normalize_folds_width_and_case() -> None:
    assert normalize("ＡＢＣ１２３，Ｔｅａｍ") == "abc123,team"


def test_pairs_have_offsets_title_first_body_after_the_title_span() -> None:
    tokens = tokenize("枞阳县", "在枞阳县。")
    assert tokens.pairs["枞阳"] == [0, TITLE_SPAN + 1]
    assert tokens.pairs["阳县"] == [1, TITLE_SPAN + 2]
    assert "县。" not in tokens.pairs  # punctuation separates
    assert tokens.singles == {"枞", "阳", "县", "在"}


def test_space_and_punctuation_break_pairs() -> None:
    tokens = tokenize("", "枞阳 县城，冲锋舟")
    assert "阳县" not in tokens.pairs
    assert "城冲" not in tokens.pairs
    assert set(tokens.pairs) == {"枞阳", "县城", "冲锋", "锋舟"}


def test_query_terms_split_at_spaces_and_keep_quoted_phrases() -> None:
    assert query_terms('枞阳县  心理援助 "防汛 抗旱" 枞阳县') == ["枞阳县", "心理援助", "防汛 抗旱"]
    assert query_terms("“水上 搜救”") == ["水上 搜救"]
    assert query_terms("， 。 !") == []
    assert query_terms("ＣＰＲ") == ["cpr"]


def test_plan_covers_every_character_of_the_term() -> None:
    assert plan_term("枞阳县").pairs == (("枞阳", 0), ("阳县", 1))
    assert plan_term("枞阳县").singles == ()
    assert plan_term("县").pairs == () and plan_term("县").singles == ("县",)
    phone = plan_term("0562-2812345")
    assert ("62", 2) in phone.pairs and ("28", 5) in phone.pairs and phone.singles == ()
    mixed = plan_term("3 号")
    assert mixed.pairs == () and mixed.singles == ("3", "号")


def _found(title: str, body: str, term: str) -> bool:
    """A reference of what the browser does with the index: all pairs at relative offsets."""
    tokens = tokenize(title, body)
    plan = plan_term(term)
    if any(char not in tokens.singles for char in plan.singles):
        return False
    if not plan.pairs:
        return True
    first, at = plan.pairs[0]
    starts = {offset - at for offset in tokens.pairs.get(first, [])}
    for pair, offset in plan.pairs[1:]:
        starts &= {o - offset for o in tokens.pairs.get(pair, [])}
    return bool(starts)


TEXT = st.text(alphabet="枞阳县心理援助冲锋舟 ，。0123AbＣ-", max_size=40)


@given(TEXT, st.data())
def test_every_substring_of_the_text_is_found(body: str, data: st.DataObject) -> None:
    text = normalize(body)
    start = data.draw(st.integers(0, max(0, len(text) - 1)))
    end = data.draw(st.integers(start, len(text)))
    for term in query_terms(text[start:end]):
        assert _found("", body, term), (body, term)


@given(TEXT, TEXT)
def test_a_found_run_of_word_characters_is_in_the_text(body: str, term: str) -> None:
    """No false page: for a term without separators, found means contained."""
    for word in query_terms(term):
        if all(char.isalnum() for char in word):
            assert _found("", body, word) == (word in normalize(body))
