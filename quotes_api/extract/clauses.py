"""Read the attribution clause beside a quotation: its speech verb and its speaker phrase.

Every function here works on one sentence's *masked* text, in which each quotation (marks
included) is a run of MASK characters, so the words of a quotation never look like a clause.
Offsets are local to that string. The functions are pure: they find where the speaker phrase
is and what it says; :mod:`speakers` reads the phrase and resolves it to a person.

The shapes of news attribution, each read by one function:

* ``trailing``:   ``"...," Jane Roe, 63, said``  /  ``"...," said Jane Roe of the Center``
* ``leading``:    ``Roe said on Tuesday that "..."``  /  ``When Smith spoke, Roe replied, "..."``
* ``colon``:      ``Roe leaned in and boomed: "..."`` (whatever the verb, the subject speaks)
* ``according``:  ``"...," according to Roe``  /  ``According to the filing, "..."``
* ``governing``:  ``Roe called the plan "a disgrace"``: the verb whose object is the quotation
* ``bare``:       a sentence that is nothing but a clause (``Roe said.``), after a quotation
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from . import patterns as P

MASK = P.MASK
_F = regex.VERSION1 | regex.UNICODE
_LEX = P.LEXICON

SPEECH_FORMS = P.SPEECH_VERB_FORMS
REPORTING_FORMS = P.REPORTING_VERB_FORMS | SPEECH_FORMS

# Words, as a token scan sees them: letters, joined by hyphens and apostrophes ("so-called" is one word,
# so its "called" is no verb).
RE_TOKEN = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")


class VerbForms:
    """A set of verb forms (one word, or a phrase such as "pointed out") and how to find them in text.

    One regular expression (the standard library's, over a trie of the forms: a tenth of the cost
    of a token scan) finds the forms in lower case; a capitalised word ("State Department", "Read")
    is a name or a title, except where a clause opens on it ("Continued Stone: ..."). A base form
    ("state", "report") is a verb only after a word that can be its subject ("they say",
    "officials say"); elsewhere it is a noun ("the Indiana state union").
    """

    def __init__(self, forms, lemmas=()) -> None:
        self.forms = frozenset(forms)
        self.lemmas = frozenset(lemmas)
        self.single = {f for f in self.forms if " " not in f}
        body = P._alternation(self.forms).replace("\\s+", r"\s+")
        # Whole words only: not inside a word, nor joined to one by a hyphen or apostrophe ("so-called").
        self.pattern = re.compile(rf"(?<![^\W\d_])(?<![^\W\d_][-'\u2019])(?:{body})(?![^\W\d_])(?![-'\u2019][^\W\d_])")

    def __contains__(self, word: str) -> bool:
        return word in self.forms

    def find(self, text: str, lo: int = 0, hi: int | None = None, first_capital: bool = True) -> list["_Verb"]:
        """The forms in ``text[lo:hi]``, in order, each as its longest phrase."""
        return list(_find(self, text, lo, len(text) if hi is None else hi, first_capital))


@lru_cache(maxsize=8192)
def _find(forms: "VerbForms", text: str, lo: int, hi: int, first_capital: bool) -> tuple:
    out = []
    first = RE_TOKEN.search(text, lo, hi) if first_capital else None
    if first is not None and first.group()[:1].isupper() and first.group()[1:].islower():
        low = first.group().lower()
        m = forms.pattern.match(low + text[first.end():hi])
        # An inflected form ("Continued Stone:", "Said Smith:"); a capitalised base form is a noun or a name
        # ("State Department officials", "Read said").
        if m is not None and low not in forms.lemmas and low not in _SAME_PAST:
            out.append(_Verb(first.start(), text[first.start():first.start() + m.end()]))
    for m in forms.pattern.finditer(text, lo, hi):
        w = m.group()
        if w.endswith(" on") and w.startswith(("go", "went")) and not _RE_GO_ON_SPEECH.match(text, m.end(), hi):
            continue  # 'she went on: "..."', 'went on to say', not 'once the Senate goes on recess'
        if w == "state" and text[m.end():m.end() + 2][1:].isupper():
            continue  # 'state Rep. Tom Hart said', 'a spokesman for state Attorney General Jane Roe': an adjective
        if w in forms.lemmas and m.start() > lo:
            prev = _RE_PREV_WORD.search(text, max(lo, m.start() - 30), m.start())
            if prev is not None and not _base_ok(prev.group(1)):
                continue
        out.append(_Verb(m.start(), w))
    return tuple(out)


# What follows 'go on' when it introduces words: punctuation, the end, a quotation, or 'to' ('went on to say').
_RE_GO_ON_SPEECH = re.compile(r"\s*(?:$|[,:;.\u2014\u2013\-]|" + MASK + r"|to\s|about\s|saying)")


# The word before a position (for the base-form test).
_RE_PREV_WORD = re.compile(r"([^\W\d_][\w'\u2019\-]*)[^\w]*$")


@dataclass(unsafe_hash=True)  # (not assigned after __init__)
class _Verb:
    """A verb found in a clause (what a regex match would give)."""

    at: int
    text: str

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, at: int, text: str) -> None:
        self.at = at
        self.text = text

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.at + len(self.text)

    def group(self) -> str:
        return self.text


# Base forms that are also past forms ("read", "put") are verbs wherever they stand.
_SAME_PAST = {lemma for lemma, forms in _LEX["verb_forms"].items() if lemma in forms}
# Past forms: regular ones and the irregular ones the lexicon lists ("said", "told", "wrote").
_PAST_FORMS = {f for f in SPEECH_FORMS | REPORTING_FORMS if f.endswith("ed") and " " not in f} | \
    {f for forms in _LEX["verb_forms"].values() for f in forms if not f.endswith(("s", "ing")) and " " not in f}
SPEECH = VerbForms(SPEECH_FORMS, _LEX["speech_verbs"] - _SAME_PAST)
REPORTING = VerbForms(REPORTING_FORMS, (_LEX["speech_verbs"] | _LEX["reporting_verbs"]) - _SAME_PAST)

# What may stand before a verb's base form when it is a verb ('they say', 'officials say', 'will tell').
_BASE_BEFORE = {"i", "you", "we", "they", "to", "will", "would", "can", "could", "may", "might", "must", "should",
                "shall", "do", "does", "did", "not", "also", "often", "always", "never", "still", "just", "and", "or",
                "who", "that", "people", "others", "many", "some", "both", "all", "let", "lets"}


def _base_ok(prev: str) -> bool:
    low = prev.casefold()
    return low in _BASE_BEFORE or low in ADVERBS or low.endswith("ly") or \
        (low.endswith("s") and not low.endswith(("ss", "'s", "\u2019s", "us", "is")))


def verbs(text: str, forms: VerbForms | None = None, lo: int = 0, hi: int | None = None) -> list[_Verb]:
    """The speech (or ``forms``') verbs in ``text[lo:hi]``, in order; a capitalised one only where the span
    opens on it ('Continued Stone:', 'Said Smith:')."""
    return (forms or SPEECH).find(text, lo, hi)


@lru_cache(maxsize=16384)
def ends_with_verb(text: str) -> bool:
    """A lead that ends with a speech verb ('He said,', 'Roe added that', 'as follows:'): what follows is whole."""
    found = SPEECH.find(text, max(0, len(text) - 40))
    if not found:
        return False
    rest = text[found[-1].end():].strip(" ,:").casefold()
    return rest in {"", "that", "this", "it", "as follows"}


def verb_at(text: str, pos: int, forms: VerbForms | None = None) -> _Verb | None:
    """The verb that starts at ``pos`` (after spaces), if any."""
    m = RE_TOKEN.search(text, pos)
    if m is None or text[pos:m.start()].strip():
        return None
    found = (forms or SPEECH).find(text, m.start(), min(len(text), m.start() + 40))
    return found[0] if found and found[0].start() == m.start() else None


# What may stand between a quotation and the clause after it: its punctuation, a dash. (Linear: one class.)
RE_TAIL_OPEN = P.linear(regex.compile(r"[\s,;:\u2014\u2013\-.!?\u2026)\]]*", _F))

# Adverbs and auxiliaries between a speaker and the verb, or before an inverted verb.
ADVERBS = {"also", "later", "then", "further", "previously", "once", "recently", "earlier", "again", "simply", "only",
           "even", "has", "have", "had", "would", "will", "was", "is", "reportedly", "repeatedly", "publicly",
           "privately", "did", "does", "do", "not", "never", "could", "may", "might", "must", "should", "can",
           "cannot", "quickly", "quietly", "flatly", "bluntly", "angrily", "curtly", "sharply", "firmly", "calmly",
           "softly", "loudly", "simply", "matter-of-factly", "jokingly", "wryly", "dryly", "drily", "frankly",
           "candidly", "tearfully", "emotionally", "proudly", "defiantly", "cheerfully", "happily", "sadly",
           "rhetorically", "sarcastically", "ominously", "pointedly", "somberly", "wistfully", "immediately",
           "often", "always", "still", "already", "just", "initially", "first", "finally", "eventually",
           "subsequently", "separately", "meanwhile", "however", "too", "similarly", "likewise", "herself",
           "himself", "themselves", "itself", "personally", "directly", "openly", "famously", "memorably",
           "recently", "long", "being", "been", "were", "are", "am", "had", "doth", "shall", "now", "today",
           "yesterday", "tonight"}
_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
               "tonight", "recently", "earlier", "later", "afterward", "afterwards", "then", "last", "this", "that",
               "next", "morning", "afternoon", "evening", "night", "week", "month", "year", "again", "once", "too",
               "also"}

# Longest speaker phrase (in words) read before a verb after a quotation ('"...," Jane Roe, a ..., said').
TRAILING_MAX_WORDS = 30
# Most words between a verb and the quotation it introduces ('Roe said on Tuesday at a rally that "...').
LEADING_GAP_WORDS = 14
# Longest sentence read as a bare clause after a quotation ('"Why?" Roe asked.').
BARE_MAX_WORDS = 30

# Verbs whose object is the listener ('told Reuters'): never inverted, the name after them is not the speaker.
OBJECT_VERBS = {"told", "tells", "telling", "tell", "informed", "informs", "assured", "assures", "thanked", "thanks",
                "reminded", "reminds", "alerted", "alerts", "instructed", "instructs", "advised", "advises", "invited",
                "invites"}

# The agent of a passive speech verb: 'was asked by host Bill Maher'.
_RE_BY_AGENT = regex.compile(r"\s+by\s+(?P<agent>(?:(?:the|a|an)\s+)?(?:\p{Ll}+\s+){0,2}\p{Lu}[\p{L}.'\u2019\-]*"
                             r"(?:\s+\p{Lu}[\p{L}.'\u2019\-]*){0,3})", _F)

_RE_WORD_SPACE = re.compile(r"\S+\s*")
# A short phrase and a lower-case verb the lexicon may lack: '"...," Trump boomed'.
_RE_GUESSED_VERB = regex.compile(r"((?:\S+\s+){0,5}?)(\p{Ll}[\p{Ll}\-]+)(?=[\s,.;:!?]|$)", _F)
# The speaker phrase after an inverted verb, up to a colon or comma: 'explained moderator Nancy Cordes:'.
_RE_INVERTED_HEAD = regex.compile(r"\s*([^,:;\u00b7]{1,80}?)\s*[:,]", _F)

# What follows an inverted verb when a speaker does: a capitalised word, or a determiner and a noun.
_RE_NAMED_AFTER = regex.compile(r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
                                r"March|April|May|June|July|August|September|October|November|December)\b)"
                                r"(?:\p{Lu}|(?:a|an|the|one|another|his|her|their)\s+\p{L})", _F)

# Past tense forms the lexicon may not list, read as speech only right after a quotation ('"...," Trump boomed').
RE_PAST = regex.compile(r"\p{Ll}{2,}(?:ed|ied)$|^(?:wrote|spoke|said|told|sang|swore|shot|went|began|cried|put|"
                        r"read|thought|felt|knew|held|gave|rang|bit|broke|cut|hit|let|quit|spat|snapped|chimed)$", _F)

_DETERMINERS = {"the", "a", "an", "this", "that", "his", "her", "their", "its", "our", "my", "your", "one", "another",
                "some", "several", "many", "two", "three", "four", "five", "other", "each", "every", "no", "both"}
_SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you"}
_RELATIVES = {"who", "which", "that", "whom"}
_CONJ = {"and", "but", "or", "yet", "so", "nor", "while", "as", "when", "because", "although", "though", "after",
         "before", "since", "until", "if", "where", "whereas"}


@dataclass(unsafe_hash=True)  # (not assigned after __init__: a key of caches)
class Clause:
    """Where a speaker phrase is, and how it relates to the quotation."""

    form: str  # trailing | trailing_inverted | leading | leading_inverted | participle | colon | according | bare
    verb: str  # the verb as written ('' when there is none: colon, according)
    head: str  # the speaker phrase's head noun phrase
    appositive: str | None  # what follows the head between commas ("a spokeswoman for X")
    head_at: int  # offset of the head in the masked string
    start: int  # span of the clause (speaker phrase and verb) in the masked string
    end: int
    known_verb: bool = True  # False when the verb was read from its position alone ('Trump boomed')

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, form: str, verb: str, head: str, appositive: str | None, head_at: int, start: int, end: int,
                 known_verb: bool = True) -> None:
        self.form = form
        self.verb = verb
        self.head = head
        self.appositive = appositive
        self.head_at = head_at
        self.start = start
        self.end = end
        self.known_verb = known_verb


def _words(s: str) -> list[str]:
    return s.split()


def _low(w: str) -> str:
    return w.strip(".,;:!?()[]\"'\u2018\u2019\u201c\u201d").casefold()


_PRONOUN_BE = {"he's", "she's", "it's", "they're", "we're", "you're", "who's", "that's"}


# Past forms of speech verbs that are also nouns after 'the'.
_NOUN_PARTICIPLES = frozenset({"accused"})


def _is_noun_use(masked: str, at: int) -> bool:
    """A form after a determiner or a possessive is a noun ("the report said", "Clinton's remarks"); a past
    form never is ("another said")."""
    word = RE_TOKEN.match(masked, at)
    if word is not None and word.group().casefold() in _PAST_FORMS:
        # ('the accused told the court': a past participle that is also a noun for a person)
        return word.group().casefold() in _NOUN_PARTICIPLES and masked[max(0, at - 4):at].casefold() == "the "
    before = masked[max(0, at - 24):at].split()
    if not before:
        return False
    last = before[-1]
    if _low(last).replace("\u2019", "'") in _PRONOUN_BE:
        return False  # "He's claiming": a pronoun's 's is 'is', never a possessive
    if last in {"of", "by"} and word is not None and word.group().endswith("ing"):
        return False  # 'made a point of saying', 'began by saying': a gerund after a preposition
    if len(last) == 4 and last.isdigit() and len(before) > 1 and _low(before[-2]) in _DETERMINERS:
        return True  # 'that 2013 report', 'a 2019 statement': a year between a determiner and the noun
    return _low(last) in _DETERMINERS | {"'s", "these", "those", "such", "whose", "of", "new", "recent", "latest",
                                         "earlier", "previous", "first", "last", "public", "written", "joint"} \
        or last.endswith(("'s", "\u2019s", "s'"))


def _strip_adverbs_right(text: str) -> str:
    """'Roe also' -> 'Roe': adverbs and auxiliaries between the speaker and the verb go."""
    t = text.rstrip()
    while True:
        ws = t.split()
        # (in lower case: 'Theresa May said', 'Huey Long said', 'Will' a name)
        if ws and ws[-1].islower() and (_low(ws[-1]) in ADVERBS or ws[-1].endswith("ly") and _ly_adverb(ws)) and \
                len(ws) > 1:
            t = t[:t.rfind(ws[-1])].rstrip()
            continue
        return t


# Nouns and adjectives in -ly that end a speaker phrase ('the family said', 'a close ally said').
_LY_NOUNS = {"family", "ally", "assembly", "elderly", "daily", "weekly", "monthly", "quarterly"}
_ARTICLES_AND_POSSESSIVES = {"the", "a", "an", "this", "his", "her", "their", "its", "our", "my", "your"}


def _ly_adverb(ws: list[str]) -> bool:
    """Whether the last of ``ws``, a word in -ly, is an adverb ('Roe quickly said', 'a comment that egregiously
    described'), not the head noun of the phrase: a noun of _LY_NOUNS or a word right after an article or a
    possessive ('the family', 'his ally')."""
    return _low(ws[-1]) not in _LY_NOUNS and (len(ws) < 2 or _low(ws[-2]) not in _ARTICLES_AND_POSSESSIVES)


def _skip_adverbs_left(text: str) -> int:
    """Offset past leading adverbs and time words ('said Tuesday that', 'also told')."""
    pos = 0
    for m in _RE_WORD_SPACE.finditer(text):
        w = _low(m.group())
        if w in ADVERBS and not m.group()[:1].isupper() or w in _TIME_WORDS or w == "":  # ('said Will Hurd')
            pos = m.end()
            continue
        break
    return pos


@lru_cache(maxsize=16384)
def split_appositive(phrase: str) -> tuple[str, str | None, int]:
    """(head, appositive, offset of head): 'Jane Roe, 63, a nurse' -> ('Jane Roe', '63, a nurse', 0); an aside
    between dashes is one too ('Jane Roe — the council's leader — on Monday')."""
    lo = len(phrase) - len(phrase.lstrip(" ,;\u2014\u2013-"))
    body = phrase[lo:].rstrip(" ,;\u2014\u2013-")
    # A comma inside a number ("$13,000") is no break; a parenthesis is kept whole.
    depth, cut = 0, None
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch == "," and not (i + 1 < len(body) and body[i + 1].isdigit()) or
                             ch in "\u2014\u2013-" and body[i - 1:i + 2].strip() == ch):
            cut = i
            break
    if cut is None:
        return body, None, lo
    return body[:cut].rstrip(), body[cut + 1:].strip(" \u2014\u2013-") or None, lo


@lru_cache(maxsize=16384)
def trailing(masked: str, at: int, stop: int | None = None, any_verb: bool = False) -> Clause | None:
    """The clause right after a quotation that ends at ``at``: '"...," Roe said' or '"...," said Roe'.

    With ``any_verb`` (a sentence's own clause, read after its last quotation), a verb whose subject is
    no speaker phrase is passed over for a later one ('"Fight for $15" movement plans to protest, the
    Daily Caller reports')."""
    stop = len(masked) if stop is None else stop
    nxt = masked.find(MASK, at, stop)
    if nxt >= 0:
        stop = nxt
    # (Bounded: the regex module costs time in proportion to the text up to endpos on every call; a run
    # of punctuation that reaches the bound is read again whole.)
    m = P.match(RE_TAIL_OPEN, masked, at, min(stop, at + 64))
    if m is not None and m.end() == at + 64:
        m = P.match(RE_TAIL_OPEN, masked, at, stop)
    lo = m.end() if m else at
    tail = masked[lo:stop]
    if not tail.strip():
        return None
    # '"...," according to the filing': 'according to' stands for the clause.
    if tail[:6].lower().startswith(_ACCORDING_STARTS) and P.match(RE_ACCORDING, tail):
        return according(masked, lo, stop)
    if tail.startswith(("while ", "whereas ")):
        return None  # '... was "prudent", while Ms Ling told ...': another speaker's clause, for what follows
    if tail.startswith("by "):
        # 'Hart was described as "a disgrace" by Jane Roe': a passive verb before the words, its agent after.
        q0 = len(masked[max(0, at - 400):at].rstrip(MASK)) + max(0, at - 400)  # where the quotation opens
        passive = P.search(_RE_PASSIVE_BEFORE, masked, max(0, q0 - 60), q0)
        agent = P.match(_RE_AGENT_AFTER, masked, lo, min(stop, lo + 120)) if passive is not None else None
        # ('... by the opposition, Jane Roe said': the clause that reports the words is who says them)
        if agent is not None and _agent_like(agent.group("agent")) and not verbs(masked, None, agent.end(), stop):
            return Clause("trailing", passive.group("verb"), agent.group("agent"), None, agent.start("agent"), lo,
                          agent.end("agent"))
    # Inverted: '..., said Jane Roe, a nurse' (adverbs may come first: 'also said', 'said Tuesday').
    skip = _skip_adverbs_left(tail)
    v = verb_at(tail, skip)
    if v is not None and v.group() == "state" and _low((tail[v.end():].split() or [""])[0]) not in _DETERMINERS:
        v = None  # 'state officials said', 'state media reported': the adjective of a subject ('state the authors')
    if v is not None and v.group().casefold() not in OBJECT_VERBS and not v.group().endswith("ing"):
        rest = tail[v.end():]  # (a participle is never inverted: '..., saying the city embodied the "..."')
        ws = rest.split()
        if nxt >= 0 and 0 < len(ws) <= 4 and ws[0] in _DETERMINERS and not any(c in rest for c in ",.:;!?\u2014-") \
                and not any(w[:1].isupper() for w in ws) and ws[-1] not in _DETERMINERS and ws[-1] not in _OPEN_ENDS:
            return None  # '"...," said the city "cannot afford it"': the subject of what is reported next
            # (but 'wrote the authors of the "Growth and Opportunity" report': the phrase runs into the title)
        # 'said Tuesday', 'said in a statement', 'told Reuters': the phrase after is read by the caller.
        return Clause("trailing_inverted", v.group(), rest, None, lo + v.end(), lo + skip, lo + v.end())
    cited = tail.find(" cited ", 0, 80)
    clause = _quoted_as(tail, cited + 6, lo) if cited >= 0 else None
    if clause is not None:
        return clause  # '"...," Interfax cited Li Wei as saying': she speaks, as after 'quoted'; the agency printed it
    # Subject first: the first verb within reach, with a speaker phrase before it.
    words_seen = 0
    for v in SPEECH.find(tail, first_capital=False):
        subject = tail[:v.start()]
        words_seen = len(subject.split())
        if words_seen > TRAILING_MAX_WORDS:
            break
        if v.group()[:5].casefold() == "quote":
            # '"...," Reuters quoted central bank governor Ines Moll as saying.': she speaks; Reuters printed it.
            clause = _quoted_as(tail, v.end(), lo)
            if clause is not None:
                return clause
        if subject.rstrip().endswith(",") and v.group().casefold() not in OBJECT_VERBS and \
                not v.group().endswith("ing") and P.match(_RE_NAMED_AFTER, tail, v.end(), min(len(tail), v.end() + 64)):
            # '"...," that Sanders can win, said Steve Elmendorf, ...': the clause ends the sentence.
            return Clause("trailing_inverted", v.group(), tail[v.end():], None, lo + v.end(), lo + v.start(),
                          lo + v.end())
        if _low(subject.split()[0] if subject.split() else "") in _CONJ - {"as"} and "," not in subject:
            break  # '"...," and he reiterated his claim': a new clause, not this quotation's
        if _is_noun_use(tail, v.start()) or tail[max(0, v.start() - 4):v.start()] == " to ":
            continue  # "the report said": 'report' is the subject's noun; 'plans to protest': an infinitive
        subject = _strip_adverbs_right(subject)
        if not subject.strip(" ,"):
            continue
        last_chunk = _comma_chunks(subject)[-1][0].split()
        if last_chunk and _low(last_chunk[0]) in _RELATIVES and not subject.rstrip().endswith((",",) + _DASH_ENDS):
            continue  # 'a soldier, who defected and requested anonymity, told the AP': the relative clause's verb
        if _governs_clause(tail, v.end()):
            return None  # '..., Trump said: "..."' or 'X said the cases differ': the clause is another's
        head, appos, at_head = subject_chunk(subject)
        if not head or not (_np_like(head) or _ends_like_speaker(head)) or _is_clause(head) or \
                _low(head.split()[0]) in _CONJ:
            if any_verb:
                continue
            return None  # '"...," Hillary Clinton had a good night', '..., and Trump vowed to': not this one's
        if MASK in tail[v.end():] and P.match(_RE_THEN_QUOTE, tail, v.end()):
            return None  # '..., and Trump vowed to "bomb ...": the verb introduces the next quotation'
        return Clause("trailing", v.group(), head, appos, lo + at_head, lo, lo + v.end())
    # A verb the lexicon lacks, right after a short speaker phrase: '"...," Trump boomed.'
    m = _RE_GUESSED_VERB.match(tail)
    if m and m.group(1).strip() and RE_PAST.search(m.group(2)):
        head = _strip_adverbs_right(m.group(1)).strip(" ,")
        if head and head.split()[0][:1].isupper() or _low(head) in _SUBJECT_PRONOUNS:
            return Clause("trailing", m.group(2), head, None, lo, lo, lo + m.end(), known_verb=False)
    return None


def _quoted_as(tail: str, at: int, lo: int) -> Clause | None:
    """The one a quoting verb ending at ``at`` in ``tail`` quotes ('quoted Ines Moll as saying'), as the clause's
    speaker; ``lo``: where ``tail`` starts in the masked sentence."""
    quoted = P.match(_RE_QUOTED_AS_AFTER, tail, at, min(len(tail), at + 100))
    if quoted is None or quoted.group("who").split()[0].casefold() in {"it", "this", "that"}:
        return None
    return Clause("trailing", quoted.group("verb"), quoted.group("who"), None, lo + quoted.start("who"), lo,
                  lo + quoted.end())


def leading(masked: str, at: int, *, partial: bool = False, start: int = 0) -> Clause | None:
    """The clause that introduces a quotation opening at ``at``: the nearest speech verb before it.

    'When Smith spoke, Roe replied, "..."' is Roe's: the verb nearest the quotation governs it. For a
    partial quotation (a few words inside a sentence of reported speech) the verb may be further
    away ('Roe said the plan was "a disgrace"').
    """
    found = leading_all(masked, at, partial=partial, start=start)
    return found[0] if found else None


@lru_cache(maxsize=16384)
def leading_all(masked: str, at: int, *, partial: bool = False, start: int = 0) -> tuple[Clause, ...]:
    """Every clause that may introduce the quotation at ``at``, the nearest verb first (see ``leading``):
    when the nearest one's speaker phrase names nobody, the caller tries the next."""
    return tuple(_leading_clauses(masked, at, partial, start))


def _leading_clauses(masked: str, at: int, partial: bool, start: int):
    prev = masked.rfind(MASK, start, at)
    # A partial quotation may be the second object of its verb ('accused a "group" of "betrayal"').
    lo = prev + 1 if prev >= 0 and not partial else start
    lead = masked[lo:at]
    whole = masked[start:at]  # for a participle, the main clause may lie before an earlier quotation
    if "heard " in lead:
        heard = P.search(_RE_HEARD_SAY, lead, max(0, len(lead) - 200))
        if heard is not None and len(lead[heard.end("verb"):].split()) <= LEADING_GAP_WORDS:
            # 'The jury heard Hart tell police: "..."': the one heard speaks, the verb in its bare form
            yield Clause("leading", heard.group("verb"), heard.group("who"), None, lo + heard.start("who"),
                         lo + heard.start("who"), lo + heard.end("verb"))
    for v in reversed(verbs(lead, REPORTING if partial else SPEECH)):
        gap = lead[v.end():]
        if len(gap.split()) > (3 * LEADING_GAP_WORDS if partial else LEADING_GAP_WORDS):
            break
        word = v.group()
        if _is_noun_use(lead, v.start()):
            continue
        pre = lead[:v.start()]
        if lead[max(0, v.start() - 4):v.start()] == " to " and " " not in word:
            cat = P.search(_RE_CATENATIVE, pre)
            if cat:
                # 'he used to boast that', 'Roe went on to insist': the verb before 'to' is only an aspect.
                clause = _clause_for_verb(lead, pre[:cat.start()] + " ", v, lo)
                if clause is not None:
                    yield clause
                continue
            if partial and P.match(_RE_MAIN_INFINITIVE, pre):
                # 'Trump took to Twitter to accuse them of being "duped"': the main clause's subject.
                head, at_head = clause_subject(pre)
                if head:
                    yield Clause("participle", word, head, None, lo + at_head, lo + at_head, lo + v.end())
            continue  # 'are to blame for': an infinitive, no clause of its own
        if word.casefold().endswith("ing") and lo == start and P.match(_RE_FRONTED, pre):
            # 'After saying her foot was "so swollen," she was ...': a fronted participle is the main
            # clause's, whose subject follows the quotation.
            clause = _fronted_subject(masked, at, word, lo + v.start())
            if clause is not None:
                yield clause
            continue
        clause = _clause_for_verb(lead, pre, v, lo)
        if clause is None and v.group().casefold().endswith("ing") and lo > start:
            # '... -- "That makes me smart" -- and, when questioned, asserting, "..."': Trump, the sentence's subject.
            head, at_head = clause_subject(whole[:lo - start + v.start()])
            if head:
                clause = Clause("participle", v.group(), head, None, start + at_head, start + at_head, lo + v.end())
        if clause is not None:
            yield clause


# Whom a court or a witness heard say the words, and the verb in its bare form ('heard Hart tell police',
# 'heard a man shout', 'heard her father say').
_RE_HEARD_SAY = regex.compile(
    r"\b(?:over)?heard\s+(?P<who>\p{Lu}[\p{L}'\u2019.\-]*(?:\s+\p{Lu}[\p{L}'\u2019.\-]*){0,3}|"
    r"(?:his|her|their|my|our|a|an|the|one)\s+(?:\p{Ll}[\p{Ll}\-]*\s+){0,2}?\p{Ll}[\p{Ll}\-]*)\s+"
    r"(?P<verb>say|tell|shout|yell|scream|ask|admit|claim|warn|insist|add|explain|reply|describe|boast|threaten|"
    r"beg|plead|cry|call|whisper|mutter)\b", _F)


# Nothing before a participle but a preposition: it opens the sentence ('After saying', 'Conceding').
_RE_FRONTED = regex.compile(r"^\s*(?:(?:after|before|while|since|by|upon|without|in)\s+)?$", _F | regex.IGNORECASE)


def _fronted_subject(masked: str, at: int, word: str, verb_at: int) -> Clause | None:
    """The subject of the main clause after the quotation at ``at`` ('..., "swollen," she was taken')."""
    close = at
    while close < len(masked) and masked[close] == MASK:
        close += 1
    rest = masked[close:]
    skip = len(rest) - len(rest.lstrip(" ,"))
    np = leading_np(rest[skip:])
    after = rest[skip + len(np):].split()
    if not np or MASK in np or not after or not after[0][:1].islower():
        return None
    return Clause("participle", word, np, None, close + skip, verb_at, close + skip + len(np))


# Passives whose subject answers next ('In an interview with The Post, Trump was asked what ...'): the subject
# stays the clause's, so that the outlet goes with them to their answers.
_INTERVIEWED = {"asked", "questioned", "interviewed", "pressed", "quizzed", "challenged"}
# Irregular past participles of speech verbs ('he was told', 'it was written').
_PASSIVE_IRREGULAR = {"told", "said", "written", "spoken", "sworn", "taught", "shown", "given", "heard"}


def _clause_for_verb(lead: str, pre: str, v, lo: int) -> Clause | None:
    word = v.group()
    low = word.casefold()
    if low in ("saying", "writing", "telling") and pre.endswith(" as "):
        quoted = P.search(_RE_QUOTED_AS, pre, max(0, len(pre) - 120))
        if quoted is not None and not quoted.group("who").split()[0].casefold() in {"it", "this", "that"}:
            # 'The Times quoted Deputy Mayor Ruth Adler as saying': she speaks; The Times printed it.
            return Clause("leading", word, quoted.group("who"), None, lo + quoted.start("who"), lo + quoted.start("who"),
                          lo + v.end())
    if low in _QUOTING_VERBS:
        quoting = P.match(_RE_QUOTED_WHO, lead, v.end())
        if quoting is not None:
            # 'Roe quoted Winston Churchill: "..."': the words are Churchill's; Roe only repeats them.
            return Clause("leading", word, quoting.group("who"), None, lo + quoting.start("who"),
                          lo + quoting.start("who"), lo + quoting.end("who"))
    stripped = _strip_adverbs_right(pre)
    # Inverted: 'In other words, explained moderator Nancy Cordes: "...' / 'Continued Stone: "...'
    if (not stripped.strip() or stripped.rstrip()[-1:] in {",", ":", ";", "\u2014"} and not low.endswith("ing")) \
            and low not in OBJECT_VERBS:
        post = lead[v.end():]
        head = _inverted_head(post)
        if head:
            off = v.end() + post.find(head)
            return Clause("leading_inverted", word, head, None, lo + off, lo + v.start(), lo + off + len(head))
        if not stripped.strip():
            return None
    progressive = pre.split() and _low(pre.split()[-1]) in {"is", "are", "was", "were", "been", "be"} or \
        pre.rstrip().endswith(("'s", "\u2019s", "'re", "\u2019re"))
    if low.endswith("ing") and not progressive:
        run = P.search(_RE_NAME_BEFORE, pre)
        if run and not pre[:run.start()].rstrip().endswith(",") and run.group("name").split()[0] not in _NOT_SPEAKERS \
                and not _is_outlet_name(run.group("name")):
            # 'footage of Trump saying "...': the participle describes the name right before it.
            return Clause("participle", word, run.group("name"), None, lo + run.start("name"), lo + run.start("name"),
                          lo + v.end())
        kin = P.search(_RE_KIN_BEFORE, pre, max(0, len(pre) - 40)) if pre.endswith(_KIN_ENDS) else None
        if kin and _low(kin.group("noun")) in _KIN_NOUNS:
            # 'Roe recalled her mother telling her: "..."': the words are the mother's, remembered by Roe.
            return Clause("participle", word, kin.group("np"), None, lo + kin.start("np"), lo + kin.start("np"),
                          lo + v.end())
        thing = P.search(_RE_THING_BEFORE, pre)
        if thing:
            # 'held up a sign saying "...', 'wore a hat reading "...': the thing says the words.
            return Clause("participle", word, thing.group("thing"), None, lo + thing.start("thing"),
                          lo + thing.start("thing"), lo + v.end())
        said = verbs(pre)
        after = pre[said[-1].end():].strip() if said else ""
        if after.endswith(",") and MASK not in after and after[:1].isupper() and len(after.split()) <= 16 and \
                said[-1].group().casefold() not in OBJECT_VERBS and \
                pre[:said[-1].start()].rstrip(" ,").endswith(MASK) and _skip_adverbs_left(after) == 0:
            # '"...," said Gen. Tom Hart, commander of the forces, adding that troops were "on alert"': the
            # inverted speaker of the verb just before.
            head, appos, off = split_appositive(after.rstrip(","))
            if head and _np_like(head) and not _is_clause(head):
                at_head = pre.find(head, said[-1].end())
                return Clause("participle", word, head, appos, lo + at_head, lo + at_head, lo + v.end())
        if said and pre[said[-1].end():].strip() in {",", ""}:
            # 'Ryan and Trump will meet, Spicer said, adding, "...': the subject of the verb just before.
            head, _, at_head = subject_chunk(pre[:said[-1].start()])
            if head and _np_like(head) and not _is_clause(head):
                return Clause("participle", word, head, None, lo + at_head, lo + at_head, lo + v.end())
        # 'Roe denied it, saying "...': the speaker is the subject of the main clause.
        head, at_head = clause_subject(pre)
        if head:
            return Clause("participle", word, head, _appositive_name(pre, head, at_head), lo + at_head, lo + at_head,
                          lo + v.end())
        return None
    if progressive and P.search(_RE_CONTRACTED_BE, stripped):
        # "He's claiming that ...", "They're saying ...": the subject without its contracted 'is'.
        stripped = stripped[:P.search(_RE_CONTRACTED_BE, stripped).start()] + " "
    passive = bool(pre.split()) and _low(pre.split()[-1]) in {"was", "were", "is", "are", "been", "being"} and \
        (low.endswith("ed") or low in _PASSIVE_IRREGULAR)
    m = P.match(_RE_BY_AGENT, lead, v.end()) if passive else None
    if m:
        # 'Sanders was asked by host Bill Maher, "...': a passive verb's agent speaks.
        return Clause("leading", word, m.group("agent"), None, lo + m.start("agent"), lo + v.start(),
                      lo + m.end("agent"))
    if passive and low not in _INTERVIEWED:
        return None  # 'Guccifer 2.0 was branded "...", 'he was told: "...': the subject is spoken of, or to
    gap = lead[v.end():].strip()
    if low in SPEECH_FORMS and gap.endswith((":", ",")) and len(gap.split()) <= 3:
        stripped = _reported_subject(stripped)  # (only for words the verb introduces itself: 'told her: "..."')
    head, appos, at_head = subject_chunk(stripped)
    if head and _low(head.split()[-1]) in _CONJ:
        head = ""  # 'A spokesman declined to comment but said': the coordinated verbs' subject, below
    if head and not _np_like(head):
        tail = _tail_np(head)  # 'at the town hall this week she said': the words right before the verb
        if tail:
            at_head += head.rfind(tail)
            head, appos = tail, None
    if not head or not _np_like(head) or _is_clause(head):
        # 'Trump gestured ..., then leaned in and boomed': verbs joined by 'and' share the clause's subject
        # (with the name set off after it: 'The health secretary, Steve Barclay, said ... and urged').
        head, at_head = clause_subject(stripped)
        appos = _appositive_name(stripped, head, at_head)
    if not head:
        return None
    return Clause("leading", word, head, appos, lo + at_head, lo + at_head, lo + v.end())


def _reported_subject(pre: str) -> str:
    """'Roe said Hart told her:': the verb's subject is the reported clause's ('Hart'), not the reporter; the words
    up to the reporting verb (and 'that') are blanked, offsets kept. Unchanged unless a name follows that verb."""
    if not any(w in SPEECH_FORMS for w in pre.split()[:-1]):
        return pre  # (no verb before the last word: most leads, found without scanning for verbs)
    said = verbs(pre)
    if not said:
        return pre
    rest = pre[said[-1].end():]
    words = rest.split()
    if words and _low(words[0]) == "that":
        words = words[1:]
    if not words or "," in rest or len(words) > 4:
        return pre
    if not words[0][:1].isupper() and not (_low(words[0]) in _POSSESSIVE_DETERMINERS and len(words) >= 2 and
                                           _low(words[1]) in _PEOPLE_AFTER_POSSESSIVE):
        return pre  # (but 'Roe said her lawyer had told her:': the lawyer told her)
    cut = pre.find(words[0], said[-1].end())
    return " " * cut + pre[cut:]


@lru_cache(maxsize=16384)
def _governs_clause(text: str, at: int) -> bool:
    """The verb at ``at`` is followed by a clause of its own ('said the two cases were different'), so the
    quotation before it is not what it reports."""
    after = text[at:].lstrip()
    if after[:1] in {",", ".", ";", "!", "?", "\u2014", "(", MASK} or not after:
        return False  # '..., Delgado said, folding a gown': what follows describes, it reports nothing
    rest = after.split()
    if len(rest) < 3 or rest[0].endswith((",", ".", ";", ":")) or _low(rest[0]) in {"of", "in", "on", "to", "at", "after", "during", "before", "when", "while",
                                           "as", "with", "from", "via", "through"}:
        return False
    if _low(rest[0]) in {"that"}:
        return True
    # 'said the two cases were different', 'said he would run': a subject, then a verb, within five words.
    for w in rest[1:6]:
        lw = _low(w) if w.islower() else ""  # 'told Bloomberg in May': a capitalised 'May' is the month
        if lw in {"is", "was", "are", "were", "will", "would", "could", "should", "has", "had", "have", "can", "may",
                  "might", "must", "did", "does"}:
            return _low(rest[0]) not in {"and", "adding", "but"}
        if w.endswith((",", ".", ";", ":")):
            return False
    return False


# A contracted 'is' or 'are' right before a progressive verb: "He's (claiming)", "They're (saying)".
_RE_CONTRACTED_BE = regex.compile(r"(?<=\p{L})['\u2019](?:s|re)\s*$", _F)

# Verbs that only frame the speech verb after 'to': 'used to boast', 'went on to say', 'tried to explain'.
# 'quoted Jane Roe as saying': the person quoted (not the subject who quoted them).
# A passive verb right before a quotation ('was described as', 'were branded', 'has been praised as').
_RE_PASSIVE_BEFORE = regex.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\p{Ll}+ly\s+)?(?P<verb>\p{Ll}+ed|told|said|written)"
                                   r"\s+(?:as\s+)?$", _F)
