"""Ingest: articles in, quotations stored and indexed, a summary out.

Each article is extracted, its quotations are given themes, and the whole is committed to the
store, all or nothing; the index follows every INDEX_BATCH articles (and at the end) by replaying
the store's change log, so a crash at any point loses nothing that was acknowledged. One article
that cannot be read or extracted is recorded as a failure and the run goes on.

Extraction can run elsewhere while this process writes: in a pool of ``jobs`` processes on this
machine, or on a Dask distributed cluster (``scheduler``: its address). Either way one writer (this
process, holding the writer lock) commits the articles in the order they came, so what a crash
leaves is what it leaves with one process: every acknowledged article, no half of one. It commits
the articles that are ready together (group commit, STORE_BATCH and STORE_BATCH_MS), and reports an
article only once what holds it is committed. Meanwhile the index catches up in a process of its
own. At most a few articles per extraction process are in flight, so memory stays flat.
"""
from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import queue
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator

from .articles.model import Article
from .errors import QuotesApiError
from .extract import extract_article
from .store import Store
from .themes import Taxonomy

log = logging.getLogger("quotes_api")


def extract(article: Article, config: dict | None = None) -> list[dict]:
    """The article's quotation records, themes not yet assigned (``config``: setting overrides)."""
    return extract_article(article, config)


def records_of(article: Article, taxonomy: Taxonomy, config: dict | None = None) -> list[dict]:
    """The article's quotation records with their themes assigned."""
    return with_themes(extract(article, config), taxonomy)


def with_themes(records: list[dict], taxonomy: Taxonomy) -> list[dict]:
    for rec in records:
        rec["themes"] = taxonomy.assign(rec["text"])
    return records


def ingest_one(store: Store, taxonomy: Taxonomy, article: Article, *, force: bool = False,
               config: dict | None = None, extracted: list[dict] | None = None) -> dict:
    """Extract and store one article: ``{"article_id", "status", "quotations": [ids], "new", "merged"}``.

    An article whose text is already stored is not extracted again, unless ``force`` (re-extraction).
    ``extracted``: its records when the caller extracted it already (outside the writer lock).
    """
    if not force and store.article_hash(article.id) == article.content_hash:
        return {"article_id": article.id, "status": "unchanged", "quotations": [], "new": [], "merged": []}
    records = records_of(article, taxonomy, config) if extracted is None else with_themes(extracted, taxonomy)
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


# Articles handed to each extraction process ahead of the writer.
_AHEAD_PER_JOB = 4
_UNCHANGED = object()

# What an extraction process of the pool works with (set once per process by _start_worker).
_worker_taxonomy: Taxonomy | None = None
_worker_config: dict | None = None


def _start_worker(taxonomy: Taxonomy, config: dict | None) -> None:
    global _worker_taxonomy, _worker_config
    _worker_taxonomy, _worker_config = taxonomy, config
    _exit_with_parent()


# How often an extraction or index process checks that the writer that started it is alive (seconds).
_PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent() -> None:
    """End this process when the writer that forked it dies. A pool's process waits on its queue for work, and
    the queue's pipe stays open in the process itself, so after a writer killed with SIGKILL (or by the
    kernel's OOM killer) its extraction and index processes waited forever, holding memory."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-writer", daemon=True).start()


def _extract_in_pool(article: Article) -> list[dict]:
    return records_of(article, _worker_taxonomy, _worker_config)


def extract_task(article: Article, taxonomy: Taxonomy, config: dict | None) -> list[dict]:
    """One article's records, on a Dask worker (quotes-api must be installed there too)."""
    return records_of(article, taxonomy, config)


class _Local:
    """Extraction in this process: a finished future per article."""

    def __init__(self, taxonomy: Taxonomy, config: dict | None) -> None:
        self.taxonomy, self.config, self.ahead = taxonomy, config, 0

    def submit(self, article: Article) -> Future:
        future: Future = Future()
        try:
            future.set_result(records_of(article, self.taxonomy, self.config))
        except BaseException as e:  # noqa: BLE001 - handed to the writer as this article's failure
            future.set_exception(e)
        return future

    def close(self) -> None:
        pass


