"""Every query shape, with every filter, finds the same quotations with the same scores in an index
written through our codec as in one written with Whoosh's own (W3) codec.

The documents are the index documents of store-like records (index.document), written in several
commits with deletions, so that terms range from inlined postings (fewer than INLINE_LIMIT) to
lists of several blocks, and the queries are what QuoteQueryParser makes of query strings.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from whoosh import index as whoosh_index, query as Q
from whoosh.codec.whoosh3 import W3Codec

from quotes_api.search.codec import QuoteCodec
from quotes_api.search.index import build_schema, document
from quotes_api.search.query import QuoteQueryParser, filters as filter_queries

VOCAB = ["venezuela", "military", "medicine", "food", "army", "people", "government", "aid", "border", "oil",
         "hungry", "soldiers", "the", "no", "we", "of", "is"] + [f"w{i}" for i in range(40)]
# Words found in one to three quotations each: their postings are inlined in the term table.
RARE = [f"r{i}" for i in range(150)]
SPEAKERS = ["Javier Gonzalez", "Isaac Gonzalez", "Maria Lopez", "Juan Guaido", "Ana Cruz"]
OUTLETS = ["Reuters", "BBC", "El Pais", None]
THEMES = ["medicine", "military", "food"]
PUBS = ["Daily News", "Evening Post"]
FILTERS = [{}, {"speaker": "gonzalez"}, {"speaker": "lopes"}, {"outlet": "reuters"}, {"theme": "military"},
           {"publication": "daily"}, {"kind": "full"}, {"since": "2019-03"}, {"until": "2019-02-15"},
           {"since": "2019-02-10", "until": "2019-03-20"}]


def _records(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    weights = [1.0 / (r + 1) ** 0.8 for r in range(len(VOCAB))]
    out = []
    for i in range(n):
        name = rng.choice(SPEAKERS)
        outlet = rng.choice(OUTLETS)
        day = f"2019-{rng.choice(['01', '02', '03', '04'])}-{rng.randint(1, 28):02d}"
        text = rng.choices(VOCAB, weights, k=rng.randint(2, 25)) + rng.sample(RARE, rng.choice([0, 0, 0, 1]))
        rng.shuffle(text)
        out.append({"id": f"q{i}", "text": " ".join(text),
                    "kind": "full" if rng.random() < 0.8 else "partial",
                    "speaker": {"name": name, "aliases": [name.split()[-1]]},
                    "outlet": {"name": outlet} if outlet else None,
                    "themes": [{"name": t} for t in rng.sample(THEMES, rng.randint(0, 2))],
                    "sources": [{"publication": rng.choice(PUBS)}], "date": day})
    return out


def _build(path, codec, records):
    """Three commits of unmerged segments, then deletions: inlined, single-block and multi-block terms."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    size = -(-len(records) // 3)
    for i in range(0, len(records), size):
        w = ix.writer(codec=codec)
        for rec in records[i:i + size]:
            w.add_document(**document(rec))
        w.commit(merge=False)
    w = ix.writer(codec=codec)
    for qid in ("q3", "q10", f"q{len(records) - 2}"):
        w.delete_by_term("id", qid)
    w.commit(merge=False)
    return ix


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    records = _records(900, seed=11)
    base = tmp_path_factory.mktemp("codecs")
    ours, theirs = _build(base / "ours", QuoteCodec(), records), _build(base / "w3", W3Codec(), records)
    with ours.searcher() as a, theirs.searcher() as b:
        # The corpus covers what the codec changes: inlined terms beside multi-block lists, in each segment.
        assert any(0 < a.doc_frequency("words", w) < 4 for w in RARE)
        assert max(a.doc_frequency("words", w) for w in VOCAB) > 3 * 128
        assert len(a.reader().leaf_readers()) == 3
        yield a, b


words = st.sampled_from(VOCAB + RARE[:30])
SHAPES = {
    "AND": lambda a, b, c: f"{a} {b}",
    "OR": lambda a, b, c: f"{a} OR {b}",
    "NOT": lambda a, b, c: f"{a} -{b}",
    "AND NOT": lambda a, b, c: f"{a} {b} NOT {c}",
    "OR NOT": lambda a, b, c: f"({a} OR {b}) -{c}",
    "phrase": lambda a, b, c: f'"{a} {b}"',
    "prefix": lambda a, b, c: f"{a[:2]}*",
    "prefix NOT": lambda a, b, c: f"{a[:2]}* -{b}",
    "term": lambda a, b, c: a,
}


def _run(searcher, text: str, flt: dict) -> list[tuple[str, float]]:
    parsed = QuoteQueryParser().parse(text, searcher.reader(), max_chars=1000).query
    query = Q.And([parsed, *filter_queries(**flt)]) if flt else parsed
    return sorted((hit["id"], round(hit.score, 5)) for hit in searcher.search(query, limit=None))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from(sorted(SHAPES)), a=words, b=words, c=words, flt=st.sampled_from(FILTERS))
def test_every_query_shape_with_every_filter_matches_whooshs_codec(indexes, shape, a, b, c, flt):
    ours, theirs = indexes
    text = SHAPES[shape](a, b, c)
    assert _run(ours, text, flt) == _run(theirs, text, flt), (text, flt)


def test_word_not_word_with_a_speaker_filter(indexes):
    """Issue 10 item 4: venezuela -military with a speaker filter raised IndexError in ListMatcher."""
    ours, theirs = indexes
    for a in VOCAB:
        for b in ("military", "w30", *RARE[:10]):
            assert _run(ours, f"{a} -{b}", {"speaker": "gonzalez"}) == _run(theirs, f"{a} -{b}",
                                                                         {"speaker": "gonzalez"}), (a, b)
