"""articles/normalize.py: the comparison keys of names, quotations and paragraphs, one table row each."""
import random
import unicodedata

import pytest

from quotes_api.articles.normalize import fold, letters_and_digits, strip_accents, words_only

# (function, text, what it gives)
ROWS = [
    (strip_accents, "Guaidó", "Guaido"),
    (strip_accents, "Dvořák and Śląsk", "Dvorak and Slask"),
    (strip_accents, "plain ASCII", "plain ASCII"),
    (strip_accents, "\u201ccurly\u201d \u2014 marks", "\u201ccurly\u201d \u2014 marks"),  # nothing to decompose
    (strip_accents, "e\u0301", "e"),  # a combining accent written apart
    (strip_accents, "\U0001D15E", "\U0001D157"),  # a musical half note: its combining stem (beyond U+FFFF) dropped
    (strip_accents, "ﬁ ½", "fi 1\u20442"),  # compatibility forms are decomposed too (NFKD)
    (words_only, "Home / World", "Home World"),
    (words_only, "Guaidó\u2019s  aid", "Guaidó s aid"),
    (letters_and_digits, "Home / World", "homeworld"),
    (letters_and_digits, "\u201cThe  Day\u201d \u2014 2019", "theday2019"),
    (letters_and_digits, "Café", "café"),
    (fold, "Guaidó\u2019s  aid", "guaido s aid"),
    (fold, "  ", ""),
    (fold, "Gonza\u0301lez", "gonzalez"),  # the accent written apart folds as the composed one does
    (fold, "Gonz\u00e1lez", "gonzalez"),
]


@pytest.mark.parametrize("function,text,expected", ROWS)
def test_each_row(function, text, expected):
    assert function(text) == expected


def _strip_accents_by_definition(s: str) -> str:
    """Every combining character of the NFKD form dropped, one character at a time."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def test_strip_accents_drops_exactly_the_combining_characters():
    rng = random.Random(7)
    alphabet = [chr(i) for i in range(0x20, 0x3000)] + ["\U0001D165", "\U0001E000", "\U0001F600", "e\u0301"]
    for _ in range(5000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert strip_accents(s) == _strip_accents_by_definition(s), repr(s)
