"""The browser pages in headless Chromium: the search page, a quotation page and the embed card.

The pages' policy forbids every script (script-src 'none'), so what Chromium renders here is what
a reader with JavaScript off gets. (--blink-settings=scriptEnabled=false would also empty
--dump-dom, which serialises the page with script.)

They run wherever Debian's chromium is installed (.ci/run installs it) and skip elsewhere.
"""
from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from conftest import serving

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)"),
]


FETCHES: list[tuple[str, str]] = []  # (path, Sec-Fetch-Dest) of each request the test server got


@pytest.fixture
def server(make_app):
    """The app on a free loopback port, served from a thread for the length of a test."""
    app = make_app()

    def recording(environ, start_response):
        FETCHES.append((environ["PATH_INFO"], environ.get("HTTP_SEC_FETCH_DEST", "")))
        return app(environ, start_response)

    FETCHES.clear()
    with serving(recording) as base:
        yield base


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp_path / 'profile'}",
           "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


class _Text(HTMLParser):
    """The visible text of a DOM, and the hrefs of its links."""

    def __init__(self) -> None:
        super().__init__()
        self.text, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script", "head")
        if tag == "a":
            self.links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script", "head")

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def rendered(tmp_path, url: str) -> _Text:
    result = chromium(tmp_path, "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    parsed = _Text()
    parsed.feed(result.stdout)
    parsed.text = " ".join(" ".join(parsed.text).split())
    return parsed


def test_search_page_lists_results_without_javascript(server, tmp_path):
    with urlopen(f"{server}/") as resp:
        assert "script-src 'none'" in resp.headers["Content-Security-Policy"]
    page = rendered(tmp_path, f"{server}/?q={quote('medicine')}")
    assert "1 quotation" in page.text
    assert "They say we are not beggars, but there is no medicine in Venezuela" in page.text
    assert any(h and h.startswith("/quotes/q_") for h in page.links)


def test_empty_search_page_offers_the_form(server, tmp_path):
    page = rendered(tmp_path, f"{server}/")
    assert "Search quotations" in page.text and "API documentation" in page.text


def test_quotation_page(server, tmp_path, quote_id):
    page = rendered(tmp_path, f"{server}/quotes/{quote_id}")
    assert "Isaac Gonzalez" in page.text and "{{Cite news" in page.text and "Printed in" in page.text


def test_embed_card_renders_under_its_own_policy(server, tmp_path, quote_id):
    result = chromium(tmp_path, "--dump-dom", f"{server}/v1/quotes/{quote_id}/embed")
    assert result.returncode == 0
    assert "Isaac Gonzalez" in result.stdout and "no medicine in Venezuela" in result.stdout
    # The inline style is allowed by its hash: Chromium reports no policy violation.
    assert "Content Security Policy" not in result.stderr


def test_embed_card_in_a_foreign_page_through_oembed(server, tmp_path, quote_id):
    """A wiki page on another origin embeds the oEmbed iframe: the card shows in the screenshot."""
    with urlopen(f"{server}/v1/oembed?url={quote(server + '/quotes/' + quote_id)}") as resp:
        oembed = json.load(resp)
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    (wiki / "page.html").write_text(f"<!doctype html><html><body style='margin:0'>{oembed['html']}</body></html>")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(wiki))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as other_origin:
        threading.Thread(target=other_origin.serve_forever, daemon=True).start()
        shot = tmp_path / "embed.png"
        result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=600,260",
                          f"http://127.0.0.1:{other_origin.server_port}/page.html")
        other_origin.shutdown()
    assert result.returncode == 0 and shot.stat().st_size > 0, result.stderr[-2000:]
    assert (f"/v1/quotes/{quote_id}/embed", "iframe") in FETCHES
    # A blocked frame is reported on the console ("Framing ... violates the following Content
    # Security Policy directive"); so would be the card's own style, were its hash wrong.
    assert "Content Security Policy" not in result.stderr
