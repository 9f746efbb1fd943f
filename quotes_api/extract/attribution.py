"""Read one article: find its quotations and attribute each to a speaker and an outlet.

The article is read in order, paragraph by paragraph, as a reader would:

1. every sentence (with quotations masked out) is read for the people it names, so that later
   pronouns and surnames have antecedents, and for an attribution clause of its own ("Roe
   said on Tuesday that ...") that a quotation in the next sentence may belong to;
2. every quotation is then attributed by the first of the *ways* (``WAYS``) that finds a
   speaker, each a method of its own: the clause right after it, the clause that introduces
   it, a clause ending in a colon, "according to", a credit, the sentence after or before it,
   the paragraph before it, the quotation before it;
3. the outlet is the one named in the clause, else the one the speaker is known to have
   spoken to in this article, else the "Source:" line below the quotation's section;
4. the confidence of each attribution is the calibrated probability, from the features the
   rules computed, that the speaker is right (:mod:`confidence`).
"""
from __future__ import annotations

import bisect
import dataclasses
import re
import time
from dataclasses import dataclass, field
from typing import Callable

import regex as _regex

from .. import settings
from ..articles import debris
from ..articles.model import Article
from ..articles.normalize import strip_accents
from ..errors import ExtractionTimeout
from . import clauses as C
from . import patterns as P
from .confidence import Features, score
from .outlets import registry
from .quotations import _INVISIBLE, MASK, ParaView, Quote, find_quotes, transcript_turns, view_paragraph
from .speakers import (DEMONYMS, ORG_WORDS, PEOPLE_NOUNS, PORTFOLIO_WORDS, PREPOSITIONS, ROLE_WORDS, Discourse, Entity,
                       SpeakerRef, fold, given_names, is_date_word, is_epithet, is_group_noun, is_honorific, lower_title,
                       parse_phrase, person_noun, possessive_end, read_run, seat_title, title_before)
from .clauses import _low

# How a title abbreviated before a name starts ('Dr.', 'Prof.', 'Mr', 'Ms'): a cheap test before reading the run.
_TITLE_OPENERS = frozenset({"Dr.", "Dr ", "Pro", "Mr.", "Mr ", "Ms.", "Ms ", "Mrs", "Sir", "Rev", "Dam", "Sen", "Rep",
                            "Gov", "Cll", "Cou", "Jud", "Jus", "Lor", "Lad", "Cap", "Col", "Gen", "Sgt", "Det", "Pre"})
# Whether "he" or "she" can stand for a person introduced by a family tie ("her brother Pedro").
_TIE_GENDER = {"brother": "m", "husband": "m", "son": "m", "father": "m", "uncle": "m", "boyfriend": "m",
               "grandson": "m", "grandfather": "m", "nephew": "m", "fiance": "m", "sister": "f", "wife": "f",
               "daughter": "f", "mother": "f", "aunt": "f", "girlfriend": "f", "granddaughter": "f",
               "grandmother": "f", "niece": "f", "fiancé": "m", "fiancee": "f", "fiancée": "f"}

# How sentences open when RE_PRONOUN_SUBJECT can match: a cheap test before the pattern.
_PRONOUN_OPENERS = ("He ", "She ", "But ", "And ", "Yet ", "So ", "Still ", "Then ")

_TIE_WORDS = frozenset(P.TIES)

# Titles before a single name that is the whole of it ('Pope Francis', 'King Charles', 'Queen Rania').
_REGNAL_TITLES = {"pope", "king", "queen", "prince", "princess", "emperor", "empress", "patriarch"}

# Labels of transcript turns that name a part, not a person.
# Subordinators opening a sentence whose first clause may hold words its own subject said.
_CONCESSIVE = ("While ", "Whereas ", "Although ", "Though ", "Whilst ")
_UNNAMED_TURNS = {"unidentified", "unknown", "unnamed", "unidentifed"}
_TURN_ROLES = {"host", "moderator", "interviewer", "anchor", "presenter", "reporter", "questioner", "audience", "crowd",
               "caller", "narrator", "announcer", "co-host", "cohost"}

# How far (characters) 'the latter' may stand from the 'the former' that fixed the pair they are.
FORMER_LATTER_REACH = 600

_TIE_DETERMINERS = {"his", "her", "their", "my", "our", "a", "the"}

# Words reported as said on an earlier occasion: 'for calling him', 'after describing it as'.
_RE_PAST_ACT = _regex.compile(r"\b(?:for|after|since|over)\s+(?:having\s+)?(?:called|calling|describing|described|"
                              r"saying|said|telling|told|branding|labell?ing|writing|tweeting|accusing)\b", P._F)

# Every word that can open RE_OUTLET_CUE, as a cheap test before it.
# (Searched in the lower-cased text: three times faster than a case-insensitive search.)
_RE_OUTLET_WORD = re.compile(r"\b(?:told|tells|telling|spoke|speaks|speaking|talking|talked|said|says|wrote|writes|"
                             r"writing|in|during|on|posted|tweeted|via|appearing|by|according|gave|gives|giving|granted|"
                             r"grants|granting|" + "|".join(P.OUTLET_TO_VERBS) + r")\s")

# Words that may tell an outlet ("told Reuters", "in an interview with CNN", "on Twitter"): a sentence
# without a quotation is read for its clause only when it has one of them.
_RE_OUTLET_HINT = _regex.compile(r"\b(?:told|tells|telling|interview|spoke|speaking|speaks|talking|talked|wrote|"
                                 r"writing|posted|tweeted|on\s+(?:Twitter|Facebook|X|Instagram|television|TV|radio))\b")

# An interview the subject gave, in a sentence without a clause of speech ('Karimi gave an interview to Le Monde',
# 'Roe sat down for an interview with CNN').
_RE_INTERVIEW_GIVEN = _regex.compile(r"\b(?:gave|gives|has\s+given|granted|grants|sat\s+down\s+(?:for|with)|agreed\s+to|"
                                     r"did|does)\s+(?:an?|the|his|her|their|its)\s+(?:[\p{L}\-]+\s+){0,2}?interviews?\s+"
                                     r"(?:to|with)\b", P._F)

# A channel other than an interview: words said there were not given to the outlet the speaker spoke to.
_RE_OTHER_CHANNEL = _regex.compile(
    r"\b(?:in|during|at|on)\s+(?:a|an|the|his|her|their|its|this|that)\s+(?:[\p{L}\-]+\s+){0,2}(?:letter|statement|"
    r"speech|rally|tweet|post|email|e-mail|press\s+conference|news\s+conference|hearing|debate|op-ed|column|filing|"
    r"memo|release|video|address|sermon|book|memoir|testimony|court|ad|advert|advertisement|commercial)s?\b|"
    # (another interview, not 'the interview', which is the one already named)
    r"\b(?:in|during|at|on)\s+an?\s+(?:[\p{L}\-]+\s+){0,2}(?:interview|appearance|podcast|broadcast|programme|program|"
    r"show)s?\b", P._F | _regex.IGNORECASE)

_RE_PAREN = _regex.compile(r"\s*\([^()]{0,60}\)", P._F)

# A few words before a quotation that continues the one before it: 'Then, "..."', 'And later, "..."'.
_RE_SHORT_INTRO = _regex.compile(r"(?:(?:and|but|then|now|later|still|also|again|he\s+added|she\s+added)[\s,]*){1,3}$",
                                 P._F | _regex.IGNORECASE)

# Words of a quotation (letters and digits, with inner apostrophes and hyphens), for counting and case tests.
_RE_WORD = re.compile(r"[^\W_][\w'\u2019\-]*")

# Verbs whose subject used the capitalised words quoted after them ('proclaimed a goal of "Peace Through
# Strength"', 'called him "Little Marco"'): speech, not a title.
_USED_WORDS = {"said", "says", "called", "calls", "calling", "proclaimed", "declared", "dubbed", "labeled",
               "labelled", "branded", "chanted", "shouted", "tweeted", "wrote", "promised", "vowed", "described",
               "derided", "mocked", "nicknamed", "referred", "termed", "touted", "pledged", "cited", "urged",
               "questioned", "told", "repeated", "praised", "hailed"}
# Verbs that name someone or something with the quoted words.
_NAMING = {"called", "calls", "calling", "dubbed", "dubs", "nicknamed", "labeled", "labelled", "branded", "termed",
           "derided", "mocked"}
# Most words between such a verb and the capitalised words it governs ('called him "Little Marco"').
_USED_WORDS_GAP = 4
# Nouns before capitalised words that make them a title or a name ('the book', 'a project on', 'the show').
_WORK_OR_LABEL = {"book", "books", "film", "movie", "show", "series", "program", "programme", "project", "report",
                  "article", "column", "op-ed", "memoir", "album", "song", "bill", "act", "law", "novel",
                  "documentary", "play", "podcast", "magazine", "newspaper", "website", "blog", "headline", "essay",
                  "editorial", "campaign", "slogan", "hashtag", "poem", "episode", "study", "paper", "titled",
                  "entitled", "named", "brand", "banner", "sign", "hat", "shirt", "shirts", "event", "forum",
                  "conference", "tour", "rally", "operation", "movement", "group", "party", "club", "team",
                  "initiative", "plan", "doctrine", "policy", "station", "channel", "network", "on", "at", "in"}

# What stands between two quotations of one list: 'and a', 'or the', ', and even'.
_RE_COORDINATION = _regex.compile(r"\s*,?\s*(?:and|or|but|nor|as\s+well\s+as)\s+(?:even\s+|also\s+)?(?:(?:a|an|the|as|of)\s+)?$",
                                  P._F | _regex.IGNORECASE)

# Ways whose clause is in the quotation's own sentence, and so is that sentence's clause too.
# Words before a title rather than a quotation ('on "Morning Joe"', 'in "Hamilton"').
_PLACE_PREPOSITIONS = {"on", "in", "at", "from", "with", "to", "of", "onto", "into"}
_OWN_CLAUSE_WAYS = {"_trailing", "_leading", "_colon", "_according", "_inline_credit", "_roundup"}

# Words for a work right before its title in marks, which is then no quotation ('her memoir, "Becoming Roe"').
# (Narrower than speakers._WORK_NOUNS, which holds naming verbs too: 'called her "Crooked Hillary"' is speech.)
_TITLED_WORKS = {"memoir", "memoirs", "book", "novel", "film", "movie", "album", "song", "documentary", "podcast",
                 "play", "poem", "essay", "biography", "autobiography", "single", "sitcom", "musical", "opera",
                 "titled", "entitled"}

# A lower-case letter no English text holds: what quotations become when a clause is read past them.
_FILLER = "\u0436"


def _unfilled(text: str) -> str:
    """A clause's words without the filler that stood for quotations."""
    return " ".join(text.replace(_FILLER, " ").split())


_POSSESSIVES = {"his", "her", "their", "its", "His", "Her", "Their", "Its"}

# Nouns whose content follows 'to' or 'for' ('his promise to "drain the swamp"', 'Trump's call for "a total ...').
_PLEDGE_NOUNS = {"promise", "pledge", "vow", "call", "demand", "plea"}

# How many sentences back in its paragraph a quotation without a clause looks for its speaker.
_CONTINUATION_SENTENCES = 4
# How far around a quotation (characters) the confidence features count the people named.
_FEATURE_WINDOW = 1500

# What may open a sentence before a quotation that the sentence before it introduces ('But "it ...').
_OPENING_CONJ = {"", "but", "and", "yet", "so", "still", "also", "however", "then"}

# Words a title leaves in lower case ("State of the Union"), not counted when telling titles from speech.
_TITLE_SMALL_WORDS = {"of", "the", "a", "an", "and", "or", "in", "on", "for", "to", "at", "by", "with", "from", "de"}


@dataclass
class Attribution:
    """A speaker found for a quotation (or for a sentence of reported speech)."""

    entity: Entity | None
    method: str  # how the phrase was resolved: explicit | surname | pronoun | description
    evidence: str
    outlet: str | None
    start: int  # absolute span of the clause's speaker phrase and verb
    end: int
    form: str = ""  # the clause shape (clauses.Clause.form) or the way that found it
    ref_kind: str = ""  # name | pronoun | role | anonymous | org
    known_verb: bool = True
    verb: str = ""
    used: bool = False

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, entity: Entity | None, method: str, evidence: str, outlet: str | None, start: int, end: int,
                 form: str = "", ref_kind: str = "", known_verb: bool = True, verb: str = "", used: bool = False) -> None:
        self.entity = entity
        self.method = method
        self.evidence = evidence
        self.outlet = outlet
        self.start = start
        self.end = end
        self.form = form
        self.ref_kind = ref_kind
        self.known_verb = known_verb
        self.verb = verb
        self.used = used

    def copy(self) -> "Attribution":
        """A shallow copy (what ``dataclasses.replace`` makes, without its reading of the fields by name)."""
        return Attribution(self.entity, self.method, self.evidence, self.outlet, self.start, self.end, self.form,
                           self.ref_kind, self.known_verb, self.verb, self.used)