# Its agent after the words, up to the end of the clause or a phrase of time or place ('by the council on Monday').
_RE_AGENT_AFTER = regex.compile(r"by\s+(?P<agent>(?:[\p{L}\p{N}.'\u2019\-]+\s+){0,5}?[\p{L}\p{N}.'\u2019\-]*[\p{L}\p{N}])"
                                r"(?=\s*(?:[,;:!?\u2014]|\.?\s*$)|\s+(?:on|in|at|during|after|before|last|this|who|which|"
                                r"and|when|while|as|for)\s)", _F)
_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "my", "our"})
_QUOTING_VERBS = {"quoted", "quotes", "quoting", "quote"}
# Whom a quoting verb names right before the quotation: a name, or a title and a name ('the poet Jane Roe').
_RE_QUOTED_WHO = regex.compile(r"\s+(?P<who>(?:the\s+\p{Ll}+\s+)?\p{Lu}[\p{L}.'\u2019\-]*(?:\s+\p{Lu}[\p{L}.'\u2019\-]*){0,4})"
                               r"\s*[:,]?\s*$", _F)
_RE_QUOTED_AS_AFTER = regex.compile(r"\s+(?P<who>[^\s,;:][^,;:]{0,80}?)\s+as\s+(?P<verb>saying|telling|writing)\b", _F)
_RE_QUOTED_AS = regex.compile(r"\bquot(?:ed|es|ing)\s+(?P<who>[^\s,;:][^,;:]{0,80}?)\s+as\s+$", _F)

