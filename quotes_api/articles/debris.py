"""Split an article into paragraphs and tell article prose from page debris.

Scraped pages carry menus, breadcrumbs, photo captions, "Most Read" boxes, teaser
headlines and paragraphs printed twice (the second copy often cut short). None of it is
prose a quotation can be read from, and captions must not become antecedents for "he".
A "Source: Reuters" credit line is debris too, but it names the outlet of the section
above it, so it is kept as a paragraph of kind ``source`` with that outlet.

Every paragraph keeps its character span in the article text, so offsets found later
point into the original.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .metadata import is_metadata_line
from .normalize import letters_and_digits

_F = regex.VERSION1 | regex.UNICODE

# Breadcrumb trails: "Home / World / Americas", "Home > News", "News › World".
RE_BREADCRUMB = regex.compile(r"^\s*[\p{L}\p{N} &'\-]{1,30}(?:\s+[/>›»|]\s+[^/>›»|]{1,120}){1,6}\s*$", _F)

# Numbered or bulleted menu entries ("1. Home", "• Week"): short and without a verb's full stop.
RE_MENU_ITEM = regex.compile(r"^\s*(?:\d{1,2}[.)]|[•·▪►\-*])\s+\S.{0,150}$", _F)

# A photo caption ends in a parenthesised credit naming a photographer or agency:
# "(Marco Bello/Getty Images)", "(AP Photo/Fernando Llano)", "Photo: Reuters".
_CAPTION_LABEL = r"^\s*(?:Photo|Image|Picture|Credit|Caption|Photograph)s?\s*(?::|by\b)"
RE_CAPTION = regex.compile(
    r"(?:\((?:[^()]{0,80}/)?[^()]{0,80}(?:Getty|Images|Photo|AFP|Reuters|AP|EPA|Shutterstock|Pool|Bloomberg|"
    r"Xinhua|Anadolu|Sipa|Alamy|Courtesy|File)[^()]{0,40}\)\s*$)"
    # ... or is the credit alone: "Neilson Barnard via Getty Images.", "Jane Doe/AFP"
    r"|^\s*\S[^\n]{0,70}?(?:\s+(?:via|for)\s+Getty\s+Images|/\s*(?:Getty\s+Images|AFP|Reuters|AP|EPA|Shutterstock|"
    r"Bloomberg|Alamy|Pool)(?:\s+via\s+Getty\s+Images)?)\.?\s*$"
    rf"|{_CAPTION_LABEL}",
    _F | regex.IGNORECASE,
)
# Its second half alone, for lines that do not end with a parenthesis (the first half needs one there).
RE_CAPTION_LABEL = regex.compile(_CAPTION_LABEL, _F | regex.IGNORECASE)

# "— Greg Edds, county commission chairman": the speaker of the quotation printed above it,
# as quote collections and pull quotes credit them.
RE_DASH_CREDIT = regex.compile(r"^\s*(?:\u2014|\u2015|\u2013|--)\s*(?=\p{Lu})"
                               # "- Clinton." with a hyphen: only a name, or a bullet would pass for a credit
                               r"|^\s*-\s+(?=\p{Lu}[\p{L}.'\u2019\-]*(?:\s+\p{Lu}[\p{L}.'\u2019\-]*){0,4}\s*[.,]?\s*(?:$|,))",
                               _F)

# "Source: Reuters" credit lines: the outlet of the section above.
RE_SOURCE_LINE = regex.compile(r"^\s*(?:Source|Sources)\s*:\s*(?P<outlet>[^\n:]{2,80}?)\s*$", _F | regex.IGNORECASE)

# The same credit run onto the end of a paragraph by the scraper: '"..." Jane Roe said. Source: AP', '... - Source:
# Reuters', '... (Source: AP)'. After a sentence's end, a dash or bar, or in parentheses; the outlet capitalised.
RE_SOURCE_CREDIT_END = regex.compile(
    r"(?:(?<=[.!?\"\u201d\u2019')\]])\s+|\s*[\-\u2013\u2014|]\s*|\s*\(\s*)"
    r"(?P<credit>Sources?\s*:\s*\p{Lu}[^\n:()]{1,60}?)\s*\)?\s*$", _F)

# A whole line in parentheses: "(Sahar News Monitoring Desk)", "(Reporting by Jane Doe; Editing by ...)".
RE_PARENTHESISED = regex.compile(r"^\s*\([^()]{2,200}\)\s*$", _F)

# Headings after which a page shows other articles' teasers, never this article's prose.
_END_MARKERS = (
    r"most\s+read|most\s+popular|check\s+also|last\s+news|latest\s+news|related(?:\s+(?:articles|stories|news|"
    r"coverage))?|read\s+more|more\s+from\s+.{1,40}|recommended(?:\s+for\s+you)?|you\s+may\s+also\s+like|"
    r"trending(?:\s+now)?|top\s+stories|editor'?s\s+picks?"
)

# Words a page prints around an article but never inside one: the end markers, and menu and share buttons.
RE_BOILERPLATE = regex.compile(
    rf"^\s*(?:{_END_MARKERS}|week|month|all|today|advertisement|advertising|sponsored(?:\s+content)?|"
    r"share(?:\s+this)?|comments?|subscribe(?:\s+now)?|sign\s+up|log\s*in|follow\s+us|scorecard|newsletter|print|"
    r"email|tweet|share\s+on\s+\w+|skip\s+to\s+(?:main\s+)?content|watch|listen|video|continue\s+reading|"
    r"click\s+here|loading\.*|close|menu|search|home)\s*[:.]?\s*$",
    _F | regex.IGNORECASE,
)

RE_END_MARKER = regex.compile(rf"^\s*(?:{_END_MARKERS})\s*:?\s*$", _F | regex.IGNORECASE)

# Sentence-final punctuation, possibly followed by closing quotation marks (German and Central European style
# close with a high 6: „...“ and ‚...‘).
# (A bracketed credit may follow: '... a massive clean." [CNN]', and a wire's in parentheses: '... an opportunity."
# (ANI)'.)
RE_TERMINAL = regex.compile(r"[.!?:;…][\"'\u201d\u2019\u00bb\u201c\u2018)\]]*(?:\s*(?:\[[^\[\]\n]{1,40}\]|\([^()\n]{1,40}\)))?\s*$",
                            _F)
# The marks of punctuation a match of it opens on.
_TERMINAL_MARKS = ".!?:;\u2026"


def _terminal(line: str) -> bool:
    """Whether RE_TERMINAL matches in ``line``. Only a credit in brackets or parentheses can hold a mark of
    punctuation after the one a match opens on: without a '[' or a closing ')', the pattern is matched at the line's
    last mark instead of searched for, which costs the regex module at every character."""
    if "[" in line or line.rstrip().endswith(")"):
        return RE_TERMINAL.search(line) is not None
    last = max(line.rfind(c) for c in _TERMINAL_MARKS)
    return last >= 0 and RE_TERMINAL.match(line, last) is not None


# A clause in lower case ending in a colon before a quotation ('Jane Roe tweeted: "... #NeverGiveUp"'): with the
# quotation closing the line, prose however short (a headline names its speaker in capitals: 'Roe: "..."').
RE_CLAUSE_COLON_QUOTE = regex.compile(r"\b\p{Ll}+:\s+[\"\u201c\u2018'\u00ab]", _F)

# A line ending on a closing quotation mark: prose whose final full stop the page dropped.
RE_CLOSING_QUOTE_END = regex.compile(r"\S[\"\u201d\u2019\u00bb]\s*$", _F)

# A quotation and its credit on one line: '"We will win." ― Jane Roe, mayor'.
RE_QUOTE_CREDIT_END = regex.compile(r"[\"\u201d][.,]?\s*(?:\u2015|\u2014|\u2013|--|-)\s*\p{Lu}[^\n\"\u201c\u201d]{1,100}$", _F)

# Any quotation mark: a breadcrumb trail never quotes anyone.
RE_HAS_QUOTE = regex.compile(r"[\"\u201c\u201d\u201e\u00ab\u00bb\u2018]", _F)

# Hard-wrapped text: a line of 50 to 100 characters that does not end a sentence.
_WRAP_MIN, _WRAP_MAX = 50, 100

# Longest line read as a date, byline or desk line rather than prose.
_METADATA_MAX_CHARS = 200

# Fewest words of a line ending on a quotation mark that is read as prose, not a headline.
_SENTENCE_MIN_WORDS = 12

# Longest line without final punctuation still read as a headline rather than prose.
_HEADING_MAX_WORDS = 40

PROSE = "prose"


@dataclass
class Paragraph:
    start: int
    end: int
    kind: str  # prose | title | heading | metadata | menu | caption | source | credit | repeat | debris
    outlet: str | None = None  # for kind == "source"
    repeat_of: int | None = None  # index of the paragraph a repeat copies (exact copies only)

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, start: int, end: int, kind: str, outlet: str | None = None, repeat_of: int | None = None) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.outlet = outlet
        self.repeat_of = repeat_of

    def text(self, article_text: str) -> str:
        return article_text[self.start:self.end]


def _key(s: str) -> str:
    return letters_and_digits(s)


def _spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: one per line, or one per blank-line block when the text is hard-wrapped."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            lo = pos + (len(line) - len(line.lstrip()))
            hi = pos + len(line.rstrip())
            lines.append((lo, hi))
        pos = end + 1
    if _is_hard_wrapped(text, lines):
        return _blocks(text, lines)
    return lines


def _is_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    if len(lines) < 6:
        return False
    wrapped = sum(1 for a, b in lines if _WRAP_MIN <= b - a <= _WRAP_MAX and not _terminal(text[a:b]))
    longest = max(b - a for a, b in lines)
    return longest <= _WRAP_MAX + 20 and wrapped >= 0.4 * len(lines)


def _blocks(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in lines:
        if out and "\n\n" not in text[out[-1][1]:a] and text[out[-1][1]:a].count("\n") == 1:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _classify(line: str, words: int) -> str:
    # Cheap tests guard the costlier patterns: most lines are long prose and skip them all.
    head = line.lstrip()[:1]
    if head in "\u2014\u2015\u2013-" and words <= _HEADING_MAX_WORDS and RE_DASH_CREDIT.match(line) and \
            not RE_HAS_QUOTE.search(line):
        return "credit"  # (a bullet with a quotation is prose: '- Jane Roe, the mayor, said: "..."')
    if head in "Ss" and RE_SOURCE_LINE.match(line):
        return "source"
    if words <= 8 and RE_BOILERPLATE.match(line):
        return "menu"
    if (head.isdigit() or head in "\u2022\u00b7\u25aa\u25ba-*") and RE_MENU_ITEM.match(line) and not _terminal(line):
        return "menu"
    if any(sep in line for sep in ("/", ">", "\u203a", "\u00bb", "|")) and RE_BREADCRUMB.match(line) \
            and not RE_HAS_QUOTE.search(line):
        return "menu"
    if line.rstrip().endswith(")"):
        if RE_CAPTION.search(line):
            return "caption"
    elif head in "PpIiCc" and RE_CAPTION_LABEL.match(line):
        return "caption"
    elif words <= 12 and ("Getty" in line or "/" in line) and RE_CAPTION.search(line):
        return "caption"  # the credit alone: "Neilson Barnard via Getty Images."
    if len(line) <= _METADATA_MAX_CHARS and (RE_PARENTHESISED.match(line) or is_metadata_line(line)):
        return "metadata"
    # Prose ends its paragraphs with punctuation; headlines, subheads and copies cut
    # short by the scraper do not. (Cut copies are then recognised as repeats.) A quotation
    # credited on its own line ('"..." ― Jane Roe') is prose too.
    if words <= _HEADING_MAX_WORDS and not _terminal(line) and \
            not (words >= _SENTENCE_MIN_WORDS and (RE_CLOSING_QUOTE_END.search(line) or _quote_left_open(line))) and \
            not RE_QUOTE_CREDIT_END.search(line) and \
            not (RE_CLOSING_QUOTE_END.search(line) and RE_CLAUSE_COLON_QUOTE.search(line)):
        return "heading"
    return PROSE


def segment(text: str, title: str | None = None) -> list[Paragraph]:
    """The paragraphs of an article, each classified; see the module docstring.

    ``title`` is the headline when the reader knows it (from metadata, or read from the
    text): a paragraph that prints it is the headline, punctuation or not, and a headline's
    quotation marks quote nobody.
    """
    paragraphs: list[Paragraph] = []
    keys: list[str] = []
    seen: dict[str, int] = {}
    title_key = _key(title) if title else None
    ended = False
    for start, end in _credit_split(text, _spans(text)):
        line = text[start:end]
        words = len(line.split(None, _HEADING_MAX_WORDS))  # (counted up to one more than any test of it needs)
        kind = "debris" if ended else _classify(line, words)
        key = _key(line)
        if kind != "debris" and RE_END_MARKER.match(line) and paragraphs:
            ended = True
            kind = "debris"
        first = title_key is None and not any(p.kind == PROSE for p in paragraphs)
        if first and (kind == "heading" or kind == PROSE and _title_case(line)):
            kind, title_key = "title", key  # the headline, with or without a full stop
        elif key and key == title_key:
            kind = "title"
        para = Paragraph(start, end, kind)
        keys.append(key)
        if kind == "source":
            para.outlet = RE_SOURCE_LINE.match(line).group("outlet")
        elif kind in (PROSE, "heading") and key:
            if key in seen:
                para.kind, para.repeat_of = "repeat", seen[key]
            elif _is_truncated_copy(key, paragraphs, keys):
                para.kind = "repeat"
            else:
                seen[key] = len(paragraphs)
        paragraphs.append(para)
    return paragraphs


def _credit_split(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, each with a source credit run onto its end cut off as a span of its own: the paragraph is then
    classified by its own words (a quotation before 'Source: AP' is prose, not a heading), and the credit is a
    ``source`` line naming the outlet of the section above, as it is on a line of its own."""
    if "Source" not in text:
        return spans  # (most articles: one search of the text instead of one per paragraph)
    out = []
    for start, end in spans:
        m = RE_SOURCE_CREDIT_END.search(text, start, end) if text.find("Source", start, end) != -1 else None
        body = text[start:m.start()].rstrip() if m is not None else ""
        if m is None or not body.strip():
            out.append((start, end))
            continue
        out.append((start, start + len(body)))
        out.append(m.span("credit"))
    return out


