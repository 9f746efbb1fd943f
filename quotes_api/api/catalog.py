"""/v1/outlets, /v1/themes and /v1/timeline: the ways into the quotations besides search."""
from __future__ import annotations

from ..render import table
from .base import Blueprint
from .db import get_service
from .formats import Resource, text_response
from .schemas import FILTERS, FormatArgs, OutletListSchema, ThemeListSchema, TimelineArgs, TimelineSchema, offering

blp = Blueprint("catalog", __name__, url_prefix="/v1", description="Outlets, themes and the timeline.")


@blp.route("/outlets")
class Outlets(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(FormatArgs, formats), location="query")
    @blp.response(200, OutletListSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """List outlets

        The outlets words were given to (\u201ctold The Journal\u201d), by name.
        """
        return self.render({"results": get_service().outlets()})

    def as_text(self, data):
        return text_response(table([[o.get("quotations", ""), o["name"]] for o in data["results"]]))


@blp.route("/themes")
class Themes(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(FormatArgs, formats), location="query")
    @blp.response(200, ThemeListSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """List themes

        The taxonomy quotations are filed under, with the words that place them there.
        """
        return self.render({"results": get_service().themes()})

    def as_text(self, data):
        return text_response(table([[t.get("quotations", ""), t["name"], t.get("description") or ""]
                                    for t in data["results"]]))


@blp.route("/timeline")
class Timeline(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(TimelineArgs, formats), location="query")
    @blp.response(200, TimelineSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """Quotations over time

        How many matching quotations were published per month or per day, in date order.
        """
        filters = {k: args[k] for k in FILTERS if args.get(k)}
        periods = get_service().timeline(args["q"] or None, interval=args["interval"], **filters)
        return self.render({"interval": args["interval"], "results": periods})

    def as_text(self, data):
        periods = data["results"]
        top = max((p["count"] for p in periods), default=0) or 1
        return text_response(table([[p["period"], p["count"], "\u2588" * max(1, round(40 * p["count"] / top))]
                                    for p in periods]))
