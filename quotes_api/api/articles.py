"""/v1/articles: the articles quotations come from; ingest (POST) and removal (DELETE) need a key."""
from __future__ import annotations

from flask import request, url_for
from flask_smorest import abort

from ..articles.reading import CONTENT_TYPES, read_bytes
from ..render import quote_rows, table
from .auth import SECURITY, require_key
from .base import Blueprint, paged
from .db import get_service
from .formats import Resource, text_response
from .schemas import (ArticleMetaArgs, ArticlePageSchema, ArticleSchema, DeletedSchema, FormatArgs,
                      IngestResultSchema, ListArgs)

blp = Blueprint("articles", __name__, url_prefix="/v1/articles", description="The articles quoted from.")

_BODY_EXAMPLE = {"title": "Venezuela's navy", "publication": "The Wall Street Journal", "published": "2019-02-27",
                 "url": "https://example.com/article",
                 "text": '"They say we are not beggars, but there is no medicine," Gonzalez told The Journal.'}
_REQUEST_BODY = {"required": True, "description": (
    "An article as JSON (an object with text or html, and optional title, publication, published, url, "
    "byline; or an array of them), HTML, or plain text. For HTML and text, metadata may be given in the "
    "query string."), "content": {
        "application/json": {"schema": {"type": "object"}, "example": _BODY_EXAMPLE},
        "text/html": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}},
    }}


@blp.route("")
class Articles(Resource):
    formats = ("json", "text")

    @blp.arguments(ListArgs, location="query")
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
    @blp.response(201, IngestResultSchema, description="At least one article was new or changed; it is committed.")
    @blp.alt_response(200, schema=IngestResultSchema, success=True,
                      description="Every article was already stored with the same text: nothing changed.")
    @blp.doc(requestBody=_REQUEST_BODY, security=SECURITY)
    @blp.problems(413, 415, 422)
    def post(self, meta):
        """Ingest an article

        Reads the body as JSON, HTML or plain text, extracts its quotations, and commits them
        before answering 201. Idempotent: sending the same article again changes nothing and
        answers 200. A busy writer answers 503 with Retry-After.
        """
        require_key()
        media = (request.mimetype or "").lower()
        if media not in CONTENT_TYPES:
            abort(415, message=f"Send the article as {', '.join(sorted(CONTENT_TYPES))}, not {media or 'no type'}.")
        articles = read_bytes(request.get_data(cache=False), source="api", content_type=media, meta=meta)
        service = get_service()
        results = [service.ingest_article(article) for article in articles]
        changed = [r for r in results if r["status"] != "unchanged"]
        headers = {}
        if len(results) == 1:
            headers["Location"] = url_for("articles.Article", article_id=results[0]["article_id"], _external=True)
        return {"results": results}, (201 if changed else 200), headers


@blp.route("/<article_id>")
class Article(Resource):
    formats = ("json", "text")

    @blp.arguments(FormatArgs, location="query")
    @blp.response(200, ArticleSchema)
    @blp.content("text/plain")
    @blp.problems(404, 406)
    def get(self, args, article_id):
        """One article

        Its metadata, its text, and the quotations found in it.
        """
        article = get_service().get_article(article_id)
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
        removed = get_service().delete_article(article_id)
        if removed is None:
            abort(404, message=f"There is no article {article_id}.")
        return removed
