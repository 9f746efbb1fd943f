"""Forgiving speaker-name search over the store's name keys: SQL lookups, no loop over every speaker.

A query word matches a speaker when it is a word of one of the speaker's names (the canonical
name or an alias), sounds like one (Double Metaphone), or, for words of four letters or more,
is one edit away from one that starts with the same letter: the rules of ``speaker:`` in the
query language (query.speaker_word), applied to the store's ``speaker_words`` table.
"""
from __future__ import annotations

from whoosh.support.levenshtein import distance

from ..store import Store, name_words, sound_codes
from .query import fuzzy_distance


def matching_speakers(store: Store, q: str) -> set[str] | None:
    """The ids of the speakers every word of ``q`` matches (None when ``q`` has no word: no constraint)."""
    words = name_words(q)
    if not words:
        return None
    found: set[str] | None = None
    for word in words:
        keys = {word, *sound_codes(word)}
        edits = min(fuzzy_distance(word), 1)
        if edits:
            keys.update(w for w in store.name_words_near(word[0], len(word) - 1, len(word) + 1)
                        if distance(word, w, limit=1) <= 1)
        ids = store.speakers_by_keys(keys)
        found = ids if found is None else found & ids
        if not found:
            return set()
    return found
