"""How sure an attribution is: a calibrated probability that the speaker is right.

The rules that find a speaker also say how they found it: which way (the clause after the
quotation, the sentence before it, the quotation before it...), what shape the clause had,
how the phrase resolved (a full name, a surname, a pronoun), how many people the paragraph
names. A logistic model over those features, trained on human-annotated news
(``scripts/train_confidence.py``), turns them into the probability that the speaker is the
annotators' one. Its weights are data, ``quotes_api/data/confidence.json``; inference is a
dot product.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(unsafe_hash=True)  # (not assigned after __init__)
class Features:
    way: str  # the ArticleReader way that found the speaker
    form: str  # the clause shape (clauses.Clause.form), or continuation
    method: str  # how the phrase resolved: explicit | surname | pronoun | description | continuation | nearest
    ref_kind: str  # name | pronoun | role | anonymous | org
    kind: str  # full | partial
    known_verb: bool  # the verb is in the lexicon (not read from its position alone)
    entity_kind: str  # person | org | anonymous
    named: bool  # the speaker has a name
    single_name: bool  # ... of one word only
    persons_in_paragraph: int
    multi_paragraph: bool
    quote_words: int
    named_in_clause: bool = False  # the speaker's name (or surname) is written in the clause itself
    others_in_sentence: int = 0  # other people named in the quotation's sentence
    gap: int = 0  # characters between the quotation and its clause
    reported_by: bool = False  # the sentence says who reported the words ("..., according to CNN")
    quotes_in_sentence: int = 1

    # (__init__ written out: mypyc compiles it, where the one @dataclass writes runs as Python; see quotes_api.native)
    def __init__(self, way: str, form: str, method: str, ref_kind: str, kind: str, known_verb: bool, entity_kind: str,
                 named: bool, single_name: bool, persons_in_paragraph: int, multi_paragraph: bool, quote_words: int,
                 named_in_clause: bool = False, others_in_sentence: int = 0, gap: int = 0, reported_by: bool = False,
                 quotes_in_sentence: int = 1) -> None:
        self.way = way
        self.form = form
        self.method = method
        self.ref_kind = ref_kind
        self.kind = kind
        self.known_verb = known_verb
        self.entity_kind = entity_kind
        self.named = named
        self.single_name = single_name
        self.persons_in_paragraph = persons_in_paragraph
        self.multi_paragraph = multi_paragraph
        self.quote_words = quote_words
        self.named_in_clause = named_in_clause
        self.others_in_sentence = others_in_sentence
        self.gap = gap
        self.reported_by = reported_by
        self.quotes_in_sentence = quotes_in_sentence


def encode(f: Features) -> list[str]:
    """The model's binary features: one per categorical value, and buckets for the counts."""
    out = ["bias", f"way={f.way}", f"form={f.form}", f"method={f.method}", f"ref_kind={f.ref_kind}", f"kind={f.kind}",
           f"entity_kind={f.entity_kind}"]
    for k in ("known_verb", "named", "single_name", "multi_paragraph", "named_in_clause", "reported_by"):
        if getattr(f, k):
            out.append(k)
    out.append(f"persons={min(f.persons_in_paragraph, 3)}")
    out.append(f"others={min(f.others_in_sentence, 2)}")
    out.append("words<=3" if f.quote_words <= 3 else "words<=8" if f.quote_words <= 8 else "words>8")
    out.append("gap<=3" if f.gap <= 3 else "gap<=40" if f.gap <= 40 else "gap<=150" if f.gap <= 150 else "gap>150")
    out.append(f"way={f.way}&method={f.method}")
    out.append(f"way={f.way}&form={f.form}")
    out.append(f"way={f.way}&persons={min(f.persons_in_paragraph, 2)}")
    out.append(f"way={f.way}&named_in_clause={f.named_in_clause}")
    out.append(f"method={f.method}&others={min(f.others_in_sentence, 2)}")
    out.append(f"ref_kind={f.ref_kind}&entity_kind={f.entity_kind}")  # a role noun resolved to a person
    out.append(f"quotes={f.quotes_in_sentence}")
    return out


@lru_cache(maxsize=1)
def model() -> dict:
    try:
        raw = resources.files("quotes_api.data").joinpath("confidence.json").read_text("utf-8")
    except FileNotFoundError:
        return {"weights": {}, "margin": 0.0}
    return json.loads(raw)


def weights() -> dict[str, float]:
    return model()["weights"]


# Before any model is trained: a prior by resolution method.
_PRIOR = {"explicit": 0.9, "surname": 0.85, "pronoun": 0.75, "description": 0.7, "previous_sentence": 0.75,
          "continuation": 0.7, "nearest": 0.5}


def score(f: Features) -> float:
    w = weights()
    if not w:
        return _PRIOR.get(f.method, 0.6)
    z = sum(w.get(k, 0.0) for k in encode(f)) - model().get("margin", 0.0)
    return round(1.0 / (1.0 + math.exp(-z)), 2)
