"""Read articles from bytes, files, directories and stdin (see docs/contracts.md, "Readers").

Accepted inputs are plain text (.txt .text .md), HTML pages (.html .htm; the main text and
metadata are taken out with trafilatura), JSON (one object or an array of objects) and JSON
Lines (.jsonl .ndjson). The format comes from the content type, else the file extension,
else the content itself.

Metadata is taken, field by field, from the first of these that gives it:

1. ``meta`` passed by the caller (for example the fields of an API request);
2. what the input states: a JSON record's fields, an HTML page's metadata;
3. the ``manifest.json`` beside a file (a person's statement about that file);
4. what the text prints (``metadata.read_metadata``: title, date line, byline, desk credit).

Errors come at two levels. An input that cannot be read at all (empty, binary, too large,
undecodable, invalid JSON) is refused with ``InputError``. In a JSON array or a JSON Lines
file a single bad record does not spoil the others: ``iter_read`` yields an ``InputError``
in its place and goes on, ``iter_articles`` passes it to ``on_error``, and ``read_bytes`` /
``read_path``, which return a list, refuse the whole input naming every bad record.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from .. import settings
from ..errors import InputError
from .metadata import parse_date, read_metadata
from .model import ARTICLE_ID_NUMBER_MAX, ARTICLE_ID_RULE, Article, article_id, is_article_id

# Formats by file extension; a directory walk reads only these.
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}

# Formats by media type (any parameters such as "; charset=utf-8" are ignored).
CONTENT_TYPES = {
    "text/plain": "text", "text/markdown": "text",
    "text/html": "html", "application/xhtml+xml": "html",
    "application/json": "json",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/x-jsonlines": "jsonl",
}

MANIFEST = "manifest.json"

# The metadata fields an Article carries besides its text.
FIELDS = ("title", "publication", "published", "url", "byline")

# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of binary files people mistake for articles, with what to tell them.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file, which is one)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "a program"),
)

# Share of control characters (other than tab, newline, carriage return, form feed and
# escape) above which bytes are not text in any encoding a news article uses.
_MAX_CONTROL_SHARE = 0.05
_SNIFF_BYTES = 8192

# How far into a text to look for <body> and <p> tags when sniffing HTML (past a long <head>).
_SNIFF_CHARS = 1 << 16
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")

# trafilatura falls back to whatever text a page has ("Home" from a menu, "<<<>>>" from
# broken markup); fewer words than this is no article.
_MIN_HTML_WORDS = 5
RE_WORD = re.compile(r"\w{2,}")

# An HTML paragraph tag, for sniffing pages that lack a doctype ("<p>", "<p class=...>", not "<pre>").
RE_P_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)

# A UTF-16 surrogate code point standing alone: JSON's "\ud800" escape decodes to one, and it is
# no character (it cannot be encoded as UTF-8, stored or sent back). A pair of escapes that makes
# one character decodes to that character, so any surrogate left in a parsed string is alone.
RE_SURROGATE = re.compile("[\ud800-\udfff]")

# Chunk size for reading stdin, which has no size to check beforehand.
_CHUNK = 1 << 16

OnError = Callable[[str, str], None]


# --- bytes to text -----------------------------------------------------------

def decode(data: bytes) -> str:
    """Text from bytes: by byte-order mark, else UTF-8, else a detected encoding; line
    endings normalised to ``\\n``. Everything else (non-breaking spaces, curly quotes) is kept."""
    if not data.strip():
        raise InputError("The input is empty (or only whitespace); give an article's text.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise(_decode_as(data[len(bom):], encoding))
    _refuse_binary(data)
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _normalise(_detect(data))


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"The input starts with a {encoding.upper()} byte-order mark but is not valid "
                         f"{encoding.upper()} ({e.reason} at byte {e.start}); save it again as UTF-8.") from None


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"The input looks like {what}, not a text article; extract its text first.")
    if b"\x00" in data:
        raise InputError("The input contains NUL bytes, so it is binary data or UTF-16/32 text without a "
                         "byte-order mark; give the article as UTF-8 text.")
    sample = data[:_SNIFF_BYTES]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise InputError("The input looks like binary data (many control characters), not a text article.")


def _detect(data: bytes) -> str:
    """Text that is not UTF-8 (often cp1252 or Latin-1 from old sites), decoded by detection."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError("The input is not UTF-8 and its encoding could not be recognised; save it as UTF-8.")
    # Short English texts score the same in several Windows code pages (cp1250 would turn
    # "Peña" into "Peńa"); the web's legacy default, cp1252, breaks the tie.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return str(next((m for m in tied if "cp1252" in m.could_be_from_charset), best))


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("The input holds only whitespace; give an article's text.")
    return text


