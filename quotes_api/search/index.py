"""The Whoosh index of quotations: its schema, how a record becomes a document, and its directory.

The index is derived from the store and can always be rebuilt from it. Two files beside
Whoosh's own make that safe:

- ``QUOTES_API_INDEX`` (the marker) holds a random token written when *we* create the index and
  also kept in the store. Whoosh's table of contents is a pickle, and unpickling a file someone
  else wrote can run their code, so a directory without our marker is never opened, and one
  whose token is not the store's is wiped and rebuilt, never read.
- ``APPLIED`` holds the store change sequence the index reflects. It is written after each index
  commit, so after a crash it may lag the index but never lead it; replaying the changes after it
  is idempotent (update by id, delete by id).

Each build of the index (``create``) gets a random *build* id, written in both files. Whoosh tells
a reader its searcher is up to date by comparing generation numbers, which a new build starts
again from zero; so a reader also compares the build it opened with the one in ``APPLIED`` and
reopens the index when they differ, and never searches the files of a deleted build.

These files, and everything else quotes-api opens in INDEX_DIR by name, are opened without
following symbolic links and must be regular files: a link planted in their place could make a
writer overwrite its target, and a FIFO would hang every open.
"""
from __future__ import annotations

import json
import logging
import math
import os
import secrets
import shutil
import threading
import time
from functools import lru_cache, partial
from pathlib import Path
from typing import Iterable

import numpy as np
from whoosh import columns, fields, index as whoosh_index
from whoosh.analysis import IDTokenizer, RegexTokenizer
from whoosh.codec.whoosh3 import W3PerDocWriter, W3TermsReader
from whoosh.formats import Existence, Frequency
from whoosh.index import EmptyIndexError
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import pack_uint
from whoosh.writing import PostingPool, SegmentWriter

from .. import collector
from ..extract.records import speaker_identity
from ..errors import UnsafeIndexDir
from ..store import open_regular
from . import analysis, storage
from .codec import IDS_EXT, QuoteCodec, id_hash

log = logging.getLogger("quotes_api")

storage.install()  # segment files read where they are mapped, not copied into every process (search/storage.py)

MARKER = "QUOTES_API_INDEX"
APPLIED = "APPLIED"
# Longest marker or APPLIED file read (both hold a few dozen bytes).
_SMALL_FILE = 4096
# A directory whose times are older than this is settled (QuoteIndex._settled): well above the timestamp
# granularity of local filesystems (a clock tick, at most 10 ms) and the lag of the clock they stamp with.
SETTLED_NS = 2_000_000_000
# Bump when the schema or the analyzers change: an index of another version is rebuilt.
SCHEMA_VERSION = 10
# Facet columns hold several values (themes, publications) joined by this separator.
FACET_SEP = "\x1f"
FACETS = ("speaker", "outlet", "theme", "publication", "day")
# Prefixes of the tokens of the ``filters`` field, one per filterable property.
FILTER_PREFIX = {"speaker": "s:", "outlet": "o:", "theme": "t:", "publication": "p:", "kind": "k:",
                 "confidence": "c:"}


def confidence_token(confidence: float) -> str:
    """The attribution confidence as a filter token that sorts as the number does: c:0.00 ... c:1.00."""
    return f"{FILTER_PREFIX['confidence']}{max(0.0, min(1.0, confidence)):.2f}"


def build_schema() -> fields.Schema:
    """Few fields on purpose: Whoosh's cost per document grows with each analysed field.

    ``words`` is the one ranked field. Everything a query narrows by (speaker, outlet, theme,
    publication, kind, attribution confidence) is one pre-tokenised ``filters`` field of prefixed
    tokens ("s:gonzalez", "s:KNSLS", "o:reuters", "c:0.85"); the date is ``day``, a number (20190227)
    whose trie terms let a range of years be a few dozen terms (a term per day made a date range at
    1,000,000 quotations a union of about 2,000 terms, most of its 37 s at p95).
    """
    words = fields.TEXT(analyzer=analysis.spoken(), phrase=True)
    words.format = analysis.SpokenPositions(field_boost=words.format.field_boost)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        words=words,
        filters=fields.KEYWORD(lowercase=False, commas=False, scorable=False),
        # Signed: Whoosh 2.7 splits some ranges of an unsigned NUMERIC field wrongly (a test checks ranges).
        day=fields.NUMERIC(int, bits=32),
        **{f"f_{name}": fields.COLUMN(columns.VarBytesColumn()) for name in FACETS},
    )


