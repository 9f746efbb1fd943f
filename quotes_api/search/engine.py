"""Searching the index: a query string and filters in, a page of hits with their facets out.

``Search`` holds what a search needs besides the index and the store (the parser, the settings)
and does each step of one: parse (query.py), collect a page of hits and the matches it saw
(facets.py), count facets, suggest a correction (spelling.py), highlight (highlight.py) and
fetch the records from the store. QuoteService only opens the searcher and the store for it.
"""
from __future__ import annotations

import re
import time
from typing import Any, Callable, Iterable, Iterator

from whoosh import query as Q

from ..errors import QueryError
from ..paging import Paging
from ..store import Store
from . import facets as facets_mod, ranking
from .analysis import fold_words
from .highlight import highlight, query_terms
from .query import Parsed, QuoteQueryParser, filters as filter_queries, last_word, prefix_words, typo_edits
from .spelling import WordCorrector, near_words

SORTS = ("relevance", "date", "-date")
INTERVALS = ("month", "day")
FACET_NAMES = ("speaker", "outlet", "theme", "publication", "month")
# Documents resolved to records per store query when streaming every hit.
STREAM_BATCH = 500
# How many of a quotation's most telling words the "similar quotations" query uses.
SIMILAR_TERMS = 10
# A word in more than this share of the quotations (and more than 1,000 of them) tells little about one:
# "similar" leaves it out.
SIMILAR_MAX_SHARE = 0.05


def sorting(sort: str) -> dict:
    """The collector arguments of a sort order (QueryError for an unknown one)."""
    if sort not in SORTS:
        raise QueryError(f"sort '{sort}' is not one of {', '.join(SORTS)}")
    if sort == "relevance":
        return {}
    return {"sortedby": "f_day", "reverse": sort == "-date"}


def _expand_fuzzy(node: Q.Query, reader) -> Q.Query:
    """A fuzzy speaker word (speaker:gonzales) as the indexed tokens it matches, found once in the whole
    index: Whoosh's FuzzyTerm scans each segment's lexicon again for every search."""
    if type(node) is not Q.FuzzyTerm:
        return node
    found = sorted(near_words(reader, node.fieldname, node.text, node.maxdist, prefix=node.prefixlength))
    return Q.Or([Q.Term(node.fieldname, t, boost=node.boost) for t in found]) if found else Q.NullQuery


