"""The readers: decoding, refusals, format detection, HTML, JSON, manifests and directories."""
from __future__ import annotations

import codecs
import io
import json
import re
import sys
from pathlib import Path

import pytest

from quotes_api.articles import reading
from quotes_api.articles.reading import iter_articles, iter_read, read_bytes, read_path, sniff_format
from quotes_api.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEEDS = Path(__file__).parent.parent / "seeds"

ARTICLE = "Harbour strike ends\n\nDock workers went back to work on Wednesday, their union said.\n"


# --- decoding ------------------------------------------------------------------

DECODED = [
    # (bytes, text read)
    (ARTICLE.encode("utf-8"), ARTICLE),
    (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), ARTICLE),
    (ARTICLE.encode("utf-16"), ARTICLE),  # Python writes the BOM
    (ARTICLE.encode("utf-32"), ARTICLE),
    (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), ARTICLE),
    (ARTICLE.replace("\n", "\r\n").encode(), ARTICLE),
    (ARTICLE.replace("\n", "\r").encode(), ARTICLE),
    ("Mixed\r\nline\rendings\n".encode(), "Mixed\nline\nendings\n"),
    # Non-breaking spaces and curly quotes stay, so that offsets point into the text.
    ("\u201cWe stay,\u201d said Sgt.\u00a0Torres \u2014 twice.".encode(), "\u201cWe stay,\u201d said Sgt.\u00a0Torres \u2014 twice."),
    # Old sites publish cp1252 and Latin-1: detected, not refused.
    ("\u201cWe got what we came for,\u201d said Mar\u00eda Pe\u00f1a, the union\u2019s secretary \u2013 "
     "adding that the caf\u00e9s would reopen.".encode("cp1252"),
     "\u201cWe got what we came for,\u201d said Mar\u00eda Pe\u00f1a, the union\u2019s secretary \u2013 "
     "adding that the caf\u00e9s would reopen."),
    ("Der B\u00fcrgermeister sagte, die Stra\u00dfe bleibe geschlossen. Gr\u00f6\u00dfere \u00c4nderungen "
     "seien n\u00f6tig.".encode("latin-1"),
     "Der B\u00fcrgermeister sagte, die Stra\u00dfe bleibe geschlossen. Gr\u00f6\u00dfere \u00c4nderungen seien n\u00f6tig."),
    # Accents written as characters of their own (decomposed, as some systems export text) are composed (NFC):
    # the name is then the same string as everywhere else.
    ("\u201cWe stay,\u201d said Mara Gonza\u0301lez, from Sa\u0303o Paulo.".encode(),
     "\u201cWe stay,\u201d said Mara Gonz\u00e1lez, from S\u00e3o Paulo."),
    ("Cafe\u0301 owners in Zu\u0308rich".encode("utf-16"), "Caf\u00e9 owners in Z\u00fcrich"),
]


@pytest.mark.parametrize("data, expected", DECODED)
def test_decoding(data, expected):
    [article] = read_bytes(data)
    assert article.text == expected


REFUSED = [
    # (bytes, words the message must contain)
    (b"", "empty"),
    (b"  \n\t\r\n ", "empty"),
    (codecs.BOM_UTF8 + b" \n", "whitespace"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (b"text with a \x00 NUL byte", "NUL"),
    (bytes(range(1, 9)) * 40 + b"some words", "binary"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "UTF-16"),  # a lone surrogate after a UTF-16 BOM
]


@pytest.mark.parametrize("data, words", REFUSED)
def test_refusals(data, words):
    with pytest.raises(InputError, match=words):
        read_bytes(data)


def test_cp1252_fixture_file_is_decoded():
    [article] = read_path(FIXTURES / "cp1252.txt")
    assert "Se\u00f1ora Mar\u00eda Pe\u00f1a, the union\u2019s secretary \u2013 who" in article.text
    assert "\r" not in article.text
    assert (article.title, article.published) == ("Harbour workers end strike after pay deal", "2021-03-03")


# --- size limits -------------------------------------------------------------------

def test_oversize_bytes_refused(monkeypatch):
    monkeypatch.setenv("QUOTES_API_MAX_INPUT_BYTES", "100")
    read_bytes(b"x" * 100)
    with pytest.raises(InputError, match="MAX_INPUT_BYTES"):
        read_bytes(b"x" * 101)


def test_oversize_file_refused_before_reading(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTES_API_MAX_INPUT_BYTES", "100")
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)

    def no_read(*args, **kwargs):
        raise AssertionError("the file was opened although stat() showed it too large")

    monkeypatch.setattr(Path, "open", no_read)
    with pytest.raises(InputError, match=r"big\.txt: .*101 bytes.*MAX_INPUT_BYTES"):
        read_path(path)


def test_oversize_stdin_refused(monkeypatch):
    monkeypatch.setenv("QUOTES_API_MAX_INPUT_BYTES", "100")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"y" * 1_000_000)))
    errors = []
    assert list(iter_articles(["-"], on_error=lambda src, msg: errors.append((src, msg)))) == []
    assert errors and errors[0][0] == "-" and "MAX_INPUT_BYTES" in errors[0][1]


