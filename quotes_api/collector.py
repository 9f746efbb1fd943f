"""Python's cycle collector paused around work that allocates many short-lived containers.

Used by extraction (one article at a time, extract_article) and by the index writer (one commit at a time,
search.index.QuoteWriter): both allocate tens of thousands of small tuples, lists and dicts that reference
counting frees as it goes, while the collector would walk its youngest generation every 700 allocations and
the whole heap now and then. What forms a cycle meanwhile is at most one article's or one commit's worth,
and is collected as soon as the collector runs again.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    """The collector off for the ``with`` block, restored afterwards (also on errors); a no-op when it was
    off already. Another thread that paused it too may turn it back on early; that only costs time."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
