"""Folding text into comparison keys: accents, case, punctuation and spacing set aside.

Shared by the debris classifier (is this paragraph a copy of another?) and the
extractor (are these two names, these two quotations, the same?). Both run on every
paragraph, so the work is done by ``str`` methods in C rather than by regular expressions.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _non_word_table() -> dict[int, str]:
    """Every character of the Basic Multilingual Plane that is not a letter or digit, mapped to a space."""
    return {i: " " for i in range(0x10000) if not chr(i).isalnum()}


@lru_cache(maxsize=1)
def _non_word_deletions() -> dict[int, None]:
    """The same characters as ``_non_word_table``, mapped to nothing."""
    return dict.fromkeys(_non_word_table())


# The ASCII characters that are not letters or digits, for ``bytes.translate``: to delete them, or to make them spaces.
_ASCII_NON_WORD = bytes(i for i in range(128) if not chr(i).isalnum())
_ASCII_NON_WORD_TO_SPACE = bytes.maketrans(_ASCII_NON_WORD, b" " * len(_ASCII_NON_WORD))

# The characters outside ASCII that news prints in a third of its paragraphs, none a letter or a digit:
# curly quotation marks and apostrophes, dashes, ellipsis, no-break space, middle dot, bullet, guillemets.
_COMMON_MARKS = "\u2019\u2018\u201c\u201d\u2014\u2013\u2026\u00a0\u00b7\u2022\u00ab\u00bb"
# Any other character outside ASCII.
_RE_UNCOMMON = re.compile(f"[^\\x00-\\x7f{_COMMON_MARKS}]")


def _as_ascii(s: str) -> bytes | None:
    """``s`` as ASCII bytes, each of the common marks outside ASCII written as "?" (which the ASCII tables, like
    the marks, take for no letter or digit); None when ``s`` has other characters outside ASCII.

    ``str.translate`` looks every character of a string that is not all ASCII up in the table's dict, four
    times slower than ``bytes.translate``. (One search for another character, then one encoding: a replacement
    per mark cost twice as much.)"""
    if s.isascii():
        return s.encode("ascii")
    if _RE_UNCOMMON.search(s) is not None:
        return None
    return s.encode("ascii", "replace")


def strip_accents(s: str) -> str:
    """Guaidó -> Guaido, and the same of a text whose accents are written apart ("Guaido\u0301"): every combining
    character of the compatibility decomposition (NFKD) dropped. Most news text is ASCII, or decomposes to itself
    without a combining character, and costs a search here."""
    if s.isascii():
        return s
    decomposed = unicodedata.normalize("NFKD", s)
    marks = _combining_pattern()
    if marks.search(decomposed) is None:
        return decomposed
    if _RE_BEYOND_BMP.search(decomposed):  # (the pattern's class covers the Basic Multilingual Plane)
        return "".join([c for c in decomposed if not unicodedata.combining(c)])
    return marks.sub("", decomposed)


_RE_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _combining_pattern() -> re.Pattern:
    """Any combining character of the Basic Multilingual Plane (``unicodedata.combining``), as a character class of
    ranges, or any character beyond that plane (which the class does not cover): one search or substitution in C
    instead of a lookup per character."""
    ranges: list[tuple[int, int]] = []
    for i in range(0x10000):
        if unicodedata.combining(chr(i)):
            if ranges and ranges[-1][1] == i - 1:
                ranges[-1] = (ranges[-1][0], i)
            else:
                ranges.append((i, i))
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "\\U00010000-\\U0010ffff]")


def words_only(s: str) -> str:
    """Letters and digits, each run of anything else replaced by one space."""
    b = _as_ascii(s)
    if b is not None:
        return " ".join(b.translate(_ASCII_NON_WORD_TO_SPACE).decode("ascii").split())
    return " ".join(s.translate(_non_word_table()).split())


def letters_and_digits(s: str) -> str:
    """Letters and digits only, case folded: "Home / World" -> "homeworld" (``words_only`` without its spaces)."""
    b = _as_ascii(s)
    if b is not None:
        return b.translate(None, _ASCII_NON_WORD).decode("ascii").lower()
    return s.translate(_non_word_deletions()).casefold()


def fold(s: str) -> str:
    """Case, diacritics, punctuation and spacing folded: "Guaidó’s  aid" -> "guaido s aid"."""
    b = _as_ascii(s)
    if b is not None:
        # (ASCII and the common marks: no accent to strip, and the marks, whatever NFKD makes of them, are spaces)
        return " ".join(b.translate(_ASCII_NON_WORD_TO_SPACE).decode("ascii").lower().split())
    return words_only(strip_accents(s).casefold())
