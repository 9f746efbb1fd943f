"""The analyzers of the index, shared by indexing, query parsing, highlighting and themes.

- ``folded``: words with case and diacritics folded: what "as spoken" means (González = gonzalez).
- ``stemmed``: folded words without stop words, Porter-stemmed: plain query words match any inflection.
- ``shingled``: folded words plus, at index time only, each pair of adjacent words as one token
  ("no medicine"), so that a phrase query is a lookup of a few pair terms rather than a scan of
  every position of every word (the technique of Elasticsearch's ``index_phrases``).
- ``sounds``: Double Metaphone codes of folded words, so that speaker:gonzales finds Gonzalez.
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import (CharsetFilter, DoubleMetaphoneFilter, Filter, LowercaseFilter, RegexTokenizer,
                             StemFilter, StopFilter)
from whoosh.support.charset import accent_map

PAIR_SEPARATOR = " "


class AdjacentPairFilter(Filter):
    """Keeps every token and, when indexing, adds the pair (previous word, this word) at the previous position.

    Pairs sit at the position of their first word, so the pairs of a phrase of n words are at n-1
    consecutive positions and a Phrase query over pairs is exact.
    """

    def __call__(self, tokens):
        prev_text = prev_pos = None
        for t in tokens:
            if t.mode != "index":
                yield t
                continue
            text, pos = t.text, getattr(t, "pos", None)
            if prev_text is not None:
                t.text, t.pos = prev_text + PAIR_SEPARATOR + text, prev_pos
                yield t
                t.text, t.pos = text, pos
            yield t
            prev_text, prev_pos = text, pos


def _folded():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


@lru_cache(maxsize=None)
def folded():
    return _folded()


@lru_cache(maxsize=None)
def stemmed():
    return _folded() | StopFilter(minsize=1) | StemFilter(cachesize=100_000)


@lru_cache(maxsize=None)
def shingled():
    return _folded() | AdjacentPairFilter()


@lru_cache(maxsize=None)
def sounds():
    return _folded() | DoubleMetaphoneFilter(combine=False)


def fold_words(text: str) -> list[str]:
    return [t.text for t in folded()(text)]


def stems(text: str) -> list[str]:
    return [t.text for t in stemmed()(text)]


def pairs(words: list[str]) -> list[str]:
    return [a + PAIR_SEPARATOR + b for a, b in zip(words, words[1:])]
