"""API keys: writes always need one, reads only when READS_REQUIRE_KEY is set.

A key is sent as ``Authorization: Bearer <key>`` or ``X-API-Key: <key>`` (never in the URL,
where it would end up in access logs). Keys are compared in constant time.
"""
from __future__ import annotations

import hmac

from flask import Flask, current_app, request
from flask_smorest import abort

# The OpenAPI security requirement of an operation that needs a key (either header works).
SECURITY = [{"ApiKey": []}, {"Bearer": []}]
SECURITY_SCHEMES = {
    "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "Bearer": {"type": "http", "scheme": "bearer"},
}


def _presented_key() -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get("X-API-Key")


def _accepted(key: str, keys: list[str]) -> bool:
    given = key.encode("utf-8")
    # Compare with every key (no early exit), so timing says nothing about which one came close.
    return any([hmac.compare_digest(given, k.encode("utf-8")) for k in keys])


def require_key() -> None:
    """Abort with 401 when no key is presented, 403 when it is wrong or writes are disabled."""
    keys = current_app.config["API_KEYS"]
    key = _presented_key()
    if not keys:
        abort(403, message="This server has no API key configured (QUOTES_API_API_KEYS), so it allows no "
                           "request that needs one.")
    if not key:
        abort(401, message="An API key is needed: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.",
              headers={"WWW-Authenticate": 'Bearer realm="quotes-api"'})
    if not _accepted(key, keys):
        abort(403, message="This API key is not accepted.")


# The API's description stays public, so that a client can learn how to authenticate.
_PUBLIC_BLUEPRINTS = (None, "static", "api-docs", "docs")


def _guard_reads() -> None:
    if request.method in ("GET", "HEAD") and request.blueprint not in _PUBLIC_BLUEPRINTS:
        require_key()


def init_app(app: Flask) -> None:
    if app.config["READS_REQUIRE_KEY"]:
        app.before_request(_guard_reads)
