"""Words near a misspelt one: 'did you mean' (a Whoosh corrector) and fuzzy words, over single words only.

Whoosh's own ReaderCorrector compares the misspelt word with every indexed term sharing its first
letters; in ``words`` those include the pairs around common words ("the army", "army the", ...),
tens of thousands of them on a large index, each compared in pure Python. Here the words come
from each segment's list of its single words (written beside the segment by codec.py, read once
per segment); a segment without one (written before it existed) has its term list walked,
jumping over the block of pairs that follows a word (pairs sort right after their first word,
since a space sorts before any letter). Each distinct word is compared once, however many
segments hold it.
"""
from __future__ import annotations

import sys
import threading
import weakref
from bisect import bisect_left
from collections import OrderedDict
from typing import Iterator

from whoosh.spelling import ReaderCorrector
from whoosh.support.levenshtein import distance

from .analysis import PAIR_SEPARATOR
from .codec import WORD_LIST_EXT, WORD_LIST_FIELD

# Sorts after PAIR_SEPARATOR and before any word character: seeking "word" + this skips "word *".
_AFTER_PAIRS = chr(ord(PAIR_SEPARATOR) + 1)
_word_lists: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_reader_words: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_word_lists_lock = threading.Lock()


def segment_words(leaf, field: str) -> list[str] | None:
    """The sorted single words of ``field`` in one segment (its reader ``leaf``), from the segment's word
    list (its strings shared with the other segments'), or None when it has none."""
    if field != WORD_LIST_FIELD:
        return None
    with _word_lists_lock:
        if leaf in _word_lists:
            return _word_lists[leaf]
    segment, storage = getattr(leaf, "_segment", None), getattr(leaf, "_storage", None)
    words = None
    if segment is not None and storage is not None:
        name = segment.make_filename(WORD_LIST_EXT)
        if storage.file_exists(name):
            f = storage.open_file(name)
            try:
                data = f.read()
            finally:
                f.close()
            words = [sys.intern(w) for w in data.decode("utf-8").split("\n")] if data else []
    with _word_lists_lock:
        _word_lists[leaf] = words
    return words


def _leaf_words(reader, field: str) -> list[list[str] | None]:
    """``segment_words(leaf, field)`` of every segment of ``reader``, in order, kept with the reader (not the
    segments' readers: a reader of one segment is its own leaf): a search looks words up twice (the variants
    of a word, the words it may become), in every segment, and finding each segment's list again cost about
    as much as searching it."""
    with _word_lists_lock:
        found = _reader_words.get(reader, {}).get(field)
    if found is None:
        found = [segment_words(leaf, field) for leaf, _ in reader.leaf_readers()]
        with _word_lists_lock:
            _reader_words.setdefault(reader, {})[field] = found
    return found


def single_words(reader, field: str, prefix: str) -> Iterator[str]:
    """The indexed single words of ``field`` starting with ``prefix`` (pairs skipped), per segment."""
    leaves = None
    for k, listed in enumerate(_leaf_words(reader, field)):
        if listed is not None:
            i = bisect_left(listed, prefix)
            while i < len(listed) and listed[i].startswith(prefix):
                yield listed[i]
                i += 1
            continue
        if leaves is None:
            leaves = reader.leaf_readers()
        leaf = leaves[k][0]
        cursor = leaf.cursor(field)
        term = cursor.find(prefix)
        while cursor.is_valid() and term.startswith(prefix):
            if PAIR_SEPARATOR in term:
                term = cursor.find(term.split(PAIR_SEPARATOR, 1)[0] + _AFTER_PAIRS)
                continue
            yield term
            term = cursor.next()


def words_starting(reader, field: str, prefix: str, keep: int = 0) -> tuple[str, ...]:
    """The indexed single words of ``field`` starting with ``prefix``, each once, in the order single_words finds
    them; the last ``keep`` lookups are kept with the reader (an index generation, whose segments never change),
    so that a word searched again is not looked up in every segment again."""
    if keep <= 0:
        return tuple(dict.fromkeys(single_words(reader, field, prefix)))
    with _word_lists_lock:
        kept = _reader_words.setdefault(reader, {}).setdefault(("starting", field), OrderedDict())
        found = kept.get(prefix)
        if found is not None:
            kept.move_to_end(prefix)
            return found
    found = tuple(dict.fromkeys(single_words(reader, field, prefix)))  # (shared: never changed in place)
    with _word_lists_lock:
        kept[prefix] = found
        while len(kept) > keep:
            kept.popitem(last=False)
    return found


def near_words(reader, field: str, text: str, maxdist: int, prefix: int) -> set[str]:
    """The indexed single words at most ``maxdist`` edits from ``text`` that share its first ``prefix`` letters."""
    return {word for word in set(single_words(reader, field, text[:prefix]))
            if abs(len(word) - len(text)) <= maxdist and distance(word, text, limit=maxdist) <= maxdist}


class WordCorrector(ReaderCorrector):
    """Suggestions for a word: indexed single words at most ``maxdist`` edits away, nearest then most frequent."""

    def _suggestions(self, text, maxdist, prefix):
        for word in near_words(self.reader, self.fieldname, text, maxdist, prefix):
            frequency = self.reader.frequency(self.fieldname, word) or 1
            yield 0 - (maxdist + (1.0 / frequency * 0.5)), word