@lru_cache(maxsize=50_000)
def speaker_tokens(names: str) -> str:
    """The filter tokens of a speaker's names: folded words and their Double Metaphone codes (computed
    once per distinct speaker, not once per quotation)."""
    return " ".join(dict.fromkeys(FILTER_PREFIX["speaker"] + t.text for t in analysis.speaker_names()(names)))


def _filter_tokens(rec: dict, names: str, themes: list[str], pubs: list[str]) -> str:
    p = FILTER_PREFIX
    tokens = [speaker_tokens(names), p["kind"] + rec["kind"]]
    tokens += [p["outlet"] + w for w in analysis.fold_words((rec.get("outlet") or {}).get("name") or "")]
    tokens += [p["theme"] + t for t in themes]
    tokens += [p["publication"] + w for w in analysis.fold_words(" ".join(pubs))]
    tokens.append(confidence_token((rec.get("attribution") or {}).get("confidence") or 0.0))
    return " ".join(dict.fromkeys(tokens))


def day_number(date: str, *, first: bool = True) -> int:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) as the ``day`` field's number; a partial date stands for its
    first day (``first``) or its last (20190200 and 20190299 for 2019-02)."""
    parts = date.split("-")
    fill = "00" if first else "99"
    return int(parts[0] + (parts[1] if len(parts) > 1 else fill) + (parts[2] if len(parts) > 2 else fill))


def document(rec: dict) -> dict:
    """The index document of a store record (see Store.record)."""
    speaker = rec.get("speaker") or {}
    names = " ".join(n for n in [speaker.get("name"), *(speaker.get("aliases") or [])] if n)
    outlet = (rec.get("outlet") or {}).get("name") or ""
    themes = [t["name"] for t in rec.get("themes") or []]
    pubs = sorted({s["publication"] for s in rec["sources"] if s.get("publication")})
    doc = {
        "id": rec["id"], "words": rec["text"], "filters": _filter_tokens(rec, names, themes, pubs),
        # An anonymous speaker ("a source") is searchable by its words but is no speaker facet.
        "f_speaker": (speaker["name"] if speaker_identity(speaker) else "").encode(), "f_outlet": outlet.encode(),
        "f_theme": FACET_SEP.join(themes).encode(), "f_publication": FACET_SEP.join(pubs).encode(),
        "f_day": (rec.get("date") or "")[:10].encode(),
    }
    if rec.get("date"):
        doc["day"] = day_number(rec["date"][:10])
    return doc


def read_small(path: Path) -> str | None:
    """The text of a small file of ours (marker, APPLIED), None when it does not exist."""
    try:
        fd = open_regular(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        return os.read(fd, _SMALL_FILE).decode("utf-8", "replace")
    finally:
        os.close(fd)


def write_small(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` durably and atomically (a new file renamed over the old, never through a link)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        os.unlink(tmp)  # a leftover, or a link planted there: removed, never written through
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        raise UnsafeIndexDir(f"{tmp} is a directory; remove it") from None
    fd = open_regular(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


# Segments of the same tier (within a factor of SEGMENTS_PER_TIER in size) merged together once there are
# this many of them, as Lucene's TieredMergePolicy does (its segmentsPerTier and maxMergeAtOnce).
SEGMENTS_PER_TIER = 10
# Segments smaller than this many bytes are all of the lowest tier (Lucene's floorSegmentMB).
FLOOR_SEGMENT_BYTES = 2 * 1024 * 1024


def segment_bytes(sizes: dict[str, int], segment) -> float:
    """A segment's size for merging: the bytes of its files, times the share of its documents not deleted
    (a segment shrunk by deletions can be merged again). ``sizes`` maps the directory's file names to bytes."""
    prefix = segment.segment_id() + "."
    total = sum(n for name, n in sizes.items() if name.startswith(prefix))
    count = segment.doc_count_all()
    return total * segment.doc_count() / count if count else 0.0


