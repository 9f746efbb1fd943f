"""The store of record: transactional article ingest, merging across articles, speakers, removal."""
from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from fixtures.db import corpus
from quotes_api.extract.records import quote_id
from quotes_api.store import Store, WriterLock, speaker_id
from quotes_api.errors import WriterBusy


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path)
    yield s
    s.close()


@pytest.fixture
def data():
    return corpus.build()


def put(store, data, aid):
    art, records = data[aid]
    return store.put_article(art, records)


def test_wal_mode_and_schema(store):
    assert store._query("PRAGMA journal_mode")[0][0] == "wal"
    assert store.counts() == {"articles": 0, "quotations": 0, "speakers": 0, "outlets": 0}


def test_new_then_same_text_is_a_no_op(store, data):
    first = put(store, data, "a1_reuters")
    assert first["status"] == "new" and len(first["new"]) == 2
    seq = store.seq
    again = put(store, data, "a1_reuters")
    assert again["status"] == "unchanged"
    assert store.seq == seq  # nothing committed, generation unchanged


def test_same_quotation_in_two_articles_merges_and_keeps_best_attribution(store, data):
    put(store, data, "a2_insider")  # confidence 0.6, outlet Business Insider
    second = put(store, data, "a1_reuters")  # confidence 0.9, outlet Reuters
    mid = quote_id(corpus.MEDICINE)
    assert mid in second["merged"]
    rec = store.record(mid)
    assert [s["article_id"] for s in rec["sources"]] == ["a1_reuters", "a2_insider"]  # by date
    assert rec["attribution"]["confidence"] == 0.9
    assert rec["outlet"]["name"] == "Reuters"
    assert rec["date"] == "2019-02-07"
    assert {s["publication"] for s in rec["sources"]} == {"Reuters Wire", "Business Insider"}


@pytest.mark.parametrize("names", [("Javier Gonzalez", "Javier González"), ("maria lopez", "MARÍA LÓPEZ")])
def test_speaker_id_folds_case_and_accents(names):
    assert speaker_id(names[0]) == speaker_id(names[1])


def test_speakers_are_matched_across_articles(store, data):
    for aid in data:
        put(store, data, aid)
    speakers = {s["name"]: s for s in store.speakers()[1]}
    assert set(speakers) == {"Maria Lopez", "Juan Guaido", "Javier Gonzalez"}  # the anonymous one is no record
    javier = speakers["Javier Gonzalez"]
    assert javier["quotations"] == 2
    assert javier["by_outlet"] == {"Reuters": 1, "El País": 1}
    assert "Javier González" in javier["aliases"] and javier["role"] == "Sgt."


def test_changed_text_replaces_occurrences_and_orphans_disappear(store, data):
    put(store, data, "a1_reuters")
    art, records = data["a1_reuters"]
    edited = dataclasses.replace(art, text=art.text.split("\n\n")[0])  # NEGOTIATE is gone
    kept = [r for r in records if r["text"] in edited.text]
    out = store.put_article(edited, kept)
    assert out["status"] == "replaced"
    assert out["removed"] == [quote_id(corpus.NEGOTIATE)]
    assert store.record(quote_id(corpus.NEGOTIATE)) is None
    assert [s["name"] for s in store.speakers()[1]] == ["Maria Lopez"]  # Guaido had no other quotation
    assert quote_id(corpus.NEGOTIATE) in store.changed_since(0)


def test_delete_article_rederives_shared_quotation(store, data):
    put(store, data, "a1_reuters")
    put(store, data, "a2_insider")
    removed = store.delete_article("a1_reuters")
    assert removed == [quote_id(corpus.NEGOTIATE)]
    rec = store.record(quote_id(corpus.MEDICINE))
    assert [s["article_id"] for s in rec["sources"]] == ["a2_insider"]
    assert rec["outlet"]["name"] == "Business Insider"  # the remaining article's account
    assert store.delete_article("a1_reuters") is None


def test_failed_transaction_leaves_nothing(store, data):
    art, records = data["a1_reuters"]
    broken = records + [{"id": "q_x"}]  # no text: fails half-way through the article
    with pytest.raises(KeyError):
        store.put_article(art, broken)
    assert store.counts()["articles"] == 0 and store.counts()["quotations"] == 0 and store.seq == 0


def test_article_view_and_listing(store, data):
    for aid in data:
        put(store, data, aid)
    got = store.article("a3_pais")
    assert got["publication"] == "El Pais" and got["text"].startswith('"Sanctions')
    assert [q["text"] for q in got["quotations"]] == [corpus.SANCTIONS, corpus.BEGGARS]
    total, items = store.articles(0, 2)
    assert total == 3 and [a["id"] for a in items] == ["a3_pais", "a2_insider"]
    assert [a.id for a in store.iter_articles()] == sorted(data)


