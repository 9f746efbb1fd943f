"""The format of an answer, decided in one place: ``Resource`` (as Datasette's DataView).

A resource's view computes its data and hands it to ``Resource.render``, which answers it in
the format the request asked for (``format=`` first, then the Accept header, JSON by default):
JSON as is (the schema of ``@blp.response`` dumps it), any other format through the view's
``as_<format>`` method. A view lists the formats it has in ``formats``; an explicit ``format=``
it does not have is refused with 406 rather than silently answered in JSON.

Exports (CSV, NDJSON) stream a generator over ``QuoteService.iter_search``: one record is in
memory at a time whatever the size of the result.
"""
from __future__ import annotations

import itertools
from functools import cached_property
from typing import Iterable

from flask import Response, abort, request, stream_with_context
from flask.views import MethodView

from ..render import csv_lines, jsonl_lines, terminal_safe

MIMETYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "ndjson": "application/x-ndjson",
    "text": "text/plain",
    "html": "text/html",  # only by Accept: a browser asking for a quotation gets its page
}
# Accept values that pick a format beside the MIMETYPES themselves.
_ALIASES = {"application/ndjson": "ndjson", "application/jsonl": "ndjson"}


def negotiate(offered: Iterable[str], explicit: str | None = None) -> str:
    """The format of this answer among ``offered`` (MIMETYPES keys): ``explicit`` first, then Accept."""
    offered = list(offered)
    if explicit:
        if explicit not in offered:
            abort(406, f"This resource is not available as {explicit}; it is as {', '.join(offered)}.")
        return explicit
    candidates = {MIMETYPES[f]: f for f in offered}
    candidates.update({m: f for m, f in _ALIASES.items() if f in offered})
    # JSON wins ties (curl sends */*), so it is offered first.
    best = request.accept_mimetypes.best_match(["application/json", *candidates], default="application/json")
    return candidates.get(best, "json")


class Resource(MethodView):
    """A resource with several renderings: ``formats`` it has, ``as_<format>(data)`` for each but JSON."""

    formats: tuple[str, ...] = ("json",)

    @cached_property
    def format(self) -> str:
        # Read on first use, inside the view: the parameters have been validated by then.
        return negotiate(self.formats, request.args.get("format"))

    def render(self, data, headers: dict | None = None):
        """``data`` answered in this request's format (with ``headers``)."""
        if self.format == "json":
            return (data, headers) if headers else data
        resp = getattr(self, f"as_{self.format}")(data)
        resp.headers.update(headers or {})
        return resp


# --- text for terminals ---------------------------------------------------------------------

def text_response(body: str, mimetype: str = MIMETYPES["text"]) -> Response:
    return Response(terminal_safe(body), mimetype=mimetype)


# --- streamed exports -------------------------------------------------------------------------

def stream(records: Iterable[dict], fmt: str, filename: str) -> Response:
    """A streamed CSV or NDJSON export of ``records`` (consumed lazily, inside the request context).

    CSV starts with a UTF-8 byte order mark, so that spreadsheets read accents and curly quotes;
    ``download=1`` in the query makes it an attachment (a browser saves it instead of showing it).
    """
    # Take the first record now: the search runs before the status line is sent, so a query the
    # service refuses is still a 400 rather than a 200 cut short.
    records = iter(records)
    first = next(records, None)
    records = itertools.chain([first] if first is not None else [], records)
    lines = csv_lines(records, bom=True) if fmt == "csv" else jsonl_lines(records)
    resp = Response(stream_with_context(lines), mimetype=MIMETYPES[fmt])
    disposition = "attachment" if request.args.get("download") in ("1", "true") else "inline"
    resp.headers["Content-Disposition"] = f'{disposition}; filename="{filename}.{fmt}"'
    return resp
