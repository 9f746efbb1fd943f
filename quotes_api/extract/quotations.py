"""Find the quotations of an article: pair quotation marks, follow quotations across paragraphs.

Works paragraph by paragraph on the prose paragraphs that ``articles.debris`` kept. A
paragraph becomes a :class:`ParaView`: its quotations (closed pairs of marks), a copy of
its text with every quotation masked out (so that attribution patterns never match
words inside a quotation), and its sentences (ends found outside quotations only).
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from . import patterns as P

MASK = P.MASK

# White space and the invisible format characters pages leave (bidirectional marks, zero-width spaces).
_INVISIBLE = " \t\n\u00a0\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff"
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

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, open: int, start: int, end: int, close: int | None) -> None:
        self.open = open
        self.start = start
        self.end = end
        self.close = close


@dataclass
class Quote:
    """A quotation: one part per stretch between marks (several for split or multi-paragraph ones)."""

    parts: list[tuple[int, int]]
    outer: tuple[int, int]  # from the first opening mark to past the last closing mark
    para: int  # paragraph index of the first part
    last_para: int
    kind: str = "full"

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, parts: list[tuple[int, int]], outer: tuple[int, int], para: int, last_para: int,
                 kind: str = "full") -> None:
        self.parts = parts
        self.outer = outer
        self.para = para
        self.last_para = last_para
        self.kind = kind


@dataclass
class ParaView:
    index: int
    start: int
    end: int
    text: str
    spans: list[Span] = field(default_factory=list)
    masked: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)  # local offsets
    turn: str | None = None  # in a transcript, who speaks this paragraph ("TAPPER", "A")
    _alone: bool | None = None

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, index: int, start: int, end: int, text: str, spans: list[Span] | None = None, masked: str = "",
                 sentences: list[tuple[int, int]] | None = None, turn: str | None = None,
                 _alone: bool | None = None) -> None:
        self.index = index
        self.start = start
        self.end = end
        self.text = text
        self.spans = [] if spans is None else spans
        self.masked = masked
        self.sentences = [] if sentences is None else sentences
        self.turn = turn
        self._alone = _alone

    def sentence_index(self, span: tuple[int, int]) -> int:
        """The position of a sentence span among ``sentences`` (-1 when it is none of them)."""
        k = bisect.bisect_left(self.sentences, span)
        return k if k < len(self.sentences) and self.sentences[k] == span else -1

    @property
    def alone(self) -> bool:
        """The paragraph is nothing but quotations and punctuation."""
        if self._alone is None:
            self._alone = not any(c.isalnum() for c in self.masked.replace(MASK, ""))
        return self._alone

    def sentence_at(self, local: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.sentences, (local, len(self.text) + 1)) - 1
        if k >= 0:
            s, e = self.sentences[k]
            if s <= local < e or (local == e and e == len(self.text)):
                return s, e
        return (0, len(self.text))


def _role(text: str, pos: int, end: int, mark: str) -> str:
    before = text[pos - 1] if pos > 0 else " "
    after = text[end] if end < len(text) else " "
    left = before.isspace() or before in _LEFT_FLANK or pos == 0 or before in _INVISIBLE
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


# The marks RE_QUOTE_MARK finds, for a test in C before the pattern (six paragraphs in ten quote nobody).
_DOUBLE_MARKS = ("\"", "\u201c", "\u201d", "\u201e", "\u201f", "\u00ab", "\u00bb", "``", "''")


def _has_double_marks(text: str) -> bool:
    return any(mark in text for mark in _DOUBLE_MARKS)


# The marks of one character, which most paragraphs hold only.
_ONE_CHARACTER_MARKS = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb"


def _quote_marks(text: str) -> list[tuple[int, int]]:
    """The spans of RE_QUOTE_MARK's matches in ``text``, in order. Without the marks of two characters (`` and '')
    they are where the marks of one are, found by ``str.find``: a tenth of the cost of the pattern's scan."""
    if "``" in text or "''" in text:
        return [m.span() for m in P.finditer(P.RE_QUOTE_MARK, text)]
    out = []
    for c in _ONE_CHARACTER_MARKS:
        k = text.find(c)
        while k >= 0:
            out.append((k, k + 1))
            k = text.find(c, k + 1)
    out.sort()
    return out


