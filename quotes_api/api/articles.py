"""/v1/articles: the articles quotations come from; ingest (POST) and removal (DELETE) need a key."""
from __future__ import annotations

import logging

from flask import request, url_for
from flask_smorest import abort
from werkzeug.routing import BaseConverter

from ..articles.model import (ARTICLE_ID_MAX, ARTICLE_ID_NUMBER_MAX, ARTICLE_ID_PATTERN, ARTICLE_ID_RULE,
                              is_article_id)
from ..articles.reading import CONTENT_TYPES, iter_read
from ..errors import InputError, QuotesApiError
from ..render import quote_rows, table
from .auth import SECURITY, require_key
from .base import Blueprint, paged
from .db import get_service
from .errors import problem
from .formats import Resource, text_response
from .http import request_body
from .schemas import (ArticleMetaArgs, ArticlePageSchema, ArticleSchema, DeletedSchema, FormatArgs,
                      IngestResultSchema, ListArgs, offering)

blp = Blueprint("articles", __name__, url_prefix="/v1/articles", description="The articles quoted from.")
log = logging.getLogger("quotes_api.api")


class ArticleId(BaseConverter):
    """The {article_id} of a path: any one segment matches, and the view answers 400 to one off the pattern."""


# How the spec documents an {article_id} (api/__init__.py registers the converter).
ARTICLE_ID_PARAMETER = {"type": "string", "pattern": ARTICLE_ID_PATTERN, "maxLength": ARTICLE_ID_MAX}

_BODY_EXAMPLE = {"title": "Venezuela's navy", "publication": "The Wall Street Journal", "published": "2019-02-27",
                 "url": "https://example.com/article",
                 "text": '"They say we are not beggars, but there is no medicine," Gonzalez told The Journal.'}
_SOME_TEXT = {"type": "string", "pattern": r"\S"}  # not empty, not only whitespace
_ARTICLE_OBJECT = {
    "type": "object",
    "description": "One article: text or html, and what is known of it. Other fields are kept with it.",
    "properties": {
        "id": {"description": "Its id: a string (" + ARTICLE_ID_RULE + ") or a whole number; when null, "
                              "empty or absent, a hash of the text.",
               "oneOf": [{"type": "string", "pattern": ARTICLE_ID_PATTERN, "maxLength": ARTICLE_ID_MAX,
                          "nullable": True},
                         {"type": "string", "maxLength": 0},
                         {"type": "integer", "minimum": 0, "maximum": ARTICLE_ID_NUMBER_MAX}]},
        "text": {"type": "string", "nullable": True, "description": "The article as plain text."},
        "html": {"type": "string", "nullable": True,
                 "description": "The article as an HTML page (read when text is empty or not given)."},
        **{name: {"type": "string", "nullable": True, "description": description} for name, description in (
            ("title", "Headline."), ("publication", "Publication that printed it."),
            ("published", "Publication date, best as YYYY-MM-DD."), ("url", "Where it was published."),
            ("byline", "Author(s)."))},
    },
    # text or html, and the one read must hold more than whitespace.
    "anyOf": [{"required": ["text"], "properties": {"text": _SOME_TEXT}},
              {"required": ["html"], "properties": {"html": _SOME_TEXT}}],
}
_REQUEST_BODY = {"required": True, "description": (
    "An article as JSON (an object with text or html, and optional title, publication, published, url, "
    "byline; or an array of them), JSON Lines (one such object a line), HTML, or plain text. For HTML and "
    "text, metadata may be given in the query string."), "content": {
        "application/json": {"schema": {"oneOf": [_ARTICLE_OBJECT, {"type": "array", "minItems": 1,
                                                                    "items": _ARTICLE_OBJECT}]},
                             "example": _BODY_EXAMPLE},
        "application/x-ndjson": {"schema": _SOME_TEXT},
        "text/html": {"schema": _SOME_TEXT},
        "text/plain": {"schema": _SOME_TEXT},
    }}


