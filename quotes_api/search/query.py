"""The query language: parse what a user typed into a Whoosh query over the index schema.

Whoosh's parser does the tokenising (words, "phrases", AND/OR/NOT, -word, prefix*, word~,
field:value, [a TO b], parentheses), with the as-spoken ``words`` field as its default; queries
of plain words, or of one quoted phrase of them, are read without it, to the same result
(``plain_query``). The result is then rewritten for our fields:

- a plain word matches every indexed word with its stem (medicine, medicines, medicinal); common
  words (the, no, we) match as they are;
- a "phrase" matches the words as spoken, in order, with indexed pairs around common words standing in
  for their frequent position lists (exact, and about as fast as a term);
- a speaker word matches as spelt, by sound (Double Metaphone) or one edit away;
- values of outlet:, theme:, publication: and kind: become tokens of the ``filters`` field, word
  by word, in any case and accent; dates (date:2019-02, ranges) are ranges of the numeric ``day``
  field, whose trie terms make any range a few dozen terms instead of one term per day; all of them
  are Filter queries, which narrow the results and add nothing to the score;
- a prefix (negot*) and a fuzzy word (medicne~) expand to at most MAX_EXPANSIONS single words (the
  most frequent), never to the word pairs; ``Parsed.capped`` says when words were left out.

Everything that cannot be understood raises QueryError with a sentence saying what to change.
"""
from __future__ import annotations

import math
import re
from datetime import datetime
from typing import NamedTuple, Sequence

from whoosh import fields, query as Q
from whoosh.lang.porter import stem
from whoosh.matching import AndNotMatcher, NullMatcherClass
from whoosh.matching.wrappers import ConstantScoreWrapperMatcher
from whoosh.qparser import FuzzyTermPlugin, PlusMinusPlugin, QueryParser, SingleQuotePlugin

from ..errors import QueryError, QueryTooLong
from . import analysis
from .index import FILTER_PREFIX, confidence_token, day_number
from .spelling import near_words, single_words, words_starting

KINDS = ("full", "partial")
# Field names a user may type. The parser reads them with this schema; Rewriter maps them onto the index's.
USER_FIELDS = ("speaker", "outlet", "theme", "publication", "kind", "date")


def _query_schema() -> fields.Schema:
    def folded():
        return fields.TEXT(analyzer=analysis.folded(), phrase=False)

    return fields.Schema(words=fields.TEXT(analyzer=analysis.spoken(), phrase=True), speaker=folded(),
                         outlet=folded(), theme=folded(), publication=folded(), kind=fields.ID(), date=fields.ID())


_FIELD_PREFIX = re.compile(r"(?<![\w\"'])([A-Za-z_][\w]*):(?!//)")
_QUOTED = re.compile(r'"[^"]*"')
# Queries of plain words, or of one quoted phrase of plain words: most of what people type. They
# are read without Whoosh's parser, which costs more than the rest of a small search together;
# what they become is exactly what that parser makes of them (tests/test_search_parsing.py checks).
RE_PLAIN_QUERY = re.compile(r"\s*(\w+(?:\s+\w+)*)\s*")
RE_PLAIN_PHRASE = re.compile(r'\s*"\s*(\w+(?:\s+\w+)*)\s*"\s*')
# The words Whoosh's parser reads as operators (in capitals only), which take the slow path.
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


def fuzzy_distance(word: str) -> int:
    """Edits allowed for a fuzzy word: none for short words, where one edit is another word."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def typo_edits(word: str) -> int:
    """Edits typo tolerance allows in a word: none under 5 letters, one up to 8, two from 9 (as Meilisearch)."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


# A query that ends with a word being typed: not in a phrase, not a field's value, not a pattern.
_LAST_WORD = re.compile(r"(?:^|[\s(])(\w+)$")


def last_word(text: str) -> str | None:
    """The word a query ends with, folded, when it is a plain word (search-as-you-type expands it as a
    prefix); None when the query ends with a space, a phrase, a field value, an operator or a pattern."""
    if text.count('"') % 2 or text.rstrip('"') != text:
        return None
    m = _LAST_WORD.search(text)
    if m is None or m.group(1) in _OPERATORS:
        return None
    return analysis.fold(m.group(1))


