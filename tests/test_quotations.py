"""Pairing quotation marks: tables of (text_in, expected quotation texts)."""
import pytest

from quotes_api.articles.model import Article
from quotes_api.extract import extract_article
from quotes_api.extract.quotations import pair_marks, quotation_spans

PAIRS = [
    ('He said "yes" and left.', ["yes"]),
    ("\u201cCurly,\u201d she said.", ["Curly,"]),
    ('"Straight open, curly close,\u201d he said.', ["Straight open, curly close,"]),
    ("``Archive style,'' he said.", ["Archive style,"]),
    ("''Doubled apostrophes,'' he said.", ["Doubled apostrophes,"]),
    ("Maduro's men don't talk.", []),
    ("\u201cThe work of 'sanctioning' by quotas,\u201d he said.", ["The work of 'sanctioning' by quotas,"]),
    ('"One," he said, "two."', ["One,", "two."]),
    ('"Never closed', ["Never closed"]),  # stays open: may continue in the next paragraph
    ('" "', []),
    ("\u00abGuillemets,\u00bb he said.", ["Guillemets,"]),
    # the same marks nested: the outer quotation is the one
    ("\u201cI would rather live in what he calls \u201chell\u201d than in his world,\u201d she wrote.",
     ["I would rather live in what he calls \u201chell\u201d than in his world,"]),
    # an opening mark never closed before the next one: the earlier one is dropped, the later kept
    ("\u201cNever closed. \u201cThis one is,\u201d he said.", ["This one is,"]),
    ("\u00ab Spaced guillemets \u00bb, he said.", [" Spaced guillemets "]),
    # marks typed the wrong way round: a closing mark after "says," opens; an opening mark ending the paragraph closes
    ("He says,\u201d there are people who never get listened to.\u201d", ["there are people who never get listened to."]),
    ("\u201cThey see that. \u201c", ["They see that. "]),
    ("It was, \u201d she said, a mistake.", []),  # no closing mark after it: nothing to pair
]


@pytest.mark.parametrize("text_in, expected", PAIRS)
def test_pair_marks(text_in, expected):
    assert [text_in[s.start:s.end] for s in pair_marks(text_in)] == expected


# Single quotation marks (British style) beside apostrophes, and nesting both ways.
SINGLES = [
    ("\u2018We will win,\u2019 he said.", ["We will win,"]),
    ("'We will win,' he said.", ["We will win,"]),
    ("\u2018The players\u2019 union will decide,\u2019 she said.", ["The players\u2019 union will decide,"]),
    ("\u2018He told me \"never again\" and left,\u2019 she said.", ["He told me \"never again\" and left,"]),
    ("\u201cHe called it a \u2018disgrace\u2019 on air,\u201d she said.", ["He called it a \u2018disgrace\u2019 on air,"]),
    ("Maduro\u2019s men don\u2019t talk about the \u201990s.", []),
    ("It's the players' ball, and rock 'n' roll, back in the '90s.", []),
    ("She said: \u2018It\u2019s over. We\u2019re done.\u2019", ["It\u2019s over. We\u2019re done."]),
    ("\u2018This paragraph runs on.", ["This paragraph runs on."]),
]


@pytest.mark.parametrize("text_in, expected", SINGLES)
def test_single_quotation_marks_are_told_from_apostrophes(text_in, expected):
    assert [text_in[s.start:s.end] for s in quotation_spans(text_in)] == expected


def _texts(text):
    return [(r["text"], r["kind"], len(r["parts"])) for r in extract_article(Article(id="t", text=text))]


ARTICLES = [
    # a line the page wrapped in the middle of a quotation goes on with it
    ('"Supporters of other candidates," Ana Ruiz added, "have focused on paid advertising and not on\n'
     'getting people to the caucuses," she said.\n',
     [("Supporters of other candidates, have focused on paid advertising and not on getting people to the caucuses,",
       "full", 3)]),
    # an invisible direction mark before a quotation that opens on a closing mark
    ('Intro line of the story.\n\n\u202a\u201dThis is why the town must rebuild,\u201d said Ana Ruiz.\n',
     [("This is why the town must rebuild,", "full", 1)]),
    # split quotation: one record, two parts
    ('"We will rebuild," Mayor Ana Ruiz said. "It will take years."\n',
     [("We will rebuild, It will take years.", "full", 2)]),
    # a quotation cut short by a scraper repeat never becomes a record
    ('"We will rebuild the town," Mayor Ana Ruiz said.\n\n"We will rebuild the to\n\nThe vote is on Monday.\n',
     [("We will rebuild the town,", "full", 1)]),
    # multi-paragraph quotation: the first paragraph does not close, the next opens again
    ('"The first paragraph ends open.\n\n"The second one closes," said Mayor Ana Ruiz.\n',
     [("The first paragraph ends open. The second one closes,", "full", 2)]),
    # scare quotes and titles are not quotations; a headline is not either
    ('Ruiz: "We Will Win"\n\nThe so-called "reform" stalled. Ruiz starred in "The Long Night of Caracas".\n', []),
    # labels are not speech, even long ones next to a name
    ('President Ana Ruiz ended the so-called "war on the poor" in May.\n', []),
    # partial quotation governed by a speech verb
    ('Mayor Ana Ruiz called the plan "a disgrace to the city" on Monday.\n',
     [("a disgrace to the city", "partial", 1)]),
    # non-breaking spaces inside the quotation
    ('\u201cWe\u00a0are ready,\u201d said Mayor Ana Ruiz.\n', [("We are ready,", "full", 1)]),
]


@pytest.mark.parametrize("text_in, expected", ARTICLES)
def test_quotations_in_articles(text_in, expected):
    assert _texts(text_in) == expected
