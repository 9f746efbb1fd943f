"""Folding text into comparison keys: accents, case, punctuation and spacing set aside.

Shared by the debris classifier (is this paragraph a copy of another?) and the
extractor (are these two names, these two quotations, the same?). Both run on every
paragraph, so the work is done by ``str`` methods in C rather than by regular expressions.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _non_word_table() -> dict[int, str]:
    """Every character of the Basic Multilingual Plane that is not a letter or digit, mapped to a space."""
    return {i: " " for i in range(0x10000) if not chr(i).isalnum()}


def strip_accents(s: str) -> str:
    """Guaidó -> Guaido. Most news text is ASCII or decomposes to itself, and costs nothing here."""
    if s.isascii():
        return s
    decomposed = unicodedata.normalize("NFKD", s)
    if decomposed == s:
        return s
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_only(s: str) -> str:
    """Letters and digits, each run of anything else replaced by one space."""
    return " ".join(s.translate(_non_word_table()).split())


def fold(s: str) -> str:
    """Case, diacritics, punctuation and spacing folded: "Guaidó’s  aid" -> "guaido s aid"."""
    return words_only(strip_accents(s).casefold())