def test_overlong_article_refused(monkeypatch):
    monkeypatch.setenv("QUOTES_API_MAX_ARTICLE_CHARS", "50")
    with pytest.raises(InputError, match="MAX_ARTICLE_CHARS"):
        read_bytes(("word " * 20).encode())


def test_stdin_is_read(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    [article] = iter_articles(["-"])
    assert (article.text, article.source) == (ARTICLE, "-")
    assert len(article.id) == 16  # no file stem: the hash alone


# --- format ----------------------------------------------------------------------

SNIFFED = [
    # (text, format)
    ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
    ("  <html lang='en'><body><p>Hi</p></body></html>", "html"),
    ("<div>x</div><body><p class='lead'>Hi</p></body>", "html"),
    ('{"text": "An article."}', "json"),
    ('[{"text": "One."}, {"text": "Two."}]', "json"),
    ('{"text": "One."}\n{"text": "Two."}\n', "jsonl"),
    ('{"text": "One."}\n{"text": broken}\n', "jsonl"),  # still JSON Lines, so the good line is read
    ("{curly} braces open this article but it is prose.", "text"),
    ("Plain text mentioning <html> tags in passing.", "text"),
    (ARTICLE, "text"),
]


@pytest.mark.parametrize("text, fmt", SNIFFED)
def test_sniffing(text, fmt):
    assert sniff_format(text) == fmt


DETECTED = [
    # (name, content type, format): the content type wins, then the extension
    ("a.txt", "text/html; charset=utf-8", "html"),
    ("a.json", "text/plain", "text"),
    ("a.ndjson", None, "jsonl"),
    ("a.HTM", None, "html"),
    ("a.md", None, "text"),
    ("a.bin", "application/octet-stream", "json"),  # unknown type and extension: sniffed
]


@pytest.mark.parametrize("name, content_type, fmt", DETECTED)
def test_format_detection(name, content_type, fmt):
    assert reading.detect_format('{"text": "x"}', name=name, content_type=content_type) == fmt


# --- HTML ------------------------------------------------------------------------------

def test_html_article_and_metadata():
    [article] = read_path(FIXTURES / "guard.html")
    assert article.format == "html"
    assert article.id.startswith("guard_")
    assert (article.title, article.publication, article.published, article.url, article.byline) == (
        "Border guards walk away from their posts", "The Caracas Ledger", "2019-02-27",
        "https://ledger.example.com/world/border-guards-walk-away", "Ana Rivera")
    paragraphs = article.text.split("\n\n")
    assert paragraphs[1].startswith("More than a hundred national guardsmen")
    assert paragraphs[2].startswith("\u201cWe were told to fire tear gas")
    for debris in ("Subscribe", "Most read", "Oil output falls", "All rights reserved", "Privacy policy"):
        assert debris not in article.text


@pytest.mark.parametrize("html", [
    b"<html><head><title>Nothing</title></head><body></body></html>",
    b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
    b"<!doctype html><<<>>>",
])
def test_html_without_main_text_refused(html):
    with pytest.raises(InputError, match="No article text"):
        read_bytes(html, name="page.html")


# --- JSON and JSON Lines ---------------------------------------------------------------

JSON_INPUTS = [
    # (json value, [(id, or None for a hash of the text, title, publication, published)])
    ({"id": "a1", "text": "Words.", "title": "T", "publication": "P", "published": "2020-01-31"},
     [("a1", "T", "P", "2020-01-31")]),
    ({"id": 7, "text": "Words.", "published": "2020-01-31T23:10:00+01:00"}, [("7", None, None, "2020-01-31")]),
    ([{"text": "One."}, {"text": "Two.", "published": "January 5, 2021"}],
     [(None, None, None, None), (None, None, None, "2021-01-05")]),
    # Input metadata wins over what the text prints.
    ({"text": "Printed title\n\nSharecast News | 07 Feb, 2019\n\nBody text follows here.", "publication": "Given"},
     [(None, "Printed title", "Given", "2019-02-07")]),
]


@pytest.mark.parametrize("value, expected", JSON_INPUTS)
def test_json(value, expected):
    articles = read_bytes(json.dumps(value).encode(), name="batch.json")
    # A record without an id gets the hash of its text alone (not the file stem: a file holds many).
    ids = [None if re.fullmatch(r"[0-9a-f]{16}", a.id) else a.id for a in articles]
    assert [(i, a.title, a.publication, a.published) for i, a in zip(ids, articles)] == expected
    assert all(a.format == "json" for a in articles)


def test_json_text_and_metadata_are_composed():
    """A JSON record's text and its metadata strings are composed (NFC), as a file's text is."""
    [article] = read_bytes(json.dumps({"text": "Jose\u0301 Nu\u0301n\u0303ez spoke.", "title": "Nu\u0301n\u0303ez speaks",
                                       "byline": "Ine\u0301s Pe\u0301rez"}).encode())
    assert (article.text, article.title, article.byline) == ("Jos\u00e9 N\u00fa\u00f1ez spoke.",
                                                             "N\u00fa\u00f1ez speaks", "In\u00e9s P\u00e9rez")


def test_json_html_record_goes_through_trafilatura():
    html = (FIXTURES / "guard.html").read_text(encoding="utf-8")
    [article] = read_bytes(json.dumps({"html": html, "publication": "Given"}).encode())
    assert article.publication == "Given"  # the record's field wins over the page's og:site_name
    assert article.title == "Border guards walk away from their posts"
    assert "Subscribe" not in article.text


BAD_JSON = [
    # (bytes, words of the message)
    (b'{"text": broken', "not valid JSON"),
    (b"[]", "non-empty array"),
    (b'"just a string"', "article object"),
    (b'[{"text": "ok"}, {"title": "no text"}]', "record 1: It has neither 'text' nor 'html'"),
    (b'[{"text": "ok"}, 3]', "record 1: It is not a JSON object"),
    (b'{"text": ["a", "list"]}', "field 'text' must be a string"),
    (b'{"text": "ok", "published": "yesterday"}', "not a date"),
]


@pytest.mark.parametrize("data, words", BAD_JSON)
def test_bad_json_refused(data, words):
    with pytest.raises(InputError, match=words):
        read_bytes(data, name="in.json")


def test_jsonl_bad_line_does_not_spoil_the_others():
    outcomes = list(iter_read((FIXTURES / "wire.jsonl").read_bytes(), name="wire.jsonl"))
    assert [o.id if not isinstance(o, InputError) else "error" for o in outcomes] == ["wire-1", "error", "wire-3"]
    assert str(outcomes[1]).startswith("line 2: It is not valid JSON")
    assert outcomes[0].published == "2021-03-02" and outcomes[0].extra == {"record": "line 1"}
    assert outcomes[2].text.startswith("Shares in the carmaker fell")


def test_jsonl_bad_line_refuses_the_list_readers():
    with pytest.raises(InputError, match=r"wire\.jsonl: 1 of 3 records cannot be read: line 2"):
        read_path(FIXTURES / "wire.jsonl")


def test_jsonl_bad_line_goes_to_on_error():
    errors = []
    ids = [a.id for a in iter_articles([FIXTURES / "wire.jsonl"], on_error=lambda s, m: errors.append((s, m)))]
    assert ids == ["wire-1", "wire-3"]
    assert errors == [(str(FIXTURES / "wire.jsonl"), errors[0][1])] and "line 2" in errors[0][1]


def test_errors_raise_without_on_error():
    with pytest.raises(InputError, match="line 2"):
        list(iter_articles([FIXTURES / "wire.jsonl"]))


def test_meta_wins_and_extra_keeps_the_rest():
    [article] = read_bytes(ARTICLE.encode(), name="x.txt", source="api",
                           meta={"publication": "Caller", "published": "2022-05-06", "lang": "en"})
    assert (article.publication, article.published, article.source, article.extra) == (
        "Caller", "2022-05-06", "api", {"lang": "en"})
    assert article.title == "Harbour strike ends"  # not given: read from the text


# --- manifest ---------------------------------------------------------------------------

def test_seeds_read_with_their_manifest():
    articles = {a.id: a for a in iter_articles([SEEDS])}
    assert list(articles) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    facts = {i: (a.publication, a.published) for i, a in articles.items()}
    assert facts == {
        "000_b10ec94c76a96876": (None, None),
        "001_60fee74f3b185593": ("The Epoch Times", "2019-02-07"),
        "002_987a5649f0139f7a": ("Sharecast News", "2019-02-07"),
        "003_c53219397c5d22a2": ("Sahar News", None),
        "004_cec9d586c5f71784": ("Business Insider", None),
    }
    assert articles["004_cec9d586c5f71784"].title.startswith("The 'king-maker' keeping Nicolas Maduro")


def test_manifest_fills_only_missing_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Printed headline\n\nBody text of the article, long enough.\n")
    (tmp_path / "b.json").write_text(json.dumps({"text": "Body.", "publication": "Stated"}))
    (tmp_path / "manifest.json").write_text(json.dumps({
        "a": {"publication": "From manifest", "published": "2020-02-03", "title": None},
        "b": {"publication": "From manifest", "url": "https://example.com/b"},
    }))
    a, b = iter_articles([tmp_path])
    assert (a.title, a.publication, a.published) == ("Printed headline", "From manifest", "2020-02-03")
    assert (b.publication, b.url) == ("Stated", "https://example.com/b")


def test_bad_manifest_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(InputError, match="manifest.json cannot be read"):
        read_path(tmp_path / "a.txt")


# --- directories and paths -------------------------------------------------------------------

def test_directory_walk(tmp_path):
    for rel in ["b.txt", "a.md", "sub/c.html", "sub/.hidden.txt", ".git/d.txt", "notes.csv", "manifest.json",
                "z.ndjson"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}" if rel == "manifest.json" else "x")
    names = [p.relative_to(tmp_path).as_posix() for p in reading.article_files(tmp_path)]
    assert names == ["a.md", "b.txt", "sub/c.html", "z.ndjson"]


PATH_ERRORS = [
    # (what to create, words of the message)
    (None, "No such file"),
    ("empty-dir", "no article files"),
    ("empty.txt", "empty"),
]


@pytest.mark.parametrize("create, words", PATH_ERRORS)
def test_path_errors_go_to_on_error(tmp_path, create, words):
    target = tmp_path / (create or "missing.txt")
    if create == "empty-dir":
        target.mkdir()
    elif create:
        target.write_bytes(b"")
    errors = []
    assert list(iter_articles([target], on_error=lambda s, m: errors.append((s, m)))) == []
    assert len(errors) == 1 and errors[0][0] == str(target) and words in errors[0][1]


def test_file_stem_makes_the_id(tmp_path):
    seed = tmp_path / "004_cec9d586c5f71784.txt"
    seed.write_text(ARTICLE)
    other = tmp_path / "My Story.txt"
    other.write_text(ARTICLE)
    assert read_path(seed)[0].id == "004_cec9d586c5f71784"
    assert read_path(other)[0].id.startswith("My-Story_")


# --- hostile records: lone surrogates and ids (issue 10, items 5 and 9) ------------------------

@pytest.mark.parametrize("record, field", [
    ('{"text": "\\"We stay,\\" she said. \\ud800"}', "'text'"),
    ('{"id": "a\\udfff", "text": "\\"We stay,\\" she said."}', "'id'"),
    ('{"title": "\\ud83d", "text": "\\"We stay,\\" she said."}', "'title'"),
    ('{"html": "<p>\\udc00</p>"}', "'html'"),
    ('{"text": "\\"We stay,\\" she said.", "tags": ["ok", "\\ud800"]}', "'tags'"),
    ('{"text": "\\"We stay,\\" she said.", "\\ud800": 1}', "field name"),
])
def test_a_lone_surrogate_refuses_that_record_only(record, field):
    good = '{"text": "\\"We go,\\" he said. \\ud83d\\ude00"}'  # a pair is one character: fine
    outcomes = list(iter_read(f"{good}\n{record}\n".encode(), name="batch.jsonl"))
    assert outcomes[0].text.endswith("\U0001F600")
    assert isinstance(outcomes[1], InputError)
    assert "line 2" in str(outcomes[1]) and "surrogate" in str(outcomes[1]) and field in str(outcomes[1])


def test_a_lone_surrogate_in_a_manifest_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "manifest.json").write_text('{"a": {"title": "\\ud800"}}')
    errors = []
    assert list(iter_articles([tmp_path], on_error=lambda s, m: errors.append(m))) == []
    assert "surrogate" in errors[0]