def pair_marks(text: str, base: int = 0) -> list[Span]:
    """Pairs of quotation marks in one paragraph; a last opening mark may stay unclosed.

    Straight marks take their direction from what flanks them, so mixed pairs (" ... ”)
    close; an opening mark met inside a quotation means the earlier one never closed, and
    that earlier fragment is dropped rather than guessed at.
    """
    if not _has_double_marks(text):
        return []
    spans: list[Span] = []
    opened: tuple[int, int] | None = None
    marks = _quote_marks(text)
    roles = [_role(text, a, b, text[a:b]) for a, b in marks]
    nested = 0  # opening marks inside the open quotation waiting for their closing marks
    for k, m in enumerate(marks):
        role = roles[k]
        if opened is None:
            # A closing mark that opens its paragraph ('\u201d \u2026 what I learned'), or that follows the comma
            # or colon of a speech verb and goes on with a word ('He says,\u201d there are ...\u201d'): a
            # typesetter's opening mark.
            if role != "close" or not text[:m[0]].strip(_INVISIBLE) or \
                    _typed_for_open(text, m) and any(r != "open" for r in roles[k + 1:]):
                opened = m
            continue
        if role == "open" and not text[m[1]:].strip(_INVISIBLE) and m[0] > opened[1]:
            # '"They see that. \u201c' at the end of the paragraph: a typesetter's closing mark.
            spans.append(Span(base + opened[0], base + opened[1], base + m[0], base + m[1]))
            opened = None
            continue
        if role == "open":
            # Another opening mark: a quotation nested in this one ('"... what he calls "hell" than ..."')
            # when enough closing marks follow for both, else the earlier one was never closed.
            if sum(1 for r in roles[k + 1:] if r != "open") >= nested + 2:
                nested += 1
            else:
                opened, nested = m, 0
            continue
        if nested:
            nested -= 1
            continue
        if m[0] > opened[1]:
            spans.append(Span(base + opened[0], base + opened[1], base + m[0], base + m[1]))
        opened = None
    if opened is not None and opened[1] < len(text):
        spans.append(Span(base + opened[0], base + opened[1], base + len(text), None))
    for s in spans:  # (a mistyped opening mark stands before the space: the words start after it)
        if text[s.open - base] in _CLOSERS:
            while s.start < s.end and text[s.start - base] == " ":
                s.start += 1
    return [s for s in spans if any(c.isalnum() for c in text[s.start - base:s.end - base])]


def _typed_for_open(text: str, m: tuple[int, int]) -> bool:
    """A closing mark after a comma or colon, before a space and a word: typed where an opening one belongs."""
    before = text[:m[0]].rstrip(_INVISIBLE)[-1:]
    after = text[m[1]:m[1] + 2]
    return before in {",", ":"} and after[:1] == " " and after[1:].isalnum()


# Single quotation marks, as much of the British and Australian press quotes with: 'We will win,' he said.
_SINGLE_OPEN = {"\u2018", "'"}
_SINGLE_CLOSE = {"\u2019", "'"}
_BEFORE_SINGLE_OPEN = set(" \t\n([{\u2014\u2013/\u00a0\"\u201c") | {""}
_AFTER_SINGLE_CLOSE = set(" \t\n.,;:!?)]}\u2014\u2013\u2026\"\u201d-") | {""}
# Apostrophes that open a word, never a quotation: '90s, 'em, 'til, 'n', 'tis, 'cause.
_ELISIONS = ("em ", "til ", "n ", "n'", "tis ", "twas ", "cause ", "bout ", "round ", "nuff ")


