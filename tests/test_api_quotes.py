"""/v1/quotes: search, paging, exports and the views of one quotation, against the seeds corpus."""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest


def test_search_answers_total_timing_highlights_facets_and_links(client):
    body = client.get("/v1/quotes?q=medicine").json
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 20
    assert isinstance(body["took_ms"], float)
    hit = body["results"][0]
    assert "<b>medicine</b>" in hit["highlight"]
    assert hit["speaker"]["name"] == "Isaac Gonzalez" and hit["score"] > 0
    assert body["facets"]["speaker"] == {"Isaac Gonzalez": 1}
    assert body["links"] == {"self": "http://localhost/v1/quotes?q=medicine", "next": None, "prev": None}


def test_filters_narrow_and_facets_can_be_left_out(client):
    everything = client.get("/v1/quotes").json["total"]
    partial = client.get("/v1/quotes?kind=partial&facets=false").json
    assert 0 < partial["total"] < everything
    assert {r["kind"] for r in partial["results"]} == {"partial"}
    assert partial["facets"] is None
    reuters = client.get("/v1/quotes?outlet=Reuters").json
    assert reuters["total"] == 3 and {r["outlet"]["name"] for r in reuters["results"]} == {"Reuters"}


def test_date_sort_orders_by_publication(client):
    dates = [r["sources"][0]["published"] for r in client.get("/v1/quotes?sort=-date&per_page=100").json["results"]]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True)


def test_per_page_is_capped_and_says_so(make_app):
    client = make_app(MAX_PER_PAGE=5).test_client()
    body = client.get("/v1/quotes?per_page=1000").json
    assert body["per_page"] == 5 and len(body["results"]) == 5


def test_following_next_links_visits_every_result_once(client):
    url, seen, total = "/v1/quotes?per_page=7&sort=date", [], None
    while url:
        resp = client.get(url)
        body = resp.json
        total = body["total"]
        seen += [r["id"] for r in body["results"]]
        url = body["links"]["next"]
        if url:
            assert "cursor=" in url and 'rel="next"' in resp.headers["Link"]
    assert len(seen) == len(set(seen)) == total
    prev = client.get(body["links"]["prev"]).json
    assert prev["page"] == body["page"] - 1


@pytest.mark.parametrize("extra", ["_anchor=top", "_external=0", "x=%C3%A9%2F%3F%26+%5B%5D"])
def test_links_keep_every_parameter_as_it_was_sent(client, extra):
    # url_for took _anchor, _external, _method and _scheme in the query for its own arguments (a 500).
    body = client.get(f"/v1/quotes?per_page=2&{extra}").json
    for link in (body["links"]["self"], body["links"]["next"]):
        sent = parse_qs(urlsplit(link).query)
        assert sent[extra.split("=")[0]] == parse_qs(extra)[extra.split("=")[0]] and sent["per_page"] == ["2"]


def test_a_cursor_is_bound_to_its_query(client):
    nxt = client.get("/v1/quotes?q=venezuela&per_page=2").json["links"]["next"]
    cursor = parse_qs(urlsplit(nxt).query)["cursor"][0]
    assert client.get(f"/v1/quotes?q=venezuela&cursor={cursor}").status_code == 200
    assert client.get(f"/v1/quotes?q=maduro&cursor={cursor}").status_code == 400
    assert client.get("/v1/quotes?cursor=garbage").status_code == 400


def test_malformed_query_is_a_bad_request_and_a_long_one_is_414(make_app):
    client = make_app(MAX_QUERY_CHARS=20).test_client()
    too_long = client.get("/v1/quotes?q=" + "x" * 21)
    assert too_long.status_code == 414 and too_long.mimetype == "application/problem+json"
    assert "MAX_QUERY_CHARS" in too_long.json["detail"]
    huge = client.get("/v1/quotes?q=x&other=" + "y" * 5000)  # over what the app reads at all
    assert huge.status_code == 414 and huge.mimetype == "application/problem+json"
    assert client.get('/v1/quotes?q="unclosed').status_code in (200, 400)  # forgiving parser or a clear 400
    assert client.get("/v1/quotes?sort=sideways").status_code == 400
    assert client.get("/v1/quotes?page=0").status_code == 400


