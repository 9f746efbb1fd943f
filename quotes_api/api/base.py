"""What every resource module shares: the Blueprint flavour, error documentation, paging links."""
from __future__ import annotations

import functools
from http import HTTPStatus
from typing import Callable
from urllib.parse import urlencode

import flask_smorest
from flask import g, request, url_for
from marshmallow import fields as ma_fields
from webargs.flaskparser import FlaskParser

from ..paging import Paging


class _Parser(FlaskParser):
    # A request whose parameters do not validate is a bad request (400); 422 is kept for
    # bodies that are well formed but cannot be read as an article.
    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema):
        # Each parameter's first value, and every value of a list field: what webargs' MultiDictProxy
        # gives too, only it first inspects every field of the schema, on every request.
        listed = _list_fields(type(schema))
        if not listed:
            return req.args.to_dict()
        return {k: req.args.getlist(k) if k in listed else req.args[k] for k in req.args}


@functools.cache
def _list_fields(schema: type) -> frozenset[str]:
    return frozenset(f.data_key or name for name, f in schema._declared_fields.items()
                     if isinstance(f, (ma_fields.List, ma_fields.Tuple)) or getattr(f, "is_multiple", False))


# Any operation can answer these: bad parameters, a key required for reads, the rate limit, a
# failure of ours, an index being rebuilt or the writer lock.
COMMON_PROBLEMS = (400, 401, 403, 429, 500, 503)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = _Parser()

    def arguments(self, schema, **kwargs) -> Callable:
        # Given a class, webargs builds a schema anew on every request (a deep copy of every
        # field); one instance serves them all.
        return super().arguments(schema() if isinstance(schema, type) else schema, **kwargs)

    def problems(self, *codes: int) -> Callable:
        """Document that the decorated operation answers ``codes`` (and the common ones) as problems."""
        def decorator(func: Callable) -> Callable:
            for code in sorted(set(codes) | set(COMMON_PROBLEMS)):
                func = self.alt_response(code, response=HTTPStatus(code).name)(func)
            return func
        return decorator

    @staticmethod
    def content(*mimetypes: str, status: int = 200) -> Callable:
        """Document that the decorated operation can also answer as ``mimetypes`` (text bodies)."""
        return flask_smorest.Blueprint.doc(responses={status: {"content": {
            m: {"schema": {"type": "string"}} for m in mimetypes}}})


def page_url(**changes) -> str:
    """This request's absolute URL with some query parameters replaced (None removes one).

    What ``url_for(endpoint, **view_args, **args, _external=True)`` gives: the route's absolute URL, built once
    per request (a page's links ask for it two or three times), then ``?`` and the parameters encoded as werkzeug
    encodes the ones its rule does not take (``werkzeug.urls._urlencode``: each value of a list in turn, None left
    out, these characters kept as they are)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        args.pop(key, None)
        if value is not None:
            args[key] = [value]
    base = g.get("page_base")
    if base is None:
        base = g.page_base = url_for(request.endpoint, **(request.view_args or {}), _external=True)
    query = urlencode([(k, v) for k, values in args.items() for v in values if v is not None], safe=_QUERY_SAFE)
    return f"{base}?{query}" if query else base


# The characters werkzeug does not percent-encode in a query string (https://url.spec.whatwg.org/#percent-encoded-bytes).
_QUERY_SAFE = "!$'()*,/:;?@"


def page_links(paging: Paging, total: int) -> dict:
    return {"self": page_url(),
            "next": page_url(page=paging.page + 1) if paging.has_next(total) else None,
            "prev": page_url(page=min(paging.page - 1, paging.last(total))) if paging.page > 1 else None}


def paged(found: dict) -> dict:
    """A paged list of the service (``total``, paging, ``items``) as the API answers it, with its links."""
    paging = Paging.of(found)
    return {"total": found["total"], **paging.as_dict(), "results": found["items"],
            "links": page_links(paging, found["total"])}


def link_header(links: dict) -> str:
    """The RFC 8288 Link header of a page's next/prev links (handy with ``curl -I``)."""
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url and rel != "self")