_RE_CATENATIVE = regex.compile(r"(?<=\s|^)(?:used|went\s+on|goes\s+on|continued|continues|began|begins|started|tried|"
                               r"tries|seemed|seems|appeared|was\s+quick|were\s+quick|is\s+quick|rushed|hastened|"
                               r"moved|(?:has|had|have)\s+(?:yet|been\s+known))\s+to\s+$", _F)

# A clause that goes on to an infinitive: 'Trump took to Twitter overnight to' (no comma, no other verb).
_RE_MAIN_INFINITIVE = regex.compile(r"^[^,;:\u00b7]{3,120}\s$", _F)

# Words that begin a capitalised run but name nobody who speaks: days, months.
_NOT_SPEAKERS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
                 "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
# Things that carry words: 'a sign saying', 'a hat reading', 'a banner declaring'.
_RE_THING_BEFORE = regex.compile(r"(?P<thing>(?:a|an|the|his|her|their)\s+(?:[\p{L}\-]+\s+){0,3}(?:sign|signs|hat|hats|"
                                 r"shirt|shirts|t-shirt|t-shirts|banner|banners|placard|placards|poster|posters|button|"
                                 r"buttons|sticker|stickers|mug|cap|caps|billboard|plaque))\s+$", _F)


def _is_outlet_name(name: str) -> bool:
    from .outlets import registry  # (outlets imports this module's neighbours; resolved at call time)
    return registry().resolve(name, strict=True) is not None