def pair_singles(text: str, base: int = 0) -> list[Span]:
    """Pairs of single quotation marks ('...' and \u2018...\u2019) in one paragraph, told from apostrophes.

    An opening mark follows a space or the start and precedes a word; a closing one follows a
    word and precedes a space or punctuation. A closing mark after an "s" before a lower-case word
    ("the players\u2019 union") is a possessive when a better closing mark follows.
    """
    spans: list[Span] = []
    opened = None
    n = len(text)
    marks = [m.start() for m in _RE_SINGLE.finditer(text)]
    k = 0
    while k < len(marks):
        i = marks[k]
        k += 1
        ch = text[i]
        if text[i:i + 2] == "''" or (i > 0 and text[i - 1] == "'"):
            continue  # doubled apostrophes are a double mark, paired elsewhere
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < n else ""
        can_open = ch in _SINGLE_OPEN and before in _BEFORE_SINGLE_OPEN and (after.isalnum() or after in "\"\u201c\u2026") \
            and not text[i + 1:i + 4].rstrip("s").isdigit() and not text[i + 1:i + 7].lower().startswith(_ELISIONS)
        can_close = ch in _SINGLE_CLOSE and before and not before.isspace() and after in _AFTER_SINGLE_CLOSE
        if opened is None:
            if can_open:
                opened = i
            continue
        if can_close:
            possessive = before in "sS" and text[i + 1:i + 3][:1] == " " and text[i + 2:i + 3].islower()
            if possessive and _later_close(text, i + 1):
                continue
            if any(c.isalnum() for c in text[opened + 1:i]):
                spans.append(Span(base + opened, base + opened + 1, base + i, base + i + 1))
            opened = None
        elif can_open and ch == "\u2018":
            opened = i  # a new opening mark: the earlier one never closed
    if opened is not None and text.rstrip()[-1:] in ".!?," and \
            (opened == len(text) - len(text.lstrip()) or text[:opened].rstrip()[-1:] in ".!?:"):
        # May go on in the next paragraph: a paragraph's opening mark, or one that opens a sentence after another
        # ('... she said. ‘Boats will be tied up within weeks.' and the next paragraph opens with a mark).
        spans.append(Span(base + opened, base + opened + 1, base + len(text), None))
    return spans


_RE_SINGLE = regex.compile(r"['\u2018\u2019]")


def _later_close(text: str, pos: int) -> bool:
    for j in range(pos, len(text)):
        if text[j] in _SINGLE_CLOSE and not text[j - 1].isspace() and \
                (text[j + 1] if j + 1 < len(text) else "") in _AFTER_SINGLE_CLOSE:
            return True
        if text[j] in _SINGLE_OPEN and (text[j - 1] if j else " ") in _BEFORE_SINGLE_OPEN:
            return False
    return False


def quotation_spans(text: str, base: int = 0) -> list[Span]:
    """Every quotation of a paragraph: double marks, and single marks that are not nested in them.

    A double-quoted span inside a single-quoted one is nested (British style: \u2018He said "no"\u2019),
    and so is a single-quoted span inside a double-quoted one (American style).
    """
    doubles = pair_marks(text, base)
    if "'" not in text and "\u2018" not in text:
        return doubles
    singles = pair_singles(text, base)
    if not singles:
        return doubles

    def end(sp: Span) -> int:
        return sp.close if sp.close is not None else sp.end

    def inside(a: Span, b: Span) -> bool:
        return b.open <= a.open and end(a) <= end(b)

    outer_singles = [s for s in singles if not any(inside(s, d) for d in doubles)]
    kept_doubles = [d for d in doubles if not any(inside(d, s) for s in outer_singles)]
    outer_singles = [s for s in outer_singles
                     if not any(s.open < end(d) and d.open < end(s) for d in kept_doubles)]
    return sorted(kept_doubles + outer_singles, key=lambda sp: sp.open)


def _mask(text: str, spans: list[Span], base: int) -> str:
    if not spans:
        return text
    out: list[str] = []
    lo = 0
    for s in spans:
        a, b = s.open - base, (s.close if s.close is not None else s.end) - base
        out += (text[lo:a], MASK * (b - a))
        lo = b
    out.append(text[lo:])
    return "".join(out)


