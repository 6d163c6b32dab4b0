"""Issue 15's remaining holes: ids with ``?``, ``#`` and ``%`` in links; gunicorn's own
error pages; OPTIONS; advanced ``NOT NOT a``; the 429 message; a damaged record store
and ``/api/health`` (fixture corpora, invented names)."""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from conftest import WEB_CORPUS, serve_web_corpus
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.releases import current_release
from statementsearch.web.app import create_app
from statementsearch.web.security import SECURITY_HEADERS, RateLimited

ODD_IDS = ["what?now", "a#b", "100%-sure", "%2e%2e", "plain & simple"]
ODD = """2024-04-0{n}

Fixture Odd Name {n}

Kite festivals return to the fixture valley.

Signed by
1. Fixture Odd Kite Club
"""


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    corpus = tmp_path_factory.mktemp("odd-corpus")
    for n, sid in enumerate(ODD_IDS, start=1):
        (corpus / f"{sid}.txt").write_text(ODD.format(n=n), "utf-8")
    index = tmp_path_factory.mktemp("odd-index")
    rebuild(corpus, index)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "RATE_LIMIT": 0})
    return app.test_client()


def test_api_urls_of_odd_ids_lead_to_their_statements(odd_client: FlaskClient) -> None:
    """Ids come from file names and may hold ``?``, ``#``, ``%``: every URL built is quoted."""
    page = odd_client.get("/api/statements?q=kite&per_page=50").get_json()
    urls = {hit["id"]: hit["url"] for hit in page["results"]}
    assert set(urls) == set(ODD_IDS)
    for sid, url in urls.items():
        parts = urlsplit(url)
        assert not parts.query and not parts.fragment, url
        page_answer = odd_client.get(url)
        assert page_answer.status_code == 200 and "Fixture Odd Name" in page_answer.get_data(
            as_text=True
        )
        assert odd_client.get("/api" + url).get_json()["id"] == sid


def test_page_links_of_odd_ids_lead_to_their_statements(odd_client: FlaskClient) -> None:
    html = odd_client.get("/statements?q=kite&per_page=50").get_data(as_text=True)
    links = set(re.findall(r'href="(/statements/[^"]+)"', html))
    assert len(links) == len(ODD_IDS)
    for link in links:
        target = link.replace("&amp;", "&")
        parts = urlsplit(target)  # the id is all path; the query is the search's own words
        assert parts.query == "q=kite" and not parts.fragment, target
        assert odd_client.get(target).status_code == 200, target
        assert odd_client.get("/api" + parts.path).get_json()["id"] in ODD_IDS, target
    org = odd_client.get("/api/organisations?q=Fixture+Odd+Kite+Club").get_json()["results"][0]
    csv = odd_client.get(f"/api/organisations/{org['id']}/statements.csv").get_data(as_text=True)
    for line in csv.splitlines()[1:]:
        assert odd_client.get(line.rsplit(",", 1)[1]).status_code == 200, line


def test_options_is_405_like_every_other_method(client: FlaskClient) -> None:
    for path in ("/api/statements", "/statements", "/"):
        response = client.options(path)
        assert response.status_code == 405, path
        assert response.headers["Allow"] == "GET, HEAD"
        assert response.headers["X-Frame-Options"] == "DENY"
    assert client.head("/api/statements").status_code == 200


@pytest.mark.parametrize("q", ["NOT NOT a", "NOT NOT NOT water", "a AND NOT NOT b"])
def test_double_not_is_a_clear_400(client: FlaskClient, q: str) -> None:
    response = client.get("/api/statements", query_string={"q": q, "mode": "advanced"})
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "index" not in message and "range" not in message
    assert message.startswith("parameter 'q' is not a valid advanced query")


@pytest.mark.parametrize(("seconds", "text"), [(1, "in 1 second."), (20, "in 20 seconds.")])
def test_the_429_message_counts_seconds_in_english(seconds: int, text: str) -> None:
    assert RateLimited(seconds).message.endswith(text)


@pytest.fixture
def damaged_index(web_index: Path, tmp_path: Path) -> Path:
    index = tmp_path / "index"
    shutil.copytree(web_index, index, symlinks=True)
    release = current_release(index)
    assert release is not None
    records = release / "records.sqlite"
    records.chmod(0o644)
    records.write_bytes(b"\x00garbage" * 512)
    return index


def test_a_damaged_record_store_is_503_and_health_says_so(damaged_index: Path) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": str(damaged_index)}).test_client()
    health = client.get("/api/health")
    assert health.status_code == 503
    assert health.get_json()["error"]["code"] == "index_unavailable"
    for url in ("/api/statements?q=water", "/api/statements/2023-05-01-fixture-river-statement"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response.get_json()["error"]["code"] == "index_unavailable"
    page = client.get("/statements?q=water")
    assert page.status_code == 503 and "records.sqlite" not in page.get_data(as_text=True)


def test_health_is_ok_on_a_sound_index(client: FlaskClient) -> None:
    answer = client.get("/api/health")
    assert answer.status_code == 200 and answer.get_json()["status"] == "ok"


def _raw(base: str, data: bytes) -> str:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("latin-1")


def test_gunicorns_own_error_pages_carry_the_security_headers(tmp_path: Path) -> None:
    """A bad request line (400) or oversized headers (431) never reach the app: gunicorn
    answers them itself, with the same headers as every other answer."""
    with serve_web_corpus(tmp_path, corpus=WEB_CORPUS) as base:
        bad_line = _raw(base, b"GARBAGE\r\n\r\n")
        big_headers = _raw(
            base, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"
        )
    log = (tmp_path / "server.log").read_text("utf-8", "replace")
    assert "Invalid request from ip=-" in log and "ip=127.0.0.1" not in log  # no address
    for answer, status in ((bad_line, "400"), (big_headers, "431")):
        head = answer.split("\r\n\r\n", 1)[0]
        assert head.startswith(f"HTTP/1.1 {status}"), head
        for name, value in SECURITY_HEADERS.items():
            assert f"{name}: {value}" in head, (name, head)
        assert "Cache-Control: no-store" in head


def test_the_readme_names_exactly_the_slow_suites() -> None:
    root = Path(__file__).parents[1]
    readme = (root / "README.md").read_text("utf-8")
    paragraph = readme[readme.index("- Slower suites") :].split("\n- ")[0]
    named = set(re.findall(r"tests/(test_\w+\.py)", paragraph))
    marked = {
        path.name
        for path in (root / "tests").glob("test_*.py")
        if re.search(r"mark\.slow\b", path.read_text("utf-8"))
    }
    assert marked - {"test_hardening.py"} <= named, (marked, named)
    assert {n for n in named if n != "test_crash.py"} == marked - {"test_hardening.py"}
