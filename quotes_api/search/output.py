"""Quote records as text for a terminal, CSV and JSON lines: how the CLI and the API's exports print them."""
from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from typing import Iterable, Iterator


def first_source(record: dict) -> dict:
    """The earliest dated printing of a quotation (the one to cite), else the first one."""
    sources = record.get("sources") or [{}]
    dated = [s for s in sources if s.get("published")]
    return min(dated, key=lambda s: s["published"]) if dated else sources[0]


def speaker_label(record: dict) -> str:
    sp = record.get("speaker") or {}
    return sp.get("name") or sp.get("description") or "unattributed"


# One export format for the CLI and the API alike: a row per quotation, its earliest dated printing.
CSV_COLUMNS = ("id", "text", "kind", "speaker", "speaker_role", "outlet", "publication", "published",
               "title", "url", "article_id", "sources", "themes", "attribution", "confidence", "context")


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


def csv_lines(records: Iterable[dict]) -> Iterator[str]:
    """CSV text, a row at a time (one record in memory whatever the size of the result)."""
    buf = io.StringIO()
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


def text_block(n: int, rec: dict) -> str:
    """One numbered result: the quotation wrapped to the terminal, then who said it to whom, and where."""
    width = min(shutil.get_terminal_size((100, 20)).columns, 100) - 4
    quote = textwrap.fill(f"\u201c{rec['text']}\u201d", width=width, initial_indent=f"{n:>2}. ",
                          subsequent_indent="    ")
    sp = rec.get("speaker") or {}
    who = speaker_label(rec) + (f" ({sp['role']})" if sp.get("role") and sp.get("name") else "")
    if rec.get("outlet"):
        who += f", to {rec['outlet']['name']}"
    where = ", ".join(f"{s.get('publication') or s['article_id']}" + (f" {s['published']}" if s.get("published")
                                                                        else "")
                      for s in _distinct_articles(rec))
    themes = ", ".join(t["name"] for t in rec.get("themes") or [])
    lines = [quote, f"    \u2014 {who}", f"    in {where}" + (f"  [{themes}]" if themes else "")]
    return "\n".join(lines) + "\n"


def _distinct_articles(rec: dict) -> list[dict]:
    return list({s["article_id"]: s for s in rec["sources"]}.values())
