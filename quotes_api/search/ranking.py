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

So every match is still counted (the total is exact), but a posting costs a few array operations
instead of a dozen Python calls. A property test compares pages, scores, totals and facet samples
with Whoosh's own collectors.

A search of one frequent word reads less still (``best``): in a segment whose word has a champion
list (codec.py: for each weight, the documents with the shortest fields), only those are scored, the
total is the word's document count in the segment, and only the first blocks are read, for the
matches the facets are counted over. A segment with deleted documents, or a page past CHAMPIONS,
reads every posting as above.
"""
from __future__ import annotations

import json
import threading
import weakref
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import (AndNotMatcher, IntersectionMatcher, ListMatcher, NullMatcherClass, UnionMatcher,
                             WrappingMatcher)
from whoosh.matching.wrappers import ConstantScoreWrapperMatcher, FilterMatcher
from whoosh.query.spans import SpanNear2
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

from .codec import CHAMPIONS, CHAMPIONS_EXT, WORD_LIST_FIELD

_NO_IDS = np.empty(0, dtype=np.int64)
_NO_SCORES = np.empty(0, dtype=np.float64)
# A document's field length from its stored byte, as Searcher.doc_field_length(docnum, field, 1) gives
# it to BM25: byte 0 (no length) reads as the default, 1.
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)
_LENGTH_OF_BYTE[0] = 1.0

_lengths_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_keys_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_champions_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


class Matches(NamedTuple):
    """A segment's matching document numbers (sorted) and their scores (None when not asked for)."""

    ids: np.ndarray
    scores: np.ndarray | None


def _empty(scored: bool) -> Matches:
    return Matches(_NO_IDS, _NO_SCORES if scored else None)


# --- leaves -----------------------------------------------------------------------------------

def _w3_leaf(m: W3LeafMatcher, values: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of a W3 posting list from where the matcher stands to its end (and its
    values, the encoded positions, appended to ``values`` when given)."""
    start = m._i
    deltas: list = []
    weights: list[np.ndarray] = []
    first = True
    while True:
        if m._data is None:
            m._read_data()
        ids, w, vs = m._data
        if values is not None:
            values.extend(vs[start:] if first else vs)
        n = m._blocklength
        if first:
            deltas.extend(ids)
            first = False
        else:
            # Each block's ids are deltas from 0; chain them onto the previous block's last id.
            deltas.append(ids[0] - last)
            deltas.extend(ids[1:])
        last = m._maxid
        if w is None:
            weights.append(np.ones(n, dtype=np.float64))
        elif isinstance(w, float):  # W3's reader gives one weight for the block as a float32 array
            weights.append(np.full(n, float(np.float32(w)), dtype=np.float64))
        else:
            weights.append(np.asarray(w, dtype=np.float64))
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    docs = np.cumsum(np.asarray(deltas, dtype=np.int64))
    return docs[start:], np.concatenate(weights)[start:]


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
                raw = np.frombuffer(bytes(column.load()), dtype=np.uint8)
                lengths = _LENGTH_OF_BYTE[raw]
            per_reader[fieldname] = lengths
        return per_reader[fieldname]


def _bm25(scorer, segment_searcher, fieldname: str, ids: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
    """Whoosh's BM25F scores of these postings (None for another scorer)."""
    if type(scorer) is not BM25FScorer or not hasattr(scorer, "dfl"):
        return None
    fl = _field_lengths(segment_searcher, fieldname)[ids]
    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    # whoosh.scoring.bm25, operation for operation.
    return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))


def _leaf(m, segment_searcher, scored: bool, values: list | None = None) -> Matches | None:
    """The matches of a leaf matcher read whole, or None when it is not a kind read here (``values``: a list
    to append the postings' values to)."""
    if type(m) is W3LeafMatcher:
        ids, weights = _w3_leaf(m, values)
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


