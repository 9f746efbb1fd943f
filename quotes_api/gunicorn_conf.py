"""gunicorn configuration of `quotes-api serve`; usable as it is:

    gunicorn -c python:quotes_api.gunicorn_conf

Values come from the settings (QUOTES_API_BIND, QUOTES_API_WORKERS, QUOTES_API_WORKER_TIMEOUT).
`kill -HUP <master pid>` reloads gracefully: new workers (with new code and settings) start
before the old ones finish their requests and exit.
"""
from __future__ import annotations

import os

from quotes_api import settings

wsgi_app = "quotes_api.app:create_app()"
bind = [settings.get("BIND")]
workers = settings.get("WORKERS") or 2 * (os.cpu_count() or 1) + 1
# gthread, so that a worker streaming a long CSV export keeps reporting to the arbiter from its
# main thread (a sync worker exporting for longer than `timeout` would be killed mid-download).
# One request thread: searches are CPU-bound under the GIL, so more threads would not add
# throughput, while each would open its own QuoteService (searcher and facet columns: about 0.11 GB on
# the 100,000-quotation benchmark index, 0.3 GB on the 1,000,000 one; README, API speed).
worker_class = "gthread"
threads = 1
timeout = settings.get("WORKER_TIMEOUT")
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound; the jitter keeps
# them from all restarting at once.
max_requests = 5000
max_requests_jitter = 500
# The app is loaded in each worker, after the fork, so HUP picks up new code of the API (quotes_api.app, api/);
# quotes_api.service and what it imports (store, search/) are imported by the arbiter (on_starting), so a new
# version of those needs a restart (or USR2, gunicorn's binary upgrade).
preload_app = False
accesslog = "-"
errorlog = "-"
# The app answers a query string over its own limit (from MAX_QUERY_CHARS) with a 414 problem
# document; gunicorn's request line limit must lie above it, or gunicorn would answer first with an
# HTML page. gunicorn caps the limit at 8190 bytes, except 0, which it reads as 1 MB.
limit_request_line = 0 if settings.query_string_bytes() + 1024 > 8190 else settings.query_string_bytes() + 1024
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "quotes-api"
# Signals (HUP, TERM) are the interface; no control socket shared in $HOME by every instance.
control_socket_disable = True


def on_starting(server) -> None:
    # In the arbiter, before any worker exists: the index is ready when the first request comes.
    from quotes_api.service import QuoteService

    with QuoteService() as service:
        service.seed_if_empty(server.log)
    _warm(server)


def on_reload(server) -> None:
    # HUP: the new workers fork from here, with the segments the index has now.
    _warm(server)


def _warm(server) -> None:
    """Read every segment's facet columns in the arbiter, once, before it forks workers: each worker then
    starts with them (kept by segment id, plain values shared copy-on-write) instead of reading them in its
    first search, 2 s of CPU at a million quotations, paid again by every worker that max_requests replaces.
    The service (SQLite connection, index files) is closed before any fork: each worker opens its own."""
    import gc
    import time

    from quotes_api.service import QuoteService

    started = time.monotonic()
    try:
        with QuoteService() as service:
            service.warm()
    except Exception as e:  # noqa: BLE001 - a worker reads what it needs itself: serve anyway
        server.log.warning("could not read the index ahead of the workers (%s: %s); each worker reads it itself",
                           type(e).__name__, e)
        return
    # What the arbiter holds now stays where it is: the collector of a worker does not touch (and copy) it.
    gc.freeze()
    server.log.info("read the index's facet columns for the workers in %.1f s", time.monotonic() - started)
