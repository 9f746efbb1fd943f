"""Shared fixtures: a quote database built once from seeds/ with the real QuoteService, and apps over it."""
from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from werkzeug.serving import make_server

from quotes_api.api.db import close_services
from quotes_api.app import create_app
from quotes_api.articles.reading import iter_articles
from quotes_api.service import QuoteService

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
API_KEY = "test-key-\u00e9"  # non-ASCII on purpose: keys are compared as bytes


@pytest.fixture(scope="session")
def seeded_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "index"
    with QuoteService(str(path)) as service:
        summary = service.ingest(iter_articles([SEEDS]))
    assert summary["articles"]["new"] == 5, summary
    return path


@pytest.fixture
def make_app(seeded_index, tmp_path):
    """``make_app(**config)``: an app over the seeds index; ``writable=True`` gives it its own copy."""
    apps = []

    def make(writable: bool = False, **config):
        index = seeded_index
        if writable:
            index = tmp_path / f"index{len(apps)}"
            shutil.copytree(seeded_index, index)
        app = create_app({"TESTING": True, "INDEX_DIR": str(index), "API_KEYS": [API_KEY], "RATE_LIMIT": "off",
                          "WRITE_RATE_LIMIT": "off",
                          # Counters of this app alone (by default they live in INDEX_DIR, shared by the seeds' apps).
                          "RATE_LIMIT_STORAGE": f"quotes-sqlite://{tmp_path / f'ratelimit{len(apps)}.sqlite3'}",
                          **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        close_services(app)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def quote_id(client) -> str:
    """The id of the seeds' quotation about medicine."""
    return client.get("/v1/quotes?q=medicine").json["results"][0]["id"]


@contextmanager
def serving(wsgi_app):
    """``wsgi_app`` on a free loopback port, served from a thread: yields its base URL."""
    srv = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join()
