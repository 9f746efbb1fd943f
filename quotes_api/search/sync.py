"""Keep the index in step with the store: catch up on the store's change log, or rebuild.

Always called with the writer lock held. The store commits first; the index then replays the
quotations changed since the sequence it recorded (idempotent, so a crash between the two only
means replaying again). An index that is missing, foreign-tokened, of an older schema, corrupt or
behind a pruned log is rebuilt from the store, with a log line saying why.
"""
from __future__ import annotations

import logging

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


def catch_up(store: Store, index: QuoteIndex, memory_mb: int) -> str:
    """Bring the index to the store's sequence: "current", "caught up" or "rebuilt"."""
    seq = store.seq
    applied = index.applied_seq()
    if applied is None:
        reason = "is missing or was built for another store or schema"
    elif applied > seq or applied < int(store.meta("pruned", "0")):
        reason = f"is at change {applied} and cannot be caught up to the store's change {seq}"
    else:
        try:
            index.ix()
        except Exception as e:  # a torn or damaged table of contents: ours, but unreadable
            reason = f"cannot be opened ({type(e).__name__}: {e})"
        else:
            if applied == seq:
                return "current"
            ids = sorted(store.changed_since(applied))
            # The records are read a batch at a time while the writer adds them (it flushes a segment
            # every INDEX_MEMORY_MB): memory does not grow with the backlog.
            batches = (store.records(ids[i:i + _REBUILD_BATCH]) for i in range(0, len(ids), _REBUILD_BATCH))
            index.apply(ids, (rec for batch in batches for rec in batch), seq, memory_mb=memory_mb)
            log.debug("search index caught up from change %d to %d (%d quotations)", applied, seq, len(ids))
            store.prune_changes(seq)
            return "caught up"
    rebuild(store, index, memory_mb, reason)
    return "rebuilt"
