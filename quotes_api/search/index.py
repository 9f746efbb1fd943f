"""The Whoosh index of quotations: its schema, how a record becomes a document, and its directory.

The index is derived from the store and can always be rebuilt from it. Two files beside
Whoosh's own make that safe:

- ``QUOTES_API_INDEX`` (the marker) holds a random token written when *we* create the index and
  also kept in the store. Whoosh's table of contents is a pickle, and unpickling a file someone
  else wrote can run their code, so a directory without our marker is never opened, and one
  whose token is not the store's is wiped and rebuilt, never read.
- ``APPLIED`` holds the store change sequence the index reflects. It is written after each index
  commit, so after a crash it may lag the index but never lead it; replaying the changes after it
  is idempotent (update by id, delete by id).
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import threading
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from whoosh import columns, fields, index as whoosh_index
from whoosh.index import EmptyIndexError

from ..errors import UnsafeIndexDir
from . import analysis
from .codec import QuoteCodec

log = logging.getLogger("quotes_api")

MARKER = "QUOTES_API_INDEX"
APPLIED = "APPLIED"
# Bump when the schema or the analyzers change: an index of another version is rebuilt.
SCHEMA_VERSION = 7
# Facet columns hold several values (themes, publications) joined by this separator.
FACET_SEP = "\x1f"
FACETS = ("speaker", "outlet", "theme", "publication", "day")
# Prefixes of the tokens of the ``filters`` field, one per filterable property.
FILTER_PREFIX = {"speaker": "s:", "outlet": "o:", "theme": "t:", "publication": "p:", "kind": "k:", "date": "d:"}


def build_schema() -> fields.Schema:
    """Few fields on purpose: Whoosh's cost per document grows with each analysed field.

    ``words`` is the one ranked field. Everything a query narrows by (speaker, outlet, theme,
    publication, kind, date) is one pre-tokenised ``filters`` field of prefixed tokens ("s:gonzalez",
    "s:KNSLS", "o:reuters", "d:2019-02-27").
    """
    words = fields.TEXT(analyzer=analysis.spoken(), phrase=True)
    words.format = analysis.SpokenPositions(field_boost=words.format.field_boost)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        words=words,
        filters=fields.KEYWORD(lowercase=False, commas=False, scorable=False),
        **{f"f_{name}": fields.COLUMN(columns.VarBytesColumn()) for name in FACETS},
    )


@lru_cache(maxsize=50_000)
def speaker_tokens(names: str) -> str:
    """The filter tokens of a speaker's names: folded words and their Double Metaphone codes (computed
    once per distinct speaker, not once per quotation)."""
    return " ".join(dict.fromkeys(FILTER_PREFIX["speaker"] + t.text for t in analysis.speaker_names()(names)))


def _filter_tokens(rec: dict, names: str, themes: list[str], pubs: list[str]) -> str:
    p = FILTER_PREFIX
    tokens = [speaker_tokens(names), p["kind"] + rec["kind"]]
    tokens += [p["outlet"] + w for w in analysis.fold_words((rec.get("outlet") or {}).get("name") or "")]
    tokens += [p["theme"] + t for t in themes]
    tokens += [p["publication"] + w for w in analysis.fold_words(" ".join(pubs))]
    if rec.get("date"):
        tokens.append(p["date"] + rec["date"][:10])
    return " ".join(dict.fromkeys(tokens))


def document(rec: dict) -> dict:
    """The index document of a store record (see Store.record)."""
    speaker = rec.get("speaker") or {}
    names = " ".join(n for n in [speaker.get("name"), *(speaker.get("aliases") or [])] if n)
    outlet = (rec.get("outlet") or {}).get("name") or ""
    themes = [t["name"] for t in rec.get("themes") or []]
    pubs = sorted({s["publication"] for s in rec["sources"] if s.get("publication")})
    return {
        "id": rec["id"], "words": rec["text"], "filters": _filter_tokens(rec, names, themes, pubs),
        "f_speaker": (speaker.get("name") or "").encode(), "f_outlet": outlet.encode(),
        "f_theme": FACET_SEP.join(themes).encode(), "f_publication": FACET_SEP.join(pubs).encode(),
        "f_day": (rec.get("date") or "")[:10].encode(),
    }


class QuoteIndex:
    """The index directory: safe opening, a searcher that follows new commits, batched writes."""

    def __init__(self, path: str | os.PathLike, token: str) -> None:
        self.path = Path(path)
        self.token = token
        self._ix = None
        self._searcher = None
        self._lock = threading.Lock()

    # --- state --------------------------------------------------------------------------

    def _marker(self) -> dict | None:
        try:
            return json.loads((self.path / MARKER).read_text())
        except (OSError, ValueError):
            return None

    def _is_ours(self) -> bool:
        """Whether the directory holds an index we built for this store and schema (False: none, or another).

        Raises UnsafeIndexDir for a directory with files but no marker: we must neither read nor delete it.
        """
        marker = self._marker()
        if marker is None:
            if self.path.exists() and any(self.path.iterdir()):
                raise UnsafeIndexDir(
                    f"{self.path} holds files but was not created by quotes-api (no {MARKER} marker). Whoosh "
                    f"indexes are pickles, which can run code when loaded, so it is not opened; move it away "
                    f"or point INDEX_DIR elsewhere")
            return False
        return marker.get("token") == self.token and marker.get("schema") == SCHEMA_VERSION

    def applied_seq(self) -> int | None:
        """The store sequence this index reflects, or None when it must be rebuilt (missing, foreign, old)."""
        if not self._is_ours():
            return None
        try:
            return int(json.loads((self.path / APPLIED).read_text())["seq"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def mark_applied(self, seq: int) -> None:
        tmp = self.path / (APPLIED + ".tmp")
        with open(tmp, "w") as f:
            json.dump({"seq": seq}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path / APPLIED)

    # --- opening ------------------------------------------------------------------------

    def create(self) -> None:
        """Start an empty index. Only called after applied_seq() vouched the directory is ours or empty."""
        self.close()
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        (self.path / MARKER).write_text(json.dumps({"token": self.token, "schema": SCHEMA_VERSION}))
        self._ix = whoosh_index.create_in(str(self.path), build_schema())

    def ix(self):
        """The Whoosh index, opened (its pickled table of contents read) only once vouched for as ours."""
        if self._ix is None:
            if not self._is_ours():
                raise EmptyIndexError(f"no index built for this store in {self.path} yet")
            self._ix = whoosh_index.open_dir(str(self.path))
        return self._ix

    def searcher(self):
        """A searcher on the latest commit: refreshed when another process (or we) committed since."""
        with self._lock:
            if self._searcher is None:
                self._searcher = self.ix().searcher()
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
            return self._searcher

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            if self._ix is not None:
                self._ix.close()
                self._ix = None

    # --- writing ------------------------------------------------------------------------

    def writer(self, memory_mb: int):
        return self.ix().writer(limitmb=memory_mb, procs=1, codec=QuoteCodec())

    def apply(self, records: Iterable[dict], deleted: Iterable[str], seq: int, *, memory_mb: int) -> None:
        """Upsert ``records``, delete ``deleted`` ids, commit, then record ``seq`` as applied."""
        w = self.writer(memory_mb)
        try:
            for qid in deleted:
                w.delete_by_term("id", qid)
            for rec in records:
                w.update_document(**document(rec))
        except BaseException:
            w.cancel()
            raise
        w.commit()
        self.mark_applied(seq)


def new_token() -> str:
    return secrets.token_hex(16)
