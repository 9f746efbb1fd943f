"""create_app(): configuration, and nothing opened before a request (gunicorn forks after loading)."""
from __future__ import annotations

import os

from quotes_api.api.db import close_services
from quotes_api.app import create_app
from quotes_api.service import QuoteService


def test_config_comes_from_settings_and_the_argument(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTES_API_MAX_PER_PAGE", "7")
    monkeypatch.setenv("QUOTES_API_CACHE_MAX_AGE", "5")
    app = create_app({"INDEX_DIR": str(tmp_path), "CACHE_MAX_AGE": "9", "READS_REQUIRE_KEY": "yes"})
    assert not app.testing
    assert app.config["MAX_PER_PAGE"] == 7  # environment
    assert app.config["CACHE_MAX_AGE"] == 9  # the argument wins, converted like the environment
    assert app.config["READS_REQUIRE_KEY"] is True
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["MAX_BODY_BYTES"]
    assert create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).testing


def test_creating_the_app_opens_nothing(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(QuoteService, "_open", lambda self: opened.append(self))
    create_app({"INDEX_DIR": str(tmp_path / "index")})
    assert opened == [] and not (tmp_path / "index").exists()


def test_a_worker_reuses_its_service_across_requests(make_app):
    app = make_app()
    client = app.test_client()
    client.get("/v1/outlets")
    client.get("/v1/themes")
    pool = app.extensions["quotes_api.services"]
    assert len(pool._open) == 1 and pool._idle == pool._open  # returned after each request


def test_a_forked_worker_does_not_inherit_the_parents_services(make_app, monkeypatch):
    app = make_app()
    app.test_client().get("/v1/outlets")
    pool = app.extensions["quotes_api.services"]
    parent = pool._open[0]
    monkeypatch.setattr(os, "getpid", lambda: -1)  # as if this were a child after fork()
    assert app.test_client().get("/v1/outlets").status_code == 200
    assert pool._open and pool._open[0] is not parent
    parent.close()


def test_services_are_closed_on_request(make_app):
    app = make_app()
    app.test_client().get("/v1/outlets")
    close_services(app)
    assert app.extensions["quotes_api.services"]._open == []


def test_the_home_page_and_a_quotation_page(client, quote_id):
    home = client.get("/?q=medicine").get_data(as_text=True)
    assert "<b>medicine</b>" in home and f'href="/quotes/{quote_id}"' in home and "<script" not in home
    page = client.get(f"/quotes/{quote_id}").get_data(as_text=True)
    assert "Isaac Gonzalez" in page and "{{Cite news" in page and "application/json+oembed" in page
    missing = client.get("/quotes/q_0000000000000000")
    assert missing.status_code == 404 and missing.mimetype == "text/html"  # a page, not a problem document
    assert "There is no quotation q_0000000000000000." in missing.get_data(as_text=True)


def test_the_home_page_shows_a_query_error_beside_the_form(make_app):
    resp = make_app(MAX_QUERY_CHARS=5).test_client().get("/?q=far+too+long")
    # the form and the sentence, with the status the error has (an HTML error is never a 200)
    assert resp.status_code == 414 and 'role="alert"' in resp.get_data(as_text=True)
    assert 'value="far too long"' in resp.get_data(as_text=True)
