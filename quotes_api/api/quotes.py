"""/v1/quotes: search, one quotation, similar ones, and the embed card and citations of one."""
from __future__ import annotations

import base64
import hashlib
import json

from flask import Response, render_template, url_for
from flask.views import MethodView
from flask_smorest import abort

from ..cite import MIMETYPES as CITE_MIMETYPES, cite
from ..paging import Paging
from ..render import first_source, quote_rows, quote_text, table, web_url
from .base import Blueprint, link_header, page_url
from .db import get_article_meta, get_quote_or_404, get_service
from .embed import EMBED_CSP, EMBED_CSS, caption_parts
from .formats import Resource, stream, text_response
from .pages import render_quote_page
from .schemas import (FILTERS, CiteArgs, FormatArgs, QuoteListSchema, QuoteSchema, SearchArgs, SearchResultSchema,
                      SimilarArgs, offering)

blp = Blueprint("quotes", __name__, url_prefix="/v1/quotes", description="Search and read quotations.")

_EXPORTS = ("csv", "ndjson")


# --- cursors ------------------------------------------------------------------------------
# A cursor is the position of a page within one query: it carries a fingerprint of the query,
# so it cannot be replayed against another one, and it stays opaque so the paging scheme can
# change without breaking clients that follow next/prev links.

def _fingerprint(args: dict) -> str:
    key = json.dumps([args.get(k) for k in ("q", "sort", "fuzzy", *FILTERS)], sort_keys=True)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()


def _encode_cursor(args: dict, page: int, size: int) -> str:
    raw = json.dumps([_fingerprint(args), page, size]).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_cursor(args: dict, cursor: str) -> tuple[int, int]:
    """The page and size a cursor names (the service lowers the size to the cap, as for per_page)."""
    try:
        fingerprint, page, size = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        valid = fingerprint == _fingerprint(args) and 1 <= int(page) < 2 ** 31 and int(size) >= 1
    except (ValueError, TypeError):
        valid = False
    if not valid:
        abort(400, message="This cursor does not belong to this query; follow the next/prev links as they are.")
    return int(page), int(size)


def _search_links(args: dict, result: dict) -> dict:
    paging = Paging.of(result)
    nxt, prev = paging.neighbour(1), paging.neighbour(-1)
    return {"self": page_url(),
            "next": page_url(cursor=_encode_cursor(args, nxt.page, nxt.per_page), page=None)
            if paging.has_next(result["total"]) else None,
            "prev": page_url(cursor=_encode_cursor(args, prev.page, prev.per_page), page=None)
            if paging.page > 1 else None}


def _selecting(names: list[str] | None):
    """The projection of a record on the ``fields=`` asked for (all of them when none was)."""
    if not names:
        return lambda record: record
    return lambda record: {k: record[k] for k in names if k in record}


def _search_text(args: dict, result: dict) -> str:
    paging = Paging.of(result)
    head = (f"{result['total']} quotation{'s' if result['total'] != 1 else ''}"
            + (f" for \u201c{args['q']}\u201d" if args["q"] else "")
            + f", page {paging.page} of {paging.last(result['total'])} ({result['took_ms']:.1f} ms)\n")
    if result.get("suggestion"):
        head += f"did you mean: {result['suggestion']}\n"
    body = table(quote_rows(result["results"]))
    foot = f"next: {result['links']['next']}\n" if result["links"]["next"] else ""
    return head + ("\n" + body if body else "") + ("\n" + foot if foot else "")


@blp.route("")
class Quotes(Resource):
    formats = ("json", "text", *_EXPORTS)

    @blp.arguments(offering(SearchArgs, formats), location="query")
    @blp.response(200, SearchResultSchema)
    @blp.content("text/csv", "application/x-ndjson", "text/plain")
    @blp.problems(406)
    def get(self, args):
        """Search quotations

        `q` takes the query language; the other parameters filter. JSON gives one page with
        facets and next/prev links; `format=csv|ndjson` (or the Accept header) streams the whole
        result set, without a page cap; `format=text` prints aligned lines for a terminal.
        """
        self.args = args
        filters = {k: args[k] for k in FILTERS if args.get(k) is not None}
        service = get_service()
        if self.format in _EXPORTS:
            records = service.iter_search(args["q"], sort=args["sort"], fuzzy=args["fuzzy"], **filters)
            return self.render(map(_selecting(args.get("fields")), records) if self.format == "ndjson" else records)
        page, size = (_decode_cursor(args, args["cursor"]) if args.get("cursor") else (args["page"], args["per_page"]))
        result = service.search(args["q"], sort=args["sort"], page=page, per_page=size, fuzzy=args["fuzzy"],
                                facets=args["facets"] if self.format == "json" else False,
                                facet_limit=args.get("facet_limit"), facet_query=args.get("facet_query"),
                                highlight_pre=args["highlight_pre"], highlight_post=args["highlight_post"],
                                crop=args.get("crop"), **filters)
        result["results"] = [_selecting(args.get("fields"))(hit) for hit in result.pop("hits")]
        result["links"] = links = _search_links(args, result)
        return self.render(result, {"Link": link_header(links)} if link_header(links) else None)

    def as_text(self, result):
        return text_response(_search_text(self.args, result))

    def as_csv(self, records):
        return stream(records, "csv", "quotes")

    def as_ndjson(self, records):
        return stream(records, "ndjson", "quotes")


