"""Who is speaking: read a speaker phrase, and resolve it to a person of the article.

A speaker phrase ("Navy Adm. Craig Faller, the head of U.S. Southern Command", "he",
"Gonzalez, the eight-year veteran guardsman", "a woman soldier, who defected ...",
"the government") becomes a :class:`SpeakerRef`. A :class:`Discourse` holds the people
of one article in reading order and resolves references to them: full names, bare
surnames (by description when two people share one, else the most recent), pronouns (the
most recent person in subject position) and role nouns ("the admiral").
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterator

import regex
from nameparser import HumanName

from ..articles.normalize import fold as _fold

from . import patterns as P
from .quotations import MASK

_LEX = P.LEXICON
ROLE_WORDS: set[str] = _LEX["role_words"]
ORG_WORDS: set[str] = _LEX["org_words"]
PLACES: set[str] = _LEX["places"]
INSTITUTIONS: set[str] = _LEX["institution_nouns"]
PRONOUNS: dict[str, str] = _LEX["pronouns"]
PEOPLE_NOUNS: set[str] = _LEX["people_nouns"]
DEMONYMS: set[str] = _LEX["demonyms"]
# Epithets sports and feature writing call the person just named by ('the Italian', 'the 33-year-old',
# 'the veteran'): see is_epithet.
_RE_EPITHET = regex.compile(
    # ('the 45-year-old mother of three', 'the 29-year-old nurse': an age and what she is)
    r"(?i:the\s+(?:\d{1,3}-year-old(?:\s+\p{Ll}[\p{Ll}\-]*){0,3}(?:\s+of\s+\p{Ll}+)?|veteran|youngster|teenager|"
    # (a word or two may describe the position: 'the veteran defender', 'the in-form striker')
    r"(?:(?:veteran|experienced|young|teenage|former|new|injured|star|in-form|stand-in|evergreen|talismanic)\s+)?"
    r"(?:forward|striker|midfielder|winger|defender|"
    r"goalkeeper|keeper|playmaker|full-back|centre-back|center-back|quarterback|pitcher|batsman|batter|bowler|"
    r"skipper|tight\s+end|wide\s+receiver|running\s+back|linebacker|cornerback|kicker|point\s+guard|"
    r"shooting\s+guard|shortstop|outfielder|right-hander|left-hander|southpaw|rookie|"
    r"opener|spinner|seamer|paceman|all-rounder|wicketkeeper|fly-half|scrum-half|flanker|golfer|boxer|jockey|"
    # (court reports: who stands trial or sues, named just before)
    r"defendant|accused|claimant|plaintiff|appellant|"
    # (entertainment news: the star the story is about, named just before: 'the actor, 58, told The Sun')
    r"actor|actress|singer|singer-songwriter|songwriter|rapper|comedian|presenter|musician|pop\s+star|superstar|"
    r"star|influencer|novelist)|"
    # ('the No 8', 'the world No. 2', 'the world number one': a position or a ranking; 'the 23-time Grand Slam
    # champion', 'the two-time Olympic medallist')
    r"(?:world\s+)?(?:no\.?\s?\d{1,3}|number\s+(?:one|two|three|\d{1,3}))|"
    r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)-time(?:\s+[\p{L}\-]+){0,3}?\s+"
    r"(?:champion|winner|medallist|medalist)))"
    # 'the Reds boss', 'the Villa manager', 'the Tesla boss', 'the All Blacks captain': a team's or a firm's head,
    # named just before; 'the Liverpool man', 'the Spurs striker', 'the Na Fianna clubman': one of its people.
    # 'the airline chief', 'the miner's boss' after 'Ryanair boss Michael O'Leary': the head of the firm just named
    r"|[Tt]he\s+(?:airline|carmaker|automaker|miner|lender|retailer|chipmaker|drugmaker|insurer|bank|firm|company|"
    r"group|club|supermarket|broadcaster|brewer|builder|housebuilder|grocer|telco)\s+(?:boss|chief|founder)"
    r"|[Tt]he\s+\p{Lu}[\p{L}'\u2019]+(?:\s+\p{Lu}[\p{L}'\u2019]+){0,2}\s+(?:boss|manager|coach|skipper|chief|captain|"
    r"clubman|man|star|ace|striker|forward|midfielder|defender|goalkeeper|keeper|winger|playmaker)")
# Role words that name an office on their own, as house styles that capitalise titles write them ('the Prime
# Minister', 'the Health Secretary', 'the Chancellor'): not the modifiers ('Acting', 'Vice') nor what also
# names a body or a publication ('the House', 'The Economist').
_TITLE_HEADS = ROLE_WORDS - ORG_WORDS - INSTITUTIONS - {
    "acting", "interim", "former", "vice", "deputy", "prime", "rear", "petty", "ranking", "majority", "minority",
    "opposition", "private", "senior", "first", "field", "class", "staff", "army", "navy", "marine", "economist",
    "self-proclaimed", "master", "member", "st", "mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "dame"}
FUNCTION_WORDS: set[str] = _LEX["function_words"]
PORTFOLIO_WORDS: set[str] = _LEX["portfolio_words"]  # 'Minister for Housing': part of a title in a run
_TITLE_OR_ORG = ROLE_WORDS | ORG_WORDS | PORTFOLIO_WORDS | {"u.s", "us", "un"}
_SUBJECT_PRONOUNS = {"he": "m", "she": "f", "it": "n"}  # "n": an institution ("it said in a statement")
_INDEFINITE = {"a", "an", "one", "another", "some", "two", "three", "several", "many", "other", "two", "an"}
PREPOSITIONS = {"in", "of", "on", "at", "from", "for", "with", "by", "to", "into", "near", "over", "under", "about",
                 "against", "across", "through", "toward", "towards", "between", "among", "after", "before", "since",
                 "during", "than", "like", "via", "outside", "inside", "within", "without", "around", "behind"}
# Words of a date. A weekday is never part of a name; a month is only on its own ('May') or abbreviated
# ('Jun.'): 'Theresa May', 'April Ryan', 'June Carter' and 'Ai Jun' are people.
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"}
_MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def is_date_word(word: str) -> bool:
    """Whether a word names a weekday or a month ('Tuesday', 'May', 'Sept.')."""
    w = _word(word)
    return w in _WEEKDAYS or w in _MONTHS or w in _MONTH_ABBREVIATIONS


_STOP = {"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "who", "that", "with", "his", "her", "their",
         "its", "is", "was", "has", "had", "also", "about", "by", "from", "as"}
# (Not 'her' and 'him': 'Her deputy, Tom Hart', 'her husband, Tom' are men.)
_FEMALE_WORDS = {"woman", "women", "she", "mrs", "ms", "miss", "congresswoman", "spokeswoman", "chairwoman",
                 "mother", "daughter", "sister", "wife", "girl", "lady", "queen", "princess", "actress", "dame",
                 "guardswoman", "councilwoman", "assemblywoman", "businesswoman", "grandmother", "aunt"}
_MALE_WORDS = {"man", "men", "he", "mr", "congressman", "spokesman", "chairman", "father", "son", "brother",
               "husband", "boy", "king", "prince", "sir", "lord", "guardsman", "councilman", "assemblyman",
               "businessman", "grandfather", "uncle"}


# A nickname in a person's appositive: "or Didi, as she is popularly known", 'popularly known as Didi', 'nicknamed
# Didi'.
_RE_NICKNAME = regex.compile(
    r"(?:or\s+(?P<nick>\p{Lu}[\p{L}'\u2019\-]+(?:\s+\p{Lu}[\p{L}'\u2019\-]+)?),?\s+as\s+(?:he|she|they)\s+(?:is|are|was|were)\s+"
    r"(?:\p{Ll}+ly\s+|better\s+|also\s+)?known|(?:\p{Ll}+ly\s+|better\s+|also\s+)?(?:known\s+as|nicknamed)\s+"
    r"(?P<nick2>\p{Lu}[\p{L}'\u2019\-]+(?:\s+\p{Lu}[\p{L}'\u2019\-]+)?))(?:\W|$)")


# Word parts without which RE_IDENTIFIED_AS cannot match: a cheap test before the pattern.
_NAMING_HINTS = ("identif", "name", "known", "called")


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Case, diacritics, quote style and spacing folded: the key that says two names are one."""
    return _fold(s)


def _word(tok: str) -> str:
    return tok.strip(".,;:'\u2019").casefold()


@dataclass
class SpeakerRef:
    """What a speaker phrase says, before resolution."""

    kind: str  # name | pronoun | role | anonymous | org
    text: str  # the phrase as written
    name: str | None = None
    role: str | None = None
    description: str | None = None
    gender: str | None = None

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, kind: str, text: str, name: str | None = None, role: str | None = None,
                 description: str | None = None, gender: str | None = None) -> None:
        self.kind = kind
        self.text = text
        self.name = name
        self.role = role
        self.description = description
        self.gender = gender