class _Pool:
    """Extraction in ``jobs`` processes of this machine (forked: they start at once, with the code loaded).

    Each process has a pipe of its own for its articles and one for their records, and this process hands them
    over itself: the article to the process with the fewest in flight, the records read as they come, whenever
    the writer submits an article or waits for one. ProcessPoolExecutor did the same through two threads of the
    writer, which took the GIL from it at every article (each SQLite call and each write to a pipe waited for
    it), and cost the writer more CPU than storing. A process that dies fails the articles it held
    (BrokenProcessPool: the caller tries each once more) and another takes its place."""

    def __init__(self, jobs: int, taxonomy: Taxonomy, config: dict | None, nice: int = 0) -> None:
        self.jobs, self.taxonomy, self.config, self.nice = jobs, taxonomy, config, nice
        self.ahead = jobs * _AHEAD_PER_JOB
        self._workers: list[_Worker] = []
        self._seq = 0

    def submit(self, article: Article) -> "_Extraction":
        self._receive(block=False)
        while len(self._workers) < self.jobs:
            self._workers.append(_Worker(self.taxonomy, self.config, self.nice))
        worker = min(self._workers, key=lambda w: len(w.pending))
        self._seq += 1
        extraction = worker.pending[self._seq] = _Extraction(self)
        try:
            worker.tasks.send_bytes(pickle.dumps((self._seq, article), pickle.HIGHEST_PROTOCOL))
        except OSError:  # it died: its articles, this one too, fail with it
            self._died(worker)
        return extraction

    def _receive(self, block: bool) -> None:
        """Read the records that have come back (with ``block``, wait until some come, or a process dies)."""
        working = {w.results: w for w in self._workers if w.pending}
        if not working:
            if block:  # (never so: an article in flight is some process's until it dies)
                raise BrokenProcessPool("no extraction process holds the article waited for")
            return
        for conn in wait(list(working), timeout=None if block else 0):
            worker = working[conn]
            try:
                while True:
                    seq, ok, value = pickle.loads(conn.recv_bytes())
                    worker.pending.pop(seq)._set(ok, value)
                    if not conn.poll():
                        break
            except (EOFError, OSError):
                self._died(worker)

    def _died(self, worker: "_Worker") -> None:
        self._workers.remove(worker)
        error = BrokenProcessPool(f"the extraction process {worker.process.pid} died")
        for extraction in worker.pending.values():
            extraction._set(False, error)
        worker.pending.clear()
        worker.close(stop=False)

    def close(self) -> None:
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.close(stop=not worker.pending)  # (articles still in hand: the run is being abandoned)


class _Worker:
    """One extraction process of _Pool and its two pipes."""

    def __init__(self, taxonomy: Taxonomy, config: dict | None, nice: int) -> None:
        context = multiprocessing.get_context("fork")
        task_out, self.tasks = context.Pipe(duplex=False)
        self.results, result_in = context.Pipe(duplex=False)
        self.process = context.Process(target=_extraction_process, args=(task_out, result_in, taxonomy, config, nice),
                                       name="quotes-api-extract", daemon=True)
        self.process.start()
        task_out.close()  # (this process's copies: the process's pipe ends are its own)
        result_in.close()
        self.pending: dict[int, _Extraction] = {}

    def close(self, stop: bool) -> None:
        """End the process: after the article it is extracting (``stop``), or at once (it died)."""
        if stop:
            with contextlib.suppress(OSError):
                self.tasks.send_bytes(_STOP)
            self.process.join()
        else:
            self.process.kill()
            self.process.join()
        self.tasks.close()
        self.results.close()


