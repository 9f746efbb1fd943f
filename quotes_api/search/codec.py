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
import zlib
from array import array
from functools import lru_cache
from hashlib import md5

import numpy as np

from pickle import dumps

from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3PerDocReader, W3PostingsWriter, W3TermInfo,
                                 _lenfield)
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.system import pack_int, pack_long, pack_ushort
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
assert _TERMINFO.format == "!BfIBBfII"
_TERMINFO_HEAD = struct.Struct("!BfIBBf")  # _TERMINFO without its first and last document numbers
_DOCNUMS = struct.Struct("!II")
# The pickle of ((docnum,), (w,), (value,)) (protocol 2) from its weight's bytes on, for a document number below
# 256: after PROTO 2, BININT1 n, TUPLE1, BINPUT 0 and BINFLOAT's opcode. And the length of what follows that opcode
# in the pickle of ((n,), (0.0,), (b"",)).
_PICKLE_TAIL = 8
_AFTER_WEIGHT_OPCODE = len(dumps(((0,), (0.0,), (b"",)), 2)) - _PICKLE_TAIL
# Term table entries kept before they are written at once (_WordListingFieldWriter.add_terms)
_PENDING_ENTRIES = 4096
_LENGTHS = struct.Struct("!ii")  # (filetables' _lengths: a key's and its value's lengths before them)


@lru_cache(maxsize=4096)
def _float32(weight: float) -> float:
    """A weight as W3 stores it (a float of an array("f"))."""
    return array("f", (weight,))[0]


@lru_cache(maxsize=4096)
def _length_byte(length: int) -> int:
    return length_to_byte(length)


# The term table entry of a one-posting term (most terms: word pairs) is ``_TERMINFO.pack(True, w, 1, b, b, max(0, w),
# docnum, docnum)`` then ``dumps(((docnum,), (w,), (value,)), 2)``, w the weight as a 32-bit float and b the length's
# byte (what _InliningPostingsWriter.finish_postings makes). The flush makes it from three parts, each made once per
# weight and length, per document number and per weight and value (pickle.dumps of each cost a third of writing the
# term table): the pickle of a tuple of three one-item tuples is the same opcodes whatever the numbers (PROTO 2, the
# document number, TUPLE1, BINPUT 0, BINFLOAT w, TUPLE1, BINPUT 1, then the value and the outer tuple, memo numbers
# from 2 on), so its bytes are the pickled document number's between fixed bytes.

def single_entry_head(weight: float, length: int | None) -> bytes:
    """The entry of a one-posting term up to its document numbers."""
    weight32 = _float32(weight)
    return _TERMINFO_HEAD.pack(True, 0 + weight32, 1, _length_byte(length) if length else 0,
                               _length_byte(length or 0), max(0, weight32))


def single_entry_docnum(docnum: int) -> bytes:
    """The entry of a one-posting term from its document numbers to its pickle's weight (BINFLOAT's opcode included)."""
    return _DOCNUMS.pack(docnum, docnum) + dumps(((docnum,), (0.0,), (b"",)), 2)[:-_AFTER_WEIGHT_OPCODE]


def single_entry_tail(weight: float, value: bytes | None) -> bytes:
    """The entry of a one-posting term from its pickle's weight on."""
    return dumps(((0,), (_float32(weight),), (value or b"",)), 2)[_PICKLE_TAIL:]


def _extend_growable(numbers, more: list[int]) -> None:
    """``numbers.extend(more)`` for a GrowableArray (the term table's positions) and ascending ``more``, in one call:
    the largest is appended first, so that the array takes the type that holds it (GrowableArray.append), then removed
    and the whole list added to the array itself."""
    if more:
        numbers.append(more[-1])
        numbers.array.pop()
        numbers.array.extend(more)


def _md5_hash(key: bytes) -> int:
    """filetables.md5_hash without its hexadecimal round trip: the low 32 bits of the key's MD5."""
    return int.from_bytes(md5(key).digest()[12:], "big")


_POINTER = struct.Struct("!Iq")  # (filetables' _pointer: a hash table's slot)
_EMPTY_SLOT = _POINTER.pack(0, 0)