# A name just before a participle: 'footage of Trump saying', 'heard Jane Roe telling'.
# A verb of remembering or hearing, a possessive and a word for a relative or a person, then a participle: who is
# remembered saying it.
_RE_KIN_BEFORE = regex.compile(r"\b(?:recall(?:s|ed|ing)?|remember(?:s|ed|ing)?|hear(?:s|d|ing)?|imagin(?:es|ed|ing)|"
                               r"pictur(?:es|ed|ing))\s+(?P<np>(?:his|her|their|my|our)\s+(?:\p{Ll}[\p{Ll}\-]*\s+)?"
                               r"(?P<noun>\p{Ll}[\p{Ll}\-]*))\s+$", _F)
_KIN_NOUNS: frozenset[str] = frozenset({
    "brother", "sister", "wife", "husband", "son", "daughter", "mother", "father", "friend", "colleague", "neighbor",
    "neighbour", "cousin", "uncle", "aunt", "partner", "boyfriend", "girlfriend", "grandson", "granddaughter",
    "grandmother", "grandfather", "nephew", "niece", "boss", "coach", "teacher", "mum", "mom", "dad", "grandma",
    "grandpa", "doctor", "manager", "captain"})
_KIN_ENDS = tuple(f"{n} " for n in _KIN_NOUNS)
# Who 'her lawyer', 'his mother' may be after a reporting verb ('Roe said her lawyer had told her:'), built once.
_PEOPLE_AFTER_POSSESSIVE: frozenset[str] = frozenset(_KIN_NOUNS | _LEX["people_nouns"] | _LEX["role_words"])
_RE_NAME_BEFORE = regex.compile(r"(?<![\p{L}.])(?P<name>\p{Lu}[\p{Ll}'\u2019\-]+(?:\s+\p{Lu}[\p{L}.'\u2019\-]*){0,3})"
                                r"\s+(?:\p{Ll}+ly\s+)?$", _F)  # ('with Trump reportedly yelling': an adverb between)

