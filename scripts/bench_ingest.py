#!/usr/bin/env python3
"""Ingest rate on real news with 1 and N extraction processes, and on a local Dask cluster.

    python3 scripts/bench_ingest.py                       # PolNeAR train, --jobs 1 against --jobs 2
    python3 scripts/bench_ingest.py --jobs 2 --dask 2     # also a LocalCluster of 2 worker processes
    python3 scripts/bench_ingest.py --ceiling             # also extraction alone in 1 and in N processes

The articles are read from ../shared/eval/polnear/train.jsonl.gz (840 news articles; they are
read where they are and never copied into the repository) and ingested through
QuoteService.ingest into a new database each time: extraction and themes, the store's group
commits (STORE_BATCH, STORE_BATCH_MS), the index following every INDEX_BATCH articles (in a
process of its own with more than one job). Each configuration runs --repeat times, in turn; its
best run is kept and the spread of its runs shown.

The cores are shared, so the wall-clock ratio depends on the load. The CPU seconds do not, much:
for each configuration the script prints those of the writer (this process), of the index process
and of the extraction processes, and the speed-up the 2 jobs would reach on 2 idle cores, the one
job's CPU seconds over the longest of what must run one after the other (the writer, the index
process) and half the 2 jobs' CPU seconds. For the N jobs it also prints the index process's catch-ups, the
store's commits (group commits: a batch also ends when the next article is not extracted yet), and the run's serial
tail: the seconds from the writer's receiving the last extraction to the end of the run (the index's last
catch-ups, which run while the extraction processes have nothing left to do).

With --ceiling it also times extraction alone (records and themes, nothing stored or indexed) in one process
and in N processes of their own, each given every N-th article: what N cores give when nothing is serial, the
ceiling of any ingest's speed-up on this machine.
"""
from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotes_api import ingest, themes  # noqa: E402
from quotes_api.articles.model import Article  # noqa: E402
from quotes_api.service import QuoteService  # noqa: E402
from quotes_api.store import Store  # noqa: E402

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear" / "train.jsonl.gz"


def articles(path: Path) -> list[Article]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(Article(id=str(d["doc_id"]), text=d["text"], title=d.get("title"),
                               publication=d.get("publisher"), published=(d.get("publication_date") or "")[:10] or None))
    return out


# CPU seconds spent in the index process's catch-ups, and their number (it is forked from this one: it adds to these).
_INDEX_CPU = multiprocessing.Value("d", 0.0)
_CATCH_UPS = multiprocessing.Value("i", 0)
_open_sync = QuoteService._open_sync
# When the writer received the last extraction of the run (time.perf_counter).
_LAST_EXTRACTION = [0.0]
_extractions = ingest.extractions


def _timed_extractions(*args, **kwargs):
    for item in _extractions(*args, **kwargs):
        if item is not ingest.WAITING:
            _LAST_EXTRACTION[0] = time.perf_counter()
        yield item


ingest.extractions = _timed_extractions


def _timed_open_sync(svc):
    """QuoteService._open_sync (called in the index process) with each catch-up's CPU seconds added up."""
    sync = _open_sync(svc)

    def timed_sync(*args):
        started = time.process_time()
        try:
            return sync(*args)
        finally:
            with _INDEX_CPU.get_lock():
                _INDEX_CPU.value += time.process_time() - started
                _CATCH_UPS.value += 1
    return timed_sync


QuoteService._open_sync = _timed_open_sync
# The store's batches (each one commit) of the run, counted in the writer.
_COMMITS = [0]
_batch = Store.batch


def _counted_batch(self):
    _COMMITS[0] += 1
    return _batch(self)


