"""The store of record: articles, quotations, occurrences, speakers and outlets in SQLite (WAL mode).

What an article says about a quotation (its speaker, outlet, attribution, context, themes) is
kept per article as a *claim*; the quotation row is the best claim of the articles that still
carry it (named speaker first, then attribution confidence). So replacing or deleting an article
re-derives the quotations it touched, and a quotation left without any article disappears.

Every write transaction bumps the change sequence (``meta.seq``) and logs the quotations it
touched in ``changes``; the search index replays that log up to the sequence it has applied.
Speakers are one record per folded full name (case and diacritics ignored), so "Javier González"
in one article and "Javier Gonzalez" in another are one speaker.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import sqlite3
import stat
import threading
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import orjson
from whoosh.lang.dmetaphone import double_metaphone

from .articles.model import Article
from .errors import UnsafeIndexDir, WriterBusy
from .extract.records import rank, speaker_identity
from .extract.speakers import fold

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, text TEXT NOT NULL, title TEXT, publication TEXT,
    published TEXT, url TEXT, byline TEXT, source TEXT, format TEXT, extra TEXT NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS speakers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, aliases TEXT NOT NULL, role TEXT, description TEXT,
    quotations INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS outlets (id TEXT PRIMARY KEY, name TEXT NOT NULL, quotations INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS quotations (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, kind TEXT NOT NULL, parts TEXT NOT NULL, speaker_id TEXT,
    speaker TEXT, outlet_id TEXT, context TEXT, attribution TEXT NOT NULL, themes TEXT NOT NULL, date TEXT,
    best_article TEXT);
CREATE INDEX IF NOT EXISTS quotations_speaker_date ON quotations (speaker_id, date DESC, id);
CREATE INDEX IF NOT EXISTS quotations_outlet_date ON quotations (outlet_id, date DESC, id);
CREATE TABLE IF NOT EXISTS claims (
    quotation_id TEXT NOT NULL, article_id TEXT NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (quotation_id, article_id));
CREATE INDEX IF NOT EXISTS claims_article ON claims (article_id);
CREATE TABLE IF NOT EXISTS occurrences (
    quotation_id TEXT NOT NULL, article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    parts TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS occurrences_quotation ON occurrences (quotation_id);
CREATE INDEX IF NOT EXISTS occurrences_article ON occurrences (article_id);
CREATE TABLE IF NOT EXISTS changes (seq INTEGER NOT NULL, quotation_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS changes_seq ON changes (seq);
"""
# The indexes of older versions that those two replace: a speaker's (or outlet's) page of quotations,
# newest first, is now read from the index alone, in its order, where these left SQLite to read every
# row of the speaker and sort them (233 ms at p95 for a speaker's page at 1,000,000 quotations).
OLD_INDEXES = ("quotations_speaker", "quotations_outlet")
# Counts kept up to date at every write, so that listing speakers, outlets and themes reads a few
# rows instead of aggregating every quotation; and the words (and sound codes) of speakers' names,
# for forgiving name search in SQL. Created (and filled from the quotations) by _migrate.
COUNTS_SCHEMA = """
CREATE INDEX IF NOT EXISTS speakers_quoted ON speakers (quotations DESC, name);
CREATE TABLE IF NOT EXISTS speaker_outlets (
    speaker_id TEXT NOT NULL, outlet_id TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (speaker_id, outlet_id))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS theme_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS speaker_words (key TEXT NOT NULL, speaker_id TEXT NOT NULL, PRIMARY KEY (key, speaker_id))
    WITHOUT ROWID;
"""
# Bump when COUNTS_SCHEMA or what it holds changes: _migrate fills it again from the quotations.
COUNTS_VERSION = "1"
_NAME_WORD = re.compile(r"\w+(?:\.?\w+)*")

ARTICLE_FIELDS = ("id", "title", "publication", "published", "url", "byline", "source", "format")


def speaker_id(name: str) -> str:
    return "s_" + hashlib.sha1(fold(name).encode()).hexdigest()[:12]


def outlet_id(name: str) -> str:
    return "o_" + (re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or hashlib.sha1(name.encode()).hexdigest()[:8])


def name_words(name: str) -> list[str]:
    """The words of a name with case and diacritics folded (as the index's speaker tokens)."""
    return _NAME_WORD.findall(fold(name).lower())


def sound_codes(word: str) -> list[str]:
    """The Double Metaphone codes of a folded word, in upper case (never equal to a word)."""
    return [c for c in dict.fromkeys(double_metaphone(word)) if c]


def name_keys(names: Iterable[str]) -> set[str]:
    """The keys a speaker is found by: each folded word of each name, and each word's sound codes."""
    keys = set()
    for name in names:
        for word in name_words(name or ""):
            keys.add(word)
            keys.update(sound_codes(word))
    return keys


_UNREAD = object()


def _json(value) -> str:
    """A value of a JSON column (orjson: several times faster than json.dumps, which the write path called
    about ten times a quotation)."""
    return orjson.dumps(value).decode()