_RE_PARENTHESIS = regex.compile(r"\s*\([^()]{0,60}\)", _F)

# A verb followed within three words by a quotation (or a colon before one): it introduces that one.
_RE_THEN_QUOTE = regex.compile(r"(?:\s+[^\s\u00b7]+){0,3}?\s*[:,]?\s*\u00b7", _F)


@lru_cache(maxsize=16384)
def _agent_like(agent: str) -> bool:
    """Whether the agent of a passive verb can have said the words: someone named, a word for people or a body
    ('by Jane Roe', 'by critics', 'by the council'), not a time ('by the end of the trial')."""
    last = _low(agent.split(" of ")[0].split()[-1])
    return agent.split()[-1][:1].isupper() and last not in _STOP_NOMINAL or last in _LEX["people_nouns"] or \
        last in _LEX["role_words"] or last in _LEX["org_words"] or last in _LEX["institution_nouns"]


@lru_cache(maxsize=16384)
def _ends_like_speaker(head: str) -> bool:
    """A speaker phrase that opens on a lower-case modifier: 'super PAC spokeswoman Kellyanne Conway'."""
    ws = P.sub(_RE_PARENTHESIS, "", head).split()
    if not ws or len(ws) > 10 or any(_low(w) in _STOP_NOMINAL or _low(w) in SPEECH_FORMS for w in ws):
        return False
    last = ws[-1]
    return last[:1].isupper() or _low(last) in _LEX["people_nouns"] or _low(last) in _LEX["role_words"]


@lru_cache(maxsize=16384)
def _tail_np(head: str) -> str:
    """The noun phrase that ends ``head``: a pronoun or a name run ('at the rally this week she' -> 'she')."""
    ws = head.split()
    if _low(ws[-1]) in _SUBJECT_PRONOUNS:
        return ws[-1]
    m = P.search(_RE_NAME_BEFORE, head + " ")
    if m is None or m.group("name") == head:
        return ""
    before = head[:m.start("name")].rstrip()
    prep = before.rsplit(None, 1)[-1] if before else ""
    if prep in _TAIL_OF or prep == "for":
        # 'On Monday, beekeeper Jane Roe of Galway said': the name before 'of' is the head, the place its own; so is
        # a title before 'for' and its seat ('On Friday the Labour MP for Bristol West Jane Roe said')
        m2 = P.search(_RE_NAME_BEFORE, before[:len(before) - len(prep)])
        if m2 is not None and (prep != "for" or _low(m2.group("name").split()[-1]) in _LEX["role_words"]):
            return head[m2.start("name"):]
    return m.group("name")


_TAIL_OF = frozenset({"of", "from", "in", "at"})


@lru_cache(maxsize=16384)
def _np_like(head: str) -> bool:
    """Whether a phrase can be a speaker: it opens on a capital, a determiner, a pronoun or a role word
    (not on a preposition: 'In a Bloomberg interview Trump')."""
    first = head.split()[0]
    low = _low(first)
    if low in _INTRO_WORDS and low not in _DETERMINERS and low not in {"as"}:
        return False
    return first[:1].isupper() or first[:1].isdigit() or low in _DETERMINERS or low in _SUBJECT_PRONOUNS or \
        low in _RELATIVES or low in _LEX["role_words"] or low in _MODIFIERS or low in _LEX["people_nouns"] or \
        first[:1].islower() and P.match(P.RE_JOINED_NAME, first) is not None  # 'el-Sisi said'


@lru_cache(maxsize=16384)
def _inverted_head(post: str) -> str:
    """'CBS moderator Nancy Cordes: ' -> 'CBS moderator Nancy Cordes' (up to a colon, comma or mask)."""
    m = _RE_INVERTED_HEAD.match(post)
    if not m:
        return ""
    head = m.group(1).strip()
    if not head or not (head[:1].isupper() or _low(head.split()[0]) in _DETERMINERS):
        return ""
    if _low(head.split()[0]) in _RELATIVES | _CONJ | {"that"} or _is_clause(head) or head.isupper() and " " in head:
        return ""  # 'said the event brought back memories': a reported clause, not a speaker
    return head


# Words a noun phrase does not end on: it goes on after them.
_OPEN_ENDS = {"of", "for", "in", "on", "at", "from", "with", "by", "to", "and", "or"}

# An aside set off by dashes at the end of a speaker phrase (en or em dash, two hyphens, a spaced hyphen).
_DASH_ENDS = ("\u2013", "\u2014", "-")
_RE_DASH_ASIDE_END = regex.compile(r"\s*(?:\u2014|\u2013|--|\s-\s)(?P<aside>[^\u2014\u2013\u00b7]{1,80}?)"
                                   r"\s*(?:\u2014|\u2013|--|\s-)$", _F)


# A sentence opening with a participle ('Marking ...', 'Speaking ...') whose phrase holds an aside between dashes.
_RE_DASHED_INTRO = regex.compile(r"\p{Lu}\p{Ll}+ing\s[^\u2014\u2013]*?(?:--|\u2014|\u2013)[^\u2014\u2013]*?"
                                 r"(?:--|\u2014|\u2013)\s*(?P<rest>\S.*)$", _F)


