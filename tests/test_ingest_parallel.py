"""Extraction in other processes (ingest --jobs N) or on a Dask cluster (--scheduler): one writer
commits in the order the articles came, and a crash loses nothing acknowledged."""
from __future__ import annotations

import contextlib
import os
import random
import signal
import time
from pathlib import Path

import pytest

from fixtures.db import corpus
from quotes_api import ingest
from quotes_api.articles.model import Article
from quotes_api.articles.reading import iter_articles
from quotes_api.errors import InputError
from quotes_api.service import QuoteService
from test_crash import ARTICLES, _ack, _check_consistent, _trying, _verb, article
from test_store import _kept, _truth

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


class _Unpicklable(Exception):
    def __init__(self, a, b):  # pickles, but its arguments do not fit __init__ when unpickled
        super().__init__(f"{a}{b}")


def test_big_records_and_odd_failures_come_back_from_the_extraction_processes(tmp_path, monkeypatch):
    """Records far bigger than a pipe's buffer come back whole, with every process busy (the writer and an
    extraction process never wait on each other's full pipe); an exception that cannot be unpickled, or a
    result that cannot be pickled, fails its article alone."""
    fake = corpus.build()
    good = corpus.fake_extractor(fake)
    padding = "x" * 300_000

    def extract(article, config=None):
        if article.id == "a2_insider":
            raise _Unpicklable("a", "b")
        records = good(article, config)
        if article.id == "a3_pais":
            records[0]["unsent"] = lambda: None
        for rec in records:
            rec["evidence"] = padding
        return records

    monkeypatch.setattr(ingest, "extract_article", extract)
    arts = [art for art, _ in fake.values()]
    first = arts[0]
    arts += [Article(id=f"copy{i}", text=f"{first.text} {i}", publication=first.publication,
                     published=first.published) for i in range(12)]
    fake.update({f"copy{i}": fake[first.id] for i in range(12)})
    with QuoteService(tmp_path / "db") as svc:
        summary = svc.ingest(arts, jobs=2)
    assert [r["article_id"] for r in summary["results"]] == [a.id for a in arts]
    assert [r["status"] for r in summary["results"]] == ["new", "failed", "failed"] + ["new"] * 12
    errors = [f["error"] for f in summary["failures"]]
    assert "internal error in extraction" in errors[0] and "cannot be sent to the writer" in errors[1]


def _ingest_and_kill(directory: Path, run: int, delay: float, overrides: dict | None = None, jobs: int = 2
                     ) -> list[str]:
    """Fork a writer ingesting with ``jobs`` extraction processes, SIGKILL it and them (and its index process)
    after ``delay`` s."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer: never returns into pytest
        os.close(read)
        os.setpgid(0, 0)  # its extraction and index processes join its process group: killed with it
        try:
            settings = {"INDEX_BATCH": 4, "INDEX_FOLLOW_BATCH": 4, **(overrides or {})}
            with os.fdopen(write, "w") as out, QuoteService(directory, overrides=settings) as svc:
                svc.ingest(_trying(out, (article(i, run) for i in range(ARTICLES))), jobs=jobs,
                           progress=lambda r: _ack(out, _verb(r), r["article_id"]))
        finally:
            os._exit(0)
    os.close(write)
    time.sleep(delay)
    os.killpg(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read) as lines:
        return lines.read().splitlines()


@pytest.mark.parametrize("jobs, overrides", [
    (2, {}),
    # Group commits of up to 60 articles, which only the next article's extraction not being ready ends:
    # a kill lands inside a batch (its articles said TRY, none said ACK).
    (2, {"STORE_BATCH": 60, "STORE_BATCH_MS": 60_000}),
    (1, {"STORE_BATCH": 60, "STORE_BATCH_MS": 60_000}),
], ids=["2 jobs", "2 jobs, batches of 60", "1 job, batches of 60"])
def test_kill_9_mid_parallel_ingest_loses_nothing(tmp_path, jobs, overrides):
    """The crash test's ingest with two extraction processes (and the index process), killed at random
    points: every article acknowledged is there, in order, none half in, and the index equals the store."""
    rng = random.Random(int(os.environ.get("CRASH_SEED", time.time())))
    directory = tmp_path / "db"
    present: set[str] = set()
    for run in range(8):
        lines = _ingest_and_kill(directory, run, rng.uniform(0.3, 1.5), overrides, jobs)
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
            truth, kept = _truth(svc.store), _kept(svc.store)  # the kept counts are those of the quotations
            assert kept["speakers"] == kept["by_outlet"] == truth["speakers"]
            assert (kept["outlets"], kept["themes"]) == (truth["outlets"], truth["themes"])
    assert present


def _slow_for(path: Path, wanted: str):
    """An extractor for the crash test's articles that holds ``wanted`` back until ``path`` exists (10 s at most)."""
    from quotes_api.extract import extract_article

    def extract(art, config=None):
        if art.id == wanted:
            deadline = time.monotonic() + 10
            while not path.exists():
                if time.monotonic() > deadline:
                    raise InputError(f"{path.name} never appeared: the writer waited with its batch open")
                time.sleep(0.01)
        return extract_article(art, config)
    return extract