def _sentence_ends(masked: str) -> list[int]:
    """Where the matches of RE_SENTENCE_END in ``masked`` end. Each opens on '.', '!' or '?': the pattern is matched
    where one stands (found by ``str.find``), as its search would try it, instead of searched for, which costs the
    regex module more at every other character than the few matches do."""
    out: list[int] = []
    n = len(masked)
    pos = 0
    dot, bang, ask = masked.find("."), masked.find("!"), masked.find("?")
    while True:
        if 0 <= dot < pos:
            dot = masked.find(".", pos)
        if 0 <= bang < pos:
            bang = masked.find("!", pos)
        if 0 <= ask < pos:
            ask = masked.find("?", pos)
        at = min([k for k in (dot, bang, ask) if k >= 0], default=-1)
        if at < 0:
            return out
        m = P.match(P.RE_SENTENCE_END, masked, at, n)
        if m is None:
            pos = at + 1
        else:
            out.append(m.end())
            pos = m.end()


def _sentences(view: ParaView) -> list[tuple[int, int]]:
    text, masked, base = view.text, view.masked, view.start
    ends = set(_sentence_ends(masked))
    head = P.match(P.RE_CAPS_HEADING_LEAD, masked) if masked[:2].isupper() else None
    if head:
        ends.add(head.end())
    for s in view.spans:
        # A quotation ending in . ! or ? followed by a capital or another quotation ends its sentence.
        if s.close is None:
            continue
        inner = text[max(s.start, s.end - 8) - base:s.end - base].rstrip()
        at = s.close - base
        after = _RE_NEXT_CHAR.match(text, at, min(len(text), at + 256)).group(1)  # (bounded: see P.match)
        if inner[-1:] in ".!?" and (not after or after.isupper() or after in "\"\u201c\u2018'"):
            ends.add(s.close - base)
    out, lo = [], 0
    for e in sorted(ends):
        if e > lo:
            out.extend(_bounded(text, lo, e))
            lo = e
            while lo < len(text) and text[lo].isspace():
                lo += 1
    if lo < len(text):
        out.extend(_bounded(text, lo, len(text)))
    return out


# Longest stretch read as one sentence. News sentences are a few hundred characters; a longer run without
# a full stop (a list, a transcript dump, hostile input) is cut at spaces, so that the work spent on any
# one quotation stays bounded and extraction stays linear in the length of the article.
SENTENCE_MAX_CHARS = 1500
_RE_NEXT_CHAR = regex.compile(r"\s*(\S?)")


