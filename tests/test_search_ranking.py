"""Ranking every match at once (search/ranking.py) gives what Whoosh's own collectors give: the same page
(document numbers and scores to the last bit, ties in the same order), the same total (always exact
here) and the same first matches for the facets, ranked or sorted by date, for every query shape with
every filter.

The index has a segment of more than 5,000 documents (where Whoosh builds unions as trees of
UnionMatchers, read here as arrays) beside small ones (where it preloads unions of three or more
words, walked here posting by posting), deletions, inlined terms and terms of many blocks.
"""
from __future__ import annotations

import pickle
import random
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from whoosh import index as whoosh_index, query as Q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import IntersectionMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.filedb.structfile import BufferFile
from whoosh.query.spans import SpanWrappingMatcher

from quotes_api.search import facets, ranking
from quotes_api.search.codec import QuoteCodec
from quotes_api.search.index import build_schema, document
from quotes_api.search.query import QuoteQueryParser, filters as filter_queries

VOCAB = ["venezuela", "military", "medicine", "food", "army", "people", "government", "govern", "aid", "border",
         "oil", "hungry", "soldiers", "the", "no", "we", "of", "is"] + [f"w{i}" for i in range(40)]
RARE = [f"r{i}" for i in range(150)]
SPEAKERS = ["Javier Gonzalez", "Isaac Gonzalez", "Maria Lopez", "Juan Guaido", "Ana Cruz"]
OUTLETS = ["Reuters", "BBC", "El Pais", None]
FILTERS = [{}, {"speaker": "gonzalez"}, {"outlet": "reuters"}, {"kind": "full"}, {"since": "2019-03"},
           {"since": "2019-02-10", "until": "2019-03-20"}, {"theme": "military"}]
BIG_SEGMENT = 5600


