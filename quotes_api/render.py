"""Quote records as people and tools read them: the one place that renders a record.

CSV and JSON lines (the CLI's and the API's exports), the numbered text block of the CLI
(``extract`` and ``search`` alike), the aligned text the API gives curl, and the label of a
record's speaker, which is also what a record without a speaker is called everywhere.
Everything here is a small pure function of plain records (docs/contracts.md), so it sits
below every layer that prints: the CLI, the API and the pages.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import textwrap
from typing import Iterable, Iterator

# What a quotation whose speaker is unknown (no name, no description) is attributed to.
NO_SPEAKER = "unattributed"


def speaker_label(record: dict) -> str:
    """Who said it: the speaker's name, else how the article describes them, else NO_SPEAKER."""
    sp = record.get("speaker") or {}
    return sp.get("name") or sp.get("description") or NO_SPEAKER


def first_source(record: dict) -> dict:
    """The earliest dated printing of a quotation (the one to cite), else the first one."""
    sources = record.get("sources") or [{}]
    dated = [s for s in sources if s.get("published")]
    return min(dated, key=lambda s: s["published"]) if dated else sources[0]


def web_url(url: str | None) -> str | None:
    """An article URL fit for a link: http(s) only (a javascript: URL is data, not a link)."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


# --- CSV and JSON lines ---------------------------------------------------------------------

# One export format for the CLI and the API alike: a row per quotation, its earliest dated printing.
CSV_COLUMNS = ("id", "text", "kind", "speaker", "speaker_role", "outlet", "publication", "published",
               "title", "url", "article_id", "sources", "themes", "attribution", "confidence", "context")
# Spreadsheets read a CSV file as UTF-8 (accents, curly quotes) only when it starts with this mark.
BOM = "\ufeff"


def flat_row(record: dict) -> dict:
    src = first_source(record)
    sp = record.get("speaker") or {}
    att = record.get("attribution") or {}
    return {
        "id": record["id"], "text": record["text"], "kind": record.get("kind"),
        "speaker": speaker_label(record) if record.get("speaker") else "", "speaker_role": sp.get("role") or "",
        "outlet": (record.get("outlet") or {}).get("name") or "",
        "publication": src.get("publication") or "", "published": src.get("published") or "",
        "title": src.get("title") or "", "url": src.get("url") or "", "article_id": src.get("article_id") or "",
        "sources": len(record.get("sources") or []),
        "themes": "; ".join(t["name"] for t in record.get("themes") or []),
        "attribution": att.get("method") or "", "confidence": att.get("confidence", ""),
        "context": record.get("context") or "",
    }


def spreadsheet_safe(value):
    # A cell starting with = + - @ is run as a formula by spreadsheets (CSV injection, OWASP).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_lines(records: Iterable[dict], *, bom: bool = False) -> Iterator[str]:
    """CSV text, a row at a time (one record in memory whatever the size of the result);
    ``bom`` starts it with the UTF-8 byte order mark that spreadsheets need."""
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: spreadsheet_safe(v) for k, v in flat_row(record).items()})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def jsonl_lines(records: Iterable[dict]) -> Iterator[str]:
    for rec in records:
        yield json.dumps(rec, ensure_ascii=False) + "\n"


# --- text for a terminal ---------------------------------------------------------------------

def text_block(rec: dict, n: int | None = None) -> str:
    """One result as the CLI prints it: the quotation wrapped to the terminal, who said it to whom,
    how surely, and where it was printed; numbered when ``n`` is given."""
    width = min(shutil.get_terminal_size((100, 20)).columns, 100) - 4
    lead = f"{n:>2}. " if n is not None else ""
    quote = textwrap.fill(f"\u201c{rec['text']}\u201d", width=width, initial_indent=lead,
                          subsequent_indent="    " if lead else "")
    sp = rec.get("speaker") or {}
    who = speaker_label(rec) + (f" ({sp['role']})" if sp.get("role") and sp.get("name") else "")
    if rec.get("outlet"):
        who += f", to {rec['outlet']['name']}"
    att = rec.get("attribution") or {}
    how = f"{rec.get('kind') or 'full'}, {att.get('method') or 'none'} {att.get('confidence') or 0:.2f}"
    where = ", ".join(f"{s.get('publication') or s['article_id']}" + (f" {s['published']}" if s.get("published")
                                                                        else "")
                      for s in _distinct_articles(rec))
    themes = ", ".join(t["name"] for t in rec.get("themes") or [])
    lines = [quote, f"    \u2014 {who}  [{how}]", f"    in {where}" + (f"  [{themes}]" if themes else "")]
    return "\n".join(lines) + "\n"


def _distinct_articles(rec: dict) -> list[dict]:
    return list({s["article_id"]: s for s in rec.get("sources") or []}.values())


def format_records(records: list[dict], fmt: str) -> Iterator[str]:
    """Records as ``quotes-api extract`` prints them: ``jsonl`` (the scorers read it), ``json``, ``text``."""
    if fmt == "jsonl":
        yield from jsonl_lines(records)
    elif fmt == "json":
        yield json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        for r in records:
            yield text_block(r) + "\n"


def table(rows: list[list]) -> str:
    """Columns padded to their widest cell; the last column is left ragged (it is the long one)."""
    rows = [[str(c) if c is not None else "" for c in row] for row in rows]
    if not rows:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "".join("  ".join([c.ljust(w) for c, w in zip(r, widths)] + [r[-1]]).rstrip() + "\n" for r in rows)


def quote_rows(records: Iterable[dict]) -> list[list]:
    """One aligned line per quotation: id, date, speaker, outlet, text."""
    return [[r["id"], first_source(r).get("published") or "", speaker_label(r),
             (r.get("outlet") or {}).get("name") or "-", f"\u201c{r['text']}\u201d"] for r in records]


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


# Control characters other than line breaks and tabs: an article could carry terminal escape
# sequences (ESC [ ...), which must not reach the terminal that text is printed to.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)
