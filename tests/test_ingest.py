"""Ingest through QuoteService: the seeds end to end, statuses, failures, re-extraction, consistency."""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from fixtures.db import corpus
from quotes_api import ingest
from quotes_api.articles.reading import iter_articles, read_bytes
from quotes_api.errors import InputError
from quotes_api.extract.records import quote_id
from quotes_api.service import QuoteService

SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    with QuoteService(tmp_path_factory.mktemp("seeded") / "db") as svc:
        summary = svc.ingest(iter_articles([SEEDS]))
        yield svc, summary


def test_seeds_summary(seeded):
    _, summary = seeded
    assert summary["articles"] == {"new": 5, "unchanged": 0, "replaced": 0, "failed": 0}
    assert summary["quotations"]["new"] > 20
    assert all(r["status"] == "new" and r["quotations"] for r in summary["results"])


@pytest.mark.parametrize("q, speakers", [
    ('speaker:"Javier Gonzalez"', {"Javier Gonzalez"}),
    ("outlet:reuters", {"Javier Gonzalez"}),
    ("theme:medicine", {"Isaac Gonzalez"}),
    ('"no medicine"', {"Isaac Gonzalez"}),
])
def test_seed_acceptance_queries(seeded, q, speakers):
    svc, _ = seeded
    found = svc.search(q, per_page=100)
    assert {h["speaker"]["name"] for h in found["hits"]} == speakers
    assert all(h["sources"] and all(s["publication"] for s in h["sources"]) for h in found["hits"])


def test_javier_gonzalez_has_exactly_three_quotations(seeded):
    svc, _ = seeded
    found = svc.search('speaker:"Javier Gonzalez"')
    assert found["total"] == 3
    assert found["hits"] == [h for h in found["hits"] if h["outlet"]["name"] == "Reuters"]
    reuters = svc.search("outlet:reuters")
    assert {h["id"] for h in reuters["hits"]} == {h["id"] for h in found["hits"]}


def test_decomposed_accents_are_found_as_the_composed_name(tmp_path):
    """An article whose accents are separate characters ('Gonza\u0301lez') is read composed: the speaker is the same
    person as in composed text, and the index finds the name and the accented words of the quotation."""
    text = ("Strike ends at the port\n\n\u201cWe will be back at the cafe\u0301 by Monday,\u201d said Marta "
            "Gonza\u0301lez, a dock worker.\n")
    with QuoteService(tmp_path / "db", overrides={"SEED_DIR": "off"}) as svc:
        svc.ingest(read_bytes(text.encode(), name="port.txt"))
        [hit] = svc.search("cafe")["hits"]
        assert hit["speaker"]["name"] == "Marta Gonz\u00e1lez"
        assert "caf\u00e9" in hit["text"]
        assert [h["id"] for h in svc.search('speaker:"Marta Gonzalez"')["hits"]] == [hit["id"]]
        assert [s["name"] for s in svc.speakers(q="gonzalez")["items"]] == ["Marta Gonz\u00e1lez"]


def test_no_medicine_is_isaac_gonzalez_in_milliseconds(seeded):
    svc, _ = seeded
    found = svc.search('"no medicine"')
    assert found["total"] == 1 and found["took_ms"] < 100
    hit = found["hits"][0]
    assert hit["text"].endswith("no medicine in Venezuela,")
    assert hit["speaker"]["role"] == "Sgt." and hit["sources"][0]["publication"] == "Business Insider"
    assert "<b>no</b> <b>medicine</b>" in hit["highlight"]


def test_reingesting_seeds_is_a_no_op(seeded):
    svc, _ = seeded
    generation = svc.generation
    again = svc.ingest(iter_articles([SEEDS]))
    assert again["articles"]["unchanged"] == 5 and again["quotations"] == {"new": 0, "merged": 0}
    assert svc.generation == generation


