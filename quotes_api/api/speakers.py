"""/v1/speakers: who is quoted, found forgivingly by name, and what each one said."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import abort

from . import formats
from .base import Blueprint, page_links, per_page
from .db import get_service
from .schemas import FormatArgs, ListArgs, QuotePageSchema, SpeakerArgs, SpeakerPageSchema, SpeakerSchema

blp = Blueprint("speakers", __name__, url_prefix="/v1/speakers", description="The people quoted.")


def _speaker_rows(items: list[dict]) -> list[list]:
    return [[s["id"], s.get("quotations", ""), s.get("name") or s.get("description") or "", s.get("role") or ""]
            for s in items]


@blp.route("")
class Speakers(MethodView):
    @blp.arguments(SpeakerArgs, location="query")
    @blp.response(200, SpeakerPageSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """List or find speakers

        Without `q`, every speaker, most quoted first. `q` matches names forgivingly: case,
        accents and small misspellings do not matter.
        """
        fmt = formats.negotiate(("json", "text"), args.get("format"))
        size = per_page(args["per_page"])
        found = get_service().speakers(args.get("q"), page=args["page"], per_page=size)
        if fmt == "text":
            return formats.text_response(formats.table(_speaker_rows(found["items"])))
        return {"total": found["total"], "page": args["page"], "per_page": size, "results": found["items"],
                "links": page_links(args["page"], size, found["total"])}


@blp.route("/<speaker_id>")
class Speaker(MethodView):
    @blp.arguments(FormatArgs, location="query")
    @blp.response(200, SpeakerSchema)
    @blp.content("text/plain")
    @blp.problems(404, 406)
    def get(self, args, speaker_id):
        """One speaker

        Name, aliases, role, and how many quotations were given to each outlet.
        """
        fmt = formats.negotiate(("json", "text"), args.get("format"))
        speaker = get_service().get_speaker(speaker_id)
        if speaker is None:
            abort(404, message=f"There is no speaker {speaker_id}.")
        if fmt == "text":
            rows = [["name", speaker.get("name") or "-"], ["role", speaker.get("role") or "-"],
                    ["description", speaker.get("description") or "-"],
                    ["aliases", ", ".join(speaker.get("aliases") or []) or "-"],
                    ["quotations", speaker.get("quotations", "")]]
            rows += [[f"  {outlet}", n] for outlet, n in (speaker.get("by_outlet") or {}).items()]
            return formats.text_response(formats.table(rows))
        return speaker


@blp.route("/<speaker_id>/quotes")
class SpeakerQuotes(MethodView):
    @blp.arguments(ListArgs, location="query")
    @blp.response(200, QuotePageSchema)
    @blp.content("text/plain")
    @blp.problems(404, 406)
    def get(self, args, speaker_id):
        """A speaker's quotations

        Newest first. For an export of all of them, use /v1/quotes?speaker=...&format=csv.
        """
        fmt = formats.negotiate(("json", "text"), args.get("format"))
        size = per_page(args["per_page"])
        found = get_service().speaker_quotes(speaker_id, page=args["page"], per_page=size)
        if found is None:
            abort(404, message=f"There is no speaker {speaker_id}.")
        if fmt == "text":
            return formats.text_response(formats.table(formats.quote_rows(found["items"])))
        return {"total": found["total"], "page": args["page"], "per_page": size, "results": found["items"],
                "links": page_links(args["page"], size, found["total"])}
