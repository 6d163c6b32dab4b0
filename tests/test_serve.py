"""``statementsearch serve`` decides to build before serving, and configures gunicorn and the
app it runs (without starting a server: test_browser.py and test_openapi.py do that)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from statementsearch.web import serve as serve_module
from statementsearch.web.serve import (
    StatementSearchServer,
    find_build_reason,
    gunicorn_options,
    serve,
)

WEB_CORPUS = Path(__file__).parent / "corpus" / "web"


def test_build_reason(web_index: Path, untrusted_index: Path, tmp_path: Path) -> None:
    assert find_build_reason(str(web_index)) is None
    assert "no index" in (find_build_reason(str(tmp_path / "none")) or "")
    assert "another ICU" in (find_build_reason(str(untrusted_index)) or "")


@pytest.fixture
def no_gunicorn(monkeypatch: pytest.MonkeyPatch) -> list[StatementSearchServer]:
    """Record the server ``serve`` would run instead of running it."""
    started: list[StatementSearchServer] = []
    monkeypatch.setattr(StatementSearchServer, "run", lambda self: started.append(self))
    return started


def test_serve_rebuilds_an_index_from_another_version_at_start(
    untrusted_index: Path, no_gunicorn: list[StatementSearchServer]
) -> None:
    assert serve(str(WEB_CORPUS), str(untrusted_index), "127.0.0.1", 0, 1) == 0
    assert find_build_reason(str(untrusted_index)) is None
    assert len(no_gunicorn) == 1
    app = no_gunicorn[0].load()
    assert app.test_client().get("/api/health").status_code == 200


def test_serve_keeps_a_trusted_index(
    web_index: Path, no_gunicorn: list[StatementSearchServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rebuild(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a trusted index must not be rebuilt")

    monkeypatch.setattr(serve_module, "rebuild", no_rebuild)
    assert serve(str(WEB_CORPUS), str(web_index), "127.0.0.1", 0, 1) == 0


def test_serve_passes_rate_limit_and_proxies_to_each_app(
    web_index: Path, no_gunicorn: list[StatementSearchServer]
) -> None:
    serve(str(WEB_CORPUS), str(web_index), "127.0.0.1", 0, 1, rate_limit=7, trusted_proxies=1)
    app = no_gunicorn[0].load()
    assert (app.config["RATE_LIMIT"], app.config["TRUSTED_PROXIES"]) == (7, 1)
    assert app.debug is False


def test_gunicorn_accepts_the_longest_valid_query() -> None:
    options = gunicorn_options("127.0.0.1", 5000, 2)
    # 500 Burmese characters are 4,500 bytes percent-encoded, plus the other parameters.
    assert options["limit_request_line"] >= 500 * 9 + 1000
    assert options["worker_class"] == "statementsearch.web.serve.SecureThreadWorker"


def test_zero_workers_is_refused(web_index: Path) -> None:
    assert serve(str(WEB_CORPUS), str(web_index), "127.0.0.1", 0, 0) == 2


def test_operations_doc_names_only_tests_that_exist() -> None:
    """docs/operations.md backs each promise with a test name: each must be a real test."""
    root = Path(__file__).parents[1]
    text = (root / "docs" / "operations.md").read_text("utf-8")
    named = set(re.findall(r"tests/(test_\w+\.py)::(test_\w+)", text))
    assert len(named) >= 20
    for filename, test in sorted(named):
        source = (root / "tests" / filename).read_text("utf-8")
        assert re.search(rf"^def {test}\(", source, re.MULTILINE), f"{filename}::{test}"
