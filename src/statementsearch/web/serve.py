"""``statementsearch serve``: build the index if there is none or it cannot be trusted,
then run gunicorn.

Gunicorn (pre-fork, ``gthread`` workers) is the production WSGI server; the Flask
development server is never used. Each worker process creates its own app and its own
``Library``, which follows ``index/current`` per request, so a ``statementsearch rebuild``
is served without a restart. One access-log line per request goes to stderr.

An index built by another ICU, analyzer or format version answers 503 (``library``); so
``serve`` rebuilds it before it starts instead of serving errors. The rate limit
(``STATEMENTSEARCH_RATE_LIMIT``) and trusted proxies (``STATEMENTSEARCH_TRUSTED_PROXIES``)
are read by each worker's app (``security``); ``serve`` passes them only when given.
"""

from __future__ import annotations

import html
import logging
import sys
from typing import Any

from flask import Flask
from gunicorn import glogging, util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from statementsearch.errors import IndexUnavailable
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.releases import current_release, is_trusted, read_manifest
from statementsearch.web.security import NO_STORE, SECURITY_HEADERS

THREADS_PER_WORKER = 4
# No client address or user agent: who searched for which organisation stays private.
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class StderrAccessLogger(glogging.Logger):
    """Gunicorn's logger, with the access log (``-``) on stderr instead of stdout."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if cfg.accesslog == "-":
            self._set_handler(
                self.access_log, "-", logging.Formatter(self.access_fmt), stream=sys.stderr
            )


def write_error_with_headers(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answer (a bad request line 400, headers too large 431, ...),
    sent before the app sees the request: with the headers every answer carries."""
    body = (
        f"<!doctype html><html><head><title>{html.escape(reason)}</title></head><body>"
        f"<h1>{status_int} {html.escape(reason)}</h1><p>{html.escape(mesg)}</p></body></html>"
    ).encode()
    headers = {
        **SECURITY_HEADERS,
        "Cache-Control": NO_STORE,
        "Connection": "close",
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": str(len(body)),
    }
    head = f"HTTP/1.1 {status_int} {reason}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    util.write_nonblock(sock, head.encode("latin-1") + body)


class SecureThreadWorker(ThreadWorker):
    """gunicorn's ``gthread`` worker whose own error pages carry the security headers and
    whose error log never names the client."""

    def init_process(self) -> None:
        # base.Worker.handle_error calls util.write_error: this process's gunicorn only.
        util.write_error = write_error_with_headers
        super().init_process()

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        # gunicorn logs "Invalid request from ip=<address>": no client address in any log.
        super().handle_error(req, client, ("-", 0), exc)


class StatementSearchServer(BaseApplication):
    """Gunicorn configured in code: no config file, no command-line parsing of its own."""

    def __init__(
        self,
        corpus_dir: str,
        index_dir: str,
        options: dict[str, Any],
        app_config: dict[str, Any] | None = None,
    ) -> None:
        self.corpus_dir = corpus_dir
        self.index_dir = index_dir
        self.options = options
        self.app_config = app_config or {}
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # older gunicorn versions lack some settings
                self.cfg.set(key, value)

    def load(self) -> Flask:
        from statementsearch.web.app import create_app

        config = {"INDEX_DIR": self.index_dir, "CORPUS_DIR": self.corpus_dir}
        return create_app({**config, **self.app_config})


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "statementsearch.web.serve.SecureThreadWorker",  # gthread
        "threads": THREADS_PER_WORKER,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "logger_class": StderrAccessLogger,
        "proc_name": "statementsearch",
        "timeout": 60,
        # A 500-character Burmese query is ~4,500 bytes percent-encoded: gunicorn's default
        # (4094) would refuse it before the app could. 8190 is gunicorn's largest limit.
        "limit_request_line": 8190,
        "graceful_timeout": 10,
        # Each worker builds its own app: no Whoosh or SQLite handle crosses a fork.
        "preload_app": False,
        # gunicorn >= 25.1 opens a control socket in ~/.gunicorn: shared by every server of
        # the user (tests run several); nothing here uses it.
        "control_socket_disable": True,
    }


def find_build_reason(index_dir: str) -> str | None:
    """Why ``serve`` must build before serving, or None when the live index is usable."""
    release = current_release(index_dir)
    if release is None:
        return f"no index in {index_dir}"
    try:
        manifest = read_manifest(release)
    except IndexUnavailable:
        return f"the index in {index_dir} has no readable manifest"
    if not is_trusted(manifest):
        return f"the index in {index_dir} was built by another ICU/analyzer/format version"
    return None


def serve(
    corpus_dir: str,
    index_dir: str,
    host: str,
    port: int,
    workers: int,
    *,
    rate_limit: int | None = None,
    trusted_proxies: int | None = None,
) -> int:
    """Build the index when it is missing or untrusted, then serve until stopped.

    ``rate_limit`` (requests per minute per client, 0 = off) and ``trusted_proxies`` (how
    many reverse proxies set X-Forwarded-For) override the environment when given.
    Returns the exit code.
    """
    if workers < 1:
        print("statementsearch: --workers must be 1 or more", file=sys.stderr)
        return 2
    reason = find_build_reason(index_dir)
    if reason is not None:
        _progress(f"{reason}; building it from {corpus_dir} ...")
        summary = rebuild(corpus_dir, index_dir, progress=_progress)
        _progress(summary.describe())
    app_config: dict[str, Any] = {}
    if rate_limit is not None:
        app_config["RATE_LIMIT"] = rate_limit
    if trusted_proxies is not None:
        app_config["TRUSTED_PROXIES"] = trusted_proxies
    options = gunicorn_options(host, port, workers)
    StatementSearchServer(str(corpus_dir), str(index_dir), options, app_config).run()
    return 0