class _Extraction:
    """An article's records as one of _Pool's processes returns them (a Future's done() and result())."""

    __slots__ = ("_pool", "_ok", "_value")

    def __init__(self, pool: _Pool) -> None:
        self._pool, self._ok, self._value = pool, None, None

    def _set(self, ok: bool, value) -> None:
        self._ok, self._value = ok, value

    def done(self) -> bool:
        if self._ok is None:
            self._pool._receive(block=False)
        return self._ok is not None

    def result(self) -> list[dict]:
        while self._ok is None:
            self._pool._receive(block=True)
        if isinstance(self._value, BaseException):  # (its process died)
            raise self._value
        value = pickle.loads(self._value)  # (what does not unpickle fails its article here, not the pool)
        if not self._ok:
            raise value
        return value


_STOP = b""


def _extraction_process(tasks, results, taxonomy: Taxonomy, config: dict | None, nice: int) -> None:
    """An extraction process of _Pool: articles in from ``tasks``, ``(seq, ok, records or error)`` out on
    ``results``. A thread reads the articles as they come and another sends the records, so the writer never waits
    on a pipe for the extraction in hand, and never deadlocks with this process over a full pipe. ``nice``: added to
    its niceness (EXTRACT_NICE), so that the writer and the index process, the serial stages, run first."""
    _start_worker(taxonomy, config)
    if nice > 0:
        os.nice(nice)
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    outbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                data = tasks.recv_bytes()
            except (EOFError, OSError):
                data = _STOP
            inbox.put(data)
            if data == _STOP:
                return

    def send() -> None:
        while True:
            data = outbox.get()
            try:
                results.send_bytes(data)
            except OSError:  # the writer is gone
                os._exit(1)

    threading.Thread(target=read, name="articles-in", daemon=True).start()
    threading.Thread(target=send, name="records-out", daemon=True).start()
    while True:
        data = inbox.get()
        if data == _STOP:
            return
        seq, article = pickle.loads(data)
        try:
            ok, value = True, _extract_in_pool(article)
        except Exception as e:  # noqa: BLE001 - the article's own failure, handed to the writer
            ok, value = False, e
        try:
            value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except Exception as e:  # noqa: BLE001 - what does not pickle fails its article
            ok, value = False, pickle.dumps(QuotesApiError(f"its extraction gave what cannot be sent to the writer "
                                                           f"({type(e).__name__}: {e})"))
        outbox.put(pickle.dumps((seq, ok, value), pickle.HIGHEST_PROTOCOL))


class _Dask:
    """Extraction on a Dask distributed cluster (``scheduler``: tcp://HOST:8786)."""

    def __init__(self, scheduler: str, taxonomy: Taxonomy, config: dict | None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise QuotesApiError("--scheduler needs Dask's distributed package: pip install 'dask[distributed]'") \
                from None
        try:
            self._client = Client(scheduler, timeout="10s")
        except OSError as e:
            raise QuotesApiError(f"no Dask scheduler answered at {scheduler} ({e}); start one with `dask scheduler` "
                                 f"and workers with `dask worker {scheduler}`") from None
        threads = sum(self._client.nthreads().values()) or 1
        self.ahead = threads * _AHEAD_PER_JOB
        [self._taxonomy] = self._client.scatter([taxonomy], broadcast=True)
        self._config = config

    def submit(self, article: Article):
        return self._client.submit(extract_task, article, self._taxonomy, self._config, pure=False)

    def close(self) -> None:
        self._client.close()


class _IndexFollower:
    """The search index catching up with the store in a process of its own, while this one stores.

    Used when extraction runs elsewhere (``jobs`` > 1, a cluster): indexing is then most of what the
    one writer would do, and here it no longer bounds the pipeline. The process opens its own
    connections (``open_sync``, called there, returns the catch-up: search.sync.Follower, whose catch-ups
    fill one segment and commit it when it is full, and at the end, ``final``) and works for the writer that
    holds the lock, so it never takes the lock. It only ever indexes what the store has committed, and
    the writer's own catch-up at the end of the run applies what it did not: its death, or a crash,
    leaves an index behind the store, which the next writer catches up, as after any crash."""

    def __init__(self, open_sync: Callable[[], Callable[[bool], object]]) -> None:
        self._executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_start_follower, initargs=(open_sync,))
        self._running: Future | None = None
        self._broken = False

    def busy(self) -> bool:
        return self._running is not None and not self._running.done()

    def follow(self, final: bool = False) -> None:
        """Catch the index up with what the store has committed now, unless a catch-up is running (``final``: and
        commit what the index process holds). Never called while a store transaction is open: a catch-up's commit
        ends with a write (the pruned log)."""
        if self.busy():
            return
        self._wait()
        if not self._broken:
            try:
                self._running = self._executor.submit(_follow_store, final)
            except BrokenProcessPool as e:  # it died between two catch-ups
                self._died(e)

    def finish(self) -> None:
        """Wait for the catch-up running, then catch up with everything committed, commit it, and wait."""
        self._wait()
        self.follow(final=True)
        self._wait()

    def _wait(self) -> None:
        running, self._running = self._running, None
        if running is None:
            return
        try:
            running.result()
        except BrokenProcessPool as e:
            self._died(e)

    def _died(self, error: BaseException) -> None:
        log.warning("the index process died (%s); the index is caught up at the end of the run", error)
        self._broken = True

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


