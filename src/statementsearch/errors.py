"""One error hierarchy; every error carries the HTTP status it maps to."""

from __future__ import annotations


class StatementSearchError(Exception):
    """Base class: ``code`` is machine-readable, the message is for people."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class CorpusError(StatementSearchError):
    """A corpus file cannot be read as a statement (names the file, and the line if known)."""

    code = "corpus_error"

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.reason = message
        self.line = line

    def __reduce__(self) -> tuple[type[CorpusError], tuple[str, str, int | None]]:
        # Rebuilt from its own arguments when it crosses a process boundary (parsing
        # runs in a pool); the default would pass only the formatted message.
        return (type(self), (self.path, self.reason, self.line))


class BadRequest(StatementSearchError):
    """A request parameter is invalid; the message names the parameter."""

    status = 400
    code = "bad_request"


class QuerySyntaxError(BadRequest):
    code = "query_syntax"


class NotFound(StatementSearchError):
    status = 404
    code = "not_found"


class QueryTooSlow(StatementSearchError):
    """A search ran past its time limit: answered as an error instead of a stuck worker."""

    status = 503
    code = "query_timeout"


class IndexUnavailable(StatementSearchError):
    """No index has been built yet, or it cannot be opened."""

    status = 503
    code = "index_unavailable"
