"""Records: stable ids, matching that ignores style, merging of repeats and fragments."""
import pytest

from quotes_api.articles.model import Article
from quotes_api.extract.records import build_records, match_key, merge_records, quote_id

SAME = [
    ("\u201cWe\u2019re tired,\u201d", '"We\'re tired,"'),
    ("Guaid\u00f3 is here", "guaido is HERE"),
    ("no\u00a0medicine  here", "no medicine here"),
]


@pytest.mark.parametrize("a, b", SAME)
def test_matching_ignores_style(a, b):
    assert match_key(a) == match_key(b)
    assert quote_id(a) == quote_id(b)


def test_id_is_stable_and_prefixed():
    assert quote_id("They just need a little push,") == quote_id("They just need a little push,")
    assert quote_id("x").startswith("q_") and len(quote_id("x")) == 18


def _rec(text, article, start, conf=0.9, name="Ana Ruiz"):
    return {"id": quote_id(text), "text": text, "parts": [{"text": text, "start": start, "end": start + len(text)}],
            "kind": "full", "speaker": {"name": name, "aliases": [], "role": None, "description": None},
            "outlet": None, "context": "", "attribution": {"method": "explicit", "confidence": conf, "evidence": ""},
            "themes": [], "sources": [{"article_id": article, "start": start, "end": start + len(text),
                                       "parts": [[start, start + len(text)]]}]}


def test_fragments_and_repeats_merge_into_one_record():
    full = _rec("We can't live in misery. Enough, we're tired,", "a", 0)
    frag = _rec("we can\u2019t live in misery", "a", 100, conf=0.5, name=None)
    again = _rec("We can't live in misery. Enough, we're tired,", "b", 7)
    merged = merge_records([frag, full, again])
    assert len(merged) == 1
    assert {(s["article_id"], s["start"]) for s in merged[0]["sources"]} == {("a", 0), ("a", 100), ("b", 7)}
    assert merged[0]["speaker"]["name"] == "Ana Ruiz"


def test_same_quotation_in_two_articles_is_one_record():
    text = 'Mayor Ana Ruiz said: "We will rebuild the town."\n'
    records, failures = build_records([Article(id="one", text=text), Article(id="two", text="Intro.\n\n" + text)])
    assert failures == []
    assert len(records) == 1
    assert [s["article_id"] for s in records[0]["sources"]] == ["one", "two"]