def prefix_words(reader, prefix: str, most: int, found: Sequence[str] | None = None) -> list[str]:
    """The ``most`` most frequent indexed words starting with ``prefix`` (pairs skipped); ``found``: those words,
    when the caller has them already (the walk of every segment's word list is not made again)."""
    if found is None:
        found = words_starting(reader, "words", prefix)
    if len(found) > most:
        return sorted(found, key=lambda w: -reader.doc_frequency("words", w))[:most]
    return list(found)


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


class Parsed(NamedTuple):
    """What a query string means: the index query, the plain words typed (candidates for 'did you mean'
    and typo tolerance), whether a prefix or fuzzy word had more expansions than it was allowed, and indexed
    words that expanding the plain words found (those need no 'did you mean')."""

    query: Q.Query
    words: list[str]
    capped: bool = False
    indexed: frozenset[str] = frozenset()


class QuoteQueryParser:
    """Parses query strings; holds the configured Whoosh parser."""

    def __init__(self) -> None:
        parser = QueryParser("words", _query_schema())
        parser.remove_plugin_class(SingleQuotePlugin)  # apostrophes are part of words (don't, Gonzalez')
        # A minus only negates at the start of a word, so dates (2019-02) and hyphenated words stay whole.
        parser.add_plugin(PlusMinusPlugin(minusexpr=r"(?<![^\s(])-"))
        parser.add_plugin(FuzzyTermPlugin())
        self._parser = parser

    def parse(self, text: str, reader, *, fuzzy: bool = False, max_chars: int, typos: bool = False,
              prefix: tuple[str, int] | None = None, max_expansions: int = 50, lookups: int = 0) -> Parsed:
        """What ``text`` means (an Every() query when blank); ``reader`` expands plain words to their inflections.

        ``fuzzy`` makes every word fuzzy, ``typos`` lets long words match with typo_edits() edits, and
        ``prefix`` = (word, most) also matches the ``most`` most frequent words starting with ``word``;
        a prefix (negot*) or fuzzy word expands to at most ``max_expansions`` words; ``lookups``: setting
        WORD_LOOKUPS.
        """
        if len(text) > max_chars:
            raise QueryTooLong(f"the query has {len(text):,} characters, more than MAX_QUERY_CHARS ({max_chars:,})")
        if not text.strip():
            return Parsed(Q.Every(), [])
        parsed = plain_query(text)
        if parsed is None:
            parsed = self.whoosh_parse(text)
        rewriter = Rewriter(reader, fuzzy, typos=typos, prefix=prefix, max_expansions=max_expansions, lookups=lookups)
        query = rewriter.rewrite(parsed)
        return Parsed(query, _plain_words(parsed), rewriter.capped, frozenset(rewriter.indexed))

    def whoosh_parse(self, text: str) -> Q.Query:
        """``text`` read by Whoosh's parser (every query that is not plain words), or QueryError."""
        _check_syntax(text)
        try:
            parsed = self._parser.parse(text)
        except Exception as e:  # whoosh's parser raises bare exceptions on odd input; say so plainly
            raise QueryError(f"the query could not be read: {e}") from None
        _raise_errors(parsed)
        return parsed


def plain_query(text: str) -> Q.Query | None:
    """What Whoosh's parser makes of plain words (``a b``: all of them) or one phrase of them (``"a b"``);
    None for any other query."""
    m = RE_PLAIN_QUERY.fullmatch(text)
    phrase = m is None
    if phrase:
        m = RE_PLAIN_PHRASE.fullmatch(text)
        if m is None:
            return None
    typed = m.group(1).split()
    if not phrase and not _OPERATORS.isdisjoint(typed):
        return None
    words = [analysis.fold(w) for w in typed]
    # Folding can turn a letter into something else than one word (a bare combining mark into nothing).
    if not all(analysis.RE_WORD.fullmatch(w) for w in words):
        return None
    if len(words) == 1:
        return Q.Term("words", words[0])
    if phrase:
        return Q.Phrase("words", words, slop=1)
    return Q.And([Q.Term("words", w) for w in words])


def _plain_words(parsed: Q.Query) -> list[str]:
    return [t.text for t in parsed.leaves() if type(t) is Q.Term and t.fieldname == "words"]


def _walk(q: Q.Query):
    yield q
    for child in q.children():
        yield from _walk(child)


def _raise_errors(q: Q.Query) -> None:
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(f"the query has a value that cannot be read ({error})")