def _phrase_word(m, segment_searcher, scored: bool):
    """``(ids, scores, encoded positions)`` of one word of a phrase: a leaf, or a leaf without the segment's
    deleted documents; None for anything else."""
    deleted = None
    if type(m) is FilterMatcher and m._exclude and m.boost == 1.0:
        deleted, m = m._ids, m.child
    if type(m) not in (W3LeafMatcher, ListMatcher) or not m.is_active():
        return None
    values: list = []
    found = _leaf(m, segment_searcher, scored, values)
    if found is None:
        return None
    ids, scores = found
    if deleted:
        keep = ~np.isin(ids, np.fromiter(deleted, dtype=np.int64, count=len(deleted)))
        ids, values = ids[keep], [v for v, k in zip(values, keep.tolist()) if k]
        scores = scores[keep] if scored else None
    return ids, scores, values


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
    words = [_phrase_word(w, segment_searcher, scored) for w in m.ms]
    if any(w is None for w in words) or any(getattr(w, "_term", ("",))[0] not in ("", WORD_LIST_FIELD)
                                            for w in m.ms):
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


def matches(m, segment_searcher, scored: bool) -> Matches:
    """Every match of matcher ``m`` (of ``segment_searcher``) from where it stands, with Whoosh's scores."""
    if isinstance(m, NullMatcherClass) or not m.is_active():
        return _empty(scored)
    kind = type(m)
    if kind is UnionMatcher:
        a, b = matches(m.a, segment_searcher, scored), matches(m.b, segment_searcher, scored)
        ids = np.union1d(a.ids, b.ids)
        if not scored:
            return Matches(ids, None)
        scores = np.zeros(len(ids), dtype=np.float64)
        scores[np.searchsorted(ids, a.ids)] = a.scores
        scores[np.searchsorted(ids, b.ids)] += b.scores  # a.score() + b.score() where both match
        return Matches(ids, scores)
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


def _champions(m, segment_searcher, limit: int) -> tuple[np.ndarray, np.ndarray, int] | None:
    """``(docnums, scores, matches)`` of the documents that can reach the first ``limit`` of a one-word
    search in this segment, from its champion list; None when there is none to use."""
    if type(m) is not W3LeafMatcher or limit > CHAMPIONS or m._term is None or m._term[0] != WORD_LIST_FIELD:
        return None
    scorer = m.scorer
    if type(scorer) is not BM25FScorer or not hasattr(scorer, "dfl"):
        return None
    groups = segment_champions(segment_searcher.reader()).get(m._term[1].decode("utf-8"))
    if groups is None:
        return None
    ids = np.asarray([d for _, _, docs in groups for d in docs], dtype=np.int64)
    weights = np.asarray([w for w, _, docs in groups for _ in docs], dtype=np.float64)
    fl = _field_lengths(segment_searcher, WORD_LIST_FIELD)[ids]
    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    scores = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))
    return ids, scores, sum(count for _, count, _ in groups)


def _first_ids(m: W3LeafMatcher, n: int) -> list[int]:
    """The first ``n`` document numbers of a posting list (only the blocks that hold them are read)."""
    out: list[int] = []
    while len(out) < n:
        if m._data is None:
            m._read_data()
        out.extend(np.cumsum(np.asarray(m._data[0], dtype=np.int64))[m._i:].tolist())
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    return out[:n]


def best(searcher, q, limit: int, first: int) -> tuple[int, list[int], list[tuple[int, float]]]:
    """``(total, the first ``first`` matches, the ``limit`` best as (docnum, score))`` of a ranked search."""
    context = searcher.context()
    total, docs, ids_parts, score_parts = 0, [], [], []
    for subsearcher, offset in searcher.leaf_searchers():
        m = q.matcher(subsearcher, context)
        short = _champions(m, subsearcher, limit)
        if short is not None:
            ids, scores, count = short
            if len(docs) < first:
                docs += [d + offset for d in _first_ids(m, first - len(docs))]
        else:
            ids, scores = matches(m, subsearcher, True)
            count = len(ids)
            if len(docs) < first:
                docs += (ids[:first - len(docs)] + offset).tolist()
        total += count
        ids_parts.append(ids + offset)
        score_parts.append(scores)
    if not ids_parts:
        return 0, [], []
    return total, docs, top_by_score(np.concatenate(ids_parts), np.concatenate(score_parts), limit)


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