def _records(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    weights = [1.0 / (r + 1) ** 0.8 for r in range(len(VOCAB))]
    out = []
    for i in range(n):
        name = rng.choice(SPEAKERS)
        outlet = rng.choice(OUTLETS)
        # Some documents repeat another's words exactly: equal scores, whose order is the document number's.
        text = out[rng.randrange(i)]["text"] if i and rng.random() < 0.05 else " ".join(
            rng.choices(VOCAB, weights, k=rng.randint(2, 25)) + rng.sample(RARE, rng.choice([0, 0, 0, 1])))
        out.append({"id": f"q{i}", "text": text, "kind": "full" if rng.random() < 0.8 else "partial",
                    "speaker": {"name": name, "aliases": [name.split()[-1]]},
                    "outlet": {"name": outlet} if outlet else None,
                    "themes": [{"name": t} for t in rng.sample(["military", "food"], rng.randint(0, 1))],
                    "sources": [{"publication": "Daily News"}],
                    "date": rng.choice(["", f"2019-0{rng.randint(1, 4)}-{rng.randint(1, 28):02d}"])})
    return out


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    records = _records(BIG_SEGMENT + 1200, seed=5)
    path = tmp_path_factory.mktemp("ranking")
    ix = whoosh_index.create_in(str(path), build_schema())
    for chunk in (records[:BIG_SEGMENT], records[BIG_SEGMENT:BIG_SEGMENT + 700], records[BIG_SEGMENT + 700:]):
        w = ix.writer(codec=QuoteCodec())
        for rec in chunk:
            w.add_document(**document(rec))
        w.commit(merge=False)
    w = ix.writer(codec=QuoteCodec())
    for qid in ("q3", "q10", "q4000", f"q{BIG_SEGMENT + 5}"):
        w.delete_by_term("id", qid)
    w.commit(merge=False)
    with ix.searcher() as s:
        sizes = [r.doc_count_all() for r, _ in s.reader().leaf_readers()]
        assert sizes[0] > 5000 and min(sizes) < 5000
        assert any(0 < s.doc_frequency("words", w) < 4 for w in RARE)
        yield s


def _query(searcher, text: str, flt: dict):
    if text.startswith("^"):  # a word boosted (as search-as-you-type boosts the word typed so far)
        a, b = text[1:].split()
        parsed = Q.Or([Q.Term("words", a, boost=2.0), Q.Term("words", b)])
    else:
        parsed = QuoteQueryParser().parse(text, searcher.reader(), max_chars=1000).query
    parts = [p for p in [parsed, *filter_queries(**flt)] if not isinstance(p, Q.Every)]
    return parts[0] if len(parts) == 1 else Q.And(parts)


def _whoosh(searcher, query, limit: int, sorting: dict, exact_limit: int):
    found = facets.collector(limit, sorting, exact_limit)
    searcher.search_with_collector(query, found)
    hits = [(hit.docnum, hit.score if not sorting else None) for hit in found.results()]
    return hits, found.total, found.docs


def _arrays(searcher, query, limit: int, sorting: dict, exact_limit: int, cache_mb: float = 0, pool_mb: float = 0):
    found = facets.ArrayMatches(searcher, query, limit, sorting, exact_limit, cache_mb, pool_mb)
    assert found.exact  # every match is counted
    return [(hit.docnum, hit.score) for hit in found.results()], found.total, found.docs


words = st.sampled_from(VOCAB + RARE[:20])
SHAPES = {
    "term": lambda a, b, c: a,
    "AND": lambda a, b, c: f"{a} {b}",
    "AND of 3": lambda a, b, c: f"{a} {b} {c}",
    "OR": lambda a, b, c: f"{a} OR {b}",
    "OR of 3": lambda a, b, c: f"{a} OR {b} OR {c}",
    "NOT": lambda a, b, c: f"{a} -{b}",
    "OR NOT": lambda a, b, c: f"({a} OR {b}) -{c}",
    "phrase": lambda a, b, c: f'"{a} {b}"',
    "prefix": lambda a, b, c: f"{a[:2]}*",
    "fuzzy": lambda a, b, c: f"{a}~",
    "boosted": lambda a, b, c: f"^{a} {b}",
}
SORTS = [{}, {"sortedby": "f_day", "reverse": True}, {"sortedby": "f_day", "reverse": False}]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=st.sampled_from(sorted(SHAPES)), a=words, b=words, c=words, flt=st.sampled_from(FILTERS),
       sorting=st.sampled_from(SORTS), limit=st.sampled_from([1, 20, 200]), exact_limit=st.sampled_from([50, 10**6]))
def test_every_query_shape_ranks_as_whooshs_collectors(searcher, shape, a, b, c, flt, sorting, limit, exact_limit):
    query = _query(searcher, SHAPES[shape](a, b, c), flt)
    assert _arrays(searcher, query, limit, sorting, exact_limit) == _whoosh(searcher, query, limit, sorting,
                                                                            exact_limit), (query, sorting)


@pytest.mark.parametrize("text", ["government", "people OR food OR army", "gov*", "the people", "aid -food",
                                  '"government military"', '"the people of"'])
def test_the_large_segment_is_read_as_arrays(searcher, monkeypatch, text):
    """In a segment of more than 5,000 documents no matcher of these queries is walked posting by posting."""
    query = _query(searcher, text, {"speaker": "gonzalez"})
    big, _ = searcher.leaf_searchers()[0]
    walked = []
    monkeypatch.setattr(ranking, "_walk", lambda m, scored: walked.append(m))
    ranking.matches(query.matcher(big, big.context()), big, True)
    assert walked == []
    monkeypatch.undo()
    assert _arrays(searcher, query, 20, {}, 100) == _whoosh(searcher, query, 20, {}, 100)


