"""kill -9 a writer at random points, many times: nothing acknowledged is lost, store and index agree."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from quotes_api.service import QuoteService

WRITER = Path(__file__).parent / "fixtures" / "db" / "crash_writer.py"
KILLS = 15


def _run_and_kill(directory: Path, run: int, delay: float) -> list[str]:
    """Start a writer, SIGKILL it after ``delay`` s; the article ids it acknowledged."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, str(WRITER), str(directory), str(run)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    return [line.split()[1] for line in out.splitlines() if line.startswith("ACK ")]


def _check_consistent(svc: QuoteService, acknowledged: set[str]) -> None:
    store = svc.store
    q = store._query
    articles = {r[0] for r in q("SELECT id FROM articles")}
    assert acknowledged <= articles, f"acknowledged but lost: {sorted(acknowledged - articles)[:5]}"
    # No article half in: claims, occurrences and quotations all agree with the articles.
    assert not q("SELECT 1 FROM claims WHERE article_id NOT IN (SELECT id FROM articles)")
    assert not q("SELECT 1 FROM occurrences WHERE article_id NOT IN (SELECT id FROM articles)")
    assert not q("SELECT 1 FROM claims c WHERE NOT EXISTS (SELECT 1 FROM occurrences o WHERE "
                 "o.quotation_id = c.quotation_id AND o.article_id = c.article_id)")
    assert not q("SELECT 1 FROM claims WHERE quotation_id NOT IN (SELECT id FROM quotations)")
    assert not q("SELECT 1 FROM quotations WHERE id NOT IN (SELECT quotation_id FROM claims)")
    # The index holds exactly the store's quotations.
    searcher = svc.index.searcher()
    indexed = {fields["id"] for fields in searcher.all_stored_fields()}
    stored = {r[0] for r in q("SELECT id FROM quotations")}
    assert indexed == stored
    assert svc.health()["status"] == "ok"


def test_kill_9_mid_ingest_loses_nothing(tmp_path):
    seed = int(os.environ.get("CRASH_SEED", time.time()))
    rng = random.Random(seed)
    directory = tmp_path / "db"
    acknowledged: set[str] = set()
    for run in range(KILLS):
        acked = _run_and_kill(directory, run, rng.uniform(0.6, 2.0))
        acknowledged.update(acked)
        with QuoteService(directory) as svc:  # reopening catches the index up, under the writer lock
            _check_consistent(svc, acknowledged)
    assert acknowledged, f"no writer got as far as one commit (seed {seed})"
