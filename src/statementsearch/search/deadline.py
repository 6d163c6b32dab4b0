"""One deadline for a whole request: building and expanding the query, collecting, scoring,
snippets and record reads.

The web app starts a deadline when a request starts (``app``), the CLI when a search
starts; the search layer calls ``check()`` in each loop whose length depends on the query
or the data, and ``check()`` raises ``QueryTooSlow`` (503 ``query_timeout``) once the
deadline has passed, so the worker thread is free again. No signals, no timer threads:
requests run in worker threads, and a check is one clock read.

Outside a deadline (a test calling the search layer directly, an index build) ``check()``
does nothing. The deadline lives in a ``ContextVar``: each thread (each request) has its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

from statementsearch.errors import QueryTooSlow

# A request that has not answered after this long answers 503 instead (docs/operations.md).
REQUEST_SECONDS = 5.0

# The clock the deadline is measured on (a test may replace it).
clock: Callable[[], float] = time.monotonic

_deadline: ContextVar[tuple[float, float] | None] = ContextVar(
    "statementsearch_deadline", default=None
)


def start(seconds: float = REQUEST_SECONDS) -> Token[tuple[float, float] | None]:
    """Start a deadline ``seconds`` from now for this context; ``stop(token)`` ends it."""
    return _deadline.set((clock() + seconds, seconds))


def stop(token: Token[tuple[float, float] | None]) -> None:
    _deadline.reset(token)


@contextmanager
def deadline(seconds: float = REQUEST_SECONDS) -> Iterator[None]:
    """Run a block under a deadline (the CLI's search; tests)."""
    token = start(seconds)
    try:
        yield
    finally:
        stop(token)


def check() -> None:
    """Raise QueryTooSlow when this context's deadline has passed; else return at once."""
    current = _deadline.get()
    if current is not None and clock() > current[0]:
        raise QueryTooSlow(f"the search took longer than {current[1]:g} s; make it more specific")


def remaining() -> float | None:
    """Seconds left before the deadline (never below 0), or None without a deadline."""
    current = _deadline.get()
    return None if current is None else max(0.0, current[0] - clock())
