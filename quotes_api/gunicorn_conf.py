"""gunicorn configuration of `quotes-api serve`; usable as it is:

    gunicorn -c python:quotes_api.gunicorn_conf

Values come from the settings (QUOTES_API_BIND, QUOTES_API_WORKERS, QUOTES_API_WORKER_TIMEOUT).
`kill -HUP <master pid>` reloads gracefully: new workers (with new code and settings) start
before the old ones finish their requests and exit.
"""
from __future__ import annotations

import logging
import os

from quotes_api import settings

wsgi_app = "quotes_api.app:create_app()"
bind = [settings.get("BIND")]
workers = settings.get("WORKERS") or 2 * (os.cpu_count() or 1) + 1
# gthread, so that a worker streaming a long CSV export keeps reporting to the arbiter from its
# main thread (a sync worker exporting for longer than `timeout` would be killed mid-download).
# One request thread: searches are CPU-bound under the GIL, so more threads would not add
# throughput, while each would open its own QuoteService (searcher and caches: about 270 MB on
# the 100,000-quotation benchmark index).
worker_class = "gthread"
threads = 1
timeout = settings.get("WORKER_TIMEOUT")
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound; the jitter keeps
# them from all restarting at once.
max_requests = 5000
max_requests_jitter = 500
# The app is loaded in each worker, after the fork, so HUP picks up new code.
preload_app = False
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "quotes-api"
# Signals (HUP, TERM) are the interface; no control socket shared in $HOME by every instance.
control_socket_disable = True


def seed_if_empty(log: logging.Logger) -> None:
    """Build the index from SEED_DIR when it holds no article yet (the first start of a fresh clone)."""
    from quotes_api.articles.reading import iter_articles
    from quotes_api.service import QuoteService

    seed_dir = settings.get("SEED_DIR")
    with QuoteService() as service:
        if seed_dir.lower() in ("", "off") or service.health()["counts"]["articles"]:
            return
        if not os.path.isdir(seed_dir):
            log.warning("the index is empty and SEED_DIR %s is not a directory: serving an empty index", seed_dir)
            return
        summary = service.ingest(iter_articles([seed_dir], on_error=lambda src, err: log.warning(
            "skipped %s: %s", src, err)))
    log.info("the index was empty: ingested %s from %s", summary["articles"], seed_dir)


def on_starting(server) -> None:
    # In the arbiter, before any worker exists: the index is ready when the first request comes.
    seed_if_empty(server.log)
