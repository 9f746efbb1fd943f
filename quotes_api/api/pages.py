"""The browser pages: search, quotation, speaker, outlet, theme and article pages, server-rendered.

They run no JavaScript: facets, filter chips, the timeline's bars and the pager are all links,
so everything works with scripts off. They read the same service as the API and link to its
formats (CSV export, citations, the embed card), so a journalist can do in a browser what a
tool does with the API. Errors are HTML pages with their real status code.
"""
from __future__ import annotations

import html
import re
from http import HTTPStatus

import flask
from flask import Response, abort, render_template, request, url_for
from markupsafe import Markup, escape

from ..cite import cite
from ..errors import QueryError, QueryTooLong
from ..paging import Paging
from ..render import first_source, speaker_label, web_url
from ..service import FACET_NAMES
from .db import get_article_meta, get_quote_or_404, get_service
from .embed import card_height

bp = flask.Blueprint("pages", __name__)

# Pages run no script at all (they work without JavaScript, so none is allowed), load their
# stylesheet from this server, and frame only this server's embed card.
PAGE_CSP = ("default-src 'self'; script-src 'none'; frame-src 'self'; frame-ancestors 'self'; "
            "form-action 'self'; base-uri 'none'")
PER_PAGE = 20
HIGHLIGHT_MARKS = re.compile(r"&lt;(/?)b&gt;")

# Filters a reader can stack up: each is a chip with a ✕, and facet values add to them.
MULTI_FILTERS = ("speaker", "outlet", "theme", "publication")
SINGLE_FILTERS = ("kind", "min_confidence", "since", "until")
FACET_LABELS = {"speaker": "Speaker", "outlet": "Told to", "theme": "Theme", "publication": "Publication",
                "month": "Month"}
KINDS = (("", "any"), ("full", "whole quotations"), ("partial", "a few words quoted"))
CONFIDENCES = (("", "any"), ("0.5", "50% or more"), ("0.7", "70% or more"), ("0.85", "85% or more"),
               ("0.95", "95% or more"))
SORTS = (("relevance", "best match"), ("-date", "newest first"), ("date", "oldest first"))


# --- the state of the search page, in its URL -------------------------------------------------

class SearchState:
    """What the search page's URL asks for, and the URLs one change away from it."""

    def __init__(self, args) -> None:
        self.q = args.get("q", "").strip()
        self.sort = args.get("sort", "relevance")
        self.page = args.get("page", "1")
        self.multi = {k: [v for v in dict.fromkeys(args.getlist(k)) if v.strip()] for k in MULTI_FILTERS}
        self.single = {k: args.get(k, "").strip() for k in SINGLE_FILTERS}

    @property
    def filtered(self) -> bool:
        return any(self.multi.values()) or any(self.single.values())

    @property
    def empty(self) -> bool:
        return not self.q and not self.filtered

    def service_filters(self) -> dict:
        out: dict = {k: v for k, v in self.multi.items() if v}
        out.update({k: v for k, v in self.single.items() if v})
        return out

    def params(self, **changes) -> dict:
        """The query parameters of this search with ``changes`` (None removes one); page goes back to 1."""
        params: dict = {"q": self.q or None, "sort": self.sort if self.sort != "relevance" else None,
                        **{k: list(v) or None for k, v in self.multi.items()},
                        **{k: v or None for k, v in self.single.items()}}
        params.update(changes)
        return {k: v for k, v in params.items() if v not in (None, [], "")}

    def url(self, **changes) -> str:
        return url_for("pages.index", **self.params(**changes))

    def adding(self, facet: str, value: str) -> str:
        """This search narrowed to ``value`` of ``facet`` (a month narrows the dates)."""
        if facet == "month":
            return self.url(since=value, until=value)
        if value in self.multi[facet]:
            return self.url()
        return self.url(**{facet: [*self.multi[facet], value]})

    def selected(self, facet: str, value: str) -> bool:
        """Whether ``value`` of ``facet`` is a filter in force (a month: both ends of the date range)."""
        if facet == "month":
            return self.single["since"] == value == self.single["until"]
        return value in self.multi[facet]

    def chips(self) -> list[dict]:
        """Every filter in force, with the URL of this search without it."""
        chips = [{"label": FACET_LABELS[k], "value": v, "remove": self.url(**{k: [x for x in vs if x != v]})}
                 for k, vs in self.multi.items() for v in vs]
        s = self.single
        if s["since"] and s["since"] == s["until"]:
            chips.append({"label": "Date", "value": s["since"], "remove": self.url(since=None, until=None)})
        else:
            chips += [{"label": label, "value": s[k], "remove": self.url(**{k: None})}
                      for k, label in (("since", "From"), ("until", "To")) if s[k]]
        if s["kind"]:
            chips.append({"label": "Kind", "value": dict(KINDS).get(s["kind"], s["kind"]), "remove": self.url(kind=None)})
        if s["min_confidence"]:
            chips.append({"label": "Confidence at least", "value": s["min_confidence"],
                          "remove": self.url(min_confidence=None)})
        return chips


