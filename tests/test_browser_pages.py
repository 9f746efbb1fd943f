"""The research pages as a reader uses them, in real headless Chromium (Debian's, driven by Playwright).

Every page is used with JavaScript turned off: facets, chips, timeline bars and pagers are links,
so a click is a navigation. Boxes are measured in the DOM (no pixel comparisons). The embedding
test puts three oEmbed frames in a page of another origin, as a research wiki would, and checks
that each card's attribution line lies inside its frame.

Run wherever Debian's chromium is installed (.ci/run installs it); skipped elsewhere.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit
from urllib.request import urlopen

import pytest
from conftest import serving
from quotes_api.api.db import close_services
from quotes_api.app import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)"),
]

WIDTHS = (1280, 400)


@pytest.fixture(scope="module")
def server(seeded_index):
    """The app over the seeds, on a free loopback port, for the whole module."""
    app = create_app({"INDEX_DIR": str(seeded_index), "RATE_LIMIT": "off", "TESTING": True})
    with serving(app) as base:
        yield base
    close_services(app)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(browser, request):
    """A tab with JavaScript off, as wide as a laptop's window or a phone's screen."""
    context = browser.new_context(viewport={"width": request.param, "height": 900}, java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


def total(page) -> int:
    return int(page.locator("#total").inner_text())


def params(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def no_sideways_scroll(page) -> None:
    page.wait_for_load_state("load")  # a click returns once the new page commits, before its stylesheet
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_facet_click_adds_a_filter_and_its_chip_removes_it(page, server):
    page.goto(f"{server}/?q=venezuela")
    before = total(page)
    facet = page.locator("section.facet[data-facet=outlet] a").first
    outlet, count = facet.inner_text(), int(facet.locator("xpath=../span[@class='count']").inner_text())
    facet.click()
    assert params(page)["outlet"] == [outlet] and params(page)["q"] == ["venezuela"]
    assert total(page) == count < before
    assert page.locator("li.hit a.outlet").all_inner_texts() == [outlet] * count
    assert page.locator("section.facet[data-facet=outlet] .on").inner_text() == f"✓ {outlet}"
    chip = page.locator("li.chip", has_text=outlet)
    assert chip.is_visible()
    no_sideways_scroll(page)
    chip.locator("a.remove").click()
    assert "outlet" not in params(page) and total(page) == before
    assert page.locator("li.chip").count() == 0


def test_the_form_keeps_facet_filters_and_takes_kind_confidence_and_sort(page, server):
    page.goto(f"{server}/?speaker=Javier+Gonzalez")
    assert total(page) == 3
    page.select_option("#min_confidence", "0.85")
    page.select_option("#sort", "-date")
    page.click("form.search button")
    assert params(page)["speaker"] == ["Javier Gonzalez"] and params(page)["min_confidence"] == ["0.85"]
    assert page.locator("li.chip").count() == 2


def test_labels_stay_beside_their_fields_and_the_placeholder_fits(page, server):
    page.goto(f"{server}/")
    label, box = page.locator("label[for=q]").bounding_box(), page.locator("#q").bounding_box()
    if page.viewport_size["width"] < 600:  # on a phone the search box takes the width, under its label
        assert label["y"] + label["height"] <= box["y"] and abs(label["x"] - box["x"]) < 2
    for field in ("q", "since", "until", "kind", "min_confidence", "sort")[page.viewport_size["width"] < 600:]:
        label, box = page.locator(f"label[for={field}]").bounding_box(), page.locator(f"#{field}").bounding_box()
        middle = label["y"] + label["height"] / 2
        assert box["y"] <= middle <= box["y"] + box["height"], f"the label of {field} is not beside it"
        assert label["x"] + label["width"] <= box["x"] + 1, f"the label of {field} is not before it"
    # The placeholder is not cut: the field is wider than the text it shows.
    fits = page.evaluate("""() => { const q = document.getElementById('q');
        const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(q).font;
        return c.measureText(q.placeholder).width + 40 < q.clientWidth; }""")
    assert fits
    no_sideways_scroll(page)


def test_timeline_bar_narrows_to_its_period(page, server):
    page.goto(f"{server}/?q=military")
    chart = page.locator("figure.timeline svg")
    assert chart.get_attribute("role") == "img" and page.locator("figure.timeline svg title").count() >= 2
    bar = page.locator("figure.timeline a.bar").first
    period, count = re.match(r"(\S+): (\d+) quotations?", bar.get_attribute("aria-label")).groups()
    bar.click()
    assert params(page)["since"] == [period] and params(page)["until"] == [period]
    assert total(page) == int(count)
    assert page.locator("li.chip", has_text=period).is_visible()


def test_speaker_page(page, server):
    page.goto(f"{server}/?q=speaker:faller")
    page.locator("li.hit a.speaker").first.click()
    assert re.search(r"/speakers/s_\w+$", page.url)
    assert page.locator("h1").inner_text() == "Craig Faller"
    assert "Navy Adm." in page.locator(".about").inner_text()
    assert "Adm. Craig Faller" in page.locator(".aliases").inner_text()
    assert page.locator("table.by-outlet td").all_inner_texts() == ["3"]
    bar = page.locator("figure.timeline a.bar")
    assert bar.count() == 1 and bar.get_attribute("aria-label") == "2019-02: 3 quotations"
    dates = page.locator("li.hit time").all_inner_texts()
    assert page.locator("li.hit").count() == 3 and dates == sorted(dates, reverse=True)
    no_sideways_scroll(page)
    bar.click()  # the bar opens the search for this speaker in that month
    assert params(page)["speaker"] == ["Craig Faller"] and total(page) == 3


def test_a_speaker_whose_quotations_are_undated_says_so(page, server):
    page.goto(f"{server}/?q=speaker:%22javier+gonzalez%22")
    page.locator("li.hit a.speaker").first.click()
    assert page.locator("h1").inner_text() == "Javier Gonzalez"
    assert page.locator("table.by-outlet th").all_inner_texts() == ["Reuters"]
    assert page.locator("figure.timeline").count() == 0 and "known date" in page.locator(".undated").inner_text()


def test_outlet_and_theme_pages(page, server):
    page.goto(f"{server}/?q=venezuela")
    page.locator("li.hit a.theme").first.click()
    assert "/themes/" in page.url and page.locator("li.hit").count() >= 1
    page.goto(f"{server}/?outlet=Reuters")
    page.locator("li.hit a.outlet").first.click()
    assert page.locator("h1").inner_text() == "Reuters"
    assert page.locator("li.hit a.outlet").all_inner_texts() == ["Reuters"] * page.locator("li.hit").count()


def test_article_page(page, server):
    page.goto(f"{server}/?q=%22no+medicine%22")
    title = page.locator("li.hit a.article").first
    name = title.inner_text()
    title.click()
    assert re.search(r"/articles/004_cec9d586c5f71784$", page.url)  # a page, never raw JSON
    assert page.locator("h1").inner_text() == name
    marks = page.locator(".article-text mark")
    quoted = page.locator("ol.results li.hit").count()
    assert quoted > 0 and marks.count() >= quoted
    assert "no medicine in Venezuela" in " ".join(marks.all_inner_texts())
    marks.first.click()
    assert "/quotes/q_" in page.url
    no_sideways_scroll(page)


def test_empty_search_shows_recent_quotations_speakers_and_themes(page, server):
    page.goto(f"{server}/")
    assert page.locator(".recent li.hit").count() == 8
    dates = [d for d in page.locator(".recent li.hit time").all_inner_texts()]
    assert dates == sorted(dates, reverse=True)
    assert page.locator(".speakers li").count() == 10 and page.locator(".themes li").count() >= 5
    page.locator(".speakers li a").first.click()
    assert "/speakers/" in page.url
    no_sideways_scroll(page)


@pytest.mark.parametrize("path", ["/quotes/q_0000000000000000", "/speakers/s_nobody", "/articles/nothing",
                                  "/outlets/o_nobody", "/themes/nothing", "/no/such/page"])
def test_404_pages_are_html_with_their_status(page, server, path):
    resp = page.goto(server + path)
    assert resp.status == 404 and resp.headers["content-type"].startswith("text/html")
    assert page.locator("h1").inner_text() == "404 Not Found"
    assert page.locator("form.search").is_visible()


def test_a_bad_query_is_a_400_page_that_keeps_the_form(page, server):
    resp = page.goto(f"{server}/?q=%22unclosed")
    assert resp.status == 400 and page.locator("#q").input_value() == '"unclosed'
    assert "unclosed quotation mark" in page.locator("[role=alert]").inner_text()


def test_the_quotation_stands_apart_and_its_copy_box_is_exact(page, server):
    with urlopen(f"{server}/v1/quotes?q=humanitarian+countries&fields=id,text") as resp:
        record = json.load(resp)["results"][0]
    assert "The U.S. & other countries" in record["text"]
    page.goto(f"{server}/quotes/{record['id']}")
    header = page.locator("header.site").bounding_box()
    quote_box = page.locator("figure.the-quote").bounding_box()
    assert quote_box["y"] >= header["y"] + header["height"] + 16
    wiki = page.locator("textarea.cite").first.input_value()
    assert wiki.startswith("<blockquote>The Venezuelan people desperately need humanitarian aid, The U.S. & other")
    assert "{{Cite news" in wiki and "&amp;" not in wiki


# --- embedding in a research wiki ----------------------------------------------------------------

def _oembed(server: str, quote_id: str, width: int) -> dict:
    with urlopen(f"{server}/v1/oembed?maxwidth={width}&url={quote(f'{server}/quotes/{quote_id}')}") as resp:
        return json.load(resp)


def test_a_wiki_page_embeds_three_cards_and_each_shows_its_attribution(browser, server, tmp_path):
    with urlopen(f"{server}/v1/quotes?per_page=100&sort=date&fields=id,text") as resp:
        records = json.load(resp)["results"]
    longest = max(records, key=lambda r: len(r["text"]))["id"]
    shortest = min(records, key=lambda r: len(r["text"]))["id"]
    cards = [(320, longest), (560, longest), (400, shortest)]
    frames = [_oembed(server, qid, width) for width, qid in cards]
    assert [f["width"] for f in frames] == [320, 560, 400]
    assert frames[0]["height"] > frames[1]["height"]  # the same words wrap to more lines when narrower
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    body = "".join(f"<h2>Card {i}</h2>{f['html']}" for i, f in enumerate(frames))
    (wiki / "page.html").write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(wiki))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as other_origin:
        threading.Thread(target=other_origin.serve_forever, daemon=True).start()
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{other_origin.server_port}/page.html")
        page.wait_for_load_state("load")
        embedded = page.locator("iframe")
        assert embedded.count() == 3
        for i, (width, qid) in enumerate(cards):
            frame_box = embedded.nth(i).bounding_box()
            assert round(frame_box["width"]) == width and round(frame_box["height"]) == frames[i]["height"]
            card = embedded.nth(i).element_handle().content_frame()  # another origin: its own process
            card.wait_for_load_state("load")
            caption = card.locator("figcaption")
            box = caption.evaluate("e => { const r = e.getBoundingClientRect(); "
                                   "return {bottom: r.bottom, right: r.right, top: r.top}; }")
            inner = card.evaluate("() => ({w: innerWidth, h: innerHeight})")
            assert inner["w"] == width
            assert 0 <= box["top"] and box["bottom"] <= inner["h"] and box["right"] <= inner["w"], (width, box, inner)
            # and no more than a little room is left under it
            assert inner["h"] - box["bottom"] < 60
            assert caption.locator("a").inner_text() == "source"
        other_origin.shutdown()
        context.close()


def test_an_embed_frame_never_overflows_a_phone(browser, server, quote_id):
    frame = _oembed(server, quote_id, 560)
    context = browser.new_context(viewport={"width": 320, "height": 700}, java_script_enabled=False)
    page = context.new_page()
    page.set_content(f"<!doctype html><body style='margin:8px'>{frame['html']}</body>")
    assert page.locator("iframe").bounding_box()["width"] <= 320 - 16
    context.close()