def _quote_left_open(line: str) -> bool:
    """A line that opens a quotation and does not close it: prose the page wrapped, not a headline."""
    opens = line.count("\u201c")
    closes = line.count("\u201d")
    straight = line.count('"')
    return opens > closes or straight % 2 == 1


def _title_case(line: str) -> bool:
    """A headline in Title Case ("Obama Nominates Jim Yong Kim to Lead World Bank."): most longer words capitalised."""
    words = [w for w in line.split() if len(w.strip("\"'\u2018\u2019\u201c\u201d:,.?!")) > 3]
    if not 3 <= len(words) <= _HEADING_MAX_WORDS:
        return False
    caps = sum(1 for w in words if w.lstrip("\"'\u2018\u2019\u201c\u201d(")[:1].isupper())
    return caps >= 0.8 * len(words)


def _is_truncated_copy(key: str, paragraphs: list[Paragraph], keys: list[str], window: int = 4) -> bool:
    """True when this paragraph is the start of one of the last few prose paragraphs, cut short."""
    if len(key) < 12:
        return False
    checked = 0
    for i in range(len(paragraphs) - 1, -1, -1):
        if paragraphs[i].kind != PROSE:
            continue
        if keys[i].startswith(key):
            return True
        checked += 1
        if checked >= window:
            break
    return False
