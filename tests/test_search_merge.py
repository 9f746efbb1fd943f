"""The index's merge policy: tiers under a cap on the merged size (MAX_MERGED_SEGMENT_MB), and optimize."""
from __future__ import annotations

import random

import pytest

from quotes_api.articles.model import Article
from quotes_api.search.index import FLOOR_SEGMENT_BYTES, SEGMENTS_PER_TIER, choose_merge, segment_bytes
from quotes_api.service import QuoteService

MB = 1024 * 1024
FLOOR = FLOOR_SEGMENT_BYTES


TIER = SEGMENTS_PER_TIER - 1  # segments of a tier that, with the one being committed, make it full


@pytest.mark.parametrize("sizes, cap, expected", [
    ([], 64 * MB, []),
    # Fewer than a tier's worth of small segments, counting the one being committed: nothing to merge.
    ([FLOOR] * (TIER - 1), 64 * MB, []),
    # A full lowest tier is merged, smallest first.
    ([FLOOR] * TIER, 64 * MB, list(range(TIER))),
    ([5 * MB, 1 * MB] + [FLOOR] * (TIER - 1) + [3 * MB], 64 * MB, [1] + list(range(2, TIER + 1))),
    # Only as many as fit under the cap: 22 + 22 = 44 MB fits under 64 MB, a third would make 66.
    ([22 * MB] * TIER, 64 * MB, [0, 1]),
    # Segments of half the cap or more are never merged on the ingest path.
    ([40 * MB] * 30, 64 * MB, []),
    # Past the lowest tier: the next tier is merged once it is full.
    ([30 * MB] * TIER + [FLOOR] * 3, 1000 * MB, list(range(TIER))),
    # A cap too small for two segments of a tier: no merge at all.
    ([FLOOR] * TIER, 3 * MB, []),
])
def test_choose_merge(sizes, cap, expected):
    assert choose_merge(sizes, cap) == expected


def test_no_merge_makes_a_segment_bigger_than_the_cap():
    """Commits of random sizes: every merge chosen fits under the cap, and the segments stay few."""
    rng = random.Random(3)
    cap = 50 * MB
    segments: list[float] = []
    for _ in range(2000):
        new = rng.uniform(0.5, 4) * MB
        chosen = choose_merge(segments, cap)
        merged = sum(segments[i] for i in chosen)
        assert merged <= cap
        segments = [s for i, s in enumerate(segments) if i not in chosen] + [merged + new]
    small = [s for s in segments if s < cap / 2]
    # Below half the cap, at most a tier's worth of segments per tier (2 tiers between the floor and the cap).
    assert len(small) <= 3 * SEGMENTS_PER_TIER
    assert max(segments) <= cap + 4 * MB


def _articles(n: int) -> list[Article]:
    rng = random.Random(11)
    words = ("medicine food soldiers border aid sanctions election hospital army talks prices hunger convoy "
             "vote refugees defect power water salary regime").split()
    names = ["Maria Lopez", "Javier Gonzalez", "Juan Guaido", "Ana Ruiz"]
    return [Article(id=f"a{i:04d}", text="\n\n".join(
        f'"{" ".join(rng.choices(words, k=rng.randint(6, 14))).capitalize()}," {rng.choice(names)} told Reuters.'
        for _ in range(3)), publication="Daily News", published=f"2019-0{1 + i % 9}-1{i % 10}") for i in range(n)]


def _segments(svc: QuoteService) -> int:
    return len(svc.index.searcher().reader().leaf_readers())


def _answers(svc: QuoteService) -> list:
    out = []
    for q in ("medicine", "food OR army", '"border aid"', "elect*", "hospitl~", "vote -regime"):
        # Every hit: documents of equal score come in document order, which merging changes. Scores are
        # compared to 1%: BM25's collection statistics count deleted documents (quotations replaced as
        # ingest merged them) until the segment holding them is merged away.
        found = svc.search(q, per_page=1000, facets=True)
        assert found["total"] == len(found["hits"])
        out.append((q, found["total"], sorted((h["id"], pytest.approx(h["score"], rel=0.01)) for h in found["hits"]),
                    found["facets"]))
    return out


def test_ingest_merges_under_the_cap_and_optimize_merges_all(tmp_path):
    """Through the real ingest path with a tiny cap: segments are merged (fewer than commits) but each stays
    near the cap; searches answer the same before and after optimize, which leaves one segment."""
    arts = _articles(240)
    # A segment of these articles is about 10 KB: a cap of 0.1 MB lets a few merge, never all.
    small = {"SEED_DIR": "off", "INDEX_BATCH": 4, "MAX_MERGED_SEGMENT_MB": 0.1, "MAX_PER_PAGE": 1000}
    with QuoteService(tmp_path / "capped", overrides=small) as svc:
        svc.ingest(arts)
        commits = 240 // 4
        capped = _segments(svc)
        assert 1 < capped < commits
        ix = svc.index.ix()
        files = {n: ix.storage.file_length(n) for n in ix.storage.list()}
        # A merged segment holds at most the cap's worth of old segments and one commit's new documents.
        assert max(segment_bytes(files, s) for s in ix._segments()) <= 0.1 * MB * 1.5
        before = _answers(svc)
        done = svc.optimize()
        assert done == {"segments_before": capped, "segments": 1}
        assert _segments(svc) == 1
        assert _answers(svc) == before
        assert svc.optimize() == {"segments_before": 1, "segments": 1}
    # The same articles with segments merged as large as they come answer the same.
    with QuoteService(tmp_path / "big", overrides={**small, "MAX_MERGED_SEGMENT_MB": 1000}) as svc:
        svc.ingest(arts)
        assert _segments(svc) <= capped
        assert _answers(svc) == before


def test_optimize_cli(tmp_path, monkeypatch, capsys):
    from quotes_api import cli

    monkeypatch.setenv("QUOTES_API_INDEX_DIR", str(tmp_path / "db"))
    monkeypatch.setenv("QUOTES_API_SEED_DIR", "off")
    monkeypatch.setenv("QUOTES_API_INDEX_BATCH", "2")
    with QuoteService(tmp_path / "db", overrides={"SEED_DIR": "off", "INDEX_BATCH": 2}) as svc:
        svc.ingest(_articles(6))
        before = _segments(svc)
    assert before > 1
    assert cli.main(["optimize"]) == 0
    assert f"merged from {before} segments into 1" in capsys.readouterr().out