def _bounded(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    while hi - lo > SENTENCE_MAX_CHARS:
        cut = text.rfind(" ", lo + SENTENCE_MAX_CHARS // 2, lo + SENTENCE_MAX_CHARS)
        cut = cut if cut > lo else lo + SENTENCE_MAX_CHARS
        out.append((lo, cut))
        lo = cut + 1 if text[cut:cut + 1] == " " else cut
    out.append((lo, hi))
    return out


def view_paragraph(index: int, start: int, end: int, article_text: str) -> ParaView:
    text = article_text[start:end]
    view = ParaView(index, start, end, text)
    view.spans = quotation_spans(text, start)
    view.masked = _mask(text, view.spans, start)
    view.sentences = _sentences(view)
    return view


# A turn of an interview transcript: "TAPPER: Do you think ...", "Q: ...", "A: ...", "Mr. Roe: ...".
# A party and state after the name ('SEN. ELIZABETH WARREN (D-MA):') say who, not what.
RE_TURN = regex.compile(r"(?P<who>Q|A|(?:Mr|Mrs|Ms|Dr)\.?\s+\p{Lu}\p{Ll}+|\p{Lu}[\p{Lu}'\u2019.\-]+(?:\s+\p{Lu}[\p{Lu}'\u2019.\-]+){0,3})"
                        r"(?:\s+\([\p{Lu}\p{N}][^()\n]{0,24}\))?"
                        # 'JANE ROE, CNN ANCHOR:', 'TOM HART (R), OHIO:': what the transcript says they are
                        r"(?:,\s+[\p{Lu}\p{N}][\p{Lu}\p{N}'\u2019.&\-]*(?:\s+[\p{Lu}\p{N}&][\p{Lu}\p{N}'\u2019.&\-]*){0,4})?"
                        r"\s*:\s+(?=\S)"
                        # '[01:20] Jane Roe: ...', '00:01:20 Jane Roe: ...': a time code in brackets or with its
                        # seconds makes a name in ordinary case a turn's (a live blog's '16:05 Goal:' has neither)
                        r"|(?:\[\d{1,2}:\d{2}(?::\d{2})?\]|\d{1,2}:\d{2}:\d{2})\s+(?P<who>\p{Lu}[\p{L}'\u2019.\-]*(?:\s+\p{Lu}[\p{L}'\u2019.\-]*){0,3})"
                        r"\s*:\s+(?=\S)"
                        # 'Q. What is ...' / 'A. Reading.': counted only where both are (see transcript_turns)
                        r"|(?P<who>Q|A)\.\s+(?P<dotted>)(?=[\p{Lu}\p{N}\"\u201c])", regex.VERSION1)
# A turn labelled in ordinary case, as magazines print interviews: 'Hart: No. The budget is alive.', 'Tom Hart: ...',
# 'The Herald: Is the budget dead?'. Such a label is a turn only when it is the interviewer (an outlet) or names a
# person of the article and opens two paragraphs or more (see transcript_turns).
RE_NAMED_TURN = regex.compile(r"(?P<who>(?:The\s+)?\p{Lu}[\p{Ll}'\u2019\-]+(?:\s+\p{Lu}[\p{L}'\u2019\-]*){0,2})\s*:\s+(?=\S)",
                              regex.VERSION1)
# Labels that look like a speaker's name before a colon but are none.
_NOT_SPEAKERS = {"update", "updated", "correction", "clarification", "editor's note", "editor\u2019s note", "note",
                 "email", "e-mail", "photo", "photos", "video", "watch", "read", "read more", "related", "source",
                 "sources", "breaking", "exclusive", "analysis", "opinion", "commentary", "fact check", "bottom line",
                 "warning", "disclosure", "advertisement", "listen", "more", "see also", "contact", "twitter",
                 "facebook", "instagram", "follow", "subscribe", "credit", "caption", "transcript", "summary"}
# Fewest turns that make an article's "NAME:" paragraphs a transcript rather than labels.
_TRANSCRIPT_MIN_TURNS = 2


def transcript_turns(views: list[ParaView], article_text: str, interviewer: Callable[[str], str | None] | None = None,
                     named: Callable[[str], bool] | None = None) -> str | None:
    """Mark the paragraphs of an interview transcript, whose words are quotations without marks.

    A turn is a paragraph opening with a speaker in capitals (or Q/A, or "Mr. Roe") and a colon,
    followed by prose. The article is a transcript when it has at least two such turns; each
    turn's words then become one quotation (questions, "Q:", are the interviewer's and are left
    out), and quotation marks inside a turn are nested in it.

    ``interviewer(label)`` gives the outlet a label names ('SPIEGEL:', 'The Herald:'): its turns are the questions.
    A label in ordinary case ('Hart:', 'Tom Hart:') is a turn when it is the interviewer's, or when ``named(label)``
    says it names a person of the article and it opens two paragraphs or more (or one, in a transcript already).
    Returns the interviewer's outlet.
    """
    found: list[tuple[ParaView, str, int, bool]] = []
    plain: list[tuple[ParaView, str, int, bool]] = []
    for v in views:
        # (a turn has a colon, or opens on 'Q.' or 'A.': a test in C before the pattern, which most paragraphs fail)
        colon = v.text.find(":")
        m = RE_TURN.match(v.text) if colon >= 0 or v.text[:2] in ("Q.", "A.") else None
        is_plain = m is None
        if m is None:
            # (a label of three words or fewer ends in its first 48 characters; endpos: see patterns.match)
            m = RE_NAMED_TURN.match(v.text, 0, colon + 8) if interviewer is not None and 0 < colon < 48 else None
            if m is None:
                continue
        who = m.group("who")
        said = v.text[m.end():]
        if who.casefold().strip(".") in _NOT_SPEAKERS or len(said.split()) < 3 or said.isupper() or \
                said.lstrip()[:1] in "\"\u201c\u2018'" or not any(c.islower() for c in said):
            continue
        if is_plain and not said[:1].isupper():
            continue  # ('Hart: the man who bet the economy ...': a heading's description, not his words)
        (plain if is_plain else found).append((v, who, m.end(), not is_plain and m.group("dotted") is not None))
    if len(found) + len(plain) < _TRANSCRIPT_MIN_TURNS:
        return None
    asker = None
    if interviewer is not None:
        for k, (v, who, at, is_dotted) in enumerate(found):
            outlet = interviewer(who) if who not in ("Q", "A") else None
            if outlet is not None:
                found[k] = (v, "Q", at, is_dotted)  # 'SPIEGEL: Minister, is the budget dead?'
                asker = asker or outlet
        # (a person's label by the last word: 'Luciana Lopez:' and then 'Lopez:')
        surnames = [who.split()[-1] for _, who, _, _ in plain]
        single: list[tuple[ParaView, str, int, bool]] = []
        for v, who, at, is_dotted in plain:
            outlet = interviewer(who)
            if outlet is not None:
                found.append((v, "Q", at, is_dotted))
                asker = asker or outlet
            elif named is not None and named(who):
                (found if surnames.count(who.split()[-1]) >= 2 else single).append((v, who, at, is_dotted))
        if len(found) >= _TRANSCRIPT_MIN_TURNS:
            found += single
        found.sort(key=lambda turn: turn[0].index)
    dotted = {who for v, who, at, is_dotted in found if is_dotted}
    if dotted and dotted != {"Q", "A"}:
        found = [turn for turn in found if not turn[3]]  # 'A. J. Smith said': no 'Q.' beside it, no transcript
    if len(found) < _TRANSCRIPT_MIN_TURNS:
        return None
    for v, who, at, _ in found:
        v.turn = who
        if who == "Q":
            v.spans = []  # the interviewer's question
        else:
            start = v.start + at
            v.spans = [Span(start, start, v.end, v.end)]
        v.masked = _mask(v.text, v.spans, v.start)
        v.sentences = _sentences(v)
    return asker


def _ends_like_sentence(article_text: str, span: Span) -> bool:
    tail = article_text[span.start:span.end].rstrip()
    return bool(tail) and tail[-1] in _SENTENCE_PUNCT


def _opens_paragraph(view: ParaView) -> bool:
    return bool(view.spans) and view.spans[0].open == view.start


def find_quotes(views: list[ParaView], article_text: str, continues: Callable[[ParaView, ParaView], bool]) -> list[Quote]:
    """The quotations in paragraph order, multi-paragraph ones joined.

    ``continues(prev_view, view)`` says whether ``view`` directly follows ``prev_view`` in
    the article's prose (nothing but debris between them).
    """
    quotes: list[Quote] = []
    pending: Quote | None = None
    pending_view: ParaView | None = None
    for view in views:
        if pending is not None and pending_view is not None and continues(pending_view, view) and \
                not _opens_paragraph(view):
            _continue_wrapped(view)  # 'participate personally \n in caucuses and primaries."'
        spans = list(view.spans)
        if pending is not None and pending_view is not None:
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
            elif _ends_like_sentence(article_text, span) or span is spans[-1] and view.end - span.start > 20:
                # Open at the end of the paragraph: it may go on in the next one (a new paragraph that
                # opens with a mark, or a line the page wrapped in the middle of a sentence).
                pending = Quote([(span.start, span.end)], (span.open, span.end), view.index, view.index)
                pending_view = view
    return quotes


def _continue_wrapped(view: ParaView) -> None:
    """A paragraph that goes on with the quotation left open above it, without a mark of its own ('in caucuses
    and primaries,\u201d he said.'): its words up to the first closing mark are the quotation's next part."""
    text = view.text
    if not text[:1].islower():
        return
    m = _RE_FIRST_MARK.search(text)
    if m is None or m.group() not in ("\u201d", '"', "''") or any(s.open - view.start < m.start() for s in view.spans):
        return
    close = view.start + m.end()
    span = Span(view.start, view.start, view.start + m.start(), close)
    view.spans = [span] + [s for s in view.spans if s.open >= close]
    view.masked = _mask(view.text, view.spans, view.start)
    view.sentences = _sentences(view)
    view._alone = None


_RE_FIRST_MARK = regex.compile(r"``|''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