@dataclass
class Entity:
    """A person (or an institution speaking as one) of one article."""

    name: str | None
    kind: str = "person"  # person | org | anonymous
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    descriptions: list[str] = field(default_factory=list)
    outlet: str | None = None  # the outlet this person is said to have spoken to
    gender: str | None = None
    indexed: tuple = ()  # (name, alias count) when last filed in Discourse._by_token
    titles: list[str] = field(default_factory=list)  # titles read beside the name, for 'the CEO' (not the record's)
    # what the article first said the person is beside a mention of the name ('Tom Hart, the finance minister, faced
    # questions'): the record's description when no clause of theirs gives a role or a description
    introduction: str | None = None
    _title_stamp: tuple = ()
    _title_words: set = field(default_factory=set)

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, name: str | None, kind: str = "person", aliases: list[str] | None = None, role: str | None = None,
                 descriptions: list[str] | None = None, outlet: str | None = None, gender: str | None = None,
                 indexed: tuple = (), titles: list[str] | None = None, introduction: str | None = None,
                 _title_stamp: tuple = (), _title_words: set | None = None) -> None:
        self.name = name
        self.kind = kind
        self.aliases = [] if aliases is None else aliases
        self.role = role
        self.descriptions = [] if descriptions is None else descriptions
        self.outlet = outlet
        self.gender = gender
        self.indexed = indexed
        self.titles = [] if titles is None else titles
        self.introduction = introduction
        self._title_stamp = _title_stamp
        self._title_words = set() if _title_words is None else _title_words

    def add_alias(self, alias: str | None) -> None:
        alias = clean_name(" ".join((alias or "").split()))
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)

    def describe(self, text: str | None) -> None:
        text = " ".join((text or "").split()).strip(" ,")
        if text and text not in self.descriptions:
            self.descriptions.append(text)

    def title_words(self) -> set[str]:
        """Folded words of the role, descriptions and aliases, with rank abbreviations spelled both ways."""
        stamp = (self.role, len(self.descriptions), len(self.aliases), len(self.titles))
        if self._title_stamp != stamp:
            have: set[str] = set()
            for d in [self.role or ""] + self.descriptions + self.aliases + self.titles:
                have.update(fold(d).split())
            have |= {_ABBREV.get(w, w) for w in have}
            for short, words in _TITLE_ACRONYMS.items():
                # 'the PM' is Prime Minister Rishi Sunak; 'the chief executive' is Apple CEO Tim Cook.
                if short in have:
                    have |= words
                elif words <= have or any(other <= have for other in _TITLE_SYNONYMS.get(short, ())):
                    have.add(short)  # ('the CFO' is also Acme's finance chief)
            have |= {_ABBREV[w] for w in have if w in _ABBREV}  # ('DS Roe' is 'the detective sergeant': 'sgt' too)
            self._title_words = have
            self._title_stamp = stamp
        return self._title_words

    @property
    def surname_keys(self) -> set[str]:
        if not self.name:
            return set()
        toks = fold(self.name).split()
        if has_generation(toks):
            toks = toks[:-1]  # 'Brent Bozell III' is Bozell
        if _RE_HYPHENATED_GIVEN.fullmatch(self.name.split()[-1]) and len(self.name.split()) == 2:
            return set(toks)  # 'Park Geun-hye' is Park (the family name first), or Geun-hye as before
        return set(toks[1:]) if len(toks) > 1 else set(toks)

    def label(self) -> str | None:
        """How the article names this speaker: the name, else the description as printed ("a State
        Department official"), cut before a relative clause and starting in lower case."""
        if self.name:
            return self.name
        if not self.descriptions:
            return None
        text = self.descriptions[0]
        for cut in (", who", " who ", ", which", " which ", ", like ", " (", ", according", ", speaking"):
            k = text.find(cut)
            if k > 0:
                text = text[:k]
        words = text.strip(" ,.").split()[:_LABEL_MAX_WORDS]
        if words and (words[0].casefold() in _DETERMINER_WORDS or words[0].casefold() in PEOPLE_NOUNS) and \
                words[0].casefold() not in _PARTY_MEMBERS:
            words[0] = words[0].casefold()  # "Officials said" at the start of a sentence: "officials"
        return " ".join(words) or None

    def as_speaker(self) -> dict:
        """The record's speaker: ``kind`` is person, organisation or anonymous; an anonymous speaker's
        ``name`` is how the article describes them, never a person's name."""
        description: str | None
        if self.descriptions:
            description = self.descriptions[0]
        else:
            description = None if self.role else self.introduction  # (what the article said they are, failing both)
        return {"name": self.label(), "kind": _SPEAKER_KINDS.get(self.kind, self.kind), "aliases": list(self.aliases),
                "role": self.role, "description": description}


# Members of a party, capitalised wherever they stand ('Democrats said' is not 'democrats said').
_PARTY_MEMBERS = {"democrats", "republicans", "tories", "conservatives", "liberals"}
_PARTY_MEMBER = {"democrat", "republican", "tory", "conservative", "liberal"}

# How many mentions back a pronoun, a surname or a role noun looks for the person it stands for.
LOOKBACK_MENTIONS = 400

_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "mme", "mlle", "herr", "frau"}
# Honorifics followed by the first name, as British usage has it: 'Sir Keir' is Sir Keir Starmer, 'Dame Judi' Judi Dench.
_FIRST_NAME_HONORIFICS = {"sir", "dame"}


def is_honorific(word: str) -> bool:
    """Whether a word is an honorific before a name ('Mr', 'Dr.', 'Dame')."""
    return _word(word) in _HONORIFICS
# A parenthesis in a speaker phrase: a party and state ("(D-Nev.)"), an age, an affiliation.
_RE_PAREN = regex.compile(r"\s*\([^()]{0,60}\)")
# Appositives that describe nobody's role: an age ("63"), a party and state ("D-Ohio", "R-Fla.").
_RE_BARE_APPOSITIVE = regex.compile(r"^(?:\d{1,3}|[DRI]-[A-Z][\w.]*(?:\s\w+\.?)?|(?:Democrat|Republican)\s+of\s+\w.*)$")
_SPEAKER_KINDS = {"org": "organisation"}
_DETERMINER_WORDS = {"a", "an", "the", "one", "another", "some", "several", "two", "three", "many", "his", "her",
                     "their", "its"}
# Longest description used as an anonymous speaker's label, in words.
_LABEL_MAX_WORDS = 12


# How far after a 'he' or 'she' with no antecedent the person it stands for may be named (a lede's "..." she said.
# Jane Roe, 44, ...').
CATAPHOR_CHARS = 200


@dataclass
class Mention:
    pos: int
    entity: Entity
    subject: bool

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, pos: int, entity: Entity, subject: bool) -> None:
        self.pos = pos
        self.entity = entity
        self.subject = subject


@lru_cache(maxsize=4096)
def _human(name: str) -> tuple[str, str]:
    """(first, last) of a personal name, by nameparser."""
    h = HumanName(name)
    return h.first, h.last


@lru_cache(maxsize=16384)
def split_role(run: str) -> tuple[str, str]:
    """(role, name) of a capitalised run: "Guardsman Sgt. Javier Gonzalez" -> ("Guardsman Sgt.", "Javier Gonzalez").

    Sentence-opening function words ("The", "However") go; the name is empty when
    nothing but titles is left ("U.S. Secretary").
    """
    toks = run.split()
    while toks and toks[0].strip(".,").casefold() in FUNCTION_WORDS:
        toks.pop(0)
    if has_generation(toks):
        # 'Martin Luther King Jr.': the suffix goes with the name ('King' is no title there).
        role, name = split_role(" ".join(toks[:-1]))
        return (role, f"{name} {toks[-1]}") if name else (" ".join(toks), "")
    if len(toks) > 2 and toks[-1].strip(".,") in _POST_NOMINALS:
        # 'Dave Doogan MP', 'Jane Roe KC': letters after a name are its title.
        role, name = split_role(" ".join(toks[:-1]))
        return (f"{role} {toks[-1]}" if role else toks[-1]), name
    # Everything up to the last title or institution word is the role ("Associated Press
    # General Counsel Karen Kaiser", "U.S. Treasury Secretary Janet Yellen", "State Mike
    # Pompeo" after "Secretary of"); the words after it are the name.
    if len(toks) == 2 and _word(toks[0]) in _HONORIFICS:
        return toks[0], toks[1]  # "Mr. Prince", "Ms. Judge": after an honorific, a surname whatever it means
    words = [_word(t) for t in toks]
    title = [k for k, t in enumerate(toks[:-1])
             if words[k] in _TITLE_OR_ORG and not _surname_like(words[k], toks, words) or possessive_end(t) or
             _hyphenated_title(t) or t in _POLICE_RANKS or
             (words[k - 1] if k else "", words[k]) in _HONORIFIC_PAIRS or (words[k], words[k + 1]) in _HONORIFIC_PAIRS]
    cut = title[-1] + 1 if title else 0  # ("Labour's Angela Rayner", "CNN's Jake Tapper": whose she is, then who)
    while 0 < cut < len(toks) - 1 and _word(toks[cut]) in _TITLE_MODIFIERS and toks[cut][:1].isupper():
        cut += 1  # 'Chief Executive Tim Cook': a word that only qualifies a title is the title's, not the name's
    role_toks, name_toks = toks[:cut], toks[cut:]
    if all(_word(t) in _TITLE_OR_ORG or _word(t) in _TITLE_MODIFIERS for t in name_toks):
        return " ".join(toks), ""  # 'U.S. Secretary', 'Chief Executive Officer': titles and nobody
    if not role_toks and len(name_toks) > 2 and (_word(name_toks[0]) in PEOPLE_NOUNS or
                                                 _word(name_toks[0]) in _PERSON_TIES):
        # 'Parent Michelle Tran', 'Resident Jane Roe', 'Friend Tom Hart', 'Neighbour Ann Roe': what, then who
        return name_toks[0], " ".join(name_toks[1:])
    if role_toks and len(name_toks) >= 3 and fold(name_toks[0]) in PLACES:
        # 'Secretary of State for Northern Ireland Hilary Benn': the rest of a brief's place, then the name
        seat, name = split_seat(" ".join(name_toks))
        role_toks, name_toks = role_toks + seat.split(), name.split()
    if role_toks and (len(name_toks) == 1 or _word(name_toks[-1]) in PLACES) and \
            not any(_word(t) in ROLE_WORDS or t in _POLICE_RANKS for t in role_toks):
        return " ".join(toks), ""  # 'Northern Powergrid', 'Network Rail Scotland': a body's name, no title
    return " ".join(role_toks), " ".join(name_toks)