def choose_merge(sizes: list[float], cap: float) -> list[int]:
    """Which segments to merge, by their sizes in bytes (positions in ``sizes``; none: ``[]``).

    As Lucene's TieredMergePolicy with ``maxMergedSegmentMB``: segments of at least half the cap are left
    alone (until deletions shrink them); the others fall in tiers by size, a factor of SEGMENTS_PER_TIER
    apart from FLOOR_SEGMENT_BYTES up; once the lowest tier that can holds SEGMENTS_PER_TIER segments with
    the one being committed (which the sizes do not list), its smallest are merged into that one, as many
    as fit under the cap (at least two). So a steady ingest merges every SEGMENTS_PER_TIER-th commit."""
    tiers: dict[int, list[int]] = {}
    for i, size in enumerate(sizes):
        if size < cap / 2:
            tier = int(math.log(max(size, FLOOR_SEGMENT_BYTES) / FLOOR_SEGMENT_BYTES, SEGMENTS_PER_TIER))
            tiers.setdefault(tier, []).append(i)
    for tier in sorted(tiers):
        if len(tiers[tier]) < SEGMENTS_PER_TIER - 1:
            continue
        chosen, total = [], 0.0
        for i in sorted(tiers[tier], key=lambda i: (sizes[i], i))[:SEGMENTS_PER_TIER - 1]:
            if total + sizes[i] > cap:
                break
            chosen.append(i)
            total += sizes[i]
        if len(chosen) >= 2:
            return chosen
    return []


def tiered_merge(max_segment_mb: float):
    """A Whoosh merge policy (``writer.commit(mergetype=...)``) that makes no segment bigger than about
    ``max_segment_mb`` (see choose_merge), so that the cost of a commit does not grow with the index.

    Whoosh's own (MERGE_SMALL) merges by a Fibonacci rule into ever bigger segments: at a million
    quotations a commit in about every 200,000 rewrote 200,000 documents, and the ingest rate of those
    blocks was half the others'. One merge a commit at most here, with the documents of the commit, so the
    work of a commit is bounded by the cap. ``QuoteIndex.optimize`` merges everything into one segment.
    """
    cap = max_segment_mb * 1024 * 1024

    def policy(writer, segments):
        from whoosh.reading import SegmentReader

        files = {name: writer.storage.file_length(name) for name in writer.storage.list()}
        chosen = set(choose_merge([segment_bytes(files, s) for s in segments], cap))
        for i in sorted(chosen):
            reader = SegmentReader(writer.storage, writer.schema, segments[i])
            writer.add_reader(reader)
            reader.close()
        return [s for i, s in enumerate(segments) if i not in chosen]

    return policy


# What the pool of a writer counts for each posting and each term it holds, against INDEX_MEMORY_MB (bytes, about
# what Python takes for them), besides the bytes of the posting's value and of the term.
_POSTING_BYTES = 100
_TERM_BYTES = 400


