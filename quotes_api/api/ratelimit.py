"""Rate limits shared by every worker of a server: reads (RATE_LIMIT) and writes (WRITE_RATE_LIMIT) apart.

flask-limiter counts in a storage given by RATE_LIMIT_STORAGE. By default that is a small SQLite
file beside the index (``INDEX_DIR/ratelimit.sqlite3``, storage scheme ``quotes-sqlite``, below),
which the workers of one machine share: a client's budget is the same whichever worker answers it,
and it survives a worker being recycled (gunicorn's max_requests), which an in-memory counter per
worker did not. For several machines behind one address, point RATE_LIMIT_STORAGE at a store they
share, in flask-limiter's notation: ``redis://host:6379`` or ``memcached://host:11211`` (each needs
its client library: ``pip install redis`` or ``pymemcache``).

Reads and writes have budgets of their own, so a flood of searches never uses up the budget
that writers need, nor the reverse. /v1/health and static assets are never limited.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from flask import Flask, request
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage

# Where the default storage lives under INDEX_DIR.
FILENAME = "ratelimit.sqlite3"
READ_METHODS = ("GET", "HEAD", "OPTIONS")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class SQLiteStorage(Storage):
    """Fixed-window counters in one SQLite file, shared by the processes that open it.

    ``quotes-sqlite:///absolute/path.sqlite3``. Each increment is one statement (an upsert that
    restarts an expired window), so concurrent workers never lose a count. Counters are not
    worth a disk sync: a power cut at worst forgets the current minute.
    """

    STORAGE_SCHEME = ["quotes-sqlite"]
    # Expired windows are swept every this many increments of one process.
    _SWEEP_EVERY = 1000

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(unquote(uri.split("://", 1)[1]))
        self._local = threading.local()
        self._increments = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        """This process's and thread's connection (a forked worker opens its own)."""
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value INTEGER NOT NULL, "
                       "expires REAL NOT NULL)")
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        db = self._db()
        value = db.execute(
            "INSERT INTO counters (key, value, expires) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET "
            "value = CASE WHEN expires <= ?4 THEN excluded.value ELSE value + excluded.value END, "
            "expires = CASE WHEN expires <= ?4 THEN excluded.expires ELSE expires END RETURNING value",
            (key, amount, now + expiry, now)).fetchone()[0]
        self._increments += 1
        if self._increments % self._SWEEP_EVERY == 0:
            db.execute("DELETE FROM counters WHERE expires <= ?", (now,))
        return value

    def get(self, key: str) -> int:
        row = self._db().execute("SELECT value FROM counters WHERE key = ? AND expires > ?",
                                 (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = self._db().execute("SELECT expires FROM counters WHERE key = ? AND expires > ?", (key, now)).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        return self._db().execute("SELECT 1").fetchone() == (1,)

    def reset(self) -> int | None:
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))


class _Limiter(Limiter):
    """flask-limiter's Limiter, which looks at a request only when one of its limits counts it (``counts()``): a read
    while RATE_LIMIT is off, or /v1/health, is let through before flask-limiter resolves the limits of its endpoint,
    finds none that applies and evaluates that empty list (about 0.08 ms of every such request, each search's and
    /v1/health's). The answer is the same: no limit, no rate limit headers."""

    def __init__(self, *args, counts: Callable[[], bool], **kwargs) -> None:
        self.counts = counts
        super().__init__(*args, **kwargs)

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if self.counts():
            super()._check_request_limit(callable_name, in_middleware)


def storage_uri(app: Flask) -> str:
    """RATE_LIMIT_STORAGE, or the SQLite file under INDEX_DIR that the workers of this machine share."""
    configured = app.config["RATE_LIMIT_STORAGE"].strip()
    if configured:
        return configured
    return f"quotes-sqlite://{Path(app.config['INDEX_DIR']).resolve() / FILENAME}"


def _off(value: str) -> bool:
    return value.strip().lower() in ("", "off")


def init_app(app: Flask, exempt: frozenset[str]) -> Limiter:
    """Limit every route but the ``exempt`` endpoints: reads by RATE_LIMIT, writes by WRITE_RATE_LIMIT."""
    reads, writes = app.config["RATE_LIMIT"], app.config["WRITE_RATE_LIMIT"]

    def exempted() -> bool:
        return request.endpoint in exempt

    limits, limited = [], set()
    if not _off(reads):
        limits.append(ApplicationLimit(reads, methods=READ_METHODS, scope="reads", exempt_when=exempted))
        limited.update(READ_METHODS)
    if not _off(writes):
        limits.append(ApplicationLimit(writes, methods=WRITE_METHODS, scope="writes", exempt_when=exempted))
        limited.update(WRITE_METHODS)
    # A storage that fails (a full disk, a lost Redis) lets requests through and logs it, rather
    # than turning every answer into a 500.
    return _Limiter(get_remote_address, app=app, storage_uri=storage_uri(app), headers_enabled=True,
                    enabled=bool(limits), application_limits=limits, swallow_errors=True,
                    counts=lambda: request.method in limited and not exempted())
