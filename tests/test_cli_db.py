"""The database subcommands of the CLI, run in-process on the seeds."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from quotes_api.cli import main

SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("QUOTES_API_INDEX_DIR", str(path))
        assert main(["ingest", str(SEEDS)]) == 0
    return path


@pytest.fixture
def run(db, monkeypatch, capsys):
    monkeypatch.setenv("QUOTES_API_INDEX_DIR", str(db))

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_ingest_summary_and_bad_file(run, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    code, out, _ = run("ingest", str(SEEDS), str(bad))
    assert code == 1  # one article failed: a script must be able to tell
    assert "articles: 0 new, 5 unchanged, 0 replaced, 1 failed" in out
    assert f"failed: {bad}" in out
    code, out, _ = run("ingest", str(bad))
    assert code == 2  # nothing went in at all


def test_ingest_lists_the_files_a_directory_walk_skips(run, tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_API_INDEX_DIR", str(tmp_path / "db"))  # not the seeds' database
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "story.txt").write_text('"Talks resume on Friday," the union said.\n')
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "notes.docx").write_bytes(b"PK")
    code, out, _ = run("ingest", str(inbox))
    assert code == 0 and "articles: 1 new" in out
    assert [line for line in out.splitlines() if line.startswith("skipped")] == [
        f"skipped (not an article file type): {inbox / 'notes.docx'}",
        f"skipped (not an article file type): {inbox / 'scan.pdf'}"]


def test_survey_counts_articles_when_the_listing_tells(tmp_path):
    from quotes_api.articles.reading import survey

    assert survey([SEEDS]) == (5, [])
    (tmp_path / "wire.jsonl").write_text("{}\n")
    assert survey([SEEDS, tmp_path])[0] is None  # a JSON Lines file holds any number of articles
    assert survey(["-"])[0] is None


def test_sort_newest_first_as_the_readme_prints_it(run):
    code, out, err = run("search", "aid", "--sort", "-date", "--format", "jsonl")
    assert code == 0, err
    dates = [json.loads(line)["date"] for line in out.splitlines()]
    assert dates and dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("argv, summary", [
    (["search", "medicine"], "1 quotation ("),
    (["search", 'speaker:"Javier Gonzalez"'], "3 quotations ("),
    (["search", 'speaker:"Javier Gonzalez"', "--limit", "2"], "1-2 of 3 quotations ("),
    (["search", 'speaker:"Javier Gonzalez"', "--limit", "2", "--page", "2"], "3-3 of 3 quotations ("),
    (["search", "zebra"], "no quotations ("),
])
def test_the_count_line_reads_naturally(run, argv, summary):
    code, out, _ = run(*argv)
    assert code == 0 and out.splitlines()[-1 if "did you mean" not in out else -2].startswith(summary)


def test_search_text_format(run):
    code, out, _ = run("search", 'speaker:"Javier Gonzalez"')
    assert code == 0
    assert out.count("\u2014 Javier Gonzalez (Guardsman Sgt.), to Reuters") == 3
    assert "in Business Insider" in out and "\n3 quotations (" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_search_machine_formats(run, fmt):
    code, out, _ = run("search", "outlet:reuters", "--format", fmt)
    assert code == 0
    if fmt == "json":
        rows = json.loads(out)["hits"]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3
    speakers = {r["speaker"]["name"] if fmt != "csv" else r["speaker"] for r in rows}
    assert speakers == {"Javier Gonzalez"}


def test_search_options(run):
    code, out, _ = run("search", "", "--theme", "medicine", "--format", "jsonl")
    assert code == 0 and "no medicine in Venezuela" in out
    code, out, _ = run("search", "medicne")
    assert "did you mean: medicine" in out


def test_malformed_query_is_one_line_exit_2(run):
    code, out, err = run("search", '"no medicine')
    assert code == 2 and err.strip().startswith("quotes-api: the query has an unclosed quotation mark")
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, expected", [
    (["stats"], "5 articles"),
    (["speakers", "gonzales"], "Javier Gonzalez"),
    (["themes"], "medicine"),
    (["reindex"], "reindexed"),
])
def test_other_commands(run, argv, expected):
    code, out, _ = run(*argv)
    assert code == 0 and expected in out


def test_reextract(run):
    code, out, _ = run("reextract")
    assert code == 0 and "articles: 0 new, 0 unchanged, 5 replaced, 0 failed" in out


def test_ingest_from_stdin(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QUOTES_API_INDEX_DIR", str(tmp_path / "db"))
    text = '"We cannot keep patients safe with half the staff we need," said Maria Lopez, a ward nurse.\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["ingest", "-"]) == 0
    assert "articles: 1 new" in capsys.readouterr().out
    assert main(["search", "speaker:lopez", "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("We cannot keep patients safe")