class _TermPool(PostingPool):
    """The postings a writer has been given, by field and term: ``{fieldname: {term bytes: [docnum, weight, value,
    docnum, weight, value, ...]}}`` (one flat list a term: most terms have one posting, and a list of three is the
    least Python can keep it in).

    Whoosh's PostingPool keeps a tuple a posting and sorts them all at the flush, and its field writer is then
    called a few times a posting; this pool sorts only the terms of each field, and QuoteWriter's flush hands a
    field's terms to the codec at once (codec.add_terms), which writes the same files. A writer adds its documents
    in the order of their numbers (merged segments after them), so each term's postings are in order already.
    Past its memory (``limitmb``) the pool spills sorted runs to disk as Whoosh's does, and the flush then reads
    them back Whoosh's way (``runs``), so memory stays bounded by INDEX_MEMORY_MB."""

    def __init__(self, tempstore, segment, limitmb: int) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb)
        self.terms: dict[str, dict[bytes, list]] = {}

    def add(self, item) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        self.add_term(fieldname, btext, [docnum], [weight], [vbytes])

    def add_field(self, fieldname: str, docnum: int, items, scorable: bool) -> int:
        """Add the postings of a document's field (``field.index(value)``); returns the field's length.
        The same as ``add`` of each, as SegmentWriter.add_document does, without a tuple a posting."""
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
        get = terms.get
        length, size, count = 0, 0, 0
        for btext, freq, weight, vbytes in items:
            count += 1
            length += freq
            postings = get(btext)
            # (weight * 1.0: Whoosh's field boost, a float weight, as its writer stores)
            if postings is None:
                terms[btext] = [docnum, weight * 1.0, vbytes]
                size += _TERM_BYTES + len(btext)
            else:
                postings += (docnum, weight * 1.0, vbytes)
            if vbytes:
                size += len(vbytes)
        if count:
            self.fieldnames.add(fieldname)
        self.currentsize += size + _POSTING_BYTES * count
        return length if scorable else 0

    def add_term(self, fieldname: str, btext: bytes, ids: list, weights: list, values: list) -> None:
        """Add a term's postings, after any it holds (``add`` of each)."""
        terms = self.terms.get(fieldname)
        if terms is None:
            terms = self.terms[fieldname] = {}
        postings = terms.get(btext)
        if postings is None:
            postings = terms[btext] = []
            self.fieldnames.add(fieldname)
            self.currentsize += _TERM_BYTES + len(btext)
        flat: list = [None] * (3 * len(ids))
        flat[0::3], flat[1::3], flat[2::3] = ids, weights, values
        postings += flat
        self.currentsize += _POSTING_BYTES * len(ids) + sum(len(v) for v in values if v)
        if self.currentsize > self.limit:
            self.save()

    def _postings(self):
        """Every posting held, as Whoosh's pool keeps them: ``(fieldname, term bytes, docnum, weight, value)``,
        sorted."""
        return [(fieldname, btext, docnum, weight, vbytes) for fieldname, terms in sorted(self.terms.items())
                for btext, postings in sorted(terms.items())
                for docnum, weight, vbytes in zip(postings[0::3], postings[1::3], postings[2::3])]

    def save(self) -> None:
        """Spill what is held as a sorted run of Whoosh's posting tuples (PostingPool.save)."""
        self.current = self._postings()
        self.terms = {}
        super().save()

    def cleanup(self) -> None:
        """Remove the runs and let go of the postings (Whoosh's writer is in reference cycles, so what it holds
        would otherwise wait for the cycle collector)."""
        self.terms, self.current = {}, []
        super().cleanup()

    def items(self):
        if not self.runs:
            return self._postings()
        self.save()
        return super().items()


# Python's cycle collector off while a writer adds and commits documents (extraction's own pause, which works the
# same way). A writer's pool holds a few containers per term and posting until its commit (bounded by
# INDEX_MEMORY_MB), and the collector walked all of them again and again as they grew: a quarter of the CPU of
# indexing PolNeAR train (3.1 s with it, 2.4 s without). The pool is let go by reference counting at the commit
# (_TermPool.cleanup); what forms cycles is the writer's own objects, one commit's worth, collected once the
# collector runs again (quotes_api.collector.paused).


# The tokens of a KEYWORD field (Whoosh's KeywordAnalyzer without lower case or commas: SpaceSeparatedTokenizer)
_KEYWORD_TOKENS = r"[^ \t\r\n]+"
_ONE = pack_uint(1)