class _Tally:
    """What one write changes in the counts of speakers, outlets and themes, applied at its end with one
    statement per table (not four a quotation); and the speakers and outlets some quotation left, which
    become orphans when no quotation names them any more (only those are looked at, not every one)."""

    def __init__(self) -> None:
        self.speakers: dict[str, int] = {}
        self.speaker_outlets: dict[tuple[str, str], int] = {}
        self.outlets: dict[str, int] = {}
        self.themes: dict[str, int] = {}
        self.left: set[tuple[str, str]] = set()

    def count(self, row, delta: int) -> None:
        """Add ``delta`` to the counts of the speaker, outlet and themes of a quotation ``row``."""
        sid, oid = row["speaker_id"], row["outlet_id"]
        if sid:
            self.speakers[sid] = self.speakers.get(sid, 0) + delta
            key = (sid, oid or "")
            self.speaker_outlets[key] = self.speaker_outlets.get(key, 0) + delta
            if delta < 0:
                self.left.add(("speaker", sid))
        if oid:
            self.outlets[oid] = self.outlets.get(oid, 0) + delta
            if delta < 0:
                self.left.add(("outlet", oid))
        for name in {t["name"] for t in orjson.loads(row["themes"] or "[]")}:
            self.themes[name] = self.themes.get(name, 0) + delta

    def apply(self, db: sqlite3.Connection) -> None:
        """Write the counts, then drop the speakers and outlets left that no quotation names any more."""
        db.executemany("UPDATE speakers SET quotations = quotations + ? WHERE id = ?",
                       [(n, k) for k, n in self.speakers.items() if n])
        db.executemany("INSERT INTO speaker_outlets (speaker_id, outlet_id, n) VALUES (?, ?, ?) "
                       "ON CONFLICT DO UPDATE SET n = n + excluded.n",
                       [(*k, n) for k, n in self.speaker_outlets.items() if n])
        db.executemany("UPDATE outlets SET quotations = quotations + ? WHERE id = ?",
                       [(n, k) for k, n in self.outlets.items() if n])
        db.executemany("INSERT INTO theme_counts (name, n) VALUES (?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
                       [(k, n) for k, n in self.themes.items() if n])
        for kind, key in self.left:
            if kind == "speaker":
                if db.execute("DELETE FROM speakers WHERE id = ? AND quotations <= 0", (key,)).rowcount:
                    db.execute("DELETE FROM speaker_words WHERE speaker_id = ?", (key,))
                    db.execute("DELETE FROM speaker_outlets WHERE speaker_id = ?", (key,))
                else:
                    db.execute("DELETE FROM speaker_outlets WHERE speaker_id = ? AND n <= 0", (key,))
            else:
                db.execute("DELETE FROM outlets WHERE id = ? AND quotations <= 0", (key,))
        if any(n < 0 for n in self.themes.values()):
            db.execute("DELETE FROM theme_counts WHERE n <= 0")


# The columns a record is made of (Store._record), in its order.
_RECORD_COLUMNS = ("q.id, q.text, q.parts, q.kind, q.speaker, q.speaker_id, s.name, q.outlet_id, o.name, q.context, "
                   "q.attribution, q.themes, q.date")


