"""The analyzers of the index, shared by indexing, query parsing, highlighting and themes.

- ``folded``: words with case and diacritics folded: what "as spoken" means (González = gonzalez).
- ``spoken``: folded words with positions plus, at index time only, each pair of adjacent words
  of which one is *common* as one token ("of the", "no medicine", "economy the"). A phrase query
  is slow in Whoosh when its words are frequent, since the positions of every document holding
  them all are read; with those pairs indexed, every common word of a phrase is inside a pair,
  and the phrase is a positional match of rarer tokens (the idea of Lucene's CommonGrams and
  Elasticsearch's ``index_phrases``). Pairing only around common words keeps the lexicon, and so
  the cost of indexing, small. ``SpokenPositions`` is the same analysis as a Whoosh posting
  format, without the cost of token objects.
- ``speaker_names``: folded name words plus their Double Metaphone codes (upper case, so they never
  collide with a word), so that speaker:gonzales finds Gonzalez.
- ``stemmed``: folded words without stop words, Porter-stemmed: what theme terms match on.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pickle import dumps

from whoosh.analysis import (STOP_WORDS, CharsetFilter, DoubleMetaphoneFilter, Filter, LowercaseFilter,
                             RegexTokenizer, StemFilter, StopFilter)
from whoosh.formats import Positions
from whoosh.lang.porter import stem
from whoosh.system import pack_uint
from whoosh.support.charset import accent_map

PAIR_SEPARATOR = " "
# Words so frequent in quoted speech that a phrase holding them would read the positions of most of
# the index. Kept short: each one adds a pair token wherever it occurs.
COMMON_WORDS = frozenset(STOP_WORDS) | frozenset(
    "no there they we our i me my you he his she her their them was were been has had do but so".split())


# A word as Whoosh's RegexTokenizer finds one (its default pattern), for code that needs the words
# of a text with their offsets and not Whoosh's token objects, which cost ten times as much.
RE_WORD = re.compile(r"\w+(?:\.?\w+)*")


# A character that folding changes once the text is in lower case (accent_map also lists ASCII
# capitals, which lower() has already dealt with). Most text has none, and looking for one is
# a hundred times faster than translating every character.
RE_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(accent_map) if c > 127) + "]")


def fold(text: str) -> str:
    """Text as the ``folded`` analyzer gives its words: lower case, diacritics folded (González -> gonzalez)."""
    text = text.lower()
    return text.translate(accent_map) if RE_FOLDABLE.search(text) else text


def word_spans(text: str):
    """``(start, end, folded word)`` of each word of ``text``: the ``folded`` analyzer with offsets into ``text``."""
    for m in RE_WORD.finditer(text):
        yield m.start(), m.end(), fold(m.group())


# Beyond this many words (a prefix query's expansion), one pattern of them all costs more to compile
# than looking up each word of the text.
_PATTERN_MAX_WORDS = 200


@lru_cache(maxsize=512)
def _words_pattern(words: frozenset) -> re.Pattern:
    """Any of ``words`` where RE_WORD finds it as a whole word (not inside U.S.A. or 3.5)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?<!\w\.)(?:{alternatives})(?!\.?\w)")


def find_words(text: str, words: frozenset) -> list[tuple[int, int]]:
    """The offsets of the words of ``text`` whose folded form is one of ``words``.

    One regular expression over the folded text, which is faster than looking at every word,
    when folding keeps the text's length (and so its offsets); word by word when it does not.
    """
    if not words:
        return []
    folded = fold(text)
    if len(folded) != len(text) or len(words) > _PATTERN_MAX_WORDS:
        return [(a, b) for a, b, word in word_spans(text) if word in words]
    return [m.span() for m in _words_pattern(words).finditer(folded)]


class FoldingTokenizer(RegexTokenizer):
    """Words of the text lower-cased and with diacritics folded, the whole text at once (faster than per token).

    Offsets (``chars=True``) are into the folded text, so highlighting uses ``word_spans`` instead.
    """

    def __call__(self, value, **kwargs):
        return super().__call__(fold(value), **kwargs)