def postings_of(field):
    """How the writer gets a field's postings: ``field.index``, as a list (None: the field is not indexed).

    For the fields of ``build_schema`` the same list made faster: the ``words`` format's own (SpokenPositions), an
    ID's one term, a KEYWORD's space-separated words counted without token objects, a NUMERIC's terms remembered
    per number (a date's 8 trie terms for every quotation of that day). Any other field, or these with another
    analyzer or format, goes through ``field.index`` (tests check both give the same)."""
    if not field.indexed:
        return None
    fmt, analyzer = field.format, getattr(field, "analyzer", None)
    if hasattr(fmt, "postings"):
        return fmt.postings
    if type(field) is fields.ID and type(fmt) is Existence and type(analyzer) is IDTokenizer:
        return partial(_id_postings, field, fmt.field_boost)
    if type(field) is fields.KEYWORD and type(fmt) is Frequency and type(analyzer) is RegexTokenizer \
            and analyzer.expression.pattern == _KEYWORD_TOKENS and not analyzer.gaps:
        return partial(_keyword_postings, field, analyzer.expression.findall, fmt.field_boost)
    if type(field) is fields.NUMERIC:
        return partial(_numeric_postings, lru_cache(maxsize=4096)(lambda number: list(field.index(number))),
                                 field)
    return field.index


def _id_postings(field, boost: float, value) -> list:
    if not isinstance(value, str):
        return list(field.index(value))
    return [(value.encode("utf-8"), 1, boost, b"")]


def _keyword_postings(field, findall, boost: float, value) -> list:
    if not isinstance(value, str):
        return list(field.index(value))
    words = findall(value)
    counts = dict.fromkeys(words, 0)
    if len(counts) == len(words):  # each word once, as ``document`` makes the filter tokens
        return [(word.encode("utf-8"), 1, boost, _ONE) for word in words]
    for word in words:
        counts[word] += 1
    return [(word.encode("utf-8"), n, float(n) * boost, pack_uint(n)) for word, n in counts.items()]


def _numeric_postings(cached, field, value) -> list:
    try:
        return cached(value)
    except TypeError:  # a list of numbers (unhashable)
        return list(field.index(value))


