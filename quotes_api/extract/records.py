"""Quote records: build them from what an article yields, and merge the same quotation.

The record format is documented in docs/contracts.md. Two quotations are the same when
their texts are equal once case, quotation-mark and apostrophe style, white space
(no-break spaces too) and diacritics are folded; a fragment contained in a longer
quotation (a copy cut short, a partial quotation of most of the words quoted whole elsewhere)
merges into it, when it is long enough not to be a common phrase, holds enough of the longer one
(MERGE_MIN_SHARE: an excerpt of a long statement keeps its own record and exact words) and its
speaker may be the longer one's (MERGE_MIN_WORDS, ``same_speaker``): merging never moves words
to someone else.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Iterable

from .. import settings
from ..articles.model import Article
from .attribution import Found
from ..articles.normalize import fold


def normalize_text(s: str) -> str:
    """Quotation text for display: white space runs (no-break spaces, line breaks) become one space."""
    return " ".join(s.replace("\u200b", " ").split())  # str.split() knows every Unicode space


@lru_cache(maxsize=8192)
def match_key(s: str) -> str:
    """The comparison key of a quotation: case, marks, apostrophes, white space and diacritics folded."""
    return fold(s.replace("\u2019", "").replace("\u2018", "").replace("'", ""))


def quote_id(text: str, speaker: str | None = None, min_words: int | None = None) -> str:
    """A stable id: the same quotation text gives the same id on every run and machine.

    Words too few to be told from a common phrase ("Thank you", "We need change": fewer than
    ``min_words``, the setting MERGE_MIN_WORDS) are one quotation per speaker: their id also
    holds the speaker's folded name, so that two people's identical short sentences never become
    one record credited to one of them.
    """
    key = match_key(text)
    if speaker and min_words and len(key.split()) < min_words:
        key = f"{key}\x1f{fold(speaker)}"
    return "q_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def speaker_identity(sp: dict | None) -> str | None:
    """The folded name that identifies a speaker across articles; None for an unknown or anonymous one.

    People and named organisations ("the FBI", "Reuters") have one; an anonymous speaker ("a
    State Department official") or an organisation named only by a common noun ("the company")
    does not: two articles' "the company" are not one company.
    """
    if not sp or not sp.get("name"):
        return None
    kind = sp.get("kind", "person")
    if kind == "anonymous":
        return None
    if kind == "organisation" and not any(w[:1].isupper() for w in sp["name"].split()[1:] or [""]) \
            and sp["name"].split()[0].casefold() in {"the", "a", "an", "its", "their", "this"}:
        return None
    return fold(sp["name"])


def speaker_key(r: dict) -> str | None:
    """The identity of a record's speaker (see ``speaker_identity``)."""
    return speaker_identity(r.get("speaker"))


def same_speaker(a: dict, b: dict) -> bool:
    """Whether two records may be one person's words: the same name, a surname of the other's, or one unknown."""
    ka, kb = speaker_key(a), speaker_key(b)
    if ka is None or kb is None or ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    return len(wa) == 1 and wa[0] == wb[-1] or len(wb) == 1 and wb[0] == wa[-1]


def _source(article: Article, f: Found) -> dict:
    return {"article_id": article.id, "publication": article.publication, "title": article.title,
            "published": article.published, "url": article.url, "start": f.parts[0][0], "end": f.parts[-1][1],
            "parts": [[a, b] for a, b in f.parts]}


def to_record(article: Article, f: Found, min_words: int | None = None) -> dict:
    texts = [normalize_text(article.text[a:b]) for a, b in f.parts]
    parts = [{"text": t, "start": a, "end": b} for t, (a, b) in zip(texts, f.parts)]
    text = " ".join(texts)
    ent = f.entity
    speaker = ent.as_speaker() if ent is not None else None
    return {
        "id": quote_id(text, speaker["name"] if speaker is not None else None, min_words),
        "text": text,
        "parts": parts,
        "kind": f.kind,
        "speaker": speaker,
        "outlet": {"name": f.outlet} if f.outlet else None,
        "context": f.context,
        "attribution": {"method": f.method, "confidence": round(f.confidence, 2), "evidence": f.evidence,
                        "outlet_method": f.outlet_method},
        "themes": [],
        "sources": [_source(article, f)],
    }


def rank(r: dict) -> tuple:
    """How good a record's attribution is: an identified speaker, then any, then confidence, then a whole
    quotation, then length. The store ranks the articles' accounts of a quotation by it too."""
    sp = r.get("speaker")
    return (speaker_identity(sp) is not None, bool(sp and sp.get("name")), r["attribution"].get("confidence") or 0.0,
            r["kind"] == "full", len(r["text"]))


def _better(a: dict, b: dict) -> bool:
    """Whether record ``a`` carries the better attribution (then its speaker and outlet win)."""
    return rank(a) > rank(b)


def _absorb(into: dict, other: dict, seen: dict[int, set] | None = None) -> None:
    """Merge ``other`` (the same quotation, or a fragment of ``into``) into ``into``.

    ``seen`` keeps, per record, the places its sources already name, so that a quotation printed
    in many articles merges in linear time."""
    if seen is None:
        seen = {}
    if id(into) not in seen:
        seen[id(into)] = {(s["article_id"], s["start"]) for s in into["sources"]}
    places = seen[id(into)]
    for s in other["sources"]:
        if (s["article_id"], s["start"]) not in places:
            into["sources"].append(s)
            places.add((s["article_id"], s["start"]))
    if len(other["text"]) >= len(into["text"]) and _better(other, into):
        for k in ("speaker", "outlet", "attribution", "context"):
            into[k] = other[k]
    elif into["speaker"] is None and other["speaker"] is not None:
        into["speaker"], into["attribution"] = other["speaker"], other["attribution"]
        into["outlet"] = into["outlet"] or other["outlet"]
    if into["speaker"] and other["speaker"]:
        names = {into["speaker"].get("name")}
        for alias in [other["speaker"].get("name")] + list(other["speaker"].get("aliases") or []):
            if alias and alias not in names and alias not in into["speaker"]["aliases"]:
                into["speaker"]["aliases"].append(alias)


def merge_records(records: Iterable[dict], min_words: int, min_share: float = 0.5) -> list[dict]:
    """One record per quotation: equal texts merge, and fragments merge into a longer record.

    A fragment merges only when it has ``min_words`` words or more (fewer could be a common
    phrase that anyone says), holds ``min_share`` of the longer one's words or more (a copy cut
    short, not an excerpt of a long statement: a record's text is what its articles printed), and
    the two speakers may be one person (see ``same_speaker``), so that merging never moves words
    to someone else.
    """
    by_id: dict[str, dict] = {}
    seen: dict[int, set] = {}
    for r in records:
        if r["id"] in by_id:
            _absorb(by_id[r["id"]], r, seen)
        else:
            by_id[r["id"]] = r
    items = sorted(by_id.values(), key=lambda r: -len(r["text"]))
    keys = {r["id"]: match_key(r["text"]) for r in items}
    # Each key between spaces (a fragment is a run of whole words of its host) and its number of words.
    spaced = {rid: f" {key} " for rid, key in keys.items()}
    sizes = {rid: len(key.split()) for rid, key in keys.items()}

    def host_of(r: dict, candidates) -> dict | None:
        n = sizes[r["id"]]
        if n < min_words:
            return None
        key = spaced[r["id"]]
        for cand in candidates:
            if cand is not r and n >= min_share * sizes[cand["id"]] and key in spaced[cand["id"]] and \
                    same_speaker(r, cand):
                return cand
        return None

    kept: list[dict] = []
    if len(items) <= _PAIRWISE_MAX:
        for r in items:
            host = host_of(r, kept)
            if host is not None:
                _absorb(host, r, seen)
            else:
                kept.append(r)
        return _in_first_seen_order(kept, by_id)
    # Index the longer records by each of their words, so a fragment is only compared
    # with records that share its rarest word: linear, not quadratic, in practice.
    by_word: dict[str, list[dict]] = {}
    for r in items:
        words = keys[r["id"]].split()
        host = None
        if words:
            rare = min(words, key=lambda w: len(by_word.get(w, ())))
            host = host_of(r, by_word.get(rare, ()))
        if host is not None:
            _absorb(host, r, seen)
            continue
        kept.append(r)
        for w in set(words):
            by_word.setdefault(w, []).append(r)
    return _in_first_seen_order(kept, by_id)


def _in_first_seen_order(kept: list[dict], by_id: dict[str, dict]) -> list[dict]:
    order = {rid: i for i, rid in enumerate(by_id)}
    return sorted(kept, key=lambda r: order[r["id"]])


# Up to this many records (one article's worth) fragments are found by comparing every
# pair; beyond it, through an index of words.
_PAIRWISE_MAX = 64


def build_records(articles: Iterable[Article], config: dict | None = None) -> tuple[list[dict], list[tuple[str, str]]]:
    """Records of many articles, merged across them; and the articles that failed, with why."""
    from . import extract_article
    from ..errors import QuotesApiError

    records: list[dict] = []
    failures: list[tuple[str, str]] = []
    for article in articles:
        try:
            records.extend(extract_article(article, config))
        except QuotesApiError as e:
            failures.append((article.source or article.id, str(e)))
    return merge_records(records, settings.get("MERGE_MIN_WORDS", config), settings.get("MERGE_MIN_SHARE", config)), \
        failures
