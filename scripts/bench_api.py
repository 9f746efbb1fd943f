#!/usr/bin/env python3
"""Benchmark the REST API under gunicorn with wrk, on loopback, for a bounded time.

    apt-get install -y wrk                  # the load generator (Debian package)
    python3 scripts/bench_api.py            # an index built from seeds/ in a temporary directory
    python3 scripts/bench_search.py --keep /tmp/b100k && \\
        python3 scripts/bench_api.py --index /tmp/b100k/db --term government --phrase '"public health"'

One gunicorn (quotes_api/gunicorn_conf.py, the settings `quotes-api serve` uses, rate limit off)
listens on a free 127.0.0.1 port; wrk drives each URL in turn for --duration seconds with the
same threads and connections, in the same run: a term search, a phrase, a faceted (filtered)
query, one quotation by id, and /v1/health as the baseline. Right before its measurement each URL
is driven in rounds of WARM_ROUND seconds until its throughput stops rising (at most --warmup
seconds): a worker fills its caches in its first searches (at 1,000,000 quotations its first search
read the facet columns of every segment, seconds of its time, until the arbiter read them once for all
workers: gunicorn_conf._warm), and gunicorn replaces each worker after max_requests, which the
thousands of requests of the URL measured before can reach; a warm-up of 1 s, all URLs first, left
those new workers' first searches inside the term search's measurement. It prints requests/s and p50/p99
latency for each, the CPU milliseconds gunicorn's workers spent per request (read from /proc, replaced
workers included: what a request costs the server, much less sensitive than throughput to what else the
machine runs), and the ratio of the term search's throughput to /health's (target >= 50%).
wrk repeats one URL, which the response cache answers after the first time: --no-cache measures
the search itself on every request.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.5
WARM_ROUND = 2  # seconds of one warm-up round


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_seed_index(directory: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from quotes_api.articles.reading import iter_articles
    from quotes_api.service import QuoteService

    with QuoteService(str(directory)) as service:
        service.ingest(iter_articles([ROOT / "seeds"]))


def worker_rss_mb(master: int) -> list[float]:
    """The resident memory (MB) of each gunicorn worker, the children of ``master``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip() or 0) == master and "VmRSS" in fields:
            out.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(out)


def workers_cpu(master: int) -> float:
    """CPU seconds used so far by the workers of ``master``: the live ones' own, and those of the workers it
    has reaped (replaced after max_requests), which the kernel adds to the master's children's times."""
    tick = os.sysconf("SC_CLK_TCK")

    def times(pid: int | str) -> list[int]:
        # Fields after the command's closing parenthesis: utime, stime, cutime, cstime are 12 to 15 of them.
        return [int(v) for v in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:15]]

    total = sum(times(master)[2:])
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
                if f"\nPPid:\t{master}\n" in status:
                    total += sum(times(entry.name)[:2])
            except (OSError, ValueError):
                continue
    return total / tick


def start_gunicorn(index: Path, port: int, workers: int | None, cache: bool, startup: float) -> subprocess.Popen:
    env = {**os.environ, "QUOTES_API_INDEX_DIR": str(index), "QUOTES_API_BIND": f"127.0.0.1:{port}",
           "QUOTES_API_RATE_LIMIT": "off", "QUOTES_API_SEED_DIR": "off", "PYTHONPATH": str(ROOT)}
    if not cache:
        env["QUOTES_API_RESPONSE_CACHE_MB"] = "0"
    if workers:
        env["QUOTES_API_WORKERS"] = str(workers)
    # The access log would cost as much as a small request: keep it out of the measurement.
    cmd = [sys.executable, "-m", "gunicorn", "-c", "python:quotes_api.gunicorn_conf", "--access-logfile", "/dev/null"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # A large index takes its workers a while to open (and the first to catch it up): wait for it.
    deadline = time.monotonic() + startup
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=10) as resp:
                if resp.status == 200:
                    return proc
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"gunicorn exited: {proc.stderr.read()[-2000:]}")
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"gunicorn did not answer within {startup:g} s (--startup)")


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.load(resp)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def run_wrk(url: str, duration: int, threads: int, connections: int, master: int | None = None) -> dict:
    """wrk's figures for ``url``; with ``master`` (gunicorn's pid), also the CPU milliseconds its workers spent
    per request (``cpu``): what a request costs the server, whatever else the machine is running."""
    before = workers_cpu(master) if master else None
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    cpu = workers_cpu(master) - before if master else None
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", out)  # wrk gives up on a request after 2 s
    return {"rps": rps, "p50": _ms(pct["50"]), "p99": _ms(pct["99"]),
            "errors": int(errors.group(1)) if errors else 0, "timeouts": int(timeouts.group(1)) if timeouts else 0,
            "cpu": cpu * 1000 / requests if cpu is not None and requests else None}


def combined(runs: list[dict]) -> dict:
    """One URL's figures over its rounds: the mean throughput, the median of the p50s, the highest p99 and
    every error and timeout."""
    return {"rps": statistics.mean(r["rps"] for r in runs), "p50": statistics.median(r["p50"] for r in runs),
            "p99": max(r["p99"] for r in runs), "errors": sum(r["errors"] for r in runs),
            "timeouts": sum(r["timeouts"] for r in runs),
            "cpu": statistics.mean(r["cpu"] for r in runs) if all(r["cpu"] is not None for r in runs) else None}