# --- format ------------------------------------------------------------------

def detect_format(text: str, *, name: str | None = None, content_type: str | None = None) -> str:
    """``text``, ``html``, ``json`` or ``jsonl``: by content type, else extension, else content."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in CONTENT_TYPES:
        return CONTENT_TYPES[media]
    if name and Path(name).suffix.lower() in EXTENSIONS:
        return EXTENSIONS[Path(name).suffix.lower()]
    return sniff_format(text)


def sniff_format(text: str) -> str:
    """The format the content shows; ``text`` when nothing else fits."""
    head = text.lstrip()[:1024].lower()
    if head.startswith(("{", "[")):
        if not isinstance(_parse_json(text), InputError):
            return "json"
        # JSON Lines is sniffed even with a broken line, so that the good lines are still read.
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if len(lines) >= 2 and all(line.startswith("{") and line.endswith("}") for line in lines):
            return "jsonl"
    start = text[:_SNIFF_CHARS].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in start and RE_P_TAG.search(start)):
        return "html"
    return "text"


# --- HTML --------------------------------------------------------------------

def html_to_text(html: str) -> tuple[str, dict]:
    """The main text of a page, paragraphs separated by blank lines, and its metadata."""
    # Imported here: trafilatura takes a second to import and plain text does not need it.
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"original_date": True},
    )
    if doc is None or len(RE_WORD.findall(doc.text or "")) < _MIN_HTML_WORDS:
        raise InputError("No article text was found in the HTML (the page is malformed or has no main "
                         "text); give the article's text instead.")
    paragraphs = [line.strip() for line in doc.text.split("\n") if line.strip()]
    meta = {"title": doc.title, "published": doc.date, "publication": doc.sitename,
            "url": doc.url, "byline": doc.author}
    return "\n\n".join(paragraphs), meta


@dataclass
class _Body:
    """One article's text as read, before metadata from other sources is merged in."""

    text: str
    format: str
    stated: dict  # metadata the input itself states (JSON fields, HTML page metadata)
    ident: str | None = None  # an id the input gives
    extra: dict = field(default_factory=dict)


# --- JSON --------------------------------------------------------------------

def _json_records(text: str, fmt: str) -> Iterator[tuple[str, object]]:
    """(where, record) for each record, ``where`` naming it in messages ("line 3", "record 2").
    A JSON Lines line that does not parse comes as an InputError in place of its record."""
    if fmt == "jsonl":
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                yield f"line {number}", _parse_json(line)
        return
    data = _parse_json(text, "The input")
    if isinstance(data, InputError):
        raise data
    if isinstance(data, dict):
        yield "the JSON object", data
    elif isinstance(data, list) and data:
        for index, record in enumerate(data):
            yield f"record {index}", record
    else:
        raise InputError("The JSON input must be an article object or a non-empty array of article objects.")


def _parse_json(text: str, subject: str = "It") -> object:
    """The parsed value, or an InputError saying why ``subject`` (the input, a line) is not JSON."""
    try:
        return json.loads(text)
    except ValueError as e:
        return InputError(f"{subject} is not valid JSON ({e}).")
    except RecursionError:
        return InputError(f"{subject} is JSON nested too deeply to be an article.")


def refuse_surrogates(value: object, where: str = "It") -> None:
    """InputError when a string in ``value`` (a parsed JSON value: keys too) holds a lone surrogate."""
    if isinstance(value, str):
        found = RE_SURROGATE.search(value)
        if found:
            raise InputError(f"{where} holds a lone UTF-16 surrogate (U+{ord(found.group()):04X} at character "
                             f"{found.start()}), which is not a character; send text as UTF-8 (a \\u escape "
                             f"of a surrogate must be one of a pair).")
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_surrogates(key, f"{where}: a field name")
            refuse_surrogates(item, f"Its field {key!r}" if where == "It" else where)
    elif isinstance(value, list):
        for item in value:
            refuse_surrogates(item, where)