# Malaysian honorifics of two words, the second of which alone would be a name's ('Tan Sri Muhyiddin Yassin', "Dato'
# Sri Najib Razak", 'Datin Paduka Jane Roe'; 'Sri Mulyani Indrawati' and 'Tony Tan' are names).
_HONORIFIC_PAIRS = frozenset({("tan", "sri"), ("puan", "sri"), ("toh", "puan"), ("dato", "sri"), ("datuk", "sri"),
                              ("dato", "paduka"), ("datuk", "paduka"), ("datin", "paduka")})


# British and Irish police ranks by their initials, in capitals only ('DI Hart', 'DS Jane Roe'; 'Di Natale' is a name),
# and a member of the Knesset ('MK Jane Roe').
_POLICE_RANKS = frozenset({"DI", "DS", "DC", "DCI", "DSU", "DCS", "PC", "PCSO", "ACC", "DCC", "MK"})


def _hyphenated_title(tok: str) -> bool:
    """'Secretary-General', 'Attorney-General', 'Vice-President', 'Editor-in-Chief': a title in one word; and what
    the tabloids put before a name the same way ('Mum-of-two Jane Roe', 'Father-of-three Tom Hart')."""
    return "-" in tok and (_word(tok).split("-")[0] in ROLE_WORDS or "-of-" in tok)


# Words that only qualify a title ('Chief Executive Officer', 'Managing Director', 'Chief People Officer').
_TITLE_MODIFIERS = {"executive", "financial", "operating", "managing", "technology", "technical", "marketing",
                    "information", "commercial", "creative", "medical", "legal", "compliance", "investment", "product",
                    "people", "revenue", "data", "digital", "content", "strategy", "communications", "operations",
                    "scientific", "academic", "editorial", "programme", "program", "regional", "national",
                    "associate", "assistant", "acting", "interim", "deputy", "senior", "principal", "fellow", "partner"}


# Generational suffixes of a name, and a monarch's or a pope's numeral ('King Charles III', 'Pope Leo XIV'; not the
# one-letter 'V' and 'X', as in 'Roe v Wade' and 'Malcolm X').
_GENERATIONS = {"jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv", "xvi"}


_REGNAL_NUMERALS = frozenset(w.upper() for w in _GENERATIONS - {"jr", "sr"})


def has_generation(toks: list[str]) -> bool:
    """Whether a name's words (as printed or folded) end in a generational suffix: 'Henry Ford II'."""
    if len(toks) > 2:
        last = toks[-1].strip(".,")
        # (a numeral as printed is in capitals: 'Chinese President Xi' ends in a surname, not the eleventh)
        return last.casefold() in _GENERATIONS and (last[1:2] in ("r", "R") or not last.istitle())
    return len(toks) == 2 and toks[-1].strip(".,") in _REGNAL_NUMERALS  # 'Charles III', 'Leo XIV': a numeral, in capitals


def surname_of(name: str) -> str:
    """The last word of a full name, before a generational suffix: 'Martin Luther King Jr.' -> 'King'."""
    toks = name.split()
    return toks[-2] if has_generation(toks) else toks[-1]


# Letters after a name: membership of a parliament, rank at the bar, honours.
_POST_NOMINALS = {"MP", "MEP", "MSP", "MLA", "MPP", "MHA", "MNA", "TD", "QC", "KC", "SC", "OBE", "MBE", "CBE", "KBE",
                  "DBE", "CH", "FRS", "PC"}


# A possessive ending ("Maduro’s", "the Joneses'"): such a name modifies a noun and is not the subject.
_POSSESSIVE_ENDINGS = ("'s", "\u2019s", "'", "\u2019")


def possessive_end(name: str) -> int:
    """How many characters of ``name`` are a possessive ending (0 when none): a test of its last two characters."""
    if name.endswith(_POSSESSIVE_ENDINGS[:2]):
        return 2
    return 1 if name.endswith(_POSSESSIVE_ENDINGS[2:]) else 0


@lru_cache(maxsize=16384)
def read_run(run: str) -> tuple[str, str, bool, bool]:
    """(role, name, possessive, looks like a person) of a capitalised run; names recur, so cached."""
    role, name = split_role(run)
    cut = possessive_end(name)
    name = name[:len(name) - cut]
    return role, name, cut > 0, bool(name) and looks_like_person(name)


# Plurals of titles that are nobody's surname.
_GROUPS = {"senators", "lawmakers", "ministers", "governors", "officials", "congressmen", "congresswomen",
           "councillors", "councilmen", "representatives", "legislators", "spokesmen", "mayors", "premiers"}


@lru_cache(maxsize=16384)
def looks_like_person(name: str, *, single_ok: bool = False) -> bool:
    toks = name.split()
    if not toks or len(toks) > 5:
        return False
    words = [_word(t) for t in toks]
    if any(w in ORG_WORDS and not _surname_like(w, toks, words) or w in _WEEKDAYS for w in words) or \
            words[-1] in _MONTHS and \
            (len(words) == 1 or possessive_end(toks[-2])) or \
            any(t.endswith(".") and w in _MONTH_ABBREVIATIONS for t, w in zip(toks, words)):
        return False  # (nor "California's June", the primary)
    if fold(name) in PLACES or words[0] in PLACES and len(words) == 1:
        return False
    if len(words) > 1 and words[-1] in _COUNTRY_NAMES and words[0] not in given_names() and len(words[0]) > 1:
        return False  # 'Statistics Canada', 'Health Canada', 'Airservices Australia': a body of the country
    if any(t.isupper() and len(t) > 1 and "." not in t and
           not (0 < k < len(toks) - 1 and len(t) <= 3 and words[0] in given_names())  # 'Andrew RT Davies': initials
           for k, t in enumerate(toks[:-1] if has_generation(toks) else toks)):
        return False  # acronyms: IISS, FAES, NATO (but not the suffix of 'Henry Ford II')
    if toks[-1][-1:] == "s" and (toks[-1][:-1].isupper() and words[-1][:-1] in ROLE_WORDS or words[-1] in _GROUPS):
        return False  # 'Tory MPs', 'Democratic Senators': a group, not a person (but 'Dottie Deans', 'Michelle Fields')
    if len(toks) == 1:
        return single_ok and len(words[0]) > 1 and words[0] not in PEOPLE_NOUNS and words[0] not in ROLE_WORDS
    return True


# Countries that end the names of their bodies ('Statistics Canada', 'Global Affairs Canada', 'Tourism Australia')
# and, unlike Ireland, England, Wales, France, Jordan or Georgia, nobody's surname.
_COUNTRY_NAMES = frozenset({"canada", "australia", "america", "britain", "india", "japan", "china", "russia", "germany",
                            "mexico", "brazil", "italy", "spain", "pakistan", "nigeria", "kenya", "africa", "singapore",
                            "malaysia", "indonesia", "philippines", "zealand", "korea", "scotland", "europe", "asia"})

# Words for a body or a place that are also surnames ('Jane Hall', 'Ian Read', 'Park Geun-hye' beside 'City Hall',
# 'Hyde Park'; 'Helen Park', 'Stuart Hall', 'Frank Church').
_SURNAME_ORG_WORDS = frozenset({"park", "hall", "house", "church", "cross", "post", "bridge", "star", "read", "home", "steel",
                                "bank", "guard", "front", "port", "press", "record"})
# A given name romanised from Korean or Chinese: 'Geun-hye', 'Jae-in', 'Kyung-wha'.
_RE_HYPHENATED_GIVEN = regex.compile(r"\p{Lu}\p{Ll}+-\p{Ll}+")


