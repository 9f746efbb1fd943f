"""A per-worker cache of read answers, keyed by their ETag.

The ETag (api/http.py) is the index generation plus a hash of the request, and the generation
moves with every committed write, so an entry can never be stale: a write simply makes every
old key unreachable, and the least recently used entries make room. Popular searches, and the
embed cards a wiki page asks for on every view, then cost a dictionary lookup instead of a search.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask, Response, current_app, g, request

# What a view sets on its answer; the after_request hooks add the rest on every response.
_KEPT_HEADERS = ("Content-Type", "Link", "Content-Security-Policy", "Content-Disposition")
_EXTENSION = "quotes_api.response_cache"


class ResponseCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[bytes, dict]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, dict] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, body: bytes, headers: dict) -> None:
        if len(body) > self.max_bytes // 8:  # one huge answer must not flush everything else
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (body, headers)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (old, _) = self._entries.popitem(last=False)
                self._bytes -= len(old)


def _cached() -> Response | None:
    key = g.get("etag")
    entry = key and current_app.extensions[_EXTENSION].get(key)
    if not entry:
        return None
    body, headers = entry
    return Response(body, headers=headers)


def _store(resp: Response) -> Response:
    key = g.get("etag")
    if key and resp.status_code == 200 and not resp.is_streamed and request.method == "GET":
        headers = {h: resp.headers[h] for h in _KEPT_HEADERS if h in resp.headers}
        current_app.extensions[_EXTENSION].put(key, resp.get_data(), headers)
    return resp


def init_app(app: Flask) -> None:
    """Call after http.init_app: the lookup needs the ETag its before_request computes."""
    max_bytes = app.config["RESPONSE_CACHE_MB"] * 1024 * 1024
    if max_bytes <= 0:
        return
    app.extensions[_EXTENSION] = ResponseCache(max_bytes)
    app.before_request(_cached)
    app.after_request(_store)
