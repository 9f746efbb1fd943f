"""Articles in other styles than the seeds, and what each must give.

Each fixture in tests/fixtures/styles/ is a short article written in one news style
(wire stories, features with multi-paragraph quotations, an interview, "according to" and
colon attributions, a statement introduced by a paragraph ending in a colon, and more). The table lists every quotation it must yield: the start of its
text, the speaker's name (for an anonymous speaker, the words that describe them), the outlet, the kind and the
number of parts. Nothing else may come out.
"""
from pathlib import Path

import pytest

from quotes_api.articles.model import Article
from quotes_api.extract import extract_article

STYLES = Path(__file__).parent / "fixtures" / "styles"

EXPECTED = {
    "wire.txt": [
        ("far too high", "Janet Yellen", None, "partial", 1),
        ("We are committed to bringing prices down", "Janet Yellen", None, "full", 2),
        ("This is not sustainable", "Mark Zandi", None, "full", 2),
    ],
    "feature.txt": [
        ("I stayed for years because", "Maria Lopez", "The New York Times", "full", 2),
        ("We had a house, a life", "Carlos Mendez", None, "full", 2),
        ("I think about going back every day", "Maria Lopez", "The New York Times", "full", 2),
    ],
    "interview.txt": [
        ("We need to act now", "Elizabeth Warren", "CNN", "full", 1),
        ("I haven't decided", "Elizabeth Warren", "CNN", "full", 1),
        ("a rigged system that rewards the powerful", "Elizabeth Warren", "CNN", "partial", 1),
        ("Nobody in Washington is listening", "Elizabeth Warren", "CNN", "full", 1),
    ],
    "wire_ap.txt": [
        ("We are not going to repeat the mistakes", "Andrés Manuel López Obrador", None, "full", 2),
        ("The strategy has failed", "Maria Elena Morera", None, "full", 2),
        ("a disaster for public safety", "Maria Elena Morera", None, "partial", 1),
        ("Our adversaries want violence", "Andrés Manuel López Obrador", "Twitter", "full", 1),
    ],
    "statement.txt": [
        ("We take these allegations seriously", "the company", None, "full", 2),
        ("too little, too late", "Rachel Green", None, "partial", 1),
    ],
    "politics.txt": [
        ("Why should we vote for a bill", "Bernie Sanders", None, "full", 1),
        ("This is a disgrace!", "Lindsey Graham", None, "full", 1),
        ("We have the votes", "Chuck Schumer", "CNN", "full", 2),
        ("I think there's a deal to be had, but not this week.", "Lindsey Graham", None, "full", 2),
    ],
    "family.txt": [
        ("We have never seen prices like this", "Maria Santos", None, "full", 1),
        ("If flour goes up again", "Pedro", None, "full", 1),
        ("I buy bread twice a week now", "Luisa Ortega", None, "full", 1),
    ],
    "markets.txt": [
        ("credibility gap", "Jane Holloway", None, "partial", 1),
        ("Investors are asking who is going to buy", "Jane Holloway", "Twitter", "full", 1),
        ("brutal and indiscriminate", "Tom Reilly", None, "partial", 1),
        ("The plan is the right one", "Paul Grant", None, "full", 2),
    ],
    "testimony.txt": [
        ("Delay is the norm", "Jane Roe", None, "full", 2),
        ("make government more accountable", "Jane Roe", None, "partial", 1),
        ("does not go far enough", "Sam Ortiz", "PBS", "partial", 1),
    ],
    "broadcast.txt": [
        ("going well", "Clara Webb", "BBC", "partial", 1),
        # "Webb said:" opens a quotation that runs over two paragraphs; she spoke to the BBC
        ("The code exists for a reason", "Clara Webb", "BBC", "full", 2),
        ("reckless grandstanding", "Clara Webb", None, "partial", 1),  # "in a letter": not words given to the BBC
        ("a serial obstructionist", "Clara Webb", None, "partial", 1),  # "The minister": the subject
    ],
    "feature_long.txt": [
        ("When I started, we had everything", "Carmen Delgado", None, "full", 2),  # over two paragraphs
        ("My mother taught me", "Daniela Delgado", None, "full", 2),  # two Delgados: the full name decides
        ("before the end of the month", "Ramón Ibarra", None, "partial", 1),
        ("I will believe it when I see the trucks", "Ramón Ibarra", "The Guardian", "full", 2),
        ("criminal sanctions imposed by the United States", "The health ministry", None, "partial", 1),  # "it"
        ("He is like my father", "Carmen Delgado", None, "full", 2),  # "she", after her daughter's quotes
    ],
    "british.txt": [
        ("We will not raise taxes on working people", "Tom Hart", "Sky News", "full", 2),
        ("a fantasy dressed up as a plan", "Priya Shah", "BBC", "partial", 1),
        ("deeply disappointed", "The players\u2019 union", None, "partial", 1),
        ("Our members will not accept another pay freeze", "Ian Moss", None, "full", 1),
        ("The sums simply do not add up", "Claire Dunn", None, "full", 1),
    ],
    "transcript.txt": [
        ("Will the bridge open in May?", "Tom Hart", None, "full", 1),  # the interviewer's turn is his
        ("It will open in May.", "Ana Ruiz", None, "full", 1),
        ("And if it does not?", "Tom Hart", None, "full", 1),
        ("Then I will answer for it at the election", "Ana Ruiz", None, "full", 1),
    ],
    "broadcast_transcript.txt": [  # the programme the introduction names is every turn's outlet
        ("Secretary Dale, welcome to the program.", "Margaret Brown", "CBS News", "full", 1),
        ("Thanks for having me, Margaret.", "Chris Dale", "CBS News", "full", 1),
        ("Gas prices are up 20 cents", "Margaret Brown", "CBS News", "full", 1),
        ("Look, we inherited a mess.", "Chris Dale", "CBS News", "full", 1),
        ("This administration is handing the keys", "Ellen Ward", "CBS News", "full", 1),  # 'SEN. ... (D-MA):'
        ("Your response to Senator Ward?", "Margaret Brown", "CBS News", "full", 1),
        ("She's been wrong about energy", "Chris Dale", "CBS News", "full", 1),
    ],
    "qa_dotted.txt": [  # 'Q.' and 'A.' with full stops: the answers are the interviewee's, the questions nobody's
        ("Reading. A third of our third-graders", "Alicia Moreno", "Tribune", "full", 1),
        ("We already have, in the middle schools.", "Alicia Moreno", "Tribune", "full", 1),
        ("Forty-two, as of this morning.", "Alicia Moreno", "Tribune", "full", 1),
    ],
    "cable_transcript.txt": [  # a label may say what the speaker is ('NINA PARK, ANCHOR:'); an unnamed voice is nobody
        ("Good evening. The council votes tomorrow", "Nina Park", None, "full", 1),
        ("We will not raise taxes for this bridge", "Owen Lund", None, "full", 1),
        ("Senator, your own budget office", "Nina Park", None, "full", 1),
        ("Build it now!", "an unidentified male", None, "full", 1),
        ("I stand by every word", "Owen Lund", None, "full", 1),
    ],
    "radio_timecoded.txt": [  # a time code in brackets makes 'Priya Shah:' in ordinary case a turn
        ("Good morning. With me is the economist", "the presenter", None, "full", 1),
        ("Thanks for having me. The fares will rise", "Priya Shah", None, "full", 1),
        ("By how much, do you think?", "the presenter", None, "full", 1),
        ("By at least five per cent", "Priya Shah", None, "full", 1),
    ],
    "magazine_interview.txt": [  # 'SPIEGEL:' asks (its turns are no quotations; it is the outlet), 'Hart:' answers
        ("No. The budget is alive", "Tom Hart", "Der Spiegel", "full", 1),
        ("They say many things.", "Tom Hart", "Der Spiegel", "full", 1),
        ("Then we go to the voters", "Tom Hart", "Der Spiegel", "full", 1),
    ],
    "panel_transcript.txt": [  # names in ordinary case, in full and then by surname, each named in the introduction
        ("Ben, will it pass?", "Ruth Adler", None, "full", 1),
        ("I think it will, narrowly.", "Ben Ortiz", None, "full", 1),
        ("I am less sure.", "Grace Lin", None, "full", 1),
        ("So it comes down to two votes.", "Ruth Adler", None, "full", 1),
        ("It comes down to two votes, and to whether", "Grace Lin", None, "full", 1),
    ],
    # a live blog's places, a who's who and headings in ordinary case before a colon are nobody's turns
    "labels_not_turns.txt": [],
    "according.txt": [
        ("the shortages are worse", "Ahmed Khan", None, "partial", 1),
        ("We will not negotiate with armed groups", "the ministry", None, "full", 1),
        ("Two people were arrested", "Tom Reyes", None, "full", 1),
        ("within weeks", "officials", None, "partial", 1),  # two words, but "Officials said" them
    ],
}


