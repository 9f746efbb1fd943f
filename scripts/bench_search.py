#!/usr/bin/env python3
"""Search and ingest at scale: every query kind's p50/p95/p99 at 100,000 and at --n quotations.

    python3 scripts/bench_search.py --n 1000000       # the figures of the README (under an hour)
    python3 scripts/bench_search.py --n 200000 --checkpoint 20000   # quicker

The corpus is deterministic (seeded): articles of ten quotations of Zipf-distributed words of a
news vocabulary, each attributed in prose to one of 2,000 speakers ("...," Maria Gonzalez told
Reuters.), published by one of 60 publications over 2015-2020. It goes in through the real ingest
path, QuoteService.ingest: extraction, themes, one store transaction per article, the index
following every INDEX_BATCH articles. At --checkpoint quotations, and again at --n, every query
kind runs --queries times through QuoteService, one process, facets on, 20 hits a page; the table
gives p50/p95/p99 at both sizes and the growth of the p95 between them, with the target of issue 11.

Also printed: the ingest rate of each block of --checkpoint quotations (the last against the first),
1,000 syndicated copies of one article against 1,000 different articles, and the process's RSS.

With --keep DIR the database is kept in DIR/db, and a copy of it at --checkpoint in DIR/db-checkpoint;
--measure DIR then times the queries again on both, without building anything:

    python3 scripts/bench_search.py --n 1000000 --jobs 2 --keep /tmp/b1m      # build once (about 40 min)
    python3 scripts/bench_search.py --measure /tmp/b1m                         # queries only, both sizes
    python3 scripts/bench_search.py --compare /tmp/b1m/db /tmp/other/db --queries 60   # two indexes, A/B
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotes_api import settings  # noqa: E402
from quotes_api.articles.model import Article  # noqa: E402
from quotes_api.service import QuoteService  # noqa: E402
from quotes_api.search import index as index_mod, sync as sync_mod  # noqa: E402
from bench_ingest import _CATCH_UPS, _INDEX_CPU  # noqa: E402 - importing it times the index process's catch-ups

# The index's writes append a line each here (JSON), read back after each block (block_catch_ups): a catch-up's
# documents replaced ("replace": quotations, CPU s, of which reading the store), the index process's commits of its
# segment ("commit": documents, CPU s, merges included) and each merge ("merge": documents, segments, CPU s of
# reading them into the writer).
_CATCH_UP_LOG: list[Path | None] = [None]


def _log(**line) -> None:
    if _CATCH_UP_LOG[0] is not None:
        with open(_CATCH_UP_LOG[0], "a") as f:
            f.write(json.dumps({"pid": os.getpid(), **line}) + "\n")


_replace = index_mod.QuoteIndex.replace


def _logged_replace(self, w, ids, records):
    reading = [0.0]

    def timed_records():
        it = iter(records)
        while True:
            started = time.process_time()
            try:
                rec = next(it)
            except StopIteration:
                return
            finally:
                reading[0] += time.process_time() - started
            yield rec

    started = time.process_time()
    _replace(self, w, ids, timed_records())
    _log(kind="replace", ids=len(ids), cpu=time.process_time() - started, read=reading[0])


_commit = sync_mod.Follower._commit


def _logged_commit(self):
    started, docs = time.process_time(), self._writer.doc_count()
    _commit(self)
    _log(kind="commit", docs=docs, cpu=time.process_time() - started)


_tiered_merge = index_mod.tiered_merge


def _logged_tiered_merge(max_segment_mb):
    policy = _tiered_merge(max_segment_mb)

    def logged(writer, segments):
        started = time.process_time()
        kept = policy(writer, segments)
        gone = [seg for seg in segments if seg not in kept]
        if gone:
            _log(kind="merge", docs=sum(seg.doc_count_all() for seg in gone), segments=len(gone),
                 cpu=time.process_time() - started)
        return kept
    return logged


index_mod.QuoteIndex.replace = _logged_replace
sync_mod.Follower._commit = _logged_commit
index_mod.tiered_merge = _logged_tiered_merge


def block_catch_ups(path: Path) -> str:
    """What the index's writes of the block did (the lines _log wrote), and empties the log."""
    try:
        lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        lines = []
    path.unlink(missing_ok=True)
    kinds = {kind: [c for c in lines if c["kind"] == kind] for kind in ("replace", "commit", "merge")}
    sizes = sorted(c["ids"] for c in kinds["replace"]) or [0]
    commits = ", ".join(f"{c['docs']:,}" for c in kinds["commit"])
    return (f"{len(kinds['replace'])} catch-ups of {sizes[0]:,}-{sizes[-1]:,} quotations (median "
            f"{sizes[len(sizes) // 2]:,}): {sum(c['cpu'] for c in kinds['replace']):,.1f} CPU s adding "
            f"({sum(c['read'] for c in kinds['replace']):,.1f} reading the store); {len(kinds['commit'])} commits "
            f"of {commits} documents, "
            f"{sum(c['cpu'] for c in kinds['commit']):,.1f} CPU s; {len(kinds['merge'])} merges of "
            f"{sum(c['docs'] for c in kinds['merge']):,} documents ({sum(c['segments'] for c in kinds['merge'])} "
            f"segments), {sum(c['cpu'] for c in kinds['merge']):,.1f} CPU s reading them")



