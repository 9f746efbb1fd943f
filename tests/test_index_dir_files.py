"""Files quotes-api opens by name in INDEX_DIR are never followed through a link, and never hang on a FIFO."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fixtures.db import corpus
from quotes_api import ingest
from quotes_api.errors import UnsafeIndexDir
from quotes_api.service import QuoteService


@pytest.fixture
def built(tmp_path, monkeypatch):
    data = corpus.build()
    monkeypatch.setattr(ingest, "extract_article", corpus.fake_extractor(data))
    with QuoteService(tmp_path / "db") as s:
        s.ingest([data["a1_reuters"][0]])
    return tmp_path / "db", data


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim.txt"
    path.write_text("precious\n")
    return path


@pytest.mark.parametrize("name", ["write.lock", "whoosh/APPLIED.tmp", "whoosh/APPLIED", "whoosh/QUOTES_API_INDEX"])
def test_a_link_in_index_dir_never_writes_its_target(built, victim, name):
    db, data = built
    link = db / name
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    with QuoteService(db) as s:
        try:
            s.ingest([data["a2_insider"][0]])
        except UnsafeIndexDir as e:  # refused, and said so
            assert "symbolic link" in str(e) and str(link) in str(e)
        else:  # or the link was replaced by a file of ours, never written through
            assert not link.is_symlink()
    assert victim.read_text() == "precious\n"


@pytest.mark.parametrize("name", ["write.lock", "whoosh/QUOTES_API_INDEX", "whoosh/APPLIED"])
def test_a_fifo_in_index_dir_is_refused_without_hanging(built, name):
    db, _ = built
    fifo = db / name
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    # In a child process: a hang must fail the test, not stall the suite.
    code = ("import sys\nfrom quotes_api.cli import main\n"
            "sys.exit(main(['search', 'medicine']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QUOTES_API_INDEX_DIR": str(db)})
    assert done.returncode == 2, done.stderr
    assert "is not a regular file (it is a FIFO)" in done.stderr and "Traceback" not in done.stderr
