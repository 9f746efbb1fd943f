"""`quotes-api extract`: the contract with the scorer, every format, stdin, directories, bad input."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quotes_api.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run(args, stdin=None):
    return subprocess.run([sys.executable, "-m", "quotes_api.cli", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=120)


def test_jsonl_on_the_seeds_gives_complete_records(capsys):
    assert main(["extract", "--format", "jsonl", str(SEEDS)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) >= 30
    keys = {"id", "text", "parts", "kind", "speaker", "outlet", "context", "attribution", "sources"}
    for r in records:
        assert keys <= r.keys()
        assert r["sources"] and all("004" in s["article_id"] or s["article_id"][:3].isdigit() for s in r["sources"])
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_the_same_quotation_in_two_seed_articles_is_one_record(capsys):
    main(["extract", "--format", "jsonl", str(SEEDS)])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    rec = next(r for r in records if r["text"].startswith("small group of assailants"))
    assert {s["article_id"][:3] for s in rec["sources"]} == {"000", "001"}
    assert any(s["publication"] == "The Epoch Times" and s["published"] == "2019-02-07" for s in rec["sources"])


def test_two_sergeants_called_gonzalez_are_told_apart(capsys):
    main(["extract", "--format", "jsonl", str(SEEDS / "004_cec9d586c5f71784.txt")])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_start = {r["text"].split(",")[0]: r for r in records}
    assert by_start["They say we are not beggars"]["speaker"]["name"] == "Isaac Gonzalez"
    assert by_start["They say we are not beggars"]["outlet"]["name"] == "The Wall Street Journal"
    push = next(r for r in records if r["text"].startswith("They're going to do it"))
    assert push["speaker"]["name"] == "Javier Gonzalez"
    assert push["outlet"]["name"] == "Reuters"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_every_format(fmt):
    out = run(["extract", "--format", fmt, str(SEEDS / "003_c53219397c5d22a2.txt")])
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    if fmt == "json":
        assert json.loads(text)[0]["speaker"]["name"] == "Amanda Lapo"
    elif fmt == "jsonl":
        assert json.loads(text.splitlines()[0])["outlet"]["name"] == "Business Insider"
    else:
        assert "Amanda Lapo" in text and "Business Insider" in text


def test_stdin():
    out = run(["extract", "--format", "jsonl", "-"], stdin='"We will rebuild," Mayor Ana Ruiz said.\n'.encode())
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["speaker"]["name"] == "Ana Ruiz"


def test_bad_files_are_reported_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    (tmp_path / "good.txt").write_text('"We will rebuild," Mayor Ana Ruiz said.\n', encoding="utf-8")
    out = run(["extract", "--format", "jsonl", str(tmp_path)])
    assert out.returncode == 0
    assert json.loads(out.stdout)["speaker"]["name"] == "Ana Ruiz"
    err = out.stderr.decode()
    assert "empty.txt" in err and "binary.txt" in err
    assert "Traceback" not in err


def test_only_bad_input_exits_2_with_a_clear_message(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = run(["extract", str(tmp_path / "empty.txt")])
    assert out.returncode == 2
    assert "Traceback" not in out.stderr.decode()


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_lone_surrogate_skips_that_article_and_the_run_goes_on(tmp_path, command):
    # issue 10, item 5: a "\ud800" escape in a JSON field aborted the whole run with a traceback.
    (tmp_path / "a.json").write_text('{"title": "T\\udc00", "text": "\\"Stay \\ud800 here,\\" said Ann Lee."}')
    (tmp_path / "b.jsonl").write_text('{"id": "x\\ud800", "text": "\\"No,\\" said Bo Li."}\n'
                                      '{"id": "good", "text": "\\"We will rebuild the bridge,\\" said Ana Ruiz."}\n')
    (tmp_path / "c.txt").write_text('"The water is back," said Maria Lopez, a nurse.\n')
    extra = ["--format", "jsonl"] if command == "extract" else []
    result = subprocess.run([sys.executable, "-m", "quotes_api.cli", command, str(tmp_path), *extra],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120,
                            env={**os.environ, "QUOTES_API_INDEX_DIR": str(tmp_path / "db")})
    said = result.stdout + result.stderr
    # ingest exits 1 when an article failed (issue 9), extract 0 as long as one was read
    assert "Traceback" not in said and result.returncode == (0 if command == "extract" else 1), said
    assert said.count("lone UTF-16 surrogate") == 2 and "a.json" in said and "line 1" in said
    if command == "extract":
        assert "We will rebuild the bridge" in result.stdout and "The water is back" in result.stdout
    else:
        assert "2 new" in result.stdout and "2 failed" in result.stdout