def exact_phrase(words: list[str]) -> Q.Query:
    """Words as spoken, in this order, with no position list of a common word read.

    Wherever a word and the next are indexed as a pair (one of them is common, see
    analysis.CommonPairFilter), the pair stands for the word at that position; the last word is
    dropped when the pair before it holds it. So every common word of the phrase is inside a pair,
    and only a phrase that is one common word alone reads that word's postings.
    """
    if not words:
        return Q.NullQuery
    tokens = [words[i] + analysis.PAIR_SEPARATOR + words[i + 1] if analysis.pairs(words[i], words[i + 1])
              else words[i] for i in range(len(words) - 1)]
    if not tokens or analysis.PAIR_SEPARATOR not in tokens[-1]:
        tokens.append(words[-1])
    if len(tokens) == 1:
        return Q.Term("words", tokens[0])
    return Q.Phrase("words", tokens)


def speaker_word(word: str) -> Q.Query:
    """One word of a speaker name, forgivingly: as spelt, by sound, or (long words) one edit away."""
    s = FILTER_PREFIX["speaker"]
    options: list[Q.Query] = [Q.Term("filters", s + word, boost=2.0)]
    options += [Q.Term("filters", s + t.text) for t in analysis.sound_codes()(word)]
    if fuzzy_distance(word):  # the prefix and the first letter must match: a short scan of the lexicon
        options.append(Q.FuzzyTerm("filters", s + word, maxdist=1, prefixlength=len(s) + 1))
    return Q.Or(options)


def field_words(field: str, value: str) -> Q.Query:
    """All words of ``value`` in ``field`` (speaker forgivingly); NullQuery when it has none."""
    words = analysis.fold_words(value)
    if not words:
        return Q.NullQuery
    if field == "speaker":
        parts = [speaker_word(w) for w in words]
    else:
        parts = [Q.Term("filters", FILTER_PREFIX[field] + w) for w in words]
    return parts[0] if len(parts) == 1 else Q.And(parts)


def kind_term(value: str) -> Q.Query:
    if value not in KINDS:
        raise QueryError(f"kind '{value}' is not a kind; use full or partial")
    return Q.Term("filters", FILTER_PREFIX["kind"] + value)


def date_range(start: str | None, end: str | None) -> Q.Query:
    """Dates from ``start`` to ``end`` inclusive, each YYYY, YYYY-MM or YYYY-MM-DD (or None: open)."""
    start = check_date(start.strip()) if start else None
    end = check_date(end.strip()) if end else None
    low = day_number(start, first=True) if start else None
    high = day_number(end, first=False) if end else None
    if low is not None and high is not None and low > high:
        raise QueryError(f"the date range starts ({start}) after it ends ({end})")
    # Not Whoosh's constant-score wrapper: it reads every matching document into a list before the
    # search starts (170 ms for a year and a half of 100,000 quotations); Filter gives no score anyway.
    return Q.NumericRange("day", low, high, constantscore=False)


def date_query(value: str) -> Q.Query:
    value = check_date(value)
    return Q.NumericRange("day", day_number(value, first=True), day_number(value, first=False), constantscore=False)


class _FilterMatcher(ConstantScoreWrapperMatcher):
    """The matches of a filter, which add nothing to a hit's score and never skip: a bound of zero on
    their quality is then exact, so the block-quality optimisation of the words around them holds."""

    def __init__(self, child, score=0.0):
        super().__init__(child, score)

    def replace(self, minquality=0):
        # The child's own quality (weights of an unscored field) means nothing here: never pass it down.
        child = self.child.replace(0)
        if not child.is_active():
            return child
        return self if child is self.child else self._replacement(child)

    def supports_block_quality(self):
        return True

    def skip_to_quality(self, minquality):
        return 0


class Filter(Q.WrappingQuery):
    """Documents matching ``child`` (speaker, outlet, theme, publication, kind, date, confidence), no score."""

    def _rewrap(self, child):
        return self.__class__(child)

    def matcher(self, searcher, context=None):
        m = self.child.matcher(searcher, searcher.boolean_context())
        return m if isinstance(m, NullMatcherClass) else _FilterMatcher(m)


def as_filter(q: Q.Query) -> Q.Query:
    return q if q is Q.NullQuery or isinstance(q, Filter) else Filter(q)


