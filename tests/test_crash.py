"""kill -9 writers at random points, many times: nothing acknowledged is lost, store and index agree.

Each round forks a writer from this (already imported) process, so a round costs the write and
not an interpreter start, lets it work for a random while, and SIGKILLs it. The writer is one of:

- ``ingest``: QuoteService.ingest of 200 articles (every other one changed on every round, so
  rounds add, skip and replace), acknowledging each article as the CLI's progress does;
- ``post``: the REST API's POST /v1/articles through the WSGI app, one article or several a
  request, acknowledging what a 201/200/207 answer says was committed;
- ``reindex``: QuoteService.reindex again and again (a rebuild of the whole index);
- ``reextract``: QuoteService.reextract, acknowledging each article it rewrote;
- ``delete``: DELETE /v1/articles/{id}, acknowledging each 200 (an article whose delete was sent
  but not answered may be there or not).

A writer says TRY before it writes an article: until that write is acknowledged, the article
may be there or not. After each kill a new service opens the database (which catches the index up, under the writer
lock) and checks: every acknowledged article is there (a deleted one is gone), no article is
half in, and the index holds exactly the store's quotations.
"""
from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from quotes_api.articles.model import Article
from quotes_api.service import QuoteService

KILLS = 50
SPEAKERS = ["Maria Lopez", "Javier Gonzalez", "Juan Guaido", "Isaac Gonzalez", "Ana Ruiz", "Pedro Sanchez"]
WORDS = ("medicine food soldiers border aid sanctions election hospital army talks prices hunger convoy vote "
         "refugees defect power water salary regime").split()
ARTICLES = 200
KEY = "crash-key"


def text_of(i: int, run: int) -> str:
    rng = random.Random(i * 1000 + (run if i % 2 == 0 else 0))  # every other article changes on every run
    paras = []
    for _ in range(rng.randint(2, 5)):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        if rng.random() < 0.3:  # quotations shared between articles (same words) merge in the store
            words = " ".join(WORDS[:8])
        paras.append(f'"There is no {words} here," {rng.choice(SPEAKERS)} said.')
    return "\n\n".join(paras) + "\n"


def article(i: int, run: int) -> Article:
    return Article(id=f"art_{i:04d}", text=text_of(i, run), publication=f"Paper {i % 5}",
                   published=f"2019-{1 + i % 12:02d}-{1 + i % 28:02d}")


def _ack(out, *words) -> None:
    out.write(" ".join(words) + "\n")
    out.flush()


def _trying(out, articles):
    for a in articles:
        _ack(out, "TRY", a.id)
        yield a


def _verb(result: dict) -> str:
    return "FAILED" if result["status"] == "failed" else "ACK"


def _write(mode: str, directory: Path, run: int, out, rng: random.Random) -> None:
    """The child's work: write until killed (or done), acknowledging each commit on ``out``."""
    if mode in ("post", "delete"):
        from quotes_api.app import create_app

        client = create_app({"INDEX_DIR": str(directory), "API_KEYS": [KEY], "RATE_LIMIT": "off",
                             "WRITE_RATE_LIMIT": "off", "INDEX_BATCH": 4}).test_client()
        if mode == "delete":
            for article_id in rng.sample(range(ARTICLES), ARTICLES):
                _ack(out, "TRY", f"art_{article_id:04d}")  # from now on it may be gone, unacknowledged
                resp = client.delete(f"/v1/articles/art_{article_id:04d}", headers={"X-API-Key": KEY})
                if resp.status_code == 200:
                    _ack(out, "DEL", resp.json["article_id"])
            return
        i = 0
        while i < ARTICLES:
            n = rng.choice([1, 1, 3])
            batch = [article(j, run).to_dict() for j in range(i, min(i + n, ARTICLES))]
            for a in batch:
                _ack(out, "TRY", a["id"])
            body = [{k: a[k] for k in ("id", "text", "publication", "published")} for a in batch]
            resp = client.post("/v1/articles", data=json.dumps(body if n > 1 else body[0]),
                               content_type="application/json", headers={"X-API-Key": KEY})
            if resp.status_code in (200, 201, 207):
                for result in resp.json["results"]:
                    if result["status"] != "failed":
                        _ack(out, "ACK", result["article_id"])
            i += n
        return
    with QuoteService(directory, overrides={"INDEX_BATCH": 4}) as svc:
        if mode == "ingest":
            svc.ingest(_trying(out, (article(i, run) for i in range(ARTICLES))),
                       progress=lambda r: _ack(out, _verb(r), r["article_id"]))
        elif mode == "reextract":
            svc.reextract(progress=lambda r: _ack(out, _verb(r), r["article_id"]))
        else:
            while True:
                svc.reindex()