# --- the timeline chart -------------------------------------------------------------------------

def timeline_interval(since: str, until: str, months: dict[str, int]) -> str:
    """By day for a short period (a month or two), else by month."""
    if since and until and since[:7] == until[:7]:
        return "day"
    return "day" if 0 < len(months) <= 2 else "month"


def timeline_chart(periods: list[dict], link) -> dict | None:
    """The bars of an inline SVG chart of ``periods`` ({"period", "count"}), each a link (``link(period)``)."""
    if not periods:
        return None
    width, height, gap = 600, 120, 2
    top = max(p["count"] for p in periods) or 1
    # Bars share the width, none wider than 40 (a lone bar must not look like a wall).
    bar = min(40.0, max(2.0, (width - gap * (len(periods) - 1)) / len(periods)))
    bars = []
    for i, p in enumerate(periods):
        h = max(2.0, (height - 16) * p["count"] / top)
        noun = "quotation" if p["count"] == 1 else "quotations"
        bars.append({"x": round(i * (bar + gap), 1), "y": round(height - h, 1), "w": round(bar, 1), "h": round(h, 1),
                     "label": f"{p['period']}: {p['count']} {noun}", "href": link(p["period"]), **p})
    return {"width": width, "height": height, "bars": bars,
            "first": periods[0]["period"], "last": periods[-1]["period"],
            "total": sum(p["count"] for p in periods)}


# --- pages --------------------------------------------------------------------------------------

def _search(service, state: SearchState, **kwargs) -> dict:
    return service.search(state.q, fuzzy=None, highlight_pre="<b>", highlight_post="</b>",
                          **state.service_filters(), **kwargs)


@bp.get("/")
def index():
    state = SearchState(request.args)
    service = get_service()
    context: dict = {"state": state, "kinds": KINDS, "confidences": CONFIDENCES, "sorts": SORTS,
                     "facet_labels": FACET_LABELS, "result": None, "error": None, "start": None, "chart": None}
    status = 200
    if state.empty:
        context["start"] = {
            "recent": service.search("", sort="-date", per_page=8, facets=False)["hits"],
            "speakers": service.speakers(per_page=10)["items"],
            "themes": [t for t in service.themes() if t["quotations"]],
            "total": service.health()["counts"]["quotations"],
        }
    else:
        try:
            result = _search(service, state, sort=state.sort, page=state.page, per_page=PER_PAGE)
            interval = timeline_interval(state.single["since"], state.single["until"], result["facets"]["month"])
            # The month facet is the timeline, unless it was counted on a sample of a large result.
            periods = (service.timeline(state.q or None, interval=interval, fuzzy=None, **state.service_filters())
                       if interval == "day" or result.get("facets_sampled") else
                       [{"period": m, "count": n} for m, n in result["facets"]["month"].items()])
            context["chart"] = timeline_chart(periods, lambda p: state.url(since=p, until=p))
            context["result"] = result
            context["paging"] = Paging.of(result)
            context["csv_url"] = url_for("quotes.Quotes", **state.params(sort=state.sort), format="csv", download=1)
        except QueryError as e:  # shown beside the form, which keeps what was typed
            context["error"] = str(e)
            status = 414 if isinstance(e, QueryTooLong) else 400
    return _html(render_template("index.html", **context), status)


@bp.get("/quotes/<quote_id>")
def quote(quote_id: str):
    return render_quote_page(get_quote_or_404(quote_id))


def render_quote_page(record: dict) -> Response:
    """The quotation's page (also what /v1/quotes/{id} answers to a browser)."""
    page_url = url_for("pages.quote", quote_id=record["id"], _external=True)
    embed_url = url_for("quotes.Embed", quote_id=record["id"], _external=True)
    return _html(render_template(
        "quote.html", record=record, speaker=speaker_label(record), page_url=page_url,
        wiki=cite(record, "mediawiki", get_article_meta(record)),
        similar=get_service().similar(record["id"], limit=5),
        embed_url=embed_url, embed_height=card_height(record, 560),
        oembed_url=url_for("meta.OEmbed", url=page_url, _external=True)))


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.get("/speakers/<speaker_id>")
def speaker(speaker_id: str):
    return _person_or_outlet("speaker", speaker_id)


