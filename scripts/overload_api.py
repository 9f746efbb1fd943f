#!/usr/bin/env python3
"""Overload the REST API under gunicorn on loopback, for a bounded time, and report what it answered.

    python3 scripts/overload_api.py                       # seeds/ index, 60 s, 48 client threads
    python3 scripts/overload_api.py --duration 300 --clients 64 --index /tmp/b100k/db

One gunicorn (quotes_api/gunicorn_conf.py, the settings `quotes-api serve` uses) serves a copy of
the index on a free 127.0.0.1 port. --clients threads send searches as fast as they are answered,
each one distinct (words, phrases, OR, prefixes, exclusions, speaker/outlet/date filters, sorts and
page sizes drawn from the index's own quotations), so the response cache cannot answer them and the
server runs above its capacity; one more thread POSTs a new article every second (--write-every).
Rate limits are off (every client is 127.0.0.1), unless --rate-limit. The run stops by itself after
--duration seconds.

It prints the status codes of reads and writes, connection errors and timeouts, throughput and
latency, and the resident memory (RSS) of each gunicorn worker sampled every --sample seconds. It
exits 1 when any answer was a 5xx other than 503 (503 is the documented "busy, retry after"), or
when the workers' memory grew by more than --max-growth after warm-up (the first --warmup share
of the run): the figures the README quotes.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = "overload-key"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import build_seed_index, free_port  # noqa: E402 - a sibling script


def start_gunicorn(index: Path, port: int, args: argparse.Namespace) -> subprocess.Popen:
    env = {**os.environ, "QUOTES_API_INDEX_DIR": str(index), "QUOTES_API_BIND": f"127.0.0.1:{port}",
           "QUOTES_API_SEED_DIR": "off", "QUOTES_API_API_KEYS": KEY, "PYTHONPATH": str(ROOT)}
    if not args.rate_limit:
        env["QUOTES_API_RATE_LIMIT"] = env["QUOTES_API_WRITE_RATE_LIMIT"] = "off"
    if args.workers:
        env["QUOTES_API_WORKERS"] = str(args.workers)
    cmd = [sys.executable, "-m", "gunicorn", "-c", "python:quotes_api.gunicorn_conf", "--access-logfile", "/dev/null"]
    log = open(index.parent / "server.log", "w")
    proc = subprocess.Popen(cmd, env=env, cwd=index.parent, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/v1/health")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            if proc.poll() is not None:
                sys.exit(f"gunicorn exited: {(index.parent / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
    proc.kill()
    sys.exit("gunicorn did not answer within 60 s")


# --- distinct queries --------------------------------------------------------------------------

def vocabulary(index: Path) -> dict:
    """Words, adjacent pairs, speakers, outlets and dates of the stored quotations, to draw queries from."""
    db = sqlite3.connect(index / "quotes.sqlite3")
    texts = [r[0] for r in db.execute("SELECT text FROM quotations")]
    words, pairs = set(), set()
    for text in texts:
        tokens = [w.strip(".,;:!?\"'()[]").lower() for w in text.split()]
        tokens = [w for w in tokens if w.isalpha()]
        words.update(w for w in tokens if len(w) > 2)
        pairs.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
    speakers = [r[0] for r in db.execute("SELECT name FROM speakers")]
    outlets = [r[0] for r in db.execute("SELECT name FROM outlets")]
    dates = sorted({r[0] for r in db.execute("SELECT date FROM quotations WHERE date IS NOT NULL")})
    db.close()
    return {"words": sorted(words), "pairs": sorted(pairs), "speakers": speakers, "outlets": outlets,
            "dates": dates or ["2019-01-01"]}


def query_url(rng: random.Random, vocab: dict, n: int) -> str:
    """The n-th search: a random shape of query over the vocabulary, with a page size that makes it unique."""
    w = vocab["words"]
    shape = rng.randrange(7)
    if shape == 0:
        q = rng.choice(w)
    elif shape == 1:
        q = f"{rng.choice(w)} {rng.choice(w)}"
    elif shape == 2:
        q = f'"{rng.choice(vocab["pairs"])}"'
    elif shape == 3:
        q = f"{rng.choice(w)} OR {rng.choice(w)}"
    elif shape == 4:
        q = rng.choice(w)[:3] + "*"
    elif shape == 5:
        q = f"{rng.choice(w)} -{rng.choice(w)}"
    else:
        q = ""
    params = {"q": q, "per_page": 1 + n % 97, "page": 1 + (n // 97) % 3}
    if rng.random() < 0.3 and vocab["speakers"]:
        params["speaker"] = rng.choice(vocab["speakers"]).split()[-1]
    if rng.random() < 0.2 and vocab["outlets"]:
        params["outlet"] = rng.choice(vocab["outlets"])
    if rng.random() < 0.2:
        params["since"] = rng.choice(vocab["dates"])[:7]
    if rng.random() < 0.3:
        params["sort"] = rng.choice(["date", "-date"])
    if rng.random() < 0.1:
        params["fuzzy"] = "true"
    return "/v1/quotes?" + urllib.parse.urlencode(params)


# --- load ------------------------------------------------------------------------------------

class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reads: Counter = Counter()
        self.writes: Counter = Counter()
        self.latencies: list[float] = []
        self.examples: dict[str, str] = {}

    def add(self, kind: str, outcome: str, seconds: float | None = None, example: str = "") -> None:
        with self.lock:
            (self.reads if kind == "read" else self.writes)[outcome] += 1
            if seconds is not None and kind == "read":
                self.latencies.append(seconds)
            if example and outcome not in self.examples:
                self.examples[outcome] = example


def request(conn_box: list, port: int, method: str, path: str, body: bytes | None, timeout: float,
            headers: dict | None = None) -> str:
    """One request on the thread's keep-alive connection (reopened after an error): its status or the error's name."""
    try:
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn_box[0].request(method, path, body=body, headers=headers or {})
        resp = conn_box[0].getresponse()
        resp.read()
        if resp.will_close:
            conn_box[0].close()
            conn_box[0] = None
        return str(resp.status)
    except (OSError, http.client.HTTPException) as e:
        if conn_box[0] is not None:
            conn_box[0].close()
        conn_box[0] = None
        return "timeout" if isinstance(e, socket.timeout) else type(e).__name__


def reader(port: int, vocab: dict, seed: int, stop: float, tally: Tally, counter, timeout: float) -> None:
    rng = random.Random(seed)
    box = [None]
    while time.monotonic() < stop:
        path = query_url(rng, vocab, next(counter))
        started = time.monotonic()
        status = request(box, port, "GET", path, None, timeout)
        tally.add("read", status, time.monotonic() - started, path)


def writer(port: int, every: float, stop: float, tally: Tally, timeout: float) -> None:
    box = [None]
    n = 0
    while time.monotonic() < stop:
        started = time.monotonic()
        article = {"id": f"overload_{os.getpid()}_{n}", "publication": "Overload Wire", "published": "2024-05-01",
                   "text": f'"Round {n} of the load test is under way," said Maria Lopez, a test engineer.\n\n'
                           f'"Nothing {n} here may be lost," she told Overload Wire.\n'}
        status = request(box, port, "POST", "/v1/articles", json.dumps(article).encode(), timeout,
                         {"Content-Type": "application/json", "X-API-Key": KEY})
        tally.add("write", status, example=article["id"])
        n += 1
        time.sleep(max(0.0, every - (time.monotonic() - started)))


# --- memory ----------------------------------------------------------------------------------

def workers_of(master: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == master:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, help="a quote database (INDEX_DIR) to copy and serve; default: seeds/")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    ap.add_argument("--clients", type=int, default=48, help="reading threads, each one request at a time (default 48)")
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: the WORKERS setting)")
    ap.add_argument("--write-every", type=float, default=1.0, help="seconds between two POSTs (default 1)")
    ap.add_argument("--timeout", type=float, default=30.0, help="client timeout per request, seconds (default 30)")
    ap.add_argument("--sample", type=float, default=5.0, help="seconds between two RSS samples (default 5)")
    ap.add_argument("--warmup", type=float, default=0.25, help="share of the run before memory must be flat")
    ap.add_argument("--max-growth", type=float, default=0.10, help="largest allowed RSS growth after warm-up")
    ap.add_argument("--rate-limit", action="store_true", help="keep the rate limits on (all clients are 127.0.0.1)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="overload-"))
    index = tmp / "db"
    if args.index:
        shutil.copytree(args.index, index)
    else:
        build_seed_index(index)
    vocab = vocabulary(index)
    port = free_port()
    server = start_gunicorn(index, port, args)
    tally = Tally()
    samples: list[tuple[float, dict[int, float]]] = []
    try:
        start = time.monotonic()
        stop = start + args.duration
        counter = iter(range(10 ** 12))
        lock = threading.Lock()

        def next_n(it=counter):
            with lock:
                return next(it)

        class Counted:
            def __next__(self):
                return next_n()

        threads = [threading.Thread(target=reader, args=(port, vocab, args.seed + i, stop, tally, Counted(),
                                                         args.timeout), daemon=True) for i in range(args.clients)]
        threads.append(threading.Thread(target=writer, args=(port, args.write_every, stop, tally, args.timeout),
                                        daemon=True))
        for t in threads:
            t.start()
        while time.monotonic() < stop:
            samples.append((time.monotonic() - start, {p: m for p in workers_of(server.pid) if (m := rss_mb(p))}))
            time.sleep(min(args.sample, max(0.0, stop - time.monotonic())))
        samples.append((time.monotonic() - start, {p: m for p in workers_of(server.pid) if (m := rss_mb(p))}))
        for t in threads:
            t.join(args.timeout + 5)
        elapsed = time.monotonic() - start
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    recycled = (tmp / "server.log").read_text().count("Booting worker")
    shutil.rmtree(tmp, ignore_errors=True)

    reads, writes = tally.reads, tally.writes
    total = sum(reads.values())
    lat = sorted(tally.latencies)
    print(f"gunicorn on 127.0.0.1, {args.clients} reading clients + 1 POST every {args.write_every:g} s, "
          f"{elapsed:.0f} s, {len(vocab['words'])} words to draw queries from")
    print(f"reads : {total} ({total / elapsed:.0f}/s), statuses "
          + ", ".join(f"{k}: {v}" for k, v in sorted(reads.items())))
    if lat:
        print(f"        latency p50 {lat[len(lat) // 2] * 1000:.0f} ms, p99 {lat[int(len(lat) * 0.99)] * 1000:.0f} ms, "
              f"max {lat[-1] * 1000:.0f} ms")
    print(f"writes: {sum(writes.values())}, statuses " + ", ".join(f"{k}: {v}" for k, v in sorted(writes.items())))
    print(f"workers booted (first start, and replacements after max_requests): {recycled}")
    print("worker RSS (MB) over time: t  workers  mean  max")
    for t, found in samples:
        if found:
            print(f"  {t:6.0f} s  {len(found):3d}  {statistics.mean(found.values()):7.1f}  {max(found.values()):7.1f}")
    bad = {k: v for k, v in (reads + writes).items() if k.isdigit() and k.startswith("5") and k != "503"}
    failures = {k: v for k, v in (reads + writes).items() if not k.isdigit()}
    warm = [max(found.values()) for t, found in samples if found and t >= args.warmup * args.duration]
    growth = (warm[-1] - warm[0]) / warm[0] if len(warm) >= 2 else 0.0
    print(f"5xx other than 503: {sum(bad.values())} {bad or ''}")
    print(f"connection errors and timeouts: {sum(failures.values())} {failures or ''}")
    print(f"largest worker RSS after warm-up: {warm[0] if warm else 0:.1f} MB -> {warm[-1] if warm else 0:.1f} MB "
          f"({growth:+.1%}; allowed {args.max_growth:+.0%})")
    for outcome, example in sorted(tally.examples.items()):
        if outcome in bad or outcome in failures:
            print(f"  e.g. {outcome}: {example}")
    return 1 if bad or growth > args.max_growth else 0


if __name__ == "__main__":
    sys.exit(main())
