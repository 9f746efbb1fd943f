"""Conditional requests, caching, CORS and security headers."""
from __future__ import annotations

from conftest import API_KEY

ARTICLE = {"title": "A new one", "publication": "Test Wire", "published": "2024-01-02",
           "text": "\"Nothing has changed since last year,\" said Ana Ruiz, a teacher, to Test Wire.\n"}


def test_repeated_read_is_304_by_etag_and_by_date(client):
    first = client.get("/v1/quotes?q=medicine")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"] == "public, max-age=60"
    assert "Accept" in first.headers["Vary"]
    again = client.get("/v1/quotes?q=medicine", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get("/v1/quotes?q=medicine", headers={"If-Modified-Since": modified}).status_code == 304
    # Another representation of the same URL is another ETag.
    text = client.get("/v1/quotes?q=medicine", headers={"Accept": "text/plain", "If-None-Match": etag})
    assert text.status_code == 200


def test_a_write_changes_the_etag(make_app):
    client = make_app(writable=True).test_client()
    url = '/v1/quotes?q="nothing has changed"'
    etag = client.get(url).headers["ETag"]
    assert client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": API_KEY}).status_code == 201
    resp = client.get(url, headers={"If-None-Match": etag})
    assert resp.status_code == 200 and resp.headers["ETag"] != etag and resp.json["total"] == 1


def test_private_cache_when_reads_need_a_key(make_app):
    client = make_app(READS_REQUIRE_KEY=True).test_client()
    resp = client.get("/v1/outlets", headers={"X-API-Key": API_KEY})
    assert resp.headers["Cache-Control"].startswith("private")
    assert client.get("/v1/health").status_code == 401  # with keys on, only the docs stay public
    assert client.get("/v1/openapi.json").status_code == 200


def test_cors_allows_reads_from_any_origin_but_not_writes(client):
    resp = client.get("/v1/outlets", headers={"Origin": "https://wiki.example"})
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in resp.headers["Access-Control-Expose-Headers"]
    preflight = client.options("/v1/articles", headers={"Origin": "https://wiki.example",
                                                         "Access-Control-Request-Method": "POST"})
    assert "POST" not in preflight.headers.get("Access-Control-Allow-Methods", "")


def test_cors_origins_setting(make_app):
    client = make_app(CORS_ORIGINS=["https://wiki.example"]).test_client()
    assert client.get("/v1/outlets", headers={"Origin": "https://wiki.example"}).headers[
        "Access-Control-Allow-Origin"] == "https://wiki.example"
    other = client.get("/v1/outlets", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_security_headers(client):
    resp = client.get("/v1/outlets")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert "'self'" in client.get("/").headers["Content-Security-Policy"]


def test_writes_are_never_cached(make_app):
    client = make_app(writable=True).test_client()
    resp = client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": API_KEY})
    assert resp.headers["Cache-Control"] == "no-store" and "ETag" not in resp.headers


def test_a_repeated_read_is_answered_from_the_cache_until_a_write(make_app, monkeypatch):
    from quotes_api.service import QuoteService

    client = make_app(writable=True).test_client()
    url = '/v1/quotes?q="nothing has changed"'
    first = client.get(url)
    searches = []
    original = QuoteService.search
    monkeypatch.setattr(QuoteService, "search", lambda self, *a, **k: searches.append(a) or original(self, *a, **k))
    again = client.get(url)
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"] and searches == []
    client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": API_KEY})
    assert client.get(url).json["total"] == 1 and len(searches) == 1


def test_the_cache_can_be_turned_off(make_app, monkeypatch):
    from quotes_api.service import QuoteService

    client = make_app(RESPONSE_CACHE_MB=0).test_client()
    calls = []
    original = QuoteService.get_quote
    monkeypatch.setattr(QuoteService, "get_quote", lambda self, i: calls.append(i) or original(self, i))
    client.get("/v1/quotes/q_8e8578c0b78d76e7")
    client.get("/v1/quotes/q_8e8578c0b78d76e7")
    assert len(calls) == 2


def test_a_forged_host_cannot_plant_links_in_cached_answers(client):
    forged = client.get("/v1/quotes?q=medicine", headers={"Host": "evil.example"})
    assert forged.json["links"]["self"].startswith("http://evil.example/")
    assert client.get("/v1/quotes?q=medicine").json["links"]["self"].startswith("http://localhost/")
