"""The index's codec writes what Whoosh's own codec writes, read back the same by any Whoosh 2.7."""
from __future__ import annotations

import random

import pytest

from whoosh import index as whoosh_index, query as Q
from whoosh.codec.whoosh3 import W3Codec

from quotes_api.search.codec import INLINE_LIMIT, QuoteCodec
from quotes_api.search.index import build_schema


def _docs(n: int) -> list[dict]:
    rng = random.Random(5)
    # Words from common to unique, so that terms span one posting to a posting list of many blocks.
    vocab = ["the", "of", "no", "medicine", "food", "army"] + [f"w{i}" for i in range(400)]
    weights = [1.0 / (r + 1) for r in range(len(vocab))]
    return [{"id": f"q{i}", "words": " ".join(rng.choices(vocab, weights, k=rng.randint(1, 30))),
             "filters": f"s:x{i % 7} k:full"} for i in range(n)]


def _build(path, codec, docs, batches: int = 3):
    """An index of ``docs`` written in ``batches`` commits, the segments then merged into one."""
    ix = whoosh_index.create_in(str(path), build_schema())
    size = -(-len(docs) // batches)
    for i in range(0, len(docs), size):
        w = ix.writer(codec=codec)
        for d in docs[i:i + size]:
            w.add_document(**d)
        w.commit(merge=False)
    w = ix.writer(codec=codec)
    w.delete_by_term("id", "q1")
    w.commit(optimize=True)  # merging reads every posting back, inlined ones included, and writes it again
    return ix


def test_same_hits_and_scores_as_whooshs_codec(tmp_path):
    docs = _docs(600)
    (tmp_path / "ours").mkdir()
    (tmp_path / "w3").mkdir()
    ours = _build(tmp_path / "ours", QuoteCodec(), docs)
    theirs = _build(tmp_path / "w3", W3Codec(), docs)
    assert len(ours.reader().leaf_readers()) == 1
    with ours.searcher() as a, theirs.searcher() as b:
        terms = [t.decode() for t in b.lexicon("words")]
        dfs = {b.doc_frequency("words", t) for t in terms}
        assert {1, INLINE_LIMIT - 1, INLINE_LIMIT} <= dfs and max(dfs) > 128  # inlined terms, and multi-block lists
        queries = [Q.Term("words", t) for t in terms] + [
            Q.Phrase("words", ["no medicine", "medicine"]), Q.And([Q.Term("words", "the"), Q.Term("filters", "s:x3")]),
            Q.Term("filters", "k:full")]
        for q in queries:
            got = [(h["id"], round(h.score, 6)) for h in a.search(q, limit=None)]
            want = [(h["id"], round(h.score, 6)) for h in b.search(q, limit=None)]
            assert got == want, q
        assert [a.doc_field_length(d, "words") for d in range(len(docs))] == \
            [b.doc_field_length(d, "words") for d in range(len(docs))]


def _walked_words(reader, prefix: str) -> set[str]:
    """The single words of ``words`` starting with ``prefix``, read from the term table itself."""
    return {t.decode() for t in reader.lexicon("words") if t.decode().startswith(prefix) and " " not in t.decode()}


def test_each_segment_lists_its_single_words(tmp_path):
    """Prefixes and fuzzy words expand over each segment's word list (codec.WORD_LIST_EXT), which holds
    exactly the single words of its term table, in segments just written, merged, and in compound files."""
    from quotes_api.search.spelling import near_words, segment_words, single_words

    docs = [{**d, "words": d["words"] + (" the medicines" if i % 3 else "")} for i, d in enumerate(_docs(600))]
    for merged in (False, True):
        path = tmp_path / f"merged{merged}"
        path.mkdir()
        ix = whoosh_index.create_in(str(path), build_schema())
        for i in range(0, len(docs), 200):
            w = ix.writer(codec=QuoteCodec())
            for d in docs[i:i + 200]:
                w.add_document(**d)
            w.commit(merge=False, optimize=merged and i == 400)
        with ix.searcher() as s:
            leaves = s.reader().leaf_readers()
            assert len(leaves) == (1 if merged else 3)
            for leaf, _ in leaves:
                listed = segment_words(leaf, "words")
                assert listed == sorted(_walked_words(leaf, "")) and "medicines" in listed
            for prefix in ("w1", "m", "the", "zz", ""):
                assert set(single_words(s.reader(), "words", prefix)) == _walked_words(s.reader(), prefix)
            assert near_words(s.reader(), "words", "medicin", 1, prefix=1) == {"medicine"}


def test_each_segment_lists_the_hashes_of_its_ids(tmp_path):
    """The writer looks an id up only in the segments whose table of id hashes holds it (index._maybe_held)."""
    import numpy as np

    from quotes_api.search.codec import id_hash
    from quotes_api.search.index import _id_table, _maybe_held

    docs = _docs(300)
    ix = _build(tmp_path, QuoteCodec(), docs)  # merged into one segment, q1 deleted
    with ix.searcher() as s:
        [(leaf, _)] = s.reader().leaf_readers()
        ids = [f"q{i}" for i in range(0, 400, 7)]
        hashes = np.asarray([id_hash(q) for q in ids], dtype=np.uint64)
        held = _maybe_held(_id_table(ix.storage, leaf.segment()), ids, hashes)
        assert held == [q for q in ids if int(q[1:]) < 300]


@pytest.mark.parametrize("docnum", [0, 1, 255, 256, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1])
@pytest.mark.parametrize("weight, length, value", [
    (1.0, 7, b"\x00\x00\x00\x01\x80\x02]q\x00K\x05a."), (3.0, 250, b""), (1.0, None, None), (0.1, 0, b"x" * 300)])
def test_a_one_posting_entry_from_parts_is_whooshs(docnum, weight, length, value):
    """The flush makes the term table entry of a one-posting term from three cached parts (codec.single_entry_*): the
    same bytes as W3TermInfo.to_bytes after add_block and set_inlined, pickle.dumps included, whatever the numbers'
    sizes in the pickle (BININT1, BININT2, BININT, LONG1)."""
    from array import array
    from pickle import dumps

    from whoosh.codec.whoosh3 import W3TermInfo
    from whoosh.util.numeric import length_to_byte

    from quotes_api.search.codec import single_entry_docnum, single_entry_head, single_entry_tail

    w = array("f", [weight])[0]
    byte = length_to_byte(length) if length else 0
    want = W3TermInfo._struct.pack(True, w, 1, byte, length_to_byte(length or 0), max(0, w), docnum, docnum) + \
        dumps(((docnum,), (w,), (value or b"",)), 2)
    assert single_entry_head(weight, length) + single_entry_docnum(docnum) + single_entry_tail(weight, value) == want
