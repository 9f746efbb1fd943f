"""Search through QuoteService on the hand-made corpus: query language, filters, facets, paging, errors."""
from __future__ import annotations

import pytest

from fixtures.db import corpus
from quotes_api import ingest
from quotes_api.errors import QueryError, UnsafeIndexDir
from quotes_api.extract.records import quote_id
from quotes_api.service import QuoteService

MED, NEG, DES, SAN, BEG = (quote_id(t) for t in (corpus.MEDICINE, corpus.NEGOTIATE, corpus.DESERT, corpus.SANCTIONS,
                                                 corpus.BEGGARS))


@pytest.fixture
def data(monkeypatch):
    built = corpus.build()
    monkeypatch.setattr(ingest, "extract_article", corpus.fake_extractor(built))
    return built


@pytest.fixture
def svc(tmp_path, data):
    with QuoteService(tmp_path / "db") as s:
        s.ingest([art for art, _ in data.values()])
        yield s


def ids(found):
    return {h["id"] for h in found["hits"]}


@pytest.mark.parametrize("q, expected", [
    ("medicine", {MED}),
    ("medicines hospital", {MED}),                      # plain words are stemmed
    ('"no medicine"', {MED}),                           # phrase, as spoken
    ('"no medicines"', set()),                          # ... exactly as spoken
    ('"medicine in the hospitals"', {MED}),             # longer phrase through pairs
    ('"hospitals medicine"', set()),                    # order matters
    ("desert*", {DES}),                                 # prefix on spoken words
    ("medicin~", {MED}),                                # opt-in fuzzy
    ("soldiers OR sanctions", {DES, SAN}),
    ("soldiers AND hungry", {DES}),
    ("people -sanctions", set()),
    ("people NOT government", set()),
    ("(soldiers OR sanctions) NOT hungry", {SAN}),
    ('speaker:"Javier Gonzalez"', {DES, SAN}),          # one speaker across articles, accents folded
    ("speaker:gonzales", {DES, SAN}),                   # by sound
    ("speaker:gonzalex", {DES, SAN}),                   # one edit away
    ("speaker:lopez", {MED}),
    ("speaker:guaido negotiate", {NEG}),
    ("outlet:reuters", {MED, DES}),                     # the best account of MED says Reuters
    ('outlet:"el pais"', {SAN}),
    ("publication:insider", {MED, DES}),
    ("theme:medicine", {MED}),
    ("theme:sanctions", {SAN}),
    ("kind:partial", {BEG}),
    ("date:2019-02", {MED, NEG, DES}),
    ("date:2019-03-05", {SAN, BEG}),
    ("date:[2019-02-10 TO 2019-03-01]", {DES}),
    ("date:[2019-02 TO 2019-02]", {MED, NEG, DES}),
    ("date:[2019-03 TO]", {SAN, BEG}),
    ('"we are not beggars"', {BEG}),                    # common-word pairs stand in for common words ...
    ('"are we not"', set()),                            # ... and keep a phrase exact
    ('"not beggars"', {BEG}),
    ('"there is no"', {MED}),
    ('"is there"', set()),
    ("medicinal", {MED}),                               # inflections through the stem
    ("the", {MED, DES, SAN}),                               # a stop word still matches as spoken
    ("", {MED, NEG, DES, SAN, BEG}),
])
def test_query_language(svc, q, expected):
    assert ids(svc.search(q, per_page=100)) == expected


@pytest.mark.parametrize("filters, expected", [
    ({"speaker": "javier gonzalez"}, {DES, SAN}),
    ({"outlet": "Reuters"}, {MED, DES}),
    ({"theme": "military"}, {DES}),
    ({"publication": "El Pais"}, {SAN, BEG}),
    ({"kind": "full", "since": "2019-03"}, {SAN}),
    ({"until": "2019-02-07"}, {MED, NEG}),
    ({"since": "2019-02-08", "until": "2019-02"}, {DES}),
])
def test_filters(svc, filters, expected):
    assert ids(svc.search("", per_page=100, **filters)) == expected


