"""Shared fixtures for the web tests: a small index built once per session from
tests/corpus/web/ (invented organisation names), and the Flask ``app`` / ``client`` /
``runner`` over it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from statementsearch.app import create_app
from statementsearch.indexing import MANIFEST, current_release, rebuild

WEB_CORPUS = Path(__file__).parent / "corpus" / "web"


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