@lru_cache(maxsize=16384)
def subject_chunk(pre: str) -> tuple[str, str | None, int]:
    """The speaker phrase just before a verb: (head, appositive, offset of the head in ``pre``); see _subject_chunk.

    An aside between dashes before the verb goes ('Roe - who was elected in May - said'); one that opens with a
    capital is the head's appositive ('A former candidate -- John McCain, who lost in 2008 -- said')."""
    t = pre.rstrip()
    if t[:1].isupper() and ("--" in t or "\u2014" in t or "\u2013" in t):
        intro = P.match(_RE_DASHED_INTRO, t)
        if intro is not None and MASK not in intro.group("rest") and len(intro.group("rest").split()) <= 6:
            # 'Marking the end of the primaries with a speech -- complete with teleprompter -- Trump told': an
            # introductory participle and its aside, then the subject
            head, appos, at = _subject_chunk(intro.group("rest"))
            return head, appos, at + intro.start("rest")
    if t[-1:] in _DASH_ENDS:
        aside = P.search(_RE_DASH_ASIDE_END, t, max(0, len(t) - 100, t.rfind(MASK) + 1))
        if aside and aside.start() > 0 and t[:aside.start()].strip(" ,") and " and " not in aside.group("aside"):
            # (not a list: '... candidates - Sen. Ted Cruz of Texas and Gov. John Kasich of Ohio - also spoke')
            head, appos, at = _subject_chunk(t[:aside.start()])
            words = aside.group("aside").strip(" ,")
            return head, appos or (words if head and words[:1].isupper() else None), at
    return _subject_chunk(pre)


def _subject_chunk(pre: str) -> tuple[str, str | None, int]:
    """The speaker phrase just before a verb: (head, appositive, offset of the head in ``pre``).

    'Jane Roe, a nurse, said' -> head 'Jane Roe', appositive 'a nurse'. 'After the vote, Roe said'
    -> 'Roe'. 'When Smith spoke, Roe replied' -> 'Roe'. A relative pronoun ('..., who said') stands
    for the name before it.
    """
    cut = pre.rfind(MASK) + 1  # a quotation before the subject ends a clause ('on "CBS This Morning," Sanders said')
    t = pre[cut:].rstrip()
    if not t.strip(" ,"):
        return "", None, 0
    chunks = [(c, at + cut) for c, at in _comma_chunks(t)]
    if t.endswith(","):
        # An appositive before the verb: the head is the first chunk that is neither an introduction
        # nor a clause of its own ('Tom Hart praised the plan, but Jane Roe, who chairs it, warned').
        # After a relative word the subject is the relative clause's ('efforts -- which Apple's chief
        # executive, Tim Cook, called "...').
        rel = [k for k, (c, _) in enumerate(chunks[:-1]) if _low(c.split()[0]) in {"which", "whom", "what"}]
        if rel:
            k = rel[-1]
            c, at = chunks[k]
            rest = c.split(None, 1)[1] if len(c.split()) > 1 else ""
            chunks = ([(rest, at + c.find(rest))] if rest else []) + chunks[k + 1:]
        i = 0
        sub = ""
        while i < len(chunks) - 1 and (_is_intro(chunks[i][0]) or _is_clause(chunks[i][0])):
            sub = _subordinate_subject(chunks[i][0])
            if sub:
                break  # 'The issue came up after Jane Roe, asked about it, had said': the subordinate's subject
            i += 1
        head, at = chunks[i]
        after = [c for c, _ in chunks[i + 1:]]
        sub = sub or _subordinate_subject(head)
        if sub:
            return sub, ", ".join(after) or None, at + head.rfind(sub)
        ws = head.split()
        if len(ws) > 1 and _low(ws[0]) in _CONJ:  # 'but Jane Roe, who ...'
            at += head.find(ws[1])
            head = head[head.find(ws[1]):]
        return head, ", ".join(after) or None, at
    head, at = chunks[-1]
    low = _low(head)
    if low in {"who", "which"} and len(chunks) >= 2:
        prev, pat = chunks[-2]
        return prev, None, pat
    ws = head.split()
    if len(ws) > 1 and _low(ws[-1]) in _RELATIVES:
        # 'a headline that said', 'Braynard, a native who writes': the noun the relative clause hangs on.
        if len(chunks) >= 2 and _np_like(chunks[-2][0]) and not _low(ws[0]) in _DETERMINERS | {"when", "as"}:
            return chunks[-2][0], head, chunks[-2][1]
        ant = " ".join(ws[:-1])
        if len(chunks) >= 2 and P.match(P.RE_NAME_RUN, chunks[-2][0]) and _low(ws[0]) in _DETERMINERS:
            return chunks[-2][0], ant, chunks[-2][1]  # 'Braynard, a South Carolina native who writes'
        return ant, None, at
    # 'When Smith spoke and Roe replied', 'in what one conservative has dubbed': the words after the last
    # conjunction or relative word.
    for k in range(len(ws) - 2, -1, -1):
        if _low(ws[k]) in _CONJ | _RELATIVES | {"that", "what", "whom", "whose"}:
            if _low(ws[k]) == "and" and _inside_name_after_of(ws, k):
                continue  # 'Gareth Price of Avon and Somerset Police said': one body's name
            if ws[k] == "for" and k > 0 and ws[k - 1][:1].isupper() and _low(ws[k - 1]) in _LEX["role_words"]:
                continue  # 'On Friday the Labour MP for Bristol West Jane Roe said': a seat, not the conjunction
            sub = " ".join(ws[k + 1:])
            return sub, None, at + head.rfind(sub)
    k = _opening_time(ws)
    if k:
        # 'On Friday a spokesman for Jane Roe said', 'Late on Tuesday the MP for Bristol West said': the time the
        # sentence opens on without a comma is no part of the subject, which starts at its article
        sub = " ".join(ws[k:])
        return sub, None, at + head.rfind(sub)
    return head, None, at


# Words of a time a sentence may open on without a comma ('On Friday', 'Late on Tuesday night', 'On 3 March',
# 'Earlier this week'), before the article that opens the subject.
_OPENING_TIME_WORDS = frozenset({
    "on", "in", "at", "by", "late", "early", "earlier", "later", "last", "this", "next", "night", "morning",
    "afternoon", "evening", "week", "month", "year", "weekend", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "yesterday", "today", "tonight"})


def _opening_time(ws: list[str]) -> int:
    """Where the subject starts after the words of a time a head opens on ('On Friday a spokesman for ...' -> 2);
    0 when it opens on none, or no article follows them."""
    if len(ws) < 4 or _low(ws[0]) not in _OPENING_TIME_WORDS:
        return 0
    k = 0
    while k < len(ws) - 2 and (_low(ws[k]) in _OPENING_TIME_WORDS or ws[k].isdigit()):
        k += 1
    if k < 2 or _low(ws[k]) not in ("a", "an", "the") or \
            not any(_low(w) not in ("on", "in", "at", "by", "late", "early") for w in ws[:k]):
        return 0
    return k


def _subordinate_subject(chunk: str) -> str:
    """The name a clause ends on after a conjunction ('The issue came up after Mr. Trump' -> 'Mr. Trump'), when
    the clause is long enough to have its own verb before it; '' otherwise."""
    ws = chunk.split()
    if len(ws) < 4:
        return ""
    for k in range(len(ws) - 2, 1, -1):
        if _low(ws[k]) in _CONJ and _low(ws[k]) not in {"and", "or", "nor"}:
            rest = ws[k + 1:]
            if rest[0][:1].isupper() and len(rest) <= 4 and all(w[:1].isupper() for w in rest):
                return " ".join(rest)
            return ""
    return ""


def _inside_name_after_of(ws: list[str], k: int) -> bool:
    """Whether the 'and' at ``ws[k]`` joins capitalised words of a name that follows 'of' ('of Avon and Somerset
    Police', 'of the Bill and Melinda Gates Foundation', 'of Procter & Gamble'), not two clauses or two people."""
    if k == 0 or k + 1 >= len(ws) or not ws[k - 1][:1].isupper() or _low(ws[k + 1]) in _LEX["role_words"] \
            or not all(w[:1].isupper() for w in ws[k + 1:]):
        return False  # (not 'Sen. Ted Cruz of Texas and Gov. John Kasich of Ohio')
    j = k - 1
    while j >= 0 and (ws[j][:1].isupper() or _low(ws[j]) == "the"):
        j -= 1
    return j >= 0 and _low(ws[j]) in {"of", "for", "at"} and j < k - 1 and ws[j + 1:k] != ["the"]


@lru_cache(maxsize=16384)
def clause_subject(text: str) -> tuple[str, int]:
    """The subject of a clause: the first chunk that is not an introduction ('After the vote, Roe ...'),
    preferring one that goes on with its verb ('At an event in Ames, Iowa, on Sunday, Mrs. Clinton tried':
    not 'Iowa')."""
    chunks = _comma_chunks(text)
    i = 0
    while i < len(chunks) - 1 and _is_intro(chunks[i][0]):
        i += 1
    for k in range(i, len(chunks)):
        if _is_clause(chunks[k][0]) and not _is_intro(chunks[k][0]):
            i = k
            break
    chunk, at = chunks[i]
    np = leading_np(chunk)
    return np, at + (chunk.find(np) if np else 0)


def _appositive_name(text: str, head: str, at: int) -> str | None:
    """A name set off by commas right after a subject ('The Prime Minister, Anthony Albanese, has ruled out'):
    the appositive that names the person a title describes."""
    rest = text[at + len(head):]
    if not head or not rest.startswith(", "):
        return None
    run = P.match(P.RE_NAME_RUN, rest, 2, min(len(rest), 82))
    if run is None or not rest[run.end():].startswith(","):
        return None
    return run.group()