def test_every_match_for_timelines_and_similar(searcher):
    for text in ("government", "people OR food", "r1 OR r2 OR venezuela", '"the people"'):
        query = _query(searcher, text, {})
        ids, scores = ranking.all_matches(searcher, query, scored=False)
        assert scores is None and ids.tolist() == sorted(searcher.docs_for_query(query))
    query = _query(searcher, "military OR oil OR hungry", {})
    itself = ranking.all_matches(searcher, query, scored=True)[0][0]
    ids, scores = ranking.all_matches(searcher, query, scored=True, exclude=int(itself))
    assert int(itself) not in ids.tolist()
    best = searcher.search(query, limit=10, terms=False, optimize=False, mask=Q.Term("id", searcher.stored_fields(int(itself))["id"]))
    assert [d for d, _ in ranking.top_by_score(ids, scores, 10)] == [hit.docnum for hit in best]


@pytest.fixture(scope="module")
def undeleted(tmp_path_factory):
    """Two segments without deletions: one-word searches in the large one read its champion lists."""
    records = _records(BIG_SEGMENT + 700, seed=8)
    path = tmp_path_factory.mktemp("champions")
    ix = whoosh_index.create_in(str(path), build_schema())
    for chunk in (records[:BIG_SEGMENT], records[BIG_SEGMENT:]):
        w = ix.writer(codec=QuoteCodec())
        for rec in chunk:
            w.add_document(**document(rec))
        w.commit(merge=False)
    with ix.searcher() as s:
        yield s


@pytest.mark.parametrize("limit", [1, 20, 100, 500, 501])
def test_one_word_searches_rank_their_champions_as_whoosh_ranks_every_posting(undeleted, limit):
    from quotes_api.search.codec import CHAMPION_MIN_DOCS

    big, _ = undeleted.leaf_searchers()[0]
    frequent = [w for w in VOCAB if big.doc_frequency("words", w) >= CHAMPION_MIN_DOCS]
    assert len(frequent) >= 3  # the large segment has champion lists, of words of several weights
    assert max(len(ranking.segment_champions(big.reader())[w]) for w in frequent) >= 3
    for word in VOCAB:
        query = _query(undeleted, word, {})
        scorer = ranking.WordScorer.of(undeleted, undeleted.context(), Q.Term("words", word))
        used = scorer is not None and ranking._champions(scorer, big, limit) is not None
        assert used == (word in frequent and limit <= 500), word
        for exact_limit in (50, 10**6):
            assert _arrays(undeleted, query, limit, {}, exact_limit) == _whoosh(undeleted, query, limit, {},
                                                                                exact_limit), (word, limit)


@pytest.mark.parametrize("limit", [1, 20, 501])
def test_a_word_too_rare_in_a_segment_for_champions_is_read_once_as_a_complete_list(undeleted, limit):
    """In the small segment no word has a champion list: with POSTINGS_CACHE_MB its postings are read once and
    kept whole (any page), and the pages, scores, totals and facet samples stay Whoosh's, boosted or not."""
    from quotes_api.search.codec import CHAMPION_MIN_DOCS

    small, _ = undeleted.leaf_searchers()[1]
    assert not ranking.segment_champions(small.reader())
    ranking._complete_lists.clear()
    ranking._complete_bytes[0] = 0
    for word in VOCAB:
        if not small.doc_frequency("words", word):
            continue
        for boost in (1.0, 2.0):
            query = Q.Term("words", word, boost=boost)
            scorer = ranking.WordScorer.of(undeleted, undeleted.context(), query)
            assert ranking._champions(scorer, small, limit) is None  # no cache: read every time
            found = ranking._champions(scorer, small, limit, cache_bytes=2 ** 20)
            assert found is not None and found[2] == small.doc_frequency("words", word) < CHAMPION_MIN_DOCS
            for exact_limit in (50, 10**6):
                assert _arrays(undeleted, query, limit, {}, exact_limit, cache_mb=1) == _whoosh(
                    undeleted, query, limit, {}, exact_limit), (word, boost)
    # Kept within the budget, the least recently used first out.
    assert 0 < ranking._complete_bytes[0] <= 2 ** 20
    a, b = [w.encode() for w in VOCAB if small.doc_frequency("words", w)][:2]
    ranking._complete_lists.clear()
    ranking._complete_bytes[0] = 0
    first = ranking._complete_list(small, a, 10 ** 6)
    assert first is ranking._complete_list(small, a, 10 ** 6)  # read once
    second = ranking._complete_list(small, b, 10 ** 6)
    size = ranking._complete_bytes[0]
    ranking._complete_list(small, a, 10 ** 6)  # a used last: b goes first
    third = ranking._complete_list(small, b"zzz-not-kept", size)  # not in the segment: nothing kept
    assert third is None and list(ranking._complete_lists) == [(small.reader().segment().segment_id(), w) for w in (b, a)]
    ranking._complete_list(small, a, size - 1)  # over the budget: the least recently used goes
    assert list(ranking._complete_lists) == [(small.reader().segment().segment_id(), a)] and second is not None


