"""Facet columns (search/facets.column): each segment's values are read once, and equal Whoosh's own reading."""
import shutil

from quotes_api.articles.model import Article
from quotes_api.search import facets
from quotes_api.search.index import FACET_SEP
from quotes_api.service import QuoteService


def _whoosh_values(searcher, name):
    values = [v.decode() for v in searcher.reader().column_reader(f"f_{name}")]
    if name in facets.MULTI_VALUED:
        return [tuple(v.split(FACET_SEP)) if v else () for v in values]
    return values


def test_columns_equal_whooshs_reading_and_a_commit_reads_only_its_new_segment(seeded_index, tmp_path, monkeypatch):
    index = tmp_path / "index"
    shutil.copytree(seeded_index, index)
    with QuoteService(str(index)) as service:
        searcher = service.index.searcher()
        for name in ("speaker", "outlet", "theme", "publication"):
            assert list(facets.column(searcher, name)) == _whoosh_values(searcher, name)
        assert list(facets.column(searcher, "month")) == [v[:7] for v in _whoosh_values(searcher, "day")]

        read = []
        real = facets._leaf_column
        monkeypatch.setattr(facets, "_leaf_column", lambda leaf, name: read.append(name) or real(leaf, name))
        text = ('The council met.\n\n"We will not raise taxes this year," said Mayor Jane Roe, speaking to '
                'Reuters on Tuesday.\n')
        service.ingest_article(Article(id="column-test", text=text, publication="Gazette"))
        fresh = service.index.searcher()
        assert fresh is not searcher
        for name in ("speaker", "outlet"):
            assert list(facets.column(fresh, name)) == _whoosh_values(fresh, name)
        old = {leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()}
        new = [leaf for leaf, _ in fresh.reader().leaf_readers() if leaf.segment().segment_id() not in old]
        assert new and len(new) < len(fresh.reader().leaf_readers())
        assert read == [name for name in ("speaker", "outlet") for _ in new]  # the old segments were not read again
        assert "Jane Roe" in facets.column(fresh, "speaker")


def test_a_column_is_not_walked_by_the_cycle_collector(seeded_index, tmp_path):
    """A column holds only strings (or tuples of them), in a tuple the collector stops tracking once it has seen
    it: a list of a million values was walked at every full collection of a worker."""
    import gc

    index = tmp_path / "index"
    shutil.copytree(seeded_index, index)
    with QuoteService(str(index)) as service:
        searcher = service.index.searcher()
        cols = [facets.column(searcher, name) for name in ("speaker", "theme", "day", "month")]
        gc.collect()
        assert cols[0] and not any(gc.is_tracked(col) for col in cols)


def test_a_process_forked_after_warm_reads_no_column_in_its_first_search(seeded_index, tmp_path):
    """gunicorn's arbiter calls QuoteService.warm() and closes the service before it forks its workers: a worker's
    first search then reads no segment's column (each segment's values and codes are kept by segment id), and
    counts what it would have counted reading them itself."""
    import os

    index = tmp_path / "index"
    shutil.copytree(seeded_index, index)
    with QuoteService(str(index)) as service:
        expected = service.search("government OR military OR the", per_page=5)
    facets._segments.clear()
    with QuoteService(str(index)) as service:
        service.warm()
    read, done = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: its own service, its own files
        ok = False
        try:
            facets._leaf_column = lambda leaf, name: (_ for _ in ()).throw(AssertionError(f"read {name} again"))
            with QuoteService(str(index)) as service:
                found = service.search("government OR military OR the", per_page=5)
            ok = {k: v for k, v in found.items() if k != "took_ms"} == {k: v for k, v in expected.items()
                                                                        if k != "took_ms"}
        finally:
            os.write(done, b"1" if ok else b"0")
            os._exit(0)
    os.close(done)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
