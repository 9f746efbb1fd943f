#!/usr/bin/env python3
"""Benchmark the quote index against bare Whoosh on the same synthetic quotations.

    python3 scripts/bench_search.py            # 100,000 quotations
    python3 scripts/bench_search.py --n 20000  # quicker

The corpus is deterministic (seeded): Zipf-distributed words of a news vocabulary, 2,000
speakers, 30 outlets, 60 publications, dates over 2015-2020, ten quotations per article. Both
sides index the same documents in the same run with the same writer settings:

- quotes-api: the schema of quotes_api.search.index (as-spoken words with the pairs around
  common words, filter tokens with forgiving speaker codes, facet columns), documents built from
  the store's records, written through QuoteIndex.writer (its codec); queries go through
  QuoteService.search (parse, search, store lookup, highlight).
- bare Whoosh: a plain schema with default analyzers (TEXT stored for display, ID/KEYWORD
  fields, a DATETIME); queries parsed by Whoosh's QueryParser, hits' stored fields read;
  facets through Whoosh's groupedby.

Ingest is timed on the index alone (documents/s into Whoosh), since bare Whoosh has no store;
storing in SQLite is timed on its own line.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import whoosh  # noqa: E402
from whoosh import fields, index as whoosh_index, sorting  # noqa: E402
from whoosh.qparser import QueryParser  # noqa: E402

from quotes_api.articles.model import Article  # noqa: E402
from quotes_api.extract.records import quote_id  # noqa: E402
from quotes_api.search.index import QuoteIndex, document, new_token  # noqa: E402
from quotes_api.service import QuoteService  # noqa: E402
from quotes_api.themes import load as load_taxonomy  # noqa: E402

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
           "Bloomberg", "The Guardian", "El Pais", "Efecto Cocuyo", "El Nacional", "Al Jazeera", "NPR",
           "The Washington Post", "Financial Times", "Le Monde", "Der Spiegel", "TASS", "Xinhua", "Telesur",
           "Univision", "Globovision", "La Patilla", "El Tiempo", "Semana", "Folha", "Clarin", "Infobae", "EFE"]
PER_ARTICLE = 10
# Width of the table's first column.
W = 34


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """News words, then pseudo-words for the long tail; Zipf weights, function words most frequent."""
    syllables = "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so " \
                "ta te ti to va ve vi vo za ze zi zo".split()
    tail = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
    words = FUNCTION_WORDS + NEWS_WORDS + sorted(tail)
    return words, [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]


def corpus(n: int, seed: int = 20190223) -> list[tuple[Article, list[dict]]]:
    """``n`` quotations in articles of ten, as (Article, records) with themes assigned."""
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    speakers = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2000)]
    publications = [f"{rng.choice(['Daily', 'Weekly', 'Evening', 'Morning'])} {rng.choice(LAST)} "
                    f"{rng.choice(['News', 'Herald', 'Post', 'Times', 'Review'])}" for _ in range(60)]
    taxonomy = load_taxonomy()
    out = []
    for a in range(-(-n // PER_ARTICLE)):
        day = rng.randrange(6 * 365)
        published = time.strftime("%Y-%m-%d", time.gmtime(1420070400 + day * 86400))
        texts = [" ".join(rng.choices(words, weights, k=rng.randint(8, 40))).capitalize() + "."
                 for _ in range(min(PER_ARTICLE, n - a * PER_ARTICLE))]
        body = "\n\n".join(f'"{t}" said someone.' for t in texts)
        art = Article(id=f"bench_{a:06d}", text=body, publication=rng.choice(publications), published=published)
        records, pos = [], 0
        for t in texts:
            start = body.index(t, pos)
            pos = start + len(t)
            name = rng.choice(speakers)
            records.append({
                "id": quote_id(t), "text": t, "parts": [{"text": t, "start": start, "end": pos}],
                "kind": "full" if rng.random() < 0.8 else "partial",
                "speaker": {"name": name, "aliases": [name.split()[-1]], "role": None, "description": None},
                "outlet": {"name": rng.choice(OUTLETS)} if rng.random() < 0.7 else None, "context": None,
                "attribution": {"method": "explicit", "confidence": 0.9, "evidence": "said"},
                "themes": taxonomy.assign(t),
                "sources": [{"article_id": art.id, "publication": art.publication, "title": None,
                             "published": published, "url": None, "start": start, "end": pos,
                             "parts": [[start, pos]]}]})
        out.append((art, records))
    return out


def bare_schema() -> fields.Schema:
    return fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT(stored=True),
                         speaker=fields.TEXT(stored=True), outlet=fields.ID(stored=True),
                         publication=fields.KEYWORD(stored=True, commas=True), theme=fields.KEYWORD(stored=True),
                         kind=fields.ID(stored=True), date=fields.DATETIME(stored=True))


def bare_document(rec: dict) -> dict:
    bare = {"id": rec["id"], "text": rec["text"], "speaker": rec["speaker"]["name"],
            "outlet": (rec.get("outlet") or {}).get("name") or "",
            "publication": ",".join(sorted({s["publication"] for s in rec["sources"]})),
            "theme": " ".join(t["name"] for t in rec["themes"]), "kind": rec["kind"]}
    if rec.get("date"):
        bare["date"] = datetime.strptime(rec["date"], "%Y-%m-%d")
    return bare


def timed_writes(open_writer, docs: list[dict]) -> float:
    """Seconds to open a writer with ``open_writer()``, add ``docs`` and commit."""
    started = time.perf_counter()
    writer = open_writer()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return time.perf_counter() - started


def timed_index(path: Path, schema, docs: list[dict], memory_mb: int) -> float:
    """Seconds to add ``docs`` to a new bare Whoosh index at ``path`` and commit."""
    ix = whoosh_index.create_in(str(path), schema)
    elapsed = timed_writes(lambda: ix.writer(limitmb=memory_mb, procs=1), docs)
    ix.close()
    return elapsed


def timed_quote_index(path: Path, docs: list[dict], memory_mb: int) -> float:
    """Seconds to add ``docs`` to a new quote index at ``path`` through its own writer, and commit."""
    index = QuoteIndex(path, new_token())
    index.create()
    elapsed = timed_writes(lambda: index.writer(memory_mb), docs)
    index.close()
    return elapsed


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2 ** 20


def latencies(run, queries: list) -> tuple[float, float]:
    """p50 and p95 in ms of ``run(q)`` over ``queries`` (after one untimed warm-up pass of a few)."""
    for q in queries[:5]:
        run(q)
    times = []
    for q in queries:
        started = time.perf_counter()
        run(q)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="quotations in the corpus")
    ap.add_argument("--queries", type=int, default=200, help="queries timed per kind")
    ap.add_argument("--memory-mb", type=int, default=256, help="index writer buffer, both sides")
    ap.add_argument("--repeat", type=int, default=2, help="index builds per side; the best is reported")
    ap.add_argument("--keep", help="build in this directory and keep it (default: a temporary one)")
    args = ap.parse_args()

    work = Path(args.keep or tempfile.mkdtemp(prefix="bench_search_"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    print(f"building a corpus of {args.n:,} quotations ...", file=sys.stderr)
    data = corpus(args.n)

    # Store every article (SQLite, one transaction each), then index from the store's records.
    svc = QuoteService(work / "db", overrides={"INDEX_MEMORY_MB": args.memory_mb})
    started = time.perf_counter()
    for art, records in data:
        svc.store.put_article(art, records)
    store_s = time.perf_counter() - started
    records = list(svc.store.iter_records())
    ours_docs = [document(r) for r in records]
    bare_docs = [bare_document(r) for r in records]
    svc.close()

    ours_path, bare_path, probe = work / "db" / "whoosh", work / "bare", work / "probe"
    print("indexing ...", file=sys.stderr)
    # Each side's best of --repeat builds, taken in turn, so that a burst of other work on the
    # machine does not decide the ratio.
    bare_s = ours_s = float("inf")
    for _ in range(max(1, args.repeat)):
        shutil.rmtree(bare_path, ignore_errors=True)
        bare_path.mkdir()
        bare_s = min(bare_s, timed_index(bare_path, bare_schema(), bare_docs, args.memory_mb))
        shutil.rmtree(probe, ignore_errors=True)
        ours_s = min(ours_s, timed_quote_index(probe, ours_docs, args.memory_mb))
    shutil.rmtree(probe)
    svc = QuoteService(work / "db", overrides={"INDEX_MEMORY_MB": args.memory_mb})
    started = time.perf_counter()
    svc.reindex()  # the real rebuild path: themes re-applied, records read from the store, documents indexed
    ours_rebuild_s = time.perf_counter() - started

    rng = random.Random(7)
    words = [w for w in NEWS_WORDS if w.isalpha()]
    term_qs = [rng.choice(words) for _ in range(args.queries)]
    phrase_qs = []
    for _ in range(args.queries):
        text = rng.choice(records)["text"].lower().rstrip(".").split()
        k = rng.randint(2, 3)
        i = rng.randrange(len(text) - k + 1)
        phrase_qs.append('"' + " ".join(text[i:i + k]) + '"')
    speaker_qs = [(rng.choice(LAST).lower(), rng.choice(words)) for _ in range(args.queries)]

    bare_ix = whoosh_index.open_dir(str(bare_path))
    bare_searcher = bare_ix.searcher()
    bare_parser = QueryParser("text", bare_ix.schema)
    bare_facets = [sorting.FieldFacet(f, allow_overlap=f in ("publication", "theme"))
                   for f in ("speaker", "outlet", "theme", "publication")]

    def bare(q: str, **kw) -> None:
        results = bare_searcher.search(bare_parser.parse(q), limit=20, **kw)
        [hit.fields() for hit in results]
        len(results)

    def ours(q: str, **kw) -> None:
        svc.search(q, per_page=20, facets=False, **kw)

    rows = [
        ("term", lambda q: ours(q), term_qs, lambda q: bare(q), term_qs),
        ("phrase", lambda q: ours(q), phrase_qs, lambda q: bare(q), phrase_qs),
        ("speaker filter + term", lambda q: ours(q[1], speaker=q[0]), speaker_qs,
         lambda q: bare(f"speaker:{q[0]} {q[1]}"), speaker_qs),
        ("faceted (5 facets) term", lambda q: svc.search(q, per_page=20, facets=True), term_qs,
         lambda q: bare(q, groupedby=bare_facets), term_qs),
    ]
    n = len(records)
    print(f"\nquotes-api vs bare Whoosh {whoosh.versionstring()} on {n:,} synthetic quotations "
          f"({os.cpu_count()} CPUs, Python {sys.version.split()[0]})\n")
    print(f"| {'measure':{W}} | {'quotes-api':>12} | {'bare Whoosh':>12} | {'ratio':>7} |")
    print(f"|{'-' * (W + 2)}|{'-' * 14}|{'-' * 14}|{'-' * 9}|")
    print(f"| {f'index ingest, best of {args.repeat} (q/s)':{W}} | {n / ours_s:12,.0f} | {n / bare_s:12,.0f} | "
          f"{bare_s / ours_s:7.2f} |")
    print(f"| {'index size (MB)':{W}} | {size_mb(ours_path):12.1f} | {size_mb(bare_path):12.1f} | "
          f"{size_mb(ours_path) / size_mb(bare_path):7.2f} |")
    timings = {}
    for name, run_ours, qs_ours, run_bare, qs_bare in rows:
        o50, o95 = latencies(run_ours, qs_ours)
        b50, b95 = latencies(run_bare, qs_bare)
        timings[name] = ((o50, o95), (b50, b95))
        print(f"| {name + ' p50 (ms)':{W}} | {o50:12.2f} | {b50:12.2f} | {o50 / b50:7.2f} |")
        print(f"| {name + ' p95 (ms)':{W}} | {o95:12.2f} | {b95:12.2f} | {o95 / b95:7.2f} |")
    for pct, at in (("p50", 0), ("p95", 1)):
        print(f"phrase {pct} / term {pct}: quotes-api {timings['phrase'][0][at] / timings['term'][0][at]:.2f}, "
              f"bare Whoosh {timings['phrase'][1][at] / timings['term'][1][at]:.2f}")
    print(f"store ingest (SQLite, one transaction per article of {PER_ARTICLE}): {n / store_s:,.0f} quotations/s; "
          f"full reindex (themes + store read + index): {n / ours_rebuild_s:,.0f} quotations/s")
    bare_searcher.close()
    bare_ix.close()
    svc.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