NEWS_WORDS = """people government country military president opposition army soldiers food medicine hospital
aid border sanctions election vote power water electricity prices salary money oil economy crisis children
families hunger doctors patients police protest protesters violence arrest prison rights freedom democracy
regime dictator talks negotiation dialogue agreement deal peace war conflict refugees migrants asylum
exile leave return home city capital streets market shops bread rice flour milk meat hungry sick dying
die killed shot wounded beaten tear gas guards officers generals troops loyalty defect desert deserted
support help need want cannot will must should never always again still more less nothing everything
everyone nobody time day days weeks months years today tomorrow yesterday future past life death hope fear
tired angry afraid desperate proud strong weak free fair legitimate illegitimate constitution assembly
congress court judge law justice corruption stolen theft banks debt inflation currency dollars bolivars
wages jobs work workers unions strike fuel gasoline shortage shortages queue lines hours waiting trucks
convoy bridge supplies donations humanitarian international community united states russia china cuba
colombia brazil venezuela maduro guaido caracas washington moscow beijing embassy diplomats envoy minister
ministry spokesman official officials leader leaders party parties campaign ballot ballots fraud rigged
count counted polls polling station stations observers monitors""".split()
FUNCTION_WORDS = "the a of to and in is that we it for they not are be have this there no but was our with".split()
FIRST = ("Maria Jose Juan Luis Carlos Ana Javier Isaac Pedro Sofia Diego Elena Miguel Laura Andres Carmen Jorge "
         "Rosa Pablo Lucia David Marta Sergio Paula Rafael Daniela Manuel Isabel Fernando Gabriela").split()
LAST = ("Gonzalez Rodriguez Lopez Martinez Garcia Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz Cruz "
        "Morales Reyes Ortiz Gutierrez Chavez Ramos Ruiz Mendoza Castillo Jimenez Moreno Romero Herrera Medina "
        "Aguilar Vargas Castro Guzman Rojas Silva Suarez Blanco Molina Delgado Vega Campos").split()
OUTLETS = ["Reuters", "The Associated Press", "AFP", "The Wall Street Journal", "The New York Times", "BBC", "CNN",
           "Bloomberg", "The Guardian", "Al Jazeera", "NPR", "The Washington Post", "Financial Times"]
PER_ARTICLE = 10
# Targets of issue 11, p95 in ms at 1,000,000 quotations.
SEARCH_TARGET, BROWSE_TARGET = 100.0, 20.0


