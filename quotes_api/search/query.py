"""The query language: parse what a user typed into a Whoosh query over the index schema.

Whoosh's parser does the tokenising (words, "phrases", AND/OR/NOT, -word, prefix*, word~,
field:value, [a TO b], parentheses), with the as-spoken ``words`` field as its default; the
result is then rewritten for our fields:

- a plain word becomes its stem in ``text`` (a stop word, which has no stem there, stays as spoken);
- a "phrase" becomes a lookup of its adjacent word pairs in ``words`` (exact, and no slower than a term);
- a speaker word matches as spelt, by sound (Double Metaphone) or one edit away;
- values of outlet:, theme:, publication: match word by word, in any case and accent.

Everything that cannot be understood raises QueryError with a sentence saying what to change.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from whoosh import query as Q
from whoosh.qparser import FuzzyTermPlugin, PlusMinusPlugin, QueryParser, SingleQuotePlugin
from whoosh.support.levenshtein import distance

from ..errors import QueryError
from . import analysis

# Field names a user may type, and the index field each searches.
USER_FIELDS = {"speaker": "speaker", "outlet": "outlet", "theme": "theme", "publication": "publication",
               "kind": "kind", "date": "date"}
KINDS = ("full", "partial")
_WORDS_ONLY = ("outlet", "theme", "publication")
_FIELD_PREFIX = re.compile(r"(?<![\w\"'])([A-Za-z_][\w]*):(?!//)")
_QUOTED = re.compile(r'"[^"]*"')


def fuzzy_distance(word: str) -> int:
    """Edits allowed for an opt-in fuzzy word: none for short words, where one edit is another word."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def _check_syntax(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('the query has an unclosed quotation mark ("); close the phrase or remove the mark')
    bare = _QUOTED.sub("_", text)  # a quoted value counts as a value, and its contents are not syntax
    for opening, closing in ("()", "[]"):
        depth = 0
        for ch in bare:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                break
        if depth:
            raise QueryError(f"the query's {opening} and {closing} do not pair up")
    for m in _FIELD_PREFIX.finditer(bare):
        if m.group(1) in USER_FIELDS and (m.end() == len(bare) or bare[m.end()].isspace() or bare[m.end()] == ")"):
            raise QueryError(f"'{m.group(0)}' needs a value right after the colon, like {m.group(0)}something")
        if m.group(1) not in USER_FIELDS:
            raise QueryError(f"unknown field '{m.group(1)}:'; fields are {', '.join(f + ':' for f in USER_FIELDS)} "
                             f"(lower case)")


class QueryParserFacade:
    """Parses query strings against one schema; holds the configured Whoosh parser."""

    def __init__(self, schema) -> None:
        self._schema = schema
        parser = QueryParser("words", schema)
        parser.remove_plugin_class(SingleQuotePlugin)  # apostrophes are part of words (don't, Gonzalez')
        # A minus only negates at the start of a word, so dates (2019-02) and hyphenated words stay whole.
        parser.add_plugin(PlusMinusPlugin(minusexpr=r"(?<![^\s(])-"))
        parser.add_plugin(FuzzyTermPlugin())
        self._parser = parser

    def parse(self, text: str, *, fuzzy: bool = False, max_chars: int) -> Q.Query:
        """The rewritten query for ``text``; Every() when it is blank."""
        if len(text) > max_chars:
            raise QueryError(f"the query has {len(text):,} characters, more than MAX_QUERY_CHARS ({max_chars:,})")
        if not text.strip():
            return Q.Every()
        _check_syntax(text)
        try:
            parsed = self._parser.parse(text)
        except Exception as e:  # whoosh's parser raises bare exceptions on odd input; say so plainly
            raise QueryError(f"the query could not be read: {e}") from None
        _raise_errors(parsed)
        return rewrite(parsed, fuzzy=fuzzy)

    def plain_words(self, text: str) -> list[str]:
        """The plain (unfielded, unquoted) words of a query, as spoken: candidates for 'did you mean'."""
        try:
            parsed = self._parser.parse(text)
        except Exception:
            return []
        return [t.text for t in parsed.leaves() if isinstance(t, Q.Term) and t.fieldname == "words"]


def _walk(q: Q.Query):
    yield q
    for child in q.children():
        yield from _walk(child)


def _raise_errors(q: Q.Query) -> None:
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(f"the query has a value that cannot be read ({error}); dates are written 2019, 2019-02, "
                             f"2019-02-27 or [2019-01-01 TO 2019-03-01]")