def _extract(name: str) -> list[dict]:
    text = (STYLES / name).read_text(encoding="utf-8")
    return extract_article(Article(id=name.removesuffix(".txt"), text=text))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_style_yields_exactly_its_quotations(name):
    records = _extract(name)
    got = [(r["text"], (r["speaker"] or {}).get("name"), (r["outlet"] or {}).get("name"), r["kind"], len(r["parts"]))
           for r in records]
    assert len(got) == len(EXPECTED[name]), got
    for (text, speaker, outlet, kind, parts), want in zip(got, EXPECTED[name]):
        assert text.startswith(want[0]), (text, want)
        assert (speaker, outlet, kind, parts) == want[1:], (text, speaker, outlet, kind, parts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_offset_points_at_its_text(name):
    text = (STYLES / name).read_text(encoding="utf-8")
    for r in _extract(name):
        for part in r["parts"]:
            assert " ".join(text[part["start"]:part["end"]].split()) == part["text"]
        for src in r["sources"]:
            spans = [" ".join(text[a:b].split()) for a, b in src["parts"]]
            assert spans == [p["text"] for p in r["parts"]]
            assert (src["start"], src["end"]) == (src["parts"][0][0], src["parts"][-1][1])


def test_a_dash_credit_names_the_speaker_of_the_quotation_above():
    text = ('Quotes of the week\n\n\u201cWe cannot keep the pool open another summer.\u201d\n\n'
            '\u2014 Ana Ruiz, mayor of Springfield, on the town budget\n')
    [record] = extract_article(Article(id="week", text=text))
    assert record["speaker"]["name"] == "Ana Ruiz"
    assert record["speaker"]["description"].startswith("mayor of Springfield")


@pytest.mark.parametrize("tie, pronoun", [("wife", "she"), ("uncle", "he"), ("niece", "she"), ("fiancee", "she")])
def test_a_family_tie_gives_the_pronoun_its_person(tie, pronoun):
    other = "Carlos Ruiz" if pronoun == "she" else "Ana Ruiz"
    other_pronoun = "he" if pronoun == "she" else "she"
    text = (f"{other} spoke first, and {other_pronoun} said little.\n\n"
            f"{other} came with a {tie}, Sam Ortiz, who waited outside.\n\n"
            f'"We came for the children," {pronoun} said.\n')
    [record] = extract_article(Article(id="tie", text=text))
    assert record["speaker"]["name"] == "Sam Ortiz"


def test_roles_and_descriptions_are_kept():
    records = {r["text"].split(",")[0]: r for r in _extract("wire.txt")}
    assert records["This is not sustainable"]["speaker"]["description"] == "chief economist at Moody's Analytics"
    assert records["We are committed to bringing prices down"]["speaker"]["role"] == "U.S. Treasury Secretary"


def test_attribution_records_method_and_confidence():
    for r in _extract("feature.txt"):
        att = r["attribution"]
        assert att["method"] in {"explicit", "surname", "pronoun", "description", "continuation", "previous_sentence"}
        assert 0 < att["confidence"] <= 1
        assert att["evidence"]


# Who a speaker is: a person, an organisation, or someone the article only describes.
KINDS = [
    ('"We are looking into it," a State Department official said.', "a State Department official", "anonymous"),
    ('"We are looking into it," the FBI said in a statement.', "the FBI", "organisation"),
    ('"We are looking into it," the company said in a statement.', "the company", "organisation"),
    ('"We are looking into it," said Ana Ruiz, a spokeswoman for the city.', "Ana Ruiz", "person"),
    ('Officials said the aid would come "within weeks, not months."', "officials", "anonymous"),
]


@pytest.mark.parametrize("text, name, kind", KINDS)
def test_speaker_kind_and_how_the_article_names_them(text, name, kind):
    [record] = extract_article(Article(id="kind", text=text + "\n"))
    assert (record["speaker"]["name"], record["speaker"]["kind"]) == (name, kind)


def test_anonymous_and_generic_speakers_are_never_speakers_of_the_database(tmp_path):
    from quotes_api.service import QuoteService

    texts = [t for t, _, _ in KINDS]
    with QuoteService(str(tmp_path / "db")) as service:
        for i, text in enumerate(texts):
            service.ingest_article(Article(id=f"kind{i}", text=text + "\n"))
        names = {s["name"] for s in service.speakers()["items"]}
        assert names == {"the FBI", "Ana Ruiz"}
        official = service.search('"looking into it"', per_page=10)
        assert {h["speaker"]["name"] for h in official["hits"]} == {"a State Department official", "the FBI",
                                                                    "the company", "Ana Ruiz"}
