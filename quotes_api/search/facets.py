"""Collecting a page of hits with the matches it saw, and facet and timeline counts over them.

Each facet is a per-document column in the index (see index.FACETS). A column is read once per
segment into a tuple indexed by document number, its values shared (one string object per distinct
value), and coded once per segment as integers (``_coded``), so counting a query's facets is a few
NumPy operations over its matching documents (``np.unique`` of their codes): no per-term scan, and
the same cost with zero hits.

Counting facets over every match costs time in proportion to the matches, which nobody reads past
the first pages. So the facets are counted over the first ``exact_limit`` matches (setting
EXACT_TOTAL_LIMIT) and past it the answer says ``facets_sampled``. A query with words is ranked
whole, every match at once (``ArrayMatches``, see ranking.py), so its total is exact; a query of
filters alone, where every match scores the same, goes through Whoosh's collector, which stops once
the page and the first ``exact_limit`` matches are known, and its total is then a lower bound
(``total_relation`` "gte", as Elasticsearch's ``track_total_hits``).
"""
from __future__ import annotations

import threading
import weakref
from collections import Counter
from itertools import chain
from typing import Iterable, NamedTuple

import numpy as np

from whoosh import columns
from whoosh.collectors import SortingCollector, TopCollector

from . import ranking
from .analysis import fold_words
from .index import FACET_SEP

_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()
# Columns holding several values per document (the others hold one, or none: '').
MULTI_VALUED = frozenset({"theme", "publication"})


class _Recorded:
    """A Whoosh collector's recorded matches as the facets count them: ``matched`` is its ``docs`` (ArrayMatches
    keeps them as an array)."""

    @property
    def matched(self) -> list[int]:
        return self.docs


class RankedMatches(_Recorded, TopCollector):
    """The top ``limit`` hits by score; every match recorded (``docs``) up to ``exact_limit`` of them.

    Whoosh's TopCollector is kept from replacing its matcher and from skipping blocks by their
    quality: both are meant to drop only documents that cannot reach the page, but on unions
    (``gov*``, ``a OR b``) they dropped some of the best ones, in tests comparing pages with and
    without them (the quality bounds they rely on were below the best scores). Past ``exact_limit``
    the matches are still all ranked, no longer recorded (the facets are then counted over a sample
    and the total is a lower bound); and when every score is the same (``constant``: filters only,
    no words) the first page is already known, and the search stops there.
    """

    def __init__(self, limit: int, exact_limit: int, constant: bool = False) -> None:
        super().__init__(limit=limit, usequality=False, replace=0)
        self.exact_limit = exact_limit
        self.constant = constant

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.docs: list[int] = []
        self.exact = True

    def matches(self):
        matcher, docs, offset = self.matcher, self.docs, self.offset
        room = self.exact_limit - len(docs)
        while room > 0 and matcher.is_active():
            docnum = matcher.id()
            docs.append(offset + docnum)
            room -= 1
            yield docnum
            matcher.next()
        if not matcher.is_active():
            return
        self.exact = False
        if self.constant and len(self.items) >= self.limit:
            return  # among equal scores the first documents stay: nothing left can enter the page
        yield from super().matches()
    # TopCollector's own ``total`` counts every document collected: all of them while exact.


class SortedMatches(_Recorded, SortingCollector):
    """The first ``limit`` hits in a sort order: every match is visited (to sort it) and counted, and
    the first ``exact_limit`` recorded for the facets."""

    def __init__(self, sortedby, limit: int, reverse: bool, exact_limit: int) -> None:
        super().__init__(sortedby, limit=limit, reverse=reverse)
        self.exact_limit = exact_limit

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.docs: list[int] = []
        self.total = 0
        self.exact = True

    def collect(self, sub_docnum):
        if self.total < self.exact_limit:
            self.docs.append(self.offset + sub_docnum)
        self.total += 1
        return super().collect(sub_docnum)


