"""Find the quotations of an article: pair quotation marks, follow quotations across paragraphs.

Works paragraph by paragraph on the prose paragraphs that ``articles.debris`` kept. A
paragraph becomes a :class:`ParaView`: its quotations (closed pairs of marks), a copy of
its text with every quotation masked out (so that attribution patterns never match
words inside a quotation), and its sentences (ends found outside quotations only).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import patterns as P

MASK = P.MASK

_OPENERS = {"\u201c", "\u201e", "\u201f", "\u00ab", "``"}
_CLOSERS = {"\u201d", "\u00bb"}
_LEFT_FLANK = set("([{\u2014\u2013-/\u2018") | {"\u00a0"}
_RIGHT_FLANK = set(".,;:!?)]}\u2014\u2013-\u2019'\u2026")
_SENTENCE_PUNCT = set(".!?,;:\u2026\u2014-")


@dataclass
class Span:
    """One pair of marks in one paragraph; offsets are absolute in the article text."""

    open: int  # position of the opening mark
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    close: int | None  # one past the closing mark; None when it never closes in this paragraph


@dataclass
class Quote:
    """A quotation: one part per stretch between marks (several for split or multi-paragraph ones)."""

    parts: list[tuple[int, int]]
    outer: tuple[int, int]  # from the first opening mark to past the last closing mark
    para: int  # paragraph index of the first part
    last_para: int
    kind: str = "full"


@dataclass
class ParaView:
    index: int
    start: int
    end: int
    text: str
    spans: list[Span] = field(default_factory=list)
    masked: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)  # local offsets

    def sentence_at(self, local: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= local < e or (local == e and e == len(self.text)):
                return s, e
        return (0, len(self.text))


def _role(text: str, pos: int, end: int, mark: str) -> str:
    before = text[pos - 1] if pos > 0 else " "
    after = text[end] if end < len(text) else " "
    left = before.isspace() or before in _LEFT_FLANK or pos == 0
    right = after.isspace() or after in _RIGHT_FLANK or end == len(text)
    if mark in _OPENERS:
        return "either" if right and not left else "open"
    if mark in _CLOSERS:
        return "either" if left and not right else "close"
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "either"


def pair_marks(text: str, base: int = 0) -> list[Span]:
    """Pairs of quotation marks in one paragraph; a last opening mark may stay unclosed.

    Straight marks take their direction from what flanks them, so mixed pairs (" ... ”)
    close; an opening mark met inside a quotation means the earlier one never closed, and
    that earlier fragment is dropped rather than guessed at.
    """
    spans: list[Span] = []
    opened = None
    for m in P.finditer(P.RE_QUOTE_MARK, text):
        role = _role(text, m.start(), m.end(), m.group())
        if opened is None:
            if role != "close":
                opened = m
            continue
        if role == "open":
            opened = m
            continue
        if m.start() > opened.end():
            spans.append(Span(base + opened.start(), base + opened.end(), base + m.start(), base + m.end()))
        opened = None
    if opened is not None and opened.end() < len(text):
        spans.append(Span(base + opened.start(), base + opened.end(), base + len(text), None))
    return [s for s in spans if any(c.isalnum() for c in text[s.start - base:s.end - base])]


def _mask(text: str, spans: list[Span], base: int) -> str:
    if not spans:
        return text
    out, lo = [], 0
    for s in spans:
        a, b = s.open - base, (s.close if s.close is not None else s.end) - base
        out += (text[lo:a], MASK * (b - a))
        lo = b
    out.append(text[lo:])
    return "".join(out)


def _sentences(view: ParaView) -> list[tuple[int, int]]:
    text, masked, base = view.text, view.masked, view.start
    ends = {m.end() for m in P.finditer(P.RE_SENTENCE_END, masked)}
    for s in view.spans:
        # A quotation ending in . ! or ? followed by a capital or another quotation ends its sentence.
        if s.close is None:
            continue
        inner = text[s.start - base:s.end - base].rstrip()
        after = text[s.close - base:].lstrip()
        if inner[-1:] in ".!?" and (not after or after[0].isupper() or after[0] in "\"\u201c"):
            ends.add(s.close - base)
    out, lo = [], 0
    for e in sorted(ends):
        if e > lo:
            out.append((lo, e))
            lo = e
            while lo < len(text) and text[lo].isspace():
                lo += 1
    if lo < len(text):
        out.append((lo, len(text)))
    return out


def view_paragraph(index: int, start: int, end: int, article_text: str) -> ParaView:
    text = article_text[start:end]
    view = ParaView(index, start, end, text)
    view.spans = pair_marks(text, start)
    view.masked = _mask(text, view.spans, start)
    view.sentences = _sentences(view)
    return view


def _ends_like_sentence(article_text: str, span: Span) -> bool:
    tail = article_text[span.start:span.end].rstrip()
    return bool(tail) and tail[-1] in _SENTENCE_PUNCT


def _opens_paragraph(view: ParaView) -> bool:
    return bool(view.spans) and view.spans[0].open == view.start


def find_quotes(views: list[ParaView], article_text: str, continues: callable) -> list[Quote]:
    """The quotations in paragraph order, multi-paragraph ones joined.

    ``continues(prev_view, view)`` says whether ``view`` directly follows ``prev_view`` in
    the article's prose (nothing but debris between them).
    """
    quotes: list[Quote] = []
    pending: Quote | None = None
    pending_view: ParaView | None = None
    for view in views:
        spans = list(view.spans)
        if pending is not None:
            if continues(pending_view, view) and _opens_paragraph(view):
                first = spans.pop(0)
                pending.parts.append((first.start, first.end))
                pending.last_para = view.index
                if first.close is None:
                    pending_view = view
                    continue
                pending.outer = (pending.outer[0], first.close)
                quotes.append(pending)
            pending = None
        for span in spans:
            if span.close is not None:
                quotes.append(Quote([(span.start, span.end)], (span.open, span.close), view.index, view.index))
            elif _ends_like_sentence(article_text, span):
                # Open at the end of the paragraph: it may go on in the next one.
                pending = Quote([(span.start, span.end)], (span.open, span.end), view.index, view.index)
                pending_view = view
    return quotes
