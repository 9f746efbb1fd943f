"""Citations of a quotation: MediaWiki's {{Cite news}}, BibTeX, CSL-JSON and one sentence of text.

Every style cites the same facts of the earliest dated printing (``render.first_source``): the
article's title, the publication, its date, its byline, its own URL and when it was retrieved.
A fact that is unknown is left out, never replaced by something else: with no article URL there
is no ``url`` (this server is not the publisher), and so no ``access-date`` either.
The parameters of {{Cite news}} are those of Wikipedia's Citation Style 1 documentation
(Template:Cite news/doc); tests/test_cite.py quotes it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from .render import first_source, speaker_label, web_url

STYLES = ("mediawiki", "bibtex", "csl-json", "text")
MIMETYPES = {"mediawiki": "text/plain", "bibtex": "application/x-bibtex",
             "csl-json": "application/vnd.citationstyles.csl+json", "text": "text/plain"}

# Punctuation that belongs to the sentence around a quotation, not to the words quoted:
# '"…in Venezuela," he said' cites "…in Venezuela".
_SENTENCE_PUNCTUATION = re.compile(r"[\s,;:\u2013\u2014-]+$")
# "By Jane Doe" and "By Jane Doe, Reuters" name Jane Doe.
_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)


def quoted_words(text: str) -> str:
    """The quotation without the comma, colon or dash that the reporting sentence put after it."""
    return _SENTENCE_PUNCTUATION.sub("", text) or text


def byline_author(byline: str | None) -> str:
    """The author a byline credits ("By Jane Doe" -> "Jane Doe"); "" when there is none."""
    return _BY.sub("", byline or "").strip()


@dataclass(frozen=True)
class Facts:
    """What a citation of a quotation states, each "" when unknown."""

    quote: str
    speaker: str
    title: str
    work: str
    published: str  # YYYY[-MM[-DD]]
    author: str
    url: str
    accessed: str  # YYYY-MM-DD, only with a url

    @classmethod
    def of(cls, record: dict, article: dict | None = None) -> "Facts":
        """The facts of ``record``'s earliest printing; ``article`` is that article's metadata
        (``byline``, ``ingested_at``: when its text was retrieved), when known."""
        src = first_source(record)
        article = article or {}
        url = web_url(src.get("url")) or ""
        return cls(quote=quoted_words(record["text"]), speaker=speaker_label(record),
                   title=src.get("title") or "", work=src.get("publication") or "",
                   published=src.get("published") or "", author=byline_author(article.get("byline")),
                   url=url, accessed=(article.get("ingested_at") or "")[:10] if url else "")


def cite(record: dict, style: str, article: dict | None = None) -> str:
    """The citation of ``record`` in ``style`` (one of STYLES)."""
    facts = Facts.of(record, article)
    return {"mediawiki": mediawiki, "bibtex": bibtex, "csl-json": csl_json, "text": text}[style](record["id"], facts)


# --- MediaWiki ---------------------------------------------------------------------------------

# Characters that would end a template parameter or start markup inside one. "&" is left as it
# is (it is only markup before an entity name and ";", which is escaped below), so the wikitext
# shows the quotation exactly as spoken.
_WIKI = {"|": "{{!}}", "{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;", "<": "&lt;", ">": "&gt;",
         "\n": " "}
_ENTITY = re.compile(r"&(?=#?\w+;)")
# The {{Cite news}} parameters written, in the documentation's order.
CITE_NEWS_PARAMETERS = ("author", "date", "title", "url", "newspaper", "access-date", "quote")


def wiki_value(value: str) -> str:
    """A value safe inside a MediaWiki template parameter: no markup, braces, pipes or links."""
    value = _ENTITY.sub("&amp;", value)
    return "".join(_WIKI.get(c, c) for c in value)


def cite_news(facts: Facts) -> str:
    """The {{Cite news}} template of the facts: unknown parameters are left out."""
    values = {"author": facts.author, "date": facts.published, "title": facts.title or "Untitled article",
              "url": facts.url, "newspaper": facts.work, "access-date": facts.accessed, "quote": facts.quote}
    return "{{Cite news " + " ".join(f"|{k}={wiki_value(values[k])}" for k in CITE_NEWS_PARAMETERS
                                     if values[k]) + "}}"


def mediawiki(_id: str, facts: Facts) -> str:
    return (f"<blockquote>{wiki_value(facts.quote)}<br />\u2014 {wiki_value(facts.speaker)}</blockquote>"
            f"<ref>{cite_news(facts)}</ref>\n")


# --- BibTeX and CSL-JSON: the same facts ----------------------------------------------------------

_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")


def bibtex_value(value: str) -> str:
    def esc(m: re.Match) -> str:
        c = m.group(1)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(c, "\\" + c)
    return _BIBTEX_SPECIAL.sub(esc, value)


def _note(facts: Facts) -> str:
    return f"Quotation of {facts.speaker}: \u201c{facts.quote}\u201d"


def bibtex(quote_id: str, facts: Facts) -> str:
    """A biblatex @article: ``date`` and ``urldate`` in ISO form, ``year``/``month`` for classic BibTeX."""
    d = facts.published.split("-") if facts.published else []
    entries = [("author", bibtex_value(facts.author)), ("title", bibtex_value(facts.title or "Untitled article")),
               ("journal", bibtex_value(facts.work)), ("date", facts.published),
               ("year", d[0] if d else ""), ("month", d[1] if len(d) > 1 else ""),
               ("url", facts.url), ("urldate", facts.accessed), ("note", bibtex_value(_note(facts)))]
    return f"@article{{{quote_id},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in entries if v) + "\n}\n"


def _date_parts(iso: str) -> dict:
    return {"date-parts": [[int(p) for p in iso.split("-")]]}


def csl_json(quote_id: str, facts: Facts) -> str:
    """A CSL-JSON item (Zotero, pandoc) of type article-newspaper."""
    item: dict = {"id": quote_id, "type": "article-newspaper", "title": facts.title or "Untitled article"}
    if facts.author:
        item["author"] = [{"literal": facts.author}]
    if facts.work:
        item["container-title"] = facts.work
    if facts.published:
        item["issued"] = _date_parts(facts.published)
    if facts.url:
        item["URL"] = facts.url
    if facts.accessed:
        item["accessed"] = _date_parts(facts.accessed)
    item["note"] = _note(facts)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def _long_date(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B')} {d.year}"


def text(_id: str, facts: Facts) -> str:
    where = ", ".join(p for p in (facts.author, f"\u201c{facts.title}\u201d" if facts.title else "", facts.work,
                                  _long_date(facts.published)) if p)
    return (f"\u201c{facts.quote}\u201d \u2014 {facts.speaker}" + (f", quoted in {where}" if where else "")
            + "." + (f" {facts.url}" if facts.url else "") + "\n")
