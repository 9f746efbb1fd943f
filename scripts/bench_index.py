#!/usr/bin/env python3
"""The search index's writing cost alone: building a fresh index of PolNeAR train's 6,500 quotation records.

    python3 scripts/bench_index.py                      # CPU seconds, best of --repeat builds
    python3 scripts/bench_index.py --instructions       # also instructions (valgrind), which do not vary with load
    python3 scripts/bench_index.py --code ../wt-base     # the same for another checkout's quotes_api (comparisons)

The records are extracted once (PolNeAR train through QuoteService.ingest with one job, then read back from
the store as the index process reads them) and kept in a pickle (--records, in the temporary directory by
default), so every build indexes the same records whatever the extractor does. A build is what the index's
writing costs on the ingest path: a new QuoteIndex, the records turned into documents (index.document) and added
to one writer, ``--batch`` records a commit (QuoteIndex.apply: the id tables looked up, a segment written, the
tiered merge policy), with the cycle collector paused as the ingest pauses it. Its CPU seconds (process_time) are
split into adding the documents and committing (the flush of the segments); the best of --repeat builds is kept.

With --instructions the build also runs under valgrind (callgrind, no cache simulation, ``PYTHONHASHSEED=0``)
twice, once building an index of the first 200 records only (imports, the pickle, the first segment: the
warm-up) and once building that and then the full index; the difference is the full build's instructions, the
same from run to run of the same code (about three minutes).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_extract_instructions import count_instructions  # noqa: E402

DEFAULT_CORPUS = HERE.parents[1] / "shared" / "eval" / "polnear" / "train.jsonl.gz"
DEFAULT_RECORDS = Path(tempfile.gettempdir()) / "quotes_api_bench_index_records.pickle"

# What a build runs (here, or in a child under valgrind): argv code, records pickle, batch, warm-up only, repeat.
_CHILD = r"""
import gc, pickle, shutil, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from quotes_api import collector
from quotes_api.search.index import QuoteIndex
from quotes_api import settings

with open(sys.argv[2], "rb") as f:
    records = pickle.load(f)
batch, warm_only, repeat = int(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])
memory_mb, max_segment_mb = settings.get("INDEX_MEMORY_MB"), settings.get("MAX_MERGED_SEGMENT_MB")


def build(recs):
    work = tempfile.mkdtemp(prefix="bench_index_")
    try:
        index = QuoteIndex(work + "/whoosh", "bench", max_segment_mb=max_segment_mb)
        index.create()
        add = commit = 0.0
        with collector.paused():
            for seq, start in enumerate(range(0, len(recs), batch), 1):
                part = recs[start:start + batch]
                w = index.writer(memory_mb)
                t0 = time.process_time()
                index.replace(w, [r["id"] for r in part], part)
                t1 = time.process_time()
                w.commit(mergetype=index.merge_policy)
                index.mark_applied(seq)
                t2 = time.process_time()
                add, commit = add + t1 - t0, commit + t2 - t1
        docs = index.ix().doc_count()
        index.close()
        return add, commit, docs
    finally:
        shutil.rmtree(work, ignore_errors=True)
        gc.collect()


build(records[:200])
if not warm_only:
    for _ in range(repeat):
        add, commit, docs = build(records)
        print(f"{add:.4f} {commit:.4f} {docs}", flush=True)
"""


def extract_records(corpus: Path, out: Path) -> None:
    """PolNeAR's articles through one job's ingest, the stored records pickled to ``out``."""
    sys.path.insert(0, str(HERE.parent))
    from quotes_api.articles.model import Article
    from quotes_api.service import QuoteService

    arts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            arts.append(Article(id=str(d["doc_id"]), text=d["text"], title=d.get("title"),
                                publication=d.get("publisher"),
                                published=(d.get("publication_date") or "")[:10] or None))
    work = Path(tempfile.mkdtemp(prefix="bench_index_db_"))
    try:
        with QuoteService(work, overrides={"SEED_DIR": "off"}) as svc:
            svc.ingest(arts, jobs=1)
            records = list(svc.store.iter_records(2000))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(records, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, out)


def instructions(code: str, records: Path, batch: int, warm_only: bool) -> int:
    return count_instructions(_CHILD, code, str(records), str(batch), "1" if warm_only else "0", "1")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", default=str(HERE.parent), help="directory holding the quotes_api to measure")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="a JSON lines file (gzip) of articles")
    ap.add_argument("--records", type=Path, default=DEFAULT_RECORDS,
                    help="pickle of the records to index (made from --corpus when missing)")
    ap.add_argument("--batch", type=int, default=1_000_000, help="records a commit (default: one commit)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--instructions", action="store_true", help="also count instructions under valgrind")
    args = ap.parse_args()

    if not args.records.exists():
        if not args.corpus.exists():
            raise SystemExit(f"{args.corpus} not found: pass --corpus PATH")
        print(f"extracting {args.corpus.name} once into {args.records} ...", flush=True)
        extract_records(args.corpus, args.records)
    with open(args.records, "rb") as f:
        count = len(pickle.load(f))
    out = subprocess.run([sys.executable, "-c", _CHILD, args.code, str(args.records), str(args.batch), "0",
                          str(args.repeat)], capture_output=True, text=True, check=True).stdout.split("\n")
    runs = [tuple(map(float, line.split())) for line in out if line.strip()]
    add, commit, docs = min(runs, key=lambda r: r[0] + r[1])
    print(f"{count} records, {args.batch if args.batch < count else count} a commit, code {args.code}")
    print(f"CPU s (process_time), best of {args.repeat}: {add + commit:.3f} (adding documents {add:.3f}, "
          f"committing {commit:.3f}); all runs: {', '.join(f'{a + c:.3f}' for a, c, _ in runs)}; "
          f"{int(docs)} documents; load {os.getloadavg()[0]:.2f}")
    if args.instructions:
        if shutil.which("valgrind") is None:
            raise SystemExit("valgrind is not installed: apt-get install valgrind")
        base = instructions(args.code, args.records, args.batch, True)
        full = instructions(args.code, args.records, args.batch, False)
        print(f"instructions of the build (valgrind): {(full - base) / 1e6:,.0f} M "
              f"(warm-up alone {base / 1e6:,.0f} M)")


if __name__ == "__main__":
    main()
