"""Keep the index in step with the store: catch up on the store's change log, or rebuild.

Always called with the writer lock held. The store commits first; the index then replays the
quotations changed since the sequence it recorded (idempotent, so a crash between the two only
means replaying again). An index that is missing, foreign-tokened, of an older schema, corrupt or
behind a pruned log is rebuilt from the store, with a log line saying why.
"""
from __future__ import annotations

import logging
import time
from typing import Iterator

from .. import collector
from ..store import Store
from .index import QuoteIndex, document

log = logging.getLogger("quotes_api")
# Records read from the store at a time while rebuilding or catching up: bounds memory, not speed.
_REBUILD_BATCH = 2000


def rebuild(store: Store, index: QuoteIndex, memory_mb: int, reason: str) -> int:
    """Rebuild the whole index from the store; returns the number of quotations indexed."""
    total = store.counts()["quotations"]
    # A brand-new database has nothing to announce; anything else is worth a line in the log.
    log.log(logging.INFO if total else logging.DEBUG, "search index %s %s: rebuilding it from the store "
            "(%d quotations)", index.path, reason, total)
    seq = store.seq
    index.create()
    with collector.paused():
        writer = index.writer(memory_mb)
        try:
            for rec in store.iter_records(_REBUILD_BATCH):
                writer.add_document(**document(rec))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    index.mark_applied(seq)
    store.prune_changes(seq)
    return total


def _applied(store: Store, index: QuoteIndex, seq: int) -> tuple[int | None, str]:
    """``(the sequence the index reflects, "")`` when it can be caught up to ``seq`` by replaying the change log;
    ``(None, why not)`` when it must be rebuilt."""
    applied = index.applied_seq()
    if applied is None:
        return None, "is missing or was built for another store or schema"
    if applied > seq or applied < int(store.meta("pruned", "0")):
        return None, f"is at change {applied} and cannot be caught up to the store's change {seq}"
    try:
        index.ix()
    except Exception as e:  # a torn or damaged table of contents: ours, but unreadable
        return None, f"cannot be opened ({type(e).__name__}: {e})"
    return applied, ""


def _changed_records(store: Store, ids: list[str]) -> Iterator[dict]:
    """The records of ``ids`` still in the store, read a batch at a time while the writer adds them (it flushes a
    segment every INDEX_MEMORY_MB): memory does not grow with the backlog."""
    for i in range(0, len(ids), _REBUILD_BATCH):
        yield from store.records(ids[i:i + _REBUILD_BATCH])


def catch_up(store: Store, index: QuoteIndex, memory_mb: int) -> str:
    """Bring the index to the store's sequence: "current", "caught up" or "rebuilt"."""
    seq = store.seq
    applied, reason = _applied(store, index, seq)
    if applied is None:
        rebuild(store, index, memory_mb, reason)
        return "rebuilt"
    if applied == seq:
        return "current"
    ids = sorted(store.changed_since(applied))
    index.apply(ids, _changed_records(store, ids), seq, memory_mb=memory_mb)
    log.debug("search index caught up from change %d to %d (%d quotations)", applied, seq, len(ids))
    store.prune_changes(seq)
    return "caught up"


class Follower:
    """The catch-ups of a bulk ingest's index process (ingest._IndexFollower): each adds what the store committed
    since the last to one open segment, which is committed (with the sequence it reaches) once it holds
    ``segment_mb`` of postings (as INDEX_MEMORY_MB counts them), once it is ``seconds`` old, before it would outgrow
    ``memory_mb``, and at the end of the run (``final``), when the store's change log is pruned up to what the
    index has: pruning is a write, which waited for the writer's lock while the writer stored (SQLite's busy
    handler retries after sleeps of up to 100 ms, and the writer took the lock again first: up to 1.4 s of a 4 s
    run of PolNeAR train, during which the index fell behind). A log not yet pruned is only replayed from where the
    index is.

    A catch-up that committed every time left a small segment each time, which the merge policy then read and
    wrote again, nine at a time: at a million quotations every block of 100,000 merged about as many as it indexed
    (and the first block far fewer, so later blocks were slower). Segments written at their full size are never
    merged. Until its commit the open segment is not searched, and a crash loses it, not the store's change log:
    the next catch-up replays it. A quotation changed again while its document waits in the open segment commits
    that segment first (a writer deletes only from committed segments)."""

    def __init__(self, store: Store, index: QuoteIndex, *, memory_mb: int, segment_mb: float, seconds: float) -> None:
        self.store, self.index = store, index
        self.memory_mb, self.segment_mb, self.seconds = memory_mb, segment_mb, seconds
        self._writer = None
        self._ids: set[str] = set()  # the quotations whose documents the open segment holds
        self._seq = 0  # the sequence the open segment reaches
        self._unpruned = 0  # the sequence of the last commit, when the log is not pruned up to it yet
        self._opened = 0.0  # when the open segment got its first documents (time.monotonic)

    def __call__(self, final: bool = False) -> str:
        """Catch up with what the store has committed: "current", "following" (the open segment holds what it
        did not commit yet), "caught up" or "rebuilt"."""
        done = self._catch_up(final)
        if final and self._unpruned:
            self.store.prune_changes(self._unpruned)
            self._unpruned = 0
        return done

    def _catch_up(self, final: bool) -> str:
        if self._writer is None:
            seq = self.store.seq
            applied, _ = _applied(self.store, self.index, seq)
            if applied is None or applied == seq:
                return catch_up(self.store, self.index, self.memory_mb)  # a rebuild, or nothing to do
            self._seq = applied
        seq = self.store.seq
        ids = sorted(self.store.changed_since(self._seq)) if seq != self._seq else []
        if ids:
            with collector.paused():
                if self._writer is not None and (not self._ids.isdisjoint(ids) or self._outgrows(len(ids))):
                    self._commit()
                if self._writer is None:
                    self._writer = self.index.writer(self.memory_mb)
                    self._opened = time.monotonic()
                try:
                    self.index.replace(self._writer, ids, _changed_records(self.store, ids))
                except BaseException:
                    self._cancel()
                    raise
                self._ids.update(ids)
                self._seq = seq
        if self._writer is not None and (final or self._size() >= self.segment_mb * 2 ** 20
                                         or time.monotonic() - self._opened >= self.seconds):
            with collector.paused():
                self._commit()
            return "caught up"
        return "following" if self._writer is not None else "current"

    def _size(self) -> float:
        return self._writer.pool.currentsize

    def _outgrows(self, count: int) -> bool:
        """Whether ``count`` more documents, as big as those the open segment holds, would take its postings
        past ``memory_mb`` (past it the writer spills them to disk, Whoosh's slower way)."""
        held = max(1, self._writer.doc_count())
        return self._size() * (1 + count / held) > self.memory_mb * 2 ** 20

    def _commit(self) -> None:
        writer, self._writer = self._writer, None
        self._ids = set()
        writer.commit(mergetype=self.index.merge_policy)
        self.index.mark_applied(self._seq)
        self._unpruned = self._seq

    def _cancel(self) -> None:
        writer, self._writer = self._writer, None
        self._ids = set()
        if writer is not None:
            writer.cancel()

    def close(self) -> None:
        """Give up the open segment (uncommitted: the next catch-up replays what it held)."""
        self._cancel()
