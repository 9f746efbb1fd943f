"""Extraction: from an Article to quote records.

``extract_article`` is the whole pipeline for one article: debris is set aside
(articles.debris), quotations are paired (quotations), speakers and outlets are read and
resolved (attribution, speakers, outlets), and the occurrences become records merged
within the article (records).
"""
from __future__ import annotations

from .. import collector, settings
from ..articles.model import Article
from ..errors import ExtractionTimeout, InputError
from . import patterns


def extract_article(article: Article, config: dict | None = None) -> list[dict]:
    """The quote records of one article. Raises InputError or ExtractionTimeout, nothing else.

    ``config`` holds setting overrides (as create_app and QuoteService take them); each setting
    not in it comes from the environment, then its default (``settings.get``).
    """
    from .attribution import ArticleReader
    from .records import merge_records, to_record

    limit = settings.get("MAX_ARTICLE_CHARS", config)
    if len(article.text) > limit:
        raise InputError(f"article {article.id} has {len(article.text):,} characters, more than MAX_ARTICLE_CHARS "
                         f"({limit:,}); split it or raise the setting")
    timeout = settings.get("REGEX_TIMEOUT", config)
    patterns.set_timeout(timeout)
    min_words = settings.get("MERGE_MIN_WORDS", config)
    # (the collector paused: reading an article allocates tens of thousands of small containers, and its walks
    # of them were about a tenth of the extraction time on real news; see quotes_api.collector)
    with collector.paused():
        try:
            found = ArticleReader(article, config).read()
        except TimeoutError:  # raised by the regex module past REGEX_TIMEOUT
            raise ExtractionTimeout(f"article {article.id} took longer than REGEX_TIMEOUT "
                                    f"({timeout} s) in one pattern; skipped") from None
        return merge_records((to_record(article, f, min_words) for f in found), min_words,
                             settings.get("MERGE_MIN_SHARE", config))


__all__ = ["extract_article"]