@pytest.mark.parametrize("limit", [1, 20, 500])
def test_a_boosted_word_ranks_its_champions_too(undeleted, searcher, limit):
    """Search-as-you-type boosts the word typed so far (words:venezuela^2.0 when nothing else starts so): a
    boost multiplies every score alike, so the champions stay the champions; the page and its scores are
    Whoosh's, to the last bit."""
    big, _ = undeleted.leaf_searchers()[0]
    for word in ("venezuela", "military", "food"):  # words with champion lists in the large segment
        for boost in (2.0, 0.5):
            query = Q.Term("words", word, boost=boost)
            scorer = ranking.WordScorer.of(undeleted, undeleted.context(), query)
            assert (scorer.word, scorer.boost) == (word.encode(), boost)
            found = ranking._champions(scorer, big, limit)
            assert found is not None, word
            plain = ranking._champions(scorer.with_boost(1.0), big, limit)
            assert found[0].tolist() == plain[0].tolist() and found[1].tolist() == (plain[1] * boost).tolist()
            for exact_limit in (50, 10**6):
                assert _arrays(undeleted, query, limit, {}, exact_limit) == _whoosh(undeleted, query, limit, {},
                                                                                    exact_limit), (word, boost)
    # A segment with deleted documents reads every posting: its champions may have been deleted.
    deleted, _ = searcher.leaf_searchers()[0]
    assert deleted.reader().has_deletions() and ranking.segment_champions(deleted.reader())
    scorer = ranking.WordScorer.of(searcher, searcher.context(), Q.Term("words", "venezuela"))
    assert ranking._champions(scorer, deleted, limit) is None and ranking._word_matches(scorer, deleted) is None


@pytest.mark.parametrize("limit", [1, 20, 100, 500, 501])
def test_a_word_searched_alone_ranks_the_champions_of_every_segment_pooled(undeleted, searcher, limit):
    """With CHAMPION_POOL_MB, a one-word search ranks the champions of every segment that can reach a page,
    pooled once per searcher and word (the large segment's champion lists, the small one's complete lists):
    pages, scores, totals and facet samples are Whoosh's to the last bit, boosted or not, for any first
    matches asked for; a page past CHAMPIONS, or an index with deletions, is ranked segment by segment."""
    from quotes_api.search.codec import CHAMPIONS

    ranking._pool.clear()
    ranking._pool_bytes[0] = 0
    for word in VOCAB:
        for boost in (1.0, 2.0, 0.5):
            query = Q.Term("words", word, boost=boost)
            for exact_limit in (50, 10**6, 50):
                assert _arrays(undeleted, query, limit, {}, exact_limit, cache_mb=1, pool_mb=1) == _whoosh(
                    undeleted, query, limit, {}, exact_limit), (word, boost, exact_limit)
    assert (len(ranking._pool) == len(VOCAB)) == (limit <= CHAMPIONS) and 0 <= ranking._pool_bytes[0] <= 2 ** 20
    if limit <= CHAMPIONS:
        big, _ = undeleted.leaf_searchers()[0]
        kept = {key[1].decode(): found for key, found in ranking._pool.items()}
        champions = {w: len(ranking.word_champions(big, w).ids) for w in VOCAB if ranking.word_champions(big, w)}
        # Only those that can reach a page are kept, ties with the CHAMPIONS-th included (field lengths are
        # stored as one byte, so many champions have the same score).
        assert any(len(kept[w].ids) < n for w, n in champions.items())
        assert any(len(kept[w].ids) > CHAMPIONS for w in champions)
        assert all(found.total == undeleted.doc_frequency("words", w) for w, found in kept.items())
    # Deleted documents: no pool, and the same answers.
    ranking._pool.clear()
    ranking._pool_bytes[0] = 0
    for word in ("venezuela", "the", "r1"):
        query = _query(searcher, word, {})
        assert _arrays(searcher, query, limit, {}, 50, cache_mb=1, pool_mb=1) == _whoosh(searcher, query, limit, {}, 50)
    assert not ranking._pool