def _record_id(value: object) -> str | None:
    """A JSON record's id: a string or a whole number of the documented form, or None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"Its id must be a string, not {json.dumps(value)[:40]}.")
    if isinstance(value, int) and not 0 <= value <= ARTICLE_ID_NUMBER_MAX:
        raise InputError(f"Its id {value} is not an article id: a number must be from 0 to {ARTICLE_ID_NUMBER_MAX}.")
    ident = str(value)
    if not is_article_id(ident):
        raise InputError(f"Its id {ident[:80]!r} is not an article id: use {ARTICLE_ID_RULE}.")
    return ident


def _record_body(record: object) -> _Body:
    """The text, stated metadata, id and other fields of one JSON record."""
    if isinstance(record, InputError):
        raise record
    if not isinstance(record, dict):
        raise InputError("It is not a JSON object with the article's fields.")
    refuse_surrogates(record)
    known = {"id", "text", "html", *FIELDS}
    for key in sorted((known - {"id"}) & record.keys()):
        if record[key] is not None and not isinstance(record[key], str):
            raise InputError(f"Its field {key!r} must be a string.")
    ident = _record_id(record.get("id"))
    page: dict = {}
    if (record.get("text") or "").strip():
        text = _normalise(record["text"])
    elif (record.get("html") or "").strip():
        text, page = html_to_text(record["html"])
    else:
        raise InputError("It has neither 'text' nor 'html'.")
    return _Body(text=text, format="json", stated=_first({k: record.get(k) for k in FIELDS}, page),
                 ident=ident, extra={k: v for k, v in record.items() if k not in known})


# --- articles ----------------------------------------------------------------

def iter_read(data: bytes, *, name: str | None = None, source: str | None = None,
              content_type: str | None = None, meta: dict | None = None) -> Iterator[Article | InputError]:
    """The articles of one input, with an ``InputError`` yielded in place of each JSON record
    that cannot be read. Raises ``InputError`` when the input as a whole cannot be read.

    ``name`` is a file name (its extension tells the format, its stem the article id);
    ``source`` is recorded on each Article; ``meta`` gives metadata that wins over any found
    (keys other than the Article's metadata fields are kept in ``Article.extra``).
    """
    yield from _read(data, name=name, source=source, content_type=content_type, meta=meta, fallback=None)


def read_bytes(data: bytes, *, name: str | None = None, source: str | None = None,
               content_type: str | None = None, meta: dict | None = None) -> list[Article]:
    """All articles of one input; refuses it (``InputError``) if any of its records is bad."""
    return _all_or_nothing(iter_read(data, name=name, source=source, content_type=content_type, meta=meta))


def read_path(path: str | os.PathLike) -> list[Article]:
    """All articles of one file; refuses it (``InputError``, naming the file) if any record is bad."""
    try:
        return _all_or_nothing(_read_file(Path(path)))
    except InputError as e:
        raise InputError(f"{path}: {e}") from None


def iter_articles(paths: Iterable[str | os.PathLike], on_error: OnError | None = None) -> Iterator[Article]:
    """Articles from files, directories (recursively, in sorted order) and ``-`` (stdin).

    ``on_error(source, message)`` is called for each input or record that cannot be read,
    and reading goes on; without it the first error raises ``InputError``.
    """
    for path in paths:
        for source, outcome in _outcomes(str(path)):
            if isinstance(outcome, Article):
                yield outcome
            elif on_error is None:
                raise InputError(f"{source}: {outcome}")
            else:
                on_error(source, str(outcome))


def article_files(directory: Path, skipped: list[Path] | None = None) -> Iterator[Path]:
    """Article files under ``directory`` in sorted order, skipping hidden names, manifests and
    other extensions (appended to ``skipped`` when given). Links to directories are not followed,
    so a link loop cannot recur forever."""
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from article_files(Path(entry.path), skipped)
        elif entry.name != MANIFEST and entry.is_file():
            if Path(entry.name).suffix.lower() in EXTENSIONS:
                yield Path(entry.path)
            elif skipped is not None:
                skipped.append(Path(entry.path))


def survey(paths: Iterable[str | os.PathLike]) -> tuple[int | None, list[Path]]:
    """What ``iter_articles(paths)`` will go through, from a listing alone: how many articles (None
    when a JSON or JSON Lines file, or stdin, may hold any number of them) and the files its
    directory walks leave out for their extension."""
    count: int | None = 0
    skipped: list[Path] = []
    for path in map(str, paths):
        if path == "-":
            count = None
            continue
        try:
            files = list(article_files(Path(path), skipped)) if Path(path).is_dir() else [Path(path)]
        except OSError:
            files = []
        if count is not None and any(EXTENSIONS.get(f.suffix.lower()) in ("json", "jsonl") for f in files):
            count = None
        if count is not None:
            count += len(files)
    return count, skipped


def _outcomes(path: str) -> Iterator[tuple[str, Article | InputError]]:
    """(source, Article or InputError) for everything one command-line path names."""
    if path == "-":
        yield from _guarded("-", lambda: _read(_read_stdin(), name=None, source="-", content_type=None,
                                                 meta=None, fallback=None))
    elif not Path(path).is_dir():
        yield from _guarded(path, lambda: _read_file(Path(path)))
    else:
        try:
            files = list(article_files(Path(path)))
        except OSError as e:
            yield path, InputError(f"The directory cannot be read ({e.strerror}).")
            return
        if not files:
            yield path, InputError(f"The directory holds no article files ({' '.join(sorted(EXTENSIONS))}).")
        for file in files:
            yield from _guarded(str(file), lambda file=file: _read_file(file))


def _guarded(source: str, read: Callable[[], Iterator[Article | InputError]]
             ) -> Iterator[tuple[str, Article | InputError]]:
    """Each outcome of ``read()`` with its source; an input refused as a whole is one error."""
    try:
        for outcome in read():
            yield source, outcome
    except InputError as e:
        yield source, e


def _read_file(path: Path) -> Iterator[Article | InputError]:
    data = _read_bounded(path)
    return _read(data, name=path.name, source=str(path), content_type=None, meta=None,
                 fallback=_manifest_entry(path))


def _read(data: bytes, *, name: str | None, source: str | None, content_type: str | None,
          meta: dict | None, fallback: dict | None) -> Iterator[Article | InputError]:
    """Checks, decodes and parses the whole input now, so that a refusal raises before any
    article is produced; returns the iterator of its articles."""
    limit = settings.get("MAX_INPUT_BYTES")
    if len(data) > limit:
        raise InputError(f"The input is {len(data)} bytes, more than MAX_INPUT_BYTES ({limit}); split it "
                         f"or raise the limit with QUOTES_API_MAX_INPUT_BYTES.")
    text = decode(data)
    fmt = detect_format(text, name=name, content_type=content_type)
    given, extra = _split_meta(meta or {})
    stem = Path(name).stem if name else None
    if fmt == "text":
        return iter([_article(_Body(text, "text", {}), stem, given, extra, fallback, source)])
    if fmt == "html":
        html_text, page = html_to_text(text)
        return iter([_article(_Body(html_text, "html", page), stem, given, extra, fallback, source)])
    return _json_articles(list(_json_records(text, fmt)), given, extra, fallback, source)


def _json_articles(records: list[tuple[str, object]], given: dict, extra: dict, fallback: dict | None,
                   source: str | None) -> Iterator[Article | InputError]:
    for where, record in records:
        try:
            article = _article(_record_body(record), None, given, extra, fallback, source)
        except InputError as e:
            yield InputError(f"{where}: {e}")
            continue
        article.extra.setdefault("record", where)
        yield article


def _article(body: _Body, stem: str | None, given: dict, extra: dict, fallback: dict | None,
             source: str | None) -> Article:
    """The Article, its metadata merged in the order the module docstring gives."""
    text = composed(body.text)
    limit = settings.get("MAX_ARTICLE_CHARS")
    if len(text) > limit:
        raise InputError(f"The article is {len(text)} characters long, more than MAX_ARTICLE_CHARS "
                         f"({limit}); split it or raise the limit with QUOTES_API_MAX_ARTICLE_CHARS.")
    stated = {**body.stated, "published": _iso_date(body.stated.get("published"), "The input")}
    found = _first(given, stated, fallback or {})
    if any(found[key] is None for key in FIELDS):
        found = _first(found, read_metadata(text))
    found = {key: composed(value) if isinstance(value, str) else value for key, value in found.items()}
    return Article(id=body.ident or article_id(stem, text), text=text, source=source,
                   format=body.format, extra={**body.extra, **extra}, **found)


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): 'Gonza\u0301lez', as some systems write it (a letter, then its
    accent as a character of its own), becomes 'Gonz\u00e1lez', the same name as everywhere else, for the
    extractor's names and the index's words alike (whose word pattern ends a word at a lone accent). Text already
    composed, as nearly all is, comes back as it is, after one quick check."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _first(*sources: dict) -> dict:
    """Each metadata field from the first source that gives it (a non-empty value)."""
    return {key: next((s[key] for s in sources if s.get(key) not in (None, "")), None) for key in FIELDS}


def _split_meta(meta: dict) -> tuple[dict, dict]:
    """The caller's ``meta`` as (Article metadata fields, everything else for ``extra``)."""
    given = {key: meta[key] for key in FIELDS if meta.get(key) not in (None, "")}
    if "published" in given:
        given["published"] = _iso_date(given["published"], "meta")
    return given, {k: v for k, v in meta.items() if k not in FIELDS}


def _iso_date(value: object, where: str) -> str | None:
    if value in (None, ""):
        return None
    iso = parse_date(str(value))
    if iso is None:
        raise InputError(f"{where} gives published as {value!r}, which is not a date; write it as YYYY-MM-DD.")
    return iso


def _all_or_nothing(outcomes: Iterable[Article | InputError]) -> list[Article]:
    items = list(outcomes)
    errors = [str(e) for e in items if isinstance(e, InputError)]
    if errors:
        raise InputError(f"{len(errors)} of {len(items)} records cannot be read: {' '.join(errors)} "
                         f"Fix or remove them; the other {len(items) - len(errors)} are readable.")
    return items


# --- files, stdin, manifests ---------------------------------------------------

def _read_bounded(path: Path) -> bytes:
    """The bytes of a file, refusing one larger than MAX_INPUT_BYTES before reading it."""
    limit = settings.get("MAX_INPUT_BYTES")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"The file is {size} bytes, more than MAX_INPUT_BYTES ({limit}); split it "
                             f"or raise the limit with QUOTES_API_MAX_INPUT_BYTES.")
        with path.open("rb") as f:
            return f.read(limit + 1)  # a file that grew after stat() is caught by _read's size check
    except FileNotFoundError:
        raise InputError("No such file or directory.") from None
    except IsADirectoryError:
        raise InputError("It is a directory; read its files with iter_articles.") from None
    except OSError as e:
        raise InputError(f"The file cannot be read ({e.strerror}).") from None