def collector(limit: int, sorting: dict, exact_limit: int, constant: bool = False):
    """The collector of the first ``limit`` hits, ranked, or sorted as ``sorting`` says (``constant``: the
    query scores every match the same)."""
    if sorting:
        return SortedMatches(sorting["sortedby"], limit, sorting.get("reverse", False), exact_limit)
    return RankedMatches(limit, exact_limit, constant)


class Hit:
    """One hit of ArrayMatches, read as Whoosh's: ``hit["id"]`` (a stored field) and ``hit.score``."""

    __slots__ = ("searcher", "docnum", "score")

    def __init__(self, searcher, docnum: int, score: float | None) -> None:
        self.searcher, self.docnum, self.score = searcher, docnum, score

    def __getitem__(self, name: str):
        return self.searcher.stored_fields(self.docnum)[name]


class ArrayMatches:
    """The page and the matches of a query with words, every match ranked at once (see ranking.py): what
    RankedMatches or SortedMatches would collect, with the same ``total``, ``exact``, ``docs`` and
    ``results()``; ``matched`` is ``docs`` as ranking found them (the first matches of a word's pooled
    champions stay the array they are kept as, which the facets count without making a list of it)."""

    def __init__(self, searcher, q, limit: int, sorting: dict, exact_limit: int, cache_mb: float = 0,
                 pool_mb: float = 0) -> None:
        self.exact = True  # every match counted; the facets are counted over the first exact_limit
        if sorting:
            ids, _ = ranking.all_matches(searcher, q, scored=False)
            self.total, self.matched = len(ids), ids[:exact_limit]
            keys = ranking.day_keys(searcher, column(searcher, "day"))
            top = [(d, None) for d in ranking.top_by_key(ids, keys, limit, sorting.get("reverse", False))]
        else:
            self.total, self.matched, top = ranking.best(searcher, q, limit, exact_limit, int(cache_mb * 2 ** 20),
                                                         int(pool_mb * 2 ** 20))
        self._hits = [Hit(searcher, d, s) for d, s in top]

    @property
    def docs(self) -> list[int]:
        """The first ``exact_limit`` matches, the facets' documents."""
        return self.matched.tolist() if isinstance(self.matched, np.ndarray) else self.matched

    def results(self) -> list[Hit]:
        return self._hits


def collect(searcher, q, limit: int, sorting: dict, exact_limit: int, constant: bool = False, cache_mb: float = 0,
            pool_mb: float = 0):
    """The first ``limit`` hits of ``q`` and its matches (``total``, ``exact``, ``docs``, ``results()``).

    A query of filters alone (``constant``) goes through Whoosh's collector, which stops once the page
    and the first ``exact_limit`` matches are known; a query with words is ranked whole (ArrayMatches;
    ``cache_mb``, ``pool_mb``: settings POSTINGS_CACHE_MB and CHAMPION_POOL_MB).
    """
    if constant:
        found = collector(limit, sorting, exact_limit, constant)
        searcher.search_with_collector(q, found)
        return found
    if sorting and sorting["sortedby"] != "f_day":
        raise ValueError(f"no array sort by {sorting['sortedby']}")
    return ArrayMatches(searcher, q, limit, sorting, exact_limit, cache_mb, pool_mb)


def column(searcher, name: str) -> tuple:
    """The values of facet ``name`` for every document number of this searcher's generation: a string
    ('' for none) per document, a tuple of them for the multi-valued facets; ``month`` is ``day`` cut to
    YYYY-MM.

    Tuples, not lists: Python's cycle collector stops walking a tuple that holds only strings (or such
    tuples) once it has seen it, where it walked every list of a million values at each full collection
    (66 ms in a worker at a million quotations, every few hundred requests).

    Each segment's values are read once (a segment never changes; deletions keep its document numbers)
    and kept while the index has the segment: a commit adds a small segment, and only that one is read
    (reading a million documents' values took about 3 s in every process after every commit)."""
    with _cache_lock:
        per_searcher = _cache.setdefault(searcher, {})
        if name not in per_searcher:
            leaves = searcher.reader().leaf_readers()
            _forget_dead_segments(leaves)
            values: list = []
            for leaf, _ in leaves:
                values += _segment_values(leaf, name)
            per_searcher[name] = tuple(values)
        return per_searcher[name]


