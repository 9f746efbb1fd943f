"""QuoteService: the one facade over the store, the index and search, used by the CLI and the REST API.

A service opens lazily: nothing touches the disk until the first call. Reads never take the
writer lock; every write (ingest, delete, reindex, reextract) takes it for its duration, and
a second writer waits WRITE_LOCK_TIMEOUT seconds and then raises ``errors.WriterBusy``.

Return shapes (all plain dicts and lists, JSON-ready):

- a *record* is the quotation record of docs/contracts.md with ``themes`` filled as
  ``[{"name", "matched": [words]}]`` and ``speaker["id"]`` / ``outlet["id"]`` set when known;
- ``search`` returns ``{total, total_relation, took_ms, page, per_page, hits, facets, facets_sampled,
  expansions_capped, suggestion, tolerance}`` where each hit is a record plus ``score`` (float, None
  when sorted by date) and ``highlight`` (text with ``<b>`` marks); ``total_relation`` is "eq", or
  "gte" when a search of filters alone matched more than EXACT_TOTAL_LIMIT quotations and ``total`` is
  a lower bound; ``facets``
  is ``{"speaker": {label: count}, "outlet": {...}, "theme": {...}, "publication": {...}, "month":
  {"YYYY-MM": count}}``, counted over the first EXACT_TOTAL_LIMIT matches when ``facets_sampled``;
  ``expansions_capped`` says a prefix or fuzzy word matched more than MAX_EXPANSIONS words and only the
  most frequent were searched; ``suggestion`` is a corrected query string or None.

Searching itself (parse, collect, facets, suggestion, highlight) is search.engine.Search; the
service opens the searcher and the store for it.
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from whoosh.index import EmptyIndexError

from . import settings, themes as themes_mod
from .articles.model import Article
from .errors import WriterBusy
from .ingest import Summary, extract, ingest_many, ingest_one
from .paging import Paging
from .search.engine import FACET_NAMES, INTERVALS, SORTS, Search  # noqa: F401 - part of the facade
from .search.index import QuoteIndex, new_token
from .search.names import matching_speakers
from .search.sync import Follower, catch_up, rebuild
from .store import WRITER_TASKS, Store, WriterLock

log = logging.getLogger("quotes_api")



class QuoteService:
    """The quote database under ``index_dir`` (default: setting INDEX_DIR).

    ``overrides`` maps setting names to values (as the Flask config does) and wins over the environment.
    Usable as a context manager; ``close()`` releases files and connections.
    """

    def __init__(self, index_dir: str | None = None, *, overrides: dict | None = None) -> None:
        self._overrides = dict(overrides or {})
        self.directory = Path(index_dir or self._setting("INDEX_DIR"))
        self._store: Store | None = None
        self._index: QuoteIndex | None = None
        self._lock: WriterLock | None = None
        self._search = Search(self._setting)
        self._opening = threading.Lock()

    def _setting(self, name: str):
        return settings.get(name, self._overrides)

    # --- opening ---------------------------------------------------------------------------

    def _open(self) -> None:
        with self._opening:
            if self._store is not None:
                return
            store = Store(self.directory)
            token = store.setdefault_meta("index_token", new_token())
            self._index = QuoteIndex(self.directory / "whoosh", token,
                                     max_segment_mb=self._setting("MAX_MERGED_SEGMENT_MB"))
            self._lock = WriterLock(self.directory, self._setting("WRITE_LOCK_TIMEOUT"))
            self._store = store
        # A reader that finds no writer at work repairs what a crashed one left behind.
        if self._lock.try_acquire():
            try:
                self._sync()
            finally:
                self._lock.release()
        self._warn_if_taxonomy_changed()

    @property
    def store(self) -> Store:
        if self._store is None:
            self._open()
        return self._store

    @property
    def index(self) -> QuoteIndex:
        self.store  # noqa: B018 - opens everything
        return self._index

    def _sync(self) -> str:
        return catch_up(self.store, self._index, self._setting("INDEX_MEMORY_MB"))

    def _warn_if_taxonomy_changed(self) -> None:
        taxonomy = self._taxonomy()
        if self._store.setdefault_meta("themes_digest", taxonomy.digest) != taxonomy.digest:
            log.warning("the themes taxonomy changed since quotations were filed (now version %s); run "
                        "`quotes-api reindex` to re-apply it", taxonomy.version)

    def _taxonomy(self) -> themes_mod.Taxonomy:
        return themes_mod.load(self._overrides)

    def close(self) -> None:
        """Close the store connection and the index searcher. Safe to call twice."""
        with self._opening:
            if self._index is not None:
                self._index.close()
            if self._store is not None:
                self._store.close()
            self._store = self._index = None

    def __enter__(self) -> "QuoteService":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def writing(self, task: str):
        """Hold the writer lock for ``task`` (a ``store.WRITER_TASKS`` key, which refused writers are told),
        with the index caught up first (a crashed writer may have left it behind). Re-entrant, so several
        writes can share one hold (a bulk POST). Raises ``WriterBusy`` after WRITE_LOCK_TIMEOUT seconds."""
        self.store  # noqa: B018
        self._lock.acquire(task)
        try:
            self._sync()
            yield
        finally:
            self._lock.release()

    # --- writing ---------------------------------------------------------------------------

    def ingest(self, articles: Iterable[Article], *, progress=None, jobs: int = 1, scheduler: str | None = None) -> dict:
        """Ingest many articles, each all or nothing (STORE_BATCH of them per store commit); one failure never
        stops the run.

        Extraction runs in ``jobs`` processes, or on the Dask cluster at ``scheduler`` (tcp://HOST:8786);
        this process commits the articles in order. Returns ``{"articles": {"new", "unchanged",
        "replaced", "failed"}, "quotations": {"new", "merged"}, "results": [{"article_id", "status",
        "quotations": [ids], "error"?}], "failures": [{"article_id", "source", "error"}]}``.
        ``progress(result)`` is called for each article once it is committed.
        """
        return self._ingest(articles, progress=progress, jobs=jobs, scheduler=scheduler).as_dict()

    def _ingest(self, articles: Iterable[Article], *, progress=None, force: bool = False, jobs: int = 1,
                scheduler: str | None = None) -> Summary:
        with self.writing("reextract" if force else "ingest"):
            return ingest_many(self.store, self._taxonomy(), articles, batch=self._setting("INDEX_BATCH"),
                               sync_index=self._sync, progress=progress, force=force, config=self._overrides,
                               jobs=jobs, scheduler=scheduler, store_batch=self._setting("STORE_BATCH"),
                               store_batch_ms=self._setting("STORE_BATCH_MS"), open_sync=self._open_sync,
                               follow_batch=self._setting("INDEX_FOLLOW_BATCH"),
                               store_cache_mb=self._setting("STORE_CACHE_MB"),
                               store_wal_mb=self._setting("STORE_WAL_MB"),
                               extract_nice=self._setting("EXTRACT_NICE"))

    def _open_sync(self):
        """The index's catch-up, for another process working for this writer (ingest's index process): a
        service of its own on this directory, with its own connections, that never takes the writer lock."""
        svc = QuoteService(self.directory, overrides=self._overrides)
        return Follower(svc.store, svc.index, memory_mb=svc._setting("INDEX_MEMORY_MB"),
                        segment_mb=svc._setting("INDEX_FOLLOW_SEGMENT_MB"), seconds=svc._setting("INDEX_FOLLOW_SECONDS"))

    def ingest_article(self, article: Article) -> dict:
        """Ingest one article transactionally: ``{"article_id", "status", "quotations": [records]}``.

        ``status`` is ``new``, ``unchanged`` (same text already stored: a no-op) or ``replaced``.
        Raises ``InputError``/``ExtractionTimeout`` when the article cannot be extracted, ``WriterBusy``.
        """
        # Extraction (up to EXTRACT_TIME_BUDGET seconds) runs before the writer lock is taken, so that other
        # writers never wait for it; only storing the records holds the lock.
        extracted = None
        if self.store.article_hash(article.id) != article.content_hash:
            extracted = extract(article, self._overrides)
        with self.writing("article"):
            result = ingest_one(self.store, self._taxonomy(), article, config=self._overrides, extracted=extracted)
            self._sync()
        ids = result["quotations"] if result["status"] != "unchanged" else self._article_quote_ids(article.id)
        return {"article_id": article.id, "status": result["status"], "quotations": self.store.records(ids)}

    def _article_quote_ids(self, article_id: str) -> list[str]:
        found = self.store.article(article_id)
        return [r["id"] for r in found["quotations"]] if found else []

    def delete_article(self, article_id: str) -> dict | None:
        """Remove an article and its occurrences; quotations left without a source disappear.

        Returns ``{"article_id", "removed_quotations": [ids]}`` or None when there is no such article.
        """
        with self.writing("delete"):
            removed = self.store.delete_article(article_id)
            self._sync()
        return None if removed is None else {"article_id": article_id, "removed_quotations": removed}

    def optimize(self) -> dict:
        """Merge the search index into one segment (ingest merges only up to MAX_MERGED_SEGMENT_MB):
        ``{"segments_before", "segments"}``."""
        with self.writing("optimize"):
            before = self._index.optimize(self._setting("INDEX_MEMORY_MB"))
        return {"segments_before": before, "segments": min(before, 1)}

    def reindex(self) -> dict:
        """Re-apply the themes taxonomy to every quotation and rebuild the index from the store."""
        with self.writing("reindex"):
            taxonomy = self._taxonomy()
            changed = {r["id"]: themes for r in self.store.iter_records()
                       if (themes := taxonomy.assign(r["text"])) != r["themes"]}
            if changed:
                self.store.set_themes(changed)
            self.store.set_meta("themes_digest", taxonomy.digest)
            count = rebuild(self.store, self._index, self._setting("INDEX_MEMORY_MB"), "reindex was asked for")
        return {"quotations": count, "themes_changed": len(changed), "taxonomy_version": taxonomy.version}

    def seed_if_empty(self, logger: logging.Logger = log) -> dict | None:
        """Ingest SEED_DIR when the store holds no article yet (the first start of a fresh clone).

        Returns the ingest summary, or None when nothing was done (articles already stored, SEED_DIR off
        or not a directory: the latter is logged).
        """
        from .articles.reading import iter_articles

        seed_dir = self._setting("SEED_DIR")
        if seed_dir.lower() in ("", "off") or self.store.counts()["articles"]:
            return None
        if not Path(seed_dir).is_dir():
            logger.warning("the index is empty and SEED_DIR %s is not a directory: serving an empty index", seed_dir)
            return None
        summary = self.ingest(iter_articles([seed_dir], on_error=lambda src, err: logger.warning(
            "skipped %s: %s", src, err)))
        logger.info("the index was empty: ingested %s from %s", summary["articles"], seed_dir)
        return summary

    def reextract(self, *, progress=None, jobs: int = 1, scheduler: str | None = None) -> dict:
        """Run extraction again over every stored article (after the parser improved); same shape as ``ingest``."""
        return self._ingest(self.store.iter_articles(), progress=progress, force=True, jobs=jobs,
                            scheduler=scheduler).as_dict()

    # --- searching -------------------------------------------------------------------------

    def _searcher(self):
        index = self.index
        try:
            return index.searcher()
        except (EmptyIndexError, OSError) as e:
            # The index is being (re)built by a writer right now: tell the client to come back.
            task = self._lock.holder()["task"]
            task = task if task in WRITER_TASKS else None
            raise WriterBusy(f"the search index in {index.path} is not ready ({type(e).__name__}); "
                             f"a writer ({task or 'unknown task'}) is building it, retry shortly", task=task,
                             retry_after=WRITER_TASKS.get(task, WRITER_TASKS["reindex"])) from None

    def paging(self, page=1, per_page=20) -> Paging:
        """Page ``page`` of ``per_page`` results, ``per_page`` lowered to MAX_PER_PAGE (QueryError if not valid)."""
        return Paging.make(page, per_page, self._setting("MAX_PER_PAGE"))

    def search(self, q: str = "", *, sort: str = "relevance", page: int = 1, per_page: int = 20,
               fuzzy: bool | None = False, facets: bool | Iterable[str] = True, facet_limit: int | None = None,
               facet_query: dict[str, str] | None = None, highlight_pre: str = "<b>", highlight_post: str = "</b>",
               crop: int | None = None, **filters) -> dict:
        """One page of quotations matching ``q`` (query language in README) and the filters.

        ``filters`` are those of ``search.query.filters`` (speaker, outlet, theme, publication, kind: a
        value or a list of values; since, until, min_confidence). ``fuzzy``: False matches words exactly
        (with their inflections), True lets every word match one or two letters away, None is what
        search engines do by default: the last word also matches as a prefix, and when nothing matches,
        long words are tried again with typo tolerance (``tolerance`` in the answer says what applied).
        ``facets`` is True, False or the facet names to count (FACET_NAMES), ``facet_limit`` their size
        (default FACET_LIMIT) and ``facet_query`` words their values must start with. Highlights mark
        words with ``highlight_pre``/``highlight_post`` within ``crop`` characters (default HIGHLIGHT_CHARS).
        Raises ``QueryError`` for a malformed query, a bad sort, date, page or facet name. The answer's
        shape is in the module docstring; search.engine.Search does the work.
        """
        return self._search.page(self._searcher(), self.store, q, paging=self.paging(page, per_page), sort=sort,
                                 fuzzy=fuzzy, facets=facets, facet_limit=facet_limit, facet_query=facet_query,
                                 highlight_pre=highlight_pre, highlight_post=highlight_post, crop=crop, **filters)

    def warm(self) -> None:
        """Read now what the first search of a process reads of every segment (facet columns and dates: about 2 s
        at a million quotations), kept by segment for the processes this one forks (gunicorn's arbiter does this
        before forking its workers, which open their own files and connections)."""
        self._search.warm(self._searcher())

    def iter_search(self, q: str = "", **filters) -> Iterator[dict]:
        """Every matching record, streamed in ``sort`` order (default date) with flat memory, for export."""
        for ids in self._search.ids(self._searcher(), q, **filters):
            yield from self.store.records(ids)

    def get_quote(self, quote_id: str) -> dict | None:
        """The record of one quotation, or None."""
        return self.store.record(quote_id)

    def similar(self, quote_id: str, limit: int = 10) -> list[dict]:
        """Quotations whose words are most like this one's (more-like-this), best first; [] when unknown."""
        rec = self.store.record(quote_id)
        if rec is None:
            return []
        limit = max(1, min(int(limit), self._setting("MAX_PER_PAGE")))
        return self.store.records(self._search.similar(self._searcher(), rec["text"], quote_id, limit))

    def timeline(self, q: str | None = None, interval: str = "month", *, exact: dict[str, str] | None = None,
                 **filters) -> list[dict]:
        """``[{"period": "2019-02" | "2019-02-27", "count": n}]`` in date order, for quotations matching ``q``
        and the filters; ``exact`` ({"speaker": name} or {"outlet": name}) keeps only the quotations whose
        facet value is that one (a speaker's page: not another speaker whose name sounds alike)."""
        return self._search.timeline(self._searcher(), q, interval, exact=exact, **filters)

    # --- browsing --------------------------------------------------------------------------

    def speakers(self, q: str | None = None, page: int = 1, per_page: int = 20) -> dict:
        """``{"total", "items": [speaker]}``; ``q`` matches names forgivingly (case, accents, spelling).

        A speaker is ``{"id", "name", "aliases", "role", "description", "quotations", "by_outlet": {outlet: n}}``.
        """
        paging = self.paging(page, per_page)
        ids = matching_speakers(self.store, q) if q else None
        total, items = self.store.speakers(paging.offset, paging.per_page, ids=ids)
        return {"total": total, **paging.as_dict(), "items": items}

    def get_speaker(self, speaker_id: str) -> dict | None:
        return self.store.speaker(speaker_id)

    def speaker_quotes(self, speaker_id: str, page: int = 1, per_page: int = 20) -> dict | None:
        """``{"total", "page", "per_page", "items": [record]}`` newest first, or None for an unknown speaker."""
        paging = self.paging(page, per_page)
        if self.store.speaker(speaker_id) is None:
            return None
        return self._quotes_page(self.store.speaker_quote_ids(speaker_id, paging.offset, paging.per_page), paging)

    def _quotes_page(self, found: tuple[int, list[str]], paging: Paging) -> dict:
        total, ids = found
        return {"total": total, **paging.as_dict(), "items": self.store.records(ids)}

    def outlets(self) -> list[dict]:
        """``[{"id", "name", "quotations"}]`` by name."""
        return self.store.outlets()

    def get_outlet(self, outlet_id: str) -> dict | None:
        return next((o for o in self.store.outlets() if o["id"] == outlet_id), None)

    def outlet_quotes(self, outlet_id: str, page: int = 1, per_page: int = 20) -> dict | None:
        """The quotations given to an outlet, as ``speaker_quotes``; None for an unknown outlet."""
        paging = self.paging(page, per_page)
        if self.get_outlet(outlet_id) is None:
            return None
        return self._quotes_page(self.store.outlet_quote_ids(outlet_id, paging.offset, paging.per_page), paging)

    def themes(self) -> list[dict]:
        """``[{"name", "label", "description", "terms", "quotations"}]`` of the taxonomy in use."""
        counts = self.store.theme_counts()
        return [{**t.as_dict(), "quotations": counts.get(t.name, 0)} for t in self._taxonomy().themes]

    def articles(self, page: int = 1, per_page: int = 20) -> dict:
        """``{"total", "page", "per_page", "items": [article metadata + "quotations": n]}`` newest first."""
        paging = self.paging(page, per_page)
        total, items = self.store.articles(paging.offset, paging.per_page)
        return {"total": total, **paging.as_dict(), "items": items}

    def get_article(self, article_id: str) -> dict | None:
        """Article metadata, ``text`` and ``quotations`` (records), or None."""
        return self.store.article(article_id)

    def article_meta(self, article_id: str) -> dict | None:
        """Article metadata (``title``, ``publication``, ``published``, ``url``, ``byline``, ``ingested_at``...), or None."""
        return self.store.article_meta(article_id)

    def health(self) -> dict:
        """``{"status": "ok", "generation", "counts": {"articles", "quotations", "speakers"}, "last_modified"}``.

        ``status`` is "behind" while the index has not yet applied the store's last commits.
        """
        counts = self.store.counts()
        generation, modified = self.store.version()
        try:
            applied = self.index.seen_state()[1]
        except Exception:
            applied = None
        return {"status": "ok" if applied == generation else "behind", "generation": generation,
                "counts": {k: counts[k] for k in ("articles", "quotations", "speakers")},
                "last_modified": modified}

    @property
    def generation(self) -> int:
        """A number that changes on every committed write (use it for ETags and caches)."""
        return self.store.seq

    def version(self) -> tuple[str, str | None]:
        """``(version, last_modified)``: what a cache needs to know whether an answer changed.

        An answer is computed from the store and from the index, which applies the store's commits
        up to INDEX_BATCH articles later on bulk runs; so the version names the store's generation,
        the sequence the index has applied and the index's build, and moves when any of them does.
        """
        generation, modified = self.store.version()
        build, applied = self.index.seen_state()
        return f"{generation}.{applied}.{(build or 'none')[:8]}", modified