def _run_and_kill(mode: str, directory: Path, run: int, delay: float, rng: random.Random) -> list[str]:
    """Fork a writer, SIGKILL it after ``delay`` s; the lines it acknowledged."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the writer: never returns into pytest
        os.close(read)
        try:
            with os.fdopen(write, "w") as out:
                _write(mode, directory, run, out, random.Random(rng.random()))
        finally:
            os._exit(0)
    os.close(write)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read) as lines:
        return lines.read().splitlines()


def _check_consistent(svc: QuoteService, present: set[str], deleted: set[str]) -> None:
    q = svc.store._query
    articles = {r[0] for r in q("SELECT id FROM articles")}
    assert present <= articles, f"acknowledged but lost: {sorted(present - articles)[:5]}"
    assert not deleted & articles, f"deleted (acknowledged) but still there: {sorted(deleted & articles)[:5]}"
    # No article half in: claims, occurrences and quotations all agree with the articles.
    assert not q("SELECT 1 FROM claims WHERE article_id NOT IN (SELECT id FROM articles)")
    assert not q("SELECT 1 FROM occurrences WHERE article_id NOT IN (SELECT id FROM articles)")
    assert not q("SELECT 1 FROM claims c WHERE NOT EXISTS (SELECT 1 FROM occurrences o WHERE "
                 "o.quotation_id = c.quotation_id AND o.article_id = c.article_id)")
    assert not q("SELECT 1 FROM claims WHERE quotation_id NOT IN (SELECT id FROM quotations)")
    assert not q("SELECT 1 FROM quotations WHERE id NOT IN (SELECT quotation_id FROM claims)")
    assert not q("SELECT 1 FROM articles a WHERE NOT EXISTS (SELECT 1 FROM occurrences o WHERE o.article_id = a.id)")
    # The index holds exactly the store's quotations.
    searcher = svc.index.searcher()
    indexed = {fields["id"] for fields in searcher.all_stored_fields()}
    stored = {r[0] for r in q("SELECT id FROM quotations")}
    assert indexed == stored
    assert svc.health()["status"] == "ok"


def test_kill_9_of_any_writer_loses_nothing(tmp_path):
    seed = int(os.environ.get("CRASH_SEED", time.time()))
    rng = random.Random(seed)
    directory = tmp_path / "db"
    present: set[str] = set()
    deleted: set[str] = set()
    modes = ["ingest", "post"] * 2 + ["reindex", "reextract", "delete"]
    done: dict[str, int] = {}
    committed = 0  # acknowledged writes over all runs (later runs may delete or retry what earlier ones wrote)
    for run in range(KILLS):
        mode = "ingest" if run == 0 else rng.choice(modes)
        lines = _run_and_kill(mode, directory, run, rng.uniform(0.05, 0.6), rng)
        for line in lines:
            verb, article_id = line.split()[:2]
            committed += verb in ("ACK", "DEL")
            if verb == "ACK":
                present.add(article_id)
                deleted.discard(article_id)
            elif verb == "DEL":
                deleted.add(article_id)
                present.discard(article_id)
            elif verb == "TRY":  # a write that may commit without its answer: there or not, either is right
                present.discard(article_id)
                deleted.discard(article_id)
        done[mode] = done.get(mode, 0) + 1
        with QuoteService(directory) as svc:  # reopening catches the index up, under the writer lock
            try:
                _check_consistent(svc, present, deleted)
            except AssertionError as e:
                pytest.fail(f"after kill {run + 1} ({mode}, seed {seed}): {e}")
    assert committed, f"no writer got as far as one commit (seed {seed})"
    assert set(done) == set(modes), (done, seed)
