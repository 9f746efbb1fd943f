"""Exceptions that carry a message meant for the user, never a traceback."""


class QuotesApiError(Exception):
    """Base class: ``str(e)`` is a complete sentence a user can act on."""


class InputError(QuotesApiError):
    """An input that cannot be read as an article: empty, binary, too large, malformed."""


class ExtractionTimeout(QuotesApiError):
    """An article too costly to extract: one regular expression ran past REGEX_TIMEOUT, or the whole article
    past EXTRACT_TIME_BUDGET."""


class WriterBusy(QuotesApiError):
    """Another process holds the database's writer lock past WRITE_LOCK_TIMEOUT (the API answers 503).

    ``task`` is what the holder is doing (see ``store.WRITER_TASKS``), when known, and
    ``retry_after`` how many seconds such a task usually holds the lock: what to wait before trying again.
    """

    def __init__(self, message: str, *, task: str | None = None, retry_after: int = 1) -> None:
        super().__init__(message)
        self.task = task
        self.retry_after = retry_after


class QueryError(QuotesApiError):
    """A search query, filter, sort or page that cannot be understood (the API answers 400)."""


class UnsafeIndexDir(QuotesApiError):
    """An index directory this program did not create: its pickled table of contents is never loaded."""


class QueryTooLong(QueryError):
    """A query over MAX_QUERY_CHARS (the API answers 414 URI Too Long)."""
