#!/usr/bin/env python3
"""The index's share of ingest, block by block: how the merge policy makes its cost grow (or not).

    python3 scripts/bench_merge.py --source /tmp/b1m/db --work /tmp/merge --max-segment-mb 64
    python3 scripts/bench_merge.py --source /tmp/b1m/db --work /tmp/merge --whoosh   # Whoosh's MERGE_SMALL

Feeds the stored quotations of a database (a ``bench_search.py --keep`` one) into a fresh index through
the path ingest takes, ``QuoteIndex.apply`` (find the replaced documents, add, commit with the merge
policy), --batch quotations a commit (INDEX_BATCH articles of the bench's ten quotations), and prints
the rate of each block of --block quotations, the commits that merged, and the segments at the end. Only
the index is timed: reading the records from the store is not. The source is never written: its
quotes.sqlite3 is copied to WORK/db first, and the index is built in WORK/db/whoosh, so that
``bench_search.py --measure WORK`` then times the queries on it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotes_api import settings  # noqa: E402
from quotes_api.search.index import QuoteIndex, new_token  # noqa: E402
from quotes_api.store import Store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, help="a database directory (holds quotes.sqlite3); only read")
    ap.add_argument("--work", required=True, help="scratch directory (the store is copied to WORK/db)")
    ap.add_argument("--max-segment-mb", type=float, default=settings.get("MAX_MERGED_SEGMENT_MB", {}))
    ap.add_argument("--whoosh", action="store_true", help="Whoosh's own merge policy (MERGE_SMALL) instead")
    ap.add_argument("--n", type=int, default=0, help="quotations to index (default: all)")
    ap.add_argument("--batch", type=int, default=2000, help="quotations a commit")
    ap.add_argument("--block", type=int, default=100_000, help="quotations a block")
    ap.add_argument("--optimize", action="store_true", help="merge into one segment at the end (timed)")
    args = ap.parse_args()

    db = Path(args.work) / "db"
    db.mkdir(parents=True, exist_ok=True)
    if not (db / Store.FILENAME).exists():
        shutil.copyfile(Path(args.source) / Store.FILENAME, db / Store.FILENAME)
    store = Store(db)
    index = QuoteIndex(db / "whoosh", store.setdefault_meta("index_token", new_token()),
                       max_segment_mb=args.max_segment_mb)
    if args.whoosh:
        index.merge_policy = None  # Whoosh's default, MERGE_SMALL
    memory_mb = settings.get("INDEX_MEMORY_MB", {})
    seq = store.seq
    index.create()
    load = os.getloadavg()
    records = store.iter_records(args.batch)
    done, block_s, blocks, worst = 0, 0.0, [], (0.0, 0)
    while not args.n or done < args.n:
        batch = list(islice(records, args.batch))
        if not batch:
            break
        started = time.perf_counter()
        index.apply([r["id"] for r in batch], batch, seq, memory_mb=memory_mb)
        took = time.perf_counter() - started
        block_s += took
        worst = max(worst, (took, done + len(batch)))
        done += len(batch)
        if done % args.block == 0:
            segments = len(index.ix().reader().leaf_readers()) if done else 0
            blocks.append(args.block / block_s)
            print(f"  {done:>9,} quotations: {blocks[-1]:,.0f}/s for the block, slowest commit {worst[0]:.1f} s "
                  f"(at {worst[1]:,}), {segments} segments", file=sys.stderr, flush=True)
            block_s, worst = 0.0, (0.0, 0)
    index.close()
    ix = index.ix()
    with ix.reader() as reader:
        sizes = sorted((r.doc_count_all() for r, _ in reader.leaf_readers()), reverse=True)
    mb = sum(f.stat().st_size for f in (db / "whoosh").iterdir()) / 2**20
    policy = "Whoosh's MERGE_SMALL" if args.whoosh else f"tiered, segments up to {args.max_segment_mb:g} MB"
    print(f"\n{done:,} quotations, {policy}, {args.batch:,} a commit; load average before {load[0]:.2f}")
    print("index rate per block of {:,}: {}".format(args.block, ", ".join(f"{r:,.0f}" for r in blocks)))
    if blocks:
        print(f"last block / first block: {blocks[-1] / blocks[0]:.2f}")
    print(f"{len(sizes)} segments ({mb:,.0f} MB), documents: {', '.join(f'{n:,}' for n in sizes)}")
    if args.optimize:
        started = time.perf_counter()
        index.optimize(memory_mb)
        print(f"optimize: {time.perf_counter() - started:.1f} s")
    index.close()
    store.close()


if __name__ == "__main__":
    main()
