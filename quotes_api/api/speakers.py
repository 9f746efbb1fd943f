"""/v1/speakers: who is quoted, found forgivingly by name, and what each one said."""
from __future__ import annotations

from flask_smorest import abort

from ..render import quote_rows, table
from .base import Blueprint, paged
from .db import get_service
from .formats import Resource, text_response
from .schemas import FormatArgs, ListArgs, QuotePageSchema, SpeakerArgs, SpeakerPageSchema, SpeakerSchema, offering

blp = Blueprint("speakers", __name__, url_prefix="/v1/speakers", description="The people quoted.")


def get_speaker_or_404(speaker_id: str) -> dict:
    speaker = get_service().get_speaker(speaker_id)
    if speaker is None:
        abort(404, message=f"There is no speaker {speaker_id}.")
    return speaker


@blp.route("")
class Speakers(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(SpeakerArgs, formats), location="query")
    @blp.response(200, SpeakerPageSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """List or find speakers

        Without `q`, every speaker, most quoted first. `q` matches names forgivingly: case,
        accents and small misspellings do not matter.
        """
        return self.render(paged(get_service().speakers(args.get("q"), page=args["page"], per_page=args["per_page"])))

    def as_text(self, answer):
        return text_response(table([[s["id"], s.get("quotations", ""), s.get("name") or s.get("description") or "",
                                     s.get("role") or ""] for s in answer["results"]]))


@blp.route("/<speaker_id>")
class Speaker(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(FormatArgs, formats), location="query")
    @blp.response(200, SpeakerSchema)
    @blp.content("text/plain")
    @blp.problems(404, 406)
    def get(self, args, speaker_id):
        """One speaker

        Name, aliases, role, and how many quotations were given to each outlet.
        """
        return self.render(get_speaker_or_404(speaker_id))

    def as_text(self, speaker):
        rows = [["name", speaker.get("name") or "-"], ["role", speaker.get("role") or "-"],
                ["description", speaker.get("description") or "-"],
                ["aliases", ", ".join(speaker.get("aliases") or []) or "-"],
                ["quotations", speaker.get("quotations", "")]]
        rows += [[f"  {outlet}", n] for outlet, n in (speaker.get("by_outlet") or {}).items()]
        return text_response(table(rows))


@blp.route("/<speaker_id>/quotes")
class SpeakerQuotes(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(ListArgs, formats), location="query")
    @blp.response(200, QuotePageSchema)
    @blp.content("text/plain")
    @blp.problems(404, 406)
    def get(self, args, speaker_id):
        """A speaker's quotations

        Newest first. For an export of all of them, use /v1/quotes?speaker=...&format=csv.
        """
        found = get_service().speaker_quotes(speaker_id, page=args["page"], per_page=args["per_page"])
        if found is None:
            abort(404, message=f"There is no speaker {speaker_id}.")
        return self.render(paged(found))

    def as_text(self, answer):
        return text_response(table(quote_rows(answer["results"])))
