"""The index writer of ingest (index.QuoteWriter: postings pooled by term, written a term at a time, merges read
term by term) writes the very files Whoosh's own SegmentWriter writes with the same codec."""
from __future__ import annotations

import itertools
import random

import pytest
import whoosh.codec.base as codec_base
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from quotes_api.search.codec import QuoteCodec
from quotes_api.search.index import QuoteWriter, build_schema, document, tiered_merge


def _records(n: int) -> list[dict]:
    rng = random.Random(11)
    vocab = ["the", "of", "no", "medicine", "food", "army", "said", "we"] + [f"w{i}" for i in range(300)]
    weights = [1.0 / (r + 1) for r in range(len(vocab))]
    return [{"id": f"q{i}", "kind": rng.choice(["full", "partial"]),
             "text": " ".join(rng.choices(vocab, weights, k=rng.randint(1, 40))),
             "speaker": {"name": f"Speaker {i % 13}", "aliases": []}, "outlet": {"name": f"Outlet {i % 5}"},
             "themes": [{"name": "health"}] if i % 3 else [], "attribution": {"confidence": (i % 10) / 10},
             "sources": [{"publication": f"Paper {i % 4}"}], "date": f"2019-0{1 + i % 9}-1{i % 10}" if i % 7 else None}
            for i in range(n)]


def _build(path, writer_class, records, memory_mb: int) -> None:
    """Commits of growing size, replacements (deletions in committed segments) and tiered merges."""
    ix = whoosh_index.create_in(str(path), build_schema())
    policy = tiered_merge(50)
    start = 0
    for size in itertools.cycle([3, 40, 1, 90, 7, 150]):
        batch = records[start:start + size]
        if not batch:
            break
        w = writer_class(ix, limitmb=memory_mb, codec=QuoteCodec(), compound=False)
        for old in records[max(0, start - 30):start:4]:  # replaced: deleted where they are, added again
            w.delete_by_term("id", old["id"])
            w.add_document(**document(old))
        for rec in batch:
            w.add_document(**document(rec))
        w.commit(mergetype=policy)
        start += size
    w = writer_class(ix, limitmb=memory_mb, codec=QuoteCodec(), compound=False)
    w.commit(optimize=True)


def _files(path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.mark.parametrize("memory_mb", [256, 1])  # 1 MB: the pool spills sorted runs to disk, read back Whoosh's way
def test_quote_writer_writes_the_files_whooshs_writer_writes(tmp_path, monkeypatch, memory_mb):
    records = _records(1200)
    built = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("ours", QuoteWriter)):
        ids = itertools.count()
        monkeypatch.setattr(codec_base.Segment, "_random_id", classmethod(lambda cls, size=16: f"s{next(ids):015d}"))
        (tmp_path / name).mkdir()
        _build(tmp_path / name, writer_class, records, memory_mb)
        built[name] = _files(tmp_path / name)
    assert sorted(built["ours"]) == sorted(built["whoosh"])
    assert len([n for n in built["ours"] if n.endswith(".trm")]) >= 1
    for name in built["whoosh"]:
        assert built["ours"][name] == built["whoosh"][name], name
    with whoosh_index.open_dir(str(tmp_path / "ours")).searcher() as s:
        assert s.doc_count() == 1200


def test_quote_writer_lets_go_of_its_postings_at_commit(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    w = QuoteWriter(ix, limitmb=64, codec=QuoteCodec())
    for rec in _records(50):
        w.add_document(**document(rec))
    pool = w.pool
    assert pool.terms
    w.commit()
    assert pool.terms == {} and pool.current == []


@pytest.mark.parametrize("name, value", [
    ("id", "q1"), ("id", "Ünïcode id"), ("id", ""),
    ("filters", "s:gonzalez s:KNSLS o:reuters k:full c:0.85"), ("filters", "s:a o:b s:a s:a"),
    ("filters", "a\tb\nc\rd  e\x0bf\u00a0g"), ("filters", ""), ("filters", ["s:a", "s:a", "o:b"]),
    ("day", 20190227), ("day", 20190227), ("day", 0), ("day", -5), ("day", [20190227, 20200101]),
    ("words", "We have no medicine in the hospitals, no medicine."), ("words", ""),
])
def test_the_writers_postings_are_the_fields(name, value):
    """QuoteWriter makes a field's postings with index.postings_of: the list field.index gives, types and all."""
    from quotes_api.search.index import postings_of

    field = build_schema()[name]
    fast = postings_of(field)
    assert fast is not field.index
    for _ in range(2):  # (a NUMERIC's are remembered per number)
        got, want = sorted(fast(value)), sorted(field.index(value))
        assert got == want
        assert [tuple(map(type, p)) for p in got] == [tuple(map(type, p)) for p in want]
