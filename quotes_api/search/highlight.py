"""Highlighted fragments: the words of a quotation that made it match, marked with <b>...</b>.

A word is marked (with <b>...</b> unless other marks are given) when its folded form is one the query searched: plain words expanded to their
inflections, words of phrases, prefixes and fuzzy words expanded against the index.
Everything else is HTML-escaped, so the fragment can be shown as HTML as it is.
"""
from __future__ import annotations

import html

from . import analysis


def query_terms(q, reader) -> frozenset[str]:
    """The words the query ``q`` looks for in ``words``, with patterns and inflections expanded against ``reader``."""
    words = set()
    for field, text in q.existing_terms(reader, phrases=True, expand=True):
        if field == "words":
            text = text.decode("utf-8") if isinstance(text, bytes) else text
            words.update(text.split(analysis.PAIR_SEPARATOR))
    return frozenset(words)


def highlight(text: str, words: frozenset[str], max_chars: int, pre: str = "<b>", post: str = "</b>") -> str:
    """``text`` (cut to ``max_chars`` around the first match) with matched words between ``pre`` and ``post``
    (given as they are: the text is HTML-escaped, the marks are not)."""
    marks = analysis.find_words(text, words)
    start, end = 0, len(text)
    if len(text) > max_chars:
        first = marks[0][0] if marks else 0
        start = max(0, min(first - max_chars // 4, len(text) - max_chars))
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + max_chars)
    out, pos = [], start
    for a, b in marks:
        if a < start or b > end:
            continue
        out += [html.escape(text[pos:a]), pre, html.escape(text[a:b]), post]
        pos = b
    out.append(html.escape(text[pos:end]))
    return ("\u2026" if start > 0 else "") + "".join(out) + ("\u2026" if end < len(text) else "")