def test_the_articles_ready_are_committed_before_the_writer_waits_for_the_next(tmp_path, monkeypatch):
    """Group commit: a batch ends when the next article is not extracted yet, whatever STORE_BATCH and
    STORE_BATCH_MS allow; so no acknowledgement waits for a slow extraction (here the third article's
    extraction waits until the second is reported, which it would never be with the batch held open)."""
    flag = tmp_path / "second-reported"
    monkeypatch.setattr(ingest, "extract_article", _slow_for(flag, "art_0002"))
    arts = [article(i, 0) for i in range(6)]

    def progress(result):
        if result["article_id"] == "art_0001":
            flag.touch()

    with QuoteService(tmp_path / "db", overrides={"STORE_BATCH": 1000, "STORE_BATCH_MS": 600_000}) as svc:
        summary = svc.ingest(arts, jobs=2, progress=progress)
    assert summary["failures"] == [] and summary["articles"]["new"] == 6


def test_a_batch_is_committed_after_store_batch_ms(tmp_path, monkeypatch):
    """With one job every article is ready at once: STORE_BATCH_MS still ends a batch, so the first article
    is acknowledged long before the last one is extracted."""
    from quotes_api.extract import extract_article

    events = []

    def extract(art, config=None):
        events.append(("extract", art.id))
        time.sleep(0.02)
        return extract_article(art, config)

    monkeypatch.setattr(ingest, "extract_article", extract)
    arts = [article(i, 0) for i in range(8)]
    with QuoteService(tmp_path / "db", overrides={"STORE_BATCH": 1000, "STORE_BATCH_MS": 1}) as svc:
        svc.ingest(arts, jobs=1, progress=lambda r: events.append(("report", r["article_id"])))
    assert events.index(("report", "art_0000")) < events.index(("extract", "art_0007"))
    assert [e for e in events if e[0] == "report"] == [("report", a.id) for a in arts]


def _follow_then(monkeypatch, path: Path, then) -> None:
    """The index process's catch-up notes the process it runs in, then calls ``then`` (in that process)."""
    open_sync = QuoteService._open_sync

    def opened(svc):
        sync = open_sync(svc)

        def run(*args):
            with path.open("a") as out:
                out.write(f"{os.getpid()}\n")
            then()
            return sync(*args)
        return run
    monkeypatch.setattr(QuoteService, "_open_sync", opened)


def test_the_index_follows_the_store_in_a_process_of_its_own(tmp_path, monkeypatch, one_job):
    """With two jobs the writer only stores; the index catches up in another process, and ends equal to the
    store (and to what one job indexes)."""
    pids = tmp_path / "pids"
    _follow_then(monkeypatch, pids, lambda: None)
    _, rows = one_job
    with QuoteService(tmp_path / "db", overrides={"INDEX_FOLLOW_BATCH": 1}) as svc:
        svc.ingest(iter_articles([SEEDS]), jobs=2)
        assert _rows(svc) == rows
    followed = set(pids.read_text().split())
    assert followed and str(os.getpid()) not in followed