class Corpus:
    """The synthetic articles, made on demand (the million are never all in memory)."""

    def __init__(self, seed: int = 20190223) -> None:
        rng = random.Random(seed)
        syllables = ("ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si "
                     "so ta te ti to va ve vi vo za ze zi zo").split()
        tail = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)})
        self.words = FUNCTION_WORDS + NEWS_WORDS + tail
        self.weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(self.words))]
        self.tail = tail
        self.speakers = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2000)]
        self.publications = [f"{rng.choice(['Daily', 'Weekly', 'Evening', 'Morning'])} {rng.choice(LAST)} "
                             f"{rng.choice(['News', 'Herald', 'Post', 'Times', 'Review'])}" for _ in range(60)]
        self.seed = seed
        self.sample: list[str] = []  # some quotations' texts, for phrase queries

    def article(self, a: int) -> Article:
        rng = random.Random(self.seed * 1_000_003 + a)
        day = rng.randrange(6 * 365)
        published = time.strftime("%Y-%m-%d", time.gmtime(1420070400 + day * 86400))
        paragraphs = []
        for i in range(PER_ARTICLE):
            text = " ".join(rng.choices(self.words, self.weights, k=rng.randint(8, 40))).capitalize()
            if a % 97 == 0 and i == 0:
                self.sample.append(text)
            name = rng.choice(self.speakers)
            if rng.random() < 0.7:
                paragraphs.append(f'"{text}," {name} told {rng.choice(OUTLETS)}.')
            else:
                paragraphs.append(f'"{text}," said {name}.')
        return Article(id=f"bench_{a:07d}", text="\n\n".join(paragraphs), publication=rng.choice(self.publications),
                       published=published, title=f"Report {a}")

    def articles(self, start: int, stop: int):
        for a in range(start, stop):
            yield self.article(a)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(times: list[float]) -> tuple[float, float, float]:
    times = sorted(times)
    at = lambda p: times[min(len(times) - 1, int(round(p * len(times))) - 1)]  # noqa: E731
    return statistics.median(times), at(0.95), at(0.99)


def query_kinds(corpus: Corpus, svc: QuoteService, n_queries: int) -> list[tuple[str, float, list]]:
    """``(kind, target ms, [zero-argument callables])`` for every kind of issue 11."""
    rng = random.Random(7)
    frequent = NEWS_WORDS[:25]
    news = NEWS_WORDS
    rare = corpus.tail
    lasts = [w.lower() for w in LAST]

    def s(q="", **kw):
        return lambda: svc.search(q, per_page=20, facets=True, **kw)

    def typo(word: str) -> str:
        i = rng.randrange(1, len(word))
        return word[:i] + word[i + 1:] + "~"

    def phrase() -> str:
        words = rng.choice(corpus.sample).lower().split()
        k = rng.randint(2, 3)
        i = rng.randrange(len(words) - k + 1)
        return '"' + " ".join(words[i:i + k]) + '"'

    def span() -> dict:
        start = rng.randrange(2015 * 12, 2020 * 12)
        end = min(2020 * 12 + 11, start + rng.randint(0, 24))
        return {"since": f"{start // 12}-{start % 12 + 1:02d}", "until": f"{end // 12}-{end % 12 + 1:02d}"}

    speakers = svc.speakers(per_page=100)["items"]
    ids = [h["id"] for q in frequent[:10] for h in svc.search(q, per_page=20, facets=False)["hits"]]
    n = n_queries
    return [
        ("term, frequent", SEARCH_TARGET, [s(rng.choice(frequent)) for _ in range(n)]),
        ("term, rare", SEARCH_TARGET, [s(rng.choice(rare)) for _ in range(n)]),
        ("phrase", SEARCH_TARGET, [s(phrase()) for _ in range(n)]),
        ("AND of 3 words", SEARCH_TARGET, [s(" ".join(rng.sample(news, 3))) for _ in range(n)]),
        ("OR of 2 frequent words", SEARCH_TARGET, [s(" OR ".join(rng.sample(frequent, 2))) for _ in range(n)]),
        ("prefix", SEARCH_TARGET, [s(rng.choice(news)[:3] + "*") for _ in range(n)]),
        ("fuzzy word", SEARCH_TARGET, [s(typo(rng.choice(news))) for _ in range(n)]),
        ("speaker filter + term", SEARCH_TARGET, [s(rng.choice(news), speaker=rng.choice(lasts)) for _ in range(n)]),
        ("outlet filter + term", SEARCH_TARGET, [s(rng.choice(news), outlet=rng.choice(OUTLETS)) for _ in range(n)]),
        ("date range", SEARCH_TARGET, [s(**span()) for _ in range(n)]),
        ("frequent term, sort -date", SEARCH_TARGET, [s(rng.choice(frequent), sort="-date") for _ in range(n)]),
        ("empty query + filters", SEARCH_TARGET,
         [s(speaker=rng.choice(lasts), kind="full") for _ in range(n)]),
        ("speakers(q=...)", BROWSE_TARGET,
         [(lambda q=rng.choice(lasts + [typo(w)[:-1] for w in lasts]): svc.speakers(q)) for _ in range(n)]),
        ("one speaker", BROWSE_TARGET, [(lambda i=rng.choice(speakers)["id"]: svc.get_speaker(i)) for _ in range(n)]),
        ("a speaker's quotations", BROWSE_TARGET,
         [(lambda i=rng.choice(speakers)["id"]: svc.speaker_quotes(i)) for _ in range(n)]),
        ("outlets", BROWSE_TARGET, [svc.outlets for _ in range(n)]),
        ("themes", BROWSE_TARGET, [svc.themes for _ in range(n)]),
        ("similar", SEARCH_TARGET, [(lambda i=rng.choice(ids): svc.similar(i)) for _ in range(n)]),
        ("timeline (term, by month)", SEARCH_TARGET,
         [(lambda q=rng.choice(news): svc.timeline(q)) for _ in range(n)]),
    ]