def test_text_format_gives_aligned_lines(client):
    for resp in (client.get("/v1/quotes?q=venezuela&format=text"),
                 client.get("/v1/quotes?q=venezuela", headers={"Accept": "text/plain"})):
        assert resp.mimetype == "text/plain"
        lines = resp.get_data(as_text=True).splitlines()
        assert lines[0].startswith(f"{client.get('/v1/quotes?q=venezuela').json['total']} quotations")
        rows = [line for line in lines[2:] if line.startswith("q_")]
        assert rows and len({line.index("\u201c") for line in rows}) == 1  # the quotations start in one column


@pytest.mark.parametrize("query, accept", [("format=csv", None), ("", "text/csv")])
def test_csv_export_streams_every_result_without_a_page_cap(make_app, query, accept):
    client = make_app(MAX_PER_PAGE=3).test_client()
    total = client.get("/v1/quotes").json["total"]
    resp = client.get(f"/v1/quotes?{query}", headers={"Accept": accept} if accept else {})
    assert resp.mimetype == "text/csv" and resp.is_streamed
    body = resp.get_data()
    assert body.startswith("\ufeff".encode("utf-8"))  # so that spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == len({r["id"] for r in rows}) == total > 3


def test_ndjson_export_is_one_record_per_line(client):
    resp = client.get("/v1/quotes?q=venezuela", headers={"Accept": "application/x-ndjson"})
    assert resp.mimetype == "application/x-ndjson"
    records = [json.loads(line) for line in resp.get_data(as_text=True).splitlines()]
    assert len(records) == client.get("/v1/quotes?q=venezuela").json["total"]
    assert all("sources" in r for r in records)


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    from quotes_api.render import spreadsheet_safe

    assert spreadsheet_safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert spreadsheet_safe("plain") == "plain"


def test_one_quotation_has_sources_context_and_evidence(client, quote_id):
    record = client.get(f"/v1/quotes/{quote_id}").json
    assert record["id"] == quote_id
    assert record["sources"][0]["article_id"] == "004_cec9d586c5f71784"
    assert record["context"] and record["attribution"]["evidence"] and record["attribution"]["confidence"] > 0