Store.batch = _counted_batch


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def timed(arts: list[Article], **how) -> tuple[float, dict, dict, dict]:
    """Seconds, the summary, CPU seconds: ``{"writer", "index", "extraction"}`` (the last two in other
    processes; on a Dask cluster extraction is not counted), and ``{"catch-ups", "commits", "tail"}``: the index
    process's catch-ups, the store's commits and the seconds from the last extraction received to the end of the run."""
    work = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        with QuoteService(work, overrides={"SEED_DIR": "off"}) as svc:
            svc.health()  # open the database first: its creation is not ingest
            _INDEX_CPU.value, _CATCH_UPS.value = 0.0, 0
            _COMMITS[0] = 0
            mine, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            summary = svc.ingest(arts, **how)
            ended = time.perf_counter()
            seconds = ended - started
            # (the processes of the run have ended and been waited for: their CPU is counted)
            others = _cpu(resource.RUSAGE_CHILDREN) - children
            cpu = {"writer": _cpu(resource.RUSAGE_SELF) - mine, "index": _INDEX_CPU.value,
                   "extraction": max(0.0, others - _INDEX_CPU.value)}
            return seconds, summary, cpu, {"catch-ups": _CATCH_UPS.value, "commits": _COMMITS[0],
                                          "tail": ended - _LAST_EXTRACTION[0]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


_ceiling_articles: list[Article] = []


def _extract_all(part: int, parts: int) -> float:
    """CPU seconds of extracting every ``parts``-th article from ``part`` on (in a forked process)."""
    taxonomy = themes.load()
    started = time.process_time()
    for article in _ceiling_articles[part::parts]:
        ingest.records_of(article, taxonomy)
    return time.process_time() - started


def ceiling(arts: list[Article], jobs: int, repeat: int) -> None:
    """Print extraction alone in 1 and in ``jobs`` forked processes: seconds, CPU seconds, speed-up."""
    _ceiling_articles[:] = arts
    context = multiprocessing.get_context("fork")
    runs: dict[int, list[tuple[float, float]]] = {1: [], jobs: []}
    for _ in range(repeat):
        for n in (1, jobs):
            with context.Pool(n) as pool:
                started = time.perf_counter()
                cpu = sum(pool.starmap(_extract_all, [(k, n) for k in range(n)], chunksize=1))
                runs[n].append((time.perf_counter() - started, cpu))
    one, many = min(runs[1]), min(runs[jobs])
    print(f"extraction alone (no store, no index), best of {repeat}: 1 process {one[0]:.2f} s ({one[1]:.2f} CPU s), "
          f"{jobs} processes {many[0]:.2f} s ({many[1]:.2f} CPU s): {one[0] / many[0]:.2f}x; round by round "
          f"{', '.join(f'{a[0] / b[0]:.2f}' for a, b in zip(runs[1], runs[jobs]))}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT, help="a JSON lines file (gzip) of articles")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes compared with one")
    ap.add_argument("--dask", type=int, default=0, metavar="WORKERS",
                    help="also ingest through a LocalCluster of this many worker processes")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--ceiling", action="store_true",
                    help="also time extraction alone in 1 and in --jobs processes (the ceiling of the speed-up)")
    args = ap.parse_args()

    arts = articles(args.corpus)
    mb = sum(len(a.text.encode()) for a in arts) / 2 ** 20
    configs = [("1 job", {"jobs": 1}), (f"{args.jobs} jobs", {"jobs": args.jobs})]
    cluster = None
    if args.dask:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True, dashboard_address=None)
        configs.append((f"Dask, {args.dask} workers", {"scheduler": cluster.scheduler_address}))
    runs: dict[str, list[tuple[float, dict]]] = {name: [] for name, _ in configs}
    timelines: dict[str, list[dict]] = {name: [] for name, _ in configs}
    quotations = 0
    loads = []
    for _ in range(args.repeat):
        for name, how in configs:
            seconds, summary, cpu, timeline = timed(arts, **how)
            runs[name].append((seconds, cpu))
            timelines[name].append(timeline)
            loads.append(os.getloadavg()[0])
            quotations = summary["quotations"]["new"] + summary["quotations"]["merged"]
            assert not summary["failures"], summary["failures"][:3]
    if cluster is not None:
        cluster.close()
    print(f"{len(arts)} articles ({mb:.2f} MB, {quotations:,} quotations) of {args.corpus.name}, "
          f"{os.cpu_count()} CPUs, load average {min(loads):.2f}-{max(loads):.2f} (1 min, after each run), "
          f"best of {args.repeat}")
    print(f"{'configuration':24} {'seconds':>8} {'spread':>12} {'articles/s':>11} {'MB/s':>6} {'speed-up':>9}"
          f"   CPU s: {'writer':>6} {'index':>6} {'extract':>7}")
    best = {name: min(runs[name], key=lambda r: r[0]) for name in runs}
    one = best["1 job"][0]
    for name, _ in configs:
        s, cpu = best[name]
        times = [r[0] for r in runs[name]]
        print(f"{name:24} {s:8.2f} {min(times):5.2f}-{max(times):5.2f} {len(arts) / s:11.1f} {mb / s:6.2f} "
              f"{one / s:8.2f}x   {'':7}{cpu['writer']:6.2f} {cpu['index']:6.2f} {cpu['extraction']:7.2f}")
    jobs = f"{args.jobs} jobs"
    # Each round runs the configurations one after the other, under about the same load: its ratio is steadier.
    paired = sorted(a[0] / b[0] for a, b in zip(runs["1 job"], runs[jobs]))
    print(f"{jobs} / 1 job: {one / best[jobs][0]:.2f}x best against best (target >= 1.70); round by round "
          f"{', '.join(f'{r:.2f}' for r in paired)}x, median {paired[len(paired) // 2]:.2f}x")
    tails = [f"{t['tail']:.2f}" for t in timelines[jobs]]
    print(f"{jobs}: serial tail (last extraction received to the end of the run) {', '.join(tails)} s of "
          f"{', '.join(f'{r[0]:.2f}' for r in runs[jobs])} s; index catch-ups "
          f"{', '.join(str(t['catch-ups']) for t in timelines[jobs])}; store commits "
          f"{', '.join(str(t['commits']) for t in timelines[jobs])} (1 job: {timelines['1 job'][0]['commits']})")
    # On idle cores: the one job takes its CPU seconds; the jobs take the longest of the writer, the index
    # process (each one process, one after another) and their CPU seconds shared by the cores.
    cpu1 = min(sum(cpu.values()) for _, cpu in runs["1 job"])
    cpun = min(runs[jobs], key=lambda r: sum(r[1].values()))[1]
    bound = max(cpun["writer"], cpun["index"], sum(cpun.values()) / min(args.jobs, os.cpu_count() or 1))
    print(f"{jobs} / 1 job on idle cores, from CPU seconds: {cpu1:.2f} / {bound:.2f} = {cpu1 / bound:.2f}x "
          f"(1 job's CPU over the longest of: writer, index process, all CPU / {min(args.jobs, os.cpu_count() or 1)})")
    if args.ceiling:
        ceiling(arts, args.jobs, args.repeat)


if __name__ == "__main__":
    main()
