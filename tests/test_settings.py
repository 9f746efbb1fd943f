"""Every setting is declared once with a default and a help text, overridable by environment, and documented."""
from pathlib import Path

import pytest

from quotes_api import settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(settings.SETTINGS))
def test_every_setting_has_help_and_is_in_the_readme_table(name):
    s = settings.SETTINGS[name]
    assert s.help.strip().endswith((".", ")")), f"{name}: help should be a sentence"
    assert f"| `{name}` | `{s.env}` |" in README, f"{name} is not documented in README.md (quotes-api settings --format markdown)"


def test_readme_table_matches_the_code():
    assert settings.markdown_table() in README, "README settings table drifted: paste `quotes-api settings --format markdown`"


def test_environment_overrides_the_default(monkeypatch):
    monkeypatch.setenv("QUOTES_API_CONTEXT_CHARS", "123")
    assert settings.get("CONTEXT_CHARS") == 123


def test_a_bad_environment_value_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("QUOTES_API_CONTEXT_CHARS", "lots")
    with pytest.raises(ValueError, match="QUOTES_API_CONTEXT_CHARS"):
        settings.get("CONTEXT_CHARS")
