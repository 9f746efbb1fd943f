"""/v1/quotes: the conventions of search engines (Meilisearch, Typesense, Datasette) on the seeds corpus."""
from __future__ import annotations

import pytest

from quotes_api import settings


def test_the_last_word_matches_as_a_prefix_and_fuzzy_false_turns_it_off(client):
    typed = client.get("/v1/quotes?q=venezu").json
    assert typed["total"] > 0 and typed["tolerance"] == {"prefix": "venezu", "typos": False}
    assert all("<b>Venezuela" in r["highlight"] for r in typed["results"])
    assert typed["suggestion"] is None  # a word being typed is not a misspelling
    exact = client.get("/v1/quotes?q=venezu&fuzzy=false").json
    assert exact["total"] == 0 and exact["tolerance"] is None
    # Only the last word: 'venezu' before another word is a word of its own.
    assert client.get("/v1/quotes?q=venezu+medicine").json["total"] == 0
    # A query ending in a space, a phrase or a field value is not being typed.
    assert client.get("/v1/quotes?q=venezu%20").json["tolerance"]["prefix"] is None


def test_typos_are_forgiven_in_long_words_only_when_nothing_matches(client):
    typo = client.get("/v1/quotes?q=medicne").json
    assert typo["total"] == 1 and typo["tolerance"]["typos"] is True
    assert "<b>medicine</b>" in typo["results"][0]["highlight"]
    assert client.get("/v1/quotes?q=medicne&fuzzy=false").json["total"] == 0
    exact = client.get("/v1/quotes?q=medicine").json
    assert exact["total"] == 1 and exact["tolerance"]["typos"] is False
    # Under five letters one edit makes another word: no tolerance ('aod' is not 'aid').
    short = client.get("/v1/quotes?q=aod").json
    assert short["total"] == 0 and short["tolerance"]["typos"] is False


def test_fields_selects_the_fields_of_each_result(client):
    body = client.get("/v1/quotes?q=venezuela&fields=id,text,speaker").json
    assert body["results"] and all(set(r) == {"id", "text", "speaker"} for r in body["results"])
    assert client.get("/v1/quotes?fields=id,password").status_code == 400


def test_facets_can_be_picked_sized_and_searched(client):
    body = client.get("/v1/quotes?facets=speaker,outlet&facet_limit=1").json
    assert set(body["facets"]) == {"speaker", "outlet"}
    assert all(len(counts) == 1 for counts in body["facets"].values())
    within = client.get("/v1/quotes?facets=speaker&facet_query=speaker:gonz").json["facets"]["speaker"]
    assert within == {"Javier Gonzalez": 3, "Isaac Gonzalez": 1}
    assert client.get("/v1/quotes?facets=mood").status_code == 400
    assert client.get("/v1/quotes?facet_query=mood:x").status_code == 400
    assert client.get("/v1/quotes?facets=false").json["facets"] is None


def test_a_filter_given_twice_means_either(client):
    def total(query):
        return client.get(f"/v1/quotes?{query}").json["total"]

    isaac, javier = total("speaker=Isaac+Gonzalez"), total("speaker=Javier+Gonzalez")
    assert isaac and javier
    assert total("speaker=Isaac+Gonzalez&speaker=Javier+Gonzalez") == isaac + javier
    assert total("kind=full&kind=partial") == total("")


@pytest.mark.parametrize("least", [0.5, 0.8, 0.9])
def test_min_confidence_keeps_surer_attributions(client, least):
    everything = client.get("/v1/quotes?per_page=100").json["results"]
    body = client.get(f"/v1/quotes?min_confidence={least}&per_page=100").json
    expected = {r["id"] for r in everything if r["attribution"]["confidence"] >= least}
    assert {r["id"] for r in body["results"]} == expected and body["total"] == len(expected)


def test_min_confidence_must_be_a_share(client):
    assert client.get("/v1/quotes?min_confidence=2").status_code == 400


def test_highlight_marks_and_crop(client):
    hit = client.get("/v1/quotes?q=medicine&highlight_pre=%5B&highlight_post=%5D&crop=30").json["results"][0]
    assert "[medicine]" in hit["highlight"] and "<b>" not in hit["highlight"]
    assert len(hit["highlight"].replace("[", "").replace("]", "").strip("\u2026")) <= 30


def test_per_page_capped_says_when_per_page_was_lowered(make_app):
    client = make_app(MAX_PER_PAGE=5).test_client()
    capped = client.get("/v1/quotes?per_page=1000").json
    assert capped["per_page"] == 5 and capped["per_page_capped"] is True
    assert client.get("/v1/quotes?per_page=5").json["per_page_capped"] is False
    assert client.get("/v1/speakers?per_page=1000").json["per_page_capped"] is True


def test_csv_download_is_an_attachment_with_a_bom(client):
    resp = client.get("/v1/quotes?q=venezuela&format=csv&download=1")
    assert resp.headers["Content-Disposition"] == 'attachment; filename="quotes.csv"'
    assert resp.get_data().startswith(b"\xef\xbb\xbf")
    assert client.get("/v1/quotes?format=csv").headers["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("filters", ["kind=full&kind=partial", "min_confidence=0.9", "outlet=Reuters&outlet=Al+Jazeera&outlet=Twitter"])
def test_timeline_takes_the_same_filters(client, filters):
    months = client.get(f"/v1/quotes?{filters}").json["facets"]["month"]
    timeline = client.get(f"/v1/timeline?{filters}").json["results"]
    assert {p["period"]: p["count"] for p in timeline} == months and months


def test_gunicorn_reads_longer_request_lines_than_the_app_accepts():
    from quotes_api import gunicorn_conf

    line = gunicorn_conf.limit_request_line
    # 0 is gunicorn's "no limit" (1 MB in gunicorn 27); any other value must exceed what the app reads.
    assert line == 0 or line > settings.query_string_bytes()
    assert settings.query_string_bytes() >= 12 * settings.get("MAX_QUERY_CHARS")


@pytest.mark.parametrize("query, word", [
    ("venezu", "venezu"), ("aid to venezu", "venezu"), ("Venezú", "venezu"), ("(aid OR venezu", "venezu"),
    ("venezu ", None), ('"no medicine"', None), ("speaker:gonz", None), ("aid -arm", None), ("negot*", None),
    ("medicne~", None), ("aid OR", None), ('"open', None), ("", None),
])
def test_last_word(query, word):
    from quotes_api.search.query import last_word

    assert last_word(query) == word


@pytest.mark.parametrize("word, edits", [("aid", 0), ("army", 0), ("medic", 1), ("medicine", 1), ("venezuela", 2)])
def test_typo_edits(word, edits):
    from quotes_api.search.query import typo_edits

    assert typo_edits(word) == edits