_follower_sync: Callable[[bool], object] | None = None


def _start_follower(open_sync: Callable[[], Callable[[bool], object]]) -> None:
    global _follower_sync
    _exit_with_parent()
    _follower_sync = open_sync()


def _follow_store(final: bool) -> object:
    return _follower_sync(final)


# What extractions() yields before it waits for an extraction to finish: the writer commits what it
# holds then, so that no article waits for its acknowledgement (and no transaction stays open) while
# the writer itself waits.
WAITING = object()


def extractions(articles: Iterable[Article], taxonomy: Taxonomy, *, skip: Callable[[Article], bool],
                config: dict | None = None, jobs: int = 1, scheduler: str | None = None, nice: int = 0
                ) -> Iterator[tuple[Article, object] | object]:
    """``(article, records)`` in the order of ``articles``; records is an exception when extraction failed,
    and ``_UNCHANGED`` when ``skip(article)`` (its text is stored already: not extracted). ``WAITING`` comes
    before an article whose extraction has not finished yet. ``nice``: added to the niceness of the ``jobs``
    processes."""
    if scheduler:
        runner = _Dask(scheduler, taxonomy, config)
    elif jobs > 1:
        runner = _Pool(jobs, taxonomy, config, nice)
    else:
        runner = _Local(taxonomy, config)
    window: deque = deque()

    def done(article, future):
        if future is _UNCHANGED:
            return article, _UNCHANGED
        try:
            return article, future.result()
        except BrokenProcessPool:
            # A process of the pool died: every article in flight fails with it. Each is tried once
            # more, in a new pool; the one that kills that too is the one that failed.
            try:
                return article, runner.submit(article).result()
            except BrokenProcessPool as e:
                return article, QuotesApiError(f"the extraction process of this article died ({e})")
            except Exception as e:  # noqa: BLE001 - the article's own failure
                return article, e
        except Exception as e:  # noqa: BLE001 - the article's own failure
            return article, e

    def first():
        article, future = window.popleft()
        if future is not _UNCHANGED and not future.done():
            yield WAITING
        yield done(article, future)

    try:
        for article in articles:
            window.append((article, _UNCHANGED if skip(article) else runner.submit(article)))
            while len(window) > runner.ahead:
                yield from first()
        while window:
            yield from first()
    finally:
        runner.close()


