"""Speakers, outlets, themes, timeline, articles and health, against the seeds corpus."""
from __future__ import annotations

import pytest


def test_speakers_are_listed_most_quoted_first_with_paging(client):
    body = client.get("/v1/speakers?per_page=5").json
    counts = [s["quotations"] for s in body["results"]]
    assert counts == sorted(counts, reverse=True) and len(counts) == 5
    assert body["total"] > 5 and "page=2" in body["links"]["next"] and body["links"]["prev"] is None


@pytest.mark.parametrize("q", ["Craig Faller", "craig faller", "Faler", "FALLER"])
def test_speaker_search_forgives_case_and_misspellings(client, q):
    names = [s["name"] for s in client.get(f"/v1/speakers?q={q}").json["results"]]
    assert "Craig Faller" in names


def test_one_speaker_and_their_quotations(client):
    speaker = client.get("/v1/speakers?q=Javier Gonzalez").json["results"][0]
    detail = client.get(f"/v1/speakers/{speaker['id']}").json
    assert detail["name"] == "Javier Gonzalez" and detail["by_outlet"] == {"Reuters": 3}
    quotes = client.get(f"/v1/speakers/{speaker['id']}/quotes?per_page=2").json
    assert quotes["total"] == 3 and len(quotes["results"]) == 2 and quotes["links"]["next"]
    assert {r["speaker"]["id"] for r in quotes["results"]} == {speaker["id"]}


def test_speakers_as_text(client):
    speaker = client.get("/v1/speakers?q=Javier Gonzalez").json["results"][0]
    for url in ("/v1/speakers", f"/v1/speakers/{speaker['id']}", f"/v1/speakers/{speaker['id']}/quotes"):
        resp = client.get(url, headers={"Accept": "text/plain"})
        assert resp.mimetype == "text/plain" and "Gonzalez" in resp.get_data(as_text=True)


def test_unknown_speaker_is_404(client):
    assert client.get("/v1/speakers/s_nobody").status_code == 404
    assert client.get("/v1/speakers/s_nobody/quotes").status_code == 404


def test_outlets_and_themes(client):
    outlets = client.get("/v1/outlets").json["results"]
    assert {"name": "Reuters", "id": "o_reuters", "quotations": 3} in outlets
    themes = client.get("/v1/themes").json["results"]
    assert themes and all({"name", "terms", "quotations"} <= t.keys() for t in themes)
    assert "Reuters" in client.get("/v1/outlets?format=text").get_data(as_text=True)
    assert themes[0]["name"] in client.get("/v1/themes?format=text").get_data(as_text=True)


def test_timeline_by_month_and_day(client):
    months = client.get("/v1/timeline").json
    assert months["interval"] == "month" and {"period": "2019-02", "count": 11} in months["results"]
    days = client.get("/v1/timeline?q=soldiers&interval=day").json["results"]
    assert all(len(p["period"]) == 10 for p in days)
    assert client.get("/v1/timeline?interval=year").status_code == 400
    assert client.get("/v1/timeline?format=text").get_data(as_text=True).startswith("2019-02  11  \u2588")


def test_articles_and_one_article_with_its_quotations(client):
    body = client.get("/v1/articles").json
    assert body["total"] == 5
    article = client.get("/v1/articles/004_cec9d586c5f71784").json
    assert article["publication"] == "Business Insider" and article["text"]
    assert any(q["text"].startswith("They say we are not beggars") for q in article["quotations"])
    assert client.get("/v1/articles/nope").status_code == 404
    assert "Business Insider" in client.get("/v1/articles?format=text").get_data(as_text=True)
    assert "beggars" in client.get("/v1/articles/004_cec9d586c5f71784?format=text").get_data(as_text=True)


def test_health_gives_generation_and_counts_uncached(client):
    resp = client.get("/v1/health")
    assert resp.json["status"] == "ok" and resp.json["counts"] == {"articles": 5, "quotations": 36, "speakers": 19}
    # ("the country" and "the government" speak in the seeds, but a common noun names no speaker of the database)
    assert resp.headers["Cache-Control"] == "no-store" and "ETag" not in resp.headers


def test_health_answers_503_when_the_database_cannot_be_read(make_app, tmp_path):
    (tmp_path / "not-a-dir").write_text("x")
    resp = make_app(INDEX_DIR=str(tmp_path / "not-a-dir")).test_client().get("/v1/health")
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"


def test_answers_dump_as_marshmallow_would(seeded_index, monkeypatch):
    """Answer.dump keeps the declared fields only; it must agree with marshmallow's field-by-field dump."""
    import marshmallow as ma

    from quotes_api.api import schemas
    from quotes_api.service import QuoteService

    with QuoteService(str(seeded_index)) as service:
        result = service.search("", per_page=100)
        result.update(results=result.pop("hits"), links={"self": "x", "next": None, "prev": None})
        result["results"][0]["undeclared"] = "never shown"
        article = service.get_article("004_cec9d586c5f71784")
        speaker = service.speakers()["items"][0]
    cases = [(schemas.SearchResultSchema(), result), (schemas.ArticleSchema(), article),
             (schemas.SpeakerSchema(), speaker), (schemas.QuoteSchema(many=True), result["results"])]
    fast = [schema.dump(data) for schema, data in cases]
    monkeypatch.setattr(schemas.Answer, "dump", ma.Schema.dump)  # marshmallow's own, at every level
    assert fast == [schema.dump(data) for schema, data in cases]
    assert "undeclared" not in fast[0]["results"][0]