class QuoteWriter(SegmentWriter):
    """Whoosh's segment writer with the postings pooled by term (_TermPool) and written a term at a time, and a
    shorter add_document for documents without boosts or stored overrides (``document``'s): the same files,
    in less than half the time (indexing was most of what an ingest's index process did)."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = _TermPool(self._tempstorage, self.newsegment, kwargs.get("limitmb", 128))
        # (field, how its postings are made: field.index or the same list made faster (postings_of), ...)
        self._plan = {name: (field, postings_of(field), bool(field.scorable), field.stored, field.column_type)
                      for name, field in self.schema.items()}
        self._plain = not any(field.separate_spelling() or field.vector for _, field in self.schema.items())
        # W3's per-document writer records a field only when it is stored or has a length, and its columns' writers
        # can be called directly (add_column_value looks each up in three calls)
        self._w3_perdoc = isinstance(self.perdocwriter, W3PerDocWriter)

    def add_document(self, **fields) -> None:
        if not self._plain or any(name.startswith("_") or name not in self._plan for name in fields):
            return super().add_document(**fields)  # boosts, stored overrides, unknown fields: Whoosh's way
        self._check_state()
        perdoc, pool, docnum = self.perdocwriter, self.pool, self.docnum
        w3 = self._w3_perdoc
        columns = perdoc._colwriters if w3 else {}
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            field, index, scorable, stored, column = self._plan[name]
            length = pool.add_field(name, docnum, index(value), scorable) if index is not None else 0
            if length or stored or not w3:
                perdoc.add_field(name, field, value if stored else None, length)
            if column:
                writer = columns.get(name)
                if writer is None:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
                else:
                    writer.add(docnum, field.to_column_value(value))
        perdoc.finish_doc()
        if pool.currentsize > pool.limit:
            pool.save()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader, startdoc, docmap) -> None:
        """A merged segment's postings into the pool (SegmentWriter.add_reader), read term by term from its term
        table in order: Whoosh's ``reader.iter_postings`` looked every term up again in the table's hash (two
        thirds of the time of a merge), and passed each posting through three generators."""
        terms = getattr(reader, "_terms", None)
        if not isinstance(terms, W3TermsReader):
            return super().add_postings_to_pool(reader, startdoc, docmap)
        schema, pool = self.schema, self.pool
        deleted = frozenset(reader._perdoc.deleted_docs())
        for (fieldname, btext), terminfo in terms.items():
            if fieldname not in schema:
                continue
            # As reader.postings(fieldname, btext) makes it, from the entry at hand
            m = terms._codec.postings_reader(terms._postfile, terminfo, schema[fieldname].format,
                                             term=(fieldname, btext))
            if deleted:
                m = FilterMatcher(m, deleted, exclude=True)
            ids, weights, values = [], [], []
            while m.is_active():
                docnum = m.id()
                ids.append(docmap[docnum] if docmap is not None else startdoc + docnum)
                weights.append(m.weight())
                values.append(m.value())
                m.next()
            if ids:
                pool.add_term(fieldname, btext, ids, weights, values)

    def _flush_segment(self) -> None:
        if self.pool.runs:
            return super()._flush_segment()  # spilled to disk: merged back Whoosh's way
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        writer = self.fieldwriter
        for fieldname, terms in sorted(self.pool.terms.items()):
            if not terms:
                continue
            writer.start_field(fieldname, self.schema[fieldname])
            writer.add_terms(sorted(terms.items()), lengths.field_lengths(fieldname) if lengths is not None else None)
            writer.finish_field()
        writer.close()
        if lengths is not None:
            lengths.close()


class QuoteIndex:
    """The index directory: safe opening, a searcher that follows new commits and builds, batched writes."""

    def __init__(self, path: str | os.PathLike, token: str, *, max_segment_mb: float) -> None:
        self.path = Path(path)
        self.token = token
        self.merge_policy = tiered_merge(max_segment_mb)
        self._ix = None
        self._build: str | None = None  # the build self._ix belongs to
        self._searcher = None
        self._lock = threading.Lock()
        # (directory signature, state()) of the last settled read, and the signature under which the searcher
        # was last found up to date (see seen_state and searcher).
        self._seen: tuple[tuple, tuple] | None = None
        self._fresh: tuple | None = None
        # Each committed segment's table of id hashes (codec.IDS_EXT) by segment id, or None when it has none (see
        # replace).
        self._id_tables: dict[str, np.ndarray | None] = {}

    # --- state --------------------------------------------------------------------------

    def _json(self, name: str) -> dict | None:
        try:
            found = json.loads(read_small(self.path / name) or "null")
        except ValueError:
            return None
        return found if isinstance(found, dict) else None

    def _marker(self) -> dict | None:
        return self._json(MARKER)

    def _is_ours(self) -> bool:
        """Whether the directory holds an index we built for this store and schema (False: none, or another).

        Raises UnsafeIndexDir for a directory with files but no marker: we must neither read nor delete it.
        """
        if self.path.is_symlink():
            raise UnsafeIndexDir(f"{self.path} is a symbolic link; point INDEX_DIR at the real directory instead")
        marker = self._marker()
        if marker is None:
            if self.path.exists() and any(self.path.iterdir()):
                raise UnsafeIndexDir(
                    f"{self.path} holds files but was not created by quotes-api (no {MARKER} marker). Whoosh "
                    f"indexes are pickles, which can run code when loaded, so it is not opened; move it away "
                    f"or point INDEX_DIR elsewhere")
            return False
        return marker.get("token") == self.token and marker.get("schema") == SCHEMA_VERSION

    def applied_seq(self) -> int | None:
        """The store sequence this index reflects, or None when it must be rebuilt (missing, foreign, old)."""
        if not self._is_ours():
            return None
        return self.state()[1]

    def state(self) -> tuple[str | None, int | None]:
        """``(build, applied sequence)`` as ``APPLIED`` says, (None, None) while there is no complete index."""
        applied = self._json(APPLIED) or {}
        build, seq = applied.get("build"), applied.get("seq")
        if not isinstance(build, str) or not isinstance(seq, int):
            return None, None
        return build, seq

    def _signature(self) -> tuple | None:
        """The index directory's identity and times, or None when it cannot be read. Every change a reader must
        see renames a file into the directory or out of it, which changes its times: APPLIED and the marker are
        written to a new file renamed over the old (write_small), Whoosh writes each new table of contents and
        segment file under a new name and deletes the old ones, and a rebuild replaces the directory itself."""
        try:
            st = os.stat(self.path, follow_symlinks=False)
        except OSError:
            return None
        return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns

    @staticmethod
    def _settled(signature: tuple | None) -> bool:
        """Whether a change of the directory after this signature was taken is sure to change it: its times
        are older than SETTLED_NS, so a later change (later by the clock) cannot leave the same times. A
        directory changed within the last moments may change again within the filesystem's timestamp
        granularity and keep its times; it is read every time until it settles."""
        return signature is not None and signature[2] < time.time_ns() - SETTLED_NS \
            and signature[3] < time.time_ns() - SETTLED_NS

    def seen_state(self) -> tuple[str | None, int | None]:
        """``state()`` for the requests that serve the index: APPLIED is read again only when the directory has
        changed since it was last read (one stat instead of an open, a read and a close; a search reads the state
        twice, for its ETag and to open its searcher)."""
        signature = self._signature()
        seen = self._seen
        if seen is not None and seen[0] == signature:
            return seen[1]
        state = self.state()
        # The signature was taken before the read: a change during the read makes the next signature differ.
        self._seen = (signature, state) if self._settled(signature) else None
        return state

    def mark_applied(self, seq: int) -> None:
        write_small(self.path / APPLIED, json.dumps({"seq": seq, "build": self._build}))

    # --- opening ------------------------------------------------------------------------

    def create(self) -> None:
        """Start an empty index. Only called after applied_seq() vouched the directory is ours or empty."""
        self.close()
        if self.path.is_symlink():
            raise UnsafeIndexDir(f"{self.path} is a symbolic link; point INDEX_DIR at the real directory instead")
        # The new directory gets its marker before it takes the index's name, and the old one is renamed
        # away before it is deleted: a writer killed at any point leaves no index directory, or a marked
        # one, never files without a marker (which every later open would refuse). Leftovers of such a
        # kill are the two siblings, removed here next time.
        fresh, trash = (self.path.with_name(self.path.name + suffix) for suffix in (".new", ".deleting"))
        for leftover in (fresh, trash):
            if leftover.is_symlink():
                leftover.unlink()
            elif leftover.exists():
                shutil.rmtree(leftover)
        fresh.mkdir(parents=True)
        build = new_token()
        write_small(fresh / MARKER, json.dumps({"token": self.token, "schema": SCHEMA_VERSION, "build": build}))
        if self.path.exists():
            os.replace(self.path, trash)
        os.replace(fresh, self.path)
        shutil.rmtree(trash, ignore_errors=True)
        self._ix = whoosh_index.create_in(str(self.path), build_schema())
        self._build = build

    def ix(self):
        """The Whoosh index, opened (its pickled table of contents read) only once vouched for as ours."""
        if self._ix is None:
            if not self._is_ours():
                raise EmptyIndexError(f"no index built for this store in {self.path} yet")
            build = self._marker().get("build")
            self._ix = whoosh_index.open_dir(str(self.path))
            self._build = build
        return self._ix

    def searcher(self):
        """A searcher on the latest commit of the current build: refreshed when another process (or we)
        committed since, reopened when the index was rebuilt (EmptyIndexError while it is being rebuilt).

        Whoosh finds its latest commit by listing the directory; that is skipped while the directory is
        unchanged since the searcher was last found up to date (its signature, see _signature and _settled)."""
        signature = self._signature()
        with self._lock:
            if signature is not None and signature == self._fresh and self._searcher is not None:
                return self._searcher
        build, _ = self.seen_state()
        with self._lock:
            if build is None or build != self._build:
                self._close()
                if build is None:
                    self._is_ours()  # a directory we did not make is refused as such
                    raise EmptyIndexError(f"the index in {self.path} is being built")
                self.ix()
                if self._build != build:  # rebuilt again between the two reads: come back shortly
                    self._close()
                    raise EmptyIndexError(f"the index in {self.path} is being rebuilt")
            if self._searcher is None:
                self._searcher = self.ix().searcher()
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
            self._fresh = signature if self._settled(signature) else None
            return self._searcher

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        self._fresh = self._seen = None
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None
        self._build = None

    # --- writing ------------------------------------------------------------------------

    def writer(self, memory_mb: int):
        return QuoteWriter(self.ix(), limitmb=memory_mb, codec=QuoteCodec())

    def apply(self, ids: list[str], records: Iterable[dict], seq: int, *, memory_mb: int) -> None:
        """Replace the documents of ``ids`` by ``records`` (those of them still in the store, read as the
        writer goes), commit, then record ``seq`` as applied.

        The documents of the ids are found in the committed segments and deleted before the new ones are
        added: Whoosh's update_document and delete_by_term open a reader of every segment for each call,
        which made each sync cost as much as the index was large (at 20,000 quotations, 90% of the time
        of an ingest). Only the ids a segment's table of id hashes (codec.IDS_EXT) may hold are looked up
        in it, and a segment is opened only when it may hold some: most ids of an ingest are new, and
        opening every segment for every commit cost 1-6 ms a segment."""
        with collector.paused():
            self._apply(ids, records, seq, memory_mb)

    def _apply(self, ids: list[str], records: Iterable[dict], seq: int, memory_mb: int) -> None:
        w = self.writer(memory_mb)
        try:
            self.replace(w, ids, records)
        except BaseException:
            w.cancel()
            raise
        w.commit(mergetype=self.merge_policy)
        self.mark_applied(seq)

    def replace(self, w, ids: list[str], records: Iterable[dict]) -> None:
        """In writer ``w`` (not committed): delete the documents of ``ids`` from the committed segments, add
        ``records`` (see apply). Documents ``w`` itself added are not found: the caller commits them first."""
        from whoosh.reading import SegmentReader

        hashes = np.fromiter((id_hash(q) for q in ids), dtype=np.uint64, count=len(ids))
        offset = 0
        tables = {}
        for segment in list(w.segments):
            table = tables[segment.segment_id()] = self._id_tables.get(segment.segment_id())
            if table is None:
                table = tables[segment.segment_id()] = _id_table(w.storage, segment)
            held = _maybe_held(table, ids, hashes)
            if held:
                reader = SegmentReader(w.storage, w.schema, segment)
                try:
                    found = [docnum for qid in held if ("id", qid) in reader
                             for docnum in reader.postings("id", qid).all_ids()]
                finally:
                    reader.close()
                for docnum in found:
                    w.delete_document(offset + docnum)
            offset += segment.doc_count_all()
        # The committed segments' tables of id hashes are kept (their files never change) for the next writer of
        # this process: the index process looks every segment's up at each catch-up.
        self._id_tables = tables
        for rec in records:
            w.add_document(**document(rec))

    def segment_sizes(self) -> list[int]:
        """The documents of each segment of the latest commit (deleted ones included), as its table of contents says."""
        return [segment.doc_count_all() for segment in self.ix()._segments()]

    def optimize(self, memory_mb: int) -> int:
        """Merge every segment into one (the fastest searches; ingest merges only up to the policy's cap).
        Returns the number of segments there were."""
        w = self.writer(memory_mb)
        count = len(w.segments)
        if count < 2:
            w.cancel()
            return count
        w.commit(optimize=True)
        return count


def _id_table(storage, segment):
    """A segment's table of id hashes (sorted), None when it has none."""
    compound = segment.open_compound_file(storage) if segment.is_compound() else None
    files = compound or storage
    try:
        name = segment.make_filename(IDS_EXT)
        if not files.file_exists(name):
            return None
        f = files.open_file(name)
        try:
            return np.frombuffer(f.read(), dtype=">u8").astype(np.uint64)
        finally:
            f.close()
    finally:
        if compound is not None:
            compound.close()


def _maybe_held(table, ids: list[str], hashes) -> list[str]:
    """The ids a segment may hold, by its table of id hashes (all of them when it has none: ``table`` None)."""
    if not ids or table is None:
        return ids
    if not len(table):
        return []
    at = np.minimum(np.searchsorted(table, hashes), len(table) - 1)
    return [ids[i] for i in np.nonzero(table[at] == hashes)[0]]


def new_token() -> str:
    return secrets.token_hex(16)
