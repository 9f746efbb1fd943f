#!/usr/bin/env python3
"""Train the attribution confidence model (quotes_api/data/confidence.json) from annotated news.

    python3 scripts/train_confidence.py                      # PolNeAR train, beside the checkout
    python3 scripts/train_confidence.py --gold FILE --check ../shared/eval/polnear/dev.jsonl.gz

The corpus is JSON Lines (plain or .gz), one article a line: {"text", "attributions": [{"content":
{"text", "spans"}, "source": {"text", "spans"} | null}]}, as ../shared/eval/polnear/ ships it. No
article of it is copied into the repository: the model file holds only feature weights.

What it does:
1. extracts every article with the rules (their own features, no confidence yet);
2. matches each record to the annotated quotations of its article (the record covers a quoted piece
   of the annotation, and is made of its words), and keeps those whose annotated source names
   someone (not a pronoun);
3. labels a record right when its speaker shares a name word with that source;
4. fits an L2-regularised logistic regression over ``confidence.encode(features)`` (plain Python
   gradient descent, a few seconds);
5. chooses a margin, by cross-validation over articles, that lowers every confidence (in log-odds) just
   enough that attributions of confidence 0.9 or more are right --target of the time (0.985) on
   articles the model did not learn from: a journalist filtering on 0.9 gets what 0.9 promises;
6. prints how well the confidences are calibrated: for each band, how many records and how many right.

Retrain after changing the extraction rules or the features: the weights describe what the rules
found on this corpus, and a rule that changes its behaviour changes what its features mean.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes_api.articles.model import Article  # noqa: E402
from quotes_api.extract import confidence  # noqa: E402
from quotes_api.extract.attribution import ArticleReader  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "polnear" / "train.jsonl.gz"
OUT = ROOT / "quotes_api" / "data" / "confidence.json"
WORD = re.compile(r"[0-9a-z]+")
MARKS = ('"', "\u201c", "\u201d", "''")
QUOTED = re.compile(r"(?:[\"\u201c]|'')(.*?)(?:[\"\u201d]|''|$)")
# Words of a source that name nobody in particular: titles, function words, pronouns.
NOT_NAMES = set("""the a an of mr mrs ms dr sen senator rep gov president former said he she they it i we you his her
their and to in for campaign manager spokesman spokeswoman candidate nominee republican democratic democrat gop
presidential secretary state us u s who on at with him them hers which that""".split())


def words(s: str) -> list[str]:
    s = unicodedata.normalize("NFKD", s or "")
    return WORD.findall("".join(c for c in s if not unicodedata.combining(c)).casefold().replace("\u2019", "'"))


def cover(a: list[str], b: list[str]) -> float:
    have = Counter(b)
    hit = 0
    for w in a:
        if have[w] > 0:
            have[w] -= 1
            hit += 1
    return hit / len(a) if a else 0.0


def load(path: str) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def examples(docs: list[dict], by_doc: bool = False) -> list:
    """(encoded features, 1 if the speaker is right) for every record that matches a named annotated quotation
    (with ``by_doc``, one list per article, for cross-validation by article)."""
    out = []
    per_doc = []
    for i, doc in enumerate(docs):
        start = len(out)
        text = doc["text"].replace("\r\n", "\n")
        found = ArticleReader(Article(id=f"d{i}", text=text)).read()
        rec_words = [words(" ".join(text[a:b] for a, b in f.parts)) for f in found]
        for a in doc.get("attributions", []):
            c, src = a.get("content"), a.get("source")
            if not c or not src or not any(m in c["text"] for m in MARKS):
                continue
            src_words = set(words(src["text"])) - NOT_NAMES
            if not src_words:
                continue  # a pronoun or a bare title: nobody named to check against
            content = words(c["text"])
            parts = [p for p in (words(x) for x in QUOTED.findall(c["text"])) if p] or [content]
            if sum(map(len, parts)) < 3:
                continue
            hits = [k for k, w in enumerate(rec_words) if w and cover(parts[0], w) >= 0.9 and cover(w, content) >= 0.6]
            if not hits:
                continue
            f = found[hits[0]]
            if f.entity is None or f.features is None:
                continue
            label = f.entity.label() or ""
            right = bool(set(words(label)) - NOT_NAMES & src_words)
            out.append((confidence.encode(f.features), int(right)))
        per_doc.append(out[start:])
    return per_doc if by_doc else out


def fit(data: list[tuple[list[str], int]], l2: float, epochs: int, rate: float) -> dict[str, float]:
    """Logistic regression by full-batch gradient descent with L2 (the bias unpenalised)."""
    w: dict[str, float] = {}
    n = len(data)
    for _ in range(epochs):
        grad: dict[str, float] = {}
        for feats, y in data:
            z = sum(w.get(k, 0.0) for k in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            for k in feats:
                grad[k] = grad.get(k, 0.0) + g
        for k, g in grad.items():
            reg = 0.0 if k == "bias" else l2 * w.get(k, 0.0)
            w[k] = w.get(k, 0.0) - rate * (g / n + reg)
    return {k: round(v, 4) for k, v in sorted(w.items()) if abs(v) >= 1e-4}


def margin_for(folds: list[list[tuple[list[str], int]]], args, target: float) -> float:
    """The log-odds margin that makes out-of-fold confidences of 0.9 and above right ``target`` of the time.

    Each fold's confidences come from a model fitted on the other folds (articles never learned from),
    so the margin is chosen on predictions as unseen as any user's article. The smallest margin
    that reaches the target is kept: it lowers every confidence by the same amount in log-odds, most
    where the rules are guessing."""
    oof: list[tuple[float, int]] = []
    for k, held in enumerate(folds):
        train = [x for j, fold in enumerate(folds) if j != k for x in fold]
        w = fit(train, args.l2, args.epochs, args.rate)
        oof += [(sum(w.get(f, 0.0) for f in feats), y) for feats, y in held]
    for margin in [m / 20 for m in range(0, 61)]:
        sure = [y for z, y in oof if 1.0 / (1.0 + math.exp(-(z - margin))) >= 0.9]
        if sure and sum(sure) / len(sure) >= target:
            return margin
    return 3.0


def bands(weights: dict[str, float], data: list[tuple[list[str], int]], margin: float = 0.0) -> list[str]:
    edges = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01]
    rows = []
    probs = [(round(1.0 / (1.0 + math.exp(-(sum(weights.get(k, 0.0) for k in f) - margin))), 2), y) for f, y in data]
    for lo, hi in zip(edges, edges[1:]):
        sel = [y for p, y in probs if lo <= round(p, 2) < hi]
        if sel:
            rows.append(f"  confidence {lo:.2f}-{min(hi, 1.0):.2f}: {len(sel):5d} records, {sum(sel) / len(sel):.3f} right")
    sure = [y for p, y in probs if round(p, 2) >= 0.9]
    rows.append(f"  >= 0.90: {len(sure)} of {len(probs)} ({len(sure) / max(1, len(probs)):.0%}), "
                f"{sum(sure) / max(1, len(sure)):.3f} right")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(DEFAULT_GOLD), help="annotated articles to learn from")
    ap.add_argument("--check", help="annotated articles to report calibration on (never learned from)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--l2", type=float, default=0.01)
    ap.add_argument("--epochs", type=int, default=600)
    ap.add_argument("--rate", type=float, default=2.0)
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds for choosing the margin")
    ap.add_argument("--target", type=float, default=0.985,
                    help="how often an attribution of confidence 0.9 or more must be right, out of fold")
    args = ap.parse_args()
    if not os.path.exists(args.gold):
        sys.exit(f"{args.gold}: no such corpus (see the docstring for its format)")
    t0 = time.time()
    # The rules' features do not depend on the model: train from the rules alone.
    confidence.model.cache_clear()
    docs = load(args.gold)
    per_doc = examples(docs, by_doc=True)
    data = [x for d in per_doc for x in d]
    folds = [[x for d in per_doc[k::args.folds] for x in d] for k in range(args.folds)]
    margin = margin_for(folds, args, args.target)
    weights = fit(data, args.l2, args.epochs, args.rate)
    right = sum(y for _, y in data)
    print(f"{len(docs)} articles, {len(data)} attributed quotations with a named source, {right / len(data):.3f} right; "
          f"{len(weights)} weights, margin {margin:.2f} (out of {args.folds} folds), in {time.time() - t0:.1f} s")
    print(f"calibration on {os.path.basename(args.gold)} (learned from):")
    print("\n".join(bands(weights, data, margin)))
    if args.check:
        check = examples(load(args.check))
        print(f"calibration on {os.path.basename(args.check)} (not learned from):")
        print("\n".join(bands(weights, check, margin)))
    model = {"_comment": "Weights of the attribution confidence model (extract/confidence.py), made by "
                         "scripts/train_confidence.py; see the README's Extraction section.",
             "trained_on": os.path.basename(args.gold), "examples": len(data), "l2": args.l2,
             "features": sorted({k for f, _ in data for k in f}).__len__(), "margin": margin,
             "target": args.target, "weights": weights}
    Path(args.out).write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