def _forget_dead_segments(leaves) -> None:
    """Drop what _segments keeps of segments these leaves no longer have (under _cache_lock)."""
    live = {_segment_key(leaf) for leaf, _ in leaves}
    for key in [k for k in _segments if k[0] not in live]:
        del _segments[key]  # merged away (or another index's: read again if asked)


def _segment_values(leaf, name: str) -> tuple:
    """One segment's values of facet ``name``, read once and kept by segment id (under _cache_lock)."""
    segment = _segment_key(leaf)
    if segment is None:  # no segment to keep it by (an empty index's reader): read it now
        return tuple(_leaf_column(leaf, name))
    if (segment, name) not in _segments:
        _segments[(segment, name)] = tuple(_leaf_column(leaf, name))
    return _segments[(segment, name)]


# (segment key, facet name) -> that segment's values of the facet (see column).
_segments: dict[tuple, tuple] = {}


def _segment_key(leaf) -> str | None:
    """A segment's id: random, so one id is one segment's documents (a copied index shares them, as it should)."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    return segment.segment_id() if segment is not None else None


def _leaf_column(leaf, name: str) -> list:
    if name == "month":
        return _shared(v[:7] for v in _column_values(leaf, "day"))
    if name in MULTI_VALUED:
        shared: dict = {}
        return [shared.setdefault(v, tuple(v.split(FACET_SEP)) if v else ()) for v in _column_values(leaf, name)]
    return _shared(_column_values(leaf, name))


def _column_values(reader, name: str):
    if not reader.has_column(f"f_{name}"):
        return iter([""] * reader.doc_count_all())  # (a segment without the column: no value for its documents)
    raw = reader.column_reader(f"f_{name}", translate=False)
    if not isinstance(raw, columns.VarBytesColumn.Reader):
        return (v.decode() for v in reader.column_reader(f"f_{name}"))
    # The column's bytes read at once and cut by its lengths, each distinct value decoded once: Whoosh's
    # reader gets and translates every value by itself (3 s for a million documents' five facets).
    lengths = raw._lengths
    data = raw._dbfile.get(raw._basepos, sum(lengths))
    decoded: dict[bytes, str] = {}
    out, pos = [], 0
    for n in lengths:
        b = data[pos:pos + n]
        pos += n
        v = decoded.get(b)
        if v is None:
            v = decoded[b] = b.decode()
        out.append(v)
    return iter(out)


def _shared(values: Iterable[str]) -> list[str]:
    """The values, each distinct one a single object (a column of a million documents holds a few
    thousand distinct values)."""
    shared: dict[str, str] = {}
    return [shared.setdefault(v, v) for v in values]


def value_matches(value: str, wanted: list[str]) -> bool:
    """Whether every one of the folded words ``wanted`` starts a word of ``value`` (facet_query=speaker:gonz)."""
    have = fold_words(value)
    return all(any(h.startswith(w) for h in have) for w in wanted)


class _Coded(NamedTuple):
    """A segment's column as integer codes: ``labels`` its distinct values by code, ``codes`` the code of each
    document's value (single-valued), or of each value document after document (multi-valued, where document
    ``d``'s values are ``codes[offsets[d]:offsets[d + 1]]``)."""

    labels: tuple
    codes: np.ndarray
    offsets: np.ndarray | None


class _Counting(NamedTuple):
    """What counting a facet over a searcher's documents needs: each segment's coded column, where its
    documents start, and its codes' numbers among the searcher's values (``labels``; ``empty``: the code of '',
    or -1)."""

    starts: np.ndarray
    parts: list
    remaps: list
    labels: list
    empty: int


def _coded(values: tuple, multi: bool) -> _Coded:
    if multi:
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = list(chain.from_iterable(values))
    else:
        offsets, flat = None, values
    index = {v: i for i, v in enumerate(dict.fromkeys(flat))}
    return _Coded(tuple(index), np.fromiter(map(index.__getitem__, flat), dtype=np.int32, count=len(flat)), offsets)


