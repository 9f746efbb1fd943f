"""Ingest: articles in, quotations stored and indexed, a summary out.

Each article is extracted, its quotations are given themes, and the whole is committed to the
store in one transaction; the index follows every INDEX_BATCH articles (and at the end) by
replaying the store's change log, so a crash at any point loses nothing that was acknowledged.
One article that cannot be read or extracted is recorded as a failure and the run goes on.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from .articles.model import Article
from .errors import QuotesApiError
from .extract import extract_article
from .store import Store
from .themes import Taxonomy

log = logging.getLogger("quotes_api")


def records_of(article: Article, taxonomy: Taxonomy, config: dict | None = None) -> list[dict]:
    """The article's quotation records with their themes assigned (``config``: setting overrides)."""
    records = extract_article(article, config)
    for rec in records:
        rec["themes"] = taxonomy.assign(rec["text"])
    return records


def ingest_one(store: Store, taxonomy: Taxonomy, article: Article, *, force: bool = False,
               config: dict | None = None) -> dict:
    """Extract and store one article: ``{"article_id", "status", "quotations": [ids], "new", "merged"}``.

    An article whose text is already stored is not extracted again, unless ``force`` (re-extraction).
    """
    if not force and store.article_hash(article.id) == article.content_hash:
        return {"article_id": article.id, "status": "unchanged", "quotations": [], "new": [], "merged": []}
    records = records_of(article, taxonomy, config)
    done = store.put_article(article, records, force=force)
    return {"article_id": article.id, "status": done["status"], "quotations": [r["id"] for r in records],
            "new": done["new"], "merged": done["merged"]}


class Summary:
    """Counts and per-article results of one run."""

    def __init__(self) -> None:
        self.articles = {"new": 0, "unchanged": 0, "replaced": 0, "failed": 0}
        self.quotations = {"new": 0, "merged": 0}
        self.results: list[dict] = []
        self.failures: list[dict] = []

    def add(self, result: dict) -> None:
        self.articles[result["status"]] += 1
        self.quotations["new"] += len(result.pop("new", []))
        self.quotations["merged"] += len(result.pop("merged", []))
        self.results.append(result)

    def fail(self, article_id: str | None, source: str | None, error: str) -> None:
        self.articles["failed"] += 1
        self.failures.append({"article_id": article_id, "source": source, "error": error})
        if article_id is not None:
            self.results.append({"article_id": article_id, "status": "failed", "quotations": [], "error": error})

    def as_dict(self) -> dict:
        return {"articles": self.articles, "quotations": self.quotations, "results": self.results,
                "failures": self.failures}


def ingest_many(store: Store, taxonomy: Taxonomy, articles: Iterable[Article], *, batch: int,
                sync_index: Callable[[], object], progress: Callable[[dict], None] | None = None,
                force: bool = False, config: dict | None = None) -> Summary:
    """Ingest ``articles`` one transaction each, syncing the index every ``batch`` changed articles."""
    summary = Summary()
    pending = 0
    for article in articles:
        try:
            result = ingest_one(store, taxonomy, article, force=force, config=config)
        except QuotesApiError as e:
            summary.fail(article.id, article.source, str(e))
            result = summary.results[-1]
        except Exception as e:  # an extraction bug on one article must not stop a long run
            log.debug("extraction of %s failed", article.id, exc_info=True)
            summary.fail(article.id, article.source, f"internal error in extraction ({type(e).__name__}: {e})")
            result = summary.results[-1]
        else:
            summary.add(result)
            if result["status"] != "unchanged":
                pending += 1
        if progress is not None:
            progress(result)
        if pending >= batch:
            sync_index()
            pending = 0
    if pending:
        sync_index()
    return summary
