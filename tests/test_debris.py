"""Page debris: tables of (article text, kinds of its paragraphs)."""
import pytest

from quotes_api.articles.debris import segment

CASES = [
    ("Title Of The Story\n\nBody sentence one is here.\n", ["title", "prose"]),
    ("Home / World / Americas\n\nBody text.\n", ["menu", "prose"]),
    ("scorecard\n  1. Home\n  2. slideshows\n\nBody text.\n", ["menu", "menu", "menu", "prose"]),
    ("Body text.\n\nPeople protest in Caracas, on Feb. 2, 2019. (Marco Bello/Getty Images)\n", ["prose", "caption"]),
    ("Body text.\n\nSource: Reuters\n", ["prose", "source"]),
    ("Body text.\n\nAdvertisement\n\nMore body text.\n", ["prose", "menu", "prose"]),
    ("Body text.\n\nMost Read\n\n  \u2022 Week\n\nTeaser about another story.\n", ["prose", "debris", "debris", "debris"]),
    ("Body text here.\n\nCheck Also\n\nWASHINGTON \u2013 The US military is weighing a move.\n", ["prose", "debris", "debris"]),
    ("A paragraph printed twice.\n\nA paragraph printed twice.\n", ["prose", "repeat"]),
    ("A long paragraph that the scraper printed twice.\n\nA long paragraph that the scr\n", ["prose", "repeat"]),
    ("Body text.\n\n(Sahar News Monitoring Desk)\n", ["prose", "metadata"]),
    ('"We are ready."\n\n\u2014 Ana Ruiz, mayor of the town\n', ["prose", "credit"]),
    # a bullet naming its speaker, with the quotation, is prose, not the credit of the paragraph above
    ('Body text.\n\n- Jane Roe, the mayor, said: "Justice has been served."\n', ["prose", "prose"]),
    # quotation marks in the German style close with a high 6, and the paragraph still ends its sentence
    ("Body text.\n\nThe leader of the opposition said: \u201eThis government has no plan at all.\u201c\n",
     ["prose", "prose"]),
    # a short clause and a quotation ending in a hashtag (no full stop) is prose; a headline naming its speaker is not
    ('Body text.\n\nJane Roe tweeted: "We will not give up! #NeverGiveUp"\n', ["prose", "prose"]),
    ('Body text.\n\nRoe: "We will not give up"\n', ["prose", "heading"]),
    # a source credit run onto the end of a paragraph is a source of its own, and the paragraph is read without it
    ('Body text.\n\n"We will not raise taxes," Jane Roe said. Source: AP\n', ["prose", "prose", "source"]),
    ('Body text.\n\nJane Roe said: "We will not raise taxes" - Source: Reuters\n', ["prose", "prose", "source"]),
    ('Body text.\n\nThe mayor spoke at length about the budget. (Source: AP)\n', ["prose", "prose", "source"]),
    # (only a capitalised credit after a sentence's end, a dash or a parenthesis: prose that names a source stays whole)
    ("Body text.\n\nShe would not name her source: the ministry had asked her not to.\n", ["prose", "prose"]),
    ("Body text.\n\nThe figures came from one source: Statistics Canada.\n", ["prose", "prose"]),
]


@pytest.mark.parametrize("text_in, kinds", CASES)
def test_segment(text_in, kinds):
    assert [p.kind for p in segment(text_in)] == kinds


def test_source_line_carries_its_outlet():
    paras = segment("Body text.\n\nSource: The Washington Post\n")
    assert paras[1].outlet == "The Washington Post"


def test_a_source_credit_at_the_end_of_a_paragraph_carries_its_outlet():
    text = 'Body text.\n\n"We will not raise taxes," Jane Roe said. Source: The Washington Post\n'
    body, credit = segment(text)[1:]
    assert text[body.start:body.end] == '"We will not raise taxes," Jane Roe said.'
    assert credit.kind == "source" and credit.outlet == "The Washington Post"


def test_spans_point_into_the_text():
    text = "Title\n\n  Indented body text.  \n"
    for p in segment(text):
        assert text[p.start:p.end] == text[p.start:p.end].strip()


def test_a_known_headline_is_not_prose_even_with_a_full_stop():
    text = 'Trump: "We will build the wall."\n\nBody text is here.\n'
    kinds = [p.kind for p in segment(text, title='Trump: "We will build the wall."')]
    assert kinds == ["title", "prose"]
