"""Every regular expression of the extractor, compiled once, named ``RE_*``, each with the reason it exists.

All calls go through :func:`search`, :func:`match`, :func:`finditer` so that each one runs
under the ``regex`` module's timeout (setting REGEX_TIMEOUT): a pathological article costs
a bounded time and is reported, instead of hanging a worker. The few patterns marked
:func:`linear` (they cannot backtrack beyond one character class, so no input makes them
cost more than a pass over it) run without it: the timeout costs more than they do.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import regex

from .. import settings


_F = regex.VERSION1 | regex.UNICODE

# Put first in a pattern whose case-insensitive part is searched for at every position: case folds one character
# to one, as in the re module ('told' = 'TOLD'), not fully ('\u00df' = 'ss'), which English words never need and
# which doubles the time of such a search.
SIMPLE_CASE = "(?-f)"

# Stands in for every character of a quotation (marks included) in the masked copy of a
# paragraph, so that attribution patterns never match the words of a quotation.
MASK = "\u00b7"


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The editable word lists in quotes_api/data/lexicon.json, as sets (verb_forms stays a dict)."""
    raw = json.loads(resources.files("quotes_api.data").joinpath("lexicon.json").read_text("utf-8"))
    return {k: (set(v) if isinstance(v, list) else v) for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def default_outlets() -> list[dict]:
    """The outlets of quotes_api/data/outlets.json, as read (the default registry's, and the lower-case names the
    outlet cue knows), read once."""
    return json.loads(resources.files("quotes_api.data").joinpath("outlets.json").read_text("utf-8"))["outlets"]


def inflect(lemma: str, irregular: dict[str, list[str]], double: set[str]) -> set[str]:
    """Every form of a verb (or verb phrase, inflected on its first word): say -> say, says, saying, said.

    Regular English morphology, with the lexicon's irregular forms and its list of verbs that double
    their final consonant (quip -> quipped, quipping).
    """
    if lemma in irregular:
        return {lemma, *irregular[lemma]}
    verb, _, rest = lemma.partition(" ")
    rest = f" {rest}" if rest else ""
    if verb in double:
        stem = verb + verb[-1]
        forms = {verb + "s", stem + "ed", stem + "ing"}
    elif verb.endswith("ee"):
        forms = {verb + "s", verb + "d", verb + "ing"}
    elif verb.endswith("e"):
        forms = {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms = {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        forms = {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms = {verb + "s", verb + "ed", verb + "ing"}
    return {lemma} | {f + rest for f in forms}


@lru_cache(maxsize=4)
def verb_forms(kind: str) -> frozenset[str]:
    """All forms of the lexicon's ``speech_verbs`` or ``reporting_verbs``."""
    lex = lexicon()
    out: set[str] = set()
    for lemma in lex[kind]:
        out |= inflect(lemma, lex["verb_forms"], lex["double_final"])
    return frozenset(out)


def _alternation(words) -> str:
    """A regex matching any of ``words``, factored as a trie.

    A flat alternation of 150 verbs costs the regex engine a try per verb at every
    position (about 50 us a sentence); the trie shares prefixes and runs about 6 times
    faster. Greedy optional branches make the longest word win ("pointed out" over "pointed").
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [regex.escape(ch).replace(r"\ ", r"\s+") + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# The patterns the wrappers run without a timeout (see ``linear``).
_LINEAR: set = set()


def linear(pattern):
    """Mark ``pattern`` as linear: the wrappers run it without REGEX_TIMEOUT; returns it.

    The ``regex`` module's timeout reads the process clock at every call and at every match found
    (about 2 us a call and 1 us a match here), more than a short pattern costs. It guards against
    catastrophic backtracking, which needs a quantified part followed by something that can match
    the same characters. A pattern qualifies only when every quantifier is followed by a class or
    literal disjoint from what it repeats (or by nothing), so that a failed attempt gives back at
    most one run of one class: its cost is linear in the text, and the text is at most
    MAX_ARTICLE_CHARS long. Each marked pattern says why it qualifies where it is defined.
    """
    _LINEAR.add(pattern)
    return pattern


# The lexicon and the forms of its verbs, read once; the other modules take them from here.
LEXICON: dict = lexicon()
SPEECH_VERB_FORMS: frozenset[str] = verb_forms("speech_verbs")
REPORTING_VERB_FORMS: frozenset[str] = verb_forms("reporting_verbs")

# Horizontal white space, including the no-break spaces that scraped pages keep inside names and quotations.
WS = r"[ \t\u00a0\u2009\u202f]"

# Quotation marks: curly, low-9, guillemets, straight, and the TeX/archive pairs `` and ''.
# Single curly quotes and apostrophes are deliberately absent: they are far more often
# apostrophes ("don’t", "Maduro’s") or nested quotations than quotation marks of their own.
# Linear: no quantifier at all.
RE_QUOTE_MARK = linear(regex.compile(r"``|''|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]", _F))

# The end of a sentence outside quotation marks: terminal punctuation, optional closing
# marks, then white space and something that can start a sentence. Abbreviations and
# initials (Sgt., U.S., Jan., J.) are not ends, hence the variable-length lookbehind.
# Linear: a run of punctuation is tried from its first character only (or from its second, when an
# abbreviation ends at the first: 'etc..'), and the possessive runs give nothing back (a shorter run
# or fewer closing marks leave a mark where the white space or the end must be), so that no text makes
# the search quadratic (a run of n '!' cost n*n/2 steps when every one of them was a start).
_ABBREVIATION = (r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sgt|Adm|Gen|Maj|Lt|Col|Capt|Cpl|Pvt|Cmdr|Sen|Sens|Rep|Reps|Gov|Govs|Pres|Gen|"
                 r"Messrs|Hon|Fr|Supt|Insp|Det|St|Jr|Sr|Rev|Coun|Const|Cst|Ald|Amb|Atty|Msgr|Spc|"
                 r"Brig|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|vs|etc|Inc|Corp|Co|Ltd|approx|Ft|"
                 r"Mt|Ave|Blvd|[A-Z])")
RE_SENTENCE_END = linear(regex.compile(
    rf"(?:(?<![.!?])(?<!{_ABBREVIATION})|(?<={_ABBREVIATION}[.!?]))"
    r"[.!?]++[\"\u201d\u2019')\]]*+(?=\s+[\"\u201c\u2018'(\[]?[\p{Lu}\p{N}\u00b7]|\s*$)",
    _F,
))

# A headline in capitals run into the paragraph it heads (news digests): 'AUSTRALIAN TEAM REFUSES TO STAY The
# team cited ...'. Three capitalised words or more, then a word in sentence case or a quotation.
RE_CAPS_HEADING_LEAD = regex.compile(
    r"\s*(?:[\p{Lu}\p{N}$][\p{Lu}\p{N}'\u2019\-.,:&$%]*\s+){2,}[\p{Lu}\p{N}][\p{Lu}\p{N}'\u2019\-.,:&$%]*[.:]?\s+"
    r"(?=\p{Lu}\p{Ll}|\u00b7)", _F)

# A name: capitalised tokens (O'Neill, Padrino-Lopez, J.), joined by the particles of
# Spanish, Dutch, German, Arabic and Welsh names ("de la", "van", "bin", "ap"), across no-break spaces.
_CAP = r"\p{Lu}[\p{L}\p{M}'\u2019.\-]*"
NAME_PARTICLES = ("de", "del", "della", "la", "las", "los", "da", "das", "do", "dos", "van", "von", "zu", "der", "den", "ter",
                  "ten", "bin", "bint", "ibn", "ap",
                  "al", "el", "le", "di", "du", "y")
_PARTICLE = rf"(?:{'|'.join(NAME_PARTICLES)})"
# Linear: a token's letters, the spaces after it, a particle's lower-case letters and a capital are disjoint
# classes, so a failed step gives back at most one run of spaces.
# A surname with an Arabic article or an elided particle joined to it: 'el-Sisi', 'al-Assad', "d'Alema".
_JOINED = r"(?:al|el|ad|ar|as|ash|at|az|an|ul|ud|bin|ibn|abu|ben|d|dell|dall)[\-'\u2019]\p{Lu}[\p{L}\p{M}'\u2019.\-]*"
RE_JOINED_NAME = linear(regex.compile(_JOINED, _F))
# (A run opens on a capital only: a lower-case alternative at its start is tried at every position and made the
# pattern four times slower; a run that would open on 'el-Sisi' is 'Sisi', which finds the person by surname.)
RE_NAME_RUN = linear(regex.compile(rf"{_CAP}(?:{WS}+(?:{_PARTICLE}{WS}+)*(?:{_CAP}|{_JOINED}))*", _F))

# Naming an otherwise anonymous speaker: "a 12-year veteran identified as Daniel",
# "who asked to be identified only by his first name, Ana", "a soldier named Luis".
RE_IDENTIFIED_AS = regex.compile(
    rf"\b(?:identified(?:\s+only)?\s+(?:as|by\s+(?:his|her|their)\s+(?:first\s+)?name(?:,|\s+as))|named|"
    rf"known\s+(?:only\s+)?as|called|who\s+gave\s+(?:his|her|their)\s+(?:first\s+)?name\s+(?:only\s+)?as|"
    rf"(?:first|last)\s+name,?)\s+(?P<name>{_CAP}(?:{WS}+{_CAP}){{0,3}})",
    _F,
)

TIES = ["brother", "sister", "wife", "husband", "son", "daughter", "mother", "father", "friend", "colleague",
         "neighbor", "neighbour", "cousin", "uncle", "aunt", "partner", "fiance", "fiancé", "fiancee", "fiancée",
         "boyfriend", "girlfriend", "grandson", "granddaughter", "grandmother", "grandfather", "nephew", "niece", "boss"]

# A first name introduced by a family or social tie ("her brother Pedro", "his wife, Ana"):
# the name is a person's, and the tie tells whether "he" or "she" can stand for them.
RE_RELATIVE_NAME = regex.compile(
    # The determiner before the tie ("her", "their") is checked by the caller: a lookbehind
    # here would triple the cost of a pattern run on every sentence.
    rf"\b(?P<tie>{_alternation(TIES)}),?{WS}+(?P<name>{_CAP}(?:{WS}+{_CAP}){{0,2}})",
    _F,
)

# The outlet the words were given to, after the verb: "told Reuters", "told the AP",
# "said on Twitter", "in an interview with CNN", "speaking to The Post", "wrote in The Atlantic".
# Speech verbs that name an outlet with 'to', as 'told' does without ('explained to the Guardian').
OUTLET_TO_VERBS = ("explained", "recounted", "confirmed", "admitted", "revealed", "confided", "complained", "stressed",
                   "emphasised", "emphasized", "boasted", "described", "insisted", "conceded", "recalled",
                   # (entertainment news: 'gushed to People', 'dished to Us Weekly', 'opened up to Vogue')
                   "gushed", "dished", "confessed", "joked", "raved", "opened up")
_OUTLET_CUE = (
    SIMPLE_CASE + r"\b(?i:told|tells|telling|(?:spoke|speaks|speaking|talking|talked)\s+(?:exclusively\s+)?(?:to|with)|"
    r"said\s+(?:to|in)|" + _alternation(OUTLET_TO_VERBS) + r"\s+to|says\s+(?:to|in)|"
    r"wrote\s+(?:in|on)|writes\s+(?:in|on)|writing\s+(?:in|on)|"
    r"(?:in|during)\s+(?:an?|the)\s+(?:[\p{L}\p{N}]+\s+){0,2}(?:interview|conversation|appearance|op-ed|column|statement|"
    r"post|tweet|video|broadcast|email|e-mail)\s+(?:with|to|on|in|for)|on|"
    r"in\s+a\s+(?:post|tweet|message|video|statement)\s+on|"
    r"in\s+(?:comments|remarks)\s+to|(?:gave|gives|giving|granted|grants|granting)\s+(?:(?:an?|the|his|her|their|its)\s+)?(?:[\p{L}\-]+\s+){0,2}?interviews?\s+to|(?:carried|published|aired|broadcast|televised|seen|obtained|reviewed)\s+(?:(?:on\s+)?\p{Lu}\p{Ll}+day\s+)?by|"
    r"posted\s+(?:on|to)|shared\s+(?:on|to)|uploaded\s+to|tweeted\s+on|wrote\s+to|via|speaking\s+on|appearing\s+on|writing\s+for|"
    r"(?:asked|interviewed|questioned|(?:quoted|cited)(?:\s+as\s+saying)?)\s+by|according\s+to)\s+"  # the cue in any case, the outlet capitalised ('eNCA' too)
)


def _lower_outlets() -> str:
    """The registered outlets whose names open in lower case past what _OUTLET_NAME's first word takes ('dpa',
    'dzBB', 'talkSPORT'), as an alternation: a word in lower case after a cue is an outlet only when it is one of them (from
    the default registry, quotes_api/data/outlets.json)."""
    forms = {f for o in default_outlets() for f in (o["name"], *o.get("aliases", ()))
             if f[:1].islower() and " " not in f and not regex.match(r"\p{Ll}?\p{Lu}", f)}
    return "(?:" + "|".join(regex.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f))) + ")" if forms else "(?!)"


_LOWER_OUTLETS = _lower_outlets()
_OUTLET_NAME = (
    r"(?P<outlet>(?:the\s+)?(?:\p{Ll}?\p{Lu}[\p{L}\p{M}\p{N}'\u2019.&/\-]*!?|\p{N}+(?:\p{Lu}[\p{L}\p{N}]*)?|" + _LOWER_OUTLETS + r"(?![\p{L}\p{N}]))(?:[ \u00a0]+(?:of\s+the\s+|of\s+|the\s+|en\s+|and\s+|&\s+|on\s+(?=Sunday\b))?(?:\p{Lu}[\p{L}\p{M}\p{N}'\u2019.&/\-]*|\p{N}+(?:[.:]\p{N}+)?)){0,5})"
)
# ('the Mail on Sunday', 'Scotland on Sunday': a Sunday title holds 'on'; the registry cuts 'the BBC on Sunday' to
# its registered name, and an unregistered one at 'on'. A name may end in '!' ('E! News'), or open in lower case
# as one of the registry's names does, 'dzBB', 'talkSPORT', 'dpa': only the registry makes such a word an outlet,
# 'according to dpa'. A programme may be named by its time: "ABC's 7.30".)
# Words for a medium, in lower case ('The Daily Beast', 'New York Daily News' and 'BBC Radio Four' are names).
MEDIUM_WORDS = ("broadcaster", "newspaper", "daily", "weekly", "network", "channel", "radio", "station", "agency",
                "magazine", "outlet", "website", "tabloid", "paper", "television", "TV", "journal")
# The speaker's own page or account on a network, between the cue and its name: 'on his Twitter account', 'wrote on
# her official Facebook page', 'in his Guardian column' (the registry then says whether the name is an outlet).
_OUTLET_OWNER = r"(?:(?:his|her|their|its|my|our)\s+(?:(?:official|verified|personal|own|private)\s+)?)?"
RE_OUTLET_CUE = regex.compile(_OUTLET_CUE + _OUTLET_OWNER + _OUTLET_NAME, _F)
# The same, with what the outlet is between the cue and its name, when the article says: 'told Dutch broadcaster
# NOS', 'told the German daily Bild', "told Japan's public broadcaster NHK" (searched only where a medium word
# occurs: the group costs time at every cue).
RE_OUTLET_CUE_MEDIUM = regex.compile(
    _OUTLET_CUE + _OUTLET_OWNER + r"(?:the\s+)?(?P<medium>(?:\p{L}+(?:['\u2019]s)?\s+){0,2}?(?:" + "|".join(MEDIUM_WORDS)
    + r")\s+)?" + _OUTLET_NAME, _F)

# An outlet named before the kind of words given to it: 'in a Facebook post', 'in a CNN interview', 'during a
# lengthy Truth Social post', 'in a Washington Post op-ed'. (The caller keeps only names the registry knows.)
RE_OUTLET_MODIFIER = regex.compile(
    SIMPLE_CASE + r"\b(?i:in|during|on)\s+(?:an?|the|his|her|their|its)\s+(?:\p{Ll}[\p{Ll}\-]*\s+){0,2}?"
    r"(?P<outlet>\p{Lu}[\p{L}\p{N}'\u2019.&\-]*(?:\s+\p{Lu}[\p{L}\p{N}'\u2019.&\-]*){0,3})\s+"
    r"(?:interview|post|tweet|video|op-ed|column|broadcast|appearance|livestream|live\s*stream|podcast|message|thread|"
    r"story|article|essay|editorial|documentary|special|reel|update|town\s+hall)s?\b", _F)
# The outlet that printed the words, after the speaker's clause: '..., Mr Kishida said, Kyodo News reported.'
RE_OUTLET_REPORTED = regex.compile(
    r",\s+(?P<outlet>(?:the\s+)?\p{Lu}[\p{L}\p{N}'\u2019.&\-]*(?:\s+\p{Lu}[\p{L}\p{N}'\u2019.&\-]*){0,3})\s+"
    r"(?:reported|reports|said|quoted\s+(?:him|her|them)\s+as\s+saying)\W*$", _F)
# Words for a kind of words given to an outlet, as substrings (a cheap test before RE_OUTLET_MODIFIER).
MEDIUM_NOUNS = ("interview", "post", "tweet", "video", "op-ed", "column", "broadcast", "appearance", "stream", "podcast",
                "message", "thread", "story", "article", "essay", "editorial", "documentary", "special", "reel",
                "update", "town")
# 'said in a tweet', 'wrote in a series of tweets': the network is Twitter.
RE_IN_A_TWEET = regex.compile(r"\b(?i:in|on)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+|its\s+)?"
                              r"(?:(?:series|string|pair|couple|flurry)\s+of\s+)?(?:\p{Ll}+\s+){0,2}?tweets?\b", _F)

# Cues that also introduce things other than outlets ("on Tuesday", "wrote in 2019"): the
# name after them only counts when the outlet registry knows it.
RE_WEAK_CUE = regex.compile(r"^(?:on|via|according\s+to|posted|tweeted|said\s+in|says\s+in|wrote|writes|writing|"
                            r"speaking\s+on|appearing|(?:published|seen|obtained|reviewed)\s+by|"
                            r"in\s+a\s+(?:post|tweet|message|video|statement))\b", _F | regex.IGNORECASE)

# A participle that opens a sentence names where its subject spoke ('Speaking on BBC Radio 4, the minister
# said', 'Writing in The Times, Roe argued'): a weak cue, but this one speaks of the subject; and an outlet that
# reported the words ('According to GMA News, Roe said').
RE_FRONTED_CUE = regex.compile(r"^\s*(?:(?:And|But|Later|Earlier),?\s+)?(?:Speaking|Writing|Appearing|Asked|Interviewed|"
                               r"Questioned|Talking|According)\s", _F)

# Words that open a sentence without being its subject ("But he said", "However, ...").
# (Linear: anchored words, then one class repeated with nothing after it.)
RE_LEADING_CONJ = linear(regex.compile(
    r"^(?:and|but|yet|so|while|though|although|however|still|instead|also|then|as)\b[\s,]*", _F | regex.IGNORECASE))


# Quotations of a few capitalised words are titles of works or slogans, not speech.
RE_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'\u2019\-]*", _F)


# A sentence that opens on a role noun ("The admiral also noted ..."): a reference to a person named earlier.
RE_ROLE_SUBJECT = regex.compile(r"^(?:the|The)\s+(?P<role>(?:\p{Ll}[\p{Ll}\-]*\s+){0,2}\p{Ll}[\p{Ll}\-]*)\b", _F)

# A sentence that opens on "He" or "She": the pronoun keeps its antecedent in subject position.
# (Linear: anchored, and the spaces are followed by a capital.)
RE_PRONOUN_SUBJECT = linear(regex.compile(r"^(?:(?:But|And|Yet|So|Still|Then)\s+)?(?P<pronoun>He|She)\b", _F))


# Words that announce a label, not speech: 'the so-called "war on drugs"', 'a film titled "..."'.
RE_LABEL_LEAD = regex.compile(
    r"\b(?:so-called|so\s+called|known\s+as|nicknamed|the\s+(?:term|word|phrase|slogan|hashtag|motto)|"
    r"titled|entitled|headlined|branded\s+as|marked)\s*$", _F | regex.IGNORECASE)
# The last word of every match of RE_LABEL_LEAD.
_LABEL_LEAD_ENDS = ("called", "as", "nicknamed", "term", "word", "phrase", "slogan", "hashtag", "motto", "titled",
                    "headlined", "marked")


def set_timeout(seconds: float) -> None:
    """Fix the timeout for the calls of one extraction run (read once per article, not per call)."""
    global _TIMEOUT
    _TIMEOUT = seconds


_TIMEOUT: float = settings.SETTINGS["REGEX_TIMEOUT"].default

# The wrappers pass the timeout and nothing else: the ``TimeoutError`` that ``regex`` raises
# (possibly while a finditer is consumed) is caught once, per article, by extract_article.


def search(pattern, text: str, pos: int = 0, endpos: int | None = None):
    if pattern in _LINEAR:
        return pattern.search(text, pos, len(text) if endpos is None else endpos)
    return pattern.search(text, pos, len(text) if endpos is None else endpos, timeout=_TIMEOUT)


def match(pattern, text: str, pos: int = 0, endpos: int | None = None):
    # (``regex`` costs time in proportion to the string up to endpos on every call, even for a match that
    # looks at a few characters: give endpos when matching a short thing at a position in a long text.)
    if pattern in _LINEAR:
        return pattern.match(text, pos, len(text) if endpos is None else endpos)
    return pattern.match(text, pos, len(text) if endpos is None else endpos, timeout=_TIMEOUT)


def finditer(pattern, text: str, pos: int = 0, endpos: int | None = None):
    if pattern in _LINEAR:
        return pattern.finditer(text, pos, len(text) if endpos is None else endpos)
    return pattern.finditer(text, pos, len(text) if endpos is None else endpos, timeout=_TIMEOUT)


def label_lead(lead: str) -> bool:
    """Whether ``lead`` ends with words that announce a label (RE_LABEL_LEAD). Its last word is compared
    first, which settles most leads: the pattern is searched for at every position. (Text that is not
    ASCII goes to the pattern, which also matches letters that only case-fold to ASCII ones.)"""
    tail = lead.rstrip()[-9:]
    if tail.isascii() and not tail.lower().endswith(_LABEL_LEAD_ENDS):
        return False
    return search(RE_LABEL_LEAD, lead) is not None


def findall(pattern, text: str) -> list:
    return pattern.findall(text, timeout=_TIMEOUT)


def sub(pattern, repl, text: str) -> str:
    return pattern.sub(repl, text, timeout=_TIMEOUT)
