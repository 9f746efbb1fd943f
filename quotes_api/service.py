"""QuoteService: the one facade over the store, the index and search, used by the CLI and the REST API.

A service opens lazily: nothing touches the disk until the first call. Reads never take the
writer lock; every write (ingest, delete, reindex, reextract) takes it for its duration, and
a second writer waits WRITE_LOCK_TIMEOUT seconds and then raises ``errors.WriterBusy``.

Return shapes (all plain dicts and lists, JSON-ready):

- a *record* is the quotation record of docs/contracts.md with ``themes`` filled as
  ``[{"name", "matched": [words]}]`` and ``speaker["id"]`` / ``outlet["id"]`` set when known;
- ``search`` returns ``{total, took_ms, page, per_page, hits, facets, suggestion}`` where each hit is a
  record plus ``score`` (float, None when sorted by date) and ``highlight`` (text with ``<b>`` marks);
  ``facets`` is ``{"speaker": {label: count}, "outlet": {...}, "theme": {...}, "publication": {...},
  "month": {"YYYY-MM": count}}``; ``suggestion`` is a corrected query string or None.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from .articles.model import Article

SORTS = ("relevance", "date", "-date")
INTERVALS = ("month", "day")


class QuoteService:
    """The quote database under ``index_dir`` (default: setting INDEX_DIR).

    ``overrides`` maps setting names to values (as the Flask config does) and wins over the environment.
    Usable as a context manager; ``close()`` releases files and connections.
    """

    def __init__(self, index_dir: str | None = None, *, overrides: dict | None = None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Close the store connection and the index searcher. Safe to call twice."""
        raise NotImplementedError

    def __enter__(self) -> "QuoteService":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing ---------------------------------------------------------------------------

    def ingest(self, articles: Iterable[Article], *, progress=None) -> dict:
        """Ingest many articles, each in its own transaction; one failure never stops the run.

        Returns ``{"articles": {"new", "unchanged", "replaced", "failed"}, "quotations": {"new", "merged"},
        "results": [{"article_id", "status", "quotations": [ids], "error"?}], "failures": [{"article_id",
        "source", "error"}]}``. ``progress(result)`` is called after each article is committed.
        """
        raise NotImplementedError

    def ingest_article(self, article: Article) -> dict:
        """Ingest one article transactionally: ``{"article_id", "status", "quotations": [records]}``.

        ``status`` is ``new``, ``unchanged`` (same text already stored: a no-op) or ``replaced``.
        Raises ``InputError``/``ExtractionTimeout`` when the article cannot be extracted, ``WriterBusy``.
        """
        raise NotImplementedError

    def delete_article(self, article_id: str) -> dict | None:
        """Remove an article and its occurrences; quotations left without a source disappear.

        Returns ``{"article_id", "removed_quotations": [ids]}`` or None when there is no such article.
        """
        raise NotImplementedError

    def reindex(self) -> dict:
        """Re-apply the themes taxonomy to every quotation and rebuild the index from the store."""
        raise NotImplementedError

    def reextract(self, *, progress=None) -> dict:
        """Run extraction again over every stored article (after the parser improved); same shape as ``ingest``."""
        raise NotImplementedError

    # --- searching -------------------------------------------------------------------------

    def search(self, q: str = "", *, speaker: str | None = None, outlet: str | None = None,
               theme: str | None = None, publication: str | None = None, kind: str | None = None,
               since: str | None = None, until: str | None = None, sort: str = "relevance",
               page: int = 1, per_page: int = 20, fuzzy: bool = False, facets: bool = True) -> dict:
        """One page of quotations matching ``q`` (query language in README) and the filters.

        Raises ``QueryError`` for a malformed query, a bad sort, date or page.
        """
        raise NotImplementedError

    def iter_search(self, q: str = "", **filters) -> Iterator[dict]:
        """Every matching record, streamed in ``sort`` order (default date) with flat memory, for export."""
        raise NotImplementedError

    def get_quote(self, quote_id: str) -> dict | None:
        """The record of one quotation, or None."""
        raise NotImplementedError

    def similar(self, quote_id: str, limit: int = 10) -> list[dict]:
        """Quotations whose words are most like this one's (more-like-this), best first; [] when unknown."""
        raise NotImplementedError

    def timeline(self, q: str | None = None, interval: str = "month", **filters) -> list[dict]:
        """``[{"period": "2019-02" | "2019-02-27", "count": n}]`` in date order, for quotations matching ``q``."""
        raise NotImplementedError

    # --- browsing --------------------------------------------------------------------------

    def speakers(self, q: str | None = None, page: int = 1, per_page: int = 20) -> dict:
        """``{"total", "items": [speaker]}``; ``q`` matches names forgivingly (case, accents, spelling).

        A speaker is ``{"id", "name", "aliases", "role", "description", "quotations", "by_outlet": {outlet: n}}``.
        """
        raise NotImplementedError

    def get_speaker(self, speaker_id: str) -> dict | None:
        raise NotImplementedError

    def speaker_quotes(self, speaker_id: str, page: int = 1, per_page: int = 20) -> dict | None:
        """``{"total", "page", "per_page", "items": [record]}`` newest first, or None for an unknown speaker."""
        raise NotImplementedError

    def outlets(self) -> list[dict]:
        """``[{"id", "name", "quotations"}]`` by name."""
        raise NotImplementedError

    def themes(self) -> list[dict]:
        """``[{"name", "description", "terms", "quotations"}]`` of the taxonomy in use."""
        raise NotImplementedError

    def articles(self, page: int = 1, per_page: int = 20) -> dict:
        """``{"total", "page", "per_page", "items": [article metadata + "quotations": n]}`` newest first."""
        raise NotImplementedError

    def get_article(self, article_id: str) -> dict | None:
        """Article metadata, ``text`` and ``quotations`` (records), or None."""
        raise NotImplementedError

    def health(self) -> dict:
        """``{"status": "ok", "generation", "counts": {"articles", "quotations", "speakers"}, "last_modified"}``."""
        raise NotImplementedError

    @property
    def generation(self) -> int:
        """A number that changes on every committed write (use it for ETags and caches)."""
        raise NotImplementedError
