"""Every tunable limit and path of quotes-api, declared once with a default and a help text.

A setting is read from the environment as ``QUOTES_API_<NAME>`` (for example
``QUOTES_API_MAX_ARTICLE_CHARS=500000``); the Flask app also accepts them as
config keys of the same name. ``quotes-api settings`` prints the table and
``tests/test_settings.py`` checks that every setting is documented in the README.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable


def _bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | list) -> list[str]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [v.strip() for v in str(value).split(",") if v.strip()]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    type: Callable[[Any], Any] = str

    @property
    def env(self) -> str:
        return f"QUOTES_API_{self.name}"


SETTINGS: dict[str, Setting] = {}


def _declare(name: str, default: Any, help: str, kind: Callable[[Any], Any] = str) -> None:
    """Declare a setting; ``kind`` converts a raw (environment) string to its value (use _bool, _list)."""
    if name in SETTINGS:
        raise ValueError(f"setting {name} declared twice")
    SETTINGS[name] = Setting(name, default, help, kind)


# --- reading articles -------------------------------------------------------
_declare("MAX_INPUT_BYTES", 50 * 1024 * 1024,
         "Largest input file or request body read, in bytes; larger inputs are refused.", int)
_declare("MAX_ARTICLE_CHARS", 2_000_000,
         "Longest article text (after decoding) that extraction accepts; longer ones are refused.", int)

# --- extraction --------------------------------------------------------------
_declare("REGEX_TIMEOUT", 2.0,
         "Seconds any one regular-expression call may run before the article is skipped as too costly.", float)
_declare("EXTRACT_TIME_BUDGET", 60.0,
         "Seconds extraction may spend on one article in all; past it the article is refused as too costly "
         "(extraction is linear in the article's length, so only hostile input comes near).", float)
_declare("COMPILED_EXTRACTOR", True,
         "Run the extractor compiled by mypyc at install when it is built from the present sources (off: run it as "
         "Python; the records are the same). Read once, when quotes_api is imported.", _bool)
_declare("CONTEXT_CHARS", 400,
         "Most characters of surrounding text kept as a quotation's context.", int)
_declare("PARTIAL_MIN_WORDS", 3,
         "Fewest words an embedded (partial) quotation needs when no speech verb governs it; shorter ones are scare quotes.", int)
_declare("MERGE_MIN_WORDS", 6,
         "Fewest words a quotation needs to merge into a longer one by the same (or an unknown) speaker, and to be one "
         "quotation whoever says it; shorter ones are common phrases, kept one per speaker.", int)
_declare("MERGE_MIN_SHARE", 0.5,
         "Least share of a longer quotation's words that a fragment must hold to merge into it (a copy cut short); "
         "a shorter excerpt stays its own record, with the exact words its articles printed.", float)
_declare("OUTLETS_FILE", "",
         "Path of an outlet registry (JSON) that replaces the bundled quotes_api/data/outlets.json.", str)

# --- store, index, search (issue: database) ---------------------------------
_declare("INDEX_DIR", "index",
         "Directory of the quote database: the SQLite store of record and the Whoosh index derived from it.", str)
_declare("WRITE_LOCK_TIMEOUT", 10.0,
         "Seconds a writer waits for another process's writer lock before failing (the API answers 503).", float)
_declare("INDEX_BATCH", 200,
         "Articles stored between two catch-ups of the search index on bulk runs with one job.", int)
_declare("INDEX_FOLLOW_BATCH", 25,
         "Fewest articles stored before the index process of a bulk run with more than one job starts a catch-up; it "
         "starts one whenever it is free after that many. Its catch-ups fill one segment, which searches see once it is "
         "committed (INDEX_FOLLOW_SEGMENT_MB, INDEX_FOLLOW_SECONDS, and at the end of the run).", int)
_declare("INDEX_FOLLOW_SEGMENT_MB", 200,
         "Postings, in MB as INDEX_MEMORY_MB counts them, that the index process of a bulk run with more than one job "
         "gathers over its catch-ups into one new segment before committing it (about 25,000 short quotations, a "
         "segment of 30 MB): segments written at their full size (over half of MAX_MERGED_SEGMENT_MB) are never "
         "merged, so every block of an ingest costs the same. Searches see the new quotations at that commit.", float)
_declare("INDEX_FOLLOW_SECONDS", 60.0,
         "Most seconds the index process of a bulk run with more than one job keeps quotations in its open segment "
         "before committing it, however small: how far searches may lag a slow bulk run.", float)
_declare("STORE_BATCH", 25,
         "Most articles committed to the store together on bulk runs (group commit: each article all or nothing, "
         "reported once committed; a batch also ends when the next article is not extracted yet): one fsync per "
         "batch instead of one per article.", int)
_declare("STORE_BATCH_MS", 250.0,
         "Most milliseconds a bulk run's store batch stays open after its first article: no article waits longer "
         "than this (plus one article's storing) to be committed and reported.", float)
_declare("STORE_CACHE_MB", 64,
         "SQLite page cache, in MB, of the store's connection while a bulk run (ingest, reextract) writes (SQLite's "
         "default is 2 MB): it keeps the pages of the indexes each article's rows go into, which grow with the "
         "archive, so that storing an article costs about as much at a million quotations as at 100,000.", int)
_declare("STORE_WAL_MB", 400.0,
         "Size, in MB, the store's write-ahead log grows to before a commit of a bulk run (ingest, reextract) "
         "checkpoints it into the database file (SQLite's default, used otherwise, is 4 MB): each quotation's rows "
         "land on random pages of the store's indexes, and a large log writes a page rewritten by many commits once, "
         "in file order. Durability does not depend on it. The log file stays about this large on disk until it is "
         "reset.", float)
_declare("EXTRACT_NICE", 5,
         "Niceness added to the extraction processes of a bulk run with more than one job (0: none). The writer and "
         "the index process are the run's serial stages; at a lower priority than them, extraction runs on what they "
         "leave, so the index keeps up during the run instead of indexing its backlog alone on one core at the "
         "end.", int)
_declare("INDEX_MEMORY_MB", 256,
         "Memory, in MB, the index writer buffers before it flushes a segment to disk.", int)
_declare("MAX_MERGED_SEGMENT_MB", 50,
         "Largest index segment, in MB, that merges on the ingest path make (Lucene's maxMergedSegmentMB): bigger "
         "merges would make each ingest slower as the archive grows. Fewer, bigger segments search faster; "
         "`quotes-api optimize` merges them all into one.", float)
_declare("MAX_QUERY_CHARS", 1000,
         "Longest search query accepted, in characters; longer ones are refused.", int)
_declare("MAX_PER_PAGE", 100,
         "Most search results returned on one page.", int)
_declare("EXACT_TOTAL_LIMIT", 1_000,
         "Matches over which facets are counted; past it a search answers facets_sampled, and a search of filters "
         "alone (every match scoring the same) stops there and answers total_relation 'gte' (the total is a lower "
         "bound).", int)
_declare("POSTINGS_CACHE_MB", 16,
         "Memory (MB) each process may keep of the whole postings of searched words, in segments where a word is "
         "too rare for a champion list (the newest, small segments), so that one-word searches do not read them "
         "again; the least recently used go first. 0 reads them on every search.", float)
_declare("CHAMPION_POOL_MB", 8,
         "Memory (MB) each process may keep, for each frequent word searched alone, the champions of every index "
         "segment that can reach a page, pooled in one array, and the word's first matches (about 20 KB a word at "
         "1,000,000 quotations), so that a one-word search ranks one short array instead of each segment's "
         "champion list; kept per index generation, the least recently used go first. 0 ranks every segment's "
         "list on each search.", float)
_declare("WORD_LOOKUPS", 4096,
         "Lookups of the indexed words that start with some letters (a word's inflections, the words a word being "
         "typed may become) each process keeps per index generation, so that a word searched again does not walk "
         "every segment's word list again (47 segments at 1,000,000 quotations as ingest leaves them); the least "
         "recently used go first. 0 walks them on every search.", int)
_declare("MAX_EXPANSIONS", 50,
         "Most indexed words a prefix (negot*) or fuzzy word (medicne~) expands to, the most frequent first; "
         "answers say expansions_capped when there were more.", int)
_declare("FACET_LIMIT", 20,
         "Most values listed per facet (speaker, outlet, theme, publication) in a search answer; months are all listed.",
         int)
_declare("MAX_FACET_LIMIT", 500,
         "Most values a search may ask for per facet (facet_limit).", int)
_declare("PREFIX_MIN_CHARS", 3,
         "Fewest letters the last word of a query needs to also match as a prefix (search-as-you-type).", int)
_declare("PREFIX_WORDS", 10,
         "Most indexed words the last word of a query matches as a prefix, the most frequent first.", int)
_declare("HIGHLIGHT_CHARS", 300,
         "Longest highlighted fragment of a search hit, in characters, cut around the first matched word.", int)
_declare("THEMES_FILE", "",
         "Path of a themes taxonomy (JSON) that replaces the bundled quotes_api/data/themes.json.", str)

# --- API and serving (issue: REST API) --------------------------------------
_declare("BIND", "127.0.0.1:8000",
         "Address (host:port) `quotes-api serve` listens on; loopback unless you mean to expose it.", str)
_declare("WORKERS", 0,
         "gunicorn worker processes; 0 means 2 x CPU count + 1.", int)
_declare("WORKER_TIMEOUT", 30,
         "Seconds a gunicorn worker may spend on one request before it is restarted.", int)
_declare("SEED_DIR", "seeds",
         "Articles `quotes-api serve` ingests on its first start, when the index is empty; off to start empty.", str)
_declare("API_KEYS", [],
         "Comma-separated keys allowed to write (POST/DELETE /v1/articles); with none set, writes are refused.", _list)
_declare("READS_REQUIRE_KEY", False,
         "Whether reading the API also needs one of API_KEYS (reads are public by default).", _bool)
_declare("API_WRITE_WAIT", 0.5,
         "Seconds an API write waits for the writer lock before answering 503 with a Retry-After that says what "
         "holds it; short, since a waiting request holds a worker (the CLI waits WRITE_LOCK_TIMEOUT).", float)
_declare("MAX_BODY_BYTES", 5 * 1024 * 1024,
         "Largest request body the API accepts, in bytes (Flask's MAX_CONTENT_LENGTH); larger ones get 413.", int)
_declare("RATE_LIMIT", "600 per minute",
         "Reads (GET) allowed per client address, across all workers (flask-limiter notation); off disables.", str)
_declare("WRITE_RATE_LIMIT", "60 per minute",
         "Writes (POST, DELETE) allowed per client address, a budget apart from reads'; off disables.", str)
_declare("RATE_LIMIT_STORAGE", "",
         "Where rate-limit counters live: empty for a file in INDEX_DIR shared by this machine's workers, or a "
         "flask-limiter storage URI shared by several machines (redis://host:6379, memcached://host:11211).", str)
_declare("CORS_ORIGINS", ["*"],
         "Comma-separated origins allowed to read the API from a browser (CORS, GET only).", _list)
_declare("CACHE_MAX_AGE", 60,
         "Seconds clients and proxies may reuse a read answer before revalidating it with its ETag.", int)
_declare("RESPONSE_CACHE_MB", 32,
         "Memory, in MB, each worker keeps of read answers for the current index generation; 0 disables.", int)


def get(name: str, overrides: dict | None = None) -> Any:
    """The value of a setting: ``overrides`` first, then the environment, then the default."""
    s = SETTINGS[name]
    if overrides and name in overrides:
        return s.type(overrides[name]) if isinstance(overrides[name], str) else overrides[name]
    raw = os.environ.get(s.env)
    if raw is None or raw == "":
        return s.default
    try:
        return s.type(raw)
    except (TypeError, ValueError) as e:
        raise ValueError(f"environment variable {s.env}={raw!r} is not a valid {s.name}: {e}") from None


def query_string_bytes(overrides: dict | None = None) -> int:
    """The longest query string the API reads, derived from MAX_QUERY_CHARS: a query of that many
    characters percent-encoded (up to 12 bytes each, for a 4-byte UTF-8 character) and 4 KB of other
    parameters. Longer ones get 414; gunicorn's request line limit is set above it (gunicorn_conf)."""
    return 12 * get("MAX_QUERY_CHARS", overrides) + 4096


def as_dict(overrides: dict | None = None) -> dict[str, Any]:
    return {name: get(name, overrides) for name in SETTINGS}


def markdown_table() -> str:
    """The settings as the README documents them: name, environment variable, default, meaning."""
    rows = ["| Setting | Environment variable | Default | What it does |", "|---|---|---|---|"]
    for s in SETTINGS.values():
        default = ", ".join(s.default) if isinstance(s.default, list) else s.default
        rows.append(f"| `{s.name}` | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(rows)
