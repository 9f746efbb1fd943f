#!/usr/bin/env python3
"""Ingest rate on real news with 1 and N extraction processes, and on a local Dask cluster.

    python3 scripts/bench_ingest.py                       # PolNeAR train, --jobs 1 against --jobs 2
    python3 scripts/bench_ingest.py --jobs 2 --dask 2     # also a LocalCluster of 2 worker processes

The articles are read from ../shared/eval/polnear/train.jsonl.gz (840 news articles; they are
read where they are and never copied into the repository) and ingested through
QuoteService.ingest into a new database each time: extraction, themes, one store transaction
per article, the index following every INDEX_BATCH articles. Each configuration runs --repeat
times, in turn, and its best run is kept.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotes_api.articles.model import Article  # noqa: E402
from quotes_api.service import QuoteService  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear" / "train.jsonl.gz"


def articles(path: Path) -> list[Article]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(Article(id=str(d["doc_id"]), text=d["text"], title=d.get("title"),
                               publication=d.get("publisher"), published=(d.get("publication_date") or "")[:10] or None))
    return out


def timed(arts: list[Article], **how) -> tuple[float, dict]:
    work = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        with QuoteService(work, overrides={"SEED_DIR": "off"}) as svc:
            svc.health()  # open the database first: its creation is not ingest
            started = time.perf_counter()
            summary = svc.ingest(arts, **how)
            return time.perf_counter() - started, summary
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT, help="a JSON lines file (gzip) of articles")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes compared with one")
    ap.add_argument("--dask", type=int, default=0, metavar="WORKERS",
                    help="also ingest through a LocalCluster of this many worker processes")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()

    arts = articles(args.corpus)
    mb = sum(len(a.text.encode()) for a in arts) / 2 ** 20
    configs = [("1 job", {"jobs": 1}), (f"{args.jobs} jobs", {"jobs": args.jobs})]
    cluster = None
    if args.dask:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True, dashboard_address=None)
        configs.append((f"Dask, {args.dask} workers", {"scheduler": cluster.scheduler_address}))
    best: dict[str, float] = {}
    quotations = 0
    for _ in range(args.repeat):
        for name, how in configs:
            seconds, summary = timed(arts, **how)
            best[name] = min(best.get(name, float("inf")), seconds)
            quotations = summary["quotations"]["new"] + summary["quotations"]["merged"]
            assert not summary["failures"], summary["failures"][:3]
    if cluster is not None:
        cluster.close()
    load = os.getloadavg()[0]
    print(f"{len(arts)} articles ({mb:.2f} MB, {quotations:,} quotations) of {args.corpus.name}, "
          f"{os.cpu_count()} CPUs, load average {load:.2f}, best of {args.repeat}")
    print(f"{'configuration':24} {'seconds':>8} {'articles/s':>11} {'MB/s':>6} {'speed-up':>9}")
    for name, _ in configs:
        s = best[name]
        print(f"{name:24} {s:8.2f} {len(arts) / s:11.1f} {mb / s:6.2f} {best['1 job'] / s:8.2f}x")
    print(f"{args.jobs} jobs / 1 job: {best['1 job'] / best[f'{args.jobs} jobs']:.2f}x (target >= 1.70)")


if __name__ == "__main__":
    main()
