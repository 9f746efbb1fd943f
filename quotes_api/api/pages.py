"""The browser pages: a search page and a page per quotation, server-rendered, no JavaScript.

They read the same service as the API and link to its formats (CSV export, citations, the
embed card), so a journalist can do in a browser what a tool does with the API.
"""
from __future__ import annotations

import html
import re
from http import HTTPStatus

import flask
from flask import Response, render_template, request, url_for
from markupsafe import Markup, escape

from ..errors import QueryError
from ..cite import cite
from ..render import first_source, speaker_label, web_url
from .db import get_article_meta, get_quote_or_404, get_service
from .schemas import MAX_PAGE

bp = flask.Blueprint("pages", __name__)

# Pages run no script at all (they work without JavaScript, so none is allowed), load their
# stylesheet from this server, and frame only this server's embed card.
PAGE_CSP = ("default-src 'self'; script-src 'none'; frame-src 'self'; frame-ancestors 'self'; "
            "form-action 'self'; base-uri 'none'")
PER_PAGE = 20
HIGHLIGHT_MARKS = re.compile(r"&lt;(/?)b&gt;")


@bp.get("/")
def index():
    q = request.args.get("q", "").strip()
    speaker = request.args.get("speaker", "").strip() or None
    sort = request.args.get("sort", "relevance")
    page = request.args.get("page", 1, type=int)
    result = error = None
    if q or speaker:
        try:
            result = get_service().search(q, speaker=speaker, sort=sort, page=min(max(1, page), MAX_PAGE),
                                          per_page=PER_PAGE)
        except QueryError as e:  # shown beside the form, which keeps what was typed
            error = str(e)
    return _html(render_template("index.html", q=q, speaker=speaker, sort=sort, result=result, error=error,
                                 per_page=PER_PAGE))


@bp.get("/quotes/<quote_id>")
def quote(quote_id: str):
    return render_quote_page(get_quote_or_404(quote_id))


def render_quote_page(record: dict) -> Response:
    """The quotation's page (also what /v1/quotes/{id} answers to a browser)."""
    page_url = url_for("pages.quote", quote_id=record["id"], _external=True)
    wiki = cite(record, "mediawiki", get_article_meta(record))
    return _html(render_template(
        "quote.html", record=record, speaker=speaker_label(record),
        page_url=page_url, wiki=wiki, similar=get_service().similar(record["id"], limit=5),
        embed_url=url_for("quotes.Embed", quote_id=record["id"], _external=True),
        oembed_url=url_for("meta.OEmbed", url=page_url, _external=True)))


@bp.app_template_filter("marks")
def marks(highlight: str) -> Markup:
    """A highlight with its <b> marks kept and everything else escaped (again: trust nothing)."""
    return Markup(HIGHLIGHT_MARKS.sub(r"<\1b>", str(escape(html.unescape(highlight)))))


bp.add_app_template_filter(speaker_label, "speaker")
bp.add_app_template_filter(first_source, "first_source")
bp.add_app_template_filter(web_url, "web_url")


def error_page(status: int, detail: str) -> Response:
    """What a browser page answers instead of a problem document (the API's error shape)."""
    resp = _html(render_template("error.html", title=HTTPStatus(status).phrase, detail=detail))
    resp.status_code = status
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _html(body: str) -> Response:
    resp = Response(body, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PAGE_CSP
    return resp


def init_app(app: flask.Flask) -> None:
    app.register_blueprint(bp)
