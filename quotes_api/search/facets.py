"""Facet and timeline counts over the documents a query matched.

Each facet is a per-document column in the index (see index.FACETS). A column is read once per
index generation into a list indexed by document number, so counting a query's facets is one
pass over its matching documents: no per-term scan, and the same cost with zero hits.
"""
from __future__ import annotations

import threading
import weakref
from collections import Counter
from typing import Iterable

from whoosh.collectors import SortingCollector, TopCollector, WrappingCollector

from .analysis import fold_words
from .index import FACET_SEP

_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


class MatchedDocs(WrappingCollector):
    """Records every matching document while the wrapped collector ranks them, so the total and the
    facets come from the ranking pass itself (Whoosh would run the query again for them, which for a
    phrase means reading its positions twice). Wrap a collector made with ``optimize=False``: one
    that skips low-scoring blocks would skip their documents here too."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.docs: list[int] = []

    def collect(self, sub_docnum):
        self.docs.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def ranking_collector(searcher, limit: int, sorting: dict):
    """The collector of a page of hits that sees every matching document (wrap it in MatchedDocs).

    Whoosh's TopCollector, even without block-quality skipping, replaces its matcher with a
    "more efficient" one every few hits, given the lowest score of the page so far, and for a
    union that drops the documents that cannot reach the page: they were left out of the total
    and the facets (``soldiers OR opposition`` counted 9,523 of 162,486 matches). ``replace=0``
    never replaces it.
    """
    if sorting:
        return SortingCollector(sorting["sortedby"], limit=limit, reverse=sorting.get("reverse", False))
    return TopCollector(limit=limit, usequality=False, replace=0)


def column(searcher, name: str) -> list[tuple[str, ...]]:
    """The values of facet ``name`` for every document number of this searcher's generation."""
    with _cache_lock:
        per_searcher = _cache.setdefault(searcher, {})
        if name not in per_searcher:
            reader = searcher.reader()
            values = reader.column_reader(f"f_{name}") if reader.has_column(f"f_{name}") else []
            per_searcher[name] = [tuple(v.decode().split(FACET_SEP)) if v else () for v in values]
        return per_searcher[name]


def value_matches(value: str, wanted: list[str]) -> bool:
    """Whether every one of the folded words ``wanted`` starts a word of ``value`` (facet_query=speaker:gonz)."""
    have = fold_words(value)
    return all(any(h.startswith(w) for h in have) for w in wanted)


def count(searcher, docnums: Iterable[int], names: Iterable[str], limit: int,
          within: dict[str, str] | None = None) -> dict[str, dict[str, int]]:
    """``{facet: {value: count}}``, the ``limit`` most frequent values of each (months: all, in order);
    ``within`` maps a facet to words its values must have (as prefixes), searching within the facet."""
    docnums = list(docnums)
    within = {name: fold_words(text) for name, text in (within or {}).items()}
    out = {}
    for name in names:
        if name == "month":
            months = timeline(searcher, docnums, "month")
            if name in within:
                months = {m: n for m, n in months.items() if value_matches(m, within[name])}
            out["month"] = dict(sorted(months.items()))
            continue
        col = column(searcher, name)
        counts = Counter(v for d in docnums for v in col[d])
        if name in within:
            counts = Counter({v: n for v, n in counts.items() if value_matches(v, within[name])})
        out[name] = dict(counts.most_common(limit))
    return out


def timeline(searcher, docnums: Iterable[int], interval: str) -> dict[str, int]:
    """Counts per period ("2019-02" by month, "2019-02-27" by day) of the dated documents among ``docnums``."""
    width = 7 if interval == "month" else 10
    col = column(searcher, "day")
    return dict(Counter(col[d][0][:width] for d in docnums if col[d]))
