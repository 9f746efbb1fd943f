"""search/storage.py: segment files read in place of the mapped segment, as io.BytesIO would read a copy."""
import io
import pickle

import pytest
import whoosh.filedb.compound as compound
from whoosh.filedb.structfile import StructFile

import quotes_api.search.index  # noqa: F401  (installs ViewFile)
from quotes_api.search.storage import ViewFile, ViewReader

DATA = bytes(range(256)) * 40 + b"line one\nline two\n" + pickle.dumps({"a": [1, 2, 3], "b": "\u00e9"}, protocol=2)

# (operation, arguments): each is applied to a BytesIO copy and to a ViewReader of a memoryview, in order.
STEPS = [
    ("read", (10,)), ("tell", ()), ("seek", (5,)), ("read", (3,)), ("seek", (-4, io.SEEK_CUR)), ("read", (8,)),
    ("seek", (-20, io.SEEK_END)), ("read", (100,)), ("read", (5,)), ("tell", ()), ("seek", (10240,)),
    ("readline", ()), ("readline", ()), ("seek", (0,)), ("read", (-1,)), ("seek", (999999,)), ("read", (4,)),
]


def test_a_view_reads_as_a_copy_would():
    copy, view = io.BytesIO(DATA), ViewReader(memoryview(DATA))
    for name, args in STEPS:
        assert getattr(view, name)(*args) == getattr(copy, name)(*args), (name, args)


def test_readinto_and_pickles_read_through_the_view():
    view = ViewReader(memoryview(DATA))
    buf = bytearray(7)
    assert view.readinto(buf) == 7 and bytes(buf) == DATA[:7]
    view.seek(len(DATA) - len(pickle.dumps({"a": [1, 2, 3], "b": "\u00e9"}, protocol=2)))
    assert pickle.load(view) == {"a": [1, 2, 3], "b": "\u00e9"}
    with pytest.raises(ValueError):
        view.seek(-1)


def test_compound_segments_open_their_files_as_views_without_a_copy():
    assert compound.BufferFile is ViewFile
    f = ViewFile(memoryview(DATA), name="x")
    assert not isinstance(f.file, io.BytesIO)
    sub = f.subset(256, 10)
    assert isinstance(sub, ViewFile) and sub.read(10) == DATA[256:266]
    assert f.get(1, 3) == DATA[1:4]

def test_pickles_read_in_a_row_as_from_a_copy():
    """read_pickle gives each pickle and leaves the position past it, as Whoosh's StructFile over a copy does,
    for pickles shorter and longer than the first bytes it tries, up to the end of the buffer."""
    objects = [(128, 4000, 2.0, 3, 1, 9), list(range(300)), "x" * 5000, {"k": (1, 2)}, None]
    data = b"".join(pickle.dumps(o, protocol=2) + b"\x00\x01" for o in objects)[:-2]
    copy, view = StructFile(io.BytesIO(data)), ViewFile(memoryview(data))
    for o in objects:
        assert view.read_pickle() == copy.read_pickle() == o
        assert view.tell() == copy.tell()
        if view.tell() < len(data):
            assert view.read(2) == copy.read(2) == b"\x00\x01"
    with pytest.raises(Exception):
        ViewFile(memoryview(data[:8])).read_pickle()  # cut short