@pytest.fixture
def fake(monkeypatch):
    built = corpus.build()
    monkeypatch.setattr(ingest, "extract_article", corpus.fake_extractor(built))
    return built


def test_statuses_and_merges(tmp_path, fake):
    with QuoteService(tmp_path / "db") as svc:
        first = svc.ingest([fake["a1_reuters"][0]])
        assert first["quotations"] == {"new": 2, "merged": 0}
        second = svc.ingest([fake["a2_insider"][0], fake["a1_reuters"][0]])
        assert [r["status"] for r in second["results"]] == ["new", "unchanged"]
        assert second["quotations"] == {"new": 1, "merged": 1}
        art = fake["a1_reuters"][0]
        edited = dataclasses.replace(art, text=art.text.split("\n\n")[0])
        out = svc.ingest_article(edited)
        assert out["status"] == "replaced" and [q["id"] for q in out["quotations"]] == [quote_id(corpus.MEDICINE)]
        assert svc.search("negotiate")["total"] == 0  # the quotation left with no source is gone, index too
        assert svc.ingest_article(edited)["status"] == "unchanged"


def test_one_bad_article_never_stops_the_run(tmp_path, fake, monkeypatch):
    def extract(article, config=None):
        if article.id == "a2_insider":
            raise InputError("article a2_insider is not an article")
        if article.id == "a3_pais":
            raise RuntimeError("bug")
        return corpus.fake_extractor(fake)(article, config)

    monkeypatch.setattr(ingest, "extract_article", extract)
    with QuoteService(tmp_path / "db") as svc:
        summary = svc.ingest(art for art, _ in fake.values())
        assert summary["articles"] == {"new": 1, "unchanged": 0, "replaced": 0, "failed": 2}
        assert [f["error"] for f in summary["failures"]] == [
            "article a2_insider is not an article", "internal error in extraction (RuntimeError: bug)"]
        assert svc.health()["counts"]["articles"] == 1


@pytest.mark.parametrize("store_batch", [1, 2, 25])
def test_a_store_batch_keeps_each_article_whole_and_reports_only_what_is_committed(tmp_path, fake, monkeypatch,
                                                                                  store_batch):
    """STORE_BATCH articles share a commit; one that fails half-way through storing leaves nothing of itself,
    the others are stored, and each is reported, in order, only once its batch is committed."""
    from quotes_api.store import Store

    put = Store.put_article

    def failing_put(self, article, records, **kw):
        if article.id == "a2_insider":
            put(self, dataclasses.replace(article, id="half_written"), records, **kw)  # a savepoint of its own
            with self.transaction() as db:
                db.execute("INSERT INTO articles (id, content_hash, text) VALUES ('a2_insider', 'x', 'x')")
                raise InputError("the store refused a2_insider")
        return put(self, article, records, **kw)

    monkeypatch.setattr(Store, "put_article", failing_put)
    articles = [art for art, _ in fake.values()]
    reported, committed_when_reported = [], []
    with QuoteService(tmp_path / "db", overrides={"STORE_BATCH": store_batch}) as svc:
        def progress(result):
            reported.append(result["article_id"])
            # What is reported is committed: a second connection already sees it.
            other = Store(svc.directory)
            committed_when_reported.append(other.article_hash(result["article_id"]) is not None
                                           or result["status"] == "failed")
            other.close()

        summary = svc.ingest(articles, progress=progress)
        assert reported == [a.id for a in articles] and all(committed_when_reported)
        assert summary["articles"]["failed"] == 1 and summary["articles"]["new"] == len(articles) - 1
        stored = {r[0] for r in svc.store._query("SELECT id FROM articles")}
        assert "a2_insider" not in stored and "half_written" in stored
        assert stored - {"half_written"} == {a.id for a in articles} - {"a2_insider"}
        assert {fields["id"] for fields in svc.index.searcher().all_stored_fields()} == \
            {r[0] for r in svc.store._query("SELECT id FROM quotations")}