def run_queries(corpus: Corpus, svc: QuoteService, n_queries: int,
                wanted: list[str] | None = None) -> dict[str, tuple[float, tuple]]:
    out = {}
    for kind, target, calls in query_kinds(corpus, svc, n_queries):
        if wanted and not any(w in kind for w in wanted):
            continue
        for call in calls[:3]:  # warm-up: columns and caches of this generation
            call()
        times = []
        for call in calls:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        out[kind] = (target, percentiles(times))
        print(f"  {kind:28} p50 {out[kind][1][0]:8.1f}  p95 {out[kind][1][1]:8.1f}  p99 {out[kind][1][2]:8.1f} ms",
              file=sys.stderr)
    return out


def ingest_blocks(svc: QuoteService, corpus: Corpus, start: int, stop: int, block: int, jobs: int,
                  rates: list[float], cpu_rates: list[float] | None = None) -> None:
    """Ingest articles [start, stop) through QuoteService.ingest, timing each ``block`` quotations (``rates``: its
    quotations a second; ``cpu_rates``: its quotations a CPU second of all its processes)."""
    per_block = block // PER_ARTICLE
    for a in range(start, stop, per_block):
        b = min(stop, a + per_block)
        started, cpu, index, catch_ups = time.perf_counter(), cpu_seconds(), _INDEX_CPU.value, _CATCH_UPS.value
        summary = svc.ingest(corpus.articles(a, b), jobs=jobs)
        elapsed, cpu = time.perf_counter() - started, [after - before for after, before in zip(cpu_seconds(), cpu)]
        index = _INDEX_CPU.value - index  # in a process of its own (jobs > 1), counted among the children
        catch_ups = _CATCH_UPS.value - catch_ups
        quotations = summary["quotations"]["new"] + summary["quotations"]["merged"]
        rates.append(quotations / elapsed)
        if cpu_rates is not None:
            cpu_rates.append(quotations / max(1e-9, cpu[0] + cpu[1]))
        print(f"  ingested {b * PER_ARTICLE:>9,} quotations: {rates[-1]:,.0f}/s for the last {quotations:,}; "
              f"CPU {cpu[0]:,.0f} s this process, {max(0.0, cpu[1] - index):,.0f} s extraction processes, "
              f"{index:,.0f} s index process in {catch_ups} catch-ups; "
              f"{len(svc.index.segment_sizes())} index segments; RSS {rss_mb():,.0f} MB", file=sys.stderr)
        if _CATCH_UP_LOG[0] is not None:
            print(f"    index process: {block_catch_ups(_CATCH_UP_LOG[0])}", file=sys.stderr)


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user and system) of this process and of its finished children (the extraction pool and the
    index process of an ingest end when it returns): on a shared machine, a block's CPU time moves far less than
    its rate."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def syndication(jobs: int) -> tuple[float, float]:
    """Seconds to ingest 1,000 copies of one article (different ids and publications), and 1,000 different ones."""
    corpus = Corpus(seed=5)
    out = []
    for copies in (True, False):
        work = Path(tempfile.mkdtemp(prefix="bench_syndication_"))
        with QuoteService(work, overrides={"SEED_DIR": "off"}) as svc:
            base = corpus.article(0)
            arts = [Article(id=f"copy_{i:04d}", text=base.text, publication=f"Site {i}", published=base.published)
                    if copies else corpus.article(i) for i in range(1000)]
            started = time.perf_counter()
            svc.ingest(arts, jobs=jobs)
            out.append(time.perf_counter() - started)
        shutil.rmtree(work, ignore_errors=True)
    return out[0], out[1]


