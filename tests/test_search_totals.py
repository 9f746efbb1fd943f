"""Totals and facet counts are those of every quotation a query matches, for every query shape.

The index is large enough that the frequent words' postings span several blocks (Whoosh's block
is 128 postings), where Whoosh's collector, replacing a union's matcher every few hits, used to
drop the documents that could not reach the top of the page from the count (issue 10, item 3).
"""
from __future__ import annotations

import random

import pytest
from whoosh import query as Q

from quotes_api import ingest
from quotes_api.articles.model import Article
from quotes_api.extract.records import quote_id
from quotes_api.search.query import QuoteQueryParser, filters as filter_queries
from quotes_api.service import QuoteService

WORDS = ["soldiers", "opposition", "government", "governor", "govern", "military", "militant", "president",
         "people", "food", "the", "no", "we", "aid"] + [f"x{i}" for i in range(60)]
NAMES = ["Ana Cruz", "Luis Cruz", "Maria Lopez", "Juan Perez", "Rosa Diaz", "Pedro Ortiz"]
OUTLETS = ["Reuters", "BBC", "AFP"]
N_ARTICLES, PER_ARTICLE = 300, 10


def _corpus() -> dict[str, tuple[Article, list[dict]]]:
    rng = random.Random(3)
    weights = [1.0 / (r + 1) ** 0.7 for r in range(len(WORDS))]
    out = {}
    for a in range(N_ARTICLES):
        texts = list(dict.fromkeys(" ".join(rng.choices(WORDS, weights, k=rng.randint(4, 20))).capitalize()
                                   for _ in range(PER_ARTICLE)))
        body = "\n\n".join(f'"{t}" someone said.' for t in texts)
        published = f"20{rng.randint(15, 20)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        art = Article(id=f"t{a:04d}", text=body, publication=f"Paper {a % 7}", published=published)
        records = []
        for t in texts:
            start = body.index(t)
            name = rng.choice(NAMES)
            outlet = rng.choice(OUTLETS + [None])
            records.append({
                "id": quote_id(t), "text": t, "parts": [{"text": t, "start": start, "end": start + len(t)}],
                "kind": rng.choice(["full", "full", "partial"]),
                "speaker": {"name": name, "aliases": [], "role": None, "description": None},
                "outlet": {"name": outlet} if outlet else None, "context": None,
                "attribution": {"method": "explicit", "confidence": 0.9, "evidence": "said"}, "themes": [],
                "sources": [{"article_id": art.id, "start": start, "end": start + len(t), "parts": []}]})
        out[art.id] = (art, records)
    return out


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    data = _corpus()
    mp = pytest.MonkeyPatch()
    mp.setattr(ingest, "extract_article", lambda art, config=None: [dict(r) for r in data[art.id][1]])
    path = tmp_path_factory.mktemp("totals") / "db"
    with QuoteService(path, overrides={"FACET_LIMIT": 1000, "INDEX_BATCH": 40, "EXACT_TOTAL_LIMIT": 100_000}) as s:
        s.ingest([art for art, _ in data.values()])
        mp.undo()
        searcher = s.index.searcher()
        assert searcher.doc_frequency("words", "soldiers") > 3 * 128  # several posting blocks per term
        assert len(searcher.reader().leaf_readers()) > 1
        yield s


QUERIES = ["soldiers OR opposition", "gov*", "militay~", "president", "soldiers opposition", '"the soldiers"',
           "soldiers -opposition", "(soldiers OR food) -people", "soldiers OR opposition OR aid OR x3",
           "speaker:cruz president", "outlet:reuters OR aid", "date:[2017 TO 2018-06]", "kind:partial gov*", ""]
FILTERS = [{}, {"speaker": "cruz"}, {"outlet": "bbc"}, {"since": "2016-03", "until": "2019"}, {"kind": "full"}]


