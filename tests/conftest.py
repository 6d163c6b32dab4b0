"""Shared fixtures for the web tests: a small index built once per session from
tests/corpus/web/ (invented organisation names), and the Flask ``app`` / ``client`` /
``runner`` over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from statementsearch.app import create_app
from statementsearch.indexing import rebuild

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
