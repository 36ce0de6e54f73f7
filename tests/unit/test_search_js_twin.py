"""The browser's tokenizer (theme/js/search-engine.js) agrees with relief.search.text.

Node runs the very module the site ships; both sides get the same strings.
"""

from __future__ import annotations

import json

from relief.search.index import fnv1a
from relief.search.text import normalize, plan_term, query_terms
from tests.unit.engine_node import run_engine

SAMPLES = [
    "枞阳县", "心理援助", "冲锋舟 枞阳县", '"防汛 抗旱" 义安区', "“水上搜救”", "ＣＰＲ急救",
    "0562-2812345", "3 号", "县", "示例铜陵市蓝天救援队（示例）", "Ⅻ ㈱ ﬁ", "𠀋𠀋阳", "4G基站",
    "， 。 !", "  ", "A-b c", "被褥和折叠床", "陈瑶湖镇", "é́ Ö", "合成守望志愿服务队00005",
    "枞阳", "心理援助", "a", "ab", "abc", "abcd", "abcdefg",
]

SCRIPT = """
import { normalize, queryTerms, planTerm, fnv1a } from %s;
const samples = JSON.parse(process.argv[1]);
console.log(JSON.stringify(samples.map((s) => {
  const terms = queryTerms(s);
  return {normal: normalize(s), terms,
          plans: terms.map((t) => planTerm(t)), hashes: terms.map((t) => fnv1a(t))};
})));
"""


def _python(sample: str) -> dict[str, object]:
    terms = query_terms(sample)
    plans = [plan_term(term) for term in terms]
    return {
        "normal": normalize(sample), "terms": terms,
        "plans": [{"grams": [list(g) for g in plan.grams], "singles": list(plan.singles)}
                  for plan in plans],
        "hashes": [fnv1a(term) for term in terms],
    }


def test_node_and_python_tokenize_alike() -> None:
    browser = run_engine(SCRIPT, json.dumps(SAMPLES))
    for sample, theirs in zip(SAMPLES, browser, strict=True):
        assert theirs == _python(sample), sample


SNIPPET = """
import { snippet } from %s;
const heading = "资源目录 › 枞阳县\\n示例枞阳县救援队";
const text = heading + "\\n所在地：ＺＹ枞阳县 枞阳镇。" + "长".repeat(200);
const after = [...heading].length;
console.log(JSON.stringify([snippet(text, ["枞阳县", "zy"], 20, after),
                            snippet(text, ["枞阳县"], 20), snippet(text, ["不在"], 20)]));
"""


def test_snippet_marks_matches_in_the_original_text_below_the_heading() -> None:
    below, first, none = run_engine(SNIPPET)
    # Below the heading: starts a little before 所在地's match, marks ＺＹ (full width, matched
    # as "zy") and 枞阳县 as written, and is cut with an ellipsis.
    assert below[0] == {"text": "…", "mark": False}
    marked = [part["text"] for part in below if part["mark"]]
    assert marked == ["ＺＹ枞阳县"]
    assert below[-1] == {"text": "…", "mark": False}
    assert len("".join(part["text"] for part in below)) <= 22
    # Without a preference the first match leads; with no match, the text's start.
    assert next(p["text"] for p in first if p["mark"]) == "枞阳县"
    assert "".join(p["text"] for p in first).startswith("…源目录 › 枞阳县")
    assert not any(p["mark"] for p in none) and none[0]["text"].startswith("资源目录")
