"""Other renderings than JSON: streamed CSV and NDJSON exports, aligned text for curl, citations.

Exports are generators over ``QuoteService.iter_search``: one record is in memory at a time
whatever the size of the result, and the response streams as it is produced.
"""
from __future__ import annotations

import itertools
import json
import re
from datetime import date
from typing import Iterable

from flask import Response, abort, request, stream_with_context

from ..search.output import csv_lines, first_source, jsonl_lines, speaker_label

MIMETYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "ndjson": "application/x-ndjson",
    "text": "text/plain",
    "html": "text/html",  # only by Accept: a browser asking for a quotation gets its page
}
# Accept values that pick a format beside the MIMETYPES themselves.
_ALIASES = {"application/ndjson": "ndjson", "application/jsonl": "ndjson"}


def negotiate(offered: Iterable[str], explicit: str | None = None) -> str:
    """The format of this answer: ``format=`` first, then the Accept header, JSON by default.

    ``offered`` lists the formats (MIMETYPES keys) the endpoint has; an explicit ``format=``
    it does not have is refused with 406 rather than silently answered in JSON.
    """
    offered = list(offered)
    if explicit:
        if explicit not in offered:
            abort(406, f"This resource is not available as {explicit}; it is as {', '.join(offered)}.")
        return explicit
    candidates = {MIMETYPES[f]: f for f in offered}
    candidates.update({m: f for m, f in _ALIASES.items() if f in offered})
    # JSON wins ties (curl sends */*), so it is offered first.
    best = request.accept_mimetypes.best_match(["application/json", *candidates], default="application/json")
    return candidates.get(best, "json")


# --- rows of a record ----------------------------------------------------------------------

def web_url(url: str | None) -> str | None:
    """An article URL fit for a link: http(s) only (a javascript: URL is data, not a link)."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def stream(records: Iterable[dict], fmt: str, filename: str) -> Response:
    """A streamed CSV or NDJSON export of ``records`` (consumed lazily, inside the request context)."""
    # Take the first record now: the search runs before the status line is sent, so a query the
    # service refuses is still a 400 rather than a 200 cut short.
    records = iter(records)
    first = next(records, None)
    records = itertools.chain([first] if first is not None else [], records)
    lines = csv_lines(records) if fmt == "csv" else jsonl_lines(records)
    resp = Response(stream_with_context(lines), mimetype=MIMETYPES[fmt])
    resp.headers["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    return resp


# --- aligned text for terminals ---------------------------------------------------------------

def table(rows: list[list]) -> str:
    """Columns padded to their widest cell; the last column is left ragged (it is the long one)."""
    rows = [[str(c) if c is not None else "" for c in row] for row in rows]
    if not rows:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "".join("  ".join([c.ljust(w) for c, w in zip(r, widths)] + [r[-1]]).rstrip() + "\n" for r in rows)


def quote_rows(records: Iterable[dict]) -> list[list]:
    return [[r["id"], first_source(r).get("published") or "", speaker_label(r),
             (r.get("outlet") or {}).get("name") or "-", f"\u201c{r['text']}\u201d"] for r in records]


# Control characters other than line breaks and tabs: an article could carry terminal escape
# sequences (ESC [ ...), which must not reach the terminal that curl prints to.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text_response(body: str, mimetype: str = MIMETYPES["text"]) -> Response:
    return Response(_CONTROL.sub("\ufffd", body), mimetype=mimetype)


def quote_text(record: dict) -> str:
    """One quotation in full, for ``curl .../quotes/{id}?format=text``."""
    att = record.get("attribution") or {}
    sp = record.get("speaker") or {}
    lines = [f"\u201c{record['text']}\u201d", f"  \u2014 {speaker_label(record)}"
             + (f", {sp['role']}" if sp.get("role") else ""), ""]
    fields = [["id", record["id"]], ["kind", record.get("kind")],
              ["outlet", (record.get("outlet") or {}).get("name") or "-"],
              ["attribution", f"{att.get('method')} ({att.get('confidence')})"],
              ["evidence", att.get("evidence") or "-"],
              ["themes", ", ".join(t["name"] for t in record.get("themes") or []) or "-"]]
    lines.append(table(fields).rstrip("\n"))
    lines.append("")
    lines.append("sources:")
    lines.append(table([[s.get("published") or "", s.get("publication") or "", s.get("title") or "",
                         s.get("url") or s.get("article_id")] for s in record.get("sources") or []]).rstrip("\n"))
    if record.get("context"):
        lines += ["", "context:", record["context"]]
    return "\n".join(lines) + "\n"


# --- citations ------------------------------------------------------------------------------

def _long_date(iso: str | None) -> str:
    try:
        d = date.fromisoformat(iso or "")
    except ValueError:
        return iso or ""
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _wiki(value: str) -> str:
    """A value safe inside a MediaWiki template parameter: no markup, braces, pipes or links."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("{", "&#123;"), ("}", "&#125;"),
                         ("[", "&#91;"), ("]", "&#93;"), ("\n", " ")):
        value = value.replace(char, entity)
    return value.replace("|", "{{!}}")


_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")


def _bibtex(value: str) -> str:
    def esc(m: re.Match) -> str:
        c = m.group(1)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(c, "\\" + c)
    return _BIBTEX_SPECIAL.sub(esc, value)


def cite(record: dict, style: str, page_url: str) -> tuple[str, str]:
    """The citation of a quotation in ``style``: (body, mimetype)."""
    src = first_source(record)
    who = speaker_label(record)
    title = src.get("title") or "Untitled article"
    work = src.get("publication") or ""
    url = web_url(src.get("url")) or page_url
    published = src.get("published") or ""
    if style == "mediawiki":
        params = [("title", title), ("work", work), ("date", published), ("url", url),
                  ("quote", record["text"])]
        cite_news = " ".join(f"|{k}={_wiki(v)}" for k, v in params if v)
        body = (f"<blockquote>{_wiki(record['text'])}<br />\u2014 {_wiki(who)}</blockquote>"
                f"<ref>{{{{Cite news {cite_news}}}}}</ref>\n")
        return body, "text/plain"
    if style == "bibtex":
        d = published.split("-")
        entries = [("title", title), ("journal", work), ("year", d[0] if published else ""),
                   ("month", d[1] if len(d) > 1 else ""), ("url", url),
                   ("note", f"Quotation of {who}: \u201c{record['text']}\u201d")]
        body = f"@article{{{record['id']},\n" + ",\n".join(
            f"  {k} = {{{_bibtex(v) if k != 'url' else v}}}" for k, v in entries if v) + "\n}\n"
        return body, "application/x-bibtex"
    if style == "csl-json":
        item = {"id": record["id"], "type": "article-newspaper", "title": title, "container-title": work,
                "URL": url, "note": f"Quotation of {who}: \u201c{record['text']}\u201d"}
        if published:
            item["issued"] = {"date-parts": [[int(p) for p in published.split("-")]]}
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n", "application/vnd.citationstyles.csl+json"
    where = ", ".join(p for p in (f"\u201c{title}\u201d", work, _long_date(published)) if p)
    return f"\u201c{record['text']}\u201d \u2014 {who}, quoted in {where}. {url}\n", "text/plain"