def test_the_death_of_the_index_process_loses_nothing(tmp_path, monkeypatch, one_job, caplog):
    """The index process dies at its first catch-up: the writer goes on storing, and catches the index up itself."""
    _follow_then(monkeypatch, tmp_path / "pids", lambda: os._exit(1))
    summary, rows = one_job
    with QuoteService(tmp_path / "db", overrides={"INDEX_FOLLOW_BATCH": 1}) as svc:
        assert svc.ingest(iter_articles([SEEDS]), jobs=2) == summary
        assert _rows(svc) == rows
    assert "the index process died" in caplog.text


def test_extraction_runs_at_a_lower_priority_than_the_writer_and_the_index(tmp_path, monkeypatch):
    """With EXTRACT_NICE the extraction processes are that much nicer than the writer, and the index process is not:
    the serial stages run first, extraction on what they leave."""
    fake = corpus.build()
    good = corpus.fake_extractor(fake)
    niceness = tmp_path / "extraction"

    def extract(article, config=None):  # (in the extraction processes)
        with niceness.open("a") as out:
            out.write(f"{os.getpid()} {os.nice(0)}\n")
        return good(article, config)

    monkeypatch.setattr(ingest, "extract_article", extract)
    index = tmp_path / "index"
    _follow_then(monkeypatch, index, lambda: index.open("a").write(f"nice {os.nice(0)}\n"))
    arts = [art for art, _ in fake.values()]
    mine = os.nice(0)
    for extra in (4, 0):
        niceness.unlink(missing_ok=True)
        index.unlink(missing_ok=True)
        with QuoteService(tmp_path / f"db{extra}", overrides={"EXTRACT_NICE": extra, "INDEX_FOLLOW_BATCH": 1}) as svc:
            summary = svc.ingest(arts, jobs=2)
        assert [r["status"] for r in summary["results"]] == ["new"] * len(arts)
        seen = [line.split() for line in niceness.read_text().splitlines()]
        assert len(seen) == len(arts) and {pid for pid, _ in seen} != {str(os.getpid())}
        assert {int(n) for _, n in seen} == {min(19, mine + extra)}
        assert {line for line in index.read_text().splitlines() if line.startswith("nice")} == {f"nice {mine}"}
    assert os.nice(0) == mine


# The index process gathers every catch-up of the run into one segment (committed at the end of the run).
_ONE_SEGMENT = {"INDEX_FOLLOW_BATCH": 1, "INDEX_FOLLOW_SEGMENT_MB": 10_000, "INDEX_FOLLOW_SECONDS": 3600}


def test_the_index_process_gathers_its_catch_ups_into_one_segment(tmp_path, monkeypatch):
    """Its catch-ups add to one open segment, committed when full or at the end: the run leaves one segment (no
    small segment a catch-up, to be merged again later), equal to what one job indexes."""
    from quotes_api.articles.model import Article

    words = "bridges schools roads clinics wells farms ports trains courts parks".split()
    arts = [Article(id=f"art_{i:03d}", published="2020-01-02", publication="The Daily", text="\n\n".join(
        f'"We will build {i * 3 + j} new {words[j]} in the district of Area{i} before the winter," '
        f'Jane Roe{i % 5} said.' for j in range(3))) for i in range(40)]  # no quotation in two of them
    with QuoteService(tmp_path / "one") as svc:
        svc.ingest(arts, jobs=1)
        rows = _rows(svc)
    pids = tmp_path / "pids"
    _follow_then(monkeypatch, pids, lambda: None)

    def slowly():
        for art in arts:
            time.sleep(0.02)
            yield art
    with QuoteService(tmp_path / "two", overrides=_ONE_SEGMENT) as svc:
        svc.ingest(slowly(), jobs=2)
        assert _rows(svc) == rows
        assert len(svc.index.segment_sizes()) == 1
    assert len(pids.read_text().split()) >= 3  # catch-ups: at least two while storing, and the last