def ingest_many(store: Store, taxonomy: Taxonomy, articles: Iterable[Article], *, batch: int,
                sync_index: Callable[[], object], progress: Callable[[dict], None] | None = None,
                force: bool = False, config: dict | None = None, jobs: int = 1,
                scheduler: str | None = None, store_batch: int = 1, store_batch_ms: float | None = None,
                open_sync: Callable[[], Callable[[bool], object]] | None = None, follow_batch: int = 1,
                store_cache_mb: int | None = None, store_wal_mb: float | None = None,
                extract_nice: int = 0) -> Summary:
    """Ingest ``articles``, each all or nothing, syncing the index every ``batch`` changed articles.

    Extraction runs in ``jobs`` processes, or on the Dask cluster at ``scheduler``; this process
    commits the articles, in order. Group commit: the articles ready are committed to the store
    together (Store.batch: each article still all or nothing), up to ``store_batch`` of them or
    ``store_batch_ms`` milliseconds after the first, and whenever the next article is not extracted
    yet; an article is counted and reported to ``progress`` once what holds it is committed, so that
    nothing reported can be lost. When extraction runs elsewhere and ``open_sync`` is given (it opens
    the index's catch-up in another process), the index follows the store in a process of its own,
    starting a catch-up whenever it is free after ``follow_batch`` changed articles, and a last one that commits
    what it holds at the end. ``store_cache_mb``: the
    store connection's page cache meanwhile, ``store_wal_mb`` its write-ahead log's size between checkpoints
    (Store.bulk). ``extract_nice``: added to the niceness of the ``jobs`` extraction processes (EXTRACT_NICE), so
    that this process and the index process run first."""
    summary = Summary()
    pending = 0
    held: list[tuple[dict, tuple | None]] = []  # (result, failure) of the articles of the open batch
    opened = 0.0  # when the open batch began (time.monotonic)
    skip = (lambda article: False) if force else \
        (lambda article: store.article_hash(article.id) == article.content_hash)
    follower = _IndexFollower(open_sync) if open_sync is not None and (jobs > 1 or scheduler) else None
    if follower is not None:
        batch = follow_batch

    def report() -> None:
        for result, failure in held:
            if failure is None:
                summary.add(result)
            else:
                summary.fail(*failure)
                result = summary.results[-1]
            if progress is not None:
                progress(result)
        held.clear()

    def follow() -> None:
        """The index follows what is committed: here, or in the follower's process when it is free."""
        nonlocal pending
        if follower is None:
            sync_index()
            pending = 0
        elif not follower.busy():
            follower.follow()
            pending = 0

    cache = store.bulk(store_cache_mb, store_wal_mb)
    try:
        with cache, contextlib.ExitStack() as open_batch:
            def commit() -> None:
                open_batch.close()  # commits the batch open, if any
                report()
                if pending >= batch:
                    follow()

            for item in extractions(articles, taxonomy, skip=skip, config=config, jobs=jobs, scheduler=scheduler,
                                    nice=extract_nice):
                if item is WAITING:
                    commit()
                    continue
                article, records = item
                if store_batch > 1 and not held:
                    open_batch.enter_context(store.batch())
                    opened = time.monotonic()
                failure = None
                try:
                    if records is _UNCHANGED:
                        result = {"article_id": article.id, "status": "unchanged", "quotations": [], "new": [],
                                  "merged": []}
                    elif isinstance(records, BaseException):
                        raise records
                    else:
                        done = store.put_article(article, records, force=force)
                        result = {"article_id": article.id, "status": done["status"],
                                  "quotations": [r["id"] for r in records], "new": done["new"],
                                  "merged": done["merged"]}
                except QuotesApiError as e:
                    result, failure = None, (article.id, article.source, str(e))
                except Exception as e:  # an extraction bug on one article must not stop a long run
                    log.debug("extraction of %s failed", article.id, exc_info=(type(e), e, e.__traceback__))
                    result, failure = None, (article.id, article.source,
                                             f"internal error in extraction ({type(e).__name__}: {e})")
                else:
                    if result["status"] != "unchanged":
                        pending += 1
                held.append((result, failure))
                if len(held) >= store_batch or (follower is None and pending >= batch) or \
                        (store_batch_ms is not None and (time.monotonic() - opened) * 1000 >= store_batch_ms):
                    commit()
            commit()
        if follower is not None:
            follower.finish()
    finally:
        if follower is not None:
            follower.close()
    if pending or follower is not None:
        sync_index()  # (after the follower, "current" at once, unless its process died)
    return summary
