"""The Article: what every reader produces and every later stage consumes."""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field

# An article id: 1 to 128 ASCII letters, digits, '.', '_' and '-', not starting with '.' or '-'.
# Every id a reader gives or the API accepts has this form, so it is one segment of a URL path
# (no '/', no '..', no spaces or control characters) and reads the same in every store.
ARTICLE_ID_MAX = 128
ARTICLE_ID_PATTERN = rf"^[A-Za-z0-9_][A-Za-z0-9._-]{{0,{ARTICLE_ID_MAX - 1}}}$"
ARTICLE_ID_RULE = (f"1 to {ARTICLE_ID_MAX} ASCII letters, digits, '.', '_' or '-', starting with a letter, "
                   f"a digit or '_'")
# A JSON record may give its id as a whole number up to this (a signed 64-bit integer's range).
ARTICLE_ID_NUMBER_MAX = 2 ** 63 - 1
_RE_ID = re.compile(ARTICLE_ID_PATTERN)
_RE_HASHED_STEM = re.compile(r"_[0-9a-f]{16}$")


@dataclass
class Article:
    """One news article.

    ``text`` is the decoded article with line endings normalised to ``\\n``, a BOM
    removed and accents composed (Unicode NFC: reading.composed), but otherwise exactly as
    read: every character offset in a quote record points into this string, and the store
    keeps it so that extraction can be re-run.
    """

    id: str
    text: str
    title: str | None = None
    publication: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    byline: str | None = None
    source: str | None = None  # where it was read from: a path, "-", or "api"
    format: str = "text"  # text | html | json
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def is_article_id(value: object) -> bool:
    """Whether ``value`` is an article id of the documented form (ARTICLE_ID_PATTERN)."""
    return isinstance(value, str) and _RE_ID.fullmatch(value) is not None


def article_id(stem: str | None, text: str) -> str:
    """A stable id: the file stem (when there is one) joined to a hash of the text.

    A stem that already ends in a 16-hex-digit hash (``004_cec9d586c5f71784``) is used
    as it is, so the seed files keep the names they were published under. Other stems are
    cut to the characters an id allows (ARTICLE_ID_PATTERN).
    """
    if stem and is_article_id(stem) and _RE_HASHED_STEM.search(stem):
        return stem
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if not stem:
        return digest
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).lstrip(".-")[:80].rstrip("-") or "article"
    return f"{safe}_{digest}"