def test_readers_see_commits_of_another_connection(tmp_path, data):
    writer, reader = Store(tmp_path), Store(tmp_path)
    try:
        put(writer, data, "a1_reuters")
        assert reader.counts()["quotations"] == 2 and reader.seq == writer.seq
    finally:
        writer.close()
        reader.close()


def test_counts_are_counted_again_after_any_write_of_any_connection(tmp_path, data, monkeypatch):
    writer, reader = Store(tmp_path), Store(tmp_path)
    try:
        assert reader.counts()["quotations"] == 0
        queries = []
        real = reader._query
        monkeypatch.setattr(reader, "_query", lambda sql, params=(): queries.append(sql) or real(sql, params))
        assert reader.counts()["quotations"] == 0
        assert not any("COUNT" in q for q in queries)  # nothing written since: not counted again
        put(writer, data, "a1_reuters")
        assert reader.counts()["quotations"] == 2  # another connection's commit is seen at once
        put(writer, data, "a2_insider")
        writer.delete_article("a1_reuters")
        assert reader.counts() == {name: real(f"SELECT COUNT(*) FROM {name}")[0][0]
                                   for name in ("articles", "quotations", "speakers", "outlets")}
    finally:
        writer.close()
        reader.close()


def test_writer_lock_is_exclusive_and_times_out(tmp_path):
    first, second = WriterLock(tmp_path, 0.2), WriterLock(tmp_path, 0.2)
    with first:
        with first:  # re-entrant
            pass
        with pytest.raises(WriterBusy, match="WRITE_LOCK_TIMEOUT"):
            second.acquire()
    with second:  # released
        pass


def test_the_lock_dies_with_its_holder_whatever_it_forked(tmp_path):
    """A holder that forked a child and then died (SIGKILL, the OOM killer) leaves the lock free, though the
    child still runs: a forked child closes its copy of the lock file (a flock lasts while any copy is open)."""
    import os
    import signal
    import time

    read, write = os.pipe()
    holder = os.fork()
    if holder == 0:
        try:
            lock = WriterLock(tmp_path, 1)
            lock.acquire()
            child = os.fork()
            if child == 0:
                time.sleep(30)  # outlives its parent
                os._exit(0)
            os.write(write, f"{child}\n".encode())
            time.sleep(30)
        finally:
            os._exit(0)
    os.close(write)
    child = int(os.read(read, 64).decode())
    try:
        os.kill(holder, signal.SIGKILL)
        os.waitpid(holder, 0)
        with WriterLock(tmp_path, 2):  # free, though the child still has the file it inherited
            os.kill(child, 0)  # (the child is alive)
    finally:
        os.kill(child, signal.SIGKILL)
        os.close(read)


def test_database_file_is_sqlite(store):
    assert sqlite3.connect(store.path).execute("SELECT COUNT(*) FROM meta").fetchone()[0] >= 0


def _truth(store) -> dict:
    """What the kept counts and rows must equal: aggregated from the quotations themselves."""
    q = store._query
    return {
        "rows": [tuple(r) for r in q("SELECT id, text, speaker_id, outlet_id, themes, date, best_article "
                                     "FROM quotations ORDER BY id")],
        "speakers": {r[0]: r[1] for r in q("SELECT speaker_id, COUNT(*) FROM quotations WHERE speaker_id IS NOT NULL "
                                           "GROUP BY 1")},
        "outlets": {r[0]: r[1] for r in q("SELECT outlet_id, COUNT(*) FROM quotations WHERE outlet_id IS NOT NULL "
                                          "GROUP BY 1")},
        "themes": {r[0]: r[1] for r in q("SELECT json_extract(t.value, '$.name'), COUNT(*) FROM quotations, "
                                         "json_each(quotations.themes) t GROUP BY 1")},
    }


def _kept(store) -> dict:
    _, speakers = store.speakers()
    return {"speakers": {s["id"]: s["quotations"] for s in speakers},
            "outlets": {o["id"]: o["quotations"] for o in store.outlets()}, "themes": store.theme_counts(),
            "by_outlet": {s["id"]: sum(s["by_outlet"].values()) for s in speakers}}


