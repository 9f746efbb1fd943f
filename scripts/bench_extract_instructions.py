#!/usr/bin/env python3
"""Extraction cost in instructions: a figure that does not move with the load of a shared machine.

Process time on a machine others use varies by a fifth from run to run, which hides a change of a few per cent.
This runs the extractor under valgrind (callgrind, no cache simulation, ``PYTHONHASHSEED=0``) twice: once for a
warm-up only (the first three articles of a gold file, PolNeAR train by default), once for the warm-up and the N
articles after it. It prints the difference, the instructions that extracting those N articles took. Two runs of
the same code give the same count; compare two versions of the code by running it in each (``--code DIR``).
About two minutes for the default 150 articles; needs ``valgrind`` on the PATH.

Usage:  python3 scripts/bench_extract_instructions.py [--articles 150] [--code DIR] [--gold PATH]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# What the child runs: the first three articles of the gold file as a warm-up, then the N after them.
_CHILD = """
import gzip, json, sys
sys.path.insert(0, sys.argv[1])
from quotes_api.articles.reading import read_bytes
from quotes_api.extract import extract_article
n, path = int(sys.argv[2]), sys.argv[3]
with (gzip.open if path.endswith('.gz') else open)(path, 'rt', encoding='utf-8') as f:
    docs = [json.loads(line) for _, line in zip(range(n + 3), f)]
arts = [read_bytes(d['text'].encode('utf-8'), name=f'h{i:04d}.txt')[0] for i, d in enumerate(docs)]
for a in arts[:3]:
    extract_article(a)  # the warm-up: imports, lexicons, compiled patterns
for a in arts[3:]:
    extract_article(a)
"""


def count_instructions(*args: str) -> int:
    """The instructions of ``python -c ARGS`` under valgrind (callgrind, no cache simulation, PYTHONHASHSEED=0)."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c",
                          *args], env=env, capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def _instructions(code: str, n: int, gold: str) -> int:
    return count_instructions(_CHILD, code, str(n), gold)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=150)
    ap.add_argument("--code", default=os.path.join(HERE, ".."), help="directory holding the quotes_api to measure")
    ap.add_argument("--gold", default=os.path.join(HERE, "..", "..", "shared", "eval", "polnear", "train.jsonl.gz"))
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    if not os.path.exists(args.gold):
        raise SystemExit(f"{args.gold} not found: pass --gold PATH")
    base = _instructions(args.code, 0, args.gold)
    full = _instructions(args.code, args.articles, args.gold)
    print(f"warm-up only: {base / 1e6:,.0f} M instructions")
    print(f"extracting {args.articles} articles of {os.path.basename(args.gold)}: {(full - base) / 1e6:,.0f} M "
          f"instructions ({(full - base) / args.articles / 1e6:.1f} M an article)")


if __name__ == "__main__":
    main()
