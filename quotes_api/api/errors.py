"""Every error the API gives is one shape: application/problem+json (RFC 9457).

The handlers here turn HTTP exceptions, the domain errors of quotes_api.errors and any
unexpected exception into a problem document. An unexpected exception is logged with its
traceback and answered with a fixed sentence: nothing of the traceback reaches the client.
"""
from __future__ import annotations

import json
import logging
from http import HTTPStatus

import marshmallow as ma
from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from ..errors import ExtractionTimeout, InputError, QueryError, QueryTooLong, WriterBusy
from .pages import error_page, wants_page

PROBLEM_JSON = "application/problem+json"

# The statuses the API can answer with; each has a component in the spec (see api/__init__.py).
STATUSES = (400, 401, 403, 404, 405, 406, 413, 414, 415, 422, 429, 500, 501, 503)

log = logging.getLogger("quotes_api.api")


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details; ``errors`` adds the per-field messages of a rejected request."""

    type = ma.fields.String(metadata={"description": "Always about:blank: the status and title say what went wrong.",
                                      "example": "about:blank"})
    title = ma.fields.String(required=True, metadata={"description": "The HTTP status phrase.",
                                                      "example": "Not Found"})
    status = ma.fields.Integer(required=True, metadata={"example": 404})
    detail = ma.fields.String(metadata={"description": "What went wrong, in a sentence meant for a person.",
                                        "example": "There is no quotation q_0123456789abcdef."})
    instance = ma.fields.String(metadata={"description": "The path of the request.",
                                          "example": "/v1/quotes/q_0123456789abcdef"})
    errors = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Raw(),
        metadata={"description": "Messages per request location and field, when parameters were rejected.",
                  "example": {"query": {"page": ["Must be greater than or equal to 1."]}}})


def problem(status: int, detail: str | None = None, *, errors: dict | None = None,
            headers: dict | None = None) -> Response:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    if errors:
        body["errors"] = errors
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    resp.headers["Cache-Control"] = "no-store"
    resp.headers.update(headers or {})
    return resp


def _detail_of(e: HTTPException) -> tuple[str | None, dict | None]:
    """The sentence and the field errors of an HTTP exception (webargs stores the latter in ``data``)."""
    data = getattr(e, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    if e.code == 413:
        limit = request.max_content_length
        return (f"The request body is larger than the limit of {limit} bytes." if limit else e.description), None
    if errors and e.code in (400, 422):
        return "The request parameters are not valid; see errors.", errors
    return data.get("message") or e.description, None


def handle_http_exception(e: HTTPException) -> Response:
    if e.code is None or e.code < 400:  # a redirect or a response raised on purpose
        return e.get_response()
    headers = {k: v for k, v in e.get_headers() if k.lower() != "content-type"}
    headers.update((getattr(e, "data", None) or {}).get("headers") or {})
    detail, errors = _detail_of(e)
    if wants_page():  # a reader's browser, not a client of the API
        return error_page(e.code, detail)
    return problem(e.code, detail, errors=errors, headers=headers)


def handle_query_error(e: QueryError) -> Response:
    return problem(414 if isinstance(e, QueryTooLong) else 400, str(e))


def handle_input_error(e: InputError | ExtractionTimeout) -> Response:
    return problem(422, str(e))


def handle_writer_busy(e: WriterBusy) -> Response:
    # The message names a pid and a path: for the log, not for clients. Retry-After is how long
    # the task holding the lock usually takes (a single article, a bulk ingest, a reindex, ...).
    log.warning("503 on %s: %s", request.path, e)
    doing = f"with {_TASK_PHRASES.get(e.task, 'another write')}"
    return problem(503, f"The quote database is busy {doing}; retry in {e.retry_after} s.",
                   headers={"Retry-After": str(e.retry_after)})


_TASK_PHRASES = {"article": "another article being written", "delete": "an article being removed",
                 "ingest": "a bulk ingest", "reindex": "a reindex", "reextract": "a re-extraction of every article",
                 "repair": "catching the index up with the store"}


def handle_unexpected(e: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    detail = "The server failed to answer this request; the error has been logged."
    return error_page(500, detail) if wants_page() else problem(500, detail)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(QueryError, handle_query_error)
    app.register_error_handler(InputError, handle_input_error)
    app.register_error_handler(ExtractionTimeout, handle_input_error)
    app.register_error_handler(WriterBusy, handle_writer_busy)
    app.register_error_handler(Exception, handle_unexpected)
