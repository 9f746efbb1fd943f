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
    merged = merge_records([frag, full, again], min_words=5)
    assert len(merged) == 1
    assert {(s["article_id"], s["start"]) for s in merged[0]["sources"]} == {("a", 0), ("a", 100), ("b", 7)}
    assert merged[0]["speaker"]["name"] == "Ana Ruiz"


def test_same_quotation_in_two_articles_is_one_record():
    text = 'Mayor Ana Ruiz said: "We will rebuild the town."\n'
    records, failures = build_records([Article(id="one", text=text), Article(id="two", text="Intro.\n\n" + text)])
    assert failures == []
    assert len(records) == 1
    assert [s["article_id"] for s in records[0]["sources"]] == ["one", "two"]


# What merges across articles, and what must stay apart (MERGE_MIN_WORDS = 6 by default).
CROSS = [
    # (article one, article two, records expected)
    ('"The bridge will reopen in May, not before," said Mayor Ana Ruiz.',
     '"The bridge will reopen in May, not before," Ruiz said.', 1),  # a syndicated copy
    ('"The bridge will reopen in May, not before," said Mayor Ana Ruiz.',
     'Ruiz told reporters: "The bridge will reopen in May."', 1),  # a shorter cut by the same speaker
    ('"It would be amazing if the bridge reopened in May," said Mayor Ana Ruiz.',
     '"Amazing," one commuter responded.', 2),  # one word is no fragment of it
    ('"We need change, and we need it now," said Ana Ruiz.',
     '"We need change," said Tom Hart.', 2),  # a common phrase, someone else
    ('"We will rebuild every house on this street," said Ana Ruiz.',
     '"We will rebuild every house on this street and the next," said Tom Hart.', 2),  # look-alikes, two people
    ('"Thank you," said Ana Ruiz.', '"Thank you," said Tom Hart.', 2),  # the same short words, two people
    ('"Thank you," said Ana Ruiz.', '"Thank you," Ana Ruiz said.', 1),  # the same short words, the same person
    ('"Thank you," said Ana Ruiz.', '"Thank you," Ruiz said.', 2),  # ... unless only a surname says so
    ('"The bridge will reopen in May, not before, and the council will pay for every repair the storm made '
     'necessary," said Mayor Ana Ruiz.',
     'Ruiz said "the bridge will reopen in May" at the meeting.', 2),  # an excerpt of a long statement: its own words
]


@pytest.mark.parametrize("one, two, expected", CROSS)
def test_merging_across_articles_never_moves_words_to_someone_else(one, two, expected):
    records, failures = build_records([Article(id="one", text=one + "\n"), Article(id="two", text=two + "\n")])
    assert failures == []
    assert len(records) == expected, [(r["text"], (r["speaker"] or {}).get("name")) for r in records]
    for r in records:
        names = {s["article_id"] for s in r["sources"]}
        if len(names) == 2:  # merged: one speaker, and every source holds the words
            assert r["speaker"]["name"] in {"Ana Ruiz", "Tom Hart"}
    if expected == 2:
        assert {tuple(s["article_id"] for s in r["sources"]) for r in records} == {("one",), ("two",)}


def test_short_quotations_take_the_speaker_into_their_id():
    assert quote_id("Thank you", "Ana Ruiz", 6) != quote_id("Thank you", "Tom Hart", 6)
    assert quote_id("Thank you", "Ana Ruiz", 6) == quote_id("thank you", "ANA RUIZ", 6)
    long = "We will rebuild every house on this street"
    assert quote_id(long, "Ana Ruiz", 6) == quote_id(long, "Tom Hart", 6) == quote_id(long)


def test_merge_min_share_is_a_setting():
    one = Article(id="one", text='"The bridge will reopen in May, not before," said Mayor Ana Ruiz.\n')
    two = Article(id="two", text='Ruiz told reporters: "The bridge will reopen in May."\n')
    assert len(build_records([one, two])[0]) == 1  # 6 of 8 words: a copy cut short
    assert len(build_records([one, two], {"MERGE_MIN_SHARE": 0.9})[0]) == 2


def test_merge_min_words_is_a_setting():
    one = Article(id="one", text='"The bridge will reopen in May, not before," said Mayor Ana Ruiz.\n')
    two = Article(id="two", text='Ruiz told reporters: "The bridge will reopen in May."\n')
    assert len(build_records([one, two])[0]) == 1
    assert len(build_records([one, two], {"MERGE_MIN_WORDS": 12})[0]) == 2