@pytest.mark.parametrize("q, message", [
    ('"no medicine', "unclosed quotation mark"),
    ("(a OR b", "do not pair up"),
    ("date:[2019-03 TO 2019-01", "do not pair up"),
    ("foo:bar", "unknown field 'foo:'"),
    ("words:x", "unknown field"),
    ("speaker:", "needs a value"),
    ("date:2019-13", "not a date: month must be in 1..12"),
    ("date:banana", "not a date; use YYYY"),
    ("date:[2019-03 TO 2019-01]", "starts \\(2019-03\\) after it ends"),
    ("outlet:reu*", "not patterns or ranges"),
    ("kind:both", "not a kind"),
    ("x" * 1001, "MAX_QUERY_CHARS"),
])
def test_malformed_queries_raise_query_error(svc, q, message):
    with pytest.raises(QueryError, match=message):
        svc.search(q)


@pytest.mark.parametrize("kwargs, message", [
    ({"sort": "popular"}, "sort"), ({"page": 0}, "start at 1"), ({"per_page": "x"}, "whole numbers"),
    ({"since": "yesterday"}, "not a date"), ({"since": "2019-03", "until": "2019-02"}, "after it ends"),
    ({"kind": "both"}, "not a kind"),
])
def test_bad_parameters_raise_query_error(svc, kwargs, message):
    with pytest.raises(QueryError, match=message):
        svc.search("medicine", **kwargs)


def test_hit_shape_highlight_and_publications(svc):
    found = svc.search('"no medicine"')
    assert found["total"] == 1 and found["took_ms"] >= 0 and found["suggestion"] is None
    hit = found["hits"][0]
    assert hit["highlight"].startswith("There is <b>no</b> <b>medicine</b> in")
    assert [s["publication"] for s in hit["sources"]] == ["Reuters Wire", "Business Insider"]
    assert hit["speaker"]["name"] == "Maria Lopez" and hit["speaker"]["id"].startswith("s_")
    assert {"name": "medicine", "matched": ["medicine", "hospitals"]} in hit["themes"]
    assert isinstance(hit["score"], float)


def test_stemmed_highlight(svc):
    hit = svc.search("hospital")["hits"][0]
    assert "<b>hospitals</b>" in hit["highlight"]


def test_facets_counts_and_zero_hits(svc):
    f = svc.search("")["facets"]
    assert f["speaker"] == {"Javier Gonzalez": 2, "Maria Lopez": 1, "Juan Guaido": 1}
    assert f["outlet"] == {"Reuters": 2, "El País": 1}
    assert f["publication"]["Reuters Wire"] == 2 and f["publication"]["El Pais"] == 2
    assert f["month"] == {"2019-02": 3, "2019-03": 2}
    assert f["theme"]["medicine"] == 1
    empty = svc.search("zebra")
    assert empty["total"] == 0 and empty["hits"] == []
    assert empty["facets"] == {"speaker": {}, "outlet": {}, "theme": {}, "publication": {}, "month": {}}


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_sort_by_date(svc, sort):
    hits = svc.search("", sort=sort, per_page=100)["hits"]
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=sort == "-date")
    assert all(h["score"] is None for h in hits)


def test_paging_and_cap(svc):
    pages = [svc.search("", sort="date", page=p, per_page=2) for p in (1, 2, 3, 4)]
    assert [len(p["hits"]) for p in pages] == [2, 2, 1, 0]
    assert all(p["total"] == 5 for p in pages)
    assert len({h["id"] for p in pages for h in p["hits"]}) == 5
    assert svc.search("", per_page=10_000)["per_page"] == 100  # MAX_PER_PAGE


def test_per_page_cap_is_a_setting(tmp_path, data):
    with QuoteService(tmp_path / "db", overrides={"MAX_PER_PAGE": 2}) as s:
        s.ingest([a for a, _ in data.values()])
        assert len(s.search("", per_page=50)["hits"]) == 2


def test_did_you_mean(svc):
    assert svc.search("medicene hospitals")["suggestion"] == "medicine hospitals"
    assert svc.search("medicine")["suggestion"] is None


