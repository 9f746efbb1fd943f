"""Ranking every match of a query at once: Whoosh's matchers, read a block of postings at a time into arrays.

Whoosh ranks a query one posting at a time in Python: for each match, its matcher tree moves on,
each leaf decodes the next posting and its scorer computes BM25 with the document's length. A
word in one quotation of ten has 100,000 postings in a million quotations, and that walk cost
about 1.5 microseconds a posting; its block-quality skipping, which would read less, is off
because on unions it dropped some of the best hits (see facets.RankedMatches).

Here the same matcher tree is built by Whoosh for each segment (``query.matcher``, so the same
choice of union, intersection, exclusion and filters, the same order in which a document's scores
are added), and then read whole: each leaf's posting blocks are unpickled as they are on disk and
turned into arrays of document numbers and weights, BM25 is computed over an array with the very
expression of ``whoosh.scoring.bm25`` (the same operations on the same doubles, so the same
scores to the last bit), and unions, intersections and exclusions are set operations on sorted
arrays. A phrase (Whoosh's SpanNear2 of adjacent words in order) is the intersection of its words'
arrays, kept where the positions of the first word, then one further for each next word, line up,
and scored as Whoosh scores it (the sum of its words' scores). A matcher of any other kind (a
preloaded union of a small segment) is walked posting by posting as Whoosh's collector would. The top of the page is then chosen as Whoosh's
``TopCollector`` would (highest score first, the lower document number on equal scores) or as
its ``SortingCollector`` would for a sort by date.

Two of Whoosh's matchers move to their first match as they are made, posting by posting: the
intersection of an And and the SpanNear2 of a phrase. For words seldom found together that walk read
most of their postings in Python, so queries are rewritten first (``array_queries``): an And builds
Whoosh's own tree of intersections (the same shape, so the same order of additions) from intersections
found as arrays, and a phrase finds its documents as arrays. A block of postings is read without its
values (the positions) unless a phrase needs them, and then only where all its words are.

So every match is still counted (the total is exact), but a posting costs a few array operations
instead of a dozen Python calls. A property test compares pages, scores, totals and facet samples
with Whoosh's own collectors.

A search of one frequent word reads less still (``best``): in a segment whose word has a champion
list (codec.py: for each weight, the documents with the shortest fields), only those are scored, the
total is the word's document count in the segment, and only the first blocks are read, for the
matches the facets are counted over (both kept per segment and word). A boosted word (search-as-you-type
boosts the word typed so far) is the same search with every score multiplied. A one-word search makes
no Whoosh matcher at all (``WordScorer``): a segment without champions for the word is read from its
postings, once, when the word is too rare there for a champion list (the newest, small segments): its
postings are then kept whole as a complete list (``_complete_list``, within POSTINGS_CACHE_MB). The lists of
every segment are then pooled once per searcher and word (``_pooled``, within CHAMPION_POOL_MB): only the
champions that can reach a page of CHAMPIONS, whatever the idf and the boost, in one array, so that a search
costs the same however many segments ingest has left. A segment with deleted documents, or a page past
CHAMPIONS, reads every posting as above.
"""
from __future__ import annotations

import bisect
import copy
import functools
import json
import pickle
import threading
import weakref
import zlib
from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh import query as Q
from whoosh.columns import NumericColumn
from whoosh.matching import (AndNotMatcher, IntersectionMatcher, ListMatcher, Matcher, NullMatcher, NullMatcherClass,
                             UnionMatcher, WrappingMatcher)
from whoosh.matching.wrappers import ConstantScoreWrapperMatcher, FilterMatcher
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

from .codec import CHAMPION_MIN_DOCS, CHAMPIONS, CHAMPIONS_EXT, WORD_LIST_FIELD

_NO_IDS = np.empty(0, dtype=np.int64)
_NO_SCORES = np.empty(0, dtype=np.float64)
# A document's field length from its stored byte, as Searcher.doc_field_length(docnum, field, 1) gives
# it to BM25: byte 0 (no length) reads as the default, 1.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)
_LENGTH_OF_BYTE[0] = 1.0

_lengths_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_keys_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_champions_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_champion_arrays: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_filter_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_average_lengths: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# The field of the filter tokens (speaker, outlet, theme, publication, kind, confidence): their postings are read
# unscored, and the same few (an outlet, a kind) in query after query.
FILTER_FIELD = "filters"
_cache_lock = threading.Lock()


class Matches(NamedTuple):
    """A segment's matching document numbers (sorted) and their scores (None when not asked for)."""

    ids: np.ndarray
    scores: np.ndarray | None


def _empty(scored: bool) -> Matches:
    return Matches(_NO_IDS, _NO_SCORES if scored else None)


# --- leaves -----------------------------------------------------------------------------------

class BlockValues:
    """The values (encoded positions) of a W3 posting list read by ``_w3_leaf``, each block unpickled when one of
    its values is first asked for: a phrase needs the positions of the few documents where all its words
    are, and unpickling a block's values costs several times reading its ids and weights."""

    def __init__(self) -> None:
        self.starts: list[int] = []  # where each block starts among the list's postings
        self.where: list[tuple] = []  # (postings file, data offset, length, compression) of each block
        self.read: dict[int, tuple] = {}  # the values of the blocks unpickled so far
        self.shift = 0  # postings of the first block before where the matcher stood

    def add(self, m: W3LeafMatcher, first: int) -> None:
        self.starts.append(first)
        self.where.append((m._postfile, m._dataoffset, m._nextoffset - m._dataoffset, m._compression))
        if m._data is not None:
            self.read[len(self.starts) - 1] = m._data[2]

    def __getitem__(self, i: int):
        i += self.shift
        b = bisect.bisect_right(self.starts, i) - 1
        if b not in self.read:
            postfile, offset, length, compression = self.where[b]
            data = postfile.get(offset, length)
            self.read[b] = pickle.loads(zlib.decompress(data) if compression else data)[2]
        return self.read[b][i - self.starts[b]]