@lru_cache(maxsize=16384)
def leading_np(chunk: str) -> str:
    """The noun phrase a clause opens with: 'Housing minister Clara Webb has said' -> 'Housing minister Clara Webb'."""
    ws = chunk.split()
    while ws and _low(ws[0]) in {"and", "but", "yet", "so", "still", "then", "also", "now", "instead", "meanwhile"}:
        ws = ws[1:]
    if not ws:
        return ""
    first = ws[0].replace("\u2019", "'")
    if _low(first.split("'")[0]) in _SUBJECT_PRONOUNS and (first.endswith(("'s", "'re", "'ll", "'d")) or
                                                          _low(first) in _SUBJECT_PRONOUNS):
        return ws[0].split("'")[0].split("\u2019")[0].strip(",")  # "He's claiming": he
    out: list[str] = []
    nominal = _low(ws[0]) in _DETERMINERS
    for i, w in enumerate(ws):
        lw = _low(w)
        if i == 0 and nominal:
            out.append(w)
            continue
        if w[:1].isupper() or w[:1] == "(" and out or w[:1].isdigit():
            out.append(w)
            continue
        if out and (lw in _LEX["people_nouns"] or lw in _LEX["role_words"]) and not nominal:
            out.append(w)  # 'super PAC spokeswoman Kellyanne Conway', 'Trump campaign manager ...'
            continue
        nxt_cap = i + 1 < len(ws) and ws[i + 1][:1].isupper()
        if out and nxt_cap and lw in {"of", "for", "de", "la", "van", "von", "del", "bin", "al", "and"}:
            out.append(w)  # 'Secretary of State John Kerry', 'Bank of America'
            continue
        if lw in _LEX["role_words"] or lw in _MODIFIERS or "-" in w or w.endswith(("'s", "\u2019s")) or \
                out and out[-1].endswith(("'s", "\u2019s")) and P.match(_RE_SPEECH_NOUN, w) is not None:
            out.append(w)  # 'Housing minister Clara Webb', 'retired Air Force general', 'campaign's director',
            continue  # "Jane Roe's response"
        if nominal and lw not in ADVERBS and lw not in _RELATIVES and lw not in _CONJ and len(out) < 8 \
                and not RE_PAST.search(lw) and lw not in _STOP_NOMINAL and \
                not (lw in SPEECH_FORMS and (lw not in SPEECH.lemmas or _base_ok(out[-1]))):
            # 'the email', 'a post': after a determiner, a verb's base form is the noun; later it is the verb
            out.append(w)  # 'the former secretary', 'a spokesman for the campaign'
            continue
        break
    return " ".join(out).rstrip(",")


# Adjectives that describe a speaker in a noun phrase ('former', 'retired').
_MODIFIERS = {"former", "retired", "longtime", "veteran", "senior", "top", "chief", "deputy", "acting", "interim",
              "then", "now", "current", "incoming", "outgoing", "new", "fellow", "local", "state", "federal", "national",
              "democratic", "republican", "conservative", "liberal", "independent", "unnamed", "anonymous", "elected",
              "appointed", "embattled", "disgraced", "presumptive", "presidential", "vice", "assistant", "associate",
              "executive", "general", "managing", "founding", "co-founder", "founder", "staff", "campaign", "party",
              "communications", "press", "policy", "political", "legal", "military", "foreign", "defense", "defence",
              "housing", "health", "education", "finance", "economic", "security", "intelligence", "white", "house"}
# Words that end a nominal subject: prepositions that start the predicate's complements, auxiliaries.
_STOP_NOMINAL = {"is", "was", "are", "were", "has", "had", "have", "will", "would", "can", "could", "should", "may",
                 "might", "must", "did", "does", "do", "not", "to", "in", "on", "at", "by", "into", "after", "before"}


# 'her claim that she "never sent ..."', 'The senator's answer was that "...': what someone's words were.
# Found from the noun (cheap), then its owner right before it and what lies between it and the quotation.
_RE_SPEECH_NOUN = regex.compile(
    r"\b(?:claims?|statements?|remarks?|assertions?|promises?|pledges?|vows?|warnings?|boasts?|insistence|argument|"
    r"answer|response|reply|comments?|words|admission|contention|suggestion|complaint|accusation|prediction|"
    r"declaration|plea|demand|quip|retort|tweets?|message|verdict|assessment|reaction|advice|explanation|"
    r"rebuttal|calls?)\b", _F | regex.IGNORECASE)
_RE_SPEECH_GAP = regex.compile(r"(?:\s+(?:was|is|were|are))?(?:\s+(?:that|to))?(?P<gap>(?:\s+[^\s\u00b7.;:]+){0,6}?)"
                               r"\s*[,:]?\s*$", _F | regex.IGNORECASE)  # ("X's response was blunt:")
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}


@lru_cache(maxsize=16384)
def possessive_speech(masked: str, at: int) -> Clause | None:
    """The owner of a speech noun right before the quotation at ``at``: 'her claim that she "...' is hers."""
    lo = max(0, at - 160, masked.rfind(MASK, 0, at) + 1)
    nouns = list(P.finditer(_RE_SPEECH_NOUN, masked, lo, at))
    if not nouns:
        return None
    n = nouns[-1]
    gap = P.match(_RE_SPEECH_GAP, masked[n.end():at])
    if gap is None:
        return None
    if verbs(gap.group("gap")):
        return None  # 'her claim that Roe said "...': the nearer verb decides
    # The owner: 'her (latest) claim', 'Roe's claim', 'The Florida senator's answer'.
    before = masked[max(lo, n.start() - 80):n.start()]
    words = before.split()
    for k in (1, 2):  # one adjective may come between ('her latest claim')
        if len(words) < k or k == 2 and not words[-1].islower():
            break
        w = words[-k]
        low = w.casefold()
        if low in _POSSESSIVE_PRONOUNS:
            at_head = masked.rfind(w, 0, n.start())
            return Clause("possessive", n.group(), _POSSESSIVE_PRONOUNS[low], None, at_head, at_head, n.end())
        if low.endswith(("'s", "\u2019s")) and len(w) > 2:
            owner = words[max(0, len(words) - k - 3):len(words) - k + 1]
            # From a capitalised word or an article on: 'The Florida senator's', 'Clinton's', 'the mayor's'.
            i = next((j for j, x in enumerate(owner) if x[:1].isupper() or x.casefold() in {"the", "a"}), None)
            if i is None:
                return None
            head = " ".join(owner[i:])[:-2]
            at_head = masked.rfind(owner[i], 0, n.start())
            return Clause("possessive", n.group(), head, None, at_head, at_head, n.end())
    return None


@lru_cache(maxsize=16384)
def colon_subject(masked: str, at: int, start: int = 0) -> Clause | None:
    """'Trump leaned in and boomed: "..."': a clause ending in a colon hands the quotation to its subject."""
    prev = masked.rfind(MASK, start, at)
    lo = prev + 1 if prev >= 0 else start
    lead = masked[lo:at].rstrip()
    if not lead.endswith(":"):
        return None
    clause = leading(masked, at, start=start)
    if clause is not None:
        return clause
    body = lead[:-1]
    words_from = P.match(_RE_WORDS_FROM, body) if " from " in body[:16] else None
    if words_from is not None:
        # 'Quote from Jane Roe, Director of Research, Acme Institute:' (a press release): hers
        return Clause("colon", "", words_from.group("who"), words_from.group("rest"), lo + words_from.start("who"),
                      lo + words_from.start("who"), lo + len(lead))
    # 'Roe, Reuters:' and 'Jane Roe, a nurse:' (round-ups): the whole line is the speaker.
    head, at_head = clause_subject(body)
    if not head:
        return None
    owner = P.match(_RE_OWNER_OF_WORDS, head)
    if owner is not None:
        head = owner.group("owner")  # "Clinton's response was:": Clinton's words
    # ("Ellis's campaign manager, Ruth Adler, sent a statement:": the name set off after the subject)
    return Clause("colon", "", head, _appositive_name(body, head, at_head), lo + at_head, lo + at_head, lo + len(lead))


# A press release's label for the words and whose they are: 'Quote from Jane Roe, CEO', 'Comment from Acme Bank'.
_RE_WORDS_FROM = regex.compile(r"\s*(?:Quote|Comment|Statement|Message)\s+from\s+(?P<who>[^,;]+?)(?:,\s*(?P<rest>[^;]*))?\s*$",
                               _F)


# "Clinton's response", "the mayor's reply": the owner of the words a speech noun names.
_RE_OWNER_OF_WORDS = regex.compile(rf"(?P<owner>.+?)['\u2019]s?\s+(?:\p{{L}}+\s+)?(?:{_RE_SPEECH_NOUN.pattern})$",
                                   _F | regex.IGNORECASE)


# 'according to Roe', and its shorter form 'per the party's bylaws' (after a comma).
RE_ACCORDING = regex.compile(r"\baccording\s+to\s+|\bin\s+the\s+words\s+of\s+|\b(?:to\s+quote|quoting)\s+(?=the\s|an?\s|\p{Lu})|"
                            # "in Forbes' words", "in Trump's own words": the owner of the words
                            r"\bin\s+(?=(?:the\s+)?\p{Lu}[^,;:\u00b7]{0,60}?['\u2019]s?\s+(?:own\s+)?words\b)|"
                            r"(?<=[,\u00b7]\s*)per\s+(?=the\s|an?\s|\p{Lu})|"
                            # '"..." -- those were the words of Mayor Jane Roe', 'That was the message from Roe.'
                            r"\b(?:those|these|that|this|such)\s+(?:were|was|are|is)\s+(?:the\s+)?(?:\p{Ll}[\p{Ll}\-]*\s+){0,2}?"
                            r"(?:words|message|verdict|warning)\s+(?:of|from)\s+|"
                            # '"We want peace" is the message from Jane Roe': right after the quotation
                            r"(?<=\u00b7[\s,]{0,3})(?:were|was|are|is)\s+(?:the\s+)?(?:\p{Ll}[\p{Ll}\-]*\s+){0,2}?"
                            r"(?:words|message|verdict|warning)\s+(?:of|from)\s+|"
                            # '"Absolutely not," came the reply from Roe's office', '... was the response of the club'
                            r"\b(?:was|came)\s+(?:the\s+)?(?:\p{Ll}+\s+)?(?:reply|response|answer|retort)\s+(?:from|of)\s+|"
                            # '"Absolutely not," was Roe's reply': the owner of the reply
                            r"\bwas\s+(?=(?:the\s+)?\p{Lu}[^,;:\u00b7]{0,60}?['\u2019]s?\s+(?:\p{Ll}+\s+)?(?:reply|response|answer|"
                            r"retort)\b)|"
                            # '"Never say never," was all Roe would say', '... is how Roe put it'
                            r"\b(?:was|is)\s+all\s+(?:that\s+)?(?=[^,;:\u00b7]{1,60}?\s+(?:would|could)\s+say\b)|"
                            r"\b(?:was|is)\s+how\s+(?=[^,;:\u00b7]{1,60}?\s+(?:put|described|summed)\s+it\b)",
                            _F | regex.IGNORECASE)


