"""POST and DELETE /v1/articles: keys, content types, idempotence, limits and a busy writer."""
from __future__ import annotations

import json

import pytest

from conftest import API_KEY
from quotes_api.store import WriterLock

ARTICLE = {
    "title": "Nurses walk out", "publication": "The Daily Test", "published": "2024-03-05",
    "url": "https://news.example/nurses",
    "text": "Nurses at the city hospital stopped work on Tuesday.\n\n"
            "\"We cannot keep patients safe with half the staff we need,\" said Maria Lopez, a ward nurse, "
            "speaking to The Daily Test.\n",
}
KEY = {"X-API-Key": API_KEY}


@pytest.fixture
def writable(make_app):
    return make_app(writable=True).test_client()


def test_post_json_commits_then_is_idempotent(writable):
    first = writable.post("/v1/articles", json=ARTICLE, headers=KEY)
    assert first.status_code == 201, first.json
    result = first.json["results"][0]
    assert result["status"] == "new" and result["quotations"][0]["speaker"]["name"] == "Maria Lopez"
    assert first.headers["Location"].endswith(f"/v1/articles/{result['article_id']}")
    # Committed before the answer: a new request (a new service) finds it.
    found = writable.get('/v1/quotes?q="half the staff"').json
    assert found["total"] == 1 and found["results"][0]["sources"][0]["publication"] == "The Daily Test"
    again = writable.post("/v1/articles", json=ARTICLE, headers=KEY)
    assert again.status_code == 200 and again.json["results"][0]["status"] == "unchanged"


def test_post_plain_text_and_html_with_metadata_in_the_query(writable):
    text = writable.post("/v1/articles?publication=Wire&published=2024-03-06", data=ARTICLE["text"],
                         content_type="text/plain; charset=utf-8", headers={"Authorization": f"Bearer {API_KEY}"})
    assert text.status_code == 201
    html = ("<html><body><article><h1>Nurses walk out</h1><p>" + ARTICLE["text"].replace("\n\n", "</p><p>")
            + "</p><p>Talks resume on Friday, the union said in a statement to members.</p></article></body></html>")
    resp = writable.post("/v1/articles", data=html.replace("Tuesday", "Wednesday"), content_type="text/html",
                         headers=KEY)
    assert resp.status_code == 201, resp.json


def test_delete_removes_the_article_and_its_orphaned_quotations(writable):
    article_id = writable.post("/v1/articles", json=ARTICLE, headers=KEY).json["results"][0]["article_id"]
    assert writable.delete(f"/v1/articles/{article_id}").status_code == 401
    resp = writable.delete(f"/v1/articles/{article_id}", headers=KEY)
    assert resp.status_code == 200 and resp.json["article_id"] == article_id and resp.json["removed_quotations"]
    assert writable.get('/v1/quotes?q="half the staff"').json["total"] == 0
    assert writable.delete(f"/v1/articles/{article_id}", headers=KEY).status_code == 404


@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    ({"X-API-Key": "wrong"}, 403),
    ({"Authorization": "Bearer wrong"}, 403),
    ({"Authorization": "Basic " + API_KEY}, 401),
])
def test_writes_need_the_key(writable, headers, status):
    resp = writable.post("/v1/articles", json=ARTICLE, headers=headers)
    assert resp.status_code == status
    if status == 401:
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_writes_are_refused_when_no_key_is_configured(make_app):
    client = make_app(writable=True, API_KEYS=[]).test_client()
    resp = client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": ""})
    assert resp.status_code == 403 and "QUOTES_API_API_KEYS" in resp.json["detail"]


def test_body_over_the_limit_is_413(make_app):
    client = make_app(writable=True, MAX_BODY_BYTES=1000).test_client()
    resp = client.post("/v1/articles", data="x" * 2000, content_type="text/plain", headers=KEY)
    assert resp.status_code == 413 and "1000 bytes" in resp.json["detail"]