class Search:
    """The search steps, configured by ``setting(name)`` (QuoteService's settings with its overrides)."""

    def __init__(self, setting: Callable[[str], Any]) -> None:
        self.setting = setting
        self.parser = QuoteQueryParser()

    def parse(self, q: str | None, reader, *, fuzzy: bool | None = False, typos: bool = False,
              **filters) -> tuple[Parsed, dict | None]:
        """``q`` and the filters as one index query (Every() when both are empty), with the plain words typed;
        and how tolerant it is: ``{"prefix": word or None, "typos": bool}``, or None when ``fuzzy`` is False.

        ``fuzzy=None`` is search-as-you-type: the last word also matches as a prefix, and ``typos`` (the
        caller's second try when nothing matched) lets long words match with a typo or two.
        """
        prefix = None
        if fuzzy is not False and q:
            word = last_word(q)
            if word and len(word) >= self.setting("PREFIX_MIN_CHARS"):
                prefix = (word, self.setting("PREFIX_WORDS"))
        parsed = self.parser.parse(q or "", reader, fuzzy=bool(fuzzy), typos=typos, prefix=prefix,
                                   max_chars=self.setting("MAX_QUERY_CHARS"),
                                   max_expansions=self.setting("MAX_EXPANSIONS"), lookups=self.setting("WORD_LOOKUPS"))
        parts = [p for p in [parsed.query, *filter_queries(**filters)] if not isinstance(p, Q.Every)] or [Q.Every()]
        tolerance = None if fuzzy is False else {"prefix": prefix[0] if prefix else None, "typos": typos}
        query = (parts[0] if len(parts) == 1 else Q.And(parts)).accept(lambda node: _expand_fuzzy(node, reader))
        return parsed._replace(query=query), tolerance

    @staticmethod
    def may_have_typos(parsed: Parsed, fuzzy: bool | None) -> bool:
        """Whether a query that found nothing is tried again with typo tolerance (fuzzy=None only)."""
        return fuzzy is None and any(typo_edits(w) for w in parsed.words)

    @staticmethod
    def facet_names(facets: bool | Iterable[str], facet_query: dict | None) -> tuple[str, ...]:
        names = FACET_NAMES if facets is True else () if not facets else tuple(facets)
        unknown = [n for n in (*names, *(facet_query or {})) if n not in FACET_NAMES]
        if unknown:
            raise QueryError(f"'{unknown[0]}' is not a facet; facets are {', '.join(FACET_NAMES)}")
        return names

    def page(self, searcher, store: Store, q: str, *, paging: Paging, sort: str = "relevance",
             fuzzy: bool | None = False, facets: bool | Iterable[str] = True, facet_limit: int | None = None,
             facet_query: dict[str, str] | None = None, highlight_pre: str = "<b>", highlight_post: str = "</b>",
             crop: int | None = None, **filters) -> dict:
        """One page of hits: see QuoteService.search for the arguments and the shape."""
        started = time.perf_counter()
        order = sorting(sort)
        names = self.facet_names(facets, facet_query)
        exact_limit = max(self.setting("EXACT_TOTAL_LIMIT"), paging.stop)
        reader = searcher.reader()

        def run(typos: bool):
            parsed, tolerance = self.parse(q, reader, fuzzy=fuzzy, typos=typos, **filters)
            constant = not any(getattr(leaf, "fieldname", None) == "words" for leaf in parsed.query.leaves())
            return parsed, tolerance, facets_mod.collect(searcher, parsed.query, paging.stop, order, exact_limit,
                                                         constant, self.setting("POSTINGS_CACHE_MB"),
                                                         self.setting("CHAMPION_POOL_MB"))

        parsed, tolerance, collector = run(False)
        if not collector.total and self.may_have_typos(parsed, fuzzy):
            tolerant = run(True)
            if tolerant[2].total:  # the answer says typos only when they found something
                parsed, tolerance, collector = tolerant
        page_hits = paging.window(collector.results())
        scores = {hit["id"]: (hit.score if not order else None) for hit in page_hits}
        words = query_terms(parsed.query, reader)
        width = crop or self.setting("HIGHLIGHT_CHARS")
        hits = [{**rec, "score": scores[rec["id"]],
                 "highlight": highlight(rec["text"], words, width, highlight_pre, highlight_post)}
                for rec in store.records(list(scores))]
        limit = min(facet_limit or self.setting("FACET_LIMIT"), self.setting("MAX_FACET_LIMIT"))
        sampled = not collector.exact or collector.total > len(collector.matched)
        return {
            "total": collector.total, "total_relation": "eq" if collector.exact else "gte",
            **paging.as_dict(), "hits": hits,
            "facets": facets_mod.count(searcher, collector.matched, names, limit, facet_query) if names else None,
            "facets_sampled": bool(names) and sampled,
            "expansions_capped": parsed.capped,
            # With typos tolerated the answer has already matched the nearest words: no second scan for them.
            "suggestion": self.suggest(q, parsed.words, searcher, skip=tolerance and tolerance["prefix"],
                                       indexed=parsed.indexed)
            if q and not (tolerance and tolerance["typos"]) else None,
            "tolerance": tolerance,
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
        }

    @staticmethod
    def warm(searcher) -> None:
        """Read what a process's first searches read of every segment: the facet columns and the dates."""
        facets_mod.warm(searcher, (*FACET_NAMES, "day"))

    @staticmethod
    def suggest(q: str, words: list[str], searcher, skip: str | None = None,
                indexed: frozenset[str] = frozenset()) -> str | None:
        """The query with each typed word the index has never seen replaced by its nearest indexed word, or
        None (``skip``: a word being typed, matched as a prefix; ``indexed``: words known to be in the index,
        found by the parse, which are not looked up again in every segment)."""
        reader = searcher.reader()
        corrector, fixes = None, {}
        for word in words:
            if word in indexed or ("words", word) in reader or (word == skip and prefix_words(reader, word, 1)):
                continue
            corrector = corrector or WordCorrector(reader, "words", reader.schema["words"])
            found = corrector.suggest(word, limit=1, maxdist=2, prefix=1)
            if found:
                fixes[word] = found[0]
        if not fixes:
            return None
        return re.sub(r"\w+", lambda m: fixes.get((fold_words(m.group(0)) or [""])[0], m.group(0)), q)

    def _matched(self, searcher, q: str | None, fuzzy: bool | None, filters: dict, **search) -> object:
        """Whoosh's results of every match (``search``: its arguments), tried again with typo tolerance when
        search-as-you-type found nothing."""
        parsed, _ = self.parse(q, searcher.reader(), fuzzy=fuzzy, **filters)
        results = searcher.search(parsed.query, limit=None, terms=False, **search)
        if results.is_empty() and self.may_have_typos(parsed, fuzzy):
            parsed, _ = self.parse(q, searcher.reader(), fuzzy=fuzzy, typos=True, **filters)
            results = searcher.search(parsed.query, limit=None, terms=False, **search)
        return results

    def ids(self, searcher, q: str, *, sort: str = "date", fuzzy: bool | None = False,
            **filters) -> Iterator[list[str]]:
        """Every matching quotation id in ``sort`` order, a batch at a time (for exports)."""
        results = self._matched(searcher, q, fuzzy, filters, **sorting(sort))
        docnums = [d for _, d in results.top_n]
        for i in range(0, len(docnums), STREAM_BATCH):
            yield [searcher.stored_fields(d)["id"] for d in docnums[i:i + STREAM_BATCH]]

    @staticmethod
    def similar(searcher, text: str, quote_id: str, limit: int) -> list[str]:
        """The ids of the quotations most like ``text`` (quotation ``quote_id``), best first.

        More-like-this on the quotation's rarest single words that other quotations share (the
        indexed word pairs are nearly all unique to one quotation, and Whoosh's own more_like picks
        them as its "key" terms, and then finds nothing); words in more than SIMILAR_MAX_SHARE of the
        quotations are left out, since their postings cost the most and tell the least. Every match is
        ranked, all at once (ranking.py).
        """
        field = searcher.schema["words"]
        most = max(1000, int(searcher.doc_count() * SIMILAR_MAX_SHARE))
        words = {t.text for t in field.analyzer(text) if " " not in t.text}
        shared = [w for w in words if 1 < searcher.doc_frequency("words", w) <= most]
        terms = sorted(shared, key=lambda w: searcher.idf("words", w), reverse=True)[:SIMILAR_TERMS]
        if not terms:
            return []
        query = Q.Or([Q.Term("words", t) for t in terms])
        itself = next(iter(searcher.document_numbers(id=quote_id)), None)
        ids, scores = ranking.all_matches(searcher, query, scored=True, exclude=itself)
        return [searcher.stored_fields(d)["id"] for d, _ in ranking.top_by_score(ids, scores, limit)]

    def timeline(self, searcher, q: str | None, interval: str = "month", *, fuzzy: bool | None = False,
                 exact: dict[str, str] | None = None, **filters) -> list[dict]:
        """``[{"period", "count"}]`` in date order for the quotations matching ``q`` and the filters; ``exact``
        ({"speaker": name} or {"outlet": name}) keeps only those whose facet value is that one."""
        if interval not in INTERVALS:
            raise QueryError(f"interval '{interval}' is not one of {', '.join(INTERVALS)}")
        for name, value in (exact or {}).items():
            filters.setdefault(name, value)
        parsed, _ = self.parse(q, searcher.reader(), fuzzy=fuzzy, **filters)
        if isinstance(parsed.query, Q.Every):  # every live document, without a matcher
            reader = searcher.reader()
            docs = reader.all_doc_ids() if reader.has_deletions() else range(reader.doc_count_all())
        else:
            docs = ranking.all_matches(searcher, parsed.query, scored=False)[0].tolist()
            if not docs and self.may_have_typos(parsed, fuzzy):
                parsed, _ = self.parse(q, searcher.reader(), fuzzy=fuzzy, typos=True, **filters)
                docs = ranking.all_matches(searcher, parsed.query, scored=False)[0].tolist()
        for name, value in (exact or {}).items():
            docs = [d for d in docs if facets_mod.has_value(searcher, name, d, value)]
        counts = facets_mod.timeline(searcher, docs, interval)
        return [{"period": p, "count": n} for p, n in sorted(counts.items())]