# What any match of RE_ACCORDING holds, once lower-cased (in any case, 'according' may hold a Turkish dotted I),
# but 'per' (see _per_after_comma), and how a match at the start of a text starts.
_ACCORDING_WORDS = ("accord", "words", "quot", "message", "verdict", "warning", "reply", "response", "answer",
                    "retort", "would say", "could say", "put it", "described it", "summed it")
_ACCORDING_STARTS = ("accord", "per", "in", "to", "quot", "th", "such", "was", "came", "is")


def according_match(masked: str, lo: int = 0, hi: int | None = None):
    """The first match of RE_ACCORDING in ``masked[lo:hi]``; its words are looked for first, which most
    sentences lack (the pattern's lookbehind costs a test at every position)."""
    hi = len(masked) if hi is None else hi
    low = masked[lo:hi].lower()
    if not any(w in low for w in _ACCORDING_WORDS) and not _per_after_comma(low):
        return None
    return P.search(RE_ACCORDING, masked, lo, hi)


def _per_after_comma(low: str) -> bool:
    """Whether 'per' follows a comma or a quotation (and spaces), or opens ``low``, as RE_ACCORDING's 'per the
    party's bylaws' does: the word is in one sentence in four ('paper', 'percent', 'perhaps', 'super')."""
    k = low.find("per")
    while k >= 0:
        j = k - 1
        while j >= 0 and low[j].isspace():
            j -= 1
        if j < 0 or low[j] in ",\u00b7":
            return True
        k = low.find("per", k + 3)
    return False


@lru_cache(maxsize=16384)
def according(masked: str, lo: int = 0, hi: int | None = None) -> Clause | None:
    """'according to Roe' / 'According to the filing, ...' anywhere in the span."""
    hi = len(masked) if hi is None else hi
    m = according_match(masked, lo, hi)
    if not m:
        return None
    rest = masked[m.end():hi]
    cut = len(rest)
    for sep in (",", MASK, ";", ":", "\u2014", " and ", " that ", " who ", " which "):
        k = rest.find(sep)
        if 0 <= k < cut:
            cut = k
    head = rest[:cut].strip(" .")
    if m.group().casefold().startswith(("in", "was")) and not m.group().casefold().startswith("in the words"):
        head = P.sub(_RE_WORDS_OWNER_END, "", head)  # "in Forbes' words": Forbes; "was Roe's reply": Roe
    if m.group().casefold().startswith(("was all", "is all", "was how", "is how")):
        head = P.sub(_RE_SAY_END, "", head)  # "was all Roe would say": Roe
    if not head:
        return None
    return Clause("according", "according to", head, None, m.end(), m.start(), m.end() + cut)


_RE_SAY_END = regex.compile(r"\s+(?:(?:would|could)\s+say|(?:put|described|summed)\s+it(?:\s+up)?)$", _F)
_RE_WORDS_OWNER_END = regex.compile(r"['\u2019]s?\s+(?:own\s+|\p{Ll}+\s+)?(?:words|reply|response|answer|retort)$", _F)


@lru_cache(maxsize=16384)
def bare(masked: str, asked: bool = False) -> Clause | None:
    """A sentence that is only an attribution clause ('Roe said.', 'said Roe, a nurse.', 'he added.').

    ``asked``: the quotation before ends in a question or exclamation mark, which ends its sentence where a comma
    would not: the clause may go on as long as one after a comma ('"Who knows?" Trump told Britain's ITV in an
    interview aired on Monday when asked how ...')."""
    mask = masked.find(MASK)
    if len(masked.split()) > BARE_MAX_WORDS:
        return None
    text = masked if mask < 0 else masked[:mask]
    c = trailing(text, _inverting_adverb(text))
    if c is None:
        return None
    # A title in marks well past the clause ('Roe remarked, alluding to her role in "The Revenant."') leaves it
    # bare; words in marks right after it ('Roe said "no."') are the clause's own quotation.
    if mask >= 0 and (c.form != "trailing" or not c.known_verb or len(masked[c.end:mask].split()) < 3):
        return None
    if c.form == "trailing":
        # Nothing but the speaker phrase and the verb, and maybe what modifies the verb.
        after = masked[c.end:mask if mask >= 0 else len(masked)].strip(" .")
        if len(after.split()) > (TRAILING_MAX_WORDS if asked else 12):
            return None
    return c


# Adverbs that open a sentence of attribution and invert it: "So said Mayor Jane Roe.", "Thus spoke the judge."
_INVERTING_ADVERBS = ("So ", "Thus ")


def _inverting_adverb(text: str) -> int:
    """Where the clause of a bare sentence starts: after an inverting adverb that a speech verb follows, else 0."""
    if not text.startswith(_INVERTING_ADVERBS):
        return 0
    at = text.find(" ") + 1
    return at if _low(text[at:at + 12].split(" ", 1)[0]) in SPEECH_FORMS else 0


@lru_cache(maxsize=16384)
def governed(lead: str) -> bool:
    """The lead ends with a verb that takes the quotation as its object ('Trump claimed that "...',
    'She told reporters "...'), so no clause after the quotation can be its attribution."""
    ws = lead.split()
    if not ws:
        return False
    tail = ws[-4:]
    if _low(tail[-1]) == "that":
        return any(_low(w) in REPORTING for w in tail[:-1])
    return False


@lru_cache(maxsize=16384)
def governing(lead: str) -> bool:
    """A reporting verb within two words before a short quotation: 'called it "a disgrace"'."""
    ws = lead.split()[-3:]
    return any(_low(w) in REPORTING_FORMS for w in ws)


@lru_cache(maxsize=16384)
def _comma_chunks(t: str) -> tuple[tuple[str, int], ...]:
    if t.count("(") > t.count(")"):  # '(On the other hand, he added': the parenthesis closes after the verb
        t = t.replace("(", " ", t.count("(") - t.count(")"))
    chunks, lo, depth = [], 0, 0
    for i, ch in enumerate(t):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in ",;" and not (i + 1 < len(t) and t[i + 1].isdigit()) or
                             ch in "\u2014\u2015\u2013-" and 0 < i < len(t) - 1 and t[i - 1] == " " and t[i + 1] == " "):
            chunks.append((t[lo:i], lo))  # a dash set off by spaces is a comma too ('In the letter - to X - he asks')
            lo = i + 1
    chunks.append((t[lo:], lo))
    out = []
    for c, at in chunks:
        s = c.strip(" \u2014\u2013-")
        if s:
            out.append((s, at + c.find(s)))
    return tuple(out) or (("", 0),)


_INTRO_WORDS = {"perhaps", "maybe", "still", "sometimes", "often", "early", "shortly", "alongside", "soon", "late",
                "just", "ironically", "notably", "meanwhile", "in", "of", "on", "at", "from", "for", "with", "by", "to", "into", "near", "over", "under", "about",
                "against", "across", "through", "toward", "towards", "between", "among", "after", "before", "since",
                "during", "than", "like", "via", "outside", "inside", "within", "without", "around", "behind",
                "meanwhile", "however", "still", "yet", "but", "and", "instead", "later", "earlier", "separately",
                "also", "then", "now", "today", "yesterday", "last", "next", "this", "weeks", "days", "months",
                "years", "once", "when", "while", "as", "if", "asked", "unlike", "despite", "amid", "although",
                "though", "because", "whether", "indeed", "moreover", "furthermore", "nonetheless", "nevertheless",
                "again", "finally", "first", "second", "thus", "so", "here", "there", "yes", "no", "well", "oh",
                "in fact", "of course", "reached", "contacted", "pressed", "interviewed", "questioned", "speaking",
                "writing", "asked", "responding", "reacting", "continuing", "referring", "according", "given",
                "following", "addressing", "appearing", "echoing", "citing", "noting", "standing", "sitting",
                "looking", "turning", "returning", "back"}


@lru_cache(maxsize=16384)
def _is_clause(chunk: str) -> bool:
    """A chunk that is a clause, not a noun phrase: its subject is followed by a verb ('Tom Hart praised the plan')."""
    np = leading_np(chunk)
    if not np:
        return False
    rest = chunk[chunk.find(np) + len(np):].split()
    if not rest:
        return False
    w = _low(rest[0])
    if w in _NOUN_PARTICIPLES and _low(np.split()[-1]) == "the":
        return False  # 'the accused'
    if len(rest) > 1 and _low(np) in ("the", "a", "an") and RE_PAST.search(w):
        return False  # 'the experienced defender', 'the injured striker': an article alone is no subject
    return w in _STOP_NOMINAL - {"to", "in", "on", "at", "by", "into", "after", "before"} or \
        bool(RE_PAST.search(w)) or w in SPEECH_FORMS or w in REPORTING_FORMS


@lru_cache(maxsize=16384)
def _is_intro(chunk: str) -> bool:
    """An introductory phrase before the subject: 'In a statement', 'Asked about it', 'Reached by phone'."""
    ws = chunk.split()
    while len(ws) > 1 and _low(ws[0]) in {"and", "but", "yet", "so", "or"}:
        ws = ws[1:]  # 'But Sen. Richard Durbin (D-Ill.), noting ..., said': the conjunction opens the subject
    if not ws or len(ws) == 1 and _low(ws[0]) in {"and", "but", "yet", "so", "or"}:
        return True  # ('Or, as Tom Ridge, a former secretary, put it:': the conjunction alone)
    first = _low(ws[0])
    if all(w.strip(".,").isdigit() or _low(w) in _TIME_WORDS for w in ws):
        return True  # 'On July 6, 2015, Sanders said': the year goes with the date
    if first == "as" and len(ws) <= 6 and all(w[:1].isupper() for w in ws[1:]):
        return False  # 'As Tom Ridge, a former secretary, put it': the speaker
    if first in {"while", "whereas"} and 1 < len(ws) <= 6 and all(w[:1].isupper() for w in ws[1:]):
        return False  # '..., while Ms Selena Ling, chief economist at OCBC, told ...': the next clause's subject
    if first in _INTRO_WORDS or _low(ws[-1]) in {"ago", "later", "earlier"}:
        return True
    # A participle opening ('Reached by POLITICO', 'Continuing to explain his view') describes the subject.
    return first.endswith(("ing", "ed")) and len(first) > 4 and len(ws) > 1 and ws[1][:1].islower()