@blp.route("/<quote_id>")
class Quote(Resource):
    formats = ("json", "text", "html")

    @blp.arguments(offering(FormatArgs, formats), location="query")
    @blp.response(200, QuoteSchema)
    @blp.content("text/plain", "text/html")
    @blp.problems(404, 406)
    def get(self, args, quote_id):
        """One quotation

        The full record: every source it was printed in, its context, and the evidence and
        confidence of its attribution. A browser (Accept: text/html) gets the quotation's page.
        """
        return self.render(get_quote_or_404(quote_id))

    def as_text(self, record):
        return text_response(quote_text(record))

    def as_html(self, record):
        return render_quote_page(record)


@blp.route("/<quote_id>/similar")
class Similar(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(SimilarArgs, formats), location="query")
    @blp.response(200, QuoteListSchema)
    @blp.content("text/plain")
    @blp.problems(404, 406)
    def get(self, args, quote_id):
        """Quotations like this one

        The quotations whose words are most like this one's, best first.
        """
        get_quote_or_404(quote_id)
        return self.render({"results": get_service().similar(quote_id, limit=args["limit"])})

    def as_text(self, data):
        return text_response(table(quote_rows(data["results"])))


@blp.route("/<quote_id>/embed")
class Embed(MethodView):
    @blp.response(200, {"type": "string"}, content_type="text/html")
    @blp.problems(404)
    def get(self, quote_id):
        """An embeddable card

        A self-contained HTML card (quotation, speaker, outlet, publication, date, link) for an
        iframe: no scripts, every value escaped, and a Content-Security-Policy that allows
        nothing but its own inline style.
        """
        record = get_quote_or_404(quote_id)
        # The source is the news article when its URL is known, else the quotation's page here.
        html = render_template("embed.html", record=record, caption=caption_parts(record), css=EMBED_CSS,
                               link=web_url(first_source(record).get("url"))
                               or url_for("pages.quote", quote_id=quote_id, _external=True))
        resp = Response(html, mimetype="text/html")
        resp.headers["Content-Security-Policy"] = EMBED_CSP
        return resp


# style=csl-json answers CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html):
# an array holding the one item cited.
_CSL_ITEMS = {"type": "array", "minItems": 1, "maxItems": 1, "items": {
    "type": "object", "required": ["id", "type", "title"],
    "properties": {"id": {"type": "string"}, "type": {"type": "string", "example": "article-newspaper"},
                   "title": {"type": "string"}, "container-title": {"type": "string"}, "URL": {"type": "string"},
                   "issued": {"type": "object"}, "author": {"type": "array", "items": {"type": "object"}},
                   "note": {"type": "string"}}}}


@blp.route("/<quote_id>/cite")
class Cite(MethodView):
    @blp.arguments(CiteArgs, location="query")
    @blp.response(200, {"type": "string"}, content_type="text/plain")
    @blp.content("application/x-bibtex")
    @blp.doc(responses={200: {"content": {CITE_MIMETYPES["csl-json"]: {"schema": _CSL_ITEMS}}}})
    @blp.problems(404)
    def get(self, args, quote_id):
        """Cite a quotation

        `style=mediawiki` gives a `<blockquote>` and a `{{Cite news}}` reference, `bibtex` an
        @article entry, `csl-json` a CSL item for Zotero and pandoc, `text` one sentence. The
        earliest dated printing is the one cited.
        """
        record = get_quote_or_404(quote_id)
        style = args["style"]
        return text_response(cite(record, style, get_article_meta(record)), CITE_MIMETYPES[style])
