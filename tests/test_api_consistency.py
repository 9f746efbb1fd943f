"""Answers are keyed by what they were computed from: the store and the index as the index has applied it."""
from __future__ import annotations

from fixtures.db import corpus
from quotes_api.service import QuoteService


def test_an_answer_made_while_the_index_lagged_is_not_served_once_it_caught_up(make_app):
    """Issue 10 item 2: during a bulk ingest the store commits first and the index follows up to
    INDEX_BATCH articles later; the ETag and the response cache were keyed by the store alone, so an
    answer computed from the lagging index stayed 'current' (and revalidated with 304) after it caught up."""
    app = make_app(writable=True)
    client = app.test_client()
    url = "/v1/quotes?q=zanahorias"
    assert client.get(url).json["total"] == 0
    art = corpus.article("lag1", ["The zanahorias are gone from every market"], publication="Test Wire",
                         published="2024-01-02")
    with QuoteService(app.config["INDEX_DIR"]) as writer:
        writer.store.put_article(art, [corpus.record(art, "The zanahorias are gone from every market",
                                                     speaker="Ana Ruiz")])  # committed; the index not yet
        lagging = client.get(url)
        assert lagging.json["total"] == 0  # the index has not applied it: an honest answer of that moment
        with writer.writing("ingest"):  # the writer's batch ends: the index catches up
            pass
    etag = lagging.headers["ETag"]
    caught_up = client.get(url)
    assert caught_up.json["total"] == 1 and caught_up.headers["ETag"] != etag
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