def _read_stdin() -> bytes:
    """Stdin's bytes, read in chunks so that an endless stream stops past MAX_INPUT_BYTES."""
    limit = settings.get("MAX_INPUT_BYTES")
    chunks, size = [], 0
    while size <= limit:
        chunk = sys.stdin.buffer.read(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _manifest_entry(path: Path) -> dict | None:
    """The manifest's facts about a file: ``manifest.json`` in the file's own directory, keyed
    by file stem. Only that directory is looked in: a manifest further up may be anything."""
    manifest = path.parent / MANIFEST
    try:
        mtime = manifest.stat().st_mtime_ns
    except OSError:
        return None
    entry = _load_manifest(str(manifest), mtime).get(path.stem)
    if entry is None:
        return None
    return {**entry, "published": _iso_date(entry.get("published"), f"{manifest} for {path.stem}")}


@lru_cache(maxsize=64)
def _load_manifest(manifest: str, mtime_ns: int) -> dict:
    """A manifest's entries, read once per version of the file (``mtime_ns`` keys the cache)."""
    try:
        data = json.loads(decode(_read_bounded(Path(manifest))))
    except (ValueError, InputError) as e:
        raise InputError(f"{manifest} cannot be read ({e}); fix it or remove it.") from None
    refuse_surrogates(data, str(manifest))
    if not isinstance(data, dict) or not all(
            isinstance(entry, dict) and all(isinstance(entry.get(k), (str, type(None))) for k in FIELDS)
            for entry in data.values()):
        raise InputError(f"{manifest} must map each file stem to an object whose fields "
                         f"({', '.join(FIELDS)}) are strings or null.")
    return data