@blp.route("")
class Articles(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(ListArgs, formats), location="query")
    @blp.response(200, ArticlePageSchema)
    @blp.content("text/plain")
    @blp.problems(406)
    def get(self, args):
        """List articles

        Newest first, with how many quotations each one gave.
        """
        return self.render(paged(get_service().articles(page=args["page"], per_page=args["per_page"])))

    def as_text(self, answer):
        return text_response(table([[a["id"], a.get("published") or "", a.get("quotations", ""),
                                     a.get("publication") or "-", a.get("title") or ""] for a in answer["results"]]))

    @blp.arguments(ArticleMetaArgs, location="query")
    @blp.response(201, IngestResultSchema, description="Every article was read and committed; at least one was "
                                                        "new or changed.")
    @blp.alt_response(200, schema=IngestResultSchema, success=True,
                      description="Every article was already stored with the same text: nothing changed.")
    @blp.alt_response(207, schema=IngestResultSchema, success=True, description=(
        "Several articles were sent (a JSON array or JSON Lines) and some, not all, could not be ingested: each "
        "result says what became of its article (status failed, with an error); the others are committed."))
    @blp.doc(requestBody=_REQUEST_BODY, security=SECURITY)
    @blp.problems(413, 415, 422)
    def post(self, meta):
        """Ingest articles

        Reads the body as JSON (one article object, or an array of them), JSON Lines, HTML or plain
        text, extracts its quotations, and commits them before answering. Each article is committed
        on its own: one article answers 201 (new or changed), 200 (already stored with the same text:
        sending it again changes nothing) or 422 (it cannot be read or extracted); several articles
        answer 201 or 200 when every one went in, 207 with each article's own status and error when
        some did not, and 422 when none did. A body that cannot be read at all is 422 and commits nothing. A busy writer answers 503 with
        a Retry-After that says how long the task holding the lock usually takes.
        """
        require_key()
        media = (request.mimetype or "").lower()
        if media not in CONTENT_TYPES:
            abort(415, message=f"Send the article as {', '.join(sorted(CONTENT_TYPES))}, not {media or 'no type'}.")
        items = list(iter_read(request_body(), source="api", content_type=media, meta=meta))
        service = get_service()
        if len(items) == 1:  # one article: its errors are the answer's (422, 503)
            if isinstance(items[0], InputError):
                raise items[0]
            results = [service.ingest_article(items[0])]
        else:
            with service.writing("ingest"):  # one hold of the lock: no 503 after the first commit
                results = [_ingest_one(service, index, item) for index, item in enumerate(items)]
        failed = [r for r in results if r["status"] == "failed"]
        if len(failed) == len(results):  # nothing went in: the problem is the answer
            status = max(r["error"]["status"] for r in failed)
            return problem(status, f"None of the {len(results)} articles was ingested: "
                           + " ".join(f"record {r['record']}: {r['error']['detail']}" for r in failed[:10]))
        headers = {}
        if len(results) == 1:
            headers["Location"] = url_for("articles.Article", article_id=results[0]["article_id"], _external=True)
        if failed:
            status = 207
        else:
            status = 201 if any(r["status"] != "unchanged" for r in results) else 200
        return {"results": results}, status, headers


def _ingest_one(service, index: int, item) -> dict:
    """The result of one article (or InputError) of a body of several: what ingest_article gives, or a failure."""
    article_id = None if isinstance(item, InputError) else item.id
    try:
        if isinstance(item, InputError):
            raise item
        return {"record": index, **service.ingest_article(item)}
    except QuotesApiError as e:
        error = {"status": 422, "detail": str(e)}
    except Exception:  # an extraction bug on one article must not lose the answer about the others
        log.exception("ingesting article %s of a POST failed", article_id)
        error = {"status": 500, "detail": "The server failed to ingest this article; the error has been logged."}
    return {"record": index, "article_id": article_id, "status": "failed", "quotations": [], "error": error}


def _checked_id(article_id: str) -> str:
    if not is_article_id(article_id):
        abort(400, message=f"{article_id[:80]!r} is not an article id: ids are {ARTICLE_ID_RULE}.")
    return article_id


@blp.route("/<article_id:article_id>")
class Article(Resource):
    formats = ("json", "text")

    @blp.arguments(offering(FormatArgs, formats), location="query")
    @blp.response(200, ArticleSchema)
    @blp.content("text/plain")
    @blp.problems(404, 406)
    def get(self, args, article_id):
        """One article

        Its metadata, its text, and the quotations found in it.
        """
        article = get_service().get_article(_checked_id(article_id))
        if article is None:
            abort(404, message=f"There is no article {article_id}.")
        return self.render(article)

    def as_text(self, article):
        head = table([[k, article.get(k) or "-"] for k in ("id", "title", "publication", "published", "url", "byline")])
        return text_response(head + "\n" + table(quote_rows(article["quotations"])))

    @blp.response(200, DeletedSchema)
    @blp.doc(security=SECURITY)
    @blp.problems(404)
    def delete(self, article_id):
        """Remove an article

        Its quotations go with it unless another article also printed them.
        """
        require_key()
        removed = get_service().delete_article(_checked_id(article_id))
        if removed is None:
            abort(404, message=f"There is no article {article_id}.")
        return removed
