"""Search results as text for a terminal, CSV, JSON lines: how the CLI prints records."""
from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from typing import Iterable, Iterator

CSV_COLUMNS = ("id", "text", "kind", "speaker", "role", "outlet", "publications", "dates", "themes", "article_ids",
               "urls", "attribution", "confidence")


def _speaker(rec: dict) -> str:
    sp = rec.get("speaker") or {}
    return sp.get("name") or sp.get("description") or "unknown speaker"


def publications(rec: dict) -> list[str]:
    return list(dict.fromkeys(s.get("publication") or s["article_id"] for s in rec["sources"]))


def _row(rec: dict) -> dict:
    sp = rec.get("speaker") or {}
    return {"id": rec["id"], "text": rec["text"], "kind": rec["kind"], "speaker": sp.get("name") or "",
            "role": sp.get("role") or "", "outlet": (rec.get("outlet") or {}).get("name") or "",
            "publications": "; ".join(publications(rec)),
            "dates": "; ".join(dict.fromkeys(s["published"] for s in rec["sources"] if s.get("published"))),
            "themes": "; ".join(t["name"] for t in rec.get("themes") or []),
            "article_ids": "; ".join(dict.fromkeys(s["article_id"] for s in rec["sources"])),
            "urls": "; ".join(dict.fromkeys(s["url"] for s in rec["sources"] if s.get("url"))),
            "attribution": rec["attribution"].get("method") or "", "confidence": rec["attribution"].get("confidence")}


def csv_lines(records: Iterable[dict]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for rec in records:
        writer.writerow(_row(rec))
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
    who = _speaker(rec) + (f" ({sp['role']})" if sp.get("role") and sp.get("name") else "")
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
