"""Themes: an editable taxonomy (quotes_api/data/themes.json, or setting THEMES_FILE) assigned at ingest.

Each theme has a name, a label, a description and terms. A term matches on word stems after stop
words are dropped, the same analysis as plain search words, so "shortage" matches "shortages" and
"cross the border" matches "crossing the border". A quotation's themes record the words that
matched, so a reader can see why it was filed there. The file carries a ``version``; after an
edit, ``quotes-api reindex`` re-applies it to every stored quotation.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import settings
from .errors import InputError
from .search.analysis import stemmed

BUNDLED = Path(__file__).parent / "data" / "themes.json"


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    description: str
    terms: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "description": self.description, "terms": list(self.terms)}


class Taxonomy:
    def __init__(self, version: str, themes: list[Theme], digest: str) -> None:
        self.version = version
        self.themes = themes
        self.digest = digest  # changes with any edit, even one that forgot to bump the version
        # Each term as its stem sequence, looked up by its first stem.
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for theme in themes:
            for term in theme.terms:
                seq = tuple(t.text for t in stemmed()(term))
                if seq:
                    self._by_first.setdefault(seq[0], []).append((seq, theme.name))

    def assign(self, text: str) -> list[dict]:
        """``[{"name", "matched": [words as written]}]`` in taxonomy order."""
        tokens = [(t.text, t.startchar, t.endchar) for t in stemmed()(text, chars=True)]
        stems = [s for s, _, _ in tokens]
        matched: dict[str, list[str]] = {}
        for i, stem in enumerate(stems):
            for seq, name in self._by_first.get(stem, ()):
                if tuple(stems[i:i + len(seq)]) == seq:
                    words = text[tokens[i][1]:tokens[i + len(seq) - 1][2]]
                    if words not in matched.setdefault(name, []):
                        matched[name].append(words)
        return [{"name": t.name, "matched": matched[t.name]} for t in self.themes if t.name in matched]


def _parse(raw: bytes, source: str) -> Taxonomy:
    try:
        data = json.loads(raw)
        themes = [Theme(str(t["name"]).strip().lower(), str(t.get("label") or t["name"]),
                        str(t.get("description") or ""), tuple(str(x) for x in t["terms"]))
                  for t in data["themes"]]
        version = str(data["version"])
    except (ValueError, KeyError, TypeError) as e:
        raise InputError(f"themes file {source} is not a valid taxonomy ({type(e).__name__}: {e}); it needs "
                         f'{{"version": ..., "themes": [{{"name", "description", "terms": [...]}}]}}') from None
    names = [t.name for t in themes]
    if len(set(names)) != len(names) or not all(n and " " not in n for n in names):
        raise InputError(f"themes file {source}: theme names must be unique single words, got {names}")
    return Taxonomy(version, themes, hashlib.sha256(raw).hexdigest()[:16])


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Taxonomy:
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read themes file {path} (setting THEMES_FILE): {e.strerror}") from None
    return _parse(raw, path)


def load(overrides: dict | None = None) -> Taxonomy:
    """The taxonomy in use: THEMES_FILE when set, else the bundled one; re-read when the file changes."""
    path = settings.get("THEMES_FILE", overrides) or str(BUNDLED)
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        mtime = -1.0
    return _load(path, mtime)