def test_iter_search_streams_everything(svc):
    got = list(svc.iter_search("", sort="date"))
    assert len(got) == 5 and [r["date"] for r in got] == sorted(r["date"] for r in got)
    assert [r["id"] for r in svc.iter_search("speaker:gonzalez")] == [DES, SAN]


def test_similar(svc):
    similar = svc.similar(DES, limit=3)
    assert DES not in {r["id"] for r in similar}
    assert svc.similar("q_unknown") == []


@pytest.mark.parametrize("interval, expected", [
    ("month", [{"period": "2019-02", "count": 3}, {"period": "2019-03", "count": 2}]),
    ("day", [{"period": "2019-02-07", "count": 2}, {"period": "2019-02-27", "count": 1},
             {"period": "2019-03-05", "count": 2}]),
])
def test_timeline(svc, interval, expected):
    assert svc.timeline(None, interval=interval) == expected
    assert svc.timeline("speaker:gonzalez", interval="month") == [{"period": "2019-02", "count": 1},
                                                                  {"period": "2019-03", "count": 1}]


def test_speakers_outlets_articles_health(svc):
    found = svc.speakers("gonzales")
    assert found["total"] == 1 and found["items"][0]["name"] == "Javier Gonzalez"
    sid = found["items"][0]["id"]
    assert svc.get_speaker(sid)["quotations"] == 2
    assert [q["id"] for q in svc.speaker_quotes(sid)["items"]] == [SAN, DES]  # newest first
    assert svc.speaker_quotes("s_nobody") is None
    assert [o["name"] for o in svc.outlets()] == ["El País", "Reuters"]
    assert svc.articles(per_page=1)["total"] == 3
    assert len(svc.get_article("a1_reuters")["quotations"]) == 2
    health = svc.health()
    assert health["status"] == "ok" and health["counts"] == {"articles": 3, "quotations": 5, "speakers": 3}
    assert health["generation"] == svc.generation == 3


def test_reader_picks_up_commits_without_restart(tmp_path, data):
    with QuoteService(tmp_path / "db") as writer, QuoteService(tmp_path / "db") as reader:
        art, _ = data["a1_reuters"]
        writer.ingest_article(art)
        assert reader.search("medicine")["total"] == 1
        gen = reader.generation
        writer.delete_article("a1_reuters")
        assert reader.search("medicine")["total"] == 0 and reader.generation > gen


def test_a_settled_index_is_read_again_only_when_it_changes(tmp_path, data, monkeypatch):
    """A request reads APPLIED (for its ETag and its searcher) and Whoosh lists the directory for its latest
    commit; while the index directory is unchanged and settled, one stat stands for both, and every commit is
    still seen by the next search."""
    import time

    from whoosh.index import FileIndex

    from quotes_api.search import index as index_mod

    monkeypatch.setattr(index_mod, "SETTLED_NS", 50_000_000)  # settled 50 ms after its last change
    reads = []
    real_list, real_read = FileIndex.latest_generation, index_mod.read_small
    monkeypatch.setattr(FileIndex, "latest_generation", lambda ix: reads.append("list") or real_list(ix))
    monkeypatch.setattr(index_mod, "read_small", lambda path: reads.append(path.name) or real_read(path))
    with QuoteService(tmp_path / "db") as writer, QuoteService(tmp_path / "db") as reader:
        writer.ingest_article(data["a1_reuters"][0])
        time.sleep(0.1)
        assert reader.search("medicine")["total"] == 1
        version = reader.version()
        reads.clear()
        for _ in range(3):
            assert reader.search("medicine")["total"] == 1 and reader.version() == version
        assert reads == []
        writer.delete_article("a1_reuters")  # within the moment: not settled, read every time
        assert reader.search("medicine")["total"] == 0 and reader.version() != version
        assert "APPLIED" in reads and "list" in reads
        version = reader.version()
        time.sleep(0.1)
        reader.search("medicine")
        reads.clear()
        assert reader.search("medicine")["total"] == 0 and reader.version() == version and reads == []
        writer.ingest_article(data["a1_reuters"][0])  # a settled directory changed: seen at once
        assert reader.search("medicine")["total"] == 1 and reader.version() != version


