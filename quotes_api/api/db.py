"""The QuoteService a request uses: borrowed from a per-process pool, returned at teardown.

Opening a service is costly (SQLite connection, index searcher, a catch-up check under the
writer lock), so a worker keeps the ones it opened and lends each to one request at a time;
a service catches up with other processes' commits by itself, so reuse never serves stale data.
Nothing is opened in create_app(): the pool fills on the first requests, in the worker that
serves them, and a pool used before a fork starts afresh in the child (the parent's SQLite
connection and file handles must not be shared).
"""
from __future__ import annotations

import atexit
import os
import threading

from flask import Flask, current_app, g
from flask_smorest import abort

from .. import settings
from ..render import first_source
from ..service import QuoteService

_EXTENSION = "quotes_api.services"


class ServicePool:
    def __init__(self, index_dir: str, overrides: dict) -> None:
        self._index_dir = index_dir
        self._overrides = overrides
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._idle: list[QuoteService] = []
        self._open: list[QuoteService] = []

    def acquire(self) -> QuoteService:
        with self._lock:
            if self._pid != os.getpid():  # forked since: the parent's services are not ours to use or close
                self._pid, self._idle, self._open = os.getpid(), [], []
            if self._idle:
                return self._idle.pop()
            service = QuoteService(self._index_dir, overrides=self._overrides)
            self._open.append(service)
            return service

    def release(self, service: QuoteService) -> None:
        with self._lock:
            if any(s is service for s in self._open):
                self._idle.append(service)

    def close(self) -> None:
        with self._lock:
            services, self._idle, self._open = self._open, [], []
        for service in services:
            service.close()


def get_service() -> QuoteService:
    if "service" not in g:
        g.service = current_app.extensions[_EXTENSION].acquire()
    return g.service


def get_quote_or_404(quote_id: str) -> dict:
    record = get_service().get_quote(quote_id)
    if record is None:
        abort(404, message=f"There is no quotation {quote_id}.")
    return record


def get_article_meta(record: dict) -> dict | None:
    """The metadata of the article a quotation is cited from (its earliest dated printing)."""
    article_id = first_source(record).get("article_id")
    return get_service().article_meta(article_id) if article_id else None


def _return_service(exc: BaseException | None = None) -> None:
    service = g.pop("service", None)
    if service is not None:
        current_app.extensions[_EXTENSION].release(service)


def close_services(app: Flask) -> None:
    """Close every service the app opened in this process (tests, and the end of a worker)."""
    app.extensions[_EXTENSION].close()


def init_app(app: Flask) -> None:
    overrides = {name: app.config[name] for name in settings.SETTINGS if name in app.config}
    # A request waits API_WRITE_WAIT for the writer lock, not the CLI's WRITE_LOCK_TIMEOUT: a waiting
    # request holds one of the few worker threads.
    overrides["WRITE_LOCK_TIMEOUT"] = app.config["API_WRITE_WAIT"]
    pool = ServicePool(app.config["INDEX_DIR"], overrides)
    app.extensions[_EXTENSION] = pool
    app.teardown_appcontext(_return_service)
    atexit.register(pool.close)
