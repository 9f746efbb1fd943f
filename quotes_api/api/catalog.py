"""/v1/outlets, /v1/themes and /v1/timeline: the ways into the quotations besides search."""
from __future__ import annotations

from flask.views import MethodView

from . import formats
from .base import Blueprint
from .db import get_service
from .schemas import FILTERS, FormatArgs, OutletListSchema, ThemeListSchema, TimelineArgs, TimelineSchema

blp = Blueprint("catalog", __name__, url_prefix="/v1", description="Outlets, themes and the timeline.")


@blp.route("/outlets")
class Outlets(MethodView):
    @blp.arguments(FormatArgs, location="query")
    @blp.response(200, OutletListSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """List outlets

        The outlets words were given to (\u201ctold The Journal\u201d), by name.
        """
        fmt = formats.negotiate(("json", "text"), args.get("format"))
        outlets = get_service().outlets()
        if fmt == "text":
            return formats.text_response(formats.table([[o.get("quotations", ""), o["name"]] for o in outlets]))
        return {"results": outlets}


@blp.route("/themes")
class Themes(MethodView):
    @blp.arguments(FormatArgs, location="query")
    @blp.response(200, ThemeListSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """List themes

        The taxonomy quotations are filed under, with the words that place them there.
        """
        fmt = formats.negotiate(("json", "text"), args.get("format"))
        themes = get_service().themes()
        if fmt == "text":
            rows = [[t.get("quotations", ""), t["name"], t.get("description") or ""] for t in themes]
            return formats.text_response(formats.table(rows))
        return {"results": themes}


@blp.route("/timeline")
class Timeline(MethodView):
    @blp.arguments(TimelineArgs, location="query")
    @blp.response(200, TimelineSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """Quotations over time

        How many matching quotations were published per month or per day, in date order.
        """
        fmt = formats.negotiate(("json", "text"), args.get("format"))
        filters = {k: args[k] for k in FILTERS if args.get(k)}
        periods = get_service().timeline(args["q"] or None, interval=args["interval"], **filters)
        if fmt == "text":
            top = max((p["count"] for p in periods), default=0) or 1
            rows = [[p["period"], p["count"], "\u2588" * max(1, round(40 * p["count"] / top))] for p in periods]
            return formats.text_response(formats.table(rows))
        return {"interval": args["interval"], "results": periods}
