"""Limits: an article too long or too costly is refused with a clear error, and the run goes on."""
import pytest

from quotes_api.articles.model import Article
from quotes_api.errors import ExtractionTimeout, InputError
from quotes_api.extract import extract_article
from quotes_api.extract.records import build_records


def test_article_longer_than_the_setting_is_refused(monkeypatch):
    monkeypatch.setenv("QUOTES_API_MAX_ARTICLE_CHARS", "100")
    with pytest.raises(InputError, match="MAX_ARTICLE_CHARS"):
        extract_article(Article(id="long", text="x" * 101))


def test_regex_timeout_skips_the_article_and_the_run_goes_on(monkeypatch):
    monkeypatch.setenv("QUOTES_API_REGEX_TIMEOUT", "0.000001")
    slow = Article(id="slow", text=('"We are here," said Ana Ruiz. ' * 2000) + "\n")
    with pytest.raises(ExtractionTimeout, match="REGEX_TIMEOUT"):
        extract_article(slow)
    monkeypatch.setenv("QUOTES_API_REGEX_TIMEOUT", "5")
    ok = Article(id="ok", text='"We are here," said Ana Ruiz.\n')
    monkeypatch.setenv("QUOTES_API_REGEX_TIMEOUT", "0.000001")
    records, failures = build_records([slow])
    assert records == [] and failures and "REGEX_TIMEOUT" in failures[0][1]
    monkeypatch.setenv("QUOTES_API_REGEX_TIMEOUT", "5")
    records, failures = build_records([ok])
    assert len(records) == 1 and failures == []
