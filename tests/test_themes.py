"""The themes taxonomy: stem matching, the bundled file, a user's own file, reindex re-applying it."""
from __future__ import annotations

import json

import pytest

from fixtures.db import corpus
from quotes_api import ingest, themes
from quotes_api.errors import InputError
from quotes_api.service import QuoteService

REQUIRED = {"hardship", "food", "medicine", "repression", "military", "aid", "sanctions", "elections",
            "negotiation", "migration"}


def names(found):
    return [t["name"] for t in found]


def test_bundled_taxonomy_is_versioned_and_complete():
    tax = themes.load()
    assert tax.version and REQUIRED <= {t.name for t in tax.themes}
    assert all(t.description and t.terms and t.label for t in tax.themes)


@pytest.mark.parametrize("text, theme, matched", [
    ("They say we are not beggars, but there is no medicine in Venezuela,", "medicine", ["medicine"]),
    ("The hospitals have no medicines and no doctors", "medicine", ["hospitals", "medicines", "doctors"]),
    ("There are shortages of everything", "hardship", ["shortages"]),
    ("We have nothing to eat, my children are hungry", "food", ["eat", "hungry"]),
    ("Soldiers are deserting every day", "military", ["Soldiers", "deserting"]),
    ("They crossed the border into Colombia", "migration", ["crossed the border", "border"]),
    ("The sanctions are strangling us", "sanctions", ["sanctions"]),
    ("We want free and fair elections", "elections", ["free and fair", "elections"]),
    ("We are ready to negotiate", "negotiation", ["negotiate"]),
    ("The humanitarian aid convoy was blocked", "aid", ["humanitarian", "aid", "convoy"]),
    ("They arrested and tortured protesters", "repression", ["arrested", "tortured", "protesters"]),
])
def test_terms_match_on_stems_and_record_words(text, theme, matched):
    found = {t["name"]: t["matched"] for t in themes.load().assign(text)}
    assert found[theme] == matched


def test_no_theme_for_neutral_text():
    assert themes.load().assign("It was a sunny afternoon in the park") == []


@pytest.fixture
def own_file(tmp_path):
    path = tmp_path / "themes.json"
    path.write_text(json.dumps({"version": "7", "themes": [
        {"name": "oil", "description": "Oil and its industry.", "terms": ["oil", "pdvsa", "crude"]}]}))
    return path


def test_user_file_replaces_bundled(own_file):
    tax = themes.load({"THEMES_FILE": str(own_file)})
    assert tax.version == "7" and names(tax.assign("Crude exports of PDVSA fell")) == ["oil"]


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a valid taxonomy"),
    ('{"version": 1}', "not a valid taxonomy"),
    ('{"version": 1, "themes": [{"name": "a b", "terms": ["x"]}]}', "unique single words"),
])
def test_bad_taxonomy_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        themes.load({"THEMES_FILE": str(path)})


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(InputError, match="THEMES_FILE"):
        themes.load({"THEMES_FILE": str(tmp_path / "nope.json")})


def test_reindex_reapplies_an_edited_taxonomy(tmp_path, own_file, monkeypatch, caplog):
    built = corpus.build()
    monkeypatch.setattr(ingest, "extract_article", corpus.fake_extractor(built))
    with QuoteService(tmp_path / "db") as svc:
        svc.ingest(a for a, _ in built.values())
        assert svc.search("theme:medicine")["total"] == 1
    # The user points THEMES_FILE at their own taxonomy, adds a theme (no code), and reindexes.
    data = json.loads(own_file.read_text())
    data["themes"].append({"name": "children", "description": "Children.", "terms": ["child", "children"]})
    own_file.write_text(json.dumps(data))
    with QuoteService(tmp_path / "db", overrides={"THEMES_FILE": str(own_file)}) as svc:
        svc.health()  # opens the database, which notices the taxonomy changed
        assert any("run `quotes-api reindex`" in r.message for r in caplog.records)
        done = svc.reindex()
        assert done["taxonomy_version"] == "7" and done["themes_changed"] >= 1
        assert svc.search("theme:medicine")["total"] == 0
        hit = svc.search("theme:children")["hits"][0]
        assert hit["themes"] == [{"name": "children", "matched": ["children"]}]
        assert [t["name"] for t in svc.themes()] == ["oil", "children"]
        assert svc.themes()[1]["quotations"] == 1
