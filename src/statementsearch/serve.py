"""``statementsearch serve``: build the index if there is none, then run gunicorn.

Gunicorn (pre-fork, ``gthread`` workers) is the production WSGI server; the Flask
development server is never used. Each worker process creates its own app and its own
``Library``, which follows ``index/current`` per request, so a ``statementsearch rebuild``
is served without a restart. One access-log line per request goes to stderr.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import Flask
from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from statementsearch.indexing import current_release, rebuild

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


class StatementSearchServer(BaseApplication):
    """Gunicorn configured in code: no config file, no command-line parsing of its own."""

    def __init__(self, corpus_dir: str, index_dir: str, options: dict[str, Any]) -> None:
        self.corpus_dir = corpus_dir
        self.index_dir = index_dir
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # older gunicorn versions lack some settings
                self.cfg.set(key, value)

    def load(self) -> Flask:
        from statementsearch.app import create_app

        return create_app({"INDEX_DIR": self.index_dir, "CORPUS_DIR": self.corpus_dir})


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
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


def serve(corpus_dir: str, index_dir: str, host: str, port: int, workers: int) -> int:
    """Build the index when there is none, then serve until stopped; return the exit code."""
    if workers < 1:
        print("statementsearch: --workers must be 1 or more", file=sys.stderr)
        return 2
    if current_release(index_dir) is None:
        _progress(f"no index in {index_dir}; building it from {corpus_dir} ...")
        summary = rebuild(corpus_dir, index_dir, progress=_progress)
        _progress(summary.describe())
    options = gunicorn_options(host, port, workers)
    StatementSearchServer(str(corpus_dir), str(index_dir), options).run()
    return 0