def test_incremental_writes_keep_counts_and_rows_as_a_fresh_ingest_would(tmp_path):
    """Each write touches only its article's quotations, speakers and outlets; after any history of
    puts, replacements and deletions the rows and counts are those of the surviving articles ingested
    afresh, and equal to counts aggregated from the quotations."""
    import random

    rng = random.Random(1)
    texts = [f"Quotation number {i} about {w}" for i, w in enumerate(["medicine", "the army", "food", "oil"] * 3)]
    names = ["Ana Cruz", "Luis Cruz", None, "Ana Crúz"]
    outlets = ["Reuters", "BBC", None]
    themes = [[], [{"name": "medicine", "matched": ["medicine"]}], [{"name": "food", "matched": ["food"]}]]

    def article(aid: str, version: int):
        picked = rng.sample(texts, rng.randint(1, 5))
        art = corpus.article(aid, picked, publication=f"Paper {aid}", published=f"2019-0{rng.randint(1, 9)}-1{version}")
        recs = []
        for t in picked:
            rec = corpus.record(art, t, speaker=rng.choice(names), description="a witness",
                                outlet=rng.choice(outlets), confidence=rng.choice([0.5, 0.9]))
            rec["themes"] = rng.choice(themes)
            recs.append(rec)
        return art, recs

    history = Store(tmp_path / "history")
    alive: dict[str, tuple] = {}
    for step in range(120):
        aid = f"a{rng.randint(0, 9)}"
        if aid in alive and rng.random() < 0.3:
            history.delete_article(aid)
            del alive[aid]
        else:
            alive[aid] = article(aid, step % 10)
            history.put_article(*alive[aid])
        truth = _truth(history)
        kept = _kept(history)
        assert kept["speakers"] == truth["speakers"] and kept["by_outlet"] == truth["speakers"]
        assert kept["outlets"] == truth["outlets"] and kept["themes"] == truth["themes"]
    fresh = Store(tmp_path / "fresh")
    for aid in sorted(alive, reverse=True):  # another order: the same best accounts win
        fresh.put_article(*alive[aid])
    assert _truth(fresh) == _truth(history)
    history.close()
    fresh.close()


def test_syndicated_copies_cost_like_different_articles(tmp_path):
    """A quotation printed by many articles is not re-derived from all its accounts at each new one."""
    store = Store(tmp_path)
    text = "We will not leave the square until the vote is counted"
    statements = []
    original = store._db
    for i in range(60):
        art = corpus.article(f"wire{i:03d}", [text], publication=f"Site {i}", published="2024-01-02")
        store.put_article(art, [corpus.record(art, text, speaker="Ana Cruz", outlet="AP")])
    original.set_trace_callback(statements.append)
    art = corpus.article("wire999", [text], publication="Site 999", published="2024-01-01")
    store.put_article(art, [corpus.record(art, text, speaker="Ana Cruz", outlet="AP")])
    original.set_trace_callback(None)
    assert not any("FROM claims WHERE quotation_id" in s for s in statements)
    assert store.record(quote_id(text))["date"] == "2024-01-01" and len(store.record(quote_id(text))["sources"]) == 61
    assert store.speakers()[1][0]["quotations"] == 1
    store.close()


@pytest.mark.parametrize("column, method", [("speaker_id", "speaker_quote_ids"), ("outlet_id", "outlet_quote_ids")])
def test_quotation_pages_come_from_the_index_in_order_and_old_indexes_are_dropped(tmp_path, column, method):
    Store(tmp_path).close()
    with sqlite3.connect(tmp_path / Store.FILENAME) as db:  # a store as an older version left it
        db.execute("DROP INDEX quotations_speaker_date")
        db.execute("DROP INDEX quotations_outlet_date")
        db.execute("CREATE INDEX quotations_speaker ON quotations (speaker_id, date)")
        db.execute("CREATE INDEX quotations_outlet ON quotations (outlet_id)")
        dates = ["2019-02-27", None, "2019-02-27", "2020-01-01", None, "2018-12-31", "2019-02-27"]
        for i in range(70):  # ties on the date, undated quotations, ids not in date order
            db.execute("INSERT INTO quotations (id, text, kind, parts, speaker_id, outlet_id, attribution, themes, "
                       "date) VALUES (?, 'x', 'full', '[]', ?, ?, '{}', '[]', ?)",
                       (f"q{(i * 37) % 101:03d}", f"s{i % 2}", f"o{i % 2}", dates[i % len(dates)]))
    store = Store(tmp_path)
    try:
        names = {r[0] for r in store._query("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"quotations_speaker_date", "quotations_outlet_date"} <= names
        assert not names & {"quotations_speaker", "quotations_outlet"}
        plan = " ".join(r[3] for r in store._query(f"EXPLAIN QUERY PLAN SELECT id FROM quotations WHERE {column} = ? "
                                                    "ORDER BY date DESC, id LIMIT 20", ("s0",)))
        assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan
        expected = [r[0] for r in store._query(f"SELECT id FROM quotations WHERE {column} = ? "
                                               "ORDER BY date IS NULL, date DESC, id", (f"{column[0]}1",))]
        assert len(expected) == 35 and expected[-1] in {r[0] for r in store._query(
            "SELECT id FROM quotations WHERE date IS NULL")}
        pages = [getattr(store, method)(f"{column[0]}1", offset, 10) for offset in range(0, 40, 10)]
        assert all(total == 35 for total, _ in pages)
        assert [i for _, ids in pages for i in ids] == expected
    finally:
        store.close()