def test_pooled_champions_are_kept_within_their_budget_least_recently_used_first_out(undeleted):
    ranking._pool.clear()
    ranking._pool_bytes[0] = 0
    context = undeleted.context()
    scorers = {w: ranking.WordScorer.of(undeleted, context, Q.Term("words", w)) for w in ("people", "army", "food")}
    sizes = {w: ranking._pool_size(ranking._pooled(s, undeleted, 20, 50, 2 ** 20, 2 ** 30)) for w, s in scorers.items()}
    assert list(key[1] for key in ranking._pool) == [b"people", b"army", b"food"]
    assert ranking._pool_bytes[0] == sum(sizes.values())
    first = ranking._pool[next(iter(ranking._pool))]
    assert ranking._pooled(scorers["people"], undeleted, 20, 50, 2 ** 20, 2 ** 30) is first  # kept, used last
    budget = ranking._pool_bytes[0]
    medicine = ranking.WordScorer.of(undeleted, context, Q.Term("words", "medicine"))
    assert ranking._pooled(medicine, undeleted, 20, 50, 2 ** 20, budget) is not None
    assert list(key[1] for key in ranking._pool)[-2:] == [b"people", b"medicine"] and b"army" not in {
        key[1] for key in ranking._pool} and ranking._pool_bytes[0] <= budget  # army, used least recently, went
    assert ranking._pooled(scorers["people"], undeleted, 20, 50, 2 ** 20, 0) is None  # no budget, no pool
    ranking._pool.clear()
    ranking._pool_bytes[0] = 0
    assert ranking._pooled(scorers["people"], undeleted, 20, 50, 0, 2 ** 30) is None  # no complete list kept


# --- reading a block's ids and weights without its values ---------------------------------------

class _Block:
    """What _ids_and_weights reads of a W3LeafMatcher standing on a block: ``data`` pickled as W3 pickles it."""

    def __init__(self, data: tuple, n: int, compression: int) -> None:
        raw = pickle.dumps(data, 2)
        raw = zlib.compress(raw, compression) if compression else raw
        self._postfile = BufferFile(memoryview(b"xx" + raw))
        self._dataoffset, self._nextoffset = 2, 2 + len(raw)
        self._compression, self._blocklength, self._data = compression, n, None


def _block(ids: list[int], weights, values: list[bytes], compression: int) -> _Block:
    deltas = [b - a for a, b in zip([0] + ids, ids)]  # as W3's writer: deltas from 0, block by block
    return _Block((tuple(deltas), weights, tuple(values)), len(ids), compression)