def measure(work: Path, n_queries: int, kinds: str | None) -> None:
    """Time the queries again on the databases of a --keep run: DIR/db-checkpoint and DIR/db."""
    wanted = [w.strip() for w in (kinds or "").split(",") if w.strip()]
    load = os.getloadavg()
    results = []
    for name in ("db-checkpoint", "db"):
        if not (work / name).exists():
            continue
        svc = QuoteService(work / name, overrides={"SEED_DIR": "off"})
        counts = svc.health()["counts"]
        count = counts["quotations"]
        corpus = Corpus()
        for a in range(0, counts["articles"], 97):  # the phrases' sample, as the build drew it
            corpus.article(a)
        print(f"queries at {count:,} ({name}) ...", file=sys.stderr)
        gc.collect()
        results.append((count, run_queries(corpus, svc, n_queries, wanted), rss_mb()))
        svc.close()
    print(f"\n{os.cpu_count()} CPUs, load average before {load[0]:.2f}; one process, facets on, 20 hits a page, "
          f"{n_queries} queries a kind\n")
    print_table(results)


def compare(dirs: list[str], n_queries: int) -> None:
    """Time every query kind on two databases of the same corpus (say, the same quotations indexed in 10 or in
    50 segments), interleaved query by query, so that the load of a shared machine falls on both alike."""
    services = [QuoteService(Path(d), overrides={"SEED_DIR": "off"}) for d in dirs]
    counts = services[0].health()["counts"]
    corpus = Corpus()
    for a in range(0, counts["articles"], 97):  # the phrases' sample, as the build drew it
        corpus.article(a)
    kinds = [query_kinds(corpus, svc, n_queries) for svc in services]
    load = os.getloadavg()
    print(f"{counts['quotations']:,} quotations; segments: "
          f"{', '.join(f'{d} {len(svc.index.segment_sizes())}' for d, svc in zip(dirs, services))}; load average "
          f"before {load[0]:.2f}; {n_queries} queries a kind, interleaved\n")
    print("| query kind | A p50 / p95 ms | B p50 / p95 ms | B p95 / A p95 |\n|---|---|---|---|")
    for (kind, _, calls_a), (_, _, calls_b) in zip(*kinds):
        times: list[list[float]] = [[], []]
        for i, pair in enumerate(zip(calls_a, calls_b)):
            for j, call in enumerate(pair):
                started = time.perf_counter()
                call()
                if i >= 3:  # the first three warm up
                    times[j].append((time.perf_counter() - started) * 1000)
        (a50, a95, _), (b50, b95, _) = percentiles(times[0]), percentiles(times[1])
        print(f"| {kind} | {a50:.1f} / {a95:.1f} | {b50:.1f} / {b95:.1f} | {b95 / a95 if a95 else float('nan'):.2f} |")
    for svc in services:
        svc.close()


