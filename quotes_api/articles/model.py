"""The Article: what every reader produces and every later stage consumes."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field


@dataclass
class Article:
    """One news article.

    ``text`` is the decoded article with line endings normalised to ``\\n`` and a BOM
    removed, but otherwise exactly as read: every character offset in a quote record
    points into this string, and the store keeps it so that extraction can be re-run.
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


def article_id(stem: str | None, text: str) -> str:
    """A stable id: the file stem (when there is one) joined to a hash of the text.

    A stem that already ends in a 16-hex-digit hash (``004_cec9d586c5f71784``) is used
    as it is, so the seed files keep the names they were published under.
    """
    import re

    if stem and re.fullmatch(r"[\w.-]*_[0-9a-f]{16}", stem):
        return stem
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    if not stem:
        return digest
    safe = re.sub(r"[^\w.-]+", "-", stem).strip("-")[:80] or "article"
    return f"{safe}_{digest}"
