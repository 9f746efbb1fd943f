#!/usr/bin/env python3
"""What search-as-you-type and typo tolerance cost: the API's default search against an exact one.

    python3 scripts/bench_typing.py                    # 100,000 quotations (bench_search's corpus)
    python3 scripts/bench_typing.py --n 20000          # quicker
    python3 scripts/bench_typing.py --index /tmp/b100k/db   # a database bench_search --keep built
    python3 scripts/bench_typing.py --keep /tmp/bt100k     # build there and keep it for --index

For words of the corpus's vocabulary, every prefix from PREFIX_MIN_CHARS letters on is searched as a
reader types it (``fuzzy=None``: the last word also matches as a prefix) and the whole word exactly
(``fuzzy=False``); words of 5 or more letters with one letter changed are searched with typo
tolerance (nothing matches exactly, so the search runs twice) and exactly. Each query runs through
QuoteService.search (parse, search, facets, highlights, store lookup), best of 3; the figures are the
median and 95th percentile in milliseconds, and their ratios to the exact search.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import NEWS_WORDS, PER_ARTICLE, Corpus  # noqa: E402

from quotes_api.service import QuoteService  # noqa: E402


def timed(run, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            run(q)
            best = min(best, time.perf_counter() - started)
        out.append(best * 1000)
    return out


def figures(ms: list[float]) -> tuple[float, float]:
    return statistics.median(ms), statistics.quantiles(ms, n=20)[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="quotations in the corpus built")
    ap.add_argument("--index", help="an existing database directory to search instead")
    ap.add_argument("--keep", help="build in this directory and keep it (for --index next time)")
    ap.add_argument("--words", type=int, default=60, help="vocabulary words typed")
    args = ap.parse_args()

    work = None
    if args.index:
        db = Path(args.index)
    else:
        work = Path(args.keep or tempfile.mkdtemp(prefix="bench_typing_"))
        db = work / "db"
        print(f"building a corpus of {args.n:,} quotations ...", file=sys.stderr)
        with QuoteService(db, overrides={"SEED_DIR": "off"}) as svc:  # through the real ingest path
            svc.ingest(Corpus().articles(0, args.n // PER_ARTICLE))
    rng = random.Random(11)
    vocabulary = sorted({w for w in NEWS_WORDS if w.isalpha() and len(w) >= 5})
    words = rng.sample(vocabulary, min(args.words, len(vocabulary)))
    with QuoteService(db) as svc:
        least = svc._setting("PREFIX_MIN_CHARS")
        typed = [w[:k] for w in words for k in range(least, len(w) + 1)]
        typos = [w[:i] + ("x" if w[i] != "x" else "z") + w[i + 1:] for w in words for i in [len(w) // 2]]
        total = svc.health()["counts"]["quotations"]
        svc.search(words[0])  # open the index and warm its caches
        rows = [("exact word", timed(lambda q: svc.search(q, fuzzy=False), words)),
                ("as typed, prefix", timed(lambda q: svc.search(q, fuzzy=None), typed)),
                ("typo, exact (0 hits)", timed(lambda q: svc.search(q, fuzzy=False), typos)),
                ("typo, tolerated", timed(lambda q: svc.search(q, fuzzy=None), typos))]
    base50, base95 = figures(rows[0][1])
    print(f"{total:,} quotations; {len(words)} words, {len(typed)} prefixes typed, {len(typos)} typos; best of 3")
    print(f"{'query':22} {'p50 ms':>8} {'p95 ms':>8} {'p50 / exact':>12} {'p95 / exact':>12}")
    for name, ms in rows:
        p50, p95 = figures(ms)
        print(f"{name:22} {p50:8.2f} {p95:8.2f} {p50 / base50:12.2f} {p95 / base95:12.2f}")
    if work is not None and not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
