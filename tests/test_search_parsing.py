"""The shortcuts of the search path give what the slow paths they stand in for give."""
from __future__ import annotations

import pytest

from quotes_api.search import analysis
from quotes_api.search.query import QuoteQueryParser, plain_query

# (query as typed, whether it takes the shortcut)
PLAIN_QUERIES = [
    ("venezuela", True),
    ("  no medicine ", True),
    ("x  y\tz", True),
    ("González Ça naïve", True),
    ("2019", True),
    ("_x", True),
    ("\u01c5emal", True),  # a title-case digraph, lower-cased to one letter
    ('"no medicine"', True),
    (' " no   medicine " ', True),
    ('"medicine"', True),
    ('"González dijo"', True),
    ("a and b", True),  # lower-case 'and' is a word
    ("a AND b", False),
    ("NOT soldiers", False),
    ("a OR b", False),
    ("don't", False),
    ('"don\'t go"', False),
    ("speaker:gonzalez", False),
    ("-army food", False),
    ("medic*", False),
    ("medicine~", False),
    ('"a" "b"', False),
    ('"unclosed', False),
    ("(food)", False),
]


@pytest.mark.parametrize("text, shortcut", PLAIN_QUERIES)
def test_plain_query_is_what_whoosh_parses(text, shortcut):
    fast = plain_query(text)
    assert (fast is not None) == shortcut
    if shortcut:
        assert fast == QuoteQueryParser().whoosh_parse(text)


TEXTS = [
    "González said: \u201cWe\u2019re not leaving,\u201d",
    "A.B.C. 3.5 percent, e.g. x..y and U.S.A.",
    "\u0152uvre \ufb01nal \u0130stanbul stra\u00dfe \u01c5emal",
    "\u00c7a va_bien l'\u00e9t\u00e9 2019-02-27",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_word_spans_are_the_folded_analyzer(text):
    expected = [(t.startchar, t.endchar, t.text) for t in analysis.folded()(text, chars=True)]
    assert list(analysis.word_spans(text)) == expected


SPOKEN_TEXTS = [
    "We have no medicine in the hospitals.",
    "the the the",
    "González dijo: \u201cno hay comida\u201d, e.g. U.S.A. 3.5",
    "economy",
    "",
    "Stra\u00dfe \u0130stanbul and \u01c5emal of A.B.C.",
]


@pytest.mark.parametrize("text", SPOKEN_TEXTS + [" ".join(f"w{i % 700} of" for i in range(800))])
def test_spoken_positions_postings_are_the_fields_postings(text):
    """The index writer's fast path (SpokenPositions.postings) gives what Whoosh's field.index gives from the
    spoken analyzer, types and all (a long text: positions past the ones encoded in advance, repeated words)."""
    from whoosh.fields import TEXT

    field = TEXT(analyzer=analysis.spoken(), phrase=True)
    fast = sorted(analysis.SpokenPositions().postings(text))
    assert fast == sorted(field.index(text))
    assert [tuple(map(type, p)) for p in fast] == [tuple(map(type, p)) for p in sorted(field.index(text))]


@pytest.mark.parametrize("text", SPOKEN_TEXTS)
def test_spoken_positions_is_the_spoken_analyzer(text):
    from whoosh.formats import Positions

    def postings(fmt, **kw):
        return sorted(fmt.word_values(text, analysis.spoken(), mode="index", **kw))

    assert postings(analysis.SpokenPositions()) == postings(Positions())


# (phrase words, the tokens its Phrase query matches: pairs wherever a common word is)
PHRASES = [
    (["medicine"], ["medicine"]),
    (["the"], ["the"]),
    (["no", "medicine"], ["no medicine"]),
    (["economy", "the"], ["economy the"]),
    (["economy", "war"], ["economy", "war"]),
    (["of", "the"], ["of the"]),
    (["medicine", "in", "the", "hospitals"], ["medicine in", "in the", "the hospitals"]),
    (["we", "are", "not", "beggars"], ["we are", "are not", "not beggars"]),
    (["hospital", "soldiers", "the"], ["hospital", "soldiers the"]),
    (["food", "prices", "rise"], ["food", "prices", "rise"]),
]


@pytest.mark.parametrize("words, tokens", PHRASES)
def test_exact_phrase_puts_every_common_word_in_a_pair(words, tokens):
    from whoosh import query as Q

    from quotes_api.search.query import exact_phrase
    q = exact_phrase(words)
    assert (q.words if isinstance(q, Q.Phrase) else [q.text]) == tokens


HIGHLIGHT_TEXTS = TEXTS + [
    "the medicine, medicines and MEDICINE. medicine.x x.medicine medicine3 3.5 U.S.A. usa",
    "Gonz\u00e1lez y GONZALEZ: gonzalez_x, gonzalez's",
    "stra\u00dfe strasse",  # folding lengthens the text: offsets word by word
]


@pytest.mark.parametrize("text", HIGHLIGHT_TEXTS)
def test_find_words_is_a_lookup_of_every_word(text):
    words = {w for _, _, w in analysis.word_spans(text)}
    for wanted in [frozenset(), frozenset(list(words)[:1]), frozenset(words), frozenset({"medicine", "gonzalez", "5",
                                                                                       "usa", "strasse", "s"})]:
        expected = [(a, b) for a, b, w in analysis.word_spans(text) if w in wanted]
        assert analysis.find_words(text, wanted) == expected


@pytest.mark.parametrize("text", TEXTS + ["\u0130I\u0131 HELLO h\u00e9llo \u00c6sir \u00df \u2019", "plain ascii"])
def test_fold_is_lower_then_accent_map(text):
    from whoosh.support.charset import accent_map
    assert analysis.fold(text) == text.lower().translate(accent_map)