def test_unsupported_type_is_415(writable):
    resp = writable.post("/v1/articles", data=b"%PDF-1.7", content_type="application/pdf", headers=KEY)
    assert resp.status_code == 415 and "application/json" in resp.json["detail"]


@pytest.mark.parametrize("body, content_type", [
    (json.dumps({"title": "no text"}), "application/json"),
    ("{not json", "application/json"),
    ("   ", "text/plain"),
])
def test_unreadable_article_is_422(writable, body, content_type):
    resp = writable.post("/v1/articles", data=body, content_type=content_type, headers=KEY)
    assert resp.status_code == 422 and resp.json["detail"]


def test_busy_writer_is_503_with_retry_after(make_app):
    app = make_app(writable=True, WRITE_LOCK_TIMEOUT=0.1)
    lock = WriterLock(app.config["INDEX_DIR"], 0)
    lock.acquire()
    try:
        resp = app.test_client().post("/v1/articles", json=ARTICLE, headers=KEY)
    finally:
        lock.release()
    assert resp.status_code == 503 and int(resp.headers["Retry-After"]) > 0
    assert "pid" not in resp.json["detail"]  # the lock holder and paths stay in the server log


def test_markup_in_an_article_is_escaped_everywhere_it_is_shown(writable):
    hostile = {"title": "<img src=x onerror=alert(1)>", "publication": "<b>Wire</b>", "url": "javascript:alert(1)",
               "text": "\"Never <script>alert('x')</script> again, not here,\" said John Smith, a reporter.\n"}
    resp = writable.post("/v1/articles", json=hostile, headers=KEY)
    assert resp.status_code == 201, resp.json
    quote_id = resp.json["results"][0]["quotations"][0]["id"]
    for url in (f"/v1/quotes/{quote_id}/embed", f"/quotes/{quote_id}", "/?q=never"):
        html = writable.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Wire</b>" not in html, url
        assert "&lt;script&gt;" in html and 'href="javascript:' not in html, url
    oembed = writable.get(f"/v1/oembed?url=/quotes/{quote_id}").json
    assert "<script" not in oembed["html"]


# --- issue 10: hostile bodies, several articles, ids, a held lock -------------------------------

def _article(n: int, **fields) -> dict:
    return {"publication": "The Daily Test", "published": "2024-03-05",
            "text": f'"Shift {n} of the night staff is {n} nurses short," said Maria Lopez, a ward nurse.\n',
            **fields}


@pytest.mark.parametrize("body", [
    '{"text": "\\"We stay \\ud800 here,\\" said Ann Lee."}',
    '{"id": "x\\ud800", "text": "\\"We stay here,\\" said Ann Lee."}',
    '{"title": "\\udfff", "text": "\\"We stay here,\\" said Ann Lee."}',
])
def test_a_lone_surrogate_is_422_not_500(writable, body):
    resp = writable.post("/v1/articles", data=body, content_type="application/json", headers=KEY)
    assert resp.status_code == 422 and "surrogate" in resp.json["detail"]
    assert writable.get('/v1/quotes?q="we stay here"').json["total"] == 0