def _w3_leaf(m: W3LeafMatcher, values: list | BlockValues | None = None,
             weighted: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Document numbers and weights (None unless ``weighted``) of a W3 posting list from where the matcher
    stands to its end (and its values, the encoded positions: appended to ``values`` when it is a list, kept
    by block in BlockValues)."""
    start = m._i
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    first = True
    held = 0
    while True:
        n = m._blocklength
        lazy = type(values) is BlockValues
        found = _ids_and_weights(m) if (values is None or lazy) and m._data is None else None
        if found is None:
            if m._data is None:
                m._read_data()
            ids, w, vs = m._data
            if type(values) is list:
                values.extend(vs[start:] if first else vs)
            # Each block's ids are deltas from 0, so the block's cumulative sum is its document numbers.
            found = np.cumsum(np.asarray(ids, dtype=np.int64)), w
        if lazy:
            values.add(m, held)
        ids, w = found
        first = False
        held += n
        docs.append(ids)
        if not weighted:
            pass
        elif w is None:
            weights.append(np.ones(n, dtype=np.float64))
        elif isinstance(w, float):  # W3's reader gives one weight for the block as a float32 array
            weights.append(np.full(n, float(np.float32(w)), dtype=np.float64))
        else:
            weights.append(np.asarray(w, dtype=np.float64))
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    if type(values) is BlockValues:
        values.shift = start
    return np.concatenate(docs)[start:], np.concatenate(weights)[start:] if weighted else None


# A block's data is the protocol-2 pickle of (ids, weights, values): ids a tuple of ints (each one opcode K, M
# or J and its 1, 2 or 4 bytes), weights None, a float (G and 8 bytes) or a tuple of floats, and values a tuple
# of byte strings, each of them pickled as a call of _codecs.encode. Ranking needs no values, and unpickling
# them was most of the cost of reading a posting (4.2 s of 10.9 in a profile of OR queries at 1,000,000).
_TUPLE_OF_IDS = b"\x80\x02("  # PROTO 2, MARK: the ids, a tuple of 4 or more (shorter ones have no MARK)
_END_OF_IDS = b"tq\x00"  # TUPLE, BINPUT 0


def _ids_and_weights(m: W3LeafMatcher) -> tuple[np.ndarray, object] | None:
    """The document numbers and the weights (None, a float, or an array) of the block where ``m`` stands, read
    from the start of its pickle without unpickling the values; None when the block is not laid out as
    W3's writer lays out a block of 4 or more postings (the caller then unpickles it whole).

    Only the start of the block is decompressed. The ids end at a TUPLE, BINPUT 0 (the first such bytes
    past their shortest possible length, or else a later one: an id's bytes can spell them); the ids are
    that prefix unpickled with a STOP after it, taken only when it is a tuple of the block's length,
    which it can only be when the prefix is the ids.
    """
    n = m._blocklength
    if n < 4:
        return None
    raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
    start = len(_TUPLE_OF_IDS)
    need = start + 5 * n + len(_END_OF_IDS) + 2 + 9 * n  # the longest the ids and the weights can be
    data = zlib.decompressobj().decompress(raw, need) if m._compression else raw[:need]
    if not data.startswith(_TUPLE_OF_IDS):
        return None
    end, stop, deltas = start + 2 * n - 1, start + 5 * n + len(_END_OF_IDS), None
    while deltas is None:
        end = data.find(_END_OF_IDS, end + 1, stop)
        if end < 0:
            return None
        try:
            deltas = pickle.loads(data[:end + 1] + pickle.STOP)
        except Exception:  # noqa: BLE001 - those bytes were inside an id: look further
            continue
        if type(deltas) is not tuple or len(deltas) != n:
            deltas = None
    ids = np.cumsum(np.fromiter(deltas, dtype=np.int64, count=n))
    at = end + len(_END_OF_IDS)
    op = data[at:at + 1]
    if op == b"N":
        return ids, None
    if op == b"G" and len(data) >= at + 9:
        return ids, float(np.frombuffer(data, dtype=">f8", count=1, offset=at + 1)[0])
    if (op == b"(" and len(data) >= at + 2 + 9 * n and data[at + 1:at + 1 + 9 * n:9] == b"G" * n
            and data[at + 1 + 9 * n] == ord("t")):
        return ids, np.ndarray((n,), dtype=">f8", buffer=data, offset=at + 2, strides=(9,)).astype(np.float64)
    return None


def _list_leaf(m: ListMatcher, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A posting list inlined in the term table (ListMatcher), from where the matcher stands."""
    ids = np.asarray(m._ids[m._i:], dtype=np.int64)
    if values is not None:
        values.extend(m._values[m._i:] if m._values else [b""] * len(ids))
    if m._all_weights:
        weights = np.full(len(ids), m._all_weights, dtype=np.float64)
    elif m._weights:
        weights = np.asarray([float(x) for x in m._weights[m._i:]], dtype=np.float64)
    else:
        weights = np.ones(len(ids), dtype=np.float64)
    return ids, weights


def _field_lengths(segment_searcher, fieldname: str) -> np.ndarray:
    """The length of ``fieldname`` of every document of the segment, as BM25 reads it (cached per segment)."""
    reader = segment_searcher.reader()
    with _cache_lock:
        per_reader = _lengths_cache.setdefault(reader, {})
        if fieldname not in per_reader:
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                lengths = np.ones(reader.doc_count_all() + 1, dtype=np.float64)
            else:
                lengths = _LENGTH_OF_BYTE[_length_bytes(column)]
            per_reader[fieldname] = lengths
        return per_reader[fieldname]


def _length_bytes(column) -> np.ndarray:
    """Every document's length byte of a lengths column, as its ``load()`` gives them (0 past the written
    ones): read at once from the file, where Whoosh's ``load`` reads them one Python call a document (about
    0.4 s a segment of 200,000 documents, in each process's first search)."""
    if type(column) is not NumericColumn.Reader or column._typecode != "B":
        return np.frombuffer(bytes(column.load()), dtype=np.uint8)
    raw = np.zeros(column._doccount, dtype=np.uint8)
    written = min(column._count, column._doccount)
    if written:
        raw[:written] = np.frombuffer(bytes(column._dbfile.get(column._basepos, written)), dtype=np.uint8)
    return raw


def _bm25(scorer, segment_searcher, fieldname: str, ids: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
    """Whoosh's BM25F scores of these postings (None for another scorer)."""
    if type(scorer) is not BM25FScorer or not hasattr(scorer, "dfl"):
        return None
    fl = _field_lengths(segment_searcher, fieldname)[ids]
    return scorer.idf * _bm25_tf(weights, fl, scorer.avgfl, scorer.B, scorer.K1)


def _bm25_tf(weights: np.ndarray, fl: np.ndarray, avgfl: float, B: float, K1: float) -> np.ndarray:
    """The part of whoosh.scoring.bm25 that the idf multiplies, operation for operation (the same doubles)."""
    return (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl))


def _leaf(m, segment_searcher, scored: bool, values: list | BlockValues | None = None) -> Matches | None:
    """The matches of a leaf matcher read whole, or None when it is not a kind read here (``values``: a list
    to append the postings' values to)."""
    if type(m) is W3LeafMatcher and not scored and values is None and m._term and m._term[0] == FILTER_FIELD:
        ids = _filter_ids(m, segment_searcher.reader())
        return Matches(ids, None)
    if type(m) is W3LeafMatcher:
        ids, weights = _w3_leaf(m, values, weighted=scored)
        scorer = m.scorer
        term = m._term
    elif type(m) is ListMatcher:
        ids, weights = _list_leaf(m, values)
        scorer = m._scorer
        term = m._term
    else:
        return None
    if not scored:
        return Matches(ids, None)
    scores = _bm25(scorer, segment_searcher, term[0], ids, weights) if term is not None else None
    return None if scores is None else Matches(ids, scores)


def _filter_ids(m: W3LeafMatcher, reader) -> np.ndarray:
    """The documents of filter token ``m`` from where it stands: its whole posting list is decoded once per
    segment and kept while the segment is (a segment's postings never change; deletions are applied above
    the leaf). An outlet named in several words is the intersection of its words' lists, and "o:the" alone
    held about 270,000 postings at 1,000,000 quotations, decoded again for every search of such an outlet.
    What is kept is at most the filter field's postings of the segments held, 4 bytes each (13 million
    postings at 1,000,000 quotations, if every filter value were searched: 53 MB)."""
    current = m.id()
    with _cache_lock:
        found = _filter_cache.setdefault(reader, {}).get(m._term)
    if found is None:
        m.reset()
        found = _w3_leaf(m, weighted=False)[0].astype(np.int32)
        with _cache_lock:
            _filter_cache[reader][m._term] = found
    return found[int(found.searchsorted(current)):].astype(np.int64)


def _phrase_word(m, segment_searcher, scored: bool):
    """``(ids, scores, encoded positions by index)`` of one word of a phrase: a leaf, or a leaf without the
    segment's deleted documents; None for anything else."""
    deleted = None
    if type(m) is FilterMatcher and m._exclude and m.boost == 1.0:
        deleted, m = m._ids, m.child
    if type(m) not in (W3LeafMatcher, ListMatcher) or not m.is_active():
        return None
    values = BlockValues() if type(m) is W3LeafMatcher else []
    found = _leaf(m, segment_searcher, scored, values)
    if found is None:
        return None
    ids, scores = found
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        ids, scores = ids[keep], scores[keep] if scored else None
        kept, all_values = np.flatnonzero(keep).tolist(), values
        values = [all_values[i] for i in kept] if type(all_values) is list else _Reindexed(all_values, kept)
    return ids, scores, values


class _Reindexed:
    """``values[i]`` read as ``values[index[i]]``."""

    def __init__(self, values, index: list[int]) -> None:
        self.values, self.index = values, index

    def __getitem__(self, i: int):
        return self.values[self.index[i]]


def _binary_sum(parts: list[np.ndarray]) -> np.ndarray:
    """Scores added in the order of Whoosh's make_binary_tree of IntersectionMatchers: a + (b + c)."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _binary_sum(parts[:half]) + _binary_sum(parts[half:])


def _phrase(m, segment_searcher, scored: bool) -> Matches | None:
    """The matches of SpanNear2 over words next to each other in order (a Phrase), or None for another."""
    if m.slop != 1 or not m.ordered or m.mindist != 1:
        return None
    return _adjacent(m.ms, segment_searcher, scored)


def _adjacent(ms: list, segment_searcher, scored: bool) -> Matches | None:
    """The documents where the words of leaf matchers ``ms`` stand next to each other in this order, scored as
    SpanNear2 scores them; None when a matcher is not a leaf of ``words`` read here (some may then be read)."""
    if any(getattr(w, "_term", ("",))[0] not in ("", WORD_LIST_FIELD) for w in ms):
        return None
    words = []
    for w in ms:
        words.append(_phrase_word(w, segment_searcher, scored))
        if words[-1] is None:
            return None
    common = words[0][0]
    for ids, _, _ in words[1:]:
        common = np.intersect1d(common, ids, assume_unique=True)
    at = [np.searchsorted(ids, common) for ids, _, _ in words]
    decode = segment_searcher.schema[WORD_LIST_FIELD].format.decode_positions
    keep = np.zeros(len(common), dtype=bool)
    for k in range(len(common)):
        starts = set(decode(words[0][2][at[0][k]]))
        for i in range(1, len(words)):
            if not starts:
                break
            following = set(decode(words[i][2][at[i][k]]))
            starts = {p for p in starts if p + i in following}
        keep[k] = bool(starts)
    ids = common[keep]
    if not scored:
        return Matches(ids, None)
    return Matches(ids, _binary_sum([scores[idx[keep]] for (_, scores, _), idx in zip(words, at)]))


class ArrayMatcher(Matcher):
    """Matches already found (document numbers ascending, and their scores), read as a Whoosh matcher."""

    def __init__(self, ids: np.ndarray, scores: np.ndarray | None) -> None:
        self.ids, self.scores, self._i = ids, scores, 0

    def is_active(self) -> bool:
        return self._i < len(self.ids)

    def id(self) -> int:
        return int(self.ids[self._i])

    def next(self) -> bool:
        self._i += 1
        return False

    def skip_to(self, target: int) -> bool:
        self._i = max(self._i, int(np.searchsorted(self.ids, target)))
        return False

    def score(self) -> float:
        return float(self.scores[self._i])

    def weight(self) -> float:
        return self.score()

    def copy(self) -> "ArrayMatcher":
        found = ArrayMatcher(self.ids, self.scores)
        found._i = self._i
        return found

    def reset(self) -> None:
        self._i = 0

    def supports(self, astype: str) -> bool:
        return False


class ArrayPhrase(Q.Phrase):
    """A Phrase whose matcher finds its documents at once, as arrays (``_adjacent``).

    Whoosh's SpanNear2 matcher moves to its first match as it is made, posting by posting, decoding the
    positions of every document where the words are all present: in a segment where the phrase is rare or
    absent, that walk read most of the words' postings, one Python call at a time (half the time of a
    phrase at 1,000,000 quotations)."""

    def matcher(self, searcher, context=None):
        if self.slop != 1 or self.fieldname != WORD_LIST_FIELD or self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field, reader = searcher.schema[self.fieldname], searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, word) not in reader:
                return NullMatcher()
            terms.append(Q.Term(self.fieldname, word))
        scored = context is None or context.weighting is not None
        found = _adjacent([t.matcher(searcher, context) for t in terms], searcher, scored)
        if found is None:  # read again, by Whoosh
            return super().matcher(searcher, context)
        m = ArrayMatcher(*found)
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


class ArrayIntersection(ArrayMatcher):
    """The matches of an intersection, found at once (ArrayAnd). A class of its own: Whoosh orders matchers of
    equal weight by their classes when it builds an And's tree, and this one stands where an
    IntersectionMatcher stood, so that the tree, and the order in which scores are added, stay the same."""


class ArrayAnd(Q.And):
    """An And whose intersections are found as arrays as the tree is built (Whoosh's own tree: the same shape and
    the same order of additions as And's matcher).

    Whoosh's IntersectionMatcher moves to its first common document as it is made, posting by posting, which
    for words seldom found together read most of their postings one Python call at a time (two thirds of the
    time of an AND of 3 words at 1,000,000 quotations)."""

    def _matcher(self, subs, searcher, context):
        scored = context is None or context.weighting is not None

        def intersection(a, b) -> ArrayIntersection:
            x = matches(a, searcher, scored)
            y = matches(b, searcher, scored) if len(x.ids) else _empty(scored)
            ids, ia, ib = np.intersect1d(x.ids, y.ids, assume_unique=True, return_indices=True)
            return ArrayIntersection(ids, x.scores[ia] + y.scores[ib] if scored else None)

        reader = searcher.reader()
        return self._tree_matcher(subs, intersection, searcher, context, lambda q: 0 - q.estimate_size(reader))


def array_queries(q: Q.Query) -> Q.Query:
    """``q`` with its phrases of adjacent words and its intersections found as arrays (ArrayPhrase, ArrayAnd)."""
    def visit(node):
        if type(node) is Q.Phrase and node.slop == 1:
            return ArrayPhrase(node.fieldname, node.words, slop=1, boost=node.boost, char_ranges=node.char_ranges)
        if type(node) is Q.And:
            return ArrayAnd(node.subqueries, boost=node.boost)
        return node
    return q.accept(visit)


# --- the matcher tree -------------------------------------------------------------------------

def _walk(m, scored: bool) -> Matches:
    """Any matcher, posting by posting, as Whoosh's collector walks it."""
    ids: list[int] = []
    scores: list[float] = []
    while m.is_active():
        ids.append(m.id())
        if scored:
            scores.append(m.score())
        m.next()
    return Matches(np.asarray(ids, dtype=np.int64),
                   np.asarray(scores, dtype=np.float64) if scored else None)


def _union(a: Matches, b: Matches) -> Matches:
    """The documents of either, scored ``a.score() + b.score()`` where both match (as UnionMatcher scores).

    Both are sorted, so a stable sort of the two one after the other is a merge (NumPy's timsort finds the
    two runs), and a document of both stands with ``a``'s score first: summing each run of equal documents
    gives a + b (np.union1d and two searches cost four times as much at 1,000,000 quotations).
    """
    if not len(a.ids):
        return b
    if not len(b.ids):
        return a
    both = np.concatenate((a.ids, b.ids))
    order = np.argsort(both, kind="stable")
    both = both[order]
    first = np.empty(len(both), dtype=bool)
    first[0] = True
    np.not_equal(both[1:], both[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    if a.scores is None:
        return Matches(both[starts], None)
    return Matches(both[starts], np.add.reduceat(np.concatenate((a.scores, b.scores))[order], starts))


def matches(m, segment_searcher, scored: bool) -> Matches:
    """Every match of matcher ``m`` (of ``segment_searcher``) from where it stands, with Whoosh's scores."""
    if isinstance(m, NullMatcherClass) or not m.is_active():
        return _empty(scored)
    kind = type(m)
    if kind is UnionMatcher:
        return _union(matches(m.a, segment_searcher, scored), matches(m.b, segment_searcher, scored))
    if kind is IntersectionMatcher:
        a = matches(m.a, segment_searcher, scored)
        b = matches(m.b, segment_searcher, scored) if len(a.ids) else _empty(scored)
        ids, ia, ib = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
        return Matches(ids, a.scores[ia] + b.scores[ib] if scored else None)
    if isinstance(m, AndNotMatcher):
        a = matches(m.a, segment_searcher, scored)
        b = matches(m.b, segment_searcher, False) if len(a.ids) else _empty(False)
        keep = ~np.isin(a.ids, b.ids, assume_unique=True)
        return Matches(a.ids[keep], a.scores[keep] if scored else None)
    if isinstance(m, ConstantScoreWrapperMatcher):  # filters (query._FilterMatcher): a constant score
        child = matches(m.child, segment_searcher, False)
        return Matches(child.ids, np.full(len(child.ids), m._score, dtype=np.float64) if scored else None)
    if kind is FilterMatcher:  # a segment's deleted documents left out
        child = matches(m.child, segment_searcher, scored)
        listed = np.fromiter(m._ids, dtype=np.int64, count=len(m._ids))
        keep = np.isin(child.ids, listed)
        if m._exclude:
            keep = ~keep
        return Matches(child.ids[keep], child.scores[keep] * m.boost if scored else None)
    if isinstance(m, ArrayMatcher):
        return Matches(m.ids[m._i:], m.scores[m._i:] if scored else None)
    if kind is SpanNear2.SpanNear2Matcher:
        found = _phrase(m, segment_searcher, scored)
        if found is not None:
            return found
        return _walk(m, scored)
    if kind is WrappingMatcher:  # a boost
        child = matches(m.child, segment_searcher, scored)
        return Matches(child.ids, child.scores * m.boost if scored else None)
    found = _leaf(m, segment_searcher, scored)
    return found if found is not None else _walk(m, scored)


def all_matches(searcher, q, *, scored: bool, exclude: int | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Global document numbers (ascending) and scores of every match of ``q``, segment by segment as
    Whoosh's collectors search them (``exclude``: a document number left out)."""
    context = searcher.context() if scored else searcher.context(weighting=None)
    q = array_queries(q)
    ids_parts, score_parts = [], []
    for subsearcher, offset in searcher.leaf_searchers():
        found = matches(q.matcher(subsearcher, context), subsearcher, scored)
        ids_parts.append(found.ids + offset)
        if scored:
            score_parts.append(found.scores)
    ids = np.concatenate(ids_parts) if ids_parts else _NO_IDS
    scores = (np.concatenate(score_parts) if score_parts else _NO_SCORES) if scored else None
    if exclude is not None:
        keep = ids != exclude
        ids = ids[keep]
        scores = scores[keep] if scored else None
    return ids, scores


# --- one frequent word: its champions -------------------------------------------------------

def segment_champions(reader) -> dict:
    """``{word: [[weight, count, [docnum, ...]], ...]}`` of a segment's champion lists ({} when it has none)."""
    with _cache_lock:
        if reader in _champions_cache:
            return _champions_cache[reader]
    found: dict = {}
    segment, storage = getattr(reader, "_segment", None), getattr(reader, "_storage", None)
    if segment is not None and storage is not None:
        name = segment.make_filename(CHAMPIONS_EXT)
        if storage.file_exists(name):
            f = storage.open_file(name)
            try:
                found = json.loads(f.read() or b"{}")
            finally:
                f.close()
    with _cache_lock:
        _champions_cache[reader] = found
    return found


class Champions(NamedTuple):
    """A word's champion list in a segment as arrays: each champion's document number, weight and field length
    (as BM25 reads it), and how many documents of the segment have the word."""

    ids: np.ndarray
    weights: np.ndarray
    lengths: np.ndarray
    count: int
    first: list  # [the first document numbers of the word's posting list, as many as were asked for so far]
    complete: bool = False  # every posting of the word (a word too rare in the segment for a champion list)
    # [((avgfl, B, K1), the part of BM25 that does not depend on the word's idf)] (WordScorer.champion_scores)
    shape: list | None = None


def word_champions(segment_searcher, word: str) -> Champions | None:
    """``word``'s champion list in this segment (None when it has none), made into arrays once per segment
    and word: building them from the lists of the file cost more than the rest of a one-word search. What
    is kept is at most the segment's champions, 24 bytes each (about 240,000 in a segment of 200,000
    quotations: 5.8 MB, if every frequent word were searched), and the first document numbers of the word
    read for the facets (first_ids: EXACT_TOTAL_LIMIT of them, 4 KB a word)."""
    reader = segment_searcher.reader()
    with _cache_lock:
        found = _champion_arrays.setdefault(reader, {}).get(word, False)
    if found is not False:
        return found
    groups = segment_champions(reader).get(word)
    if groups is not None:
        ids = np.asarray([d for _, _, docs in groups for d in docs], dtype=np.int64)
        weights = np.asarray([w for w, _, docs in groups for _ in docs], dtype=np.float64)
        found = Champions(ids, weights, _field_lengths(segment_searcher, WORD_LIST_FIELD)[ids],
                          sum(count for _, count, _ in groups), [np.empty(0, dtype=np.int32)], shape=[None])
    else:
        found = None
    with _cache_lock:
        _champion_arrays[reader][word] = found
    return found


# (segment id, word) -> Champions of every posting of a word too rare in that segment for a champion list,
# least recently used first; and the bytes they hold (bounded by POSTINGS_CACHE_MB, passed by the caller).
_complete_lists: "OrderedDict[tuple[str, bytes], Champions]" = OrderedDict()
_complete_bytes = [0]


def _complete_list(segment_searcher, word: bytes, cache_bytes: int) -> Champions | None:
    """Every posting of ``word`` in this segment (which has no deletions) as a complete champion list, when the
    word is in fewer than CHAMPION_MIN_DOCS of its documents (so the segment has no champion list for it):
    read once and kept, least recently used first out, within ``cache_bytes`` for all segments and words.

    The newest segments of an index are small (a commit's worth of quotations), and a frequent word has no
    champion list in them: each one-word search read its postings whole there again, about 0.12 ms a small
    segment at 1,000,000 quotations (five such segments: half of ranking's time). Kept by the segment's id,
    which names its documents for good (a segment never changes; one with deletions does not come here)."""
    if cache_bytes <= 0:
        return None
    reader = segment_searcher.reader()
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None:
        return None
    key = (segment.segment_id(), word)
    with _cache_lock:
        found = _complete_lists.get(key)
        if found is not None:
            _complete_lists.move_to_end(key)
            _evict(cache_bytes)
            return found
    if (WORD_LIST_FIELD, word) not in reader or reader.doc_frequency(WORD_LIST_FIELD, word) >= CHAMPION_MIN_DOCS:
        return None
    read = _word_postings(reader, word)
    if read is None:
        return None
    ids, weights = read
    found = Champions(ids, weights, _field_lengths(segment_searcher, WORD_LIST_FIELD)[ids], len(ids),
                      [ids.astype(np.int32)], complete=True, shape=[None])
    with _cache_lock:
        if key not in _complete_lists:
            _complete_lists[key] = found
            _complete_bytes[0] += _size(found)
        _evict(cache_bytes)
    return found


def _size(found: Champions) -> int:
    return 28 * len(found.ids) + 200  # ids, weights and lengths (8 bytes each), first ids (4), and the objects


def _evict(cache_bytes: int) -> None:
    """Drop the least recently used complete lists until they hold at most ``cache_bytes`` (under _cache_lock)."""
    while _complete_bytes[0] > cache_bytes and _complete_lists:
        _complete_bytes[0] -= _size(_complete_lists.popitem(last=False)[1])


def _average_length(searcher) -> float:
    """``searcher.avg_field_length(WORD_LIST_FIELD) or 1``, kept with the searcher (Whoosh sums the field's length
    over every segment each time: 47 calls a search at 1,000,000 quotations as ingest leaves them)."""
    with _cache_lock:
        found = _average_lengths.get(searcher)
    if found is None:
        found = searcher.avg_field_length(WORD_LIST_FIELD) or 1
        with _cache_lock:
            _average_lengths[searcher] = found
    return found


class WordScorer:
    """How Whoosh scores the postings of one word of WORD_LIST_FIELD in an index: BM25FScorer's statistics, read
    as it reads them (the idf and the average field length of the whole index, the idf only once a segment
    has the word, as Whoosh makes a scorer only then), and the boost of the word's query, which
    WrappingMatcher multiplies its scores by."""

    def __init__(self, searcher, weighting, word: bytes, boost: float) -> None:
        self.searcher, self.word, self.boost = searcher, word, boost
        self.B, self.K1 = weighting._field_B.get(WORD_LIST_FIELD, weighting.B), weighting.K1

    @classmethod
    def of(cls, searcher, context, q) -> "WordScorer | None":
        """The scorer of ``q`` when it is one word of WORD_LIST_FIELD (search-as-you-type boosts the word typed
        so far when nothing else starts with it) ranked by BM25F, else None."""
        weighting = context.weighting
        if (type(q) is not Q.Term or q.fieldname != WORD_LIST_FIELD or not isinstance(q.text, str)
                or not q.boost > 0 or type(weighting) is not BM25F or WORD_LIST_FIELD not in searcher.schema
                or not searcher.schema[WORD_LIST_FIELD].scorable):
            return None
        return cls(searcher, weighting, q.text.encode("utf-8"), q.boost)

    def with_boost(self, boost: float) -> "WordScorer":
        other = copy.copy(self)
        other.boost = boost
        return other

    @functools.cached_property
    def _statistics(self) -> tuple[float, float]:
        return self.searcher.idf(WORD_LIST_FIELD, self.word), _average_length(self.searcher)

    def scores(self, weights: np.ndarray, fl: np.ndarray) -> np.ndarray:
        """The scores of postings of these weights and field lengths: whoosh.scoring.bm25 operation for
        operation (as _bm25), then the boost."""
        return self.scores_of_tf(_bm25_tf(weights, fl, self._statistics[1], self.B, self.K1))

    def scores_of_tf(self, tf: np.ndarray) -> np.ndarray:
        """The scores of postings whose part of BM25 that the idf multiplies (_bm25_tf) is ``tf``: as ``scores``."""
        scores = self._statistics[0] * tf
        return scores * self.boost if self.boost != 1.0 else scores

    def champion_scores(self, found: Champions) -> np.ndarray:
        """``scores(found.weights, found.lengths)``, the same doubles, with the part that depends only on the
        average field length kept with the list until that changes (a commit)."""
        avgfl = self._statistics[1]
        key = (avgfl, self.B, self.K1)
        if found.shape is None:
            return self.scores(found.weights, found.lengths)
        kept = found.shape[0]  # (key, values), replaced as one (another thread may be reading it)
        if kept is None or kept[0] != key:
            kept = found.shape[0] = (key, _bm25_tf(found.weights, found.lengths, avgfl, self.B, self.K1))
        return self.scores_of_tf(kept[1])


def _champions(scorer: WordScorer, segment_searcher, limit: int,
               cache_bytes: int = 0) -> tuple[np.ndarray, np.ndarray, int] | None:
    """``(docnums, scores, matches)`` of the documents that can reach the first ``limit`` of a search of one
    word in this segment, from its champion list; None when there is none to use (a segment with deleted
    documents, a page past CHAMPIONS). With ``cache_bytes``, a word too rare in the segment for a champion
    list has all of its postings as one (``_complete_list``), for any ``limit``.

    No matcher is made: Whoosh's looks the word up three times in the segment's term table and builds a
    scorer, while BM25 needs only the index's statistics and the champions' weights and lengths. A boost
    multiplies every score alike, so the champions stay the champions."""
    found = _champion_list(scorer, segment_searcher, limit, cache_bytes)
    if found is None:
        return None
    return found.ids, scorer.champion_scores(found), found.count


def _champion_list(scorer: WordScorer, segment_searcher, limit: int, cache_bytes: int) -> Champions | None:
    if segment_searcher.reader().has_deletions():
        return None
    found = word_champions(segment_searcher, scorer.word.decode("utf-8"))
    if found is None:
        return _complete_list(segment_searcher, scorer.word, cache_bytes)
    return found if limit <= CHAMPIONS else None


def _word_matches(scorer: WordScorer, segment_searcher) -> Matches | None:
    """Every match of one word in a segment without deletions, read from its postings without a matcher
    tree (as _champions); None when the segment has deletions."""
    reader = segment_searcher.reader()
    if reader.has_deletions():
        return None
    if (WORD_LIST_FIELD, scorer.word) not in reader:
        return _empty(True)
    read = _word_postings(reader, scorer.word)
    if read is None:
        return None
    ids, weights = read
    return Matches(ids, scorer.scores(weights, _field_lengths(segment_searcher, WORD_LIST_FIELD)[ids]))


def _word_postings(reader, word: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    """Document numbers and weights of every posting of ``word`` (in WORD_LIST_FIELD) in a segment, or None when
    its postings are of a kind not read here."""
    m = reader.postings(WORD_LIST_FIELD, word)
    if type(m) is W3LeafMatcher:
        return _w3_leaf(m)
    if type(m) is ListMatcher:
        return _list_leaf(m)
    return None


def first_ids(segment_searcher, found: Champions, word: bytes, n: int) -> np.ndarray:
    """The first ``n`` documents of ``word`` in this segment, whose champion list is ``found``: read once per
    segment and word (and again only when more are asked for), as the champions are; a segment never changes,
    and one with deletions does not come here. A complete list holds them all already."""
    kept = found.first[0]
    if len(kept) < min(n, found.count):
        kept = np.asarray(_first_ids(segment_searcher.reader().postings(WORD_LIST_FIELD, word), n), dtype=np.int32)
        found.first[0] = kept
    return kept[:n]


def _first_ids(m: W3LeafMatcher, n: int) -> list[int]:
    """The first ``n`` document numbers of a posting list (only the blocks that hold them are read, and
    their values, the positions, are not unpickled)."""
    out: list[int] = []
    while len(out) < n:
        found = _ids_and_weights(m) if m._data is None else None
        if found is None:
            if m._data is None:
                m._read_data()
            ids = np.cumsum(np.asarray(m._data[0], dtype=np.int64))
        else:
            ids = found[0]
        out.extend(ids[m._i:].tolist())
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    return out[:n]


def best(searcher, q, limit: int, first: int, cache_bytes: int = 0,
         pool_bytes: int = 0) -> tuple[int, list[int] | np.ndarray, list[tuple[int, float]]]:
    """``(total, the first ``first`` matches (a list, or an array of a word's pooled champions, which the facets
    count as they are), the ``limit`` best as (docnum, score))`` of a ranked search
    (``cache_bytes``: what complete lists of rare words may hold, see _complete_list; ``pool_bytes``: what
    the pooled champions of searched words may hold, see _pooled)."""
    context = searcher.context()
    q = array_queries(q)
    word = WordScorer.of(searcher, context, q)
    if word is not None:
        pool = _pooled(word, searcher, limit, first, cache_bytes, pool_bytes)
        if pool is not None:
            return pool.total, pool.docs[:first], top_by_score(pool.ids, word.scores_of_tf(pool.tf), limit)
    total, docs, ids_parts, score_parts = 0, [], [], []
    for subsearcher, offset in searcher.leaf_searchers():
        short = _champion_list(word, subsearcher, limit, cache_bytes) if word else None
        if short is not None:
            ids, scores, count = short.ids, word.champion_scores(short), short.count
            if len(docs) < first:
                docs += (first_ids(subsearcher, short, word.word, first - len(docs)).astype(np.int64) + offset).tolist()
        else:
            found = _word_matches(word, subsearcher) if word else None
            ids, scores = found if found is not None else matches(q.matcher(subsearcher, context), subsearcher, True)
            count = len(ids)
            if len(docs) < first:
                docs += (ids[:first - len(docs)] + offset).tolist()
        total += count
        ids_parts.append(ids + offset)
        score_parts.append(scores)
    if not ids_parts:
        return 0, [], []
    return total, docs, top_by_score(np.concatenate(ids_parts), np.concatenate(score_parts), limit)


# --- one frequent word over every segment at once: its pooled champions ----------------------

class Pooled(NamedTuple):
    """A word's champions of every segment of a searcher that can reach a page of at most CHAMPIONS (_pooled):
    their index-wide document numbers and the part of their BM25 that the idf multiplies; the word's total
    in the index; and its first document numbers (those the facets count), ``docs``, all of them when
    ``every``."""

    ids: np.ndarray
    tf: np.ndarray
    total: int
    docs: np.ndarray
    every: bool


# (searcher, word, avgfl, B, K1) -> Pooled, least recently used first; and the bytes they hold (bounded by
# CHAMPION_POOL_MB, passed by the caller). A searcher is one generation of the index: a commit makes a new one,
# and the entries of the old one are no longer asked for and go first.
_pool: "OrderedDict[tuple, Pooled]" = OrderedDict()
_pool_bytes = [0]
# The pool keeps the best by tf, and every one within this relative distance below the CHAMPIONS-th: a champion
# further below scores lower than the CHAMPIONS-th whatever the idf and boost (two roundings of a product move
# a double by far less), so the best ``limit`` <= CHAMPIONS are among those kept, ties with them included.
_POOL_MARGIN = 2.0 ** -40


def _pooled(scorer: WordScorer, searcher, limit: int, first: int, cache_bytes: int, pool_bytes: int) -> Pooled | None:
    """The pooled champions of ``scorer``'s word over every segment of ``searcher`` (None when some segment has
    no list to use: deletions, no complete list kept, or a page past CHAMPIONS; or with no ``pool_bytes``).

    Ranking each segment's champion list on its own cost a few numpy calls a segment, and choosing the page
    among all of them a partition of every champion: at 1,000,000 quotations in 47 segments (as ingest leaves
    them), 45,000 champions of "government" and half of the search's CPU, where 10 segments cost half as much.
    The scores of a word are its idf (the same in every segment) times the part of BM25 that depends on the
    posting alone (the same doubles), then the boost: so which champions can reach the first CHAMPIONS does not
    depend on the idf or the boost, and those (a few hundred) are kept once per searcher and word, in one
    array. A search then scores them and chooses its page with top_by_score: the same page and scores as
    over every segment's list, to the last bit."""
    if pool_bytes <= 0 or limit > CHAMPIONS:
        return None
    avgfl = _average_length(searcher)  # (the idf is asked for only once some segment has the word, as Whoosh does)
    key = (weakref.ref(searcher), scorer.word, avgfl, scorer.B, scorer.K1)
    with _cache_lock:
        found = _pool.get(key)
        if found is not None:
            _pool.move_to_end(key)
    if found is None or (len(found.docs) < first and not found.every):
        found = _pool_word(scorer, searcher, first, cache_bytes, avgfl)
        if found is None:
            return None
        with _cache_lock:
            if key in _pool:
                _pool_bytes[0] -= _pool_size(_pool.pop(key))
            _pool[key] = found
            _pool_bytes[0] += _pool_size(found)
            while _pool_bytes[0] > pool_bytes and _pool:
                _pool_bytes[0] -= _pool_size(_pool.popitem(last=False)[1])
    # The pool holds the best by tf: they are the best by score only as long as the idf is positive (it is, for
    # BM25F's idf of a word in the index).
    return found if scorer._statistics[0] > 0 else None


def _pool_word(scorer: WordScorer, searcher, first: int, cache_bytes: int, avgfl: float) -> Pooled | None:
    ids, weights, lengths, docs, total = [], [], [], [], 0
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        if reader.has_deletions():
            return None
        if (WORD_LIST_FIELD, scorer.word) not in reader:
            continue
        found = _champion_list(scorer, subsearcher, CHAMPIONS, cache_bytes)
        if found is None:
            return None
        ids.append(found.ids + offset)
        weights.append(found.weights)
        lengths.append(found.lengths)
        total += found.count
        held = sum(map(len, docs))
        if held < first:
            docs.append(first_ids(subsearcher, found, scorer.word, first - held).astype(np.int64) + offset)
    if not ids:
        return None
    ids, tf = np.concatenate(ids), _bm25_tf(np.concatenate(weights), np.concatenate(lengths), avgfl, scorer.B, scorer.K1)
    if len(tf) > CHAMPIONS:
        kth = np.partition(tf, len(tf) - CHAMPIONS)[len(tf) - CHAMPIONS]
        keep = np.flatnonzero(tf >= kth * (1 - _POOL_MARGIN))
        ids, tf = ids[keep], tf[keep]
    docs = np.concatenate(docs) if docs else _NO_IDS
    return Pooled(ids, tf, total, docs, len(docs) >= total)


def _pool_size(found: Pooled) -> int:
    return 16 * len(found.ids) + 8 * len(found.docs) + 300  # ids and tf, the first documents, and the objects


# --- choosing the page ------------------------------------------------------------------------

def top_by_score(ids: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """``(docnum, score)`` of the ``limit`` best, highest score first and the lower document number
    first among equal scores (what TopCollector keeps and returns)."""
    if not len(ids) or limit <= 0:
        return []
    if len(ids) > limit:
        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        chosen = np.nonzero(scores >= kth)[0]
    else:
        chosen = np.arange(len(ids))
    order = chosen[np.lexsort((ids[chosen], -scores[chosen]))][:limit]
    return [(int(d), float(s)) for d, s in zip(ids[order], scores[order])]


def day_keys(searcher, days: list[str]) -> np.ndarray:
    """Each document's date column as a rank that sorts as Whoosh sorts the column's bytes ('' first)."""
    with _cache_lock:
        found = _keys_cache.get(searcher)
        if found is None:
            distinct = sorted(set(days), key=str.encode)
            rank = {v: i for i, v in enumerate(distinct)}
            found = _keys_cache[searcher] = np.fromiter((rank[v] for v in days), dtype=np.int64, count=len(days))
        return found


def top_by_key(ids: np.ndarray, keys: np.ndarray, limit: int, reverse: bool) -> list[int]:
    """The first ``limit`` document numbers by ``keys`` (of every document), ties by document number; all of
    it reversed when ``reverse`` (what SortingCollector returns)."""
    if not len(ids) or limit <= 0:
        return []
    combined = keys[ids] * (int(ids.max()) + 1) + ids
    if reverse:
        combined = -combined
    if len(combined) > limit:
        part = np.argpartition(combined, limit - 1)[:limit]
    else:
        part = np.arange(len(combined))
    return [int(d) for d in ids[part[np.argsort(combined[part], kind="stable")]]]