def test_the_index_process_prunes_the_change_log_only_at_the_end_of_the_run(tmp_path, monkeypatch, one_job):
    """Its segment commits during the run write nothing to the store (a prune waited for the writer's lock), and
    the last one prunes the log up to the end: nothing is left to replay, and the index is the one job's."""
    from quotes_api.store import Store

    prunes = tmp_path / "prunes"
    prune = Store.prune_changes

    def noted(self, upto):
        with prunes.open("a") as out:
            out.write(f"{os.getpid()} {upto}\n")
        return prune(self, upto)

    monkeypatch.setattr(Store, "prune_changes", noted)
    pids = tmp_path / "pids"
    _follow_then(monkeypatch, pids, lambda: None)
    _, rows = one_job
    with QuoteService(tmp_path / "db", overrides={"INDEX_FOLLOW_BATCH": 1, "INDEX_FOLLOW_SEGMENT_MB": 0.001}) as svc:
        svc.ingest(iter_articles([SEEDS]), jobs=2)
        assert _rows(svc) == rows
        assert len(svc.index.segment_sizes()) > 1  # (it committed segments during the run)
        assert svc.store.changed_since(0) == set()
        seq = svc.store.seq
    index_process = set(pids.read_text().split())
    assert [line.split() for line in prunes.read_text().splitlines() if line.split()[0] in index_process] == \
        [[next(iter(index_process)), str(seq)]]


def test_a_quotation_changed_again_while_its_document_waits_in_the_open_segment(tmp_path):
    """Syndicated copies change quotations the open segment holds already: it is committed first, so that the
    new document replaces the old one (a writer deletes only in committed segments), and nothing is indexed twice."""
    from quotes_api.articles.model import Article

    seeds = list(iter_articles([SEEDS]))
    copies = [Article(id=f"copy_{i}_{a.id}", text=a.text, publication=f"Site {i}", published=a.published)
              for i in range(3) for a in seeds[:4]]
    arts = seeds + copies
    with QuoteService(tmp_path / "one", overrides=_ONE_SEGMENT) as svc:
        svc.ingest(arts, jobs=1)
        rows = _rows(svc)
    with QuoteService(tmp_path / "two", overrides=_ONE_SEGMENT) as svc:
        svc.ingest(arts, jobs=2)
        assert _rows(svc) == rows
        assert len(rows["indexed"]) == len(set(rows["indexed"])) == len(rows["quotations"])


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


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_a_writer_killed_alone_takes_its_processes_and_its_lock_with_it(tmp_path):
    """SIGKILL of the writer alone, as the kernel's OOM killer does (not of its process group): its extraction
    and index processes end too, and the next writer gets the lock (they had kept it, and every later write was
    refused in the name of the dead writer)."""
    directory = tmp_path / "db"
    pid = os.fork()
    if pid == 0:  # the writer: never returns into pytest
        os.setpgid(0, 0)
        try:
            def slowly():
                for i in range(ARTICLES):
                    time.sleep(0.02)
                    yield article(i, 0)
            with QuoteService(directory, overrides={"INDEX_BATCH": 4, "INDEX_FOLLOW_BATCH": 4}) as svc:
                svc.ingest(slowly(), jobs=2)
        finally:
            os._exit(0)
    try:
        deadline = time.monotonic() + 30
        while len(_children(pid)) < 2 and time.monotonic() < deadline:  # its extraction processes started
            time.sleep(0.05)
        children = _children(pid)
        assert len(children) >= 2
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(c) for c in children)
        with QuoteService(directory, overrides={"WRITE_LOCK_TIMEOUT": 2}) as svc:
            svc.ingest(iter_articles([SEEDS]), jobs=1)  # takes the writer's lock
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
