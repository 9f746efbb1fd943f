"""Every error is an RFC 9457 problem document, and no traceback ever reaches a client."""
from __future__ import annotations

import pytest

from conftest import API_KEY
from quotes_api.service import QuoteService
from quotes_api.store import WRITER_TASKS, WriterLock


def assert_problem(resp, status: int) -> dict:
    assert resp.status_code == status
    assert resp.mimetype == "application/problem+json"
    body = resp.json
    assert body["status"] == status and body["type"] == "about:blank" and body["title"] and body["detail"]
    assert body["instance"] == resp.request.path
    assert "Traceback" not in resp.get_data(as_text=True)
    assert resp.headers["Cache-Control"] == "no-store"
    return body


def test_400_lists_the_rejected_parameters(client):
    body = assert_problem(client.get("/v1/quotes?per_page=abc&page=-1"), 400)
    assert set(body["errors"]["query"]) == {"per_page", "page"}


def test_400_for_a_query_the_language_refuses_and_414_for_one_too_long(make_app):
    client = make_app(MAX_QUERY_CHARS=5).test_client()
    assert_problem(client.get('/v1/quotes?q="open'), 400)
    assert_problem(client.get("/v1/quotes?q=longer+than+five"), 414)


def test_401_and_403(make_app):
    client = make_app(READS_REQUIRE_KEY=True).test_client()
    assert_problem(client.get("/v1/quotes"), 401)
    assert_problem(client.get("/v1/quotes", headers={"X-API-Key": "nope"}), 403)
    assert client.get("/v1/quotes", headers={"X-API-Key": API_KEY}).status_code == 200


def test_404_for_unknown_paths_and_resources(client):
    assert_problem(client.get("/v1/nothing-here"), 404)
    assert_problem(client.get("/v1/articles/unknown"), 404)


def test_405_names_the_allowed_methods(client):
    resp = client.put("/v1/quotes")
    assert_problem(resp, 405)
    assert "GET" in resp.headers["Allow"]


def test_406_for_a_format_the_resource_does_not_have(client, quote_id):
    assert_problem(client.get(f"/v1/quotes/{quote_id}/similar?format=csv"), 406)


def test_413_415_422(make_app):
    client = make_app(writable=True, MAX_BODY_BYTES=100).test_client()
    key = {"X-API-Key": API_KEY}
    assert_problem(client.post("/v1/articles", data="x" * 200, content_type="text/plain", headers=key), 413)
    assert_problem(client.post("/v1/articles", data="x", content_type="image/png", headers=key), 415)
    assert_problem(client.post("/v1/articles", data="{}", content_type="application/json", headers=key), 422)


def test_429_when_the_rate_limit_is_spent(make_app):
    client = make_app(RATE_LIMIT="2 per minute").test_client()
    assert client.get("/v1/outlets").status_code == 200
    assert client.get("/v1/themes").status_code == 200
    resp = client.get("/v1/outlets")
    assert_problem(resp, 429)
    assert int(resp.headers["Retry-After"]) > 0
    assert client.get("/v1/health").status_code == 200  # probes are never limited


def test_500_says_nothing_of_the_failure(client, monkeypatch, caplog):
    def broken(self, quote_id):
        raise RuntimeError("secret internals /srv/index")
    monkeypatch.setattr(QuoteService, "get_quote", broken)
    body = assert_problem(client.get("/v1/quotes/q_1"), 500)
    assert "secret" not in str(body) and "RuntimeError" not in str(body)
    assert "secret internals" in caplog.text  # it is logged, with its traceback, for the operator


def test_501_for_oembed_xml(client, quote_id):
    assert_problem(client.get(f"/v1/oembed?url=/quotes/{quote_id}&format=xml"), 501)


@pytest.mark.parametrize("task, says", [("article", "another article"), ("ingest", "a bulk ingest"),
                                        ("reindex", "a reindex"), ("reextract", "re-extraction")])
def test_503_while_the_writer_lock_is_held_says_what_holds_it(make_app, task, says):
    app = make_app(writable=True, API_WRITE_WAIT=0.05)
    lock = WriterLock(app.config["INDEX_DIR"], 0)
    lock.acquire(task)
    try:
        resp = app.test_client().delete("/v1/articles/004_cec9d586c5f71784", headers={"X-API-Key": API_KEY})
    finally:
        lock.release()
    body = assert_problem(resp, 503)
    assert resp.headers["Retry-After"] == str(WRITER_TASKS[task]) and says in body["detail"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 503])
def test_every_status_is_documented_as_a_problem(client, status):
    from http import HTTPStatus

    spec = client.get("/v1/openapi.json").json
    response = spec["components"]["responses"][HTTPStatus(status).name]
    assert response["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_writes_have_a_budget_of_their_own(make_app):
    # issue 10, item 10: writes shared the reads' budget, so a flood of reads starved writers.
    app = make_app(writable=True, RATE_LIMIT="2 per minute", WRITE_RATE_LIMIT="1 per minute")
    client = app.test_client()
    assert [client.get("/v1/outlets").status_code for _ in range(3)] == [200, 200, 429]
    article = {"text": '"The reads ran out, the writes did not," said Ann Lee, an engineer.\n'}
    assert client.post("/v1/articles", json=article, headers={"X-API-Key": API_KEY}).status_code == 201
    spent = client.post("/v1/articles", json=article, headers={"X-API-Key": API_KEY})
    assert_problem(spent, 429)
    assert int(spent.headers["Retry-After"]) > 0
    assert client.get("/v1/health").status_code == 200  # probes are never limited