def _matched(svc, q: str, flt: dict) -> set[int]:
    searcher = svc.index.searcher()
    main = QuoteQueryParser().parse(q, searcher.reader(), max_chars=1000).query
    parts = [p for p in [main, *filter_queries(**flt)] if not isinstance(p, Q.Every)] or [Q.Every()]
    query = parts[0] if len(parts) == 1 else Q.And(parts)
    return set(searcher.docs_for_query(query))


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: ",".join(f) or "no filter")
@pytest.mark.parametrize("q", QUERIES)
def test_total_and_facets_count_every_match(svc, q, flt):
    matched = _matched(svc, q, flt)
    for sort in ("relevance", "-date"):
        found = svc.search(q, per_page=10, sort=sort, **flt)
        assert found["total"] == len(matched), (q, flt, sort)
        facets = found["facets"]
        assert sum(facets["speaker"].values()) == len(matched)  # every quotation has one speaker
        assert sum(facets["month"].values()) == len(matched)    # and a date
        assert sum(facets["outlet"].values()) <= len(matched)
        assert len(found["hits"]) == min(10, len(matched))


def test_past_the_exact_limit_the_facets_are_sampled_and_the_page_the_same(svc, tmp_path):
    """Past EXACT_TOTAL_LIMIT matches, the facets of a search with words are counted over the first of them
    (facets_sampled); its page is the same, and its total still exact (every match is ranked, ranking.py)."""
    limited = QuoteService(svc.directory, overrides={"EXACT_TOTAL_LIMIT": 100, "FACET_LIMIT": 1000})
    for q in ["soldiers OR opposition", "president", "gov*", "speaker:cruz president"]:
        exact, capped = svc.search(q, per_page=20), limited.search(q, per_page=20)
        matched = len(_matched(svc, q, {}))
        assert exact["total_relation"] == "eq" and not exact["facets_sampled"]
        assert capped["total_relation"] == "eq" and capped["facets_sampled"] and capped["total"] == matched
        assert [(h["id"], h["score"]) for h in capped["hits"]] == [(h["id"], h["score"]) for h in exact["hits"]], q
        assert sum(capped["facets"]["speaker"].values()) == 100
        dated = limited.search(q, per_page=5, sort="-date")
        assert dated["total"] == matched and dated["total_relation"] == "eq" and dated["facets_sampled"]
    limited.close()


def test_date_ranges_are_the_dates_stored(svc):
    rng = random.Random(9)
    dates = {r["id"]: r["date"] for r in svc.store.iter_records()}
    for _ in range(40):
        since = rng.choice([None, f"20{rng.randint(14, 21)}", f"20{rng.randint(15, 20)}-{rng.randint(1, 12):02d}",
                            f"20{rng.randint(15, 20)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        until = rng.choice([None, f"20{rng.randint(14, 21)}", f"20{rng.randint(15, 20)}-{rng.randint(1, 12):02d}",
                            f"20{rng.randint(15, 20)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        if since and until and since > until:
            continue
        want = {q for q, d in dates.items() if (not since or d >= since) and (not until or d[:len(until)] <= until)}
        got = {h["id"] for h in svc.iter_search("", since=since, until=until)}
        assert got == want, (since, until)


def test_prefix_and_fuzzy_expansions_are_capped_and_say_so(svc):
    limited = QuoteService(svc.directory, overrides={"MAX_EXPANSIONS": 1})
    for q in ["gov*", "x1*", "militay~2"]:
        full, capped = svc.search(q, per_page=100), limited.search(q, per_page=100)
        assert not full["expansions_capped"] and capped["expansions_capped"], q
        assert 0 < capped["total"] < full["total"]
    assert not limited.search("government")["expansions_capped"]
    limited.close()


def test_filters_alone_stop_at_the_exact_limit_with_the_same_page(svc):
    """Filters score every match the same, so past EXACT_TOTAL_LIMIT the first page is already known."""
    limited = QuoteService(svc.directory, overrides={"EXACT_TOTAL_LIMIT": 50})
    for flt in [{"speaker": "cruz"}, {"since": "2016", "until": "2019"}, {"kind": "full", "outlet": "bbc"}]:
        exact, capped = svc.search("", per_page=20, **flt), limited.search("", per_page=20, **flt)
        assert capped["total_relation"] == "gte" and capped["total"] == 50 < exact["total"]
        assert [h["id"] for h in capped["hits"]] == [h["id"] for h in exact["hits"]]
    limited.close()
