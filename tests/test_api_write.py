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
