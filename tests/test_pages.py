"""The research pages through Flask's test client: what the browser tests do not need a browser for."""
from __future__ import annotations

import re


def test_a_large_result_says_its_total_is_a_floor_and_its_timeline_counts_every_match(make_app):
    client = make_app(EXACT_TOTAL_LIMIT=3).test_client()
    exact = client.get("/v1/timeline?kind=full&interval=day").json["results"]  # one month: by day
    page = client.get("/?kind=full").get_data(as_text=True)
    assert re.search(r"at least <span id=\"total\">\d+</span>", page)
    assert "Facet counts are from a sample" in page
    bars = dict(re.findall(r'aria-label="([\d-]+): (\d+) quotations?"', page))
    assert bars == {p["period"]: str(p["count"]) for p in exact} and bars


def test_chips_remove_one_value_and_keep_the_others(client):
    page = client.get("/?q=aid&speaker=A+B&speaker=C+D&kind=full").get_data(as_text=True)
    removes = re.findall(r'class="remove" href="([^"]+)"', page)
    assert len(removes) == 3
    assert any("speaker=C+D" in r and "speaker=A+B" not in r and "kind=full" in r for r in removes)
    assert any("kind" not in r and r.count("speaker=") == 2 for r in removes)


def test_a_page_number_that_is_not_one_is_a_400_page(client):
    resp = client.get("/?q=aid&page=zero")
    assert resp.status_code == 400 and resp.mimetype == "text/html" and 'role="alert"' in resp.get_data(as_text=True)


def test_unknown_api_paths_stay_problem_documents(client):
    resp = client.get("/v1/nothing")
    assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    page = client.get("/nothing")
    assert page.status_code == 404 and page.mimetype == "text/html"