def warm_up(url: str, threads: int, connections: int, budget: float) -> None:
    """Drive ``url`` in rounds of WARM_ROUND seconds until two rounds in a row are each within 10% of the round
    before (every worker warm: one round can be steady while a worker still opens its service), or for at
    most ``budget`` seconds."""
    deadline = time.monotonic() + budget
    before, steady = run_wrk(url, 1, threads, connections)["rps"], 0
    while steady < 2 and time.monotonic() + WARM_ROUND < deadline:
        now = run_wrk(url, WARM_ROUND, threads, connections)["rps"]
        steady = steady + 1 if now <= before * 1.1 else 0
        before = now


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, help="an existing quote database (default: one built from seeds/)")
    ap.add_argument("--term", default="venezuela", help="the one-word query")
    ap.add_argument("--phrase", default='"no medicine"', help="the phrase query")
    ap.add_argument("--facet", default="q=military&kind=full&facets=true",
                    help="query string of the faceted query")
    ap.add_argument("--duration", type=int, default=10, help="seconds per URL (bounded: at most 60)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: the WORKERS setting)")
    ap.add_argument("--no-cache", action="store_true",
                    help="turn the response cache off, so that every request runs its search")
    ap.add_argument("--target", type=float, default=TARGET,
                    help="term search / health throughput to reach (0.25 is issue 11's at 1,000,000 quotations)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="drive the URLs in turn this many times, --duration seconds each time, and average: every "
                         "URL then sees the same changes of the machine's load (the ratio is more stable on a "
                         "shared machine)")
    ap.add_argument("--warmup", type=float, default=60,
                    help="at most this many seconds of warm-up per URL, until its throughput stops rising")
    ap.add_argument("--startup", type=float, default=300, help="seconds the server may take to answer /health")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk (skipped)")
        return 0
    duration = max(1, min(args.duration, 60))

    with tempfile.TemporaryDirectory(prefix="bench_api_") as tmp:
        index = args.index
        if index is None:
            index = Path(tmp) / "index"
            build_seed_index(index)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_gunicorn(index, port, args.workers, cache=not args.no_cache, startup=args.startup)
        try:
            term_url = f"{base}/v1/quotes?q={urllib.parse.quote(args.term)}"
            first = get_json(term_url)["results"]
            if not first:
                sys.exit(f"the term {args.term!r} matches nothing in {index}: choose another with --term")
            urls = {
                "term": term_url,
                "phrase": f"{base}/v1/quotes?q={urllib.parse.quote(args.phrase)}",
                "faceted": f"{base}/v1/quotes?{args.facet}",
                "by id": f"{base}/v1/quotes/{first[0]['id']}",
                "health": f"{base}/v1/health",
            }
            health = get_json(urls["health"])
            print(f"index {index}: {health['counts']['quotations']} quotations; gunicorn on {base}, "
                  f"response cache {'off' if args.no_cache else 'on'}; "
                  f"wrk -t{args.threads} -c{args.connections} -d{duration}s per URL"
                  + (f", {args.rounds} rounds (mean req/s, median p50, highest p99)" if args.rounds > 1 else ""))
            print(f"{'request':10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'cpu ms':>7}  url")
            runs = {name: [] for name in urls}
            for _ in range(args.rounds):
                for name, url in urls.items():
                    # Every worker opens its service on its first requests (at 1,000,000 quotations its first
                    # search reads the facet columns and field lengths of every segment: seconds of that worker's
                    # time) and fills its caches, and gunicorn replaces a worker after max_requests (5,000: the
                    # thousands of requests of the URL before may have replaced them all): not measured. So each
                    # URL is driven, right before it is measured, until its throughput stops rising.
                    warm_up(url, args.threads, args.connections, args.warmup)
                    runs[name].append(run_wrk(url, duration, args.threads, args.connections, server.pid))
            results = {}
            for name, url in urls.items():
                results[name] = r = combined(runs[name])
                note = "".join(f"  ({r[k]} {label})" for k, label in (("errors", "non-2xx"), ("timeouts", "timed out"))
                               if r[k])
                cpu = f"{r['cpu']:7.2f}" if r["cpu"] is not None else f"{'-':>7}"
                print(f"{name:10} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} {cpu}  {url[len(base):]}{note}")
            rss = worker_rss_mb(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    ratio = results["term"]["rps"] / results["health"]["rps"]
    print(f"term search / health throughput: {ratio:.0%} (target >= {args.target:.0%}: "
          f"{'met' if ratio >= args.target else 'NOT met'})")
    if results["term"]["cpu"] and results["health"]["cpu"]:
        print(f"workers' CPU per request: term search {results['term']['cpu']:.2f} ms, health "
              f"{results['health']['cpu']:.2f} ms (ratio {results['health']['cpu'] / results['term']['cpu']:.0%}; "
              f"wrk and the kernel's share of the machine are not in it)")
    if rss:
        print(f"gunicorn workers: {len(rss)}, RSS after the run {', '.join(f'{r:.0f}' for r in rss)} MB "
              f"(largest {rss[-1]:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
