#!/usr/bin/env python3
"""Fuzz target for atheris: any bytes, read as an article in any format and extracted, raise no unexpected error.

    python3 -m pip install atheris
    mkdir -p /tmp/fuzz-corpus
    python3 scripts/fuzz_extract.py -max_total_time=600 -rss_limit_mb=4096 /tmp/fuzz-corpus seeds/ tests/fixtures/articles/

libFuzzer writes the inputs it finds into the first directory only (/tmp/fuzz-corpus), and reads
the others as a starting corpus, so seeds/ is never written to. The first byte of an input picks
how it is read: as a .txt, .html, .json or .jsonl file, by one of the API's content types, or by
sniffing the content, so the plain-text, HTML (trafilatura), JSON and JSON Lines readers are all
reached. Readers may refuse an input with InputError and extraction may skip an article with
ExtractionTimeout (both QuotesApiError): anything else is a bug, and atheris saves the input that
caused it (crash-<sha1> in the working directory). Every article must also encode as UTF-8 and its
records as JSON (what the store and the API do with them), and every offset must point at its
text, as in tests/test_extract_property.py.
"""
import os
import sys

import atheris

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

with atheris.instrument_imports():
    import orjson

    from quotes_api.articles.reading import iter_read
    from quotes_api.errors import QuotesApiError
    from quotes_api.extract import extract_article

# How the first byte of an input chooses the reader: (file name, content type).
READS = (
    ("fuzz.txt", None), ("fuzz.html", None), ("fuzz.json", None), ("fuzz.jsonl", None),
    (None, "text/html"), (None, "application/json"), (None, "application/x-ndjson"), (None, "text/plain"),
    (None, None),  # sniffed from the content
)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    name, content_type = READS[data[0] % len(READS)]
    try:
        outcomes = list(iter_read(data[1:], name=name, content_type=content_type, source="fuzz"))
    except QuotesApiError:
        return
    for article in outcomes:
        if isinstance(article, QuotesApiError):
            continue
        orjson.dumps(article.to_dict())  # raises on a lone surrogate, as the store and the API would
        article.text.encode("utf-8")
        try:
            records = extract_article(article)
        except QuotesApiError:
            continue
        orjson.dumps(records)
        for r in records:
            for p in r["parts"]:
                assert 0 <= p["start"] <= p["end"] <= len(article.text)
                assert " ".join(article.text[p["start"]:p["end"]].replace("\u200b", " ").split()) == p["text"]


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