BLOCKS = {  # name: (ids, weights)
    "1-byte deltas, no weights": (list(range(5, 133)), None),
    "2-byte deltas, one weight": (list(range(300, 300 + 128 * 300, 300)), 2.0),
    "4-byte deltas, weights": (list(range(70_000, 70_000 * 9, 70_000)), tuple(float(i % 3 + 1) for i in range(8))),
    "mixed deltas": ([0, 1, 255, 256, 65535, 65536, 65537, 200_000, 200_116], tuple([1.5] * 9)),
    # a 4-byte delta whose bytes are '(', 't', 'q', 0: TUPLE, BINPUT 0 inside the ids
    "a delta spelling the end of the ids": ([300, 600, 900, 900 + 0x717428, 901 + 0x717428], (3.0, 1.0, 2.0, 1.0, 1.0)),
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
@pytest.mark.parametrize("compression", [0, 3])
def test_a_blocks_ids_and_weights_are_read_as_unpickling_it_reads_them(name, compression):
    ids, weights = BLOCKS[name]
    values = [pickle.dumps([i % 7, b"tq\x00(G"], 2) for i in range(len(ids))]  # values that look like the ids' end
    found = ranking._ids_and_weights(_block(ids, weights, values, compression))
    assert found is not None
    assert found[0].dtype == np.int64 and found[0].tolist() == ids
    if weights is None or isinstance(weights, float):
        assert found[1] == weights and type(found[1]) is type(weights)
    else:
        assert found[1].tolist() == list(weights)


def test_a_block_laid_out_otherwise_is_left_to_unpickling():
    assert ranking._ids_and_weights(_block([1, 2, 3], None, [b""] * 3, 3)) is None  # 3 ids: no MARK
    assert ranking._ids_and_weights(_Block(([1] * 10, None, ()), 10, 3)) is None  # a list, not a tuple
    assert ranking._ids_and_weights(_Block((tuple([1] * 9), None, ()), 10, 3)) is None  # fewer ids than postings


def test_postings_of_the_index_read_without_values_equal_unpickled_ones(searcher):
    blocks = 0
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        for word in VOCAB:
            if ("words", word) not in reader:
                continue
            m = reader.postings("words", word)
            if type(m) is not W3LeafMatcher:
                continue
            while True:
                found = ranking._ids_and_weights(m)
                m._read_data()
                ids, weights, _ = m._data
                if m._blocklength >= 4:
                    blocks += 1
                    assert found[0].tolist() == np.cumsum(ids).tolist()
                    assert (found[1] == weights if weights is None or isinstance(weights, float)
                            else found[1].tolist() == list(weights))
                if m._lastblock:
                    break
                m._goto(m._nextoffset)
    assert blocks > 50


def _found_as_arrays_as_whoosh_finds_them(searcher, monkeypatch, query, walker) -> int:
    """Whether ``array_queries(query)`` finds, in every segment, the documents and scores Whoosh's matchers find,
    without ``walker._find_next`` (Whoosh's walk to a first match) ever running; the number of matches."""
    context = searcher.context()
    expected = []
    for sub, _ in searcher.leaf_searchers():
        m = query.matcher(sub, context)
        expected.append(ranking._walk(m, True) if m.is_active() else ranking._empty(True))
    walks = []
    monkeypatch.setattr(walker, "_find_next", lambda self: walks.append(self))
    for (sub, _), want in zip(searcher.leaf_searchers(), expected):
        got = ranking.matches(ranking.array_queries(query).matcher(sub, context), sub, True)
        assert got.ids.tolist() == want.ids.tolist() and got.scores.tolist() == want.scores.tolist()
    assert walks == []
    return sum(len(w.ids) for w in expected)


@pytest.mark.parametrize("text, boost", [('"government military"', 1.0), ('"people government"', 2.5),
                                         ('"people of the"', 1.0), ('"we the people"', 1.0), ('"w3 government army"', 1.0),
                                         ('"r1 venezuela"', 1.0)])
def test_phrases_are_found_as_arrays_without_whooshs_walk(searcher, monkeypatch, text, boost):
    """ArrayPhrase finds a phrase's documents with the scores of Whoosh's SpanNear2, in every segment (one has
    deletions), and never walks postings to its first match as SpanNear2's matcher does when it is made."""
    query = _query(searcher, text, {}).accept(
        lambda n: Q.Phrase(n.fieldname, n.words, boost=boost) if type(n) is Q.Phrase else n)
    assert any(type(n) is Q.Phrase for n in query.leaves()) or type(query) is Q.Phrase
    found = _found_as_arrays_as_whoosh_finds_them(searcher, monkeypatch, query, SpanWrappingMatcher)
    assert found > 0 or text in ('"w3 government army"', '"r1 venezuela"')


@pytest.mark.parametrize("text", ["government military", "the people w3", "r1 venezuela army", "people (food OR army)",
                                  'aid "people government"', "oil hungry soldiers border"])
def test_intersections_are_found_as_arrays_without_whooshs_walk(searcher, monkeypatch, text):
    """ArrayAnd finds an And's documents, with the scores of Whoosh's tree of IntersectionMatchers, in every
    segment, and never walks postings to the first common document as IntersectionMatcher does when it is made."""
    query = _query(searcher, text, {"speaker": "gonzalez"})
    assert _found_as_arrays_as_whoosh_finds_them(searcher, monkeypatch, query, IntersectionMatcher) > 0 or "r1" in text


def test_filter_postings_are_decoded_once_per_segment(searcher, monkeypatch):
    """A filter token's postings are kept per segment after the first search: the second search of the same
    filter decodes none of them, and both give Whoosh's matches (the large segment has deletions)."""
    query = _query(searcher, "people", {"outlet": "el pais", "kind": "full"})
    first = _arrays(searcher, query, 20, {}, 100)
    assert first == _whoosh(searcher, query, 20, {}, 100)
    read = []
    real = ranking._w3_leaf
    monkeypatch.setattr(ranking, "_w3_leaf", lambda m, *a, **k: read.append(m._term) or real(m, *a, **k))
    assert _arrays(searcher, query, 20, {}, 100) == first
    assert read and all(term[0] == "words" for term in read)
    big, _ = searcher.leaf_searchers()[0]

    def reuters():
        m = big.reader().postings("filters", "o:reuters")
        return m.child if type(m) is FilterMatcher else m  # the segment's deletions are applied above the leaf
    m = reuters()
    m.skip_to(2000)  # from where the matcher stands
    everything = ranking._filter_ids(reuters(), big.reader()).tolist()
    assert ranking._filter_ids(m, big.reader()).tolist() == [d for d in everything if d >= 2000]
    assert len(everything) > 500


# --- counting facets over coded columns -------------------------------------------------------

def _counter_facets(searcher, docnums, names, limit, within=None):
    """The facets as Counter counted them before the coded columns (the reference)."""
    from collections import Counter
    from itertools import chain

    within = {n: facets.fold_words(t) for n, t in (within or {}).items()}
    out = {}
    for name in names:
        col = facets.column(searcher, name)
        if name in facets.MULTI_VALUED:
            counts = Counter(chain.from_iterable(map(col.__getitem__, docnums)))
        else:
            counts = Counter(map(col.__getitem__, docnums))
            counts.pop("", None)
        if name in within:
            counts = Counter({v: n for v, n in counts.items() if facets.value_matches(v, within[name])})
        out[name] = dict(sorted(counts.items())) if name == "month" else dict(counts.most_common(limit))
    return out


@pytest.mark.parametrize("within", [None, {"speaker": "gonz"}, {"theme": "mil", "outlet": "b"}])
def test_facets_counted_over_coded_columns_are_what_a_counter_counts(searcher, within):
    """Same values, counts and order (equal counts in the order their values first appear) as Counter's
    most_common, over documents of several segments, ascending or not, few or many, and none."""
    names = ("speaker", "outlet", "theme", "publication", "month")
    everything = searcher.doc_count_all()
    rng = random.Random(3)
    cases = [[], [0], [everything - 1], list(range(everything)), list(range(BIG_SEGMENT - 50, BIG_SEGMENT + 800))]
    cases += [sorted(rng.sample(range(everything), k)) for k in (5, 300, 2000)]
    cases += [rng.sample(range(everything), k) for k in (7, 1000)]  # not ascending
    for docs in cases:
        for limit in (1, 3, 20):
            found = facets.count(searcher, docs, names, limit, within)
            expected = _counter_facets(searcher, docs, names, limit, within)
            assert {k: list(v.items()) for k, v in found.items()} == {k: list(v.items()) for k, v in expected.items()}
            assert all(type(n) is int for v in found.values() for n in v.values())
