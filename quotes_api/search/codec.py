"""How the index writer lays postings on disk: Whoosh's own format (W3), written with two savings.

Whoosh chooses a codec per writer, and the files stay those of its W3 codec, so any Whoosh 2.7
reads them. The savings are on the writing side only:

- **Rare terms inline.** Most word pairs of the index (see analysis.py) occur in one or two
  quotations. W3 writes each term's postings as a pickled, zlib-compressed block in the postings
  file, which for a one-posting term costs more than the posting. W3 can keep the postings of a
  small term inside its entry in the term table instead (``inlinelimit``) and reads such terms
  back, but its writer calls a method that does not exist (``set_inline`` for ``set_inlined``),
  so in Whoosh 2.7.4 any inlinelimit above 1 raises at commit. ``_InliningPostingsWriter``
  makes that call correctly, and gives fields whose postings carry no value (``id``) an empty
  value per posting: Whoosh reads a term inlined without values as having the value ``''``, a
  str, which its own writer then refuses when segments are merged.
- **A list of the single words.** Each segment also gets a file (``.wrd``) of the single words of the
  ``words`` field, in order, one a line: prefixes, fuzzy words and inflections expand over it
  (spelling.single_words) instead of walking the term table, where every word is followed by its
  pairs with common words and skipping them is a search of the table per word (a fuzzy word cost
  170 ms at 100,000 quotations, nearly all of it there). Whoosh keeps the file with its segment
  (in the compound file, deleted with the segment) and never reads it.
- **Champion lists.** For each word of ``words`` in at least CHAMPION_MIN_DOCS documents of the segment,
  a file (``.chp``) keeps, for each distinct weight (how often the word occurs in the quotation), the
  CHAMPIONS documents with the shortest field (the lower number first among equal lengths), and how
  many documents have that weight. BM25 grows with the weight and falls with the length, so a
  document of the page of a one-word search is, within its weight, among the best CHAMPIONS, whatever
  the index's average length and the word's idf: ranking.py ranks those few instead of every posting
  (the tiered index of issue 11, exact by construction).
- **A table of the ids.** A file (``.ids``) of the 64-bit hashes of the segment's ``id`` terms, sorted:
  the writer finds which segments may hold the quotations it replaces with one array search per
  segment (index.QuoteIndex.apply), instead of looking each id up in each segment's term table,
  which cost more the more segments there were (0.13 ms a quotation at 23 segments).
- **Field lengths from memory.** When a segment is flushed, W3 looks up the length of the
  document's field for every posting (for BM25's block bounds), reading one byte from the
  lengths file each time, or checking on disk for a file that does not exist for fields
  without lengths. ``_FlushReader`` reads each field's lengths once.
"""
from __future__ import annotations

import hashlib
import heapq
import json
import struct
from array import array
from functools import lru_cache
from hashlib import md5

import numpy as np

from pickle import dumps

from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, W3Codec, W3FieldWriter, W3PerDocReader, W3PostingsWriter, W3TermInfo,
                                 _lenfield)
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from .analysis import PAIR_SEPARATOR

# Terms in fewer documents than this keep their postings in the term table.
INLINE_LIMIT = 4
# The field whose single words each segment lists, and the extension of the list's file.
WORD_LIST_FIELD = "words"
WORD_LIST_EXT = ".wrd"
# Words of WORD_LIST_FIELD in at least this many documents of a segment get a champion list (".chp"),
# of the CHAMPIONS best documents of each weight: pages reaching past CHAMPIONS read every posting.
CHAMPION_MIN_DOCS = 2048
CHAMPIONS = 500
CHAMPIONS_EXT = ".chp"
# The field whose terms' hashes each segment lists (sorted 64-bit integers), and the list's extension.
ID_FIELD = "id"
IDS_EXT = ".ids"


