"""Tokens and query plans (relief.search.text): complete substring recall by construction."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from relief.search.text import (
    TITLE_SPAN,
    is_word_char,
    normalize,
    plan_term,
    query_terms,
    runs,
    tokenize,
)


def test_normalize_folds_width_and_case() -> None:
    assert normalize("ＡＢＣ１２３，Ｔｅａｍ") == "abc123,team"


def test_runs_split_at_anything_but_letters_and_digits() -> None:
    assert runs("枞阳 县城，4g基站!") == [(0, "枞阳"), (3, "县城"), (6, "4g基站")]


def test_grams_have_offsets_title_first_body_after_the_title_span() -> None:
    tokens = tokenize("枞阳县", "在枞阳县。")
    assert tokens.grams["枞阳"] == [0, TITLE_SPAN + 1]
    assert tokens.grams["阳县"] == [1, TITLE_SPAN + 2]
    assert tokens.grams["枞阳县"] == [0, TITLE_SPAN + 1]
    assert tokens.grams["在枞阳"] == [TITLE_SPAN]
    assert tokens.grams["在枞阳县"] == [TITLE_SPAN]
    assert "县。" not in tokens.grams  # punctuation separates
    assert tokens.singles == {"枞", "阳", "县", "在"}


def test_space_and_punctuation_break_grams() -> None:
    tokens = tokenize("", "枞阳 县城，冲锋舟")
    assert set(tokens.grams) == {"枞阳", "县城", "冲锋", "锋舟", "冲锋舟"}
    assert "枞阳县" not in tokenize("", "枞阳 县城").grams


def test_query_terms_split_at_spaces_and_keep_quoted_phrases() -> None:
    assert query_terms('枞阳县  心理援助 "防汛 抗旱" 枞阳县') == ["枞阳县", "心理援助", "防汛 抗旱"]
    assert query_terms("“水上 搜救”") == ["水上 搜救"]
    assert query_terms("， 。 !") == []
    assert query_terms("ＣＰＲ") == ["cpr"]


def test_plan_covers_each_run_with_as_few_grams_as_it_can() -> None:
    assert plan_term("枞阳").grams == (("枞阳", 0),)
    assert plan_term("枞阳县").grams == (("枞阳县", 0),)
    assert plan_term("心理援助").grams == (("心理援助", 0),)
    assert plan_term("冲锋舟和橡皮艇").grams == (("冲锋舟和", 0), ("和橡皮艇", 3))
    assert plan_term("合成守望志愿服务").grams == (("合成守望", 0), ("志愿服务", 4))
    one = plan_term("县")
    assert one.grams == () and one.singles == ("县",)
    phone = plan_term("0562-2812345")
    assert phone.grams == (("0562", 0), ("2812", 5), ("2345", 8))
    mixed = plan_term("3 号")
    assert mixed.grams == () and mixed.singles == ("3", "号")


def _found(title: str, body: str, term: str) -> bool:
    """A reference of what the browser does with the index: all grams at relative offsets."""
    tokens = tokenize(title, body)
    plan = plan_term(term)
    if any(char not in tokens.singles for char in plan.singles):
        return False
    if not plan.grams:
        return True
    first, at = plan.grams[0]
    starts = {offset - at for offset in tokens.grams.get(first, [])}
    for gram, offset in plan.grams[1:]:
        starts &= {o - offset for o in tokens.grams.get(gram, [])}
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


def test_word_characters_are_the_categories_the_browser_uses_on_every_code_point() -> None:
    """Python matches a regular expression; the browser matches [\\p{L}\\p{N}]."""
    disagree = [hex(cp) for cp in range(0x110000)
                if (is_word_char(chr(cp)), bool(runs(chr(cp))))
                != ((unicodedata.category(chr(cp))[0] in "LN"),) * 2]
    assert disagree == []