@lru_cache(maxsize=1)
def given_names() -> frozenset:
    """Common given names (quotes_api/data/given_names.txt, built by scripts/build_given_names.py)."""
    text = resources.files("quotes_api.data").joinpath("given_names.txt").read_text("utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def _surname_like(word: str, toks: list[str], words: list[str]) -> bool:
    """Whether a word for a body in a name is a surname there: the word before it is a given name or an initial
    ('Jane Hall', 'Kathleen Hall Jamieson', 'J. Read'), or a Korean given name follows it ('President Park
    Geun-hye'); not after another word ('City Hall', 'Hyde Park', 'the Hillary Clinton White House')."""
    if word not in _SURNAME_ORG_WORDS or len(toks) < 2:
        return False
    k = words.index(word)
    if k + 1 < len(toks) and _RE_HYPHENATED_GIVEN.fullmatch(toks[k + 1]):
        return True
    if word == "park" and k == len(toks) - 2 and (k == 0 or words[k - 1] in ROLE_WORDS) and \
            words[k + 1] not in ORG_WORDS and words[k + 1] not in PLACES and toks[k + 1].isalpha() and \
            len(toks[k + 1]) <= 4:
        return True  # 'Foreign Minister Park Jin': the Korean surname and a given name of one syllable, ending the name
    return k > 0 and (words[k - 1] in given_names() or len(toks[k - 1]) == 2 and toks[k - 1].endswith("."))


def clean_name(name: str) -> str:
    """A name without the sentence's full stop or comma ("Jacob J. Lew." -> "Jacob J. Lew"); initials and
    "Jr." keep theirs."""
    name = name.strip(" ,;:")
    last = name.rsplit(" ", 1)[-1]
    if last.endswith(".") and len(last.rstrip(".")) > 2 and last.casefold() not in {"jr.", "sr.", "inc.", "co.", "corp."}:
        name = name[:-1]
    return name


def _strip_lead(text: str) -> str:
    text = text.strip(" ,;:" + MASK)
    m = P.match(P.RE_LEADING_CONJ, text)
    return text[m.end():] if m else text


_RE_APPOSITIVE_CUT = regex.compile(r"[,;(]|\b(?:who|whose|whom|which|that|where|when|since|and|but|of|for|to|with|"
                                   r"at|in|on|by|from|about|after|before|whose|he|she|his|her|him)\b", regex.I)


def _appositive_head(appositive: str | None) -> str:
    """The noun phrase that heads an appositive ('a mother of two' -> 'a mother'): what it says about the
    person themselves, not the people its clauses name ('who backed Clinton since her first bid')."""
    if not appositive:
        return ""
    text = appositive.lstrip(" ,")
    text = regex.sub(r"^\d+\s*,\s*", "", text)  # 'Jane Roe, 63, a nurse'
    m = _RE_APPOSITIVE_CUT.search(text)
    return text[:m.start()] if m else text


def _gender(text: str) -> str | None:
    words = set(text.casefold().replace(",", " ").replace(".", " ").split())
    if words & _FEMALE_WORDS:
        return "f"
    if words & _MALE_WORDS:
        return "m"
    return None


# Words that stand for people the article leaves unnamed ('Another featured', 'Others wrote').
_UNNAMED_SOME = {"another", "others", "several", "some"}


# What a sentence may say is simple, clear or blunt ('the answer is simple: "..."'), which is nobody.
_ABSTRACT_NOUNS = {"answer", "reply", "response", "verdict", "point", "conclusion", "upshot", "result",
                   "reason", "question", "problem", "truth", "reality", "lesson", "goal", "aim", "hope", "fear",
                   "concern", "argument", "logic", "idea", "thinking", "view", "bottom line", "takeaway", "solution"}


# A document that speaks for its owner: 'a statement from the family', "the family's statement", 'a letter by
# Roe's lawyers'.
_DOCUMENT_WORDS = ("statement", "letter", "email", "e-mail", "memo", "note", "release", "message", "answer", "reply",
                   "response", "verdict", "quote", "comment")  # ('Quote from Jane Roe, Director of Research:')
_DOCUMENTS = rf"(?:{'|'.join(_DOCUMENT_WORDS)}|news\s+release|press\s+release)"
# A possessive pronoun before a word for a document, and the pronoun of its owner ('her statement': she).
_OWNER_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
_RE_DOCUMENT_OF = regex.compile(
    rf"(?:(?:a|an|the)\s+)?(?:\p{{Ll}}+\s+)?{_DOCUMENTS},?\s+(?:from|by|(?:issued|released|signed|written|sent)\s+by)\s+"
    rf"(?P<owner>\S.*)|"
    rf"(?P<owner>(?:the\s+)?\S.{{0,60}}?)['\u2019]s?\s+(?:\p{{Ll}}+\s+)?{_DOCUMENTS}", P._F | regex.IGNORECASE)

# Who leads the people a phrase names: 'analysts led by Kara Doyle', 'a team headed by Dr. Roe'.
_RE_LED_BY = regex.compile(r"\s+(?:led|headed|chaired|run|organi[sz]ed|commissioned|funded)\s+by\s+\S.*$", P._F)
# How an appositive that gives a document its author starts ('signed by', 'issued by', 'written by', 'sent by').
_SIGNED_OPENERS = frozenset({"sign", "issu", "writ", "sent", "rele"})
# A capitalised name and a number: a numbered thing (a channel, a clause, a verse), no person.
_RE_NUMBERED_THING = regex.compile(rf"{P.RE_NAME_RUN.pattern}\s+\d[\d:.]*[a-z]?", P._F)


@lru_cache(maxsize=16384)
def parse_phrase(head: str, appositive: str | None = None, *, subject: bool = True) -> SpeakerRef | None:
    """Read a speaker phrase: the head noun phrase and an optional appositive after it."""
    head = _strip_lead(head)
    contraction = _RE_PRONOUN_CONTRACTION.fullmatch(head) if len(head) <= 8 else None
    if contraction:
        head = contraction.group(1)  # "He's claiming": he; "I'm old enough to remember ...": I
    if "(" in head:  # "Harry M. Reid (D-Nev.)": the parenthesis describes, the name is the head
        head = _RE_PAREN.sub("", head).strip()
    appositive = (appositive or "").strip(" ,") or None
    if appositive:
        parts = [a.strip() for a in appositive.split(",") if not _RE_BARE_APPOSITIVE.match(a.strip())]
        appositive = ", ".join(a for a in parts if a) or None  # "Roe, 63, D-Ohio, said": nothing to keep
    if not head or MASK in head:
        return None
    if " by " in head:
        led = P.search(_RE_LED_BY, head)
        if led is not None and led.start() > 0:
            head = head[:led.start()]  # 'Goldman Sachs analysts led by Kara Doyle': the analysts speak
    if appositive and appositive[:4] in _SIGNED_OPENERS and " by " in appositive and \
            any(w in head.casefold() for w in _DOCUMENT_WORDS):
        head, appositive = f"{head}, {appositive}", None  # 'The statement, signed by 40 senators,': theirs
    low = head.casefold()
    if low in _SUBJECT_PRONOUNS or low in {"they", "we", "i"}:
        return SpeakerRef("pronoun", head, gender=_SUBJECT_PRONOUNS.get(low))
    if low in _UNNAMED_SOME and not appositive:
        return SpeakerRef("anonymous", head, description=head)  # 'Another featured ...', 'Others wrote': unnamed
    if low in FUNCTION_WORDS and not (low in ("one", "another") and appositive) or \
            low in {"who", "which", "that", "it", "q", "a"}:  # ('Q: "Will there be an inquiry?"': a question)
        return None  # (but 'wrote one, Maya Chen', 'Another, Jane Roe, added': the appositive names her)
    if low.startswith(("the ", "a ", "an ")) and low.split(None, 1)[1] in _ABSTRACT_NOUNS:
        return None  # 'For Roe, the answer is simple: "..."': the answer says nothing
    doc = _RE_DOCUMENT_OF.fullmatch(head) if any(w in low for w in _DOCUMENT_WORDS) else None
    if doc is not None:
        head = doc.group("owner")  # 'a statement from the family', "the family's statement": the family
    else:
        owner, _, document = low.partition(" ")
        if owner in _OWNER_PRONOUNS and document in _DOCUMENT_WORDS:
            # 'Her message was blunt:', 'His reply:', 'Her statement said': whose words they are
            pronoun = _OWNER_PRONOUNS[owner]
            return SpeakerRef("pronoun", pronoun, gender=_SUBJECT_PRONOUNS.get(pronoun))
    if head[:1].isupper() and any(c.isdigit() for c in head) and _RE_NUMBERED_THING.fullmatch(head) and \
            _word(head.split()[0]) not in PREPOSITIONS and not any(is_date_word(w) for w in head.split()):
        return SpeakerRef("org", head, name=head)  # 'Article 33 affirms', 'Channel 4 said', 'Isaiah 45:1 reads'
    for text in (head, appositive or ""):
        m = P.search(P.RE_IDENTIFIED_AS, text) if any(h in text for h in _NAMING_HINTS) else None
        if m and text is appositive and head[:1].isupper() and _word(head.split()[0]) not in _INDEFINITE and \
                _word(head.split()[0]) not in FUNCTION_WORDS and looks_like_person(head):
            break  # 'Diana Roe, popularly known as Didi,': a named person's nickname (an alias: Discourse.person)
        if m and looks_like_person(m.group("name"), single_ok=True):
            desc = head if text is appositive else head[:m.start()].strip(" ,")
            return SpeakerRef("name", head, name=m.group("name"), description=desc or appositive,
                              gender=_gender(head))
    # "A lawyer for the plaintiffs, Rachel Green, said": the appositive is the name; so too after a title that
    # ends the head ("Trump's Virginia state director, Mike Rubino,": not 'Virginia').
    named = (appositive or "").split(",")[0].strip()
    relative = _RE_RELATIVE_HEAD.fullmatch(head) if named and " " not in named else None
    if relative and named[:1].isupper() and named.isalpha() and looks_like_person(f"{named} {relative['owner']}"):
        # "Santos's sister, Ana,": a relative named by first name has the family's name.
        return SpeakerRef("name", head, name=f"{named} {relative['owner']}", description=head, gender=_gender(head))
    if named and " " not in named and named[:1].isupper() and named.isalpha() and _RE_PRONOUN_TIE.fullmatch(head):
        # 'Her son, Diego, agrees': the person the article introduced by that tie (ArticleReader._mentions).
        return SpeakerRef("name", head, name=named, description=head, gender=_gender(head))
    if head[:1].isupper() and head.endswith(_COMPANY_ENDS) and " " in head and \
            head.rsplit(None, 1)[-1] in _COMPANY_ENDS_WORDS:
        return SpeakerRef("org", head, name=head)  # 'Acme plc said', 'Tata Sons Pvt Ltd': a company's legal form
    run = P.match(P.RE_NAME_RUN, named) if named else None
    titled = run is not None and _word(head.split()[-1]) in ROLE_WORDS and head.split()[-1][:1].islower()
    name_ref = None if titled else _name_in(head, appositive)
    if name_ref:
        return name_ref
    if run and (run.end() == len(named) or named[run.end():].split()[0] in PREPOSITIONS):
        # ... or 'a leading budget expert, Jane Roe of the Fiscal Institute'
        role, name = split_role(clean_name(run.group()))
        if name and looks_like_person(name):
            rest = named[run.end():].strip()
            return SpeakerRef("name", head, name=name, role=role or None,
                              description=f"{head}, {rest}" if rest else head, gender=_gender(head))
    words = head.split()
    if not words or len(words) > 12:
        return None
    first = words[0].casefold()
    if first in PEOPLE_NOUNS and len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper() and \
            not head.isupper() and all(w[:1].isupper() or w in _NAME_JOINERS for w in words[2:]) and \
            not any(is_date_word(w) for w in words):
        return SpeakerRef("org", head, name=head)  # 'Police Scotland', 'Police Service of Northern Ireland': a body
    if first in _INDEFINITE or first.isdigit() or first in PEOPLE_NOUNS:
        return SpeakerRef("anonymous", head, description=head, gender=_gender(head))
    if is_epithet(head):
        # 'the Italian said', 'the 33-year-old added': who was just named (ArticleReader._epithet), else nobody named.
        return SpeakerRef("role", head, role=None, description=head)
    if first == "the" and all(w[:1].isupper() for w in words[1:]):
        if _word(words[-1]) in _TITLE_HEADS or len(words) == 2 and _word(words[1]) in _PARTY_MEMBER:
            # ('the Republican said' of 'Tom Hart, a Republican': a member, not the party)
            # "the Prime Minister", "the Health Secretary": a title capitalised, not an organisation.
            return SpeakerRef("role", head, role=" ".join(words[1:]), description=head, gender=_gender(head))
        return SpeakerRef("org", head, name=head)  # "The BBC", "The Pentagon"
    # "Obama's former campaign strategist", "Taylor Swift's representative": whose, then the noun (after a name of
    # several words, up to four words in lower case ending in a word for a person: 'Kim Jong Un's sister').
    own = next((k for k, w in enumerate(words[:4]) if w.endswith(("'s", "\u2019s"))), -1)
    possessive = own == 0 and len(words) >= 2 or 0 < own < len(words) - 1 <= own + 4 and \
        all(w[:1].islower() for w in words[own + 1:]) and all(w[:1].isupper() for w in words[:own + 1]) and \
        person_noun(words[-1])
    if (first in {"the", "this", "that", "his", "her", "their", "its", "our", "my", "your"} or possessive) \
            and len(words) >= 2:
        if possessive and own > 0:
            words = [" ".join(words[:own + 1])] + words[own + 1:]  # (the owner as one word)
        noun = " ".join(words[1:]).casefold().strip(".,")
        last = _word(words[-1])
        # The head noun stands before 'of' ('the Secretary of State', 'the president of the bank': people;
        # 'the Ministry of Defence', 'the Bank of England': organisations).
        k = next((i for i, w in enumerate(words) if i > 1 and w in ("of", "for")), 0)
        if k:
            lead = _word(words[k - 1])
            if lead in ROLE_WORDS and lead not in INSTITUTIONS:
                return SpeakerRef("role", head, role=" ".join(words[1:]), description=head, gender=_gender(head))
            if lead in INSTITUTIONS:
                return SpeakerRef("org", head, name=head)
        if last in INSTITUTIONS or noun in INSTITUTIONS:
            return SpeakerRef("org", head, name=head)
        if last in ROLE_WORDS or last.rstrip("s") in ROLE_WORDS or len(words) <= 8:
            return SpeakerRef("role", head, role=" ".join(words[1:]), description=head, gender=_gender(head))
    if words[0][:1].isupper() and _word(words[-1]) in INSTITUTIONS:
        return SpeakerRef("org", head, name=head)
    if len(words) <= 4 and _word(words[-1]) in PEOPLE_NOUNS and (not words[0][:1].isupper() or
                                                                 _word(words[-1]).endswith("s")):
        return SpeakerRef("anonymous", head, description=head)  # "officials", "local residents", "Goldman analysts"
    if all(w[:1].isupper() or w.casefold() in _NAME_JOINERS for w in words) and words[0][:1].isupper() \
            and len(words) <= 6 and not (len(words) > 1 and head.isupper()) \
            and first not in FUNCTION_WORDS:  # (not a heading IN CAPITALS, nor 'When I')
        # A proper noun that is no person's name: a lone surname the article may know ("Read said"),
        # else an organisation ("Twitter", "Fox News", "MWW"); Discourse.resolve decides.
        return SpeakerRef("proper", head, name=clean_name(head), description=appositive)
    return None


# Family and social ties, and a few more words for kin, as words for a person (person_noun).
_PERSON_TIES = frozenset(P.TIES) | {"family", "parent", "child", "children", "grandson", "granddaughter",
                                    "grandmother", "grandfather", "widow", "widower"}


def person_noun(word: str) -> bool:
    """'lawyer', 'spokeswoman', 'aides', 'sister', 'family': a word for a person or people, not a thing."""
    w = _word(word)
    return any(x in ROLE_WORDS or x in PEOPLE_NOUNS or x in _PERSON_TIES
               for x in (w, w[:-1] if w.endswith("s") else w))


# "Santos's sister", "the Smiths' son", "Jane Roe's mother": the family's name and the tie.
_RE_RELATIVE_HEAD = regex.compile(rf"(?:the\s+|\p{{Lu}}[\p{{Ll}}\-]+\s+)?(?P<owner>\p{{Lu}}[\p{{L}}\-]+?)"
                                  r"(?:s'|'s|\u2019s|'|\u2019)\s+"
                                  r"(?:brother|sister|son|daughter|mother|father|wife|husband|grandson|granddaughter|"
                                  r"grandmother|grandfather)", regex.V1)  # (who mostly share the family's name)


# 'Her son', 'his wife': a family tie owned by a pronoun.
_RE_PRONOUN_TIE = regex.compile(r"(?i:his|her|their|my|our)\s+(?:brother|sister|son|daughter|mother|father|wife|"
                                r"husband|grandson|granddaughter|grandmother|grandfather|partner|fiancee?|cousin)")

# A pronoun and a verb run together: "He's", "I'm", "they're", "we've".
_RE_PRONOUN_CONTRACTION = regex.compile(r"(?i)(i|we|you|they|he|she|it)['\u2019](?:m|re|ve|ll|d|s)")


def is_group_noun(word: str) -> bool:
    """'analysts', 'officials', 'executives': after a name, the people of that body ('Goldman Sachs analysts')."""
    low = _word(word)
    return low.endswith("s") and low in PEOPLE_NOUNS


def is_epithet(head: str) -> bool:
    """'the Italian', 'the 33-year-old', 'the veteran': what sports and feature writing call the person just named."""
    words = head.split()
    return len(words) >= 2 and words[0].casefold() == "the" and (
        words[1][:1].isupper() and " ".join(words[1:]).casefold() in DEMONYMS or _RE_EPITHET.fullmatch(head) is not None)


def title_before(words: list[str]) -> bool:
    """Whether ``words`` end in a title, its capitalised words joined by 'of': 'Minister', 'Secretary of State'."""
    for w in reversed(words):
        if _word(w) in ROLE_WORDS:
            return True
        if not (w[:1].isupper() or w == "of"):
            return False
    return False


# Words in lower case that modify a capitalised title ('state Attorney General', 'former Gov.'): the preposition
# before them is the name's (_name_in).
_LOWER_TITLE_MODIFIERS = frozenset({"state", "former", "late", "federal", "county", "city", "then"})


# Words that may stand in a title written in lower case before a name, besides the role words themselves.
# (lower_title; unlike _TITLE_MODIFIERS, which qualify a capitalised title within a name run)
_LOWER_TITLE_WORDS = frozenset("chief deputy vice acting interim former executive general senior assistant associate "
                               "managing prime foreign finance home interior justice defence defense health trade "
                               "education environment transport energy".split())


# Bodies a lower-case title may name before its role word ('union leader', 'opposition leader', 'club captain').
_TITLE_BODIES = frozenset("union party opposition team club campaign committee council company firm group press police "
                          "army navy government school church hospital university college board city county state "
                          "league band".split())


def lower_title(before: str) -> str:
    """A title in lower case just before a name: 'Apple chief executive Tim Cook', 'finance minister Jane Roe'
    ('' when none: at most four words, all lower case, the last a role word)."""
    words = before.split()[-4:]
    k = len(words)
    while k and words[k - 1].islower() and (words[k - 1] in ROLE_WORDS or words[k - 1] in _LOWER_TITLE_WORDS):
        k -= 1
    if k == len(words) or words[-1] not in ROLE_WORDS and words[-1] != "executive":
        return ""
    if k and words[k - 1] in _TITLE_BODIES:
        k -= 1  # the body the role is of: 'union leader Tom Hart', 'team captain Jane Roe', 'campaign manager'
    return " ".join(words[k:])


def _name_in(head: str, appositive: str | None) -> SpeakerRef | None:
    """The person named in a head phrase.

    In a noun phrase the name is its head, after the modifiers ("Herons manager Tata
    Martino"): the last person-like name wins. When a clause follows the first name
    ("Torres was one of nine guardsmen who"), that first name is the subject. Names after
    a preposition ("officials in Caracas") are never the speaker.
    """
    found = []
    for m in P.finditer(P.RE_NAME_RUN, head):
        prev = head[:m.start()].split()
        if prev and _word(prev[-1]) in _WORK_NOUNS:
            continue  # 'his 1996 book The Truth About Hillary': a title, not a person
        late = False
        if len(prev) > 1 and prev[-1] in _LOWER_TITLE_MODIFIERS:
            late = prev[-1] == "late"  # 'the late John McGahern': a person who has died, not a body after 'the'
            prev = prev[:-1]  # 'a spokesman for state Attorney General Jane Roe': the preposition before 'state'
        if prev and prev[-1].casefold() in PREPOSITIONS:
            # "Secretary of State Mike Pompeo", "Secretary of State for Health Wes Streeting": a title, not a
            # prepositional phrase.
            if not title_before(prev[:-1]) or any(w.casefold() in ("a", "an") for w in prev[:-1]):
                continue  # ('a longtime adviser to Jane Roe': a description of someone else, not a title)
        run = m.group()
        if possessive_end(run):
            continue
        role, name = split_role(run)
        if not role and prev and prev[-1].islower() and prev[-1] not in PREPOSITIONS and len(run) > len(name) and \
                run[2:3] == " " and run[:2].istitle() and run[3:] == name:
            name = run  # "Vietnam's top leader To Lam": a short capitalised function word inside a sentence is a name's
        if not name:
            continue
        if not role and prev and prev[-1] == "for" and len(prev) > 1 and prev[-2][:1].isupper() and \
                title_before(prev[:-1]) and len(name.split()) >= 3 and m.end() == len(head.rstrip(" ,")):
            # 'Independent MP for Warringah Zali Steggall': the seat, then the member's name
            role, name, k = seat_title(prev[:-1], name)
            prev = prev[:k]
        if not role and prev and prev[-1].casefold() in ("for", "from", "to"):
            continue  # 'the spokesman for Jane Roe', 'the MP for Bristol West': whom or where they speak for, not who
        if prev and prev[-1].casefold() in _OBJECT_PARTICIPLES:
            continue  # 'an attorney representing Jane Roe': whom the speaker acts for or against
        if not role and not late and (run[:4] in ("The ", "the ") or prev and prev[-1] in ("the", "The")):
            continue  # 'the Pentagon', 'the Kremlin', 'the Foreign Secretary': a place, a body or a title
        following = head[m.end():].split()[:1]
        if following and following[0][:1].isdigit() and head[m.end():m.end() + 1].isspace():
            continue  # 'A Number 10 spokesperson', 'a Channel 4 spokesman', 'Formula 1': a numbered thing, not a person
        if len(name.split()) == 1 and following and (_word(following[0]) in ROLE_WORDS or
                                                     following[0].islower() and person_noun(following[0])):
            continue  # "Housing minister Clara Webb", "Herons manager Tata Martino", 'a Whitehall source': a modifier
        if following and prev and prev[0] in _ARTICLES and following[0].islower() and person_noun(following[0]):
            continue  # 'the 23-time Grand Slam champion', 'a Tom Hart supporter': a name of any length that modifies
        if following and is_group_noun(following[0]):
            continue  # 'Goldman Sachs analysts', 'White House officials': people of that body, not a person
        # ('a clearly frustrated Roe': an article and words describing her, then her name, which ends the phrase)
        single_ok = bool(role) or not prev or len(head.split()) <= 3 or \
            m.end() == len(head.rstrip()) and prev[0] in ("a", "an") and len(prev) <= 4 and \
            all(w.islower() and w not in PREPOSITIONS and w != "the" for w in prev)
        if looks_like_person(name, single_ok=single_ok) or _word(role) in _HONORIFICS or \
                (not prev and m.end() == len(head) and _titled_surname(name, appositive)):
            found.append((m, prev, role, name))
            if _CLAUSE_WORDS.intersection(head[m.end():].casefold().split()):
                break
    if not found:
        return None
    m, prev, role, name = found[-1]
    k = len(prev)
    while k and prev[k - 1] in P.NAME_PARTICLES:
        k -= 1
    if k < len(prev) and not role and (k == 0 or not prev[k - 1][:1].isupper()):
        # 'ten Hag said', 'said de la Fuente': the particles a surname opens with in mid-sentence are the name's
        name, prev = " ".join(prev[k:] + [name]), prev[:k]
    pre = " ".join(prev)
    lead_role = _role_before(pre)
    full_role = " ".join(x for x in (lead_role, role) if x) or None
    return SpeakerRef("name", head, name=name, role=full_role, description=appositive,
                      gender=_gender(f"{pre} {role} {_appositive_head(appositive)}"))


_ARTICLES = frozenset({"the", "The", "a", "A", "an", "An", "one", "One"})


def seat_title(title: list[str], run: str) -> tuple[str, str, int]:
    """(role, name, k) of a run after a title and 'for': ``title`` the words before 'for' ('Independent MP'), ``run``
    the seat then the name ('Warringah Zali Steggall'): ('Independent MP for Warringah', 'Zali Steggall'), and ``k``
    where the title starts in ``title`` (its capitalised words and 'of': 'Secretary of State for Wales Jo Stevens')."""
    seat, name = split_seat(run)
    k = len(title)
    while k > 0 and (title[k - 1][:1].isupper() or title[k - 1] == "of"):
        k -= 1
    return f"{' '.join(title[k:])} for {seat}", name, k


def split_seat(run: str) -> tuple[str, str]:
    """(seat, name) of a run after 'MP for': 'Warringah Zali Steggall' -> ('Warringah', 'Zali Steggall'); the name
    opens on a given name the list knows, else it is the last two words."""
    toks = run.split()
    k = next((i for i in range(1, len(toks) - 1) if toks[i] in given_names()), len(toks) - 2)
    return " ".join(toks[:k]), " ".join(toks[k:])

# A company's legal form in lower case after its name ('Acme plc', 'Acme Holdings ltd'), which ends the name run.
_COMPANY_ENDS = ("plc", "ltd", "Ltd", "PLC", "inc", "llc", "gmbh")
_COMPANY_ENDS_WORDS = frozenset(_COMPANY_ENDS)

# Participles whose object is someone other than the one who speaks ('a lawyer representing Jane Roe').
_OBJECT_PARTICIPLES = {"representing", "advising", "defending", "prosecuting", "supporting", "backing", "opposing",
                       "challenging", "suing", "accusing", "criticising", "criticizing", "replacing", "succeeding",
                       "interviewing", "employing", "endorsing", "investigating"}


# First words of names of places and buildings that are also names of people ('White House', 'Town Hall').
_PLACE_NAME_OPENERS = {"white", "town", "city", "state", "union", "royal", "opera", "court", "downing", "wall", "fleet",
                       "trinity", "christ", "grace", "ocean", "market", "station", "church", "college", "school"}


def _titled_surname(name: str, appositive: str | None) -> bool:
    """'Helen Park, Chief Executive Officer of Acme', 'Stuart Hall, a professor at ...': a first name and a surname
    that is also a word for a body or a place (so looks_like_person refuses it, for 'Hyde Park' and 'Carnegie Hall')
    is a person when the appositive gives a title."""
    toks = name.split()
    if not appositive or not 2 <= len(toks) <= 3 or _word(toks[-1]) not in _SURNAME_ORG_WORDS:
        return False
    if _word(toks[0]) in _PLACE_NAME_OPENERS or not looks_like_person(" ".join(toks[:-1]) + " X"):
        return False  # 'Central Park', 'City Hall', 'White House': the rest is no name either
    desc = [_word(w) for w in appositive.split(",")[0].split()[:5]]
    return any(w in ROLE_WORDS for w in desc)


_NAME_JOINERS = {"of", "the", "and", "for", "de", "&", "on", "in"}

# Nouns for works and documents: a capitalised run after them is a title ("the book The Truth About Hillary").
_WORK_NOUNS = {"book", "books", "film", "movie", "show", "series", "program", "programme", "report", "article", "column",
               "op-ed", "memoir", "album", "song", "bill", "act", "law", "novel", "documentary", "play", "musical",
               "podcast", "magazine", "newspaper", "website", "blog", "headline", "essay", "editorial", "speech",
               "video", "ad", "advertisement", "slogan", "hashtag", "poem", "opera", "episode", "study", "paper",
               "titled", "entitled", "called", "named", "dubbed"}

# Words that open a clause after a name: the name before them is a subject, not a modifier.
_CLAUSE_WORDS = {"who", "whom", "whose", "which", "that", "was", "is", "were", "are", "has", "had", "have", "will",
                 "would", "did", "does", "do", "also", "later"}


def _role_before(pre: str) -> str:
    """The descriptive words just before a name: "national guardsman" in "national guardsman Sgt. Jorge Torres"."""
    words = [w for w in pre.split() if any(c.isalnum() for c in w)]  # bullets and dashes describe nobody
    # A dateline ("WASHINGTON (Reuters) - ") opens the sentence but describes nobody.
    for i in range(len(words) - 1, -1, -1):
        if words[i] in {"-", "\u2013", "\u2014"} or words[i].endswith(")"):
            words = words[i + 1:]
            break
    if not words or len(words) > 8:
        return ""
    if words[0].casefold() in {"the", "a", "an"}:
        words = words[1:]
    if any(w.casefold() in {"who", "that", "which", "was", "is", "were", "and", "but"} for w in words):
        return ""
    return " ".join(words)


class Discourse:
    """The people of one article, in reading order."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._seen: dict[tuple, Entity] = {}  # (name, role, alias) as last given to person()
        self.mentions: list[Mention] = []  # in the order of their positions
        self._positions: list[int] = []
        self._by_name: dict[str, Entity] = {}
        self._by_token: dict[str, list[Entity]] = {}  # see _index
        self._by_first: dict[str, list[Entity]] = {}  # people by their first name (see _index)
        self._endings: dict[str, list[tuple[int, Entity]]] = {}  # see _file_name
        self._rank: dict[int, int] = {}  # a person's place in ``entities``, by id

    # -- building ---------------------------------------------------------------
    def mention(self, entity: Entity, pos: int, subject: bool) -> None:
        if not self._positions or pos >= self._positions[-1]:
            self._positions.append(pos)
            self.mentions.append(Mention(pos, entity, subject))
            return
        k = bisect.bisect_right(self._positions, pos)
        self._positions.insert(k, pos)
        self.mentions.insert(k, Mention(pos, entity, subject))

    def before(self, pos: int, lo: int = 0) -> Iterator[Mention]:
        """The mentions in [lo, pos), the latest first, at most LOOKBACK_MENTIONS of them: an antecedent is recent."""
        k = bisect.bisect_left(self._positions, pos)
        stop = max(bisect.bisect_left(self._positions, lo), k - LOOKBACK_MENTIONS)
        for i in range(k - 1, stop - 1, -1):
            yield self.mentions[i]

    def person(self, name: str, *, role: str | None = None, description: str | None = None,
               gender: str | None = None, pos: int = 0, alias: str | None = None) -> Entity:
        """The entity named ``name`` (a full name or a lone surname), created when new."""
        seen = self._seen.get((name, role, alias))
        if seen is not None and description is None and gender is None and seen.name == clean_name(name):
            return seen  # the same words again: nothing new to learn about the person
        name = clean_name(name)
        key = fold(name)
        ent = self._by_name.get(key)
        if ent is None and len(key.split()) == 1:
            ent = self.by_surname(key, description, pos)
        if ent is None and len(key.split()) > 1:
            ent = self._extends_single(key) or self._shortened(key)
        if ent is None:
            ent = Entity(name=name)
            self._rank[id(ent)] = len(self.entities)
            self.entities.append(ent)
            self._file_name(ent)
        elif len(name.split()) > len((ent.name or "").split()):
            ent.add_alias(ent.name)
            ent.name = name
            self._file_name(ent)
        self._by_name[key] = ent
        if role and not ent.role:
            ent.role = role
        ent.add_alias(alias)
        if role:
            ent.add_alias(f"{role.split(' of ')[0].split()[-1]} {name}")  # 'Secretary of State' -> 'Secretary
        if len(name.split()) > 1:
            ent.add_alias(surname_of(name))
        _describe(ent, description)
        ent.gender = ent.gender or gender
        self._index(ent)
        self._seen[(name, role, alias)] = ent
        return ent

    def _index(self, ent: Entity) -> None:
        """File the person under each word a lone reference may use: surnames, single-word names and aliases."""
        stamp = (ent.name, len(ent.aliases))
        if ent.indexed == stamp:
            return
        ent.indexed = stamp
        keys = set(ent.surname_keys)
        keys.update(fold(a) for a in ent.aliases if len(a.split()) == 1)
        for key in keys:
            bucket = self._by_token.setdefault(key, [])
            if ent not in bucket:
                bucket.append(ent)
        toks = fold(ent.name or "").split()
        if ent.kind == "person" and len(toks) > 1 and len(toks[0]) > 1 and "." not in toks[0]:
            bucket = self._by_first.setdefault(toks[0], [])
            if ent not in bucket:
                bucket.append(ent)

    def _file_name(self, ent: Entity) -> None:
        """File a person (as named now) under their folded name and each shorter ending of it ("andres manuel
        lopez obrador", ..., "obrador"), so that _extends_single and _shortened look at those people only,
        not at every entity of the article."""
        rank = self._rank.get(id(ent))
        if rank is None or not ent.name:
            return  # an organisation renamed: neither looks for one
        toks = fold(ent.name).split()
        for i in range(len(toks)):
            self._endings.setdefault(" ".join(toks[i:]), []).append((rank, ent))

    def _latest_person(self, ending: str, test: Callable[[str], bool]) -> Entity | None:
        """The person created last, among those filed under ``ending``, whose folded name (as it is now:
        filings of an earlier name are stale) passes ``test``."""
        best_rank, best = -1, None
        for rank, ent in self._endings.get(ending, ()):
            if rank > best_rank and ent.name and ent.kind == "person" and test(fold(ent.name)):
                best_rank, best = rank, ent
        return best

    def _extends_single(self, key: str) -> Entity | None:
        """"Geoff Ramsey" arriving after "Ramsey": the same person, now with a full name."""
        last = key.split()[-1]
        return self._latest_person(last, lambda folded: folded == last)

    def _shortened(self, key: str) -> Entity | None:
        """"López Obrador" after "Andrés Manuel López Obrador": a known full name, shortened."""
        return self._latest_person(key, lambda folded: folded.endswith(" " + key))

    # -- resolving --------------------------------------------------------------
    def by_surname(self, key: str, hint: str | None, pos: int) -> Entity | None:
        cands = self._by_token.get(key, ())
        if len(cands) <= 1:
            return cands[0] if cands else None
        if hint:
            scored = [(self._overlap(hint, e), e) for e in cands]
            best = max(s for s, _ in scored)
            if best > 0:
                top = [e for s, e in scored if s == best]
                if len(top) == 1:
                    return top[0]
                cands = top
        whole = [e for e in cands if key not in fold(e.name or "").split()[1:-1]]
        if whole and len(whole) < len(cands):
            cands = whole  # 'Ellis' is Margaret Ellis rather than Susan Ellis-Grant, whose surname only starts so
        return self._most_recent(cands, pos)

    def by_first_name(self, key: str) -> Entity | None:
        """'Maria said' after 'Maria Lopez' (features call people by first name): the one person of the article
        whose name starts with it, if there is exactly one."""
        if key in PLACES or key in self._by_token:
            return None  # a place, or somebody's surname or alias
        firsts = [e for e in self._by_first.get(key, ()) if e.name and looks_like_person(e.name)
                  and 2 <= sum(1 for t in e.name.split() if t not in P.NAME_PARTICLES) <= 4
                  and all(t.isalpha() and (t[:1].isupper() or t in P.NAME_PARTICLES)
                          for t in e.name.split())]  # ('Abdulaziz bin Salman', 'Mohammed bin Rashid Al Maktoum')
        return firsts[0] if len(firsts) == 1 else None

    @staticmethod
    def _overlap(hint: str, ent: Entity) -> int:
        want = {w for w in fold(hint).split() if w not in _STOP and not w.isdigit()}
        have = set()
        for d in ent.descriptions + [ent.role or ""] + ent.aliases:
            have |= {w for w in fold(d).split() if w not in _STOP}
        return len(want & have)

    def _most_recent(self, cands: list[Entity], pos: int) -> Entity:
        for m in self.before(pos):
            if m.entity in cands:
                return m.entity
        return cands[-1]

    def by_pronoun(self, gender: str | None, pos: int, unnamed_since: int | None = None) -> Entity | None:
        """The most recent person in subject position before ``pos`` whose gender does not clash.

        For "it" (gender "n"): the most recent institution that spoke. With ``unnamed_since``, an unnamed person who
        spoke since then counts as well, when nobody was named after them ('A police spokesman said ... He added:
        "..."'; see _one_person).
        """
        fallback = None
        want = "org" if gender == "n" else "person"
        for m in self.before(pos):
            if m.entity.kind != want and not (want == "person" and unnamed_since is not None and fallback is None and
                                              m.pos >= unnamed_since and _unnamed_speaker(m)):
                continue
            if gender and m.entity.gender and m.entity.gender != gender:
                continue
            if m.subject:
                return m.entity
            fallback = fallback or m.entity
        return fallback

    def _cataphor(self, gender: str | None, pos: int) -> Entity | None:
        """'"It's over," she said. Jane Roe, 44, had waited ten years': with nobody before it, a 'he' or 'she' is
        the person named next, as a subject, in the sentences right after (CATAPHOR_CHARS)."""
        k = bisect.bisect_right(self._positions, pos)
        for m in self.mentions[k:k + 8]:
            if m.pos > pos + CATAPHOR_CHARS:
                break
            if m.entity.kind == "person" and m.subject and not (gender and m.entity.gender and m.entity.gender != gender):
                return m.entity
        return None

    def _unnamed_they(self, pos: int, since: int) -> Entity | None:
        """The unnamed person a singular 'they' stands for: one of no stated gender who spoke since ``since`` ('A
        spokesperson for the agency said ...'), when nobody was named after them."""
        for m in self.before(pos, since):
            if m.entity.kind == "person":
                return None
            if _unnamed_speaker(m) and m.entity.gender is None:
                return m.entity
        return None

    def subject_since(self, pos: int, since: int) -> Entity | None:
        """The person last in subject position in [since, pos), if any."""
        for m in self.before(pos, since):
            if m.entity.kind == "person" and m.subject:
                return m.entity
        return None

    def by_role(self, role: str, pos: int) -> Entity | None:
        """"the admiral": the most recent person whose role or description names that role."""
        want = {w for w in fold(role).split() if w not in _STOP}
        want |= {_ABBREV[w] for w in want if w in _ABBREV}
        if not want:
            return None
        seen: set[int] = set()
        for m in self.before(pos):
            e = m.entity
            if e.kind != "person" or id(e) in seen:
                continue
            seen.add(id(e))
            if want <= e.title_words():
                return e
        return None

    def org_by_noun(self, noun: str, pos: int, generic: bool, since: int) -> Entity | None:
        """'the ministry', 'the bank': the latest organisation mentioned whose name holds that noun ('the Ministry
        of Defence'); for a noun any organisation goes by ('the company'), the latest organisation that was the
        subject of a sentence since ``since`` (the paragraph before), and only if it is the latest one mentioned."""
        for m in self.before(pos):
            e = m.entity
            if e.kind != "org" or not e.name or e.name[:1].islower():
                continue  # a person, or an organisation known only as 'the company' itself
            if generic:
                return e if m.pos >= since and m.subject else None
            if noun in fold(e.name).split():
                return e
        return None

    def resolve(self, ref: SpeakerRef, pos: int, since: int | None = None) -> tuple[Entity | None, str]:
        """The entity a reference stands for, and how it was found (the attribution method). ``since``: where the
        paragraph before starts, when an unnamed person who spoke since may be the 'he' or 'she' of ``ref``."""
        if ref.kind == "pronoun":
            if ref.text.casefold() == "they" and since is not None:
                return self._unnamed_they(pos, since), "pronoun"  # ('A spokesperson said ... "...," they said')
            if ref.text.casefold() in {"they", "we", "i"}:
                return None, "pronoun"
            ent = self.by_pronoun(ref.gender, pos, since if ref.text.casefold() in {"he", "she"} else None)
            if ent is None and ref.text.casefold() in {"he", "she"}:
                ent = self._cataphor(ref.gender, pos)
            if ent is not None and ent.gender is None and ref.gender != "n" and ent.kind == "person":
                ent.gender = ref.gender  # "she said" of Ana Ruiz: a later "he" is somebody else
            return ent, "pronoun"
        if ref.kind == "name":
            name = ref.name or ""
            lone = len(name.split()) == 1
            known = self.by_surname(fold(name), ref.description or ref.role, pos) if lone else None
            honorific = _word(ref.role.split()[-1]) if ref.role else ""
            if lone and known is None and (honorific not in _HONORIFICS or honorific in _FIRST_NAME_HONORIFICS):
                known = self.by_first_name(fold(name))  # ('Mr. Lou' is a surname, whatever else; 'Sir Keir' not)
            elif lone and known is None:
                # 'Dr Tedros' after 'Tedros Adhanom Ghebreyesus', 'Mr Abiy' after 'Abiy Ahmed Ali': names without a
                # family name of three words go by the first after an honorific (not 'Mr. Lou' after 'Lou Dobbs')
                first = self.by_first_name(fold(name))
                known = first if first is not None and len((first.name or "").split()) >= 3 else None
            if known is not None:
                _describe(known, ref.description)
                if ref.role and not known.role:
                    known.role = ref.role
                return known, "surname" if known.name != name else "explicit"
            ent = self.person(name, role=ref.role, description=ref.description, gender=ref.gender, pos=pos,
                              alias=f"{ref.role} {ref.name}" if ref.role else None)
            return ent, "explicit"
        if ref.kind == "proper":
            name = ref.name or ""
            known = self.by_surname(fold(name), ref.description, pos) if len(name.split()) == 1 else None
            if known is not None:
                return known, "surname"
            if len(name.split()) == 1 and looks_like_person(name, single_ok=True):
                return self.resolve(SpeakerRef("name", ref.text, name=name, description=ref.description), pos)
            return self.resolve(SpeakerRef("org", ref.text, name=name), pos)
        if ref.kind == "role":
            ent = self.by_role(ref.role or "", pos)
            if ent is not None:
                return ent, "description"
            return self._anonymous(ref), "description"
        if ref.kind == "org":
            key = fold(ref.name)
            ent = self._by_name.get(key)
            if ent is None and key in self._by_token:
                # 'AMLO added' after 'Andrés Manuel López Obrador, known as AMLO': a person by the name they go by
                goes_by = [e for e in self._by_token[key] if any(fold(a) == key for a in e.aliases)]
                if len(goes_by) == 1:
                    return goes_by[0], "surname"
            if ent is None:
                ent = Entity(name=clean_name(ref.name or ""), kind="org")
                self.entities.append(ent)
                self._by_name[key] = ent
            return ent, "explicit"
        return self._anonymous(ref), "description"

    def _anonymous(self, ref: SpeakerRef) -> Entity:
        ent = Entity(name=None, kind="anonymous", gender=ref.gender)
        ent.describe(ref.description or ref.text)
        self.entities.append(ent)
        return ent


def _describe(ent: Entity, description: str | None) -> None:
    """What the article says a person is; a nickname in it is an alias ('Didi said', after "Diana Roe, or Didi, as
    she is popularly known": the same person), and the description keeps what comes before it ('a mother of two,
    known as Didi')."""
    nick = P.search(_RE_NICKNAME, description) if description and \
        ("known" in description or "nicknamed" in description) else None
    if nick is not None and description is not None:
        ent.add_alias(nick.group("nick") or nick.group("nick2"))
        description = description[:nick.start()].strip(" ,") or None
    ent.describe(description)


def _unnamed_speaker(m: Mention) -> bool:
    """A mention of an unnamed person who spoke, in subject position, whom a pronoun may stand for (_one_person)."""
    return m.subject and m.entity.kind == "anonymous" and _one_person(m.entity)


def _one_person(ent: Entity) -> bool:
    """An unnamed speaker who is one person ('a police spokesman', 'one resident', 'the accused'), whom 'he' or 'she'
    may stand for once they have spoken ('A spokeswoman said ... "...," she added'); not a group ('officials')."""
    if not ent.descriptions:
        return False
    words = ent.descriptions[0].split()
    if len(words) < 2 or words[0].casefold() not in {"a", "an", "one", "another"}:
        return False
    head = next((k for k, w in enumerate(words) if w.casefold() in PREPOSITIONS or w.endswith(",")), len(words))
    return head > 1 and person_noun(words[head - 1].rstrip(",")) and not is_group_noun(words[head - 1].rstrip(","))


# Spelled-out ranks and their abbreviations (and a title's other word: 'the pontiff' is the Pope), looked up both
# ways: "the admiral" finds "Adm. Craig Faller", "Coun. Jane Roe" is 'the councillor'.
_RANK_ABBREVIATIONS = {"admiral": "adm", "sergeant": "sgt", "general": "gen", "senator": "sen", "governor": "gov",
                       "representative": "rep", "lieutenant": "lt", "colonel": "col", "captain": "capt",
                       "major": "maj", "professor": "prof", "doctor": "dr", "corporal": "cpl", "commander": "cmdr",
                       "president": "pres", "pontiff": "pope", "councillor": "coun", "constable": "const",
                       "alderman": "ald", "ambassador": "amb", "attorney": "atty"}
_ABBREV = {**_RANK_ABBREVIATIONS, **{short: word for word, short in _RANK_ABBREVIATIONS.items()}}
# Titles written as their initials ('the PM said' of Prime Minister Rishi Sunak, 'the CM' of a Chief Minister), with
# the words they stand for (for 'the chief executive' of 'Apple CEO Tim Cook').
_TITLE_ACRONYMS = {short: frozenset(words.split()) for short, words in {
    "pm": "prime minister", "cm": "chief minister", "ceo": "chief executive", "cfo": "chief financial officer",
    "coo": "chief operating officer", "cto": "chief technology officer", "vp": "vice president",
    "ag": "attorney general", "di": "detective inspector", "dci": "detective chief inspector",
    "ds": "detective sergeant", "dc": "detective constable", "dsu": "detective superintendent",
    "judge": "judge"}.items()}
# Other words news writes for such a title ('Acme's finance chief, Tom Hart, ... the CFO said').
_TITLE_SYNONYMS: dict[str, tuple[frozenset[str], ...]] = {
    "cfo": (frozenset({"finance", "chief"}), frozenset({"finance", "director"}), frozenset({"financial", "chief"})),
    "ceo": (frozenset({"chief", "executive", "officer"}), frozenset({"company", "boss"})),
    "cto": (frozenset({"technology", "chief"}),),
    # 'Mr Justice Paul Coffey', 'Mrs Justice Roe': a judge of the High Court, whom the report then calls 'the judge'
    "judge": (frozenset({"mr", "justice"}), frozenset({"mrs", "justice"}), frozenset({"ms", "justice"}),
              frozenset({"lord", "justice"}), frozenset({"lady", "justice"}))}
