"""Exceptions that carry a message meant for the user, never a traceback."""


class QuotesApiError(Exception):
    """Base class: ``str(e)`` is a complete sentence a user can act on."""


class InputError(QuotesApiError):
    """An input that cannot be read as an article: empty, binary, too large, malformed."""


class ExtractionTimeout(QuotesApiError):
    """An article whose text made a regular expression run past REGEX_TIMEOUT."""