@pytest.mark.parametrize("ident", ["../../etc/passwd", "a/b", " ", "a\x00b", "", "\u00e9t\u00e9", "x" * 129,
                                   "-rf", ".hidden", True, 1.5, ["a"], {"a": 1}])
def test_a_record_id_must_match_the_documented_pattern(ident):
    if ident == "":  # empty means none given: the text's hash is the id
        assert re.fullmatch(r"[0-9a-f]{16}", read_bytes(json.dumps({"id": ident, "text": "Words."}).encode())[0].id)
        return
    with pytest.raises(InputError, match="id"):
        read_bytes(json.dumps({"id": ident, "text": "Words."}).encode())


@pytest.mark.parametrize("ident", ["004_cec9d586c5f71784", "a", "A.b-c_d", "_x", "7", 7, "x" * 128])
def test_valid_record_ids_are_kept(ident):
    assert read_bytes(json.dumps({"id": ident, "text": "Words."}).encode())[0].id == str(ident)


@pytest.mark.parametrize("stem", ["caf\u00e9 au lait", "..dots", "-dash", "a/b", "\u00e9\u00e9", "x" * 200])
def test_ids_made_from_file_stems_match_the_pattern(stem):
    from quotes_api.articles.model import article_id, is_article_id

    assert is_article_id(article_id(stem, "text"))