def _counting(searcher, name: str) -> _Counting:
    """``name``'s coded columns for this searcher (each segment coded once, kept with its values in _segments;
    the searcher's whole column, ``column()``, is not made: 8 bytes a document and facet in every process)."""
    with _cache_lock:
        per_searcher = _cache.setdefault(searcher, {})
        found = per_searcher.get(("coded", name))
        if found is not None:
            return found
        leaves = searcher.reader().leaf_readers()
        _forget_dead_segments(leaves)
        starts, parts, remaps, labels = [], [], [], {}
        for leaf, offset in leaves:
            segment = _segment_key(leaf)
            key = (segment, name, "coded")
            part = _segments.get(key) if segment is not None else None
            if part is None:
                part = _coded(_segment_values(leaf, name), name in MULTI_VALUED)
                if segment is not None:
                    _segments[key] = part
            starts.append(offset)
            parts.append(part)
            remaps.append(np.fromiter((labels.setdefault(v, len(labels)) for v in part.labels), dtype=np.int32,
                                      count=len(part.labels)))
        narrow = np.uint8 if len(labels) <= 1 << 8 else np.uint16 if len(labels) <= 1 << 16 else np.uint32
        found = per_searcher[("coded", name)] = _Counting(np.asarray(starts, dtype=np.int64), parts,
                                                         [r.astype(narrow) for r in remaps], list(labels),
                                                         labels.get("", -1))
        return found


def _codes_of(counting: _Counting, docs: np.ndarray, cuts: list[tuple[int, int, int]]) -> np.ndarray:
    """The searcher's codes of the values of ``docs`` (ascending), in their order, a document's values in
    theirs; ``cuts``: (segment, first, end) of the runs of ``docs`` in each segment."""
    out = []
    for k, a, b in cuts:
        part, local = counting.parts[k], docs[a:b] - counting.starts[k]
        if part.offsets is None:
            out.append(counting.remaps[k][part.codes[local]])
            continue
        begin = part.offsets[local]
        lengths = part.offsets[local + 1] - begin
        # The positions of every value of these documents, one after the other.
        ends = np.cumsum(lengths)
        positions = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(begin - (ends - lengths), lengths)
        out.append(counting.remaps[k][part.codes[positions]])
    return np.concatenate(out) if len(out) != 1 else out[0]


def _cuts(starts: np.ndarray, docs: np.ndarray) -> list[tuple[int, int, int]]:
    """``(segment, first, end)``: the runs of ``docs`` (ascending) in each segment that has some."""
    bounds = np.searchsorted(docs, starts).tolist() + [len(docs)]
    return [(k, bounds[k], bounds[k + 1]) for k in range(len(starts)) if bounds[k] < bounds[k + 1]]


def count(searcher, docnums, names: Iterable[str], limit: int,
          within: dict[str, str] | None = None) -> dict[str, dict[str, int]]:
    """``{facet: {value: count}}``, the ``limit`` most frequent values of each (months: all, in order);
    ``within`` maps a facet to words its values must have (as prefixes), searching within the facet.

    As ``Counter(values).most_common(limit)`` (equal counts in the order their values first appear), over
    coded columns: a facet of 1,000 documents cost 60-110 microseconds in a Counter, 30-45 in NumPy with
    ``np.unique``, 15-25 with ``_most_common``. ``docnums`` may be a NumPy array (ranking.best's)."""
    within = {name: fold_words(text) for name, text in (within or {}).items()}
    docs = np.asarray(docnums, dtype=np.int64)
    ascending = bool(len(docs) < 2 or (docs[1:] >= docs[:-1]).all())
    order = None if ascending else np.argsort(docs, kind="stable")
    in_order = docs if ascending else docs[order]
    out = {}
    cuts = None
    for name in names:
        counting = _counting(searcher, name)
        if cuts is None:
            cuts = _cuts(counting.starts, in_order)
        if not cuts:
            out[name] = {}
            continue
        codes = _codes_of(counting, in_order, cuts)
        if not ascending:  # back to the documents' order (a multi-valued facet's values follow their document)
            codes = _reorder(counting, in_order, order, codes, cuts)
        out[name] = _most_common(codes, counting, name, limit, within.get(name))
    return out