@dataclass
class Found:
    """One occurrence of a quotation in the article, attributed."""

    parts: list[tuple[int, int]]
    kind: str
    entity: Entity | None = None
    method: str = "none"
    confidence: float = 0.0
    evidence: str = ""
    outlet: str | None = None
    outlet_method: str | None = None
    context: str = ""
    para: int = 0
    last_para: int = 0
    sentence: tuple[int, int] = (0, 0)  # absolute span of the sentence holding the last part
    way: str = ""  # which way of attribution found the speaker (see WAYS)
    attr: Attribution | None = None  # the clause it took its speaker from (None when continued)
    features: Features | None = None

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, parts: list[tuple[int, int]], kind: str, entity: Entity | None = None, method: str = "none",
                 confidence: float = 0.0, evidence: str = "", outlet: str | None = None, outlet_method: str | None = None,
                 context: str = "", para: int = 0, last_para: int = 0, sentence: tuple[int, int] = (0, 0), way: str = "",
                 attr: Attribution | None = None, features: Features | None = None) -> None:
        self.parts = parts
        self.kind = kind
        self.entity = entity
        self.method = method
        self.confidence = confidence
        self.evidence = evidence
        self.outlet = outlet
        self.outlet_method = outlet_method
        self.context = context
        self.para = para
        self.last_para = last_para
        self.sentence = sentence
        self.way = way
        self.attr = attr
        self.features = features


@dataclass
class _ParaState:
    view: ParaView
    attrs: dict[tuple[int, int], Attribution | None] = field(default_factory=dict)  # by local sentence span

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, view: ParaView, attrs: dict[tuple[int, int], Attribution | None] | None = None) -> None:
        self.view = view
        self.attrs = {} if attrs is None else attrs


@dataclass
class _Quote:
    """A quotation being attributed, with where it sits in its last sentence."""

    q: Quote
    state: _ParaState
    view: ParaView
    sent: tuple[int, int]  # local span of the sentence holding the quotation's last part
    masked: str  # that sentence, masked
    base: int  # absolute offset of the sentence
    open: int  # local (in ``masked``) offset of the opening mark of the part in this sentence
    close: int  # local offset just past its closing mark
    lead: str  # masked text of the first part's sentence before the quotation
    kind: str
    words: list[str]
    first_sentence: tuple[int, int] = (0, 0)  # absolute span of the sentence where the quotation opens

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, q: Quote, state: _ParaState, view: ParaView, sent: tuple[int, int], masked: str, base: int,
                 open: int, close: int, lead: str, kind: str, words: list[str],
                 first_sentence: tuple[int, int] = (0, 0)) -> None:
        self.q = q
        self.state = state
        self.view = view
        self.sent = sent
        self.masked = masked
        self.base = base
        self.open = open
        self.close = close
        self.lead = lead
        self.kind = kind
        self.words = words
        self.first_sentence = first_sentence