class Store:
    """One connection to ``<dir>/quotes.sqlite3``; thread-safe (one lock), one writer process at a time."""

    FILENAME = "quotes.sqlite3"

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / self.FILENAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a transaction holds the
        # write lock from its first statement and never fails half-way on an upgrade.
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._in_batch = False
        self._counts: tuple[int, dict] | None = None  # (change sequence, counts): see counts()
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: an acknowledged ingest survives a power cut, not only a killed process.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._drop_old_indexes()
        self._migrate()

    def _drop_old_indexes(self) -> None:
        """Drop the indexes that SCHEMA's replace (a store written by an older version has them)."""
        marks = ",".join("?" * len(OLD_INDEXES))
        if self._db.execute(f"SELECT 1 FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
                            OLD_INDEXES).fetchone():
            with self.transaction() as db:
                for name in OLD_INDEXES:
                    db.execute(f"DROP INDEX IF EXISTS {name}")

    def _migrate(self) -> None:
        """Bring a store written by an older version up to this schema (columns added, counts filled)."""
        if self.meta("counts_version") == COUNTS_VERSION:
            return
        with self.transaction() as db:
            for table, column, decl in (("speakers", "quotations", "INTEGER NOT NULL DEFAULT 0"),
                                        ("outlets", "quotations", "INTEGER NOT NULL DEFAULT 0"),
                                        ("quotations", "best_article", "TEXT")):
                if column not in {r[1] for r in db.execute(f"PRAGMA table_info({table})")}:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
            for statement in COUNTS_SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("DELETE FROM speaker_outlets")
            db.execute("DELETE FROM theme_counts")
            db.execute("DELETE FROM speaker_words")
            db.execute("UPDATE speakers SET quotations = (SELECT COUNT(*) FROM quotations q "
                       "WHERE q.speaker_id = speakers.id)")
            db.execute("UPDATE outlets SET quotations = (SELECT COUNT(*) FROM quotations q WHERE q.outlet_id = outlets.id)")
            db.execute("INSERT INTO speaker_outlets (speaker_id, outlet_id, n) SELECT speaker_id, COALESCE(outlet_id, ''), "
                       "COUNT(*) FROM quotations WHERE speaker_id IS NOT NULL GROUP BY 1, 2")
            db.execute("INSERT INTO theme_counts (name, n) SELECT json_extract(t.value, '$.name'), COUNT(*) "
                       "FROM quotations q, json_each(q.themes) t GROUP BY 1")
            for sid, name, aliases in db.execute("SELECT id, name, aliases FROM speakers").fetchall():
                self._index_names(db, sid, [name, *json.loads(aliases)])
            self._set_meta(db, "counts_version", COUNTS_VERSION)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def bulk(self, cache_mb: int | None = None, wal_mb: float | None = None) -> Iterator[None]:
        """How this connection writes during a bulk run (ingest, reextract), for the ``with`` block, then as before.

        ``cache_mb``: SQLite's page cache, in MB. Its default, 2 MB, holds the upper levels of the indexes an
        article's rows go into while the store is small; at a million quotations most of their pages were read
        again from the operating system's cache for every batch (SQLite frees the pages over the limit after).

        ``wal_mb``: the write-ahead log grows to about this size before a commit checkpoints it into the
        database file (``wal_autocheckpoint``; SQLite's default is 1,000 pages, 4 MB). The quotation ids are
        hashes, so each quotation's rows land on a random page of five indexes (the quotations', the claims',
        the occurrences' by quotation, by speaker and date, by outlet and date): at a million quotations a
        batch wrote about 1,830 pages (840 into an empty store), and every commit was followed by a checkpoint
        that wrote them at random places in the 2.6 GB file and waited for them (fsync). A large log gathers the
        rewrites of the same pages, and a checkpoint writes them once, in file order. Durability is unchanged: a
        commit is durable when its log frames are synced (synchronous=FULL), checkpoints or not. At the end the
        log is checkpointed as far as readers allow (PASSIVE: it never waits for them).
        """
        with self._lock:
            before_cache = self._db.execute("PRAGMA cache_size").fetchone()[0]
            before_wal = self._db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
            if cache_mb:
                self._db.execute(f"PRAGMA cache_size = {-int(cache_mb) * 1024}")
            if wal_mb:
                page = self._db.execute("PRAGMA page_size").fetchone()[0]
                self._db.execute(f"PRAGMA wal_autocheckpoint = {max(1, int(wal_mb * 1024 * 1024 / page))}")
        try:
            yield
        finally:
            with self._lock:
                self._db.execute(f"PRAGMA cache_size = {int(before_cache)}")
                self._db.execute(f"PRAGMA wal_autocheckpoint = {int(before_wal)}")
                if wal_mb and not self._db.in_transaction:
                    self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing: a transaction, or inside ``batch()`` a savepoint of the batch's."""
        with self._lock:
            if self._in_batch:
                self._db.execute("SAVEPOINT write")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK TO write")
                    self._db.execute("RELEASE write")
                    raise
                self._db.execute("RELEASE write")
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several writes committed together (one fsync instead of one each, with synchronous=FULL): each write
        is still all or nothing, and none is durable before the batch commits. Nothing of it is kept when the
        batch itself raises."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._in_batch = True
            try:
                yield
            except BaseException:
                self._in_batch = False
                self._db.execute("ROLLBACK")
                raise
            self._in_batch = False
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    # --- meta ---------------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def _set_meta(self, db: sqlite3.Connection, key: str, value) -> None:
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   (key, str(value)))

    def set_meta(self, key: str, value) -> None:
        with self.transaction() as db:
            self._set_meta(db, key, value)

    def setdefault_meta(self, key: str, value) -> str:
        """The value of ``key``, first setting it to ``value`` if unset (atomic across processes)."""
        found = self.meta(key)
        if found is not None:  # the usual case needs no write transaction
            return found
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, str(value)))
            return db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    @property
    def seq(self) -> int:
        return int(self.meta("seq", "0"))

    def version(self) -> tuple[int, str | None]:
        """The change sequence and the time of the last write (UTC, ISO 8601), read together in one query."""
        rows = dict(self._query("SELECT key, value FROM meta WHERE key IN ('seq', 'modified')"))
        return int(rows.get("seq", "0")), rows.get("modified")

    def _bump(self, db: sqlite3.Connection, touched: Iterable[str]) -> int:
        seq = int((db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone() or ["0"])[0]) + 1
        self._set_meta(db, "seq", seq)
        self._set_meta(db, "modified", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        db.executemany("INSERT INTO changes (seq, quotation_id) VALUES (?, ?)", [(seq, q) for q in touched])
        return seq

    def changed_since(self, seq: int) -> set[str]:
        return {r[0] for r in self._query("SELECT DISTINCT quotation_id FROM changes WHERE seq > ?", (seq,))}

    def prune_changes(self, upto: int) -> None:
        """Forget the change log up to ``upto`` (the index has applied it); older indexes are then rebuilt."""
        with self.transaction() as db:
            db.execute("DELETE FROM changes WHERE seq <= ?", (upto,))
            self._set_meta(db, "pruned", max(upto, int(self.meta("pruned", "0"))))

    # --- writing ------------------------------------------------------------------------

    def article_hash(self, article_id: str) -> str | None:
        rows = self._query("SELECT content_hash FROM articles WHERE id = ?", (article_id,))
        return rows[0][0] if rows else None

    def put_article(self, article: Article, records: list[dict], *, force: bool = False) -> dict:
        """Store an article and its records (from extraction, themes assigned) in one transaction.

        Returns ``{"status": new|unchanged|replaced, "new": [ids], "merged": [ids], "removed": [ids], "seq"}``.
        The same text already stored is a no-op unless ``force`` (re-extraction).

        The work is proportional to the article, not to the store: a quotation another article already
        carries is compared with its current best account only (not re-derived from all of them), and
        only the speakers and outlets the article's quotations leave can become orphans.
        """
        digest = article.content_hash
        with self.transaction() as db:
            row = db.execute("SELECT content_hash FROM articles WHERE id = ?", (article.id,)).fetchone()
            if row is not None and row[0] == digest and not force:
                return {"status": "unchanged", "new": [], "merged": [], "removed": [], "seq": None}
            old = {r[0] for r in db.execute("SELECT quotation_id FROM claims WHERE article_id = ?", (article.id,))}
            self._remove_article_rows(db, article.id)
            db.execute("INSERT INTO articles (id, content_hash, text, title, publication, published, url, byline, "
                       "source, format, extra, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (article.id, digest, article.text, article.title, article.publication, article.published,
                        article.url, article.byline, article.source, article.format,
                        json.dumps(article.extra or {}, default=str),
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
            existing = set()
            tally = _Tally()
            ids = []
            for rec in dict((r["id"], r) for r in records).values():
                ids.append(rec["id"])
                printed = self._add_claim(db, article.id, rec)
                current = db.execute("SELECT * FROM quotations WHERE id = ?", (rec["id"],)).fetchone()
                if current is not None:
                    existing.add(rec["id"])
                if current is None and rec["id"] not in old:
                    # A new quotation: this article's claim is its only one (a quotation has a row as long
                    # as any article claims it), so it is the best, dated by this printing of it.
                    if speaker_identity(rec.get("speaker")):
                        self._add_speaker(db, rec["speaker"])
                    self._write_quotation(db, rec, article.id, article.published if printed else None, None, tally)
                elif rec["id"] in old or current["best_article"] is None:
                    self._derive_quotation(db, rec["id"], tally, current)
                else:
                    self._add_account(db, current, article, rec, tally)
            removed = [q for q in sorted(old - set(ids)) if not self._derive_quotation(db, q, tally)]
            tally.apply(db)
            seq = self._bump(db, old | set(ids))
        return {"status": "replaced" if row is not None else "new",
                "new": [q for q in ids if q not in existing and q not in old],
                "merged": [q for q in ids if q in existing and q not in old],
                "removed": removed, "seq": seq}

    def delete_article(self, article_id: str) -> list[str] | None:
        """Remove an article; returns the ids of the quotations that disappeared with it, None if unknown."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                return None
            touched = {r[0] for r in db.execute("SELECT quotation_id FROM claims WHERE article_id = ?", (article_id,))}
            self._remove_article_rows(db, article_id)
            tally = _Tally()
            removed = [q for q in sorted(touched) if not self._derive_quotation(db, q, tally)]
            tally.apply(db)
            self._bump(db, touched)
        return removed

    def set_themes(self, themes_of: dict[str, list[dict]]) -> None:
        """Replace the themes of quotations (and their claims) after the taxonomy changed, in one transaction."""
        with self.transaction() as db:
            for qid, themes in themes_of.items():
                encoded = json.dumps(themes)
                before = db.execute("SELECT themes FROM quotations WHERE id = ?", (qid,)).fetchone()
                if before is not None:
                    self._count_themes(db, before[0], -1)
                    self._count_themes(db, encoded, +1)
                db.execute("UPDATE quotations SET themes = ? WHERE id = ?", (encoded, qid))
                for art, raw in db.execute("SELECT article_id, record FROM claims WHERE quotation_id = ?",
                                           (qid,)).fetchall():
                    rec = json.loads(raw)
                    rec["themes"] = themes
                    db.execute("UPDATE claims SET record = ? WHERE quotation_id = ? AND article_id = ?",
                               (json.dumps(rec), qid, art))
            self._bump(db, themes_of)

    @staticmethod
    def _remove_article_rows(db: sqlite3.Connection, article_id: str) -> None:
        db.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
        db.execute("DELETE FROM occurrences WHERE article_id = ?", (article_id,))
        db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def _add_claim(self, db: sqlite3.Connection, article_id: str, rec: dict) -> int:
        """Store what the article says of the quotation and where it prints it; returns how many times it does."""
        claim = {k: v for k, v in rec.items() if k != "sources"}
        db.execute("INSERT OR REPLACE INTO claims (quotation_id, article_id, record) VALUES (?, ?, ?)",
                   (rec["id"], article_id, _json(claim)))
        printed = [(rec["id"], article_id, s["start"], s["end"], _json(s.get("parts") or []))
                   for s in rec["sources"] if s.get("article_id", article_id) == article_id]
        db.executemany('INSERT INTO occurrences (quotation_id, article_id, start, "end", parts) VALUES (?, ?, ?, ?, ?)',
                       printed)
        return len(printed)

    def _add_speaker(self, db: sqlite3.Connection, sp: dict, *, create: bool = True) -> None:
        """Create the speaker on first sight (that spelling stays canonical); later sightings add aliases.
        With ``create=False`` only a speaker already stored is updated (a losing account's)."""
        sid = speaker_id(sp["name"])
        row = db.execute("SELECT name, aliases, role, description FROM speakers WHERE id = ?", (sid,)).fetchone()
        if row is None:
            if not create:
                return
            aliases = [a for a in dict.fromkeys(sp.get("aliases") or []) if a != sp["name"]]
            db.execute("INSERT INTO speakers (id, name, aliases, role, description) VALUES (?, ?, ?, ?, ?)",
                       (sid, sp["name"], json.dumps(aliases), sp.get("role"), sp.get("description")))
            self._index_names(db, sid, [sp["name"], *aliases])
            return
        aliases = json.loads(row["aliases"])
        added = [a for a in dict.fromkeys([sp["name"], *(sp.get("aliases") or [])])
                 if a and a != row["name"] and a not in aliases]
        if added or (row["role"] is None and sp.get("role")) or (row["description"] is None and sp.get("description")):
            db.execute("UPDATE speakers SET aliases = ?, role = COALESCE(role, ?), description = COALESCE(description, ?) "
                       "WHERE id = ?", (json.dumps(aliases + added), sp.get("role"), sp.get("description"), sid))
            self._index_names(db, sid, added)

    @staticmethod
    def _index_names(db: sqlite3.Connection, sid: str, names: Iterable[str]) -> None:
        db.executemany("INSERT OR IGNORE INTO speaker_words (key, speaker_id) VALUES (?, ?)",
                       [(k, sid) for k in name_keys(names)])

    def _add_account(self, db: sqlite3.Connection, current: sqlite3.Row, article: Article, rec: dict,
                     tally: "_Tally") -> None:
        """A quotation already stored gains this article's account: it wins if it ranks higher (or ties with
        a lower article id, as _derive_quotation's order), and the date is the earliest printing."""
        current_claim = {"speaker": orjson.loads(current["speaker"]) if current["speaker"] else None,
                         "attribution": orjson.loads(current["attribution"]), "kind": current["kind"],
                         "text": current["text"]}
        mine, best = rank(rec), rank(current_claim)
        wins = mine > best or (mine == best and article.id < current["best_article"])
        sp = rec.get("speaker")
        if speaker_identity(sp):
            self._add_speaker(db, sp, create=wins)
        date = min((d for d in (current["date"], article.published) if d), default=None)
        if wins:
            self._write_quotation(db, rec, article.id, date, current, tally)
        elif date != current["date"]:
            db.execute("UPDATE quotations SET date = ? WHERE id = ?", (date, rec["id"]))

    def _derive_quotation(self, db: sqlite3.Connection, qid: str, tally: "_Tally", current=_UNREAD) -> bool:
        """Rebuild the quotation row from all its remaining claims; False (and no row) when none remain.
        ``current``: its row as read in this transaction, when the caller has it (None: there is none)."""
        if current is _UNREAD:
            current = db.execute("SELECT * FROM quotations WHERE id = ?", (qid,)).fetchone()
        claims = [(r[0], json.loads(r[1])) for r in
                  db.execute("SELECT article_id, record FROM claims WHERE quotation_id = ? ORDER BY article_id", (qid,))]
        if not claims:
            if current is not None:
                tally.count(current, -1)
                db.execute("DELETE FROM quotations WHERE id = ?", (qid,))
            return False
        best_article, best = max(claims, key=lambda c: rank(c[1]))  # the first of equals: lowest article id
        for _, claim in claims:
            if speaker_identity(claim.get("speaker")):
                self._add_speaker(db, claim["speaker"], create=claim is best)
        date = db.execute("SELECT MIN(a.published) FROM occurrences o JOIN articles a ON a.id = o.article_id "
                          "WHERE o.quotation_id = ?", (qid,)).fetchone()[0]
        self._write_quotation(db, best, best_article, date, current, tally)
        return True

    def _write_quotation(self, db: sqlite3.Connection, best: dict, best_article: str, date: str | None,
                         current: sqlite3.Row | None, tally: "_Tally") -> None:
        """Write the quotation row from its best account, keeping the counts of speakers, outlets and themes."""
        sp, out = best.get("speaker"), best.get("outlet")
        if out and out.get("name"):
            db.execute("INSERT OR IGNORE INTO outlets (id, name) VALUES (?, ?)", (outlet_id(out["name"]), out["name"]))
        row = {"speaker_id": speaker_id(sp["name"]) if speaker_identity(sp) else None,
               "outlet_id": outlet_id(out["name"]) if out and out.get("name") else None,
               "themes": _json(best.get("themes") or [])}
        if current is not None:
            tally.count(current, -1)
        tally.count(row, +1)
        db.execute("INSERT OR REPLACE INTO quotations (id, text, kind, parts, speaker_id, speaker, outlet_id, context, "
                   "attribution, themes, date, best_article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (best["id"], best["text"], best["kind"], _json(best.get("parts") or []), row["speaker_id"],
                    _json(sp), row["outlet_id"], best.get("context"), _json(best["attribution"]),
                    row["themes"], date, best_article))

    @staticmethod
    def _count_themes(db: sqlite3.Connection, themes: str, delta: int) -> None:
        names = {t["name"] for t in orjson.loads(themes or "[]")}
        db.executemany("INSERT INTO theme_counts (name, n) VALUES (?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
                       [(name, delta) for name in names])

    # --- reading ------------------------------------------------------------------------

    def records(self, ids: list[str]) -> list[dict]:
        """The records of these quotations, in the order asked; unknown ids are left out.

        Every page of search results comes through here, so its JSON columns are decoded with orjson, and its
        rows are read as tuples, by position (sqlite3.Row looks each column up by name).
        """
        found: dict[str, dict] = {}
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            marks = ",".join("?" * len(chunk))
            rows = self._tuples(f"SELECT {_RECORD_COLUMNS} FROM quotations q LEFT JOIN speakers s ON s.id = q.speaker_id "
                                f"LEFT JOIN outlets o ON o.id = q.outlet_id WHERE q.id IN ({marks})", chunk)
            sources: dict[str, list] = {}
            for qid, article, publication, title, published, url, start, end, parts in self._tuples(
                    f'SELECT o.quotation_id, o.article_id, a.publication, a.title, a.published, a.url, o.start, o."end", '
                    f'o.parts FROM occurrences o JOIN articles a ON a.id = o.article_id WHERE o.quotation_id IN ({marks}) '
                    f'ORDER BY a.published, o.article_id, o.start', chunk):
                sources.setdefault(qid, []).append(
                    {"article_id": article, "publication": publication, "title": title, "published": published,
                     "url": url, "start": start, "end": end, "parts": orjson.loads(parts)})
            for r in rows:
                found[r[0]] = self._record(r, sources.get(r[0], []))
        return [found[i] for i in ids if i in found]

    def _tuples(self, sql: str, params: Iterable = ()) -> list[tuple]:
        """``_query``'s rows as plain tuples."""
        with self._lock:
            cursor = self._db.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, tuple(params)).fetchall()

    @staticmethod
    def _record(r: tuple, sources: list[dict]) -> dict:
        """A record from a row of _RECORD_COLUMNS."""
        qid, text, parts, kind, speaker, speaker_id, speaker_name, outlet_id, outlet_name, context, attribution, \
            themes, date = r
        speaker = orjson.loads(speaker) if speaker else None
        if speaker is not None and speaker_id:
            speaker = {**speaker, "id": speaker_id, "name": speaker_name or speaker.get("name")}
        outlet = {"id": outlet_id, "name": outlet_name} if outlet_id else None
        return {"id": qid, "text": text, "parts": orjson.loads(parts), "kind": kind,
                "speaker": speaker, "outlet": outlet, "context": context,
                "attribution": orjson.loads(attribution), "themes": orjson.loads(themes),
                "date": date, "sources": sources}

    def record(self, qid: str) -> dict | None:
        found = self.records([qid])
        return found[0] if found else None

    def iter_records(self, batch: int = 1000) -> Iterator[dict]:
        """Every quotation record, in id order, a batch at a time (flat memory)."""
        last = ""
        while True:
            ids = [r[0] for r in self._query("SELECT id FROM quotations WHERE id > ? ORDER BY id LIMIT ?", (last, batch))]
            if not ids:
                return
            yield from self.records(ids)
            last = ids[-1]

    def counts(self) -> dict:
        """Rows of each table, counted again only after a write (a count of a million quotations takes 13 ms,
        and /v1/health and the pages ask on every request): cached with the change sequence it was read at."""
        with self._lock:
            committed = not self._db.in_transaction  # (inside a write, the sequence may yet roll back)
            seq = self.seq
            cached = self._counts
            if committed and cached is not None and cached[0] == seq:
                return dict(cached[1])
            counts = {name: self._query(f"SELECT COUNT(*) FROM {name}")[0][0]
                      for name in ("articles", "quotations", "speakers", "outlets")}
            if committed:
                # (Another process may have committed meanwhile: then the sequence differs at the next call,
                # which counts again; a label older than the counts costs one count, never a wrong answer.)
                self._counts = (seq, counts)
            return dict(counts)

    def article(self, article_id: str) -> dict | None:
        rows = self._query("SELECT * FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return None
        out = self._article_meta(rows[0])
        out["text"] = rows[0]["text"]
        ids = [r[0] for r in self._query("SELECT quotation_id FROM occurrences WHERE article_id = ? "
                                         "GROUP BY quotation_id ORDER BY MIN(start)", (article_id,))]
        out["quotations"] = self.records(ids)
        return out

    def article_meta(self, article_id: str) -> dict | None:
        """An article's metadata, without its text and quotations."""
        rows = self._query("SELECT * FROM articles WHERE id = ?", (article_id,))
        return self._article_meta(rows[0]) if rows else None

    @staticmethod
    def _article_meta(r: sqlite3.Row) -> dict:
        return {**{k: r[k] for k in ARTICLE_FIELDS}, "extra": json.loads(r["extra"]), "content_hash": r["content_hash"],
                "ingested_at": r["ingested_at"]}

    def articles(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        total = self._query("SELECT COUNT(*) FROM articles")[0][0]
        rows = self._query("SELECT a.*, (SELECT COUNT(DISTINCT quotation_id) FROM occurrences o "
                           "WHERE o.article_id = a.id) AS n FROM articles a "
                           "ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?", (limit, offset))
        return total, [{**self._article_meta(r), "quotations": r["n"]} for r in rows]

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, rebuilt as an Article (for re-extraction), one at a time."""
        last = ""
        while True:
            rows = self._query("SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT 1", (last,))
            if not rows:
                return
            r = rows[0]
            yield Article(**{k: r[k] for k in ARTICLE_FIELDS}, text=r["text"], extra=json.loads(r["extra"]))
            last = r["id"]

    def _speaker_items(self, rows: list[sqlite3.Row]) -> list[dict]:
        ids = [r["id"] for r in rows]
        by_outlet: dict[str, dict] = {}
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            marks = ",".join("?" * len(chunk))
            for r in self._query(f"SELECT so.speaker_id, o.name AS outlet, so.n FROM speaker_outlets so "
                                 f"LEFT JOIN outlets o ON o.id = so.outlet_id WHERE so.speaker_id IN ({marks}) "
                                 f"AND so.n > 0 ORDER BY so.n DESC, o.name", chunk):
                by_outlet.setdefault(r["speaker_id"], {})[r["outlet"] or "(none)"] = r["n"]
        return [{"id": r["id"], "name": r["name"], "aliases": json.loads(r["aliases"]), "role": r["role"],
                 "description": r["description"], "quotations": r["quotations"], "by_outlet": by_outlet.get(r["id"], {})}
                for r in rows]

    def speakers(self, offset: int = 0, limit: int | None = None, ids: Iterable[str] | None = None) -> tuple[int, list[dict]]:
        """``(total, speakers)``: most quoted first, a page of them (``ids``: only these speakers)."""
        where, params = "", []
        if ids is not None:
            ids = list(ids)
            if not ids:
                return 0, []
            self._db_temp_ids(ids)
            where = "WHERE id IN (SELECT id FROM temp.wanted)"
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM speakers {where}", params).fetchone()[0]
            rows = self._db.execute(f"SELECT * FROM speakers {where} ORDER BY quotations DESC, name LIMIT ? OFFSET ?",
                                    [*params, -1 if limit is None else limit, offset]).fetchall()
        return total, self._speaker_items(rows)

    def _db_temp_ids(self, ids: list[str]) -> None:
        with self._lock:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id TEXT PRIMARY KEY) WITHOUT ROWID")
            self._db.execute("DELETE FROM temp.wanted")
            self._db.executemany("INSERT OR IGNORE INTO temp.wanted (id) VALUES (?)", [(i,) for i in ids])

    def speaker(self, sid: str) -> dict | None:
        rows = self._query("SELECT * FROM speakers WHERE id = ?", (sid,))
        return self._speaker_items(rows)[0] if rows else None

    def speakers_by_keys(self, keys: Iterable[str]) -> set[str]:
        """The ids of speakers with any of these name keys (folded words, sound codes)."""
        keys = list(keys)
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        return {r[0] for r in self._query(f"SELECT speaker_id FROM speaker_words WHERE key IN ({marks})", keys)}

    def name_words_near(self, first: str, min_len: int, max_len: int) -> list[str]:
        """The speakers' name words starting with ``first`` whose length is within bounds (for one-edit matches)."""
        return [r[0] for r in self._query("SELECT DISTINCT key FROM speaker_words WHERE key >= ? AND key < ? "
                                          "AND length(key) BETWEEN ? AND ?",
                                          (first, first + "\uffff", min_len, max_len))]

    def speaker_quote_ids(self, sid: str, offset: int, limit: int) -> tuple[int, list[str]]:
        return self._quote_ids("speaker_id", sid, offset, limit)

    def outlet_quote_ids(self, oid: str, offset: int, limit: int) -> tuple[int, list[str]]:
        return self._quote_ids("outlet_id", oid, offset, limit)

    def _quote_ids(self, column: str, value: str, offset: int, limit: int) -> tuple[int, list[str]]:
        """How many quotations have ``column`` = ``value``, and a page of their ids, newest first (undated last).

        Both are read from the index on (``column``, date DESC, id) alone, the page in the index's order: SQLite
        sorts NULL below any date, so ``date DESC`` puts the undated last without a sort.
        """
        total = self._query(f"SELECT COUNT(*) FROM quotations WHERE {column} = ?", (value,))[0][0]
        ids = [r[0] for r in self._query(f"SELECT id FROM quotations WHERE {column} = ? "
                                         "ORDER BY date DESC, id LIMIT ? OFFSET ?", (value, limit, offset))]
        return total, ids

    def outlets(self) -> list[dict]:
        return [{"id": r["id"], "name": r["name"], "quotations": r["quotations"]}
                for r in self._query("SELECT id, name, quotations FROM outlets ORDER BY name")]

    def theme_counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self._query("SELECT name, n FROM theme_counts WHERE n > 0")}


# What a writer can be doing while it holds the lock, and about how long (seconds) such a hold
# lasts: what a writer that finds the lock taken is told to wait (the API's Retry-After).
WRITER_TASKS = {"article": 2, "delete": 1, "ingest": 30, "reindex": 60, "reextract": 120, "repair": 10,
                "optimize": 60}


def open_regular(path: Path, flags: int, mode: int = 0o644) -> int:
    """``os.open`` that follows no symbolic link and accepts only a regular file (UnsafeIndexDir otherwise).

    O_NONBLOCK keeps a FIFO from hanging the open; it is refused right after, by its type.
    """
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise UnsafeIndexDir(f"{path} is a symbolic link; quotes-api does not follow links inside INDEX_DIR. "
                                 f"Remove it (the file is recreated)") from None
        raise
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        raise UnsafeIndexDir(f"{path} is not a regular file (it is a {_file_kind(kind)}); remove it "
                             f"(the file is recreated)")
    return fd


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


# The writer locks this process holds: a forked child lets go of them (see _forget_locks_in_child).
_HELD: "weakref.WeakSet[WriterLock]" = weakref.WeakSet()


def _forget_locks_in_child() -> None:
    """In a forked child (an extraction or index process of ``ingest --jobs``): close this process's copies of
    the writer's lock files, without unlocking them (that would unlock the writer's too). The kernel keeps a
    flock while any process has the file open, so children that outlived a writer killed with SIGKILL held
    the lock, and every later writer was refused in the name of the dead one."""
    for lock in list(_HELD):
        if lock._fd is not None:
            try:
                os.close(lock._fd)
            except OSError:
                pass
        lock._fd, lock._depth, lock._mutex = None, 0, threading.RLock()
    _HELD.clear()


os.register_at_fork(after_in_child=_forget_locks_in_child)


class WriterLock:
    """One writer at a time across processes: ``fcntl.flock`` on ``<dir>/write.lock``.

    The kernel drops a flock when its process dies, so a crashed writer never blocks the next
    one (the processes it forks close their copies of the file: _forget_locks_in_child). Re-entrant
    within one object, so a write may call another write. The holder writes its pid, its task (a
    WRITER_TASKS key) and when it started into the file, for the writers it refuses.
    """

    def __init__(self, directory: str | Path, timeout: float) -> None:
        self.path = Path(directory) / "write.lock"
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0
        self._mutex = threading.RLock()

    def try_acquire(self, task: str = "repair") -> bool:
        with self._mutex:
            if self._depth:
                self._depth += 1
                return True
            fd = open_regular(self.path, os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            os.ftruncate(fd, 0)
            os.write(fd, json.dumps({"pid": os.getpid(), "task": task, "since": round(time.time(), 3)}).encode())
            self._fd, self._depth = fd, 1
            _HELD.add(self)
            return True

    def holder(self) -> dict:
        """What the lock file says of its holder: ``{"pid", "task", "since"}`` (values None when unknown)."""
        try:
            fd = open_regular(self.path, os.O_RDONLY)
            try:
                found = json.loads(os.read(fd, 4096) or "{}")
            finally:
                os.close(fd)
        except (OSError, ValueError, UnsafeIndexDir):
            found = {}
        found = found if isinstance(found, dict) else {}
        return {key: found.get(key) for key in ("pid", "task", "since")}

    def acquire(self, task: str = "article") -> None:
        """Take the lock for ``task`` (a WRITER_TASKS key), waiting up to the lock's timeout."""
        timeout = self.timeout
        deadline = time.monotonic() + timeout
        while not self.try_acquire(task):
            if time.monotonic() >= deadline:
                held = self.holder()
                doing = held["task"] if held["task"] in WRITER_TASKS else None
                running = f", for {time.time() - held['since']:.0f} s" if isinstance(held["since"], (int, float)) else ""
                raise WriterBusy(f"another process (pid {held['pid'] or 'unknown'}, {doing or 'a write'}{running}) is "
                                 f"writing to the quote database in {self.path.parent}; gave up after {timeout:g} s "
                                 f"(WRITE_LOCK_TIMEOUT; API_WRITE_WAIT in the API). "
                                 f"Retry when it has finished", task=doing,
                                 retry_after=WRITER_TASKS.get(doing, WRITER_TASKS["article"]))
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())) or 0.001)

    def release(self) -> None:
        with self._mutex:
            if not self._depth:
                return
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None
                _HELD.discard(self)

    def __enter__(self) -> "WriterLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