def _term_of_word(word: str, fuzzy: bool) -> Q.Query:
    found = [t.text for t in analysis.stemmed()(word)]
    plain = Q.Term("text", found[0]) if found else Q.Term("words", word)
    distance = fuzzy_distance(word)
    if fuzzy and distance:
        return Q.Or([plain, Q.FuzzyTerm("words", word, maxdist=distance, prefixlength=1)])
    return plain


def exact_phrase(words: list[str]) -> Q.Query:
    """Words as spoken, in this order, via the indexed pairs: one term lookup per pair."""
    if not words:
        return Q.NullQuery
    if len(words) == 1:
        return Q.Term("words", words[0])
    pairs = analysis.pairs(words)
    return Q.Term("words", pairs[0]) if len(pairs) == 1 else Q.Phrase("words", pairs)


def speaker_word(word: str) -> Q.Query:
    """One word of a speaker name, forgivingly: as spelt, by sound, or (long words) one edit away."""
    options: list[Q.Query] = [Q.Term("speaker", word, boost=2.0)]
    options += [Q.Term("speaker_sound", t.text) for t in analysis.sounds()(word)]
    if fuzzy_distance(word):
        options.append(Q.FuzzyTerm("speaker", word, maxdist=1, prefixlength=1))
    return Q.Or(options)


def field_words(field: str, value: str) -> Q.Query:
    """All words of ``value`` in ``field`` (speaker forgivingly); NullQuery when it has none."""
    words = analysis.fold_words(value)
    if not words:
        return Q.NullQuery
    parts = [speaker_word(w) if field == "speaker" else Q.Term(field, w) for w in words]
    return parts[0] if len(parts) == 1 else Q.And(parts)


def rewrite(q: Q.Query, *, fuzzy: bool = False) -> Q.Query:
    def visit(node: Q.Query) -> Q.Query:
        if isinstance(node, Q.Phrase):
            if node.fieldname == "words":
                return exact_phrase(list(node.words))
            return field_words(node.fieldname, " ".join(node.words))
        if type(node) is Q.Term:  # FuzzyTerm and Variations subclass Term; they stay as typed
            if node.fieldname == "words":
                return _term_of_word(node.text, fuzzy)
            if node.fieldname == "speaker":
                return speaker_word(node.text)
            if node.fieldname == "kind" and node.text not in KINDS:
                raise QueryError(f"kind:{node.text} is not a kind; use kind:full or kind:partial")
        if isinstance(node, (Q.Prefix, Q.Wildcard)):
            node = node.copy()
            node.text = node.text.lower()
        return node

    return q.accept(visit)


# --- filters given apart from the query string (--speaker, ?outlet=, since/until) -------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def period(value: str, *, end: bool) -> datetime:
    """The first (or, with ``end``, last) moment of a YYYY, YYYY-MM or YYYY-MM-DD period."""
    m = _DATE.match(value.strip())
    if not m:
        raise QueryError(f"'{value}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        start = datetime(year, month, day)
    except ValueError as e:
        raise QueryError(f"'{value}' is not a date: {e}") from None
    if not end:
        return start
    if m.group(3):
        nxt = start + timedelta(days=1)
    elif m.group(2):
        nxt = datetime(year + (month == 12), month % 12 + 1, 1)
    else:
        nxt = datetime(year + 1, 1, 1)
    return nxt - timedelta(microseconds=1)


def filters(*, speaker=None, outlet=None, theme=None, publication=None, kind=None, since=None,
            until=None) -> list[Q.Query]:
    out = []
    if speaker:
        out.append(field_words("speaker", speaker))
    for field, value in (("outlet", outlet), ("theme", theme), ("publication", publication)):
        if value:
            out.append(field_words(field, value))
    if kind:
        if kind not in KINDS:
            raise QueryError(f"kind '{kind}' is not a kind; use full or partial")
        out.append(Q.Term("kind", kind))
    if since or until:
        start = period(since, end=False) if since else None
        stop = period(until, end=True) if until else None
        if start and stop and start > stop:
            raise QueryError(f"since ({since}) is after until ({until})")
        out.append(Q.DateRange("date", start, stop))
    return out


def name_matches(query: str, names: list[str]) -> bool:
    """Whether every word of ``query`` is a word of one of ``names``: as spelt, by sound, or one edit away."""
    wanted = analysis.fold_words(query)
    have = {w for n in names if n for w in analysis.fold_words(n)}
    sounds = {t.text for w in have for t in analysis.sounds()(w)}
    for w in wanted:
        if w in have or any(t.text in sounds for t in analysis.sounds()(w)):
            continue
        if fuzzy_distance(w) and any(distance(w, h) <= 1 for h in have):
            continue
        return False
    return bool(wanted)
