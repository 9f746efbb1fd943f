"""Extraction: from an Article to quote records.

``extract_article`` is the whole pipeline for one article: debris is set aside
(articles.debris), quotations are paired (quotations), speakers and outlets are read and
resolved (attribution, speakers, outlets), and the occurrences become records merged
within the article (records).
"""
from __future__ import annotations

from .. import settings
from ..articles.model import Article
from ..errors import ExtractionTimeout, InputError
from . import patterns


def extract_article(article: Article) -> list[dict]:
    """The quote records of one article. Raises InputError or ExtractionTimeout, nothing else."""
    from .attribution import ArticleReader
    from .records import merge_records, to_record

    limit = settings.get("MAX_ARTICLE_CHARS")
    if len(article.text) > limit:
        raise InputError(f"article {article.id} has {len(article.text):,} characters, more than MAX_ARTICLE_CHARS "
                         f"({limit:,}); split it or raise the setting")
    patterns.set_timeout(settings.get("REGEX_TIMEOUT"))
    try:
        found = ArticleReader(article).read()
    except TimeoutError:  # raised by the regex module past REGEX_TIMEOUT
        raise ExtractionTimeout(f"article {article.id} took longer than REGEX_TIMEOUT "
                                f"({settings.get('REGEX_TIMEOUT')} s) in one pattern; skipped") from None
    return merge_records(to_record(article, f) for f in found)


__all__ = ["extract_article"]