class ArticleReader:
    def __init__(self, article: Article, config: dict | None = None) -> None:
        self.article = article
        self.text = article.text
        self.discourse = Discourse()
        self.registry = registry()
        self._folded: str | None = None
        self._house_region: str | None = None
        self._lower_words: dict[str, bool] = {}
        self._turn_outlet: str | None = None  # see _transcript_outlet
        self._turn_asker: str | None = None  # the outlet whose label asks a transcript's questions ('SPIEGEL:')
        self._turn_outlet_read = False
        self._resolved: dict[tuple[C.Clause, int], Attribution | None] = {}
        self._pair: tuple[Entity, Entity, int] | None = None  # 'the former' and 'the latter', and where they were read
        self.budget = settings.get("EXTRACT_TIME_BUDGET", config)
        self.deadline = time.monotonic() + self.budget
        self.context_chars = settings.get("CONTEXT_CHARS", config)
        self.partial_min_words = settings.get("PARTIAL_MIN_WORDS", config)

    def _common(self, word: str) -> bool:
        """The article also writes ``word`` in lower case ('talk', 'setting'): a common word, not a name.
        (Looked up word by word: few runs ask, and listing every word of the article cost more.)"""
        low = word.casefold()
        known = self._lower_words.get(low)
        if known is None:
            known = self._lower_words[low] = bool(_RE_ASCII_LOWER.fullmatch(low)) and _written(self.text, low)
        return known

    def _title_like(self, name: str) -> bool:
        """'Veto Power Impedes Peace Efforts': a run of three capitalised words or more, two of them words the
        article also writes in lower case, is a heading in title case, not a person ('Ursula von der Leyen' is: the
        particles of a name are in lower case)."""
        words = name.split()
        return len(words) >= 3 and sum(1 for w in words if w not in P.NAME_PARTICLES and self._common(w.strip(".,"))) >= 2

    def _mentioned(self, name: str) -> bool:
        """Whether the article names ``name`` (an outlet's full name) anywhere."""
        if self._folded is None:
            self._folded = strip_accents(self.text).casefold()
        return strip_accents(name).casefold() in self._folded

    def _outlet_name(self, phrase: str, strict: bool = False) -> str | None:
        """The registry's outlet for a phrase of this article: a short form several outlets share ('The Times')
        is the one the article names in full, else the one of its house style's country."""
        return self.registry.resolve(phrase, self._mentioned, strict=strict, region=self._region)

    def _region(self) -> str:
        """'gb' for an article in British house style (honorifics without a full stop, 'Mr Hart', or pounds
        sterling), else '' (the registry's first outlet of a shared short form)."""
        if self._house_region is None:
            british = len(P.findall(_RE_BRITISH_HONORIFIC, self.text)) + self.text.count("\u00a3")
            american = len(P.findall(_RE_DOTTED_HONORIFIC, self.text))
            self._house_region = "gb" if british > american else ""
        return self._house_region

    # -- the whole article --------------------------------------------------------
    def read(self) -> list[Found]:
        paragraphs = debris.segment(self.text, self.article.title)
        self.paragraphs = paragraphs
        views = [view_paragraph(i, p.start, p.end, self.text) for i, p in enumerate(paragraphs) if p.kind == debris.PROSE]
        self._views = {v.index: v for v in views}
        self._turn_asker = transcript_turns(views, self.text, self._interviewer, self._named_label)
        quotes = [q for q in find_quotes(views, self.text, self._continues) if not self._programme_title(q)]
        # A quotation running over several paragraphs is attributed where it ends: its
        # clause ("... there was nothing to wait for," Lopez said) follows the last part.
        by_para: dict[int, list[Quote]] = {}
        for q in quotes:
            by_para.setdefault(q.last_para, []).append(q)
        # A sentence's attribution clause is read when a quotation asks for it (see _sentence_attr), and
        # up front wherever a speaker is said to have spoken to an outlet, which later quotations of
        # theirs inherit (in paragraphs with a quotation and the one before each).
        quoting = {q.para for q in quotes} | {q.last_para for q in quotes}
        order = [v.index for v in views]
        near = quoting | {order[k - 1] for k in range(1, len(order)) if order[k] in quoting}
        found: list[Found] = []
        self._states: dict[int, _ParaState] = {}
        self._prev_state: _ParaState | None = None
        last = max(quoting, default=-1)
        for view in views:
            if view.index > last:
                break  # nothing after the last quotation can attribute one
            self._check_time()
            state = _ParaState(view)
            self._states[view.index] = state
            self._read_sentences(state, clauses=view.index in near, before_quote=view.index not in quoting)
            found.extend(self._attribute_paragraph(state, by_para.get(view.index, []), found))
            self._prev_state = state
        self._apply_sections(found)
        for f in found:
            f.confidence = score(f.features) if f.entity is not None and f.features is not None else 0.0
        found.extend(self._repeats(found))
        return found

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractionTimeout(f"article {self.article.id} took longer than EXTRACT_TIME_BUDGET "
                                    f"({self.budget:g} s) to extract; skipped")

    def _continues(self, prev: ParaView, view: ParaView) -> bool:
        between = self.paragraphs[prev.index + 1:view.index]
        return all(p.kind in ("caption", "menu", "metadata", "repeat", "debris") for p in between)

    # -- step 1: sentences ----------------------------------------------------------
    def _read_sentences(self, state: _ParaState, clauses: bool = True, before_quote: bool = False) -> None:
        view = state.view
        sents = view.sentences
        # The capitalised runs of the whole paragraph, found once and handed to each sentence.
        runs = _split_at_sentences([(m.start(), m.group()) for m in P.finditer(P.RE_NAME_RUN, view.masked)], sents)
        ties = not _TIE_WORDS.isdisjoint(view.masked.casefold().replace(",", " ").split())
        r = 0
        for k, (s, e) in enumerate(sents):
            self._check_time()
            masked = view.masked[s:e]
            base = view.start + s
            # A sentence with a quotation gets its clause when its quotations are attributed (the same
            # clause, mostly: see _register); one without, when a quotation asks (_sentence_attr), or here
            # if a quotation follows it ('The ministry declined to comment. It said "...') or it says
            # someone spoke to an outlet.
            needed = clauses and MASK not in masked and (
                k + 1 < len(sents) and MASK in view.masked[sents[k + 1][0]:sents[k + 1][1]]
                or _RE_OUTLET_HINT.search(masked) is not None
                # (an unnamed speaker closing the paragraph before a quotation, for the 'she added' after it)
                or before_quote and k + 1 == len(sents) and _unnamed_lead(masked))
            attr = self._sentence_attribution(masked, base) if needed else None
            if attr is None and needed and "interview" in masked:
                self._interview_given(masked, base)
            while r < len(runs) and runs[r][0] < s:
                r += 1
            r0 = r
            while r < len(runs) and runs[r][0] < e:
                r += 1
            self._mentions(masked, base, attr, [(a - s, t) for a, t in runs[r0:r]], ties)
            if attr is not None:
                self._register(state, (s, e), attr)

    def _interview_given(self, masked: str, base: int) -> None:
        """'Karimi gave an interview to Le Monde on Sunday.': no clause of speech, but the person named as its subject
        spoke to that outlet, which their later quotations inherit ('"...," he told the newspaper')."""
        if P.search(_RE_INTERVIEW_GIVEN, masked) is None:
            return
        outlet = self._outlet(masked)
        if outlet is None or self.registry.is_platform(outlet):
            return
        head, at = C.clause_subject(masked)
        ref = parse_phrase(head, None) if head else None
        if ref is not None and ref.kind == "name":
            entity, _ = self.discourse.resolve(ref, base + at)
            if entity is not None and entity.kind == "person":
                entity.outlet = outlet

    def _register(self, state: _ParaState, sent: tuple[int, int], attr: Attribution) -> None:
        """Record a sentence's clause: its speaker becomes a subject mention, and the outlet they spoke to
        goes with them to their later quotations."""
        state.attrs[sent] = attr
        if attr.entity is not None and not (attr.entity.kind == "anonymous" and attr.verb.startswith("ask")):
            # ('A reporter asked Sanders how he felt. He replied: "..."': who asks is not who answers)
            self.discourse.mention(attr.entity, attr.start, True)
            if attr.outlet and attr.entity.kind == "person" and not self.registry.is_platform(attr.outlet):
                attr.entity.outlet = attr.outlet  # (an interview goes on; a post does not: 'wrote on X' stays there)

    def _sentence_attr(self, state: _ParaState, sent: tuple[int, int]) -> Attribution | None:
        """The clause of a sentence of ``state``'s paragraph, read now if it was not yet."""
        if sent not in state.attrs:
            view = state.view
            attr = self._sentence_attribution(view.masked[sent[0]:sent[1]], view.start + sent[0])
            if attr is None:
                state.attrs[sent] = None
            else:
                self._register(state, sent, attr)
        return state.attrs[sent]

    def _sentence_attribution(self, masked: str, base: int) -> Attribution | None:
        """The attribution clause of a sentence as a whole: its first speech verb with a speaker."""
        if MASK in masked:
            # A sentence with a quotation: the clause after its last quotation, else the one before its first.
            last = masked.rfind(MASK) + 1
            clause = C.trailing(masked, last, any_verb=True) or C.leading(masked, masked.find(MASK)) or \
                C.colon_subject(masked, masked.find(MASK))
            return self._resolve_clause(clause, masked, base) if clause else None
        for v in C.verbs(masked):
            if C._is_noun_use(masked, v.start()):
                continue  # 'The campaign sent an email.'
            pre = masked[:v.start()].rstrip()
            readings = []
            if not pre or pre.endswith(","):
                # '..., said Sergio Guzman, director of ...': the speaker follows the verb.
                readings.append(C.trailing(masked, v.start() - (len(masked[:v.start()]) - len(pre))))
            if pre:
                readings.append(C._clause_for_verb(masked, masked[:v.start()], v, 0))
            for clause in readings:
                attr = self._resolve_clause(clause, masked, base) if clause is not None else None
                if attr is not None:
                    return attr
        clause = C.according(masked)
        if clause is not None:
            return self._resolve_clause(clause, masked, base)
        # 'His partner, Lawrence Cummings, called him a master at deals.': a reporting verb, for the quotation after.
        for v in C.verbs(masked, C.REPORTING):
            if v.group().casefold() in C.SPEECH_FORMS or C._is_noun_use(masked, v.start()):
                continue
            clause = C._clause_for_verb(masked, masked[:v.start()], v, 0)
            attr = self._resolve_clause(clause, masked, base) if clause is not None else None
            if attr is not None and attr.entity is not None and attr.entity.kind == "person":
                return attr
        return None

    def _resolve_clause(self, clause: C.Clause, masked: str, base: int) -> Attribution | None:
        """Read a clause's speaker phrase and resolve it to a person of the article (once per clause: a
        sentence's clause is often its quotation's too)."""
        key = (clause, base)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(clause, masked, base)
        attr = self._resolved[key]
        return None if attr is None else attr.copy()

    def _resolve(self, clause: C.Clause, masked: str, base: int) -> Attribution | None:
        if clause.form == "trailing_inverted":
            ref = self._inverted(clause.head)
            ref_at = clause.head_at
            if ref is not None and ref.kind == "role" and clause.verb.casefold() in _THING_OBJECT_VERBS and \
                    not person_noun(ref.text.split()[-1]) and not is_epithet(ref.text):
                return None  # '..., who Roe said was "a liar," denied the claim': what is denied, not who
        elif clause.form == "according":
            # Whatever follows 'according to' is where the words come from: a person, an outlet, a document.
            ref = parse_phrase(clause.head, None) or SpeakerRef("anonymous", clause.head, description=clause.head)
            if ref is not None and (ref.kind == "pronoun" or self.registry.resolve(clause.head, strict=True)):
                if ref.kind == "pronoun":
                    return None
                ref = SpeakerRef("org", clause.head, name=self.registry.resolve(clause.head, strict=True))
            ref_at = clause.head_at
        else:
            ref = parse_phrase(clause.head, clause.appositive)
            ref_at = clause.head_at
        ref = self._lone_word(ref)
        if ref is None:
            return None
        entity, method = None, ""
        if ref.kind == "org":
            entity, method = self._org_anaphor(ref, base + ref_at)
        elif ref.kind == "role" and is_epithet(ref.text):
            # 'the Italian said', 'the forward told Sky Sports': the person last in subject position in this
            # paragraph or the one before, unless the role describes someone the article named ('the Villa
            # manager' after 'Villa manager Unai Emery').
            if ref.text.split()[-1].casefold() in ROLE_WORDS:
                entity, method = self.discourse.by_role(ref.text.split(None, 1)[1], base + ref_at), "description"
            if entity is None:
                entity, method = self.discourse.subject_since(base + ref_at, self._previous_paragraph_start()), \
                    "pronoun"
        elif _low(ref.text) in ("the former", "the latter"):
            entity, method = self._former_or_latter(_low(ref.text), base + ref_at), "description"
            if entity is None:
                return None  # (no pair named before: nobody, rather than 'the former' as someone)
        if entity is None:
            entity, method = self.discourse.resolve(ref, base + ref_at, self._previous_paragraph_start())
        verb_at = masked.find(clause.verb, clause.start) if clause.verb else clause.start
        outlet = None
        if clause.verb:
            # "In an interview with CNN, Warren said": an interview named before the speaker counts too.
            # ... or between the speaker and the verb ('Sam Ortiz, speaking to PBS, said').
            outlet = self._outlet(_own_clause(masked[max(verb_at, 0):])) or \
                self._outlet(masked[:clause.start], strong_only=True) \
                or self._outlet(masked[min(clause.head_at, clause.start):max(verb_at, 0)], strong_only=True)
            if outlet is None and MASK not in masked[max(verb_at, 0):] and \
                    masked.rstrip(" .!?\u201d\"'").endswith(("reported", "reports", "said", "saying")):
                # '..., Mr Kishida said, Kyodo News reported.': the outlet that printed the words.
                by = P.search(P.RE_OUTLET_REPORTED, masked, max(verb_at, 0))
                outlet = self._outlet_name(by.group("outlet"), strict=True) if by else None
            if outlet is None and masked[max(0, clause.head_at - 8):clause.head_at].endswith((" quoted ", " cited ")):
                # 'The Times quoted Ruth Adler as saying', 'Interfax cited Li as saying': the outlet is who quoted her.
                by = P.search(_RE_QUOTING_OUTLET, masked, max(0, clause.head_at - 80), clause.head_at)
                outlet = self._outlet_name(by.group("outlet"), strict=True) if by else None
        elif clause.form == "according":
            outlet = self._outlet_name(clause.head, strict=True)
        if outlet is None and clause.verb and clause.verb.casefold().startswith(("tweet", "retweet")):
            outlet = self._outlet_name("Twitter", strict=True)  # 'Roe tweeted': the verb names the network
        lo = min(clause.start, clause.head_at)
        evidence = " ".join(masked[lo:].replace(MASK, " ").split())
        return Attribution(entity, method, _clip(evidence, 160), outlet, base + lo, base + clause.end,
                           form=clause.form, ref_kind=ref.kind, known_verb=clause.known_verb, verb=clause.verb)

    def _former_or_latter(self, which: str, pos: int) -> Entity | None:
        """'Smith and Jones met. "...," said the former. "...," the latter added.': the two people named last, in
        the order named; the pair stays the same while the article goes on speaking of them (the former's own
        clause mentions the former again)."""
        if self._pair is None or pos - self._pair[2] > FORMER_LATTER_REACH:
            people: list[Entity] = []
            for m in self.discourse.before(pos):
                if m.entity.kind == "person" and all(m.entity is not p for p in people):
                    people.append(m.entity)
                    if len(people) == 2:
                        break
            if len(people) < 2:
                return None
            self._pair = (people[1], people[0], pos)
        return self._pair[0] if which == "the former" else self._pair[1]

    def _previous_paragraph_start(self) -> int:
        """Where the paragraph before the one being read starts: how far back an epithet or 'the company' looks."""
        return self._prev_state.view.start if self._prev_state is not None else 0

    def _org_anaphor(self, ref: SpeakerRef, pos: int) -> tuple[Entity | None, str]:
        """'the bank', 'the ministry', 'the company': the organisation the article named before, if it did."""
        m = _RE_ORG_ANAPHOR.fullmatch(ref.name or "")
        if m is None:
            return None, ""
        noun, mod = m.group("noun").casefold(), (m.group("mod") or "").casefold()
        generic = noun in _GENERIC_ORG_NOUNS and not mod
        ent = self.discourse.org_by_noun(noun, pos, generic, self._previous_paragraph_start())
        if ent is not None and mod and not _modifier_fits(mod, ent.name or ""):
            ent = None  # 'the central bank' is no 'Deutsche Bank'
        if ent is None and generic:
            # 'Toyota Motor Corp reported record profits. ... "...," the carmaker said': an organisation named as
            # the subject of a sentence of this paragraph or the one before, that has not spoken yet.
            name = self._org_subject_before(pos)
            if name is None:
                return None, ""
            ent, _ = self.discourse.resolve(SpeakerRef("org", name, name=name), pos)
        elif ent is None:
            # Named before without speaking: 'Profits at Deutsche Bank fell ...', 'The Ministry of Defence'.
            lo = max(0, pos - ORG_ANAPHOR_WINDOW)
            named = [n for n in P.finditer(_RE_NAMED_ORG, self.text, lo, pos)
                     if n.group("noun").casefold() == noun and (not mod or _modifier_fits(mod, n.group()))]
            if not named:
                return None, ""
            name = named[-1].group().removeprefix("The ").removeprefix("the ")
            ent, _ = self.discourse.resolve(SpeakerRef("org", name, name=name), pos)
        return ent, "description"

    def _org_subject_before(self, pos: int) -> str | None:
        """The last organisation that is the subject of a sentence before ``pos`` in the paragraph being read or the
        one before: a sentence opening with a name that says it is one ('Toyota Motor Corp', 'Qantas Airways', 'BHP
        Group': a word of the lexicon's org_words) or a registered outlet ('Reuters')."""
        found = None
        views = [s.view for s in (self._prev_state, next(reversed(self._states.values()), None)) if s is not None]
        for view in views:
            for s, e in view.sentences:
                if view.start + s >= pos:
                    break
                m = P.match(_RE_ORG_SUBJECT, view.masked, s, min(e, s + 120))
                if m is None:
                    continue
                name = m.group("org").removesuffix("'s").removesuffix("\u2019s")
                nxt = view.masked[m.end():m.end() + 24].split()[:1]
                if nxt and (not nxt[0][:1].islower() or _low(nxt[0]) in _NAME_MODIFIED or is_group_noun(nxt[0])):
                    continue  # 'A Government Accountability Office report found', 'Forbes magazine started'
                if any(_low(w) in ORG_WORDS for w in name.split()) or \
                        self.registry.resolve(name, strict=True) is not None:
                    found = name
        return found

    def _inverted(self, post: str) -> SpeakerRef | None:
        """'..., said William Cancina, a member of ...': the speaker phrase follows the verb."""
        post = post.lstrip(" ,")
        skip = C._skip_adverbs_left(post)
        post = post[skip:]
        # 'said in a statement', 'told Reuters on Tuesday': nothing of a speaker there.
        m = P.match(_RE_VERB_COMPLEMENT, post)
        if m:
            post = post[m.end():].lstrip(" ,")
            post = post[C._skip_adverbs_left(post):]
        if not post or MASK in post.split(",")[0]:
            return None
        head, appos, _ = C.split_appositive(post)
        # "said Scade who was filling up at a Shell station": the relative clause describes him.
        head, _, relative = head.partition(" who ")
        head = P.sub(_RE_PAREN, "", head).strip().rstrip(".")  # "Harry M. Reid (D-Nev.)"
        appos = appos or (f"who {relative}" if relative else None)
        # "said Jane Roe of the Center for X in Washington": the post-modifier describes her.
        head, post_mod = _split_post_modifier(head)
        if post_mod:
            appos = f"{post_mod}, {appos}" if appos else post_mod
        if len(head.split()) > 10:
            return None
        ref = parse_phrase(head, (appos or "").rstrip(". ") or None)
        if ref is None or ref.kind == "pronoun" and head.casefold() not in {"he", "she"}:
            return None
        if ref.kind == "name" and not _ends_with(head, ref.name or "") and not appos:
            return None  # "said Jones was wrong": Jones is the subject of a reported clause
        if ref.kind in ("anonymous", "org", "role") and head.split()[0].casefold() not in \
                {"a", "an", "the", "one", "another", "his", "her", "their", "its", "two", "three", "several", "some"} \
                and not head[:1].isupper() and not _bare_plural(head):
            return None
        return ref

    def _outlet(self, clause: str, strong_only: bool = False) -> str | None:
        if not clause or _RE_OUTLET_WORD.search(clause.lower()) is None:
            return None  # no cue word at all: the costlier pattern would find nothing
        fronted = strong_only and P.match(P.RE_FRONTED_CUE, clause) is not None
        cue = P.RE_OUTLET_CUE_MEDIUM if any(w in clause for w in P.MEDIUM_WORDS) else P.RE_OUTLET_CUE
        for m in P.finditer(cue, clause):
            strict = P.match(P.RE_WEAK_CUE, m.group()) is not None
            # ('Jane Roe, speaking on BBC Radio 4, said': a participle set off beside the speaker speaks of them)
            aside = strict and clause[max(0, m.start() - 2):m.start()] == ", " and \
                m.group()[:3].casefold() in ("spe", "wri", "app")
            weak_here = strict and strong_only and not aside and not (fronted and m.start() == clause.find(m.group())
                                                                      and m.start() < 20)
            name = self._outlet_name(m.group("outlet"), strict=strict)
            if name is None and clause[m.end():m.end() + 1] == " ":
                # 'told the PA news agency': a registered form may go on in lower case
                more = clause[m.end():m.end() + 24].split()[:2]
                name = self._outlet_name(f"{m.group('outlet')} {' '.join(more)}", strict=True) \
                    if more and more[0].islower() else None
            if name is None and cue is P.RE_OUTLET_CUE_MEDIUM and m.group("medium") and \
                    not is_date_word(m.group("outlet").split()[0]) and not m.group("outlet").islower():
                name = " ".join(m.group("outlet").split()).rstrip(".,;:")  # 'told Dutch broadcaster NOS': an outlet
            if name and (not weak_here or self.registry.is_platform(name)):
                return name  # (a weak cue beside the speaker counts for a network: 'thanked senators on X, writing')
        if not any(w in clause for w in P.MEDIUM_NOUNS):
            return None  # (no word for a kind of words: the patterns below would find nothing)
        for m in P.finditer(P.RE_OUTLET_MODIFIER, clause):
            # 'in a Facebook post', 'in a CNN interview', 'in a Washington Post op-ed': the outlet names the kind of
            # words, and counts when the registry knows it ('in a White House statement' names none).
            name = self._outlet_name(m.group("outlet"), strict=True)
            if name:
                return name
        if "tweet" in clause and P.search(P.RE_IN_A_TWEET, clause):
            return self._outlet_name("Twitter", strict=True)  # 'said in a tweet': the word names the network
        return None

    def _mentions(self, masked: str, base: int, attr: Attribution | None, runs: list[tuple[int, str]],
                  ties: bool) -> None:
        """People named in a sentence, in order; those in subject position count for pronouns.

        ``runs`` are the sentence's capitalised runs (local offset, text); ``ties`` whether its paragraph
        has a word for a family tie at all."""
        stripped = masked.lstrip()
        offset = len(masked) - len(stripped)
        # (endpos: the regex module costs time in proportion to the text up to it, on every call)
        m = P.match(P.RE_PRONOUN_SUBJECT, stripped, 0, 16) if stripped.startswith(_PRONOUN_OPENERS) else None
        if m:
            ent = self.discourse.by_pronoun("m" if m.group("pronoun") == "He" else "f", base + offset)
            if ent is not None:
                self.discourse.mention(ent, base + offset, True)
        m = P.match(P.RE_ROLE_SUBJECT, stripped, 0, 200) if stripped[:4] in ("The ", "the ") else None
        if m:
            # "The admiral also noted", "The former minister apologised": up to the role word.
            words = m.group("role").split()
            k = next((i for i, w in enumerate(words) if w.rstrip("s") in ROLE_WORDS), None)
            ent = self.discourse.by_role(" ".join(words[:k + 1]), base + offset) if k is not None else None
            if ent is not None:
                self.discourse.mention(ent, base + offset, True)
        has_tie = ties and not _TIE_WORDS.isdisjoint(masked.casefold().replace(",", " ").split())
        for m in (P.finditer(P.RE_RELATIVE_NAME, masked) if has_tie else ()):
            before = masked[max(0, m.start() - 30):m.start()].split()[-2:]
            if not any(w.casefold() in _TIE_DETERMINERS for w in before):
                continue
            gender = _TIE_GENDER.get(m.group("tie").casefold())
            name = m.group("name")
            if name[:3] in _TITLE_OPENERS:
                # 'Her colleague, Dr. Ben Ash,': the title is no part of the name
                role, untitled, _, _ = read_run(name)
                name = untitled or name
            ent = self.discourse.person(name, gender=gender, pos=base + m.start("name"))
            ent.describe(m.group()[: m.start("name") - m.start()].strip(" ,"))
            # (in subject position when the tie opens the sentence: 'Her son, Diego, agrees.')
            self.discourse.mention(ent, base + m.start("name"), len(masked[:m.start()].split()) == 1)
        for at, text in runs:
            pos = base + at
            if attr is not None and attr.start <= pos < attr.end:
                continue  # the attribution clause's own speaker, already mentioned
            role, name, possessive, person_like = read_run(text)
            if not name:
                continue
            if len(name.split()) > 1:
                after = masked[at + len(text):at + len(text) + 24].split(maxsplit=1)
                if not person_like or self._title_like(name) or after and is_group_noun(after[0]):
                    continue  # (nor is 'Goldman Sachs' of 'Goldman Sachs analysts')
                if not role and len(name.split()) >= 3 and masked[max(0, at - 5):at].endswith(" for "):
                    # 'Independent MP for Warringah Zali Steggall': the seat is the title's, not the name's
                    before = masked[max(0, at - 60):at].split()[(1 if at > 60 else 0):-1]  # (the first may be cut)
                    if before and before[-1][:1].isupper() and title_before(before):
                        role, name, _ = seat_title(before, name)
                elif role and masked[max(0, at - 5):at].endswith((" of ", " for ")):
                    # 'Secretary of State Mike Pompeo', 'Minister for Housing Darragh O'Brien': the run starts after
                    # the preposition; the title is the whole phrase.
                    head = P.search(_RE_TITLE_BEFORE_OF, masked, max(0, at - 60), at)
                    role = f"{head.group('title')} {head.group('of')} {role}" if head else role
                ent = self.discourse.person(name, role=role or None, pos=pos)
                if masked[at + len(text):at + len(text) + 2] == ", " or masked[max(0, at - 2):at] == ", ":
                    # 'Tom Hart, a Republican, said', 'The coach, Tom Hart, was furious': what he is, for 'the
                    # Republican', 'the coach' later
                    behind = P.match(_RE_APPOSITIVE_TITLE, masked, at + len(text), min(len(masked), at + len(text) + 60))
                    m = behind or P.search(_RE_TITLE_APPOSITIVE, masked, max(0, at - 50), at)
                    if m and m.group("title") not in ent.titles:
                        ent.titles.append(m.group("title"))
                    if m and ent.introduction is None and (behind is None or _whole_appositive(masked, behind)):
                        ent.introduction = m.group().strip(" ,.!?")
                if not role and at and masked[at - 1] == " ":
                    # 'Apple chief executive Tim Cook': a title in lower case, for 'the CEO' later (not the record's
                    # role, which the speaker's own clause states better: 'Republican presidential front-runner')
                    title = lower_title(masked[max(0, at - 40):at])
                    if title and title not in ent.titles:
                        ent.titles.append(title)
                    if title and ent.introduction is None and len(title.split()) > 1:
                        ent.introduction = title  # ('finance minister Jane Roe'; not a lone 'leader' of 'Opposition leader')
            else:
                key = fold(name)
                ent = self.discourse.by_surname(key, None, pos) if key else None
                if ent is None and role and _low(role.split()[-1]) in _REGNAL_TITLES and name.isalpha():
                    # 'Pope Francis', 'King Charles': the whole name, unless it is the first name of a person named
                    # before ('Prince Alwaleed' after 'Prince Alwaleed Bin Talal').
                    ent = self.discourse.by_first_name(key) or self.discourse.person(name, role=role, pos=pos)
                if ent is None:
                    continue
            self.discourse.mention(ent, pos, not possessive and _is_subject(masked, at))

    # -- step 2: quotations -----------------------------------------------------------
    def _attribute_paragraph(self, state: _ParaState, quotes: list[Quote], earlier: list[Found]) -> list[Found]:
        out: list[Found] = []
        short: list[Found] = []  # a word or two in marks, kept only beside an attributed quotation
        for q in quotes:
            self._check_time()
            ctx = self._context_of(state, q)
            f = Found(parts=list(q.parts), kind=ctx.kind, para=q.para, last_para=q.last_para,
                      sentence=(ctx.base, ctx.base + len(ctx.masked)))
            coordinated = self._coordinated(ctx, f, out)
            if coordinated is not None:
                # '... as a "human leech" and a "spoiled brat"': the second is the first one's speaker's.
                self._continue(f, coordinated, "_coordinated")
                f.features = self._features(ctx, f, out)
                f.context = self._context(state.view, f)
                out.append(f)
                continue
            if ctx.kind == "partial" and not self._is_speech(ctx):
                if len(ctx.words) < self.partial_min_words and not P.label_lead(ctx.lead) and \
                        (ctx.words[0][:1].islower() or not self._programme_lead(ctx.lead)):
                    short.append(f)
                continue
            if ctx.kind == "full" and self._join_second_part(ctx, f, out or earlier[-1:]):
                continue
            if ctx.kind == "full" and self._join_next_sentence(ctx, f, out):
                continue
            for way in WAYS[ctx.kind]:
                attr = way(self, ctx, out, earlier)
                if attr is None:
                    continue
                if isinstance(attr, Found):
                    self._continue(f, attr, way.__name__)
                elif attr.entity is not None or way.__name__ in ("_trailing", "_leading", "_colon", "_bracket_credit"):
                    self._take(f, attr, way.__name__, ctx.masked)
                    if way.__name__ in _OWN_CLAUSE_WAYS and ctx.sent not in state.attrs and attr.entity is not None:
                        self._register(state, ctx.sent, attr)  # the sentence's clause is this quotation's
                else:
                    continue
                break
            if ctx.kind == "partial" and f.entity is None and f.way == "":
                continue
            at = ctx.sent[0] + ctx.close
            if f.outlet is None and "[" in ctx.view.masked[at:at + 4]:
                f.outlet = self._bracket_outlet(ctx)  # 'The team cited "..." [CNN]'
                f.outlet_method = "explicit" if f.outlet else f.outlet_method
            if f.entity is None and len(ctx.words) < self.partial_min_words:
                continue  # '"Broad City" star Arturo ...': a word or two in marks that nobody says is a name
            f.features = self._features(ctx, f, out)
            f.context = self._context(state.view, f)
            out.append(f)
        for f in short:
            self._join_companion(f, out)
        return out

    def _programme_title(self, q: Quote) -> bool:
        """'Roe told CBS's "Face the Nation": "..."', 'said on ABC's "This Week" that': a programme's name in marks
        after its network's possessive, or a work's after the word for it ('her memoir, "Becoming Roe"'), is no
        quotation. It is taken out of the quotations and blanked for the clauses, so the clause that runs past it
        reaches the words after it."""
        if q.para != q.last_para or len(q.parts) != 1:
            return False
        a, b = q.parts[0]
        if b - a > 80:
            return False
        view = self._views[q.para]
        words = self.text[a:b].strip(" ,.:").split()
        if not words or len(words) > 6 or not (words[0][:1].isupper() or words[0][:1].isdigit()) or \
                not all(w[:1].isupper() or w[:1].isdigit() or w in _TITLE_SMALL_WORDS for w in words):
            return False
        lo, hi = q.outer[0] - view.start, q.outer[1] - view.start
        owner = view.masked[max(0, lo - 40):lo].split()[-1:]
        if not owner:
            return False
        if _low(owner[0].rstrip(",:")) in _TITLED_WORKS:
            pass  # 'Roe wrote in her 2019 memoir, "Becoming Roe."', 'the film "Dark Waters"', 'a book titled "..."'
        elif not owner[0].endswith(("'s", "\u2019s")) or self.registry.resolve(owner[0][:-2], strict=True) is None:
            return False
        # (blanked but for its punctuation: as words, 'The Rachel Maddow Show' would read as a person's name)
        title = "".join(c if c in ",.:;!?" else " " for c in view.text[lo:hi])
        view.masked = view.masked[:lo] + title + view.masked[hi:]
        view._alone = None
        return True

    def _programme_lead(self, lead: str) -> bool:
        """Capitalised words after 'on' or an outlet's name are a programme or a title ('on "Morning Joe"',
        'ABC's "This Week"', 'the PBS "NewsHour"'), not a quotation."""
        last = (lead.split() or [""])[-1]
        if _low(last) in _PLACE_PREPOSITIONS:
            return True
        owner = last[:-2] if last.endswith(("'s", "\u2019s")) else last
        return self.registry.resolve(owner, strict=True) is not None

    @staticmethod
    def _join_companion(f: Found, out: list[Found]) -> None:
        """'would be the "minimum" needed for "transportation security and ..."': a word or two in marks in
        the sentence of an attributed partial quotation are that quotation's too, one of its parts (alone
        they would be scare quotes)."""
        near = []
        for x in reversed(out):  # (in order of position: the sentence's own are the last ones)
            if x.sentence[0] < f.sentence[0]:
                break
            if x.kind == "partial" and x.entity is not None and x.sentence == f.sentence:
                near.append(x)
        if not near:
            return
        x = min(near, key=lambda x: min(abs(x.parts[0][0] - f.parts[-1][1]), abs(f.parts[0][0] - x.parts[-1][1])))
        x.parts = sorted(x.parts + f.parts)

    def _context_of(self, state: _ParaState, q: Quote) -> _Quote:
        view = state.view
        first = self._views[q.para]
        first_open = q.outer[0] - first.start
        lead = first.masked[first.sentence_at(first_open)[0]:first_open]
        # The part of the quotation that lies in this (its last) paragraph.
        local_open = first_open if q.para == q.last_para else 0
        sent = view.sentence_at(local_open)
        masked = view.masked[sent[0]:sent[1]]
        close = min(q.outer[1] - view.start, sent[1]) - sent[0]
        words = _RE_WORD.findall(" ".join(self.text[a:b] for a, b in q.parts))
        kind = "full" if first.turn is not None else self._kind(lead, q)  # a transcript's turn is whole words
        fs = first.sentence_at(first_open)
        return _Quote(q, state, view, sent, masked, view.start + sent[0], max(0, local_open - sent[0]), close, lead,
                      kind, words, (first.start + fs[0], first.start + fs[1]))

    def _kind(self, lead: str, q: Quote) -> str:
        lead = lead.strip(_INVISIBLE)
        if not lead or lead.endswith(":"):
            return "full"
        words = lead.split()
        tail = " ".join(words[-4:])
        if lead.endswith(",") or C.ends_with_verb(tail):
            # 'He said, "We ..."'; or the second half of '"A," he said, "but B."', which may open in lower case.
            if lead.startswith(MASK) or self.text[q.parts[0][0]:][:1].isupper():
                if C.ends_with_verb(tail) or lead.startswith(MASK):
                    return "full"
        return "partial"

    def _is_speech(self, ctx: _Quote) -> bool:
        """A few words quoted inside a sentence: speech only if someone is reported to have said them."""
        words = ctx.words
        content = [w for w in words if w.casefold() not in _TITLE_SMALL_WORDS] or words
        caps = sum(1 for w in content if w[:1].isupper())
        if not words:
            return False
        if P.label_lead(ctx.lead):
            return False  # 'the so-called "war on drugs"': a label
        if len(words) < self.partial_min_words and words[0][:1].isupper():
            # One or two capitalised words: a name or a programme ('shows like "Broad City"'), unless a
            # naming verb gives them to someone ('called him "Little Marco"').
            clause = C.leading(ctx.masked, ctx.open, partial=True)
            return clause is not None and clause.verb.casefold() in _NAMING and \
                len(ctx.masked[clause.end:ctx.open].split()) <= _USED_WORDS_GAP
        if len(words) >= 2 and caps == len(content) and not words[0][:1].islower():
            # Every word capitalised: a title, a name or a slogan ("Make America Great Again"), not speech;
            # unless a speaker is said to have used the words ('Trump proclaimed a goal of "Peace Through
            # Strength"', 'what Trump called "Miss Piggy"'), and no work or label is named before them.
            lead_words = ctx.lead.split()[-3:]
            if any(_low(w) in _WORK_OR_LABEL for w in lead_words) or ctx.lead.rstrip().endswith(("'s", "\u2019s")):
                return False
            clause = C.leading(ctx.masked, ctx.open, partial=True)
            if clause is None or clause.verb.casefold() not in _USED_WORDS or \
                    len(ctx.masked[clause.end:ctx.open].split()) > _USED_WORDS_GAP:
                return False
            return True
        if len(words) < self.partial_min_words:
            # Short quotations are scare quotes unless a verb governs them ('called it "a
            # disgrace"') or a speaker is reported before them in lower-case prose ('Officials
            # said the aid would come "within weeks"'); a capitalised word is a name or a
            # programme ('spoke to the PBS "NewsHour"').
            if words[0][:1].isupper():
                return False
            inner = self.text[ctx.q.parts[-1][0]:ctx.q.parts[-1][1]].rstrip()
            after = C.trailing(ctx.masked, ctx.close) if inner.endswith(",") or \
                ctx.masked[ctx.close:ctx.close + 4] == " by " else None
            if after is not None and not inner.endswith(","):
                after = after if after.head_at == ctx.close + 4 else None  # 'was branded "..." by Roe': its agent
            if not C.governing(ctx.lead) and C.leading(ctx.masked, ctx.open, partial=True) is None and after is None:
                return False  # ('The summit did "too little," he added': a clause after the words is speech too)
        return True

    # The ways, in the order tried. Each returns an Attribution, a Found to continue, or None.
    def _turn(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """A turn of an interview transcript: 'TAPPER: ...' is Tapper's; 'A: ...' the interviewee's."""
        who = ctx.view.turn
        if who is None:
            return None
        at = ctx.view.start
        outlet = self._transcript_outlet()
        if who == "A":
            ent = self._interviewee(at)
            return Attribution(ent, "explicit", "A:", outlet, at, at + 2, form="turn", ref_kind="name") if ent else None
        name = who if not who.isupper() else " ".join(w.capitalize() if "." not in w else w for w in who.split())
        if _low(name) in ROLE_WORDS or _low(name) in _TURN_ROLES:
            name = f"the {_low(name)}"  # 'HOST:', 'MODERATOR:': a role, not a name (the host, if the article names one)
        elif _low(name.split()[0]) in _UNNAMED_TURNS:
            name = f"an {_low(name)}"  # 'UNIDENTIFIED MALE:': someone the transcript cannot name
        ref = parse_phrase(name, None)
        if ref is None:
            return None
        entity, method = self.discourse.resolve(ref, at)
        return Attribution(entity, method, f"{who}:", outlet, at, at + len(who), form="turn", ref_kind=ref.kind)

    def _transcript_outlet(self) -> str | None:
        """Where a transcript's words were said, as its introduction tells ('an interview that aired on "Face the
        Nation"', 'told the BBC's Today programme'): the outlet of every turn."""
        if not self._turn_outlet_read:
            first = min((v.start for v in self._views.values() if v.turn is not None), default=0)
            intro = self.text[max(0, first - 2000):first].translate(_NO_QUOTE_MARKS)
            self._turn_outlet = self._outlet(intro) or self._turn_asker
            self._turn_outlet_read = True
        return self._turn_outlet

    def _interviewer(self, label: str) -> str | None:
        """The outlet a transcript's label names ('SPIEGEL', 'The Herald'), asking the questions; None for anyone else."""
        return self.registry.resolve(label, strict=True)

    def _named_label(self, label: str) -> bool:
        """Whether a turn's label in ordinary case names a person of the article: it opens on a given name ('Tom
        Hart'), or the article prints its last word after a given name or an honorific ('Finance minister Tom Hart',
        'Mr Hart'), which a place or a heading ('Ukraine:', 'Verdict:') never has."""
        words = label.split()
        if len(words) > 1 and words[0].casefold() in given_names():
            return True
        text, word = self.text, " " + words[-1]
        at = text.find(word)
        while at > 0:
            after = text[at + len(word):at + len(word) + 1]
            if not (after.isalpha() or after.isdigit()):
                before = text[max(0, at - 30):at].split()[-1:]
                if before and (before[0].casefold() in given_names() or is_honorific(before[0]) or
                               _low(before[0]) in ROLE_WORDS):
                    return True
            at = text.find(word, at + 1)
        return False

    def _interviewee(self, pos: int) -> Entity | None:
        """Who answers in a Q/A transcript: the person the article names most before the answers."""
        counts: dict[int, int] = {}
        by_id: dict[int, Entity] = {}
        for m in self.discourse.before(pos):
            if m.entity.kind == "person" and m.entity.name:
                counts[id(m.entity)] = counts.get(id(m.entity), 0) + 1
                by_id[id(m.entity)] = m.entity
        return by_id[max(counts, key=counts.__getitem__)] if counts else None

    def _trailing(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'"...," Roe said' / '"...," said Roe, a nurse': the clause right after the quotation."""
        if C.governed(ctx.masked[:ctx.open]):
            return None  # 'Trump claimed that "...,"': the verb before the words governs them
        if ctx.kind == "partial":
            inner = self.text[ctx.q.parts[-1][0]:ctx.q.parts[-1][1]].rstrip()
            after = ctx.masked[ctx.close:ctx.close + 2].lstrip()
            if not (inner.endswith((",", "!", "?", "\u2014", "-")) or after.startswith((",", "\u2014", "-"))):
                return None
            if ctx.masked.lstrip().startswith(_CONCESSIVE) and C.governing(ctx.masked[:ctx.open]):
                return None  # 'While Roe called the deal "historic," Hart said ...': the subordinate clause's own
        clause = C.trailing(ctx.masked, ctx.close)
        if clause is not None and clause.form == "according" and ctx.kind == "partial":
            # 'Officials said the aid would come "within weeks," according to a statement': the verb
            # before the words is their speaker, the statement where they were reported (see _according).
            return None
        if clause is None and ctx.kind == "full" and MASK in ctx.masked[ctx.close:]:
            # '"...," Texas delegate Bill Eastland, wearing "Ted Cruz" campaign pins, said': the clause runs on past
            # a quotation inside it (read with the quotations after the words as filler; see _past_quotations)
            filled = self._filled(ctx, ctx.close, len(ctx.masked))
            return self._past_quotations(C.trailing(filled, ctx.close), filled, ctx)
        return self._resolve_clause(clause, ctx.masked, ctx.base) if clause else None

    def _leading(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'Roe said on Tuesday that "...' / 'When Smith spoke, Roe replied, "...': the nearest verb before."""
        if ctx.q.para != ctx.q.last_para:
            return self._first_paragraph_clause(ctx)
        for clause in C.leading_all(ctx.masked, ctx.open, partial=ctx.kind == "partial"):
            attr = self._resolve_clause(clause, ctx.masked, ctx.base)
            if attr is not None:
                return attr
        return self._leading_past_quotation(ctx) if ctx.kind == "full" else None

    def _leading_past_quotation(self, ctx: _Quote) -> Attribution | None:
        """'Jane Roe, who called the plan "a disgrace," said: "..."', 'Hart, who was "shocked" by the result, said:
        "..."': the clause's subject stands before a quotation inside its own relative clause or appositive. When the
        clause after the last quotation has a verb but no speaker, the clause is read again with the quotations
        before it as words (filler in lower case, keeping a comma that closed one)."""
        prev = ctx.masked.rfind(MASK, 0, ctx.open)
        if prev < 0 or not C.verbs(ctx.masked, None, prev + 1, ctx.open):
            return None
        filled = self._filled(ctx, 0, ctx.open)
        return self._past_quotations(C.leading(filled, ctx.open), filled, ctx)

    @staticmethod
    def _filled(ctx: _Quote, lo: int, hi: int) -> str:
        """The quotation's sentence with the quotations in [lo, hi) as filler words (a comma that closed one kept)."""
        text = ctx.view.text[ctx.sent[0]:ctx.sent[0] + len(ctx.masked)]
        return ctx.masked[:lo] + "".join(
            c if c != MASK else ("," if text[k] in "\"\u201d'\u2019" and text[k - 1:k] == "," else _FILLER)
            for k, c in enumerate(ctx.masked[lo:hi], lo)) + ctx.masked[hi:]

    def _past_quotations(self, clause: C.Clause | None, filled: str, ctx: _Quote) -> Attribution | None:
        """A clause read past other quotations: kept only when it names a person or a body, without the filler."""
        if clause is None:
            return None
        if _FILLER in clause.head or _FILLER in (clause.appositive or ""):
            # (the quotation stays out of the speaker's description: 'The Rove ad hits Clinton for taking ... and')
            clause = dataclasses.replace(clause, head=_unfilled(clause.head),
                                         appositive=clause.appositive and _unfilled(clause.appositive))
        attr = self._resolve_clause(clause, filled, ctx.base)
        if attr is None or attr.entity is None or attr.entity.kind not in ("person", "org"):
            return None  # (a description read this way is too often the words of a longer clause)
        attr.evidence = _clip(" ".join(attr.evidence.replace(_FILLER, " ").split()), 160)  # (no filler shown)
        return attr

    def _first_paragraph_clause(self, ctx: _Quote) -> Attribution | None:
        """'Patel said: "...' and the quotation runs on over paragraphs: the clause is in the first."""
        first = self._views[ctx.q.para]
        first_open = ctx.q.outer[0] - first.start
        s, e = first.sentence_at(first_open)
        masked = first.masked[s:e]
        clause = C.leading(masked, first_open - s) or C.colon_subject(masked, first_open - s)
        return self._resolve_clause(clause, masked, first.start + s) if clause else None

    def _colon(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'Trump leaned in and boomed: "...': a clause ending in a colon hands the quotation to its subject."""
        clause = C.colon_subject(ctx.masked, ctx.open)
        return self._resolve_clause(clause, ctx.masked, ctx.base) if clause else None

    def _according(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'"...," according to Roe' or 'According to the filing, "...'."""
        clause = C.according(ctx.masked)
        return self._resolve_clause(clause, ctx.masked, ctx.base) if clause else None

    def _sentence_clause(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """A partial quotation in a sentence attributed as a whole ('..., calling it "a farce," Roe said')."""
        attr = self._sentence_attr(ctx.state, ctx.sent)
        return attr if attr is not None and attr.entity is not None else None

    def _inline_credit(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'"...," \u2015 Sonya Herridge': a dash credit right after the quotation, on its line."""
        tail = ctx.view.masked[ctx.sent[0] + ctx.close:]
        m = P.match(_RE_INLINE_CREDIT, tail)
        if not m or tail[m.end():m.end() + 1] == MASK and m.group("credit").split()[-1].islower():
            return None  # ('"Do svidaniya!" - Russian for "goodbye."': a gloss, not a credit)
        head, appos, _ = C.split_appositive(m.group("credit"))
        ref = parse_phrase(head, appos)
        if ref is None or ref.kind == "pronoun":
            return None
        at = ctx.base + ctx.close + m.start("credit")
        entity, method = self.discourse.resolve(ref, at)
        return Attribution(entity, method, _clip(" ".join(m.group().split()), 160), None, at, at + len(head),
                           form="credit", ref_kind=ref.kind)

    def _possessive(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'her claim that she "never sent ..."': words someone's claim, answer or promise holds are theirs."""
        clause = C.possessive_speech(ctx.masked, ctx.open)
        return self._resolve_clause(clause, ctx.masked, ctx.base) if clause else None

    def _lone_word(self, ref: SpeakerRef | None) -> SpeakerRef | None:
        """A capitalised word alone as the speaker phrase, which Discourse would take for a surname or a body:
        not a possessive ("Clinton's attacks were echoed"), a day or a month ('Friday described'), nor a plural
        common noun the article also writes in lower case ('Estimates of ... are problematic', 'Signs of momentum
        were there'); a plural nationality or word for people is the group ('Mexicans often say', 'Democrats said')."""
        if ref is None or ref.kind not in ("proper", "name") or ref.role or not ref.name or " " in ref.name:
            return ref
        word = ref.name
        low = word.casefold()
        if possessive_end(word) or is_date_word(word):
            return None
        if low.endswith("s") and not low.endswith("ss") and word[1:].islower():
            if low in PEOPLE_NOUNS or low[:-1] in DEMONYMS or low == "others":
                return SpeakerRef("anonymous", ref.text, description=ref.text)
            if (self._common(low) or self._common(low[:-1])) and \
                    self.discourse.by_surname(low, None, len(self.text)) is None:
                return None
        return ref

    def _possessive_object(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'the rally denounced Trump's call for "a total ..."', 'Roe mocked his promise to "drain the swamp"': a
        partial quotation right after someone's claim, call or promise holds the owner's words, whoever reports them
        (tried before the clause that leads to it)."""
        near = ctx.masked[max(0, ctx.open - 120):ctx.open].split()[-12:]
        if not any(w in ("that", "to", "for") for w in near[-7:]) or \
                not any(w.endswith(("'s", "\u2019s")) or w in _POSSESSIVES for w in near):
            return None  # (cheap tests first: this is tried for every partial quotation)
        clause = C.possessive_speech(ctx.masked, ctx.open)
        if clause is None:
            return None
        gap = ctx.masked[clause.end:ctx.open].split()
        noun = clause.verb.casefold().rstrip("s")
        # (only with the word that makes the quotation its content: 'Trump's comments "are based on ..."' describes
        # them; 'her response to "..."' quotes what she answered; 'called his statement that ... as "..."' is the
        # caller's)
        if not gap or gap[-1] == "as" or \
                not (gap[0] == "that" or gap[0] in ("to", "for") and len(gap) <= 3 and noun in _PLEDGE_NOUNS):
            return None
        return self._resolve_clause(clause, ctx.masked, ctx.base)

    def _bracket_credit(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'"..." [CNN]': a news digest's bracketed credit names the outlet the words come from, not who said them."""
        outlet = self._bracket_outlet(ctx)
        if outlet is None:
            return None
        at = ctx.base + ctx.close
        return Attribution(None, "none", "", outlet, at, at, form="credit", ref_kind="outlet")

    def _bracket_outlet(self, ctx: _Quote) -> str | None:
        at = ctx.sent[0] + ctx.close
        m = P.match(_RE_BRACKET_CREDIT, ctx.view.masked, at, min(len(ctx.view.masked), at + 80))
        return self._outlet_name(m.group("credit"), strict=True) if m else None

    def _roundup(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'Jane Roe, Reuters: "..."' or 'Jane Roe, mayor: "..."': a reaction round-up line."""
        lead = ctx.view.masked[:ctx.sent[0] + ctx.open].rstrip()
        if not lead.endswith(":") or MASK in lead or len(lead.split()) > 12:
            return None
        head, appos, at = C.split_appositive(lead[:-1])
        ref = self._lone_word(parse_phrase(head, appos))
        if ref is None or ref.kind not in ("name", "org"):
            return None
        outlet = self._outlet_name(appos, strict=True) if appos else None
        pos = ctx.view.start + at
        entity, method = self.discourse.resolve(ref, pos)
        return Attribution(entity, method, _clip(lead, 160), outlet, pos, pos + len(lead), form="roundup",
                           ref_kind=ref.kind)

    def _next_sentence(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'"A disgrace!" Graham shouted.': a quotation that ends its sentence, and its clause is the next."""
        view, sents = ctx.view, ctx.view.sentences
        i = ctx.view.sentence_index(ctx.sent)
        if i < 0 or i + 1 >= len(sents) or ctx.masked[ctx.close:].strip():
            return None
        nxt = sents[i + 1]
        clause = C.bare(view.masked[nxt[0]:nxt[1]], self._ends_in_question(ctx))
        if clause is None:
            return None
        attr = self._resolve_clause(clause, view.masked[nxt[0]:nxt[1]], view.start + nxt[0])
        if attr is not None:
            attr.form = "next_sentence"
        return attr

    def _previous_sentence(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """'Roe said on Tuesday. "...': the sentence before, in the same paragraph, attributed and quoting nothing."""
        if ctx.masked[:ctx.open].strip(" ,").casefold() not in _OPENING_CONJ:
            return None
        sents = ctx.view.sentences
        i = ctx.view.sentence_index(ctx.sent)
        if i <= 0:
            return None
        prev = self._sentence_attr(ctx.state, sents[i - 1])
        if prev is None or prev.entity is None:
            return None
        # A sentence quoting someone else hands on nothing; its own speaker continues (see _continuation).
        if MASK in ctx.view.masked[sents[i - 1][0]:sents[i - 1][1]]:
            return None
        return prev

    def _introduction(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """A quotation opening its paragraph, after a paragraph that ends with a colon and quotes nothing."""
        first = self._views[ctx.q.para]
        if ctx.q.outer[0] != first.start:
            return None
        prev = self._states.get(max((i for i in self._states if i < ctx.q.para), default=-1))
        if prev is None or not self._continues(prev.view, first) or prev.view.spans or \
                not prev.view.text.rstrip().endswith(":") or not prev.view.sentences:
            return None
        last = prev.view.sentences[-1]
        attr = self._sentence_attr(prev, last)
        if attr is None:
            masked = prev.view.masked[last[0]:last[1]]
            clause = C.colon_subject(masked + MASK, len(masked))
            attr = self._resolve_clause(clause, masked, prev.view.start + last[0]) if clause else None
        if attr is not None:
            attr.form = "introduction"
        return attr

    def _credit_below(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """The speaker named on a dash credit line right below a paragraph that is only a quotation."""
        view = ctx.view
        if not view.alone:
            return None
        nxt = self.paragraphs[view.index + 1] if view.index + 1 < len(self.paragraphs) else None
        if nxt is None or nxt.kind != "credit":
            return None
        line = self.text[nxt.start:nxt.end]
        body = line.lstrip(" \u2014\u2015\u2013-")
        at = nxt.end - len(body)
        head, _, appos = body.partition(",")
        ref = parse_phrase(head.strip(), appos.strip(" .") or None)
        if ref is None or ref.kind == "pronoun":
            return None
        entity, method = self.discourse.resolve(ref, at)
        return Attribution(entity, method, _clip(" ".join(line.split()), 160), None, at, nxt.end, form="credit",
                           ref_kind=ref.kind)

    def _continuation(self, ctx: _Quote, out, earlier) -> Found | Attribution | None:
        """A quotation with no clause of its own continues the speaker of the one before it.

        In the same paragraph; or, when the paragraph opens with the quotation, the last
        quotation of the paragraph right before it (a speaker quoted paragraph after paragraph).
        A sentence of reported speech in between ('Roe said the plan would fail. "It will."') is
        the speaker too.
        """
        if ctx.masked[:ctx.open].strip(" \u2014\u2013-"):
            return None
        before = next((x for x in out[-3:][::-1] if x.entity is not None), None)
        sents = ctx.view.sentences
        i = max(0, ctx.view.sentence_index(ctx.sent))
        # The nearest earlier sentence in the paragraph with a speaker of its own (a few sentences back at most).
        for j in range(i - 1, max(-1, i - 1 - _CONTINUATION_SENTENCES), -1):
            attr = self._sentence_attr(ctx.state, sents[j])
            if attr is not None and attr.entity is not None:
                if before is not None and before.sentence[0] >= ctx.view.start + sents[j][0]:
                    return before
                return attr
        if before is not None:
            return before
        prev = self._prev_state
        first = self._views[ctx.q.para]
        if ctx.q.para != ctx.q.last_para and ctx.q.outer[0] != first.start:
            # A quotation that opens a sentence after another one and runs on over paragraphs ('"...," she said.
            # "Boats will be tied up within weeks.' then '"We warned ministers ..."'): the one before is its speaker.
            at = ctx.q.outer[0] - first.start
            s, _ = first.sentence_at(at)
            if first.masked[s:at].strip(" \u2014\u2013-"):
                return None
            return next((x for x in earlier[::-1][:3] if x.entity is not None and x.last_para == ctx.q.para), None)
        if ctx.q.para != ctx.q.last_para:
            # A quotation over several paragraphs continues from the paragraph before its first one.
            prev = self._states.get(max((i for i in self._states if i < ctx.q.para), default=-1))
        if prev is None or ctx.q.outer[0] != first.start or not self._continues(prev.view, first):
            return None
        if earlier and earlier[-1].entity is not None and earlier[-1].last_para == prev.view.index:
            return earlier[-1]
        # 'Roe said the plan would fail.' then a paragraph that is one quotation (or opens one over several).
        if prev.view.sentences and (ctx.view.alone if ctx.q.para == ctx.q.last_para else first.alone):
            attr = self._sentence_attr(prev, prev.view.sentences[-1])
            if attr is not None and attr.entity is not None and attr.entity.kind != "anonymous":
                return attr
            # 'Roe is upbeat about the race.' then the quotation: the person that paragraph is about.
            s0 = prev.view.start + prev.view.sentences[-1][0]
            ent = self._nearest_person(s0, prev.view.end, subject_only=True)
            if ent is not None:
                return Attribution(ent, "continuation", "", None, s0, s0, form="paragraph_subject", ref_kind="name")
        return None

    def _follow_up(self, ctx: _Quote, out, earlier) -> Found | Attribution | None:
        """'"A," said Roe. Now, "b ..."': a few words quoted in the sentence after an attributed quotation,
        with no verb of their own, are the same speaker's."""
        if len(ctx.words) < self.partial_min_words:
            return None
        sents = ctx.view.sentences
        i = ctx.view.sentence_index(ctx.sent)
        if i <= 0:
            return None
        prev = sents[i - 1]
        lead = ctx.masked[:ctx.open]
        if C.verbs(lead, C.REPORTING) or self._nearest_person(ctx.base, ctx.base + ctx.open, subject_only=True):
            return None
        before = out[-1] if out else None
        if before is not None and before.entity is not None and \
                ctx.view.start + prev[0] <= before.parts[-1][0] < ctx.view.start + prev[1]:
            return before
        # 'Roe said the plan would fail. Doing so "would cost us dearly."': the speaker the sentence before
        # names with a clause of its own.
        attr = self._sentence_attr(ctx.state, prev)
        if attr is not None and attr.entity is not None and attr.entity.kind == "person":
            return attr
        return None

    def _nearest(self, ctx: _Quote, out, earlier) -> Attribution | None:
        """A partial quotation with no clause: the person its sentence is about."""
        ent = self._nearest_person(ctx.base, ctx.base + ctx.open)
        if ent is None:
            return None
        return Attribution(ent, "nearest", "", None, ctx.base, ctx.base, form="nearest", ref_kind="name")

    def _coordinated(self, ctx: _Quote, f: Found, out: list[Found]) -> Found | None:
        """A partial quotation joined to the one before it in its sentence by 'and' or 'or' ('"X" and "Y"')."""
        if ctx.kind != "partial" or not out or out[-1].kind != "partial" or out[-1].sentence != f.sentence or \
                out[-1].entity is None or not ctx.words:
            return None
        between = ctx.masked[ctx.masked.rfind(MASK, 0, ctx.open) + 1:ctx.open]
        if MASK not in ctx.masked[:ctx.open] or not P.match(_RE_COORDINATION, between):
            return None
        return out[-1]

    def _join_second_part(self, ctx: _Quote, f: Found, out: list[Found]) -> bool:
        """'"A," he said, "B."': a second quotation sharing the first one's clause is its second part."""
        if not out or out[-1].kind != "full" or out[-1].sentence != ctx.first_sentence:
            return False  # (the first part may lie in an earlier paragraph, the quotation running on)
        prev = out[-1]
        between = self.text[prev.parts[-1][1]:f.parts[0][0]]
        if MASK in ctx.masked[ctx.masked.rfind(MASK, 0, ctx.open) + 1:ctx.open].replace(MASK, ""):
            return False
        if len(between.split()) > C.TRAILING_MAX_WORDS or prev.entity is None and prev.way == "":
            return False
        if self._second_speaker(between, prev.entity):
            return False  # '"A," Roe told supporters, while Hart insisted: "B."': a second clause, a second speaker
        prev.parts.extend(f.parts)
        return True

    def _ends_in_question(self, ctx: _Quote) -> bool:
        """Whether the quotation's words end in a question or an exclamation mark (before its closing marks), which
        ends its sentence where a comma would not."""
        end = ctx.base + ctx.close
        return self.text[end - 3:end].rstrip("\"\u201d'\u2019")[-1:] in ("?", "!")

    def _second_speaker(self, between: str, first: Entity | None) -> bool:
        """Whether the words between two quotations end in a clause of someone named other than ``first``
        ('..., while Hart insisted:'), not the same speaker going on ('Trump said, adding:')."""
        found = C.verbs(between)
        if len(found) < 2 or first is None:
            return False
        v = found[-1]
        clause = C._clause_for_verb(between, between[:v.start()], v, 0)
        ref = parse_phrase(clause.head, clause.appositive) if clause is not None and clause.head else None
        if ref is None or ref.kind != "name" or not ref.name:
            return False
        return fold(ref.name).split()[-1] not in first.surname_keys

    def _join_next_sentence(self, ctx: _Quote, f: Found, out: list[Found]) -> bool:
        """'"A," he said. "B."': a quotation opening the sentence right after an attributed one is its next part."""
        lead = ctx.masked[:ctx.open].strip()
        if not out or lead and not P.match(_RE_SHORT_INTRO, lead):
            return False
        first = next((x for x in reversed(out) if x.kind == "full"), None)
        if first is None or first.entity is None or first.way in ("_continuation", "") or \
                first.last_para != ctx.view.index or first is not out[-1]:
            return False
        gap = self.text[first.sentence[1]:f.parts[0][0]].strip()
        if not (first.sentence[1] <= f.parts[0][0] and len(gap) - len(lead) <= 2 and first.sentence != f.sentence):
            return False
        # Only when the clause sat between the two ('"A," he said. "B."'), not before the first, and when
        # the second has no clause of its own ('"B" there too, the memo stated').
        if first.way not in ("_trailing", "_inline_credit") or C.verbs(ctx.masked, C.SPEECH, ctx.close):
            return False
        # '"No," replied Hart. "Then who pays?" Roe asked.': a question or an exclamation ends its sentence,
        # and the clause after it, naming someone else, is its own.
        if self._ends_in_question(ctx):
            attr = self._next_sentence(ctx, out, [])
            if attr is not None and attr.entity is not None and attr.entity is not first.entity:
                return False
        first.parts.extend(f.parts)
        first.sentence = f.sentence
        return True

    def _take(self, f: Found, attr: Attribution, way: str, sentence: str = "") -> None:
        attr.used = True
        f.entity, f.method, f.evidence, f.way = attr.entity, attr.method, attr.evidence, way
        if attr.entity is None:
            f.method = "none"
        if way in ("_previous_sentence", "_introduction") and f.method == "explicit":
            f.method = "previous_sentence"
        if attr.form == "nearest":
            f.method = "nearest"
        if attr.outlet:
            f.outlet, f.outlet_method = attr.outlet, "explicit"
        elif attr.entity is not None and attr.entity.outlet and not P.search(_RE_OTHER_CHANNEL, sentence) and \
                not P.search(_RE_PAST_ACT, sentence):
            # The outlet the speaker spoke to earlier in the article; not when the sentence names
            # another channel ('In a letter, Webb accused him of "grandstanding"'), or words said before
            # ('apologised for calling him "a serial obstructionist"').
            f.outlet, f.outlet_method = attr.entity.outlet, "speaker"
        f.attr = attr

    def _continue(self, f: Found, before: Found, way: str) -> None:
        f.entity, f.method, f.evidence, f.way = before.entity, "continuation", before.evidence, way
        f.outlet, f.outlet_method = before.outlet, before.outlet_method and "continuation"
        f.attr = None

    def _features(self, ctx: _Quote, f: Found, out: list[Found]) -> Features:
        """What the confidence model reads: how the speaker was found, and how crowded the place was."""
        attr = f.attr
        persons, in_sentence = set(), set()
        sent_lo, sent_hi = ctx.base, ctx.base + len(ctx.masked)
        lo_pos = max(ctx.view.start, f.parts[0][0] - _FEATURE_WINDOW)
        hi_pos = min(ctx.view.end, f.parts[-1][1] + _FEATURE_WINDOW)
        for m in self.discourse.before(hi_pos, lo_pos):
            if m.entity.kind == "person":
                persons.add(id(m.entity))
                if sent_lo <= m.pos < sent_hi and m.entity is not f.entity:
                    in_sentence.add(id(m.entity))
        ent = f.entity
        named_in_clause = False
        if ent is not None and ent.name and f.evidence:
            ev = fold(f.evidence)
            named_in_clause = fold(ent.name) in ev or any(k in ev.split() for k in ent.surname_keys)
        gap = 0
        if attr is not None:
            q0, q1 = f.parts[0][0], f.parts[-1][1]
            gap = max(0, attr.start - q1, q0 - attr.end)
        return Features(way=f.way or "none", form=attr.form if attr else ("continuation" if f.entity else ""),
                        method=f.method, ref_kind=attr.ref_kind if attr else "", kind=f.kind,
                        known_verb=attr.known_verb if attr else True,
                        entity_kind=ent.kind if ent is not None else "",
                        named=bool(ent is not None and ent.name),
                        single_name=bool(ent is not None and ent.name and len(ent.name.split()) == 1),
                        persons_in_paragraph=len(persons), multi_paragraph=ctx.q.para != ctx.q.last_para,
                        quote_words=len(ctx.words), named_in_clause=named_in_clause,
                        others_in_sentence=len(in_sentence), gap=gap,
                        reported_by=C.according_match(ctx.masked) is not None,
                        quotes_in_sentence=min(3, ctx.masked.count(MASK + " ") + 1))

    def _nearest_person(self, lo: int, hi: int, subject_only: bool = False) -> Entity | None:
        """The person the text in [lo, hi) is about: its last subject, else (unless ``subject_only``) the nearest name."""
        nearest = None
        for m in self.discourse.before(hi, lo):
            if m.entity.kind == "person" and m.entity.name:
                if m.subject:
                    return m.entity
                nearest = nearest or m.entity
        return None if subject_only else nearest

    # -- step 3: sections and repeats ---------------------------------------------------
    def _apply_sections(self, found: list[Found]) -> None:
        """A 'Source: X' credit names the outlet of the quotations in the block right above it.

        The block is the run of quotation-bearing paragraphs directly above the credit (a
        slideshow's slide): it stops at a paragraph without quotations, a heading, or
        another credit, so that one credit does not claim a whole article.
        """
        with_quotes = {f.para for f in found} | {f.last_para for f in found}
        for i, p in enumerate(self.paragraphs):
            if p.kind != "source":
                continue
            outlet = self._outlet_name(p.outlet or "")
            if not outlet:
                continue
            block = set()
            for j in range(i - 1, -1, -1):
                k = self.paragraphs[j].kind
                if k in ("repeat", "caption", "menu", "metadata", "debris"):
                    continue
                if k != debris.PROSE or j not in with_quotes:
                    break
                block.add(j)
            # Only whole quotations: a partial one is a fragment of a public statement
            # reported at second hand, not words given to the credited outlet.
            for f in found:
                if f.last_para in block and f.outlet is None and f.kind == "full":
                    f.outlet, f.outlet_method = outlet, "section"

    def _repeats(self, found: list[Found]) -> list[Found]:
        """Quotations of a paragraph printed twice, found again at the copy's offsets."""
        by_para: dict[int, list[Found]] = {}
        for f in found:
            if f.para == f.last_para:
                by_para.setdefault(f.para, []).append(f)
        out = []
        for k, p in enumerate(self.paragraphs):
            if p.repeat_of is None or p.repeat_of not in by_para:
                continue
            orig = self.paragraphs[p.repeat_of]
            shift = p.start - orig.start
            if self.text[p.start:p.end] != self.text[orig.start:orig.end]:
                continue
            for f in by_para[p.repeat_of]:
                out.append(dataclasses.replace(f, parts=[(a + shift, b + shift) for a, b in f.parts], para=k,
                                               last_para=k))
        return out

    def _context(self, view: ParaView, f: Found) -> str:
        s0 = view.sentence_at(f.parts[0][0] - view.start)[0]
        s1 = view.sentence_at(min(f.parts[-1][1], view.end) - view.start)[1]
        idx = max(0, view.sentence_index(view.sentence_at(s0)))
        if idx > 0 and s1 - s0 < self.context_chars // 2:
            s0 = view.sentences[idx - 1][0]
        return _clip(" ".join(view.text[s0:s1].split()), self.context_chars)


# What may follow a speech verb before the speaker in an inverted clause: 'said in a statement', 'told Reuters'.
# The ways of attribution, tried in this order for each kind of quotation (see ArticleReader._attribute_paragraph).
_R = ArticleReader
WAYS: dict[str, list[Callable]] = {
    "full": [_R._turn, _R._trailing, _R._inline_credit, _R._leading, _R._colon, _R._possessive, _R._roundup,
             _R._according, _R._next_sentence, _R._introduction, _R._previous_sentence, _R._credit_below,
             _R._bracket_credit, _R._continuation],
    "partial": [_R._trailing, _R._possessive_object, _R._leading, _R._according, _R._sentence_clause, _R._possessive,
                _R._bracket_credit, _R._previous_sentence, _R._follow_up, _R._nearest],
}


_RE_VERB_COMPLEMENT = _regex.compile(
    r"(?:(?:in|during)\s+(?:a|an|the|his|her|their)\s+(?:\p{L}+\s+){0,2}(?:statement|interview|email|e-mail|post|"
    r"tweet|letter|speech|release|conversation|call|video|message|op-ed|column|appearance|filing|memo|note)"
    r"(?:\s+(?:with|to|on|for|in)\s+(?:the\s+)?\p{Lu}[\p{L}\p{N}.&'\-]*(?:\s+\p{Lu}[\p{L}\p{N}.&'\-]*){0,3})?"
    r"|on\s+(?:the\s+)?\p{Lu}[\p{L}\p{N}.&'\-]*(?:\s+\p{Lu}[\p{L}\p{N}.&'\-]*){0,3}"
    r"|to\s+(?:the\s+)?(?:reporters|journalists|supporters|the\s+crowd|\p{Lu}[\p{L}\p{N}.&'\-]*"
    r"(?:\s+\p{Lu}[\p{L}\p{N}.&'\-]*){0,3}))(?:\s*,)?",
    P._F)

# '"...," \u2015 Sonya Herridge' on the quotation's own line.
# 'the bank', 'the ministry': an organisation called by what it is (see ArticleReader._org_anaphor).
_ORG_NOUNS = ("bank|ministry|department|company|firm|agency|council|commission|committee|authority|union|"
              "university|hospital|group|organisation|organization|foundation|institute|association|board|"
              "corporation|business|charity|airline|carrier|retailer|insurer|lender|regulator|watchdog|utility|"
              "carmaker|automaker|chipmaker|drugmaker|manufacturer|conglomerate|startup")
_RE_ORG_ANAPHOR = _regex.compile(rf"(?:the|The)\s+(?:(?P<mod>central|national|federal|state|foreign|interior|"
                                 rf"defence|defense|finance|health|justice|education|environment)\s+)?"
                                 rf"(?P<noun>{_ORG_NOUNS})", _regex.V0)  # (a modifier is a word of the name)
# Nouns any organisation may go by, whatever its name: only an organisation that just spoke.
_GENERIC_ORG_NOUNS = {"company", "firm", "group", "organisation", "organization", "business", "corporation", "agency",
                      # (what wire copy calls a company by its trade: 'the carmaker', 'the lender', 'the airline')
                      "airline", "carrier", "retailer", "insurer", "lender", "carmaker", "automaker", "chipmaker",
                      "drugmaker", "manufacturer", "conglomerate", "startup"}
# A name opening a sentence, as its subject ('Toyota Motor Corp reported ...', 'The Ministry of Health confirmed ...').
# (not after an article or a conjunction: 'A Government Accountability Office report', 'But Mr. Bloomberg')
_RE_ORG_SUBJECT = _regex.compile(r"\s*(?:The\s+)?(?!(?:A|An|But|And|So|Yet|Or|Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\b)"
                                 r"(?:Shares[ \t]+of[ \t]+)?(?P<org>\p{Lu}[\p{L}\p{N}&.'\u2019\-]*"
                                 r"(?:[ \t]+(?:of[ \t]+|for[ \t]+|&[ \t]+)?\p{Lu}[\p{L}\p{N}&.'\u2019\-]*){0,5})",
                                 _regex.V0)
# An organisation's name holding such a noun: 'Deutsche Bank', 'the Ministry of Defence', 'Bank of England'.
_ORG_NOUNS_CAP = "|".join(n.capitalize() for n in _ORG_NOUNS.split("|"))
_RE_NAMED_ORG = _regex.compile(
    rf"(?:(?:\p{{Lu}}\p{{Ll}}?\.|\p{{Lu}}[\p{{L}}&\-]*)[ \t]+){{1,4}}(?P<noun>{_ORG_NOUNS_CAP})\b(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?"
    rf"\p{{Lu}}[\p{{L}}\-]*(?:[ \t]+\p{{Lu}}[\p{{L}}\-]*){{0,3}})?|(?P<noun>{_ORG_NOUNS_CAP})[ \t]+(?:of|for)[ \t]+"
    rf"(?:the[ \t]+)?\p{{Lu}}[\p{{L}}\-]*(?:[ \t]+\p{{Lu}}[\p{{L}}\-]*){{0,3}}", _regex.V0)
# How far back (in characters) 'the ministry' looks for a name that holds the noun.
ORG_ANAPHOR_WINDOW = 2000
# The subject of 'quoted X as saying', when it is an outlet ('The Times quoted'), maybe with what it is after its name
# ('the official IRNA news agency quoted', wire copy's way with state media).
_RE_QUOTING_OUTLET = _regex.compile(r"(?P<outlet>\p{Lu}[\p{L}.&'\u2019\-]*(?:\s+\p{Lu}[\p{L}.&'\u2019\-]*){0,4})"
                                    r"(?:\s+(?:news\s+agency|agency|newspaper|daily|paper|television|broadcaster|network|"
                                    r"radio|website|magazine|channel))?\s+(?:quoted|cited)\s+$", _regex.V0)
_NO_QUOTE_MARKS = str.maketrans("", "", "\"\u201c\u201d\u201e\u00ab\u00bb")
_RE_ASCII_LOWER = re.compile(r"[a-z]+")
_WORD_CHARS = re.compile(r"[\w'\u2019-]")


def _bare_plural(head: str) -> bool:
    """People in the plural with no determiner, alone or with a prepositional phrase: the subject of an inverted clause
    ('..., say analysts at the bank', 'said officials in Kabul'), not of a reported one ('said officials were ...')."""
    words = head.split()
    return is_group_noun(words[0]) and (len(words) == 1 or _low(words[1]) in PREPOSITIONS)


def _written(text: str, word: str) -> bool:
    """``word`` (lower-case letters a to z) stands alone somewhere in ``text``, not inside a longer word."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not _WORD_CHARS.match(text, at - 1)) and (end == len(text) or not _WORD_CHARS.match(text, end)):
            return True
        at = text.find(word, at + 1)
    return False

# The capitalised title before 'of' in 'U.S. Secretary of State Mike Pompeo' (the run holds 'State Mike Pompeo').
_RE_TITLE_BEFORE_OF = _regex.compile(r"(?P<title>(?:\p{Lu}[\p{L}.\-]*\s+){0,2}\p{Lu}[\p{L}.\-]*)\s+(?P<of>of|for)\s+$",
                                     P._F)

# '"..." [WaPo.]': a digest's credit in brackets right after the quotation.
_RE_BRACKET_CREDIT = _regex.compile(r"[\s.,]*\[(?P<credit>\p{Lu}[^\[\]\n\u00b7]{1,60}?)\.?\]", P._F)
_RE_INLINE_CREDIT = _regex.compile(r"[\s.,]*(?:\u2015|\u2014|\u2013|--|(?<=\s)-(?=\s))\s*"
                                   r"(?P<credit>\p{Lu}[^\n\u00b7]{1,100}?)[\s.]*(?=\n|$|\u00b7)", P._F)


def _split_post_modifier(head: str) -> tuple[str, str]:
    """'Jane Roe of the Center for X' -> ('Jane Roe', 'of the Center for X'); 'campaign manager Robby Mook in a
    statement' -> ('campaign manager Robby Mook', 'in a statement'); titles with 'of' stay whole."""
    for m in _RE_NAME_THEN_PREP.finditer(head):
        name = m.group("name")
        # "Secretary of State Mike Pompeo", "Bank of America": a title or an institution continues.
        if name.split()[-1].casefold().strip(".") in ROLE_WORDS or len(name.split()) < 2 and m.start() == 0 \
                and m.group("prep") == "of" and not head[m.end():].startswith("the "):
            continue  # "Bank of America"; but "Heiserman of the CORE Teachers" is a name and a post-modifier
        brief = _low((head[m.end():].split() or [""])[0]) if m.group("prep") == "for" else ""
        if brief and (brief in PORTFOLIO_WORDS or brief in ORG_WORDS) and \
                any(_low(w) in ROLE_WORDS for w in head[:m.start("prep")].split()):
            continue  # 'Secretary of State for Health Wes Streeting': a minister's brief goes on with the title
        return head[:m.end("name")], head[m.start("prep"):]
    return head, ""


_RE_NAME_THEN_PREP = _regex.compile(
    r"(?P<name>\p{Lu}[\p{L}\p{M}'\u2019.\-]*(?:\s+\p{Lu}[\p{L}\p{M}'\u2019.\-]*)*)\s+(?P<prep>of|from|at|with|in|for|on|via|"
    r"after|before|during)\s+", P._F)


_PRONOUN_OPENING = {"He", "She", "They", "We", "I"}


def _is_subject(sentence: str, at: int) -> bool:
    """A name is in subject position when only titles, role words or an intro phrase precede it."""
    # Only the last few words matter; a sentinel stands for whatever came before them.
    lo = max(0, at - 120)
    words = ([] if lo == 0 else ["x"]) + sentence[lo:at].replace(MASK, " ").split()
    if words and words[-1] in PEOPLE_NOUNS:
        words.pop()  # ('Pop superstar Taylor Swift has', 'Kenyan runner Faith Kipyegon won': what she is, then who)
    while words and (words[-1][:1].isupper() or words[-1].casefold() in {"of", "the"} or
                     words[-1].casefold().strip(".") in ROLE_WORDS):
        words.pop()
    if not words:
        return True
    last = words[-1]
    if last.endswith(","):
        # 'ahead of, front-runner Donald Trump' is no subject, nor 'She met the developer, Richard Kane,': a
        # sentence that opens on its subject pronoun has its subject.
        return last[:-1].casefold() not in PREPOSITIONS and not (lo == 0 and words[0] in _PRONOUN_OPENING)
    return len(words) == 1 and P.match(P.RE_LEADING_CONJ, last) is not None



def _ends_with(head: str, name: str) -> bool:
    return fold(head).endswith(fold(name))


# House style: 'Mr Hart' (British, Irish, Australian) against 'Mr. Hart' (American).
_RE_BRITISH_HONORIFIC = _regex.compile(r"\b(?:Mr|Mrs|Ms|Dr)[ \t]+\p{Lu}", P._F)
_RE_DOTTED_HONORIFIC = _regex.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.[ \t]+\p{Lu}", P._F)


def _split_at_sentences(runs: list[tuple[int, str]], sents: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Capitalised runs cut where a sentence ends inside them: 'in July. Cruz said' is 'July.' and 'Cruz'."""
    ends = [e for _, e in sents[:-1]]
    if not ends:
        return runs
    out = []
    for a, t in runs:
        if "." not in t:
            out.append((a, t))  # (a sentence ends inside a run only at a full stop: 'Obama. Trump')
            continue
        b = a + len(t)
        k = bisect.bisect_right(ends, a)
        while k < len(ends) and ends[k] < b:
            nxt = sents[k + 1][0]
            head = t[:ends[k] - a].rstrip()
            if head:
                out.append((a, head))
            t, a = t[nxt - a:], nxt
            k += 1
        if t:
            out.append((a, t))
    return out


# Where a sentence goes on to another speaker's clause: '... said the plan was "prudent", while Ms Ling told The
# Straits Times: ...' (the outlet after it is hers).
_NEXT_CLAUSE = (", while ", ", whereas ", "; ")


def _own_clause(tail: str) -> str:
    """``tail`` (a clause from its verb on) up to where the sentence turns to another clause (_NEXT_CLAUSE)."""
    cut = min((i for i in (tail.find(c) for c in _NEXT_CLAUSE) if i >= 0), default=len(tail))
    return tail[:cut]


# Speech verbs that take a thing as their object ('denied the claim'): after them, 'the' and a noun for no person is
# the object, not a speaker.
_THING_OBJECT_VERBS = frozenset({"denied", "denies", "rejected", "rejects", "dismissed", "dismisses", "disputed",
                                 "disputes", "confirmed", "confirms", "acknowledged", "acknowledges", "repeated",
                                 "repeats", "echoed", "echoes", "refuted", "refutes"})

# A title in an appositive after a name ('Tom Hart, a Republican,', 'Jane Roe, the club's owner,') or before it
# ('The coach, Tom Hart,').
_RE_APPOSITIVE_TITLE = _regex.compile(r",[ \t]+(?:a|an|the)[ \t]+(?P<title>[\p{L}'\u2019\- ]{2,40}?),", _regex.V0)
_RE_TITLE_APPOSITIVE = _regex.compile(
    r"(?:^|[.!?][ \t]+)(?:The|the|A|a)[ \t]+(?P<title>\p{Ll}[\p{L}'\u2019\- ]{1,30}?),[ \t]+$", _regex.V0)

# Nouns after a name that make it a modifier, not the subject: 'Forbes magazine', 'Toyota shares', 'a GAO report'.
_NAME_MODIFIED = frozenset("report study survey analysis poll data statement filing magazine newspaper shares stock "
                           "spokesman spokeswoman spokesperson official officials executive executives".split())


def _whole_appositive(masked: str, m) -> bool:
    """Whether an appositive read between commas after a name is the whole of it: not a place cut at its state
    ('Jane Roe, a Neptune, N.J., native'), nor adjectives cut at their comma ('Tom Hart, the self-proclaimed,
    consummate outsider,')."""
    last = m.group("title").split()[-1]
    if last.endswith("ed"):
        return False
    after = masked[m.end():m.end() + 12].lstrip()
    return not (after[:1].isupper() and "," in after)


def _unnamed_lead(masked: str) -> bool:
    """A sentence whose subject is an unnamed person, then a speech verb: 'A police spokesman said officers were
    called', 'One resident told the BBC' (not 'One delegate, Jane Roe, pledged ...')."""
    text = masked.lstrip()
    if not text.startswith(("A ", "An ", "One ")):
        return False
    v = next(iter(C.verbs(text[:120])), None)
    return v is not None and "," not in text[:v.start()] and len(text[:v.start()].split()) <= 7


def _modifier_fits(mod: str, name: str) -> bool:
    """Whether an organisation's name has the modifier of 'the central bank', 'the health ministry' (a central bank
    by its name: 'European Central Bank', 'Reserve Bank of India', 'Bank of England')."""
    words = fold(name).split()
    return mod in words or mod == "central" and ("reserve" in words or words[:2] == ["bank", "of"])


def _clip(s: str, n: int) -> str:
    """Evidence of at most ``n`` characters, without the space a blanked quotation or title leaves before the
    punctuation after it ('Pence said on CNN's .')."""
    if " ," in s or " ." in s or " :" in s or " ;" in s or " !" in s or " ?" in s:
        s = _RE_SPACE_BEFORE_PUNCT.sub(r"\1", s)
    return s if len(s) <= n else s[: n - 1].rstrip() + "\u2026"


_RE_SPACE_BEFORE_PUNCT = re.compile(r" +([,.:;!?])(?=\s|$)")