class _AndNotMatcher(AndNotMatcher):
    """Whoosh's AndNotMatcher, except that it never asks an exhausted positive side for its document,
    and that it leaves out a first document of the positive side found further on in the negative.

    Whoosh's asks, when skipping (inside an AND, beside a filter) moved the positive side past its
    last posting; a block of postings then answers a stale number or raises IndexError, and a
    term inlined in the term table always raises: ``venezuela -military`` with a speaker filter
    was a 500. And it only looks for its first document in the negative side when that side
    starts on the same document: ``medicine -venezuela`` matched a segment's first quotation of
    "medicine" that also said "venezuela" when an earlier one said "venezuela" alone.
    """

    def _find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()

    def _find_next(self):
        if not self.a.is_active():
            return False
        return super()._find_next()


class AndNot(Q.AndNot):
    """``a`` without the documents of ``b``, matched by _AndNotMatcher."""

    def matcher(self, searcher, context=None):
        return _AndNotMatcher(self.a.matcher(searcher, context), self.b.matcher(searcher, searcher.boolean_context()))


def _and_not(node: Q.And) -> Q.Query:
    """``a b NOT c NOT d`` as AndNot(a AND b, c OR d): Whoosh would match each NOT by walking every document."""
    negative = [c.query for c in node.subqueries if isinstance(c, Q.Not)]
    positive = [c for c in node.subqueries if not isinstance(c, Q.Not)]
    if not negative or not positive:
        return node
    a = positive[0] if len(positive) == 1 else Q.And(positive, boost=node.boost)
    return AndNot(a, negative[0] if len(negative) == 1 else Q.Or(negative))


class Rewriter:
    """Maps a parsed query onto the index fields (see module docstring)."""

    def __init__(self, reader, fuzzy: bool, *, typos: bool = False, prefix: tuple[str, int] | None = None,
                 max_expansions: int = 50, lookups: int = 0) -> None:
        self.reader = reader
        self.lookups = lookups  # how many word lookups the reader keeps (setting WORD_LOOKUPS)
        self.fuzzy = fuzzy
        self.typos = typos
        self.prefix = prefix
        self.max_expansions = max_expansions
        self.capped = False  # a prefix or fuzzy word had more words than max_expansions
        # (prefix, the indexed single words starting with it) of each walk of the word lists (words_from)
        self.walked: list[tuple[str, Sequence[str]]] = []
        self.indexed: set[str] = set()  # plain words found among their variants: in the index

    def words_from(self, prefix: str) -> Sequence[str]:
        """The indexed single words starting with ``prefix``, each once, in the order single_words finds them.
        A word's variants and the words it may become (search-as-you-type) are looked up in every segment's word
        list, the second under a longer prefix than the first: those are the first's filtered, not a second walk
        (47 segments at a million quotations, as ingest leaves them)."""
        for walked, words in self.walked:
            if prefix.startswith(walked):
                return [w for w in words if w.startswith(prefix)] if prefix != walked else words
        words = words_starting(self.reader, "words", prefix, self.lookups)
        self.walked.append((prefix, words))
        return words

    def most_frequent(self, words) -> list[str]:
        """At most max_expansions of ``words``, the most frequent first (and ``capped`` set when some were left)."""
        words = list(dict.fromkeys(words))
        if len(words) > self.max_expansions:
            self.capped = True
            words = sorted(words, key=lambda w: -self.reader.doc_frequency("words", w))[:self.max_expansions]
        return words

    def expand_prefix(self, text: str) -> Q.Query:
        """Indexed single words (not word pairs) starting with ``text``, at most max_expansions of them."""
        found = self.most_frequent(single_words(self.reader, "words", text))
        return Q.Or([Q.Term("words", w) for w in found]) if found else Q.NullQuery

    def variants(self, word: str) -> list[str]:
        """The indexed words sharing ``word``'s stem (medicine -> medicine, medicines, medicinal)."""
        prefix = analysis.stem_prefix(word)
        if len(prefix) < 3:  # too short to expand cheaply and safely
            return [word]
        target = stem(word)
        found = [t for t in self.words_from(prefix) if stem(t) == target]
        if word in found:
            self.indexed.add(word)
        return found or [word]

    def plain_word(self, word: str) -> Q.Query:
        typed = self.prefix is not None and word == self.prefix[0]
        # The word as typed so far ranks above the words it may become (made with its boost, as with_boost()
        # would copy it).
        boost = 2.0 if typed else 1.0
        if word in analysis.COMMON_WORDS:
            plain: Q.Query = Q.Term("words", word, boost=boost)
        else:
            found = self.variants(word)
            plain = Q.Term("words", found[0], boost=boost) if len(found) == 1 \
                else Q.Or([Q.Term("words", v) for v in found], boost=boost)
        options = [plain]
        edits = fuzzy_distance(word) if self.fuzzy else typo_edits(word) if self.typos else 0
        if edits:
            options.append(self.near(word, edits))
        if typed:
            options += [Q.Term("words", w) for w in prefix_words(self.reader, word, self.prefix[1], self.words_from(word))
                        if w != word]
        return options[0] if len(options) == 1 else Q.Or(options)

    def near(self, word: str, edits: int) -> Q.Query:
        """Indexed words at most ``edits`` away (first letter kept); Whoosh's FuzzyTerm would also compare
        every word pair of the lexicon, in pure Python."""
        found = sorted(self.most_frequent(near_words(self.reader, "words", word, edits, prefix=1)))
        return Q.Or([Q.Term("words", w) for w in found]) if found else Q.NullQuery

    def visit(self, node: Q.Query) -> Q.Query:
        if isinstance(node, Q.AndNot):
            return AndNot(node.a, node.b)
        if type(node) is Q.And:
            return _and_not(node)
        field = getattr(node, "fieldname", None)
        if isinstance(node, Q.Phrase):
            if field == "words":
                return exact_phrase(list(node.words))
            return as_filter(field_words(field, " ".join(node.words)))
        if type(node) is Q.Term:  # FuzzyTerm and Variations subclass Term; they stay as typed
            if field == "words":
                return self.plain_word(node.text)
            if field == "kind":
                return as_filter(kind_term(node.text))
            if field == "date":
                return as_filter(date_query(node.text))
            return as_filter(field_words(field, node.text))
        if isinstance(node, Q.TermRange) and field == "date":
            return as_filter(date_range(node.start, node.end))
        if isinstance(node, Q.FuzzyTerm) and field == "words":  # word~ or word~2
            return self.near(node.text.lower(), node.maxdist)
        if type(node) is Q.Prefix and field == "words":
            return self.expand_prefix(analysis.fold(node.text))
        if isinstance(node, (Q.Prefix, Q.Wildcard, Q.FuzzyTerm, Q.TermRange)):
            if field != "words":
                raise QueryError(f"{field}: takes words or a date, not patterns or ranges")
            node = node.copy()
            node.text = node.text.lower()
        return node

    def rewrite(self, q: Q.Query) -> Q.Query:
        return q.accept(self.visit)


