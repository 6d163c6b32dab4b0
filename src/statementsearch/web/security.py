"""What every response carries, and who may ask how often.

``init_app(app)`` installs three things:

- **Security headers on every response** (pages, JSON, CSV, static files, errors,
  redirects): a Content-Security-Policy that allows no inline script or style and no
  framing, ``nosniff``, ``Referrer-Policy: no-referrer`` (who searched for which
  organisation is sensitive: a search URL must not leak to another site), and
  ``Cache-Control: no-store`` on everything but static files (a shared cache must not keep
  search URLs or answers; a rebuild changes the answers anyway).
- **Rate limiting per client address**: a token bucket per address, ``RATE_LIMIT``
  requests per minute (``0`` turns it off). It lives in the worker process: with N gunicorn
  workers a client can get up to N times the limit. ``/api/health`` and ``/static/`` are
  exempt (monitors and page assets must not use up a reader's allowance).
- **The client address behind a reverse proxy**: ``X-Forwarded-For`` is trusted only when
  ``TRUSTED_PROXIES`` (the number of proxies in front) is set; otherwise anyone could
  claim any address and escape the limit.

This module never looks at what is searched; it never logs client addresses.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from statementsearch.errors import StatementSearchError

DEFAULT_RATE_LIMIT = 120  # requests per minute per client address
RATE_LIMIT_EXEMPT = ("/api/health", "/static/")
# Buckets are forgotten oldest-first beyond this many addresses (bounded memory under a
# flood of spoofed or distinct addresses; a forgotten bucket starts full again).
MAX_TRACKED_CLIENTS = 10_000
LIMITER_KEY = "statementsearch.rate_limiter"

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
NO_STORE = "no-store"


class RateLimited(StatementSearchError):
    """Too many requests from one client address; ``retry_after`` is in whole seconds."""

    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        unit = "second" if retry_after == 1 else "seconds"
        super().__init__(f"Too many requests; try again in {retry_after} {unit}.")
        self.retry_after = retry_after


class RateLimiter:
    """A token bucket per key: ``per_minute`` tokens, refilled evenly over a minute.

    A new client may send ``per_minute`` requests at once, then one every
    ``60 / per_minute`` seconds. Thread-safe (gthread workers share one limiter).

    >>> limiter = RateLimiter(2, clock=lambda: 0.0)
    >>> [limiter.hit("a"), limiter.hit("a"), limiter.hit("a")]
    [0, 0, 30]
    """

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_TRACKED_CLIENTS,
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be 1 or more")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        """Take a token for ``key``: 0 if allowed, else the seconds to wait (at least 1)."""
        now = self.clock()
        with self._lock:
            tokens, seen = self._buckets.pop(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - seen) * self.rate)
            if tokens >= 1.0:
                tokens -= 1.0
                wait = 0
            else:
                wait = max(1, math.ceil((1.0 - tokens) / self.rate))
            self._buckets[key] = (tokens, now)  # most recently seen last
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


def parse_rate_limit(raw: Any) -> int:
    """A rate limit setting -> requests per minute (0 = off); ValueError names the setting.

    "120" -> 120; "0" -> 0; "" -> DEFAULT_RATE_LIMIT; "fast" -> ValueError
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_RATE_LIMIT
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(
            f"STATEMENTSEARCH_RATE_LIMIT must be a whole number of requests per minute "
            f"(0 turns limiting off), got {raw!r}"
        ) from None
    if value < 0:
        raise ValueError(f"STATEMENTSEARCH_RATE_LIMIT must be 0 or more, got {value}")
    return value


def parse_trusted_proxies(raw: Any) -> int:
    """How many reverse proxies in front set X-Forwarded-For: "" -> 0, "1" -> 1."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValueError(
            f"STATEMENTSEARCH_TRUSTED_PROXIES must be a whole number, got {raw!r}"
        ) from None
    if value < 0:
        raise ValueError(f"STATEMENTSEARCH_TRUSTED_PROXIES must be 0 or more, got {value}")
    return value


def check_rate_limit() -> None:
    """before_request: raise RateLimited when this client has used up its allowance."""
    limiter: RateLimiter | None = current_app.extensions.get(LIMITER_KEY)
    if limiter is None or request.path.startswith(RATE_LIMIT_EXEMPT):
        return
    wait = limiter.hit(request.remote_addr or "unknown")
    if wait:
        raise RateLimited(wait)


def add_security_headers(response: Response) -> Response:
    """after_request: the security headers, and no caching of anything but static files."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = NO_STORE
    return response


def init_app(app: Flask) -> None:
    """Install headers, rate limiting and (when configured) the proxy address fix."""
    per_minute = parse_rate_limit(app.config.get("RATE_LIMIT"))
    proxies = parse_trusted_proxies(app.config.get("TRUSTED_PROXIES"))
    app.config["RATE_LIMIT"], app.config["TRUSTED_PROXIES"] = per_minute, proxies
    if proxies:
        # Only X-Forwarded-For (the client address) and -Proto (https links) are taken.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    if per_minute:
        app.extensions[LIMITER_KEY] = RateLimiter(per_minute)
        app.before_request(check_rate_limit)
    app.after_request(add_security_headers)