def test_delete_article(tmp_path, fake):
    with QuoteService(tmp_path / "db") as svc:
        svc.ingest(art for art, _ in fake.values())
        out = svc.delete_article("a3_pais")
        assert out == {"article_id": "a3_pais",
                       "removed_quotations": sorted([quote_id(corpus.SANCTIONS), quote_id(corpus.BEGGARS)])}
        assert svc.search("sanctions")["total"] == 0 and svc.delete_article("a3_pais") is None


def test_reextract_runs_extraction_again(tmp_path, fake, monkeypatch):
    with QuoteService(tmp_path / "db") as svc:
        svc.ingest(art for art, _ in fake.values())
        # A "better parser" that now finds nothing in the El Pais article.
        better = corpus.fake_extractor({**fake, "a3_pais": (fake["a3_pais"][0], [])})
        monkeypatch.setattr(ingest, "extract_article", better)
        summary = svc.reextract()
        assert summary["articles"]["replaced"] == 3
        assert svc.search("sanctions")["total"] == 0 and svc.search("medicine")["total"] == 1


def test_index_rebuilt_when_missing_or_behind(tmp_path, fake, caplog):
    with QuoteService(tmp_path / "db") as svc:
        svc.ingest(art for art, _ in fake.values())
        index_dir = svc.index.path
    import shutil

    shutil.rmtree(index_dir)
    with caplog.at_level(logging.INFO, logger="quotes_api"), QuoteService(tmp_path / "db") as svc:
        assert svc.search("medicine")["total"] == 1
    assert any("rebuilding it from the store (5 quotations)" in r.message for r in caplog.records)
    # An index that missed commits (a writer killed between store and index) is caught up at open.
    with QuoteService(tmp_path / "db") as svc:
        svc.store.delete_article("a1_reuters")  # store only, as if killed before the index followed
    with QuoteService(tmp_path / "db") as svc:
        assert svc.search("negotiate")["total"] == 0 and svc.health()["status"] == "ok"


def test_index_of_an_older_schema_is_rebuilt(tmp_path, fake, caplog):
    import json

    from quotes_api.search.index import MARKER, SCHEMA_VERSION

    with QuoteService(tmp_path / "db") as svc:
        svc.ingest(art for art, _ in fake.values())
        marker = svc.index.path / MARKER
    # As left by the previous release, whose analyzers or codec wrote different postings.
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "schema": SCHEMA_VERSION - 1}))
    with caplog.at_level(logging.INFO, logger="quotes_api"), QuoteService(tmp_path / "db") as svc:
        assert svc.search('"no medicine"')["total"] == 1
    assert any("built for another store or schema: rebuilding" in r.message for r in caplog.records)
    assert json.loads(marker.read_text())["schema"] == SCHEMA_VERSION


# Whoosh leaves the damaged table of contents' file open when it fails to read it: its leak, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_corrupt_index_is_rebuilt(tmp_path, fake, caplog):
    with QuoteService(tmp_path / "db") as svc:
        svc.ingest(art for art, _ in fake.values())
        toc = next(svc.index.path.glob("_MAIN_*.toc"))
    toc.write_bytes(b"garbage")
    with caplog.at_level(logging.INFO, logger="quotes_api"), QuoteService(tmp_path / "db") as svc:
        assert svc.search("sanctions")["total"] == 1
    assert any("cannot be opened" in r.message for r in caplog.records)


def test_second_writer_waits_then_fails(tmp_path, fake):
    from quotes_api.errors import WriterBusy

    with QuoteService(tmp_path / "db") as holder, \
            QuoteService(tmp_path / "db", overrides={"WRITE_LOCK_TIMEOUT": 0.3}) as other:
        holder.search("x")  # open
        with holder._lock:
            with pytest.raises(WriterBusy, match="WRITE_LOCK_TIMEOUT"):
                other.ingest_article(fake["a1_reuters"][0])
        assert other.ingest_article(fake["a1_reuters"][0])["status"] == "new"  # released