def id_hash(text: str | bytes) -> int:
    """The 64-bit hash of an id term, as the ``.ids`` file holds it."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")
_PAIR = PAIR_SEPARATOR.encode()

_NOT_LOADED = object()


_TERMINFO = W3TermInfo._struct
_LENGTHS = struct.Struct("!ii")  # (filetables' _lengths: a key's and its value's lengths before them)


@lru_cache(maxsize=4096)
def _float32(weight: float) -> float:
    """A weight as W3 stores it (a float of an array("f"))."""
    return array("f", (weight,))[0]


@lru_cache(maxsize=4096)
def _length_byte(length: int) -> int:
    return length_to_byte(length)


def _md5_hash(key: bytes) -> int:
    """filetables.md5_hash without its hexadecimal round trip: the low 32 bits of the key's MD5."""
    return int.from_bytes(md5(key).digest()[12:], "big")


def _table_add(table: OrderedHashWriter, key: bytes, value: bytes) -> None:
    """``table.add(key, value)`` (OrderedHashWriter.add, then HashWriter.add): the same bytes and tables, written
    in one call instead of three, for the tens of thousands of terms a segment gets."""
    if key <= table.lastkey:
        raise ValueError(f"Keys must increase: {table.lastkey!r}..{key!r}")
    dbfile = table.dbfile
    pos = dbfile.tell()
    table.index.append(pos)
    dbfile.write(_LENGTHS.pack(len(key), len(value)) + key + value)
    h = _md5_hash(key) if table.hashfn is md5_hash else table.hashfn(key)
    table.buckets[h & 255].append((h, pos))
    table.lastkey = key


class _InliningPostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values or [b""] * len(self._ids))
        self._terminfo = None
        return terminfo


class _FlushReader(W3PerDocReader):
    """The per-document reader the writer consults while flushing a segment."""

    def __init__(self, storage, segment) -> None:
        super().__init__(storage, segment)
        self._lengths: dict[str, object] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._lengths.get(fieldname, _NOT_LOADED)
        if lengths is _NOT_LOADED:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = self._lengths[fieldname] = None if reader is None else reader.load()
        if lengths is None:
            return default
        # As W3's own reader: a document past the column (a merge can ask for docnum == doc count) has length 0.
        encoded = lengths[docnum] if docnum < len(lengths) else 0
        return byte_to_length(encoded) if encoded else None

    def field_lengths(self, fieldname) -> list | None:
        """doc_field_length of every document of the segment, by document number (None: no lengths column)."""
        if self.doc_field_length(0, fieldname, _NOT_LOADED) is _NOT_LOADED:
            return None
        return [byte_to_length(encoded) if encoded else None for encoded in self._lengths[fieldname]]


