"""Shared fixtures: a writable copy of the search fixture corpus (``corpus``); for the web
tests, a small index built once per session from tests/corpus/web/ (invented organisation
names), and the Flask ``app`` / ``client`` / ``runner`` over it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.releases import MANIFEST, current_release
from statementsearch.web.app import create_app

WEB_CORPUS = Path(__file__).parent / "corpus" / "web"
SEARCH_CORPUS = Path(__file__).parent / "corpus" / "search"
# Different organisations whose names look alike (invented): they must never merge.
# test_names checks their keys differ, test_orgs that resolution keeps them apart.
CONFUSABLE_PAIRS = [
    ("Hill Youth of Norway", "Hill Youth of Toronto"),
    ("Lotus Relief Council", "Lotus Relief Network"),
    ("Hill Human Rights Group", "Hillni Human Rights Group"),
    ("Free Kite Committee – Lakeside", "Free Kite Committee – Riverside"),
    ("Save Lotus (USA)", "Save Lotus San Francisco"),
    ("Save Lotus (USA)", "Save Lotus"),
    ("Xylo Youth Zone (XYZ)", "Xenon Yard Zealots (XYZ)"),
    ("Xylo Youth Zone (XYZ)", "XYZ"),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of tests/corpus/search/ that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SEARCH_CORPUS, target)
    return target


@pytest.fixture(scope="session")
def web_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the web fixture corpus, built once and shared (tests only read it)."""
    index_dir = tmp_path_factory.mktemp("web-index")
    rebuild(WEB_CORPUS, index_dir)
    return index_dir


@pytest.fixture
def app(web_index: Path) -> Flask:
    return create_app({"TESTING": True, "INDEX_DIR": str(web_index), "CORPUS_DIR": str(WEB_CORPUS)})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def untrusted_index(web_index: Path, tmp_path: Path) -> Path:
    """A copy of the web index whose manifest says another ICU/analyzer built it."""
    index_dir = tmp_path / "index"
    shutil.copytree(web_index, index_dir, symlinks=True)
    release = current_release(index_dir)
    assert release is not None
    manifest = json.loads((release / MANIFEST).read_text("utf-8"))
    manifest["versions"] = {"format": 0, "icu": "0.0", "analyzer": "old"}
    (release / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return index_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve_web_corpus(
    tmp: Path,
    env: dict[str, str] | None = None,
    *,
    corpus: Path = WEB_CORPUS,
    workers: int = 1,
) -> Iterator[str]:
    """Run ``statementsearch serve`` (gunicorn) over a corpus (tests/corpus/web/ unless
    told) on a free loopback port; yield its base URL; stop it. ``serve`` builds the index
    in ``tmp / "index"``: there is none yet."""
    port = free_port()
    command = [sys.executable, "-m", "statementsearch.cli", "serve"]
    command += ["--corpus", str(corpus), "--index", str(tmp / "index")]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited early:\n{log_path.read_text('utf-8', 'replace')}")
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{log_path.read_text('utf-8', 'replace')}")
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