def test_extracting_a_posted_article_does_not_hold_the_writer_lock(tmp_path, fake, monkeypatch):
    """Extraction may take up to EXTRACT_TIME_BUDGET: another writer must not wait for it."""
    import quotes_api.ingest as ingest_mod

    with QuoteService(tmp_path / "db") as svc, \
            QuoteService(tmp_path / "db", overrides={"WRITE_LOCK_TIMEOUT": 0.3}) as other:
        svc.search("x")  # open
        seen = []
        real = ingest_mod.extract_article

        def extract_while_another_writes(article, config=None):
            with other.writing("delete"):  # would raise WriterBusy if the lock were held
                seen.append(article.id)
            return real(article, config)

        monkeypatch.setattr(ingest_mod, "extract_article", extract_while_another_writes)
        article = fake["a1_reuters"][0]
        out = svc.ingest_article(article)
        assert seen == [article.id] and out["status"] == "new" and out["quotations"]
        assert svc.ingest_article(article)["status"] == "unchanged" and seen == [article.id]  # not re-extracted


def test_catching_up_a_backlog_reads_the_store_a_batch_at_a_time(tmp_path, monkeypatch):
    """A lagging index (a bulk store without the index) is caught up in batches: memory does not grow
    with the backlog."""
    from quotes_api.search import sync
    from quotes_api.store import Store

    monkeypatch.setattr(sync, "_REBUILD_BATCH", 7)
    with QuoteService(tmp_path / "db") as svc:
        svc.health()  # an index at change 0
    store = Store(tmp_path / "db")
    for i in range(20):  # the store alone moves on: 20 articles, 40 quotations behind the index
        art = corpus.article(f"bulk{i:02d}", [f"Quotation {i} one", f"Quotation {i} two"], publication="P",
                             published="2020-01-01")
        store.put_article(art, [corpus.record(art, t, speaker="Ana Ruiz") for t in (f"Quotation {i} one",
                                                                                   f"Quotation {i} two")])
    store.close()
    asked = []
    original = Store.records
    monkeypatch.setattr(Store, "records", lambda self, ids: asked.append(len(ids)) or original(self, ids))
    with QuoteService(tmp_path / "db") as svc:
        assert svc.health()["status"] == "ok"
        assert svc.search("quotation", per_page=100)["total"] == 40
    assert asked and max(asked[:-1]) <= 7  # (the last call is the search's page)


def test_a_bulk_run_writes_with_store_cache_mb_of_page_cache_then_gives_it_back(tmp_path, monkeypatch):
    """STORE_CACHE_MB is the store connection's SQLite page cache while ingest writes (what put_article sees), and
    STORE_WAL_MB the write-ahead log's size between checkpoints; the connection has SQLite's own values again
    afterwards (a server's connection is not left at them), and the log has been checkpointed into the database."""
    seen = []
    put_article = ingest.Store.put_article

    def put(store, *args, **kw):
        seen.append((store._db.execute("PRAGMA cache_size").fetchone()[0],
                     store._db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]))
        return put_article(store, *args, **kw)

    monkeypatch.setattr(ingest.Store, "put_article", put)
    with QuoteService(tmp_path / "db", overrides={"STORE_CACHE_MB": 48, "STORE_WAL_MB": 8, "SEED_DIR": "off"}) as svc:
        db = svc.store._db
        before = (db.execute("PRAGMA cache_size").fetchone()[0], db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        svc.ingest(iter_articles([SEEDS]), jobs=1)
        page = db.execute("PRAGMA page_size").fetchone()[0]
        assert seen and set(seen) == {(-48 * 1024, 8 * 1024 * 1024 // page)}
        after = (db.execute("PRAGMA cache_size").fetchone()[0], db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        assert after == before and before[0] != -48 * 1024 and before[1] == 1000
        busy, log, done = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert (busy, log) == (0, done) and log > 0  # (nothing written since the run's own checkpoint)