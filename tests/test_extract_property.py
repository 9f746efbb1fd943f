"""Property: for any text the extractor raises nothing unexpected, and every offset points at its text."""
from hypothesis import HealthCheck, given, settings, strategies as st

from quotes_api.articles.model import Article
from quotes_api.errors import QuotesApiError
from quotes_api.extract import extract_article
from quotes_api.extract.records import match_key

# Text made of the pieces news prose is made of, so that quotations, attributions and
# paragraphs actually occur; plus arbitrary characters.
PIECES = st.sampled_from([
    '"', "\u201c", "\u201d", "``", "''", "'", "\u2019", " said", " told Reuters", " he", " she said", ", ", ". ",
    ": ", "\n", "\n\n", "Sgt. ", "Ana Ruiz", "Gonzalez", "the government", " according to ", "\u00a0", "(",
    ")", "Source: AP", "Most Read", " a woman", "We", " are", " tired", "?", "\u2014", "\ufeff", "\r\n",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_extracts_without_error_and_offsets_hold(text):
    try:
        records = extract_article(Article(id="prop", text=text))
    except QuotesApiError:
        return
    for r in records:
        assert r["text"] == " ".join(p["text"] for p in r["parts"])
        for src in r["sources"]:
            assert 0 <= src["start"] <= src["end"] <= len(text)
            got = " ".join(" ".join(text[a:b].replace("\u200b", " ").split()) for a, b in src["parts"])
            if src["parts"] == [[p["start"], p["end"]] for p in r["parts"]]:
                assert got == r["text"]
            else:  # a repeat or a merged fragment: the same words, or some of them
                assert match_key(got) in match_key(r["text"])
        assert 0.0 <= r["attribution"]["confidence"] <= 1.0
