"""Metadata printed in an article's text: dates, titles, publications, bylines, metadata lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from quotes_api.articles.metadata import is_metadata_line, parse_date, read_metadata, read_title

SEEDS = Path(__file__).parent.parent / "seeds"

DATES = [
    # (text, ISO date of the first date in it)
    ("February 7, 2019 Updated: February 8, 2019", "2019-02-07"),
    ("Sharecast News | 07 Feb, 2019", "2019-02-07"),
    ("Published 3 March 2021", "2021-03-03"),
    ("2019-02-07", "2019-02-07"),
    ("2019-02-07T10:00:00Z", "2019-02-07"),
    ("Feb. 7, 2019 5:42 p.m. ET", "2019-02-07"),
    ("Sept. 21st, 2020", "2020-09-21"),
    ("Last updated on 1 December 2018 at 09:00 GMT", "2018-12-01"),
    ("Updated: 2020/11/05 08:00", "2020-11-05"),
    ("February 30, 2019", None),  # no such day
    ("Updated : 18:21", None),
    ("signed on Dec. 21 by the commander", None),
]


@pytest.mark.parametrize("text, iso", DATES)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


METADATA_LINES = [
    # (line, is it a metadata line)
    ("February 7, 2019 Updated: February 8, 2019", True),
    ("Sharecast News | 07 Feb, 2019", True),
    ("Published 3 March 2021", True),
    ("2019-02-07", True),
    ("Feb. 7, 2019 5:42 p.m. ET", True),
    ("Updated : 18:21", True),
    ("By", True),
    ("By:", True),
    ("By Jane Doe", True),
    ("By Jane Doe, Reuters", True),
    ("By JANE DOE and John Roe | The Sydney Morning Herald", True),
    ("By Ana Rivera, Staff Writer", True),
    ("(Sahar News Monitoring Desk)", True),
    ("Web Desk", True),
    # Prose, headlines and captions are not metadata, even with a date or "By" in them.
    ("By Monday, the army had fled.", False),
    ("By the time the guards arrived, the bridge was closed.", False),
    ("On Feb. 7, 2019, Maduro said the army was loyal.", False),
    ("The order was signed on Nov. 13 by Luis Santiago Rodriguez Gonzalez.", False),
    ("Documents Reveal Venezuelan Soldiers Deserting, as Tensions Rise", False),
    ("Home / World / 567 Venezuelan soldiers defected to Colombia", False),
    ("", False),
    ("2019-02-07 " + "and a very long line of prose " * 5, False),
]


@pytest.mark.parametrize("line, expected", METADATA_LINES)
def test_is_metadata_line(line, expected):
    assert is_metadata_line(line) is expected


TITLES = [
    # (text, title)
    ("Documents Reveal Soldiers Deserting, as Tensions Rise\n\nFebruary 7, 2019\n\nBody text.",
     "Documents Reveal Soldiers Deserting, as Tensions Rise"),
    ("Home / World / 567 soldiers defected\n\n567 soldiers defected\n\nCARACAS – More than 500 fled.",
     "567 soldiers defected"),
    ("scorecard\n  1. Home\n  2. slideshows\n  3. Guards break ranks in their own words\n\n"
     "Guards break ranks in their own words\n\nThe military has been sent to repress protests.",
     "Guards break ranks in their own words"),
    # A repeated headline is taken even without a blank line after it.
    ("Menu\nGuards break ranks\nThe military has been sent to repress protests.\n\nGuards break ranks\n",
     "Guards break ranks"),
    ("Is the army about to split?\n\nThe question was asked again on Monday.", "Is the army about to split?"),
    # A first paragraph of prose is no title.
    ("Venezuelan soldiers have deserted in their thousands, documents show.\n\nMore text.", None),
    # A short first line that runs on into the next line is a paragraph's start, not a headline.
    ("Guards break ranks\nas the crisis deepens in the border towns.\n\nMore text.", None),
    ("Home\nWorld\nMenu", None),
    ("", None),
]


@pytest.mark.parametrize("text, title", TITLES)
def test_read_title(text, title):
    assert read_title(text) == title


PUBLICATIONS = [
    # (text, publication, byline)
    ("Headline here\n\nBy\n\nSharecast News | 07 Feb, 2019\n\nBody.", "Sharecast News", None),
    ("Body text of the article.\n\n(Sahar News Monitoring Desk)", "Sahar News", None),
    ("Headline\n\nBy Jane Doe, Reuters\n\nBody.", "Reuters", "Jane Doe"),
    ("Headline\n\nBy Jane Doe for the Daily Mail\n\nBody.", "Daily Mail", "Jane Doe"),
    ("Headline\n\nBy Jane Doe, Senior Correspondent\n\nBody.", None, "Jane Doe"),
    ("Headline\n\n(Reuters) - Oil prices rose on Tuesday as traders weighed supply.", "Reuters", None),
    ("WASHINGTON (AP) — The Senate voted on Tuesday to end the shutdown.", "Associated Press", None),
    ("LONDON, Feb 7 (AFP) - Shares fell.", "Agence France-Presse", None),
    ("CARACAS, Venezuela – More than 500 soldiers have fled.", None, None),
    # A byline beats a dateline further down.
    ("By Jane Doe, The Guardian\n\nWASHINGTON (AP) — The Senate voted.", "The Guardian", "Jane Doe"),
]


@pytest.mark.parametrize("text, publication, byline", PUBLICATIONS)
def test_publication_and_byline(text, publication, byline):
    meta = read_metadata(text)
    assert (meta["publication"], meta["byline"]) == (publication, byline)


SEED_FACTS = [
    # (seed stem, field, value read from its text)
    ("000_b10ec94c76a96876", "published", None),
    ("001_60fee74f3b185593", "published", "2019-02-07"),
    ("001_60fee74f3b185593", "title", "Documents Reveal Venezuelan Soldiers Deserting, as Tensions Rise"),
    ("002_987a5649f0139f7a", "publication", "Sharecast News"),
    ("002_987a5649f0139f7a", "published", "2019-02-07"),
    ("003_c53219397c5d22a2", "publication", "Sahar News"),
    ("003_c53219397c5d22a2", "title", "567 Venezuelan soldiers defected to Colombia"),
    ("004_cec9d586c5f71784", "title", "The 'king-maker' keeping Nicolas Maduro in power is starting to crack - "
                                      "here's why Venezuela's soldiers are breaking ranks, in their own words"),
]


@pytest.mark.parametrize("stem, key, value", SEED_FACTS)
def test_seed_metadata(stem, key, value):
    assert read_metadata((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))[key] == value


def test_read_metadata_has_every_key():
    assert read_metadata("Just one sentence of prose.") == {
        "title": None, "published": None, "publication": None, "byline": None}


DATE_PLACES = [
    # (text, published): date lines count at the head and foot, not between
    ("Headline\n\nPublished 3 March 2021\n\n" + "Prose sentence.\n\n" * 20, "2021-03-03"),
    ("Headline\n\n" + "Prose sentence.\n\n" * 20 + "Published 3 March 2021\n", "2021-03-03"),
    ("Headline\n\n" + "Prose sentence.\n\n" * 20 + "Caracas, February 2, 2019\n\n" + "Prose sentence.\n\n" * 5,
     None),
]


@pytest.mark.parametrize("text, published", DATE_PLACES)
def test_date_lines_at_head_or_foot(text, published):
    assert read_metadata(text)["published"] == published
