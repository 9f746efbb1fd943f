"""Words near a misspelt one: 'did you mean' (a Whoosh corrector) and fuzzy words, over single words only.

Whoosh's own ReaderCorrector compares the misspelt word with every indexed term sharing its first
letters; in ``words`` those include the pairs around common words ("the army", "army the", ...),
tens of thousands of them on a large index, each compared in pure Python. This corrector walks
each segment's term list itself and jumps over the block of pairs that follows a word (pairs
sort right after their first word, since a space sorts before any letter).
"""
from __future__ import annotations

from typing import Iterator

from whoosh.spelling import ReaderCorrector
from whoosh.support.levenshtein import distance

from .analysis import PAIR_SEPARATOR

# Sorts after PAIR_SEPARATOR and before any word character: seeking "word" + this skips "word *".
_AFTER_PAIRS = chr(ord(PAIR_SEPARATOR) + 1)


def single_words(reader, field: str, prefix: str) -> Iterator[str]:
    """The indexed single words of ``field`` starting with ``prefix`` (pairs skipped), per segment."""
    for leaf, _ in reader.leaf_readers():
        cursor = leaf.cursor(field)
        term = cursor.find(prefix)
        while cursor.is_valid() and term.startswith(prefix):
            if PAIR_SEPARATOR in term:
                term = cursor.find(term.split(PAIR_SEPARATOR, 1)[0] + _AFTER_PAIRS)
                continue
            yield term
            term = cursor.next()


def near_words(reader, field: str, text: str, maxdist: int, prefix: int) -> set[str]:
    """The indexed single words at most ``maxdist`` edits from ``text`` that share its first ``prefix`` letters."""
    return {word for word in single_words(reader, field, text[:prefix])
            if abs(len(word) - len(text)) <= maxdist and distance(word, text, limit=maxdist) <= maxdist}


class WordCorrector(ReaderCorrector):
    """Suggestions for a word: indexed single words at most ``maxdist`` edits away, nearest then most frequent."""

    def _suggestions(self, text, maxdist, prefix):
        for word in near_words(self.reader, self.fieldname, text, maxdist, prefix):
            frequency = self.reader.frequency(self.fieldname, word) or 1
            yield 0 - (maxdist + (1.0 / frequency * 0.5)), word