@bp.get("/outlets/<outlet_id>")
def outlet(outlet_id: str):
    return _person_or_outlet("outlet", outlet_id)


def _person_or_outlet(kind: str, subject_id: str) -> Response:
    """The page of a speaker or of an outlet: who, how many, when (a timeline of exactly them), what."""
    service = get_service()
    subject = service.get_speaker(subject_id) if kind == "speaker" else service.get_outlet(subject_id)
    if subject is None:
        abort(404, f"There is no {kind} {subject_id}.")
    quotes_of = service.speaker_quotes if kind == "speaker" else service.outlet_quotes
    found = _or_400(lambda: quotes_of(subject_id, page=_page_number(), per_page=PER_PAGE))
    name = subject["name"]
    chart = timeline_chart(service.timeline(None, exact={kind: name}),
                           lambda p: url_for("pages.index", **{kind: name}, since=p, until=p))
    return _html(render_template("listing.html", kind=kind, subject=subject, found=found, paging=Paging.of(found),
                                 chart=chart, search_url=url_for("pages.index", **{kind: name})))


@bp.get("/themes/<name>")
def theme(name: str):
    service = get_service()
    found_theme = next((t for t in service.themes() if t["name"] == name), None)
    if found_theme is None:
        abort(404, f"There is no theme {name}.")
    result = _or_400(lambda: service.search("", theme=name, sort="-date", page=_page_number(), per_page=PER_PAGE,
                                            facets=["month"]))
    periods = [{"period": m, "count": n} for m, n in result["facets"]["month"].items()]
    chart = timeline_chart(periods, lambda p: url_for("pages.index", theme=name, since=p, until=p))
    found = {"total": result["total"], "items": result["hits"]}
    return _html(render_template("listing.html", kind="theme", subject=found_theme, found=found,
                                 paging=Paging.of(result), chart=chart,
                                 search_url=url_for("pages.index", theme=name)))


@bp.get("/articles/<article_id>")
def article(article_id: str):
    found = get_service().get_article(article_id)
    if found is None:
        abort(404, f"There is no article {article_id}.")
    return _html(render_template("article.html", article=found, body=marked_text(found)))


def marked_text(article: dict) -> Markup:
    """The article's text, escaped, with each quotation found in it marked and linked to its page."""
    spans = []
    for record in article["quotations"]:
        for source in record["sources"]:
            if source["article_id"] == article["id"]:
                spans += [(start, end, record["id"]) for start, end in source.get("parts") or
                          [(source["start"], source["end"])]]
    text, out, pos = article["text"], [], 0
    for start, end, qid in sorted(spans):
        if start < pos:  # overlapping parts: the first one marked wins
            continue
        out += [str(escape(text[pos:start])),
                f'<a class="mark" href="{url_for("pages.quote", quote_id=qid)}"><mark>',
                str(escape(text[start:end])), "</mark></a>"]
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def _or_400(call):
    try:
        return call()
    except QueryError as e:
        abort(400, str(e))


# --- filters of the templates -------------------------------------------------------------------

@bp.app_template_filter("marks")
def marks(highlight: str) -> Markup:
    """A highlight with its <b> marks kept and everything else escaped (again: trust nothing)."""
    return Markup(HIGHLIGHT_MARKS.sub(r"<\1b>", str(escape(html.unescape(highlight)))))


bp.add_app_template_filter(speaker_label, "speaker")
bp.add_app_template_filter(first_source, "first_source")
bp.add_app_template_filter(web_url, "web_url")


@bp.app_template_global()
def facet_names() -> tuple[str, ...]:
    return FACET_NAMES


def error_page(status: int, detail: str) -> Response:
    """What a browser page answers instead of a problem document (the API's error shape)."""
    resp = _html(render_template("error.html", title=HTTPStatus(status).phrase, status=status, detail=detail),
                 status)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def wants_page() -> bool:
    """Whether an error answers a reader's browser (any path outside the API) rather than an API client."""
    return request.blueprint == "pages" or (request.blueprint is None and not request.path.startswith("/v1"))


def _html(body: str, status: int = 200) -> Response:
    resp = Response(body, status=status, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PAGE_CSP
    return resp


def init_app(app: flask.Flask) -> None:
    app.register_blueprint(bp)
