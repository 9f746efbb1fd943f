#!/usr/bin/env python3
"""Fuzz target for atheris: any bytes, read as an article and extracted, raise no unexpected error.

    python3 -m pip install atheris
    python3 scripts/fuzz_extract.py -max_total_time=300 [corpus_dir]

Readers may refuse input with InputError and extraction may skip an article with
ExtractionTimeout (both QuotesApiError): anything else is a bug, and atheris saves the
input that caused it. Offsets are checked as in tests/test_extract_property.py.
"""
import os
import sys

import atheris

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

with atheris.instrument_imports():
    from quotes_api.articles.reading import read_bytes
    from quotes_api.errors import QuotesApiError
    from quotes_api.extract import extract_article


def test_one_input(data: bytes) -> None:
    try:
        articles = read_bytes(data, name="fuzz.txt")
    except QuotesApiError:
        return
    for article in articles:
        try:
            records = extract_article(article)
        except QuotesApiError:
            continue
        for r in records:
            for p in r["parts"]:
                assert 0 <= p["start"] <= p["end"] <= len(article.text)
                assert " ".join(article.text[p["start"]:p["end"]].replace("\u200b", " ").split()) == p["text"]


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