def test_word_lookups_are_kept_per_index_generation(tmp_path, data):
    """WORD_LOOKUPS: a lookup of the words starting with some letters is kept with the reader it was made on, the
    same words single_words finds; a commit makes a new reader, whose lookups see its new words."""
    from quotes_api.search.spelling import single_words, words_starting

    with QuoteService(tmp_path / "db") as writer, QuoteService(tmp_path / "db") as reader:
        writer.ingest_article(data["a1_reuters"][0])
        assert reader.search("sanctions", fuzzy=None)["total"] == 0
        old = reader.index.searcher().reader()
        kept = words_starting(old, "words", "sanction", keep=8)
        assert kept == () and words_starting(old, "words", "sanction", keep=8) is kept
        writer.ingest_article(data["a3_pais"][0])
        assert reader.search("sanctions", fuzzy=None)["total"] == 1
        new = reader.index.searcher().reader()
        assert new is not old
        found = words_starting(new, "words", "sanction", keep=8)
        assert "sanctions" in found and found == tuple(dict.fromkeys(single_words(new, "words", "sanction")))
        assert words_starting(old, "words", "sanction", keep=8) == ()  # the old generation's answer, kept as it was


def test_refuses_foreign_index_directory(tmp_path):
    (tmp_path / "db" / "whoosh").mkdir(parents=True)
    toc = tmp_path / "db" / "whoosh" / "_MAIN_1.toc"
    toc.write_bytes(b"not ours")
    with QuoteService(tmp_path / "db") as s:
        for _ in range(2):  # refused at open, and again by a later search: never unpickled
            with pytest.raises(UnsafeIndexDir, match="not created by quotes-api"):
                s.search("x")
    assert toc.read_bytes() == b"not ours"  # nor deleted


def test_corrector_skips_common_word_pairs(svc):
    from quotes_api.search.spelling import single_words

    reader = svc.index.searcher().reader()
    terms = [t for t in reader.lexicon("words")]
    terms = [t.decode() if isinstance(t, bytes) else t for t in terms]
    assert any(" " in t and t.startswith("th") for t in terms)  # pairs exist ...
    expected = sorted({t for t in terms if t.startswith("th") and " " not in t})
    assert sorted(set(single_words(reader, "words", "th"))) == expected  # ... and are skipped
    assert svc.search("hospitls")["suggestion"] == "hospitals"


@pytest.mark.parametrize("q, fuzzy, expected", [
    ("hospitls", False, set()),
    ("hospitls", True, {MED}),
    ("soldeirs", True, {DES}),        # eight letters or more allow two edits (a transposition)
    ("soldirs", True, {DES}),
    ("mdicine", False, set()),
    ("goverment", True, {SAN}),
    ("aid", True, set()),             # short words are never fuzzy
])
def test_fuzzy_parameter(svc, q, fuzzy, expected):
    found = svc.search(q, fuzzy=fuzzy)
    assert ids(found) == expected
    if expected:
        assert "<b>" in found["hits"][0]["highlight"]


def test_reader_never_searches_a_deleted_index_after_a_rebuild(tmp_path, data):
    """Issue 10 item 1: a rebuilt index starts its generations again from zero, so a reader comparing
    generations alone kept searching the deleted files once the new index reached its generation."""
    with QuoteService(tmp_path / "db") as writer, QuoteService(tmp_path / "db") as reader:
        for art, _ in data.values():
            writer.ingest_article(art)
        a1 = data["a1_reuters"][0]
        for _ in range(2):
            writer.delete_article(a1.id)
            writer.ingest_article(a1)
        assert reader.search("sanctions")["total"] == 1  # the reader opens the index at this generation
        generation = reader.index.searcher().reader().generation()
        writer.reindex()
        while writer.index.ix().latest_generation() < generation - 1:
            writer.delete_article(a1.id)
            writer.ingest_article(a1)
        writer.delete_article("a3_pais")  # SANCTIONS is only there
        assert writer.index.ix().latest_generation() == generation
        found = reader.search("sanctions")
        assert found["total"] == 0 and found["hits"] == []
        assert reader.search("medicine")["total"] == 1