class _QuoteHashWriter(OrderedHashWriter):
    """The term table's writer, its hash tables written a table at a time instead of a write a slot."""

    def _write_hashes(self):
        """HashWriter._write_hashes: the same 256 tables of ``(hash, position)`` slots, linear probing from
        ``(hash >> 8) % slots``, an empty slot (0, 0) (no entry is at position 0, the file's header is)."""
        dbfile, pack = self.dbfile, _POINTER.pack
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((dbfile.tell(), numslots))
            slots: list = [None] * numslots
            for hashval, position in entries:
                slot = (hashval >> 8) % numslots
                while slots[slot] is not None:
                    slot = (slot + 1) % numslots
                slots[slot] = pack(hashval, position)
            dbfile.write(b"".join([_EMPTY_SLOT if packed is None else packed for packed in slots]))


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
        # The parts of one-posting entries (add_terms)
        self._entry_head: dict[tuple, bytes] = {}
        self._docnum_part: dict[int, bytes] = {}
        self._entry_tail: dict[tuple, bytes] = {}
        self._tindex.__class__ = _QuoteHashWriter

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

    def add_terms(self, terms, lengths) -> None:
        """``start_term``, ``add`` of each posting and ``finish_term`` for each term of the field, in order, writing the
        same bytes with a few Python calls a term instead of a few a posting (the flush of index.QuoteWriter).

        ``terms``: ``(term bytes, postings)`` in the order of the terms, ``postings`` flat as the writer's pool keeps
        them, ``[docnum, weight, value, docnum, weight, value, ...]`` with ascending document numbers (a value
        ``None`` or ``b""``: none); ``lengths``: each document's field length by document number, as
        ``_FlushReader.field_lengths`` (None: the field has none)."""
        fieldname = self._fieldname
        listed, hashed = fieldname == WORD_LIST_FIELD, fieldname == ID_FIELD
        words, id_hashes = self._words, self._ids
        prefix = pack_ushort(self._fieldid)
        lengths = lengths or ()
        past = len(lengths)
        inlinelimit = self._postwriter._inlinelimit
        entry_head, docnum_part, entry_tail = self._entry_head, self._docnum_part, self._entry_tail
        # The term table: OrderedHashWriter.add of each entry, its positions tracked here and its bytes written a few
        # thousand entries at once (instead of three writes and a tell() an entry)
        table = self._tindex
        dbfile, buckets, lastkey = table.dbfile, table.buckets, table.lastkey
        hashfn = _md5_hash if table.hashfn is md5_hash else table.hashfn
        pending: list[bytes] = []
        positions: list[int] = []
        pos = dbfile.tell()
        for btext, postings in terms:
            if listed:
                if _PAIR not in btext:
                    words.append(btext)
            elif hashed:
                id_hashes.append(id_hash(btext))
            if len(postings) == 3:  # most terms (word pairs): one posting, its entry in the term table made from parts
                docnum, weight, value = postings
                length = lengths[docnum] if docnum < past else 0
                head = entry_head.get((weight, length))
                if head is None:
                    head = entry_head[weight, length] = single_entry_head(weight, length)
                part = docnum_part.get(docnum)
                if part is None:
                    part = docnum_part[docnum] = single_entry_docnum(docnum)
                tail = entry_tail.get((weight, value))
                if tail is None:
                    tail = entry_tail[weight, value] = single_entry_tail(weight, value)
                entry = head + part + tail
            else:
                ids, weights, values = postings[0::3], postings[1::3], postings[2::3]
                lens = [lengths[d] if d < past else None for d in ids] if past else [0] * len(ids)
                if listed and len(ids) >= CHAMPION_MIN_DOCS:
                    self._champion(btext, ids, weights, lens)
                if len(ids) < inlinelimit:
                    entry = self._inlined(ids, weights, values, lens)
                else:
                    entry = self._written(ids, weights, values, lens)
            # OrderedHashWriter.add and HashWriter.add
            key = prefix + btext
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            lastkey = key
            record = _LENGTHS.pack(len(key), len(entry)) + key + entry
            pending.append(record)
            positions.append(pos)
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            pos += len(record)
            if len(pending) >= _PENDING_ENTRIES:
                dbfile.write(b"".join(pending))
                pending = []
        if pending:
            dbfile.write(b"".join(pending))
        table.lastkey = key if positions else table.lastkey
        _extend_growable(table.index, positions)
        self._groups = None

    def _champion(self, btext, ids, weights, lens) -> None:
        """The champion list of a word of WORD_LIST_FIELD in CHAMPION_MIN_DOCS documents or more (see the module)."""
        groups: dict = {}
        for docnum, weight, length in zip(ids, weights, lens):
            groups.setdefault(weight, []).append((length, docnum))
        self._champions[btext.decode("utf-8")] = [
            [weight, len(group), sorted(d for _, d in heapq.nsmallest(CHAMPIONS, group))]
            for weight, group in sorted(groups.items())]

    def _written(self, ids, weights, values, lens) -> bytes:
        """The entry of a term whose postings go to the postings file: its blocks written as W3PostingsWriter writes
        them (start_postings, add_posting of each, finish_postings: _write_block of each block, the blocks' statistics
        added up as W3TermInfo.add_block does), the same bytes without a posting writer's calls a posting."""
        postings = self._postwriter
        postfile = postings._postfile
        limit, comp, fixed = postings._blocklimit, postings._compression, self._format.fixed_value_size()
        start = postfile.tell()
        count = len(ids)
        # W3TermInfo's statistics (TermInfo.__init__, then add_block of each block)
        total, minlength, maxlength, maxweight = 0, None, 0, 0
        out = [WHOOSH3_HEADER_MAGIC]
        for first in range(0, count, limit):
            end = min(count, first + limit)
            block_ids = ids[first:end]
            block_weights = array("f", weights[first:end])
            known = [n for n in lens[first:end] if n]
            block_min = min(known) if known else None
            block_max = max(known) if known else 0
            block_maxweight = max(0, *weights[first:end])
            total += sum(block_weights)
            minlength = block_min if minlength is None else min(minlength, block_min)
            maxlength = max(maxlength, block_max)
            maxweight = max(maxweight, block_maxweight)
            # _mini_ids, _mini_weights, _mini_values
            mini_ids = (block_ids[0], *[b - a for a, b in zip(block_ids, block_ids[1:])])
            if all(w == 1.0 for w in block_weights):
                mini_weights = None
            elif all(w == block_weights[0] for w in block_weights):
                mini_weights = block_weights[0]
            else:
                mini_weights = tuple(block_weights)
            block_values = [v for v in values[first:end] if v]
            if fixed is None or fixed < 0:
                mini_values = tuple(block_values)
            elif fixed == 0:
                mini_values = None
            else:
                mini_values = b"".join(block_values)
            data = dumps((mini_ids, mini_weights, mini_values), 2)
            if comp:
                data = zlib.compress(data, comp)
            info = dumps((len(block_ids), block_ids[-1], block_maxweight, comp, length_to_byte(block_min),
                          length_to_byte(block_max)), 2)
            size = len(info) + len(data)
            out.append(pack_int(-size if end == count else size))  # (the last block's length negative)
            out.append(info)
            out.append(data)
        written = b"".join(out)
        postfile.write(written)
        return _TERMINFO.pack(False, total, count, 0 if minlength is None else length_to_byte(minlength),
                              length_to_byte(maxlength), maxweight, ids[0], ids[-1]) + pack_long(start) + \
            pack_int(len(written))

    @staticmethod
    def _inlined(ids, weights, values, lens) -> bytes:
        """The entry of a term of a few postings kept in the term table: what W3TermInfo.to_bytes writes after
        add_block and set_inlined (_InliningPostingsWriter.finish_postings), without those objects."""
        ids, weights = array("I", ids), array("f", weights)
        known = [n for n in lens if n]
        entry = _TERMINFO.pack(True, 0 + sum(weights), len(ids), length_to_byte(min(known)) if known else 0,
                               length_to_byte(max(known) if known else 0), max(0, *weights), ids[0], ids[-1])
        return entry + dumps((tuple(ids), tuple(weights), tuple([v for v in values if v] or [b""] * len(ids))), 2)

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