class _WordListingFieldWriter(W3FieldWriter):
    """W3's term writer, also listing the single words of WORD_LIST_FIELD as they are written (in order)."""

    def __init__(self, codec, storage, segment) -> None:
        super().__init__(codec, storage, segment)
        self._words: list[bytes] = []
        self._champions: dict[str, dict] = {}
        self._ids: list[int] = []
        self._groups: dict | None = None  # weight -> [count, heap of (-length, -docnum)] of the current term

    def _list_term(self, btext) -> bool:
        """Note a term as it is written: a single word of WORD_LIST_FIELD in the word list, an id in the table of
        id hashes. Whether the term is of WORD_LIST_FIELD (whose terms get champion lists)."""
        listed = self._fieldname == WORD_LIST_FIELD
        if listed and _PAIR not in btext:
            self._words.append(btext)
        elif self._fieldname == ID_FIELD:
            self._ids.append(id_hash(btext))
        return listed

    def start_term(self, btext):
        self._groups = {} if self._list_term(btext) else None
        super().start_term(btext)

    def add(self, docnum, weight, vbytes, length):
        groups = self._groups
        if groups is not None:
            group = groups.get(weight)
            if group is None:
                group = groups[weight] = [0, []]
            group[0] += 1
            if len(group[1]) < CHAMPIONS:
                heapq.heappush(group[1], (-length, -docnum))
            elif (-length, -docnum) > group[1][0]:  # shorter, or as short and earlier, than the worst kept
                heapq.heapreplace(group[1], (-length, -docnum))
        super().add(docnum, weight, vbytes, length)

    def finish_term(self):
        groups = self._groups
        if groups is not None and sum(count for count, _ in groups.values()) >= CHAMPION_MIN_DOCS:
            self._champions[self._btext.decode("utf-8")] = [
                [weight, count, sorted(-d for _, d in kept)] for weight, (count, kept) in sorted(groups.items())]
        self._groups = None
        super().finish_term()

    def add_term(self, btext, ids, weights, values, lengths) -> None:
        """``start_term``, ``add`` of each posting and ``finish_term`` in one call, writing the same bytes with
        one Python call a term instead of a few a posting (the flush of index.QuoteWriter). ``ids`` ascending;
        ``lengths``: each document's field length by document number, as ``_FlushReader.field_lengths``."""
        listed = self._list_term(btext)
        count = len(ids)
        if lengths is None:
            lens = [0] * count
        else:
            past = len(lengths)
            lens = [lengths[d] if d < past else None for d in ids]
        if listed and count >= CHAMPION_MIN_DOCS:
            groups: dict = {}
            for docnum, weight, length in zip(ids, weights, lens):
                groups.setdefault(weight, []).append((length, docnum))
            self._champions[btext.decode("utf-8")] = [
                [weight, len(group), sorted(d for _, d in heapq.nsmallest(CHAMPIONS, group))]
                for weight, group in sorted(groups.items())]
        self._groups = None
        postings = self._postwriter
        if count < postings._inlinelimit:  # most terms: their entry in the term table, as finish_postings makes it
            self._add_inlined(btext, ids, weights, values, lens)
            return
        W3FieldWriter.start_term(self, btext)
        limit = postings._blocklimit
        for start in range(0, count, limit):
            end = min(count, start + limit)
            if start:
                postings._write_block()  # as add_posting does when a block is full and another posting comes
            block_weights = weights[start:end]
            postings._ids = array("I", ids[start:end])
            postings._weights = array("f", block_weights)
            postings._values = [v for v in values[start:end] if v]
            known = [n for n in lens[start:end] if n]
            postings._minlength = min(known) if known else None
            postings._maxlength = max(known) if known else 0
            postings._maxweight = max(0, *block_weights)
        W3FieldWriter.finish_term(self)  # the last block, or the postings inline in the term's entry

    def _add_inlined(self, btext, ids, weights, values, lens) -> None:
        """A term whose postings are kept in its entry of the term table: the entry W3TermInfo.to_bytes writes
        after add_block and set_inlined (_InliningPostingsWriter.finish_postings), without those objects."""
        if len(ids) == 1:  # most terms (word pairs): the same entry, with the single posting's values at hand
            weight = _float32(weights[0])
            length = lens[0]
            entry = _TERMINFO.pack(True, 0 + weight, 1, _length_byte(length) if length else 0,
                                   _length_byte(length or 0), max(0, weight), ids[0], ids[0])
            entry += dumps(((ids[0],), (weight,), (values[0] or b"",)), 2)
        else:
            ids, weights = array("I", ids), array("f", weights)
            known = [n for n in lens if n]
            entry = _TERMINFO.pack(True, 0 + sum(weights), len(ids), length_to_byte(min(known)) if known else 0,
                                   length_to_byte(max(known) if known else 0), max(0, *weights), ids[0], ids[-1])
            entry += dumps((tuple(ids), tuple(weights), tuple([v for v in values if v] or [b""] * len(ids))), 2)
        _table_add(self._tindex, pack_ushort(self._fieldid) + btext, entry)

    def close(self):
        listing = self._create_file(WORD_LIST_EXT)
        listing.write(b"\n".join(self._words))
        listing.close()
        champions = self._create_file(CHAMPIONS_EXT)
        champions.write(json.dumps(self._champions, separators=(",", ":")).encode())
        champions.close()
        ids = self._create_file(IDS_EXT)
        ids.write(np.sort(np.asarray(self._ids, dtype=np.uint64)).astype(">u8").tobytes())
        ids.close()
        super().close()


class QuoteCodec(W3Codec):
    def __init__(self) -> None:
        super().__init__(inlinelimit=INLINE_LIMIT)

    def field_writer(self, storage, segment):
        return _WordListingFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return _InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                       compression=self._compression, inlinelimit=self._inlinelimit)

    def per_document_reader(self, storage, segment):
        return _FlushReader(storage, segment)
