"""Read one article: find its quotations and attribute each to a speaker and an outlet.

The article is read in order, paragraph by paragraph, as a reader would:

1. every sentence (with quotations masked out) is searched for an attribution clause, a
   speech verb with its speaker phrase ("X said", "said X, a ...", "X told OUTLET",
   "according to X"), and for the people it names, so that later pronouns and surnames
   have antecedents;
2. every quotation takes the attribution of its own sentence; failing that, of the
   sentence before it in the paragraph ("Ramsey said. "There is ...""); failing that it
   continues the speaker of the quotation before it (same paragraph, or a paragraph that
   is nothing but a quotation);
3. the outlet is the one named in the clause, else the one the speaker is known to have
   spoken to in this article, else the "Source:" line below the quotation's section.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import settings
from ..articles import debris
from ..articles.model import Article
from . import patterns as P
from .outlets import registry
from .quotations import MASK, ParaView, Quote, find_quotes, view_paragraph
from ..articles.normalize import strip_accents
from .speakers import ROLE_WORDS, _PREPOSITIONS, Discourse, Entity, SpeakerRef, fold, parse_phrase, read_run

_TOLD = {"told", "tells", "telling"}
_PARTICIPLES = P.lexicon()["participles"]
_INTRO_WORDS = _PREPOSITIONS | {"meanwhile", "however", "still", "yet", "but", "and", "instead", "later", "earlier",
                                "separately", "asked", "also", "then", "now", "today", "yesterday", "last", "next",
                                "this", "weeks", "days", "months", "years", "once", "when", "while", "as", "if"}

# Longest sentence read as the attribution clause of the quotation before it ('"Why?" asked Sen. X, I-Vt.').
_ATTRIBUTION_SENTENCE_WORDS = 25

# Whether "he" or "she" can stand for a person introduced by a family tie ("her brother Pedro").
_TIE_GENDER = {"brother": "m", "husband": "m", "son": "m", "father": "m", "uncle": "m", "boyfriend": "m",
               "grandson": "m", "grandfather": "m", "nephew": "m", "fiance": "m", "sister": "f", "wife": "f",
               "daughter": "f", "mother": "f", "aunt": "f", "girlfriend": "f", "granddaughter": "f",
               "grandmother": "f", "niece": "f", "fiancé": "m", "fiancee": "f", "fiancée": "f"}

# How sentences open when RE_PRONOUN_SUBJECT can match: a cheap test before the pattern.
_PRONOUN_OPENERS = ("He ", "She ", "But ", "And ", "Yet ", "So ", "Still ", "Then ")

_TIE_WORDS = frozenset(P.TIES)

_TIE_DETERMINERS = {"his", "her", "their", "my", "our", "a", "the"}

# Words a title leaves in lower case ("State of the Union"), not counted when telling titles from speech.
_TITLE_SMALL_WORDS = {"of", "the", "a", "an", "and", "or", "in", "on", "for", "to", "at", "by", "with", "from", "de"}

CONFIDENCE = {"explicit": 0.95, "surname": 0.85, "pronoun": 0.75, "description": 0.8, "previous_sentence": 0.8,
              "continuation": 0.7, "nearest": 0.5, "none": 0.0}


@dataclass
class Attribution:
    """An attribution clause found in one sentence."""

    entity: Entity | None
    method: str
    evidence: str
    outlet: str | None
    start: int  # absolute span of the clause's speaker phrase and verb
    end: int
    used: bool = False


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


@dataclass
class _ParaState:
    view: ParaView
    attrs: dict[tuple[int, int], Attribution] = field(default_factory=dict)  # by local sentence span


class ArticleReader:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.text = article.text
        self.discourse = Discourse()
        self.registry = registry()
        self._folded: str | None = None
        self.context_chars = settings.get("CONTEXT_CHARS")
        self.partial_min_words = settings.get("PARTIAL_MIN_WORDS")

    def _mentioned(self, name: str) -> bool:
        """Whether the article names ``name`` (an outlet's full name) anywhere."""
        if self._folded is None:
            self._folded = strip_accents(self.text).casefold()
        return strip_accents(name).casefold() in self._folded

    # -- the whole article --------------------------------------------------------
    def read(self) -> list[Found]:
        paragraphs = debris.segment(self.text, self.article.title)
        self.paragraphs = paragraphs
        views = [view_paragraph(i, p.start, p.end, self.text) for i, p in enumerate(paragraphs) if p.kind == debris.PROSE]
        self._views = {v.index: v for v in views}
        quotes = find_quotes(views, self.text, self._continues)
        # A quotation running over several paragraphs is attributed where it ends: its
        # clause ("... there was nothing to wait for," Lopez said) follows the last part.
        by_para: dict[int, list[Quote]] = {}
        for q in quotes:
            by_para.setdefault(q.last_para, []).append(q)
        found: list[Found] = []
        prev_state: _ParaState | None = None
        self._states: dict[int, _ParaState] = {}
        for view in views:
            state = _ParaState(view)
            self._states[view.index] = state
            self._read_sentences(state)
            items = self._attribute(state, by_para.get(view.index, []), prev_state, found)
            found.extend(items)
            prev_state = state
        self._apply_sections(found)
        found.extend(self._repeats(found))
        return found

    def _continues(self, prev: ParaView, view: ParaView) -> bool:
        between = self.paragraphs[prev.index + 1:view.index]
        return all(p.kind in ("caption", "menu", "metadata", "repeat", "debris") for p in between)

    # -- step 1: sentences ----------------------------------------------------------
    def _read_sentences(self, state: _ParaState) -> None:
        view = state.view
        for s, e in view.sentences:
            masked = view.masked[s:e]
            base = view.start + s
            attr = self._attribution_in(masked, base)
            self._mentions(masked, base, attr)
            if attr is not None:
                state.attrs[(s, e)] = attr
                if attr.entity is not None:
                    self.discourse.mention(attr.entity, attr.start, True)
                    if attr.outlet and attr.entity.kind == "person":
                        attr.entity.outlet = attr.outlet

    def _attribution_in(self, masked: str, base: int, verbs=P.RE_SPEECH_VERB, before: int | None = None
                        ) -> Attribution | None:
        """The first attribution clause of a (masked) sentence, or of its part before ``before``."""
        end = len(masked) if before is None else before
        for v in P.finditer(verbs, masked, 0, end):
            verb = v.group().casefold()
            pre, post = masked[:v.start()], masked[v.end():]
            ref, ref_at = None, 0
            if verb not in _TOLD and (not pre.strip() or pre.rstrip()[-1:] in {",", MASK}):
                ref, ref_at = self._inverted(post), v.end()
            if ref is None:
                head, appos, ref_at = _subject_chunk(pre, participle=verb in _PARTICIPLES)
                ref = parse_phrase(head, appos) if head else None
            if ref is None:
                continue
            entity, method = self.discourse.resolve(ref, base + ref_at)
            # "In an interview with CNN, Warren said": an interview named before the speaker counts too.
            outlet = self._outlet(masked[v.start():]) or self._outlet(masked[:ref_at], strong_only=True)
            evidence = " ".join(masked[ref_at if ref_at < v.start() else v.start():].replace(MASK, " ").split())
            return Attribution(entity, method, _clip(evidence, 160), outlet, base + min(ref_at, v.start()),
                               base + v.end())
        m = P.search(P.RE_ACCORDING_TO, masked, 0, end)
        if m:
            tail = masked[m.end():].split(",")[0].split(MASK)[0].strip(" .")
            ref = parse_phrase(tail, None)
            if ref is not None and ref.kind != "pronoun" and self.registry.resolve(tail, strict=True) is None:
                entity, method = self.discourse.resolve(ref, base + m.end())
                return Attribution(entity, method, _clip(masked[m.start():].replace(MASK, " ").strip(), 160), None,
                                   base + m.start(), base + m.end())
        return None

    def _inverted(self, post: str) -> SpeakerRef | None:
        """'..., said William Cancina, a member of ...': the speaker phrase follows the verb."""
        post = post.lstrip()
        m = P.match(P.RE_ADVERB, post)
        if m:
            post = post[m.end():]
        if not post or MASK in post.split(",")[0]:
            return None
        head, _, appos = post.partition(",")
        # "said Scade who was filling up at a Shell station": the relative clause describes him.
        head, _, relative = head.partition(" who ")
        head = head.strip().rstrip(".")
        appos = appos or (f"who {relative}" if relative else "")
        if len(head.split()) > 10:
            return None
        ref = parse_phrase(head, appos.rstrip(". ") or None)
        if ref is None or ref.kind == "pronoun":
            return None
        if ref.kind == "name" and not _ends_with(head, ref.name):
            return None  # "said Jones was wrong": Jones is the subject of a reported clause
        if ref.kind in ("anonymous", "org", "role") and head.split()[0].casefold() not in {"a", "an", "the", "one"}:
            return None
        return ref

    def _outlet(self, clause: str, strong_only: bool = False) -> str | None:
        for m in P.finditer(P.RE_OUTLET_CUE, clause):
            strict = P.match(P.RE_WEAK_CUE, m.group()) is not None
            if strict and strong_only:
                continue
            name = self.registry.resolve(m.group("outlet"), self._mentioned, strict=strict)
            if name:
                return name
        return None

    def _mentions(self, masked: str, base: int, attr: Attribution | None) -> None:
        """People named in a sentence, in order; those in subject position count for pronouns."""
        stripped = masked.lstrip()
        offset = len(masked) - len(stripped)
        m = P.match(P.RE_PRONOUN_SUBJECT, stripped) if stripped.startswith(_PRONOUN_OPENERS) else None
        if m:
            ent = self.discourse.by_pronoun("m" if m.group("pronoun") == "He" else "f", base + offset)
            if ent is not None:
                self.discourse.mention(ent, base + offset, True)
        m = P.match(P.RE_ROLE_SUBJECT, stripped) if stripped[:4] in ("The ", "the ") else None
        if m:
            # "The admiral also noted", "The former minister apologised": up to the role word.
            words = m.group("role").split()
            k = next((i for i, w in enumerate(words) if w.rstrip("s") in ROLE_WORDS), None)
            ent = self.discourse.by_role(" ".join(words[:k + 1]), base + offset) if k is not None else None
            if ent is not None:
                self.discourse.mention(ent, base + offset, True)
        has_tie = not _TIE_WORDS.isdisjoint(masked.casefold().replace(",", " ").split())
        for m in (P.finditer(P.RE_RELATIVE_NAME, masked) if has_tie else ()):
            before = masked[max(0, m.start() - 30):m.start()].split()[-2:]
            if not any(w.casefold() in _TIE_DETERMINERS for w in before):
                continue
            gender = _TIE_GENDER.get(m.group("tie").casefold())
            ent = self.discourse.person(m.group("name"), gender=gender, pos=base + m.start("name"))
            ent.describe(m.group()[: m.start("name") - m.start()].strip(" ,"))
        for run in P.finditer(P.RE_NAME_RUN, masked):
            pos = base + run.start()
            if attr is not None and attr.start <= pos < attr.end:
                continue  # the attribution clause's own speaker, already mentioned
            role, name, possessive, person_like = read_run(run.group())
            if not name:
                continue
            if len(name.split()) > 1:
                if not person_like:
                    continue
                ent = self.discourse.person(name, role=role or None, pos=pos)
            else:
                key = fold(name)
                ent = self.discourse.by_surname(key, None, pos) if key else None
                if ent is None:
                    continue
            self.discourse.mention(ent, pos, not possessive and _is_subject(masked, run.start()))

    # -- step 2: quotations -----------------------------------------------------------
    def _attribute(self, state: _ParaState, quotes: list[Quote], prev: _ParaState | None,
                   earlier: list[Found]) -> list[Found]:
        view = state.view
        out: list[Found] = []
        last_attr: Found | None = None
        for q in quotes:
            first = self._views[q.para]
            first_open = q.outer[0] - first.start
            lead = first.masked[first.sentence_at(first_open)[0]:first_open]
            kind = self._kind(lead, q)
            local_open = first_open if q.para == q.last_para else 0
            sent = view.sentence_at(local_open)
            f = Found(parts=list(q.parts), kind=kind, para=q.para, last_para=q.last_para,
                      sentence=(view.start + sent[0], view.start + sent[1]))
            attr = state.attrs.get(sent)
            if attr is None and q.para != q.last_para:
                # 'Patel said: "...' and the quotation runs on over paragraphs: the clause is in the first.
                first_state = self._states[q.para]
                attr = first_state.attrs.get(first.sentence_at(first_open))
            if kind == "partial":
                if not self._attribute_partial(f, state, sent, lead, q):
                    continue
            elif attr is not None:
                joined = self._join_split(out, f, attr)
                if joined:
                    continue
                self._take(f, attr, attr.method)
            else:
                prev_attr = self._previous_sentence_attr(state, sent)
                last_full = next((x for x in reversed(out) if x.kind == "full"), None)
                if last_full is not None and self._directly_follows(last_full, f, view):
                    last_full.parts.extend(f.parts)  # "A," he said. "B."
                    last_full.sentence = f.sentence
                    continue
                next_attr = self._next_sentence_attr(state, sent, q)
                if next_attr is not None:
                    self._take(f, next_attr, next_attr.method)  # '"A disgrace!" Graham shouted.'
                elif prev_attr is not None and not prev_attr.used:
                    self._take(f, prev_attr, "previous_sentence" if prev_attr.method == "explicit" else prev_attr.method)
                elif last_attr is not None:
                    self._continue(f, last_attr)
                elif (colon := self._introduction(q)) is not None:
                    self._take(f, colon, "previous_sentence")  # 'the company said:' then the quotation
                elif _alone(view, q) and (credit := self._credit_below(view)) is not None:
                    self._take(f, credit, "explicit")  # the quotation, then "— Greg Edds, chairman"
                elif not out and _alone(view, q) and prev is not None and earlier and \
                        earlier[-1].para == prev.view.index and earlier[-1].entity is not None and \
                        self._continues(prev.view, view):
                    self._continue(f, earlier[-1])
            f.context = self._context(view, f)
            out.append(f)
            if f.entity is not None:
                last_attr = f
        return out

    def _kind(self, lead: str, q: Quote) -> str:
        lead = lead.strip()
        if not lead or lead.endswith(":"):
            return "full"
        if P.search(P.RE_LEAD_VERB, lead):
            # 'He said, "We ..."'; or the second half of '"A," he said, "but B."', which may open in lower case.
            if lead.startswith(MASK) or self.text[q.parts[0][0]:][:1].isupper():
                return "full"
        return "partial"

    def _take(self, f: Found, attr: Attribution, method: str) -> None:
        attr.used = True
        f.entity, f.method, f.evidence = attr.entity, method, attr.evidence
        f.confidence = CONFIDENCE.get(method, 0.6) if attr.entity is not None else 0.0
        if attr.entity is None:
            f.method = "none"
        if attr.outlet:
            f.outlet, f.outlet_method = attr.outlet, "explicit"
        elif attr.entity is not None and attr.entity.outlet:
            f.outlet, f.outlet_method = attr.entity.outlet, "speaker"

    def _continue(self, f: Found, before: Found) -> None:
        f.entity, f.method, f.evidence = before.entity, "continuation", before.evidence
        f.confidence = min(before.confidence, CONFIDENCE["continuation"])
        f.outlet, f.outlet_method = before.outlet, before.outlet_method and "continuation"

    def _join_split(self, out: list[Found], f: Found, attr: Attribution) -> bool:
        """'"A," he said, "B."': a second quotation sharing the first one's clause is its second part."""
        if not out or out[-1].kind != "full" or out[-1].sentence != f.sentence or out[-1].entity is not attr.entity:
            return False
        out[-1].parts.extend(f.parts)
        return True

    def _directly_follows(self, first: Found, f: Found, view: ParaView) -> bool:
        """The quotation opens the sentence right after the one that attributed ``first``."""
        if first.method in ("none", "continuation") or first.last_para != view.index:
            return False
        gap = self.text[first.sentence[1]:f.parts[0][0]]
        return first.sentence[1] <= f.parts[0][0] and len(gap.strip()) <= 2 and first.sentence != f.sentence

    def _credit_below(self, view: ParaView) -> Attribution | None:
        """The speaker named on a dash credit line right below a paragraph that is only a quotation."""
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
        return Attribution(entity, method, _clip(" ".join(line.split()), 160), None, at, nxt.end)

    def _introduction(self, q: Quote) -> Attribution | None:
        """For a quotation opening its paragraph: the attribution of the paragraph before it,
        when that paragraph ends with a colon and quotes nothing itself."""
        first = self._views[q.para]
        if q.outer[0] != first.start:
            return None
        prev = self._states.get(max((i for i in self._states if i < q.para), default=-1))
        if prev is None or not self._continues(prev.view, first) or prev.view.spans or \
                not prev.view.text.rstrip().endswith(":") or not prev.view.sentences:
            return None
        return prev.attrs.get(prev.view.sentences[-1])

    def _next_sentence_attr(self, state: _ParaState, sent: tuple[int, int], q: Quote) -> Attribution | None:
        """A quotation ending in ! or ? ends its sentence, and its clause follows as a sentence of its own."""
        view = state.view
        if not self.text[q.parts[-1][0]:q.parts[-1][1]].rstrip().endswith(("!", "?")):
            return None
        sents = view.sentences
        i = sents.index(sent) if sent in sents else -1
        if i < 0 or i + 1 >= len(sents) or q.outer[1] - view.start != sent[1]:
            return None
        nxt = sents[i + 1]
        attr = state.attrs.get(nxt)
        clause = view.masked[nxt[0]:nxt[1]]
        if attr is None or attr.used or MASK in clause or len(clause.split()) > _ATTRIBUTION_SENTENCE_WORDS:
            return None
        return attr

    def _previous_sentence_attr(self, state: _ParaState, sent: tuple[int, int]) -> Attribution | None:
        sents = state.view.sentences
        i = sents.index(sent) if sent in sents else -1
        return state.attrs.get(sents[i - 1]) if i > 0 else None

    def _attribute_partial(self, f: Found, state: _ParaState, sent: tuple[int, int], lead: str, q: Quote) -> bool:
        """A few words quoted inside a sentence: speech only if someone is reported to have said them."""
        words = P.findall(P.RE_WORD, " ".join(self.text[a:b] for a, b in q.parts))
        content = [w for w in words if w.casefold() not in _TITLE_SMALL_WORDS] or words
        caps = sum(1 for w in content if w[:1].isupper())
        if not words or len(words) >= 2 and caps >= 0.6 * len(content):
            return False  # a title or a name, not speech
        if P.search(P.RE_LABEL_LEAD, lead):
            return False  # 'the so-called "war on drugs"': a label
        view = state.view
        base = view.start + sent[0]
        local = q.outer[0] - base
        masked = view.masked[sent[0]:sent[1]]
        attr = self._attribution_in(masked, base, P.RE_SPEECH_VERB, local) or \
            self._attribution_in(masked, base, P.RE_REPORTING_VERB, local)
        if attr is not None and attr.entity is None:
            attr = None
        if len(words) < self.partial_min_words:
            # Short quotations are scare quotes unless a verb governs them ('called it "a
            # disgrace"') or a speaker is reported before them in lower-case prose ('Hodge
            # accused him of "deplorable sensationalism"'); a capitalised word is a name
            # or a programme ('spoke to the PBS "NewsHour"').
            governed = P.search(P.RE_GOVERNING_VERB, lead) is not None
            if not governed and not (attr is not None and words[0][:1].islower()):
                return False
        if attr is not None:
            self._take(f, attr, attr.method)
        else:
            ent = self._nearest_person(base, base + local)
            prev_attr = self._previous_sentence_attr(state, sent)
            if ent is not None:
                f.entity, f.method, f.confidence, f.evidence = ent, "nearest", CONFIDENCE["nearest"], ""
            elif prev_attr is not None and prev_attr.entity is not None:
                self._take(f, prev_attr, "previous_sentence")
            else:
                return False
        f.context = self._context(view, f)
        return True

    def _nearest_person(self, lo: int, hi: int) -> Entity | None:
        """The person the sentence is about before ``hi``: its subject, else the nearest name."""
        nearest = None
        for m in reversed(self.discourse.mentions):
            if lo <= m.pos < hi and m.entity.kind == "person":
                if m.subject:
                    return m.entity
                nearest = nearest or m.entity
        return nearest

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
            outlet = self.registry.resolve(p.outlet or "", self._mentioned)
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
        out = []
        for p in self.paragraphs:
            if p.repeat_of is None:
                continue
            orig = self.paragraphs[p.repeat_of]
            shift = p.start - orig.start
            if self.text[p.start:p.end] != self.text[orig.start:orig.end]:
                continue
            for f in found:
                if f.para == p.repeat_of and f.last_para == p.repeat_of:
                    copy = Found(**{**f.__dict__, "parts": [(a + shift, b + shift) for a, b in f.parts],
                                    "para": self.paragraphs.index(p), "last_para": self.paragraphs.index(p)})
                    out.append(copy)
        return out

    def _context(self, view: ParaView, f: Found) -> str:
        s0 = view.sentence_at(f.parts[0][0] - view.start)[0]
        s1 = view.sentence_at(min(f.parts[-1][1], view.end) - view.start)[1]
        idx = view.sentences.index(view.sentence_at(s0)) if view.sentence_at(s0) in view.sentences else 0
        if idx > 0 and s1 - s0 < self.context_chars // 2:
            s0 = view.sentences[idx - 1][0]
        return _clip(" ".join(view.text[s0:s1].split()), self.context_chars)


def _subject_chunk(pre: str, participle: bool) -> tuple[str, str | None, int]:
    """The speaker phrase before a verb: (head, appositive, offset of head in ``pre``)."""
    cut = pre.rfind(MASK) + 1
    t = pre[cut:]
    stripped = t.rstrip()
    while True:  # "The admiral also noted": drop adverbs between subject and verb
        words = stripped.split()
        if words and words[-1].casefold() in {"also", "later", "then", "further", "previously", "once", "recently",
                                              "earlier", "again", "has", "have", "had", "would", "will", "reportedly",
                                              "simply", "only", "even", "repeatedly", "publicly", "privately",
                                              "did", "does", "do", "not", "never", "could", "may", "might",
                                              "must", "should", "can", "cannot", "was", "is", "were"}:
            stripped = stripped[:stripped.rfind(words[-1])].rstrip()
            continue
        break
    if not stripped.strip(" ,"):
        return "", None, 0
    chunks, pos = _comma_chunks(t, len(stripped))
    if stripped.endswith(",") or participle:
        i = 0
        while i < len(chunks) - 1 and _is_intro(chunks[i][0]):
            i += 1
        head, at = chunks[i]
        rest = [c for c, _ in chunks[i + 1:]]
        if participle:
            appos = rest[0] if len(rest) > 1 else None
        else:
            appos = ", ".join(rest) or None
        return head, appos, cut + at
    head, at = chunks[-1]
    return head, None, cut + at


def _comma_chunks(t: str, end: int) -> tuple[list[tuple[str, int]], int]:
    chunks, lo = [], 0
    for i, ch in enumerate(t[:end]):
        if ch == "," and not (i + 1 < len(t) and t[i + 1].isdigit()):  # "$13,000" is not a clause break
            chunks.append((t[lo:i], lo))
            lo = i + 1
    chunks.append((t[lo:end], lo))
    out = []
    for c, at in chunks:
        s = c.strip()
        if s:
            out.append((s, at + c.find(s)))
    return out or [("", 0)], end


def _is_intro(chunk: str) -> bool:
    words = chunk.split()
    if not words:
        return True
    return words[0].casefold() in _INTRO_WORDS or words[-1].casefold() in {"ago", "later", "earlier"}


def _is_subject(sentence: str, at: int) -> bool:
    """A name is in subject position when only titles, role words or an intro phrase precede it."""
    # Only the last few words matter; a sentinel stands for whatever came before them.
    lo = max(0, at - 120)
    words = ([] if lo == 0 else ["x"]) + sentence[lo:at].replace(MASK, " ").split()
    while words and (words[-1][:1].isupper() or words[-1].casefold() in {"of", "the"} or
                     words[-1].casefold().strip(".") in P.lexicon()["role_words"]):
        words.pop()
    if not words:
        return True
    last = words[-1]
    if last.endswith(","):
        return True
    return P.match(P.RE_LEADING_CONJ, " ".join(words)) is not None and len(words) == 1


def _ends_with(head: str, name: str) -> bool:
    return fold(head).endswith(fold(name))


def _alone(view: ParaView, q: Quote) -> bool:
    """The quotation is all there is in its paragraph, but for punctuation."""
    rest = view.masked.replace(MASK, "")
    return not any(c.isalnum() for c in rest)


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1].rstrip() + "\u2026"
