"""The extractor compiled with mypyc, used only while it is the code of this checkout.

``pip install`` (setup.py) compiles the extraction modules (``COMPILED``) with mypyc when it can, next to their
sources, and writes ``quotes_api/_compiled.json``: the SHA-256 of each source it compiled. Python imports a
compiled module before its source, so a source edited after the build would silently not run. ``install()``,
called once by ``quotes_api/__init__``, prevents that: it checks the build against the sources and, unless every
module is built from its present source (and the setting COMPILED_EXTRACTOR is on), makes all of them load from
source. All or none: compiled modules reach into each other's classes directly and cannot be mixed with the
Python ones. ``status()`` says which runs and why (scripts/bench_extract.py prints it).

A dataclass that is built for every sentence or quotation writes its ``__init__`` out: the ``__init__`` that
``@dataclass`` makes is Python source compiled at import, which runs interpreted (with ``frozen=True``, one
``object.__setattr__`` per field), while one written in the class is compiled with it (about 130 M of the 2,400 M
instructions of PolNeAR train articles 4-153). ``@dataclass`` still gives the fields their ``__repr__`` and ``__eq__``
(and, with ``unsafe_hash=True``, the ``__hash__`` of what was frozen and is never assigned after ``__init__``).
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys

from . import settings

# The modules setup.py compiles (extraction and what it calls on every article).
COMPILED = ("quotes_api.articles.model", "quotes_api.articles.normalize", "quotes_api.articles.metadata",
            "quotes_api.articles.debris", "quotes_api.extract.patterns", "quotes_api.extract.quotations",
            "quotes_api.extract.clauses", "quotes_api.extract.speakers", "quotes_api.extract.outlets",
            "quotes_api.extract.confidence", "quotes_api.extract.records", "quotes_api.extract.attribution")
MANIFEST = "_compiled.json"

_ROOT = os.path.dirname(os.path.abspath(__file__))
_status = "not checked"
log = logging.getLogger(__name__)


def source_path(module: str, root: str = _ROOT) -> str:
    return os.path.join(root, *module.split(".")[1:]) + ".py"


def digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _built(module: str, root: str) -> bool:
    stem = os.path.join(root, *module.split(".")[1:])
    return any(os.path.exists(stem + suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES)


NOT_BUILT = "Python (no compiled build: QUOTES_API_COMPILE=0, or mypyc could not build it)"
SWITCHED_OFF = "Python (COMPILED_EXTRACTOR is off)"


def check(root: str = _ROOT) -> tuple[bool, str]:
    """(whether the compiled modules may run, why): only when every one is built and its source is the one built."""
    built_here = [m for m in COMPILED if _built(m, root)]
    if not built_here:
        return False, NOT_BUILT
    try:
        with open(os.path.join(root, MANIFEST), encoding="utf-8") as f:
            digests = json.load(f)
    except (OSError, ValueError):
        return False, f"Python (compiled modules without a readable {MANIFEST}: reinstall)"
    missing = [m for m in COMPILED if m not in built_here]
    if missing:
        return False, f"Python (compiled build incomplete, {', '.join(missing)} not built: reinstall)"
    changed = [m.rsplit(".", 1)[1] + ".py" for m in COMPILED if digests.get(m) != digest(source_path(m, root))]
    if changed:
        return False, (f"Python (compiled modules out of date: {', '.join(changed)} changed since the build; "
                       f"reinstall with pip install -e . to compile them again)")
    return True, "compiled (mypyc)"


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds the modules of COMPILED as their .py sources, ahead of the compiled extensions beside them."""

    def __init__(self, root: str) -> None:
        self.sources = {m: source_path(m, root) for m in COMPILED}

    def find_spec(self, name, path=None, target=None):
        src = self.sources.get(name)
        return importlib.util.spec_from_file_location(name, src) if src else None


def install() -> None:
    """Decide once, before any of COMPILED is imported, whether the compiled modules run."""
    global _status
    if _status != "not checked":
        return
    ok, why = check()
    if not ok and why != NOT_BUILT:  # a build that may not run: out of date, partial, or without its digests
        log.warning("quotes-api extractor runs as %s", why)
    elif ok and not settings.get("COMPILED_EXTRACTOR"):
        ok, why = False, SWITCHED_OFF
    _status = why
    if not ok and why != NOT_BUILT:
        sys.meta_path.insert(0, _SourceFirst(_ROOT))  # (the extensions are there: load the sources before them)


def status() -> str:
    """How the extractor runs in this process: 'compiled (mypyc)' or 'Python (why)'."""
    return _status