def test_one_quotation_as_text_and_in_a_browser(client, quote_id):
    text = client.get(f"/v1/quotes/{quote_id}?format=text").get_data(as_text=True)
    assert text.startswith("\u201cThey say we are not beggars") and "sources:" in text
    page = client.get(f"/v1/quotes/{quote_id}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.mimetype == "text/html" and "Isaac Gonzalez" in page.get_data(as_text=True)


def test_unknown_quotation_is_404(client):
    resp = client.get("/v1/quotes/q_0000000000000000")
    assert resp.status_code == 404 and resp.json["detail"] == "There is no quotation q_0000000000000000."


def test_similar_quotations(client, quote_id):
    # Every seed quotation shares some telling word with another (Venezuela, military, aid ...).
    answers = {r["id"]: client.get(f"/v1/quotes/{r['id']}/similar?limit=3").json["results"]
               for r in client.get("/v1/quotes?per_page=100").json["results"]}
    assert all(answers.values()), [i for i, r in answers.items() if not r]
    for own_id, results in answers.items():
        assert len(results) <= 3 and own_id not in {r["id"] for r in results}
    assert client.get(f"/v1/quotes/{quote_id}/similar?format=text").mimetype == "text/plain"
    assert client.get("/v1/quotes/q_0000000000000000/similar").status_code == 404


def test_embed_card_is_self_contained_and_locked_down(client, quote_id):
    resp = client.get(f"/v1/quotes/{quote_id}/embed")
    html = resp.get_data(as_text=True)
    csp = resp.headers["Content-Security-Policy"]
    assert resp.mimetype == "text/html"
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors *" in csp
    assert "<script" not in html and "Isaac Gonzalez" in html and "Business Insider" in html
    assert 'rel="noopener noreferrer"' in html and "X-Frame-Options" not in resp.headers


@pytest.mark.parametrize("style, mimetype, expected", [
    ("mediawiki", "text/plain", "{{Cite news |title="),
    ("bibtex", "application/x-bibtex", "@article{"),
    ("csl-json", "application/vnd.citationstyles.csl+json", '"type": "article-newspaper"'),
    ("text", "text/plain", "\u2014 Isaac Gonzalez, quoted in"),
])
def test_citations(client, quote_id, style, mimetype, expected):
    resp = client.get(f"/v1/quotes/{quote_id}/cite?style={style}")
    assert resp.status_code == 200 and resp.mimetype == mimetype
    assert expected in resp.get_data(as_text=True)


def test_mediawiki_citation_is_a_blockquote_and_escapes_template_syntax():
    from quotes_api.cite import cite

    record = {"id": "q_1", "text": "a | b }} c <script> & d", "speaker": {"name": "X"},
              "sources": [{"title": "T", "publication": "P", "published": "2019-02-07", "url": "https://e.x/a"}]}
    body = cite(record, "mediawiki")
    assert body.startswith("<blockquote>a {{!}} b &#125;&#125; c &lt;script&gt; & d<br />")
    assert "|date=2019-02-07 |title=T |url=https://e.x/a" in body and body.replace("{{!}}", "").count("}}") == 1


def test_bibtex_escapes_special_characters():
    from quotes_api.cite import cite

    record = {"id": "q_1", "text": "100% of $5 & {x}", "speaker": None, "sources": [{"title": "A_B"}]}
    body = cite(record, "bibtex")
    assert r"100\% of \$5 \& \{x\}" in body and r"A\_B" in body


def test_oembed_height_follows_the_quotation_and_the_width(client):
    records = client.get("/v1/quotes?per_page=100&fields=id,text").json["results"]
    long, short = max(records, key=lambda r: len(r["text"])), min(records, key=lambda r: len(r["text"]))

    def frame(record, width):
        return client.get(f"/v1/oembed?url=http://localhost/quotes/{record['id']}&maxwidth={width}").json

    assert frame(long, 320)["height"] > frame(long, 560)["height"] > frame(short, 560)["height"]
    assert frame(short, 560)["height"] < 130  # a short quotation leaves no empty band under it
    capped = client.get(f"/v1/oembed?url=http://localhost/quotes/{long['id']}&maxwidth=320&maxheight=100").json
    assert capped["height"] == 100 and capped["width"] == 320
    assert frame(long, 2000)["width"] == 560
    html = frame(short, 400)["html"]
    assert 'width="400"' in html and "max-width:100%" in html


def test_the_card_links_to_the_news_article_when_its_url_is_known(make_app):
    client = make_app(writable=True).test_client()
    from conftest import API_KEY

    posted = client.post("/v1/articles", headers={"X-API-Key": API_KEY}, json={
        "title": "Nurses walk out", "publication": "The Daily Test", "published": "2024-03-05",
        "url": "https://news.example/nurses",
        "text": "\"We cannot keep patients safe with half the staff we need,\" said Maria Lopez, a ward nurse."})
    qid = posted.json["results"][0]["quotations"][0]["id"]
    card = client.get(f"/v1/quotes/{qid}/embed").get_data(as_text=True)
    assert 'href="https://news.example/nurses"' in card
    seed = client.get("/v1/quotes?q=medicine").json["results"][0]["id"]  # seed 004 has no URL
    assert f'href="http://localhost/quotes/{seed}"' in client.get(f"/v1/quotes/{seed}/embed").get_data(as_text=True)


def test_oembed_follows_the_spec(client, quote_id):
    body = client.get(f"/v1/oembed?url=http://localhost/quotes/{quote_id}&maxwidth=400").json
    assert body["type"] == "rich" and body["version"] == "1.0" and body["width"] == 400
    assert f'src="http://localhost/v1/quotes/{quote_id}/embed"' in body["html"]
    assert client.get(f"/v1/oembed?url=/v1/quotes/{quote_id}").status_code == 200
    assert client.get(f"/v1/oembed?url=http://localhost/quotes/{quote_id}&format=xml").status_code == 501
    assert client.get("/v1/oembed?url=http://evil.example/quotes/x").status_code == 404
    assert client.get("/v1/oembed?url=http://localhost/v1/health").status_code == 404
    assert client.get("/v1/oembed").status_code == 400


def test_text_output_never_carries_terminal_escapes():
    from quotes_api.api.formats import text_response

    body = text_response("a\x1b[2Jb\tc\n\x9bd").get_data(as_text=True)
    assert body == "a\ufffd[2Jb\tc\n\ufffdd"


def test_the_cursor_takes_over_past_the_last_numbered_page(client):
    from quotes_api.api.quotes import _encode_cursor
    from quotes_api.api.schemas import MAX_PAGE, SearchArgs

    assert client.get(f"/v1/quotes?page={MAX_PAGE + 1}").status_code == 400
    cursor = _encode_cursor(SearchArgs().load({}), MAX_PAGE + 1, 1)
    body = client.get(f"/v1/quotes?cursor={cursor}").json
    assert body["page"] == MAX_PAGE + 1 and body["results"] == [] and body["links"]["next"] is None
