"""quotes-api: a source-attributed quote database and search API for news articles.

The package reads as the pipeline, each layer importing only the ones above it:

    articles/  reading files, page debris, metadata      -> Article
    extract/   quotations, speakers, outlets, records    -> quote records
    store.py   SQLite store of record                    (articles, quotations, occurrences)
    search/    Whoosh index and query language
    ingest.py  one transaction: article -> store -> index
    api/       REST resources (flask-smorest)
    app.py     create_app()
    cli.py     the ``quotes-api`` command
"""
__version__ = "0.1.0"

from . import native

native.install()  # (the compiled extractor, only where it is this checkout's code: see native)