# --- filters given apart from the query string (--speaker, ?outlet=, since/until) -------------

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_date(value: str) -> str:
    """``value`` if it is a date written YYYY, YYYY-MM or YYYY-MM-DD (a real one), else QueryError."""
    m = _DATE.match(value)
    if not m:
        raise QueryError(f"'{value}' is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError as e:
        raise QueryError(f"'{value}' is not a date: {e}") from None
    return value


def min_confidence_range(least: float) -> Q.Query:
    """Attributions at least ``least`` sure (0 to 1)."""
    if not 0 <= least <= 1:
        raise QueryError(f"min_confidence {least} is not between 0 and 1")
    return Q.TermRange("filters", confidence_token(math.ceil(round(least * 100, 6)) / 100), confidence_token(1.0))


def _any_of(values, one) -> Q.Query:
    """``one(value)`` for a value, or for a list of values any of them (speaker=a&speaker=b)."""
    values = [values] if isinstance(values, str) else [v for v in values if v]
    parts = [one(v) for v in values]
    return parts[0] if len(parts) == 1 else Q.Or(parts)


def filters(*, speaker=None, outlet=None, theme=None, publication=None, kind=None, since=None,
            until=None, min_confidence=None) -> list[Q.Query]:
    """Queries for the filters given beside the query string (CLI options, API parameters).

    ``speaker``, ``outlet``, ``theme``, ``publication`` and ``kind`` take a value or a list of values
    (any of them matches); ``min_confidence`` keeps attributions at least that sure.
    """
    out = [_any_of(value, lambda v, field=field: field_words(field, v)) for field, value in
           (("speaker", speaker), ("outlet", outlet), ("theme", theme), ("publication", publication)) if value]
    if kind:
        out.append(_any_of(kind, kind_term))
    if since or until:
        out.append(date_range(since, until))
    if min_confidence is not None:
        out.append(min_confidence_range(float(min_confidence)))
    return [as_filter(q) for q in out]