def pairs(first: str, second: str) -> bool:
    """Whether two adjacent words are also indexed as one pair token: when either is common."""
    return first in COMMON_WORDS or second in COMMON_WORDS


class CommonPairFilter(Filter):
    """When indexing, adds each two adjacent words of which one is common as one token, at the first word's position.

    Every word stays indexed on its own too, so a phrase can use, at each position, either the
    word or the pair starting there (see query.exact_phrase).
    """

    def __call__(self, tokens):
        prev_text = prev_pos = None
        for t in tokens:
            if t.mode != "index":
                yield t
                continue
            text, pos = t.text, getattr(t, "pos", None)
            if prev_text is not None and pairs(prev_text, text):
                t.text, t.pos = prev_text + PAIR_SEPARATOR + text, prev_pos
                yield t
                t.text, t.pos = text, pos
            yield t
            prev_text, prev_pos = text, pos


class SpokenPositions(Positions):
    """The postings of the ``spoken`` analysis, computed straight from the text.

    Whoosh indexes a field by running its analyzer token by token, then counting positions per
    word; this does both in one pass over ``RE_WORD`` matches, a quarter faster (on the search
    benchmark's quotations). What it gives is what ``Positions`` gives with ``spoken()`` (a test
    checks), and the postings are read back by Whoosh's own ``Positions`` code.
    """

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        for word, found in _spoken_positions(value).items():
            yield word, len(found), len(found) * boost, self.encode(found)

    def postings(self, value) -> list[tuple[bytes, int, float, bytes]]:
        """``field.index(value)`` of a field of this format, as a list: ``(term bytes, frequency, weight, encoded
        positions)`` of each token, without Whoosh's generators (the index writer's fast path, index.QuoteWriter)."""
        positions = _spoken_positions(value)
        boost, encode, one, single, limit = self.field_boost, self.encode, _ONE_POSITION, _SINGLE_POSITION, _SINGLE_POSITIONS
        return [(word.encode("utf-8"), 1, boost, one + single[found[0]]) if len(found) == 1 and found[0] < limit
                else (word.encode("utf-8"), len(found), len(found) * boost, encode(found))
                for word, found in positions.items()]


def _spoken_positions(value: str) -> dict[str, list[int]]:
    """The ``spoken`` tokens of ``value`` with their positions, in the order they first occur (each word's
    commonness looked up once: ``pairs`` of each two adjacent words)."""
    positions: dict[str, list[int]] = {}
    get, common = positions.get, COMMON_WORDS
    prev, prev_common = "", False
    for pos, word in enumerate(RE_WORD.findall(fold(value))):
        found = get(word)
        if found is None:
            positions[word] = [pos]
        else:
            found.append(pos)
        is_common = word in common
        if prev_common or (is_common and pos):  # pairs(prev, word)
            pair = prev + PAIR_SEPARATOR + word
            found = get(pair)
            if found is None:
                positions[pair] = [pos - 1]
            else:
                found.append(pos - 1)
        prev, prev_common = word, is_common
    return positions


# Most tokens occur once in a quotation: their encoded positions (Positions.encode([p]): the count, 1, then the
# pickled list of position deltas) from the pickles made once per position. Each value is a new bytes object, as
# Whoosh's are: a block of postings is pickled, and pickle writes a bytes object it has seen as a reference.
_SINGLE_POSITIONS = 1024
_ONE_POSITION = pack_uint(1)
_SINGLE_POSITION = [dumps([p], 2) for p in range(_SINGLE_POSITIONS)]


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
    return [word for _, _, word in word_spans(text)]


def stem_prefix(word: str) -> str:
    """The longest prefix every word with ``word``'s stem shares: Porter drops a final e (rating -> rate)
    and turns y into i (cries -> cri), so those letters of the stem are not part of it."""
    return stem(word).rstrip("ei")
