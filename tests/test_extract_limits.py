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


ARTICLE = ('The mayor spoke after the vote on the budget for the new bridge over the river.\n\n'
           '"We will rebuild every house on this street, and we will start in May," said Mayor Ana Ruiz.\n')


@pytest.mark.parametrize("setting, value, check", [
    ("MAX_ARTICLE_CHARS", 60, lambda outcome: isinstance(outcome, InputError)),
    ("REGEX_TIMEOUT", 0.000001, lambda outcome: isinstance(outcome, ExtractionTimeout)),
    ("CONTEXT_CHARS", 40, lambda outcome: len(outcome[0]["context"]) <= 40),
    ("MERGE_MIN_WORDS", 100, lambda outcome: outcome[0]["id"] != quote_id_of(outcome[0]["text"])),
])
def test_extraction_settings_given_to_the_service_take_effect(tmp_path, setting, value, check):
    """A QuoteService (and so create_app) override reaches extraction, as the environment does."""
    from quotes_api.service import QuoteService

    with QuoteService(str(tmp_path / "db"), overrides={setting: value}) as service:
        try:
            outcome = service.ingest_article(Article(id="bridge", text=ARTICLE))["quotations"]
        except (InputError, ExtractionTimeout) as e:
            outcome = e
    assert check(outcome), outcome
    with QuoteService(str(tmp_path / "db2")) as service:  # and without the override, the default
        default = service.ingest_article(Article(id="bridge", text=ARTICLE))["quotations"]
    assert not isinstance(default, Exception) and not check(default)


def quote_id_of(text: str) -> str:
    from quotes_api.extract.records import quote_id
    return quote_id(text)


# Shapes of hostile input that made extraction quadratic (issue 10, item 6): now linear, and bounded.
HOSTILE = {
    "said": '"we said, " he said ',
    "names": '"a b c," said John Smith. ',
    "paragraphs": '"We will win the vote," said Jane Roe.\n\n',
    "no full stop": 'word "quoted words here" Name Other ',
}


@pytest.mark.parametrize("unit", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_2_mb_hostile_article_finishes_within_the_time_budget(unit):
    text = unit * (2_000_000 // len(unit))
    extract_article(Article(id="hostile", text=text))  # raises ExtractionTimeout past EXTRACT_TIME_BUDGET


def test_the_time_budget_stops_a_costly_article_with_a_clear_error():
    text = '"we said, " he said ' * 20_000
    with pytest.raises(ExtractionTimeout, match="EXTRACT_TIME_BUDGET"):
        extract_article(Article(id="costly", text=text), {"EXTRACT_TIME_BUDGET": 0.001})


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("text, config, error", [
    (ARTICLE, None, None),
    ('"we said, " he said ' * 20_000, {"EXTRACT_TIME_BUDGET": 0.001}, ExtractionTimeout),
])
def test_the_cycle_collector_is_as_extraction_found_it(enabled, text, config, error):
    """Extraction pauses Python's cycle collector while it reads an article (for speed), and leaves it as it
    was, whether the article succeeds or fails."""
    import gc
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        if error is None:
            assert extract_article(Article(id="gc", text=text), config)
        else:
            with pytest.raises(error):
                extract_article(Article(id="gc", text=text), config)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
