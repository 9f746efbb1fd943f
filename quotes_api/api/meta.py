"""Health, oEmbed, the OpenAPI document as YAML and the interactive docs' assets (served locally)."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import flask
import yaml
from flask import current_app, request, send_from_directory, url_for
from flask.views import MethodView
from flask_smorest import abort
from markupsafe import escape
from swagger_ui_bundle import swagger_ui_path
from werkzeug.exceptions import HTTPException

from .base import Blueprint
from .db import get_quote_or_404, get_service
from .errors import problem
from ..render import speaker_label
from .embed import CARD_WIDTH, card_height
from .schemas import HealthSchema, OEmbedArgs, OEmbedSchema

blp = Blueprint("meta", __name__, url_prefix="/v1", description="Health, oEmbed and the API's own description.")
# Routes that are not API operations, so they stay out of the OpenAPI document.
docs = flask.Blueprint("docs", __name__, url_prefix="/v1")

# Endpoints whose URL a quotation can be embedded from (oEmbed's url parameter).
_EMBEDDABLE = {"pages.quote", "quotes.Quote", "quotes.Embed"}


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    @blp.problems()
    def get(self):
        """Liveness, index generation and counts

        503 when the index cannot be read. Never cached and never rate limited.
        """
        try:
            return get_service().health()
        except Exception:  # a probe must get an answer whatever broke: that is its purpose
            current_app.logger.exception("health check failed")
            return problem(503, "The quote database cannot be read; see the server log.")


def _quote_id_of(url: str) -> str:
    """The quotation a page URL of this server shows; 404 for any other URL."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        abort(404, message="This URL is not a page of this server.")
    try:
        endpoint, args = current_app.url_map.bind(request.host).match(parts.path, method="GET")
    except HTTPException:  # not found, wrong method, or a redirect: none is a quotation page
        endpoint, args = None, {}
    if endpoint not in _EMBEDDABLE:
        abort(404, message="This URL is not the page of a quotation (/quotes/{id}).")
    return args["quote_id"]


@blp.route("/oembed")
class OEmbed(MethodView):
    @blp.arguments(OEmbedArgs, location="query")
    @blp.response(200, OEmbedSchema)
    @blp.problems(404, 501)
    def get(self, args):
        """oEmbed for a quotation page

        Follows https://oembed.com: `type` is `rich` and `html` is an iframe of the embed card,
        `maxwidth` wide (560 at most) and as high as the quotation needs at that width (within
        `maxheight`); its style keeps it within a narrower page (max-width: 100%). Only the JSON
        format is offered (XML answers 501).
        """
        if args["format"] != "json":
            abort(501, message="Only format=json is offered.")
        quote_id = _quote_id_of(args["url"])
        record = get_quote_or_404(quote_id)
        width = min(CARD_WIDTH, args.get("maxwidth") or CARD_WIDTH)
        height = card_height(record, width)
        if args.get("maxheight"):  # the card scrolls inside a frame kept under maxheight
            height = min(height, args["maxheight"])
        src = url_for("quotes.Embed", quote_id=quote_id, _external=True)
        who = speaker_label(record)
        html = (f'<iframe src="{escape(src)}" width="{width}" height="{height}" '
                f'style="border:0;max-width:100%" loading="lazy" '
                f'sandbox="allow-popups allow-popups-to-escape-sandbox" title="{escape("Quotation of " + who)}">'
                f'</iframe>')
        return {"type": "rich", "version": "1.0", "title": record["text"][:200], "author_name": who,
                "provider_name": current_app.config["API_TITLE"],
                "provider_url": url_for("pages.index", _external=True),
                "cache_age": current_app.config["CACHE_MAX_AGE"], "html": html, "width": width, "height": height}


class _Dumper(yaml.SafeDumper):
    """YAML without anchors and aliases: a value the spec repeats (an enum) is written out each time."""

    def ignore_aliases(self, data) -> bool:
        return True


def spec_yaml() -> str:
    """The OpenAPI document as YAML: what `quotes-api openapi` prints and /v1/openapi.yaml serves."""
    return current_app.extensions["quotes_api.api"].spec.to_yaml(
        {"sort_keys": False, "allow_unicode": True, "Dumper": _Dumper})


def spec_json() -> str:
    return json.dumps(current_app.extensions["quotes_api.api"].spec.to_dict(), indent=2, ensure_ascii=False) + "\n"


@docs.get("/openapi.yaml")
def openapi_yaml():
    return current_app.response_class(spec_yaml(), mimetype="application/yaml")


@docs.get("/docs/assets/<path:filename>")
def docs_asset(filename: str):
    return send_from_directory(swagger_ui_path, filename, max_age=86400)