def test_several_articles_answer_207_with_each_ones_status_and_commit_the_good_ones(writable):
    body = "\n".join(json.dumps(a) for a in [_article(1), {"title": "no text"}, _article(2, id="a/b"),
                                              _article(3, id="third")])
    body += '\n{"text": "\\"Beds \\ud800 are full,\\" said Ann Lee."}\n'
    resp = writable.post("/v1/articles", data=body, content_type="application/x-ndjson", headers=KEY)
    assert resp.status_code == 207, resp.json
    results = resp.json["results"]
    assert [(r["record"], r["status"]) for r in results] == [
        (0, "new"), (1, "failed"), (2, "failed"), (3, "new"), (4, "failed")]
    assert [r["error"]["status"] for r in results if r["status"] == "failed"] == [422, 422, 422]
    assert "text" in results[1]["error"]["detail"] and "not an article id" in results[2]["error"]["detail"]
    assert "surrogate" in results[4]["error"]["detail"] and results[4]["article_id"] is None
    assert results[3]["article_id"] == "third" and results[3]["quotations"]
    # The good ones are committed, the bad ones are not, and the answer said so.
    assert writable.get("/v1/articles/third").status_code == 200
    assert writable.get('/v1/quotes?q="shift 1 of the night staff"').json["total"] == 1
    assert writable.get('/v1/quotes?q="shift 2 of the night staff"').json["total"] == 0
    # None good: 422, naming each one.
    bad = json.dumps([{"title": "no text"}, _article(6, id="a/b")])
    none = writable.post("/v1/articles", data=bad, content_type="application/json", headers=KEY)
    assert none.status_code == 422 and "record 0" in none.json["detail"] and "record 1" in none.json["detail"]
    # All good: 201, then 200 once nothing changes.
    good = json.dumps([_article(1), _article(5)])
    assert writable.post("/v1/articles", data=good, content_type="application/json", headers=KEY).status_code == 201
    again = writable.post("/v1/articles", data=good, content_type="application/json", headers=KEY)
    assert again.status_code == 200 and {r["status"] for r in again.json["results"]} == {"unchanged"}


def test_an_extraction_failure_in_the_middle_of_several_is_that_articles_500(writable, monkeypatch, caplog):
    import quotes_api.ingest

    real = quotes_api.ingest.extract_article

    def flaky(article, config=None):
        if "Shift 2 " in article.text:
            raise RuntimeError("secret internals")
        return real(article, config)

    monkeypatch.setattr(quotes_api.ingest, "extract_article", flaky)
    body = json.dumps([_article(1), _article(2), _article(3)])
    resp = writable.post("/v1/articles", data=body, content_type="application/json", headers=KEY)
    assert resp.status_code == 207
    assert [r["status"] for r in resp.json["results"]] == ["new", "failed", "new"]
    assert resp.json["results"][1]["error"]["status"] == 500 and "secret" not in resp.get_data(as_text=True)
    assert "secret internals" in caplog.text
    assert writable.get('/v1/quotes?q="night staff"').json["total"] == 2


@pytest.mark.parametrize("ident", ["../../etc/passwd", "a/b", " ", "a\x00b", True, "x" * 129, "-x", "é"])
def test_an_article_id_off_the_pattern_is_422(writable, ident):
    resp = writable.post("/v1/articles", json=_article(1, id=ident), headers=KEY)
    assert resp.status_code == 422 and "id" in resp.json["detail"], resp.json
    assert writable.get("/v1/articles").json["total"] == 5  # the seeds only


@pytest.mark.parametrize("path", ["%20", "a%00b", "..", "%C3%A9t%C3%A9", "x" * 129, "-x"])
def test_get_or_delete_of_an_id_off_the_pattern_is_400(writable, path):
    for method in (writable.get, writable.delete):
        resp = method(f"/v1/articles/{path}", headers=KEY)
        assert resp.status_code == 400 and "article id" in resp.json["detail"], (method, path, resp.json)


def test_writes_against_a_held_lock_fail_fast_and_say_what_holds_it(make_app):
    import time

    from quotes_api.store import WRITER_TASKS

    app = make_app(writable=True)  # API_WRITE_WAIT at its default
    client = app.test_client()
    lock = WriterLock(app.config["INDEX_DIR"], 0)
    lock.acquire("reindex")
    try:
        waits = []
        for n in range(5):
            started = time.monotonic()
            resp = client.post("/v1/articles", json=_article(n), headers=KEY)
            waits.append(time.monotonic() - started)
            assert resp.status_code == 503 and resp.headers["Retry-After"] == str(WRITER_TASKS["reindex"])
            assert "reindex" in resp.json["detail"]
    finally:
        lock.release()
    assert max(waits) < app.config["API_WRITE_WAIT"] + 1.0, waits
