"""HTTP around the views: rate limits (ratelimit.py), CORS, conditional requests and caching, security headers.

Read answers carry a weak ETag made of the index generation and the request (host, path,
query, Accept), and a Last-Modified from the index, so a repeated request is answered 304
before any search runs. The generation moves with every commit, so no ETag outlives the
data it was made from (api/cache.py relies on this too).
"""
from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timezone

from flask import Flask, Response, abort, current_app, g, request
from flask_cors import CORS
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import http_date

from .. import settings
from . import ratelimit
from .db import get_service

# Endpoints that are never rate limited nor cached: liveness probes and static assets.
HEALTH_ENDPOINT = "meta.Health"
_UNCACHED = {HEALTH_ENDPOINT, "static", "docs.docs_asset"}

# JSON and text answers embed nothing; the HTML views set their own, looser policies.
_DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'"
_DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data:; frame-ancestors 'none'")


def _check_query_string() -> None:
    """414 for a query string longer than the app reads (settings.query_string_bytes, from MAX_QUERY_CHARS)."""
    most = current_app.config["QUERY_STRING_BYTES"]
    if len(request.query_string) > most:
        abort(414, f"The query string has {len(request.query_string):,} bytes, more than this server reads "
                   f"({most:,}, from MAX_QUERY_CHARS).")


def _cacheable() -> bool:
    return request.method in ("GET", "HEAD") and request.endpoint is not None \
        and request.endpoint not in _UNCACHED and not request.endpoint.startswith("api-docs.")


@functools.lru_cache(maxsize=64)
def _dates(stamp: str | None) -> tuple[datetime | None, str | None]:
    """The store's "modified" stamp as a datetime (to compare) and as an HTTP date (to send)."""
    if not stamp:
        return None, None
    when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return when, http_date(when)


def _check_not_modified() -> Response | None:
    if not _cacheable():
        return None
    service = get_service()
    # The host is part of the answer (its links are absolute), so it is part of the key: a forged
    # Host header must not plant its links in the answers others get from the response cache.
    variant = f"{request.host_url}\n{request.full_path}\n{request.headers.get('Accept', '')}".encode("utf-8")
    # What the answer is computed from (the store's generation, the index's applied sequence and build) and
    # the store's "modified" stamp, without health()'s row counts.
    generation, modified = service.version()
    g.etag = f"{generation}-{hashlib.blake2b(variant, digest_size=8).hexdigest()}"
    g.last_modified, g.last_modified_header = _dates(modified)
    if request.if_none_match:
        fresh = request.if_none_match.contains_weak(g.etag)
    else:
        fresh = bool(request.if_modified_since and g.last_modified
                     and g.last_modified <= request.if_modified_since)
    return Response(status=304) if fresh else None


def _add_headers(resp: Response) -> Response:
    etag = g.get("etag")
    headers = resp.headers
    if etag and resp.status_code in (200, 304):
        # Set as strings: werkzeug's typed setters (set_etag, last_modified, vary) parse and
        # re-format each header, which cost more than many a cached answer.
        headers["ETag"] = f'W/"{etag}"'
        if g.last_modified_header:
            headers["Last-Modified"] = g.last_modified_header
        scope = "private" if current_app.config["READS_REQUIRE_KEY"] else "public"
        headers["Cache-Control"] = f"{scope}, max-age={current_app.config['CACHE_MAX_AGE']}"
        vary = headers.get("Vary")
        if not vary:
            headers["Vary"] = "Accept"
        elif "accept" not in {v.strip().lower() for v in vary.split(",")}:
            headers["Vary"] = f"{vary}, Accept"
    elif request.method not in ("GET", "HEAD") or request.endpoint == HEALTH_ENDPOINT:
        headers.setdefault("Cache-Control", "no-store")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if request.endpoint == "api-docs.openapi_swagger_ui":
        headers.setdefault("Content-Security-Policy", _DOCS_CSP)
    headers.setdefault("Content-Security-Policy", _DEFAULT_CSP)
    return resp


_BODY_CHUNK = 1 << 16


def request_body() -> bytes:
    """The whole request body; 413 when it is longer than MAX_BODY_BYTES, however it is sent.

    werkzeug refuses a Content-Length over the limit before reading. A body without one (chunked
    transfer encoding, which gunicorn decodes and marks ``wsgi.input_terminated``) is only cut at
    the limit by werkzeug's stream, which then reads as if it had ended: the rest would be
    silently dropped. So such a body is read here from the server's stream, up to one byte past
    the limit, which tells a body of exactly the limit from a longer one.
    """
    if request.content_length is not None or not request.environ.get("wsgi.input_terminated"):
        return request.get_data(cache=False)
    limit = current_app.config["MAX_BODY_BYTES"]
    stream = request.environ["wsgi.input"]
    chunks, size = [], 0
    while chunk := stream.read(min(_BODY_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise RequestEntityTooLarge()
    return b"".join(chunks)


def init_app(app: Flask) -> None:
    ratelimit.init_app(app, exempt=frozenset(_UNCACHED))
    origins = app.config["CORS_ORIGINS"]
    # With any origin allowed, "*" (not the echoed origin) lets caches keep one copy per URL.
    CORS(app, resources={r"/v1/*": {"origins": origins, "send_wildcard": "*" in origins}},
         methods=["GET", "HEAD", "OPTIONS"], expose_headers=["ETag", "Last-Modified", "Link", "Retry-After"],
         max_age=600)
    app.config["QUERY_STRING_BYTES"] = settings.query_string_bytes(
        {"MAX_QUERY_CHARS": app.config["MAX_QUERY_CHARS"]})
    app.before_request(_check_query_string)
    app.before_request(_check_not_modified)
    app.after_request(_add_headers)
