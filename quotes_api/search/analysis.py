"""The analyzers of the index, shared by indexing, query parsing, highlighting and themes.

- ``folded``: words with case and diacritics folded: what "as spoken" means (González = gonzalez).
- ``spoken``: folded words with positions plus, at index time only, each *common* word paired with
  the word after it as one token ("of the", "no medicine"). A phrase query is slow in Whoosh when
  its words are frequent, since the positions of every document holding them all are read; with
  those pairs indexed, a phrase is a positional match of rarer tokens (the idea of Elasticsearch's
  ``index_phrases`` and Lucene's common grams). Pairing only after common words keeps the lexicon,
  and so the cost of indexing, small.
- ``speaker_names``: folded name words plus their Double Metaphone codes (upper case, so they never
  collide with a word), so that speaker:gonzales finds Gonzalez.
- ``stemmed``: folded words without stop words, Porter-stemmed: what theme terms match on.
"""
from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import (STOP_WORDS, CharsetFilter, DoubleMetaphoneFilter, Filter, LowercaseFilter,
                             RegexTokenizer, StemFilter, StopFilter)
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

PAIR_SEPARATOR = " "
# Words so frequent in quoted speech that a phrase holding them would read the positions of most of
# the index. Kept short: each one adds a pair token wherever it occurs.
COMMON_WORDS = frozenset(STOP_WORDS) | frozenset(
    "no there they we our i me my you he his she her their them was were been has had do but so".split())


class FoldingTokenizer(RegexTokenizer):
    """Words of the text lower-cased and with diacritics folded, the whole text at once (faster than per token).

    Offsets (``chars=True``) are into the folded text, so highlighting uses ``folded()`` instead.
    """

    def __call__(self, value, **kwargs):
        return super().__call__(value.lower().translate(accent_map), **kwargs)


class CommonPairFilter(Filter):
    """When indexing, adds each common word and the word after it as one token at the common word's position.

    Both words of a pair stay indexed on their own, so a phrase can use, at each position, either
    the word or the pair starting there (see query.exact_phrase).
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
            prev_text, prev_pos = (text, pos) if text in COMMON_WORDS else (None, None)


def _folded():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


@lru_cache(maxsize=None)
def folded():
    return _folded()


@lru_cache(maxsize=None)
def spoken():
    return FoldingTokenizer() | CommonPairFilter()


@lru_cache(maxsize=None)
def speaker_names():
    return _folded() | DoubleMetaphoneFilter(combine=True)


@lru_cache(maxsize=None)
def sound_codes():
    return _folded() | DoubleMetaphoneFilter(combine=False)


@lru_cache(maxsize=None)
def stemmed():
    return _folded() | StopFilter(minsize=1) | StemFilter(cachesize=100_000)


def fold_words(text: str) -> list[str]:
    return [t.text for t in folded()(text)]


def stem_prefix(word: str) -> str:
    """The longest prefix every word with ``word``'s stem shares: Porter drops a final e (rating -> rate)
    and turns y into i (cries -> cri), so those letters of the stem are not part of it."""
    return stem(word).rstrip("ei")


def starts_pair(word: str) -> bool:
    return word in COMMON_WORDS