def print_table(results: list[tuple[int, dict, float]]) -> None:
    """The markdown table of p50/p95/p99 at each size, and the growth of the p95 from the first to the last."""
    sizes = [f"{count // 1000:,}k" for count, _, _ in results]
    print("| query kind | " + " | ".join(f"{s} p50 / p95 / p99 ms" for s in sizes) + " | p95 growth | target p95 | met |")
    print("|---" * (len(sizes) + 4) + "|")
    first, last = results[0][1], results[-1][1]
    for kind, (target, (p50, p95, p99)) in last.items():
        cells = [" / ".join(f"{v:.1f}" for v in r[1][kind][1]) for r in results]
        s95 = first[kind][1][1]
        print(f"| {kind} | " + " | ".join(cells) + f" | {p95 / s95 if s95 else float('nan'):.1f}x | < {target:g} | "
              f"{'yes' if p95 < target else 'no'} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="quotations in the corpus")
    ap.add_argument("--checkpoint", type=int, default=100_000, help="size of the first measurement (and of a block)")
    ap.add_argument("--queries", type=int, default=100, help="queries timed per kind at each size")
    ap.add_argument("--jobs", type=int, default=1, help="extraction processes of the ingest (quotes-api ingest --jobs)")
    ap.add_argument("--keep", help="build in this directory and keep it (default: a temporary one)")
    ap.add_argument("--measure", help="only time the queries on the databases a --keep run left in this directory")
    ap.add_argument("--kinds", help="with --measure: only the query kinds whose name contains one of these "
                                    "comma-separated words")
    ap.add_argument("--compare", nargs=2, metavar=("DB_A", "DB_B"),
                    help="time the queries on two databases of this corpus, interleaved query by query")
    args = ap.parse_args()
    if args.compare:
        return compare(args.compare, args.queries)
    if args.measure:
        return measure(Path(args.measure), args.queries, args.kinds)

    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_search_"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus = Corpus()
    load = os.getloadavg()
    began = time.perf_counter()
    rates: list[float] = []
    cpu_rates: list[float] = []  # quotations per CPU second: moves far less than the rate with others' load
    _CATCH_UP_LOG[0] = work / "catch-ups.jsonl"
    svc = QuoteService(work / "db", overrides={"SEED_DIR": "off"})
    checkpoint_articles = args.checkpoint // PER_ARTICLE
    total_articles = args.n // PER_ARTICLE
    print(f"ingesting {args.checkpoint:,} quotations ...", file=sys.stderr)
    ingest_blocks(svc, corpus, 0, checkpoint_articles, args.checkpoint, args.jobs, rates, cpu_rates)
    if args.keep:  # the database at the checkpoint too, for --measure
        svc.close()
        shutil.copytree(work / "db", work / "db-checkpoint")
        svc = QuoteService(work / "db", overrides={"SEED_DIR": "off"})
    gc.collect()
    print(f"queries at {args.checkpoint:,} ...", file=sys.stderr)
    small = run_queries(corpus, svc, args.queries)
    print(f"ingesting up to {args.n:,} quotations ...", file=sys.stderr)
    ingest_blocks(svc, corpus, checkpoint_articles, total_articles, args.checkpoint, args.jobs, rates, cpu_rates)
    svc.close()
    svc = QuoteService(work / "db", overrides={"SEED_DIR": "off"})  # as a server worker would open it
    gc.collect()
    print(f"queries at {args.n:,} ...", file=sys.stderr)
    large = run_queries(corpus, svc, args.queries)
    rss = rss_mb()
    segments = len(svc.index.segment_sizes())
    counts = svc.health()["counts"]
    svc.close()
    copies_s, different_s = syndication(args.jobs)
    elapsed = time.perf_counter() - began

    a, b = f"{args.checkpoint // 1000:,}k", f"{args.n // 1000:,}k"
    print(f"\nquotes-api on {counts['quotations']:,} synthetic quotations ({counts['articles']:,} articles, "
          f"{counts['speakers']:,} speakers), {os.cpu_count()} CPUs, load average before "
          f"{load[0]:.2f}; one process, facets on, 20 hits a page, {args.queries} queries a kind\n")
    print_table([(args.checkpoint, small, 0.0), (args.n, large, rss)])
    print(f"\ningest ({args.jobs} job{'s' if args.jobs > 1 else ''}, segments merged up to MAX_MERGED_SEGMENT_MB "
          f"{settings.get('MAX_MERGED_SEGMENT_MB'):g}): first {a} {rates[0]:,.0f} quotations/s, last "
          f"{rates[-1]:,.0f}/s: {rates[-1] / rates[0]:.2f} of the first (target >= 0.90); every block: "
          + ", ".join(f"{r:,.0f}" for r in rates))
    print(f"ingest per CPU second of all its processes: first {a} {cpu_rates[0]:,.0f} quotations, last "
          f"{cpu_rates[-1]:,.0f}: {cpu_rates[-1] / cpu_rates[0]:.2f} of the first; every block: "
          + ", ".join(f"{r:,.0f}" for r in cpu_rates))
    print(f"index segments at {b}: {segments}")
    print(f"1,000 syndicated copies of one article {copies_s:.1f} s, 1,000 different articles {different_s:.1f} s: "
          f"{copies_s / different_s:.2f} (target <= 2)")
    print(f"RSS of this process after the queries at {b}: {rss:,.0f} MB; whole run {elapsed / 60:.1f} min")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
