"""Extraction in other processes (ingest --jobs N) or on a Dask cluster (--scheduler): one writer
commits in the order the articles came, and a crash loses nothing acknowledged."""
from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from fixtures.db import corpus
from quotes_api import ingest
from quotes_api.articles.reading import iter_articles
from quotes_api.errors import InputError
from quotes_api.service import QuoteService
from test_crash import ARTICLES, _ack, _check_consistent, _trying, _verb, article

SEEDS = Path(__file__).parents[1] / "seeds"


def _rows(svc: QuoteService) -> dict:
    q = svc.store._query
    return {"quotations": [tuple(r) for r in q("SELECT id, text, speaker_id, outlet_id, themes, date, best_article "
                                               "FROM quotations ORDER BY id")],
            "claims": [tuple(r) for r in q("SELECT quotation_id, article_id, record FROM claims ORDER BY 1, 2")],
            "speakers": [tuple(r) for r in q("SELECT id, name, aliases, quotations FROM speakers ORDER BY id")],
            "indexed": sorted(f["id"] for f in svc.index.searcher().all_stored_fields())}


@pytest.fixture(scope="module")
def one_job(tmp_path_factory):
    with QuoteService(tmp_path_factory.mktemp("one") / "db") as svc:
        summary = svc.ingest(iter_articles([SEEDS]), jobs=1)
        yield summary, _rows(svc)


def test_two_jobs_store_what_one_job_stores_in_the_same_order(tmp_path, one_job):
    summary, rows = one_job
    order = []
    with QuoteService(tmp_path / "db") as svc:
        two = svc.ingest(iter_articles([SEEDS]), jobs=2, progress=lambda r: order.append(r["article_id"]))
        assert _rows(svc) == rows
    assert two == summary
    assert order == [r["article_id"] for r in summary["results"]] == sorted(order)  # input order: sorted paths


def test_a_failing_article_in_a_worker_fails_alone(tmp_path, monkeypatch):
    fake = corpus.build()
    good = corpus.fake_extractor(fake)

    def extract(article, config=None):  # the pool's processes are forked: they run this too
        if article.id == "a2_insider":
            raise InputError("article a2_insider is not an article")
        if article.id == "a3_pais":
            os._exit(1)  # the extraction process dies
        return good(article, config)

    monkeypatch.setattr(ingest, "extract_article", extract)
    arts = [art for art, _ in fake.values()] * 2
    with QuoteService(tmp_path / "db") as svc:
        summary = svc.ingest(arts, jobs=2)
        assert [r["status"] for r in summary["results"]][:3] == ["new", "failed", "failed"]
        assert summary["results"][3]["status"] == "unchanged"
        assert "is not an article" in summary["failures"][0]["error"]
        assert "died" in summary["failures"][1]["error"]
        assert svc.health()["counts"]["articles"] == 1


def _ingest_and_kill(directory: Path, run: int, delay: float) -> list[str]:
    """Fork a writer ingesting with two extraction processes, SIGKILL it and them after ``delay`` s."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer: never returns into pytest
        os.close(read)
        os.setpgid(0, 0)  # its extraction processes join its process group: killed with it
        try:
            with os.fdopen(write, "w") as out, QuoteService(directory, overrides={"INDEX_BATCH": 4}) as svc:
                svc.ingest(_trying(out, (article(i, run) for i in range(ARTICLES))), jobs=2,
                           progress=lambda r: _ack(out, _verb(r), r["article_id"]))
        finally:
            os._exit(0)
    os.close(write)
    time.sleep(delay)
    os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read) as lines:
        return lines.read().splitlines()


def test_kill_9_mid_parallel_ingest_loses_nothing(tmp_path):
    """The crash test's ingest with two extraction processes, killed at random points: every article
    acknowledged is there, in order, none half in, and the index equals the store."""
    rng = random.Random(int(os.environ.get("CRASH_SEED", time.time())))
    directory = tmp_path / "db"
    present: set[str] = set()
    for run in range(8):
        lines = _ingest_and_kill(directory, run, rng.uniform(0.3, 1.5))
        acked = [line.split()[1] for line in lines if line.startswith("ACK ")]
        assert acked == sorted(acked)  # committed in the order the articles came
        for line in lines:
            verb, article_id = line.split()[:2]
            if verb == "ACK":
                present.add(article_id)
            elif verb == "TRY":
                present.discard(article_id)
        with QuoteService(directory) as svc:
            _check_consistent(svc, present, set())
    assert present


def test_extraction_on_a_dask_local_cluster(tmp_path, one_job):
    """A real scheduler and two worker processes on loopback: the articles come back and are committed in order."""
    distributed = pytest.importorskip("distributed")
    summary, rows = one_job
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        with QuoteService(tmp_path / "db") as svc:
            dask = svc.ingest(iter_articles([SEEDS]), scheduler=cluster.scheduler_address)
            assert _rows(svc) == rows
    assert dask == summary


def test_no_scheduler_is_a_clear_error(tmp_path):
    from quotes_api.errors import QuotesApiError

    with QuoteService(tmp_path / "db") as svc, pytest.raises(QuotesApiError, match="no Dask scheduler answered"):
        svc.ingest(iter_articles([SEEDS]), scheduler="tcp://127.0.0.1:9")
