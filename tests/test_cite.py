"""Citations: {{Cite news}} as Wikipedia documents it, and BibTeX and CSL-JSON with the same facts.

Template:Cite news/doc (Citation Style 1), "Most commonly used parameters in horizontal format":

    To cite a news article with a credited author
    {{cite news |last= |first= |date= |title= |url= |newspaper= |location= |access-date= }}

    To cite a news article with no credited author
    {{cite news |author=<!--Staff writer(s); no by-line.--> |title= |url= |newspaper= |location= |date= |access-date= }}

and, among all parameters, |quote= ("relevant text quoted from the source"). |access-date= is the
date the URL was retrieved, so it needs |url=; |newspaper= is an alias of |work=.
"""
from __future__ import annotations

import json
import re

import pytest

from quotes_api.cite import CITE_NEWS_PARAMETERS, byline_author, cite, quoted_words

# The parameters the documentation's forms above use, and |quote=.
DOCUMENTED = {"last", "first", "author", "date", "title", "url", "newspaper", "work", "location", "access-date",
              "quote"}

RECORD = {"id": "q_8e8578c0b78d76e7", "text": "They say we are not beggars, but there is no medicine in Venezuela,",
          "speaker": {"name": "Isaac Gonzalez"},
          "sources": [{"article_id": "a1", "title": "Venezuela's navy", "publication": "The Wall Street Journal",
                       "published": "2019-02-27", "url": "https://www.wsj.com/articles/venezuela-navy"}]}
ARTICLE = {"id": "a1", "byline": "By Anatoly Kurmanaev and Kejal Vyas", "ingested_at": "2019-03-01T10:00:00Z"}


def _params(wikitext: str) -> dict[str, str]:
    template = re.search(r"\{\{Cite news (.*)\}\}</ref>", wikitext).group(1)
    return dict(p.strip().split("=", 1) for p in template.split("|") if p.strip())


def test_every_parameter_written_is_a_documented_one():
    assert set(CITE_NEWS_PARAMETERS) <= DOCUMENTED


def test_cite_news_of_an_article_with_url_and_byline():
    wikitext = cite(RECORD, "mediawiki", ARTICLE)
    assert wikitext.startswith("<blockquote>They say we are not beggars, but there is no medicine in Venezuela"
                               "<br />\u2014 Isaac Gonzalez</blockquote><ref>{{Cite news |")
    assert _params(wikitext) == {
        "author": "Anatoly Kurmanaev and Kejal Vyas",
        "date": "2019-02-27",
        "title": "Venezuela's navy",
        "url": "https://www.wsj.com/articles/venezuela-navy",  # the article's own URL
        "newspaper": "The Wall Street Journal",
        "access-date": "2019-03-01",  # when the article was retrieved
        "quote": "They say we are not beggars, but there is no medicine in Venezuela",  # no trailing comma
    }


def test_cite_news_of_an_article_without_url_or_byline_leaves_them_out():
    record = {**RECORD, "sources": [{**RECORD["sources"][0], "url": None}]}
    params = _params(cite(record, "mediawiki", {"id": "a1", "byline": None, "ingested_at": "2019-03-01T10:00:00Z"}))
    assert set(params) == {"date", "title", "newspaper", "quote"}  # no url (not this server's), so no access-date
    assert "localhost" not in json.dumps(params)


def test_a_url_that_is_not_a_web_address_is_not_cited():
    record = {**RECORD, "sources": [{**RECORD["sources"][0], "url": "javascript:alert(1)"}]}
    assert "url" not in _params(cite(record, "mediawiki", ARTICLE))


@pytest.mark.parametrize("text, words", [
    ("no medicine in Venezuela,", "no medicine in Venezuela"),
    ("We will rebuild \u2014", "We will rebuild"),
    ("Is it over?", "Is it over?"),
    ("It is over.", "It is over."),
    ("a; b;", "a; b"),
])
def test_quoted_words_drop_the_reporting_sentence_punctuation(text, words):
    assert quoted_words(text) == words


@pytest.mark.parametrize("byline, author", [("By Jane Doe", "Jane Doe"), ("by JANE DOE, Reuters", "JANE DOE, Reuters"),
                                            (None, ""), ("Jane Doe", "Jane Doe")])
def test_byline_author(byline, author):
    assert byline_author(byline) == author


def test_wikitext_keeps_ampersands_and_escapes_what_would_break_the_template():
    record = {**RECORD, "text": "Food & medicine | {{now}} [[link]] <b>"}
    quote = _params(cite(record, "mediawiki", ARTICLE))["quote"]
    assert quote == "Food & medicine {{!}} &#123;&#123;now&#125;&#125; &#91;&#91;link&#93;&#93; &lt;b&gt;"


def test_bibtex_and_csl_json_carry_the_same_facts():
    bib = cite(RECORD, "bibtex", ARTICLE)
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bib, re.M))
    assert fields["author"] == "Anatoly Kurmanaev and Kejal Vyas" and fields["journal"] == "The Wall Street Journal"
    assert fields["date"] == "2019-02-27" and fields["urldate"] == "2019-03-01"
    assert fields["url"] == "https://www.wsj.com/articles/venezuela-navy"
    item = json.loads(cite(RECORD, "csl-json", ARTICLE))[0]
    assert item["author"] == [{"literal": "Anatoly Kurmanaev and Kejal Vyas"}]
    assert item["container-title"] == fields["journal"] and item["title"] == "Venezuela's navy"
    assert item["issued"] == {"date-parts": [[2019, 2, 27]]} and item["accessed"] == {"date-parts": [[2019, 3, 1]]}
    assert item["URL"] == fields["url"]
    assert "no medicine in Venezuela\u201d" in item["note"] and "no medicine in Venezuela\u201d" in fields["note"]
    bare = json.loads(cite({**RECORD, "sources": [{"article_id": "a1", "title": "T"}]}, "csl-json"))[0]
    assert {"URL", "accessed", "author", "issued"}.isdisjoint(bare)


def test_the_api_cites_the_stored_article(client, quote_id):
    wikitext = client.get(f"/v1/quotes/{quote_id}/cite?style=mediawiki").get_data(as_text=True)
    params = _params(wikitext)
    # Seed 004 has no URL and no byline: nothing names this server, and nothing is made up.
    assert params["newspaper"] == "Business Insider" and "url" not in params and "author" not in params
    assert params["quote"].endswith("in Venezuela")