def _most_common(codes: np.ndarray, counting: _Counting, name: str, limit: int,
                 within: list[str] | None) -> dict[str, int]:
    """``{value: count}`` of the searcher's ``codes`` of facet ``name``: its ``limit`` most frequent values, equal
    counts in the order their values first appear in ``codes`` (months: every one, in order), without '' and
    keeping only the values that have the words ``within``.

    Counted with ``np.bincount``, and the first appearance of the values that can enter the top ``limit`` found
    with ``np.minimum.at``: a few linear passes, where ``np.unique`` sorted the codes to find both."""
    labels = counting.labels
    counts = np.bincount(codes, minlength=len(labels))
    if name not in MULTI_VALUED and counting.empty >= 0:
        counts[counting.empty] = 0
    present = np.flatnonzero(counts)
    if within is not None:
        present = present[np.fromiter((value_matches(labels[c], within) for c in present.tolist()), dtype=bool,
                                      count=len(present))]
    if name == "month":
        return dict(sorted(zip([labels[c] for c in present.tolist()], counts[present].tolist())))
    n = counts[present]
    if limit <= 0:
        return {}
    if len(present) > limit:  # only the values with at least the limit-th count can enter, ties included
        keep = n >= np.sort(n)[len(n) - limit]  # (np.partition took 40 us on counts that are mostly 1)
        present, n = present[keep], n[keep]
    first = np.full(len(labels), len(codes), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(codes), dtype=np.int64))
    # Most frequent first, then the first to appear: one key, unique since no two values first appear at once.
    best = np.argsort((len(codes) - n) * (len(codes) + 1) + first[present])[:limit]
    return dict(zip([labels[c] for c in present[best].tolist()], n[best].tolist()))


def _reorder(counting: _Counting, in_order: np.ndarray, order: np.ndarray, codes: np.ndarray,
             cuts: list[tuple[int, int, int]]) -> np.ndarray:
    """Codes found for ``in_order`` (the documents sorted by ``order``, in runs ``cuts``) put back in the
    documents' own order."""
    if all(p.offsets is None for p in counting.parts):
        back = np.empty_like(codes)
        back[order] = codes
        return back
    # Multi-valued: each document's run of values moves with it.
    sizes = np.zeros(len(in_order), dtype=np.int64)
    for k, a, b in cuts:
        part, local = counting.parts[k], in_order[a:b] - counting.starts[k]
        sizes[a:b] = part.offsets[local + 1] - part.offsets[local]
    starts = np.cumsum(sizes) - sizes
    runs = [codes[starts[i]:starts[i] + sizes[i]] for i in np.argsort(order, kind="stable").tolist()]
    return np.concatenate(runs) if runs else codes


def warm(searcher, names: Iterable[str]) -> None:
    """Read and code the columns ``names`` of every segment now (see column and _counting): a process that forks
    its workers afterwards (gunicorn's arbiter) lends them the segments' values, kept by segment id, where each
    worker's first search read them (about 2 s at a million quotations, again for every worker replaced after
    max_requests). Only plain values are kept: no file or connection crosses the fork."""
    leaves = searcher.reader().leaf_readers()
    for name in names:
        with _cache_lock:
            _forget_dead_segments(leaves)
            for leaf, _ in leaves:
                _segment_values(leaf, name)
        if name != "day":
            _counting(searcher, name)


def has_value(searcher, name: str, docnum: int, value: str) -> bool:
    """Whether document ``docnum``'s facet ``name`` is ``value`` (or, multi-valued, holds it)."""
    found = column(searcher, name)[docnum]
    return value in found if name in MULTI_VALUED else found == value


def timeline(searcher, docnums: Iterable[int], interval: str) -> dict[str, int]:
    """Counts per period ("2019-02" by month, "2019-02-27" by day) of the dated documents among ``docnums``."""
    col = column(searcher, "month" if interval == "month" else "day")
    counts = Counter(map(col.__getitem__, docnums))
    counts.pop("", None)
    return dict(counts)
