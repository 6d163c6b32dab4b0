"""Nobody can abuse the service: headers, no debug detail, no injection, no files, rate limits.

Hostile text comes from tests/corpus/hostile/ (invented names carrying HTML, script and
spreadsheet formulas); everything else runs over the web fixture index (conftest.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from statementsearch.errors import IndexUnavailable, QueryTooSlow
from statementsearch.indexing.rebuild import rebuild
from statementsearch.web import api, views
from statementsearch.web.api import csv_cell
from statementsearch.web.app import create_app
from statementsearch.web.security import (
    CONTENT_SECURITY_POLICY,
    DEFAULT_RATE_LIMIT,
    RateLimiter,
    parse_rate_limit,
)

ROOT = Path(__file__).parents[1]
TEMPLATES = ROOT / "templates"
HOSTILE_CORPUS = Path(__file__).parent / "corpus" / "hostile"
HOSTILE = "2024-04-01-fixture-hostile-statement"
SCRIPT_NAME = "<script>alert(1)</script> Relief Union"
IMG_NAME = '"><img src=x onerror=alert(1)> Youth Network'
FORMULA_NAME = '=HYPERLINK("http://example.invalid") Formula Collective'
RIVER = "2023-05-01-fixture-river-statement"
STAR = "star-women-group"
TEAK = "teak-valley-farmer-union"
EXPECTED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# What must never reach a client: traces, exception names, server paths, source files.
LEAKS = re.compile(r"Traceback|RuntimeError|File \"|/work/|/srv/|/tmp/|\.py\b|site-packages")
# Markup that would run if it were not escaped.
LIVE_MARKUP = re.compile(r"<script>alert|<img src=x|<b>|onerror=alert\(1\)>", re.IGNORECASE)


def assert_security_headers(response: TestResponse) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def assert_no_leaks(response: TestResponse) -> None:
    text = response.get_data(as_text=True)
    assert not LEAKS.search(text), LEAKS.search(text)


# --- headers on every kind of response ---------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/statements?q=peace", 200),
        ("GET", f"/statements/{RIVER}", 200),
        ("GET", f"/organisations/{STAR}", 200),
        ("GET", "/api/statements?q=peace", 200),
        ("GET", f"/api/organisations/{STAR}", 200),
        ("GET", f"/api/organisations/{STAR}/statements.csv", 200),
        ("GET", "/api/health", 200),
        ("GET", "/api/openapi.json", 200),
        ("GET", "/static/style.css", 200),
        ("GET", "/static/suggest.js", 200),
        ("GET", "/static/favicon.svg", 200),
        ("HEAD", "/api/statements", 200),
        ("GET", "/api/statements/no-such-statement", 404),
        ("GET", "/no/such/page", 404),
        ("GET", "/static/no-such-file.js", 404),
        ("GET", "/api/statements?page=abc", 400),
        ("GET", "/statements?page=abc", 400),
        ("GET", "/organisations/teak-valley-farmer-association", 308),
        ("GET", "/api/organisations/teak-valley-farmer-association", 308),
        ("POST", "/api/statements", 405),
        ("POST", "/statements", 405),
    ],
)
def test_every_response_carries_security_headers(
    client: FlaskClient, method: str, url: str, status: int
) -> None:
    response = client.open(url, method=method)
    assert response.status_code == status
    assert_security_headers(response)
    cache = response.headers.get("Cache-Control", "")
    if url.startswith("/static/"):
        assert "no-store" not in cache  # page assets may be cached (revalidated by ETag)
    else:
        assert cache == "no-store"  # search URLs and answers stay out of shared caches
    response.close()


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    """The CSP forbids inline script and style: no template may rely on them."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert "<style" not in text, template.name
        assert not re.search(r"\sstyle=", text), template.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE), template.name
        assert "javascript:" not in text, template.name
        # Only snippets (escaped by snippets.py, <mark> added) may be marked safe.
        assert re.findall(r"\|\s*safe\b", text) == (
            ["|safe"] if template.name == "statements.html" else []
        ), template.name


def test_suggestions_script_inserts_names_as_text_only() -> None:
    script = (TEMPLATES / "static" / "suggest.js").read_text("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script
    assert "option.value = org.name" in script  # DOM properties: always text


# --- no debug, no stack traces, no server paths -------------------------------------------


@pytest.fixture
def broken_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search raises an error whose text names server files."""

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError('File "/work/main/src/statementsearch/search.py", line 1, secret')

    for module in (api, views):
        monkeypatch.setattr(module, "search_statements", boom)
        monkeypatch.setattr(module, "get_statement", boom)


@pytest.mark.parametrize("testing", [True, False])
@pytest.mark.parametrize(
    ("url", "mimetype"),
    [
        ("/api/statements?q=peace", "application/json"),
        (f"/api/statements/{RIVER}", "application/json"),
        ("/statements?q=peace", "text/html"),
        (f"/statements/{RIVER}", "text/html"),
    ],
)
def test_internal_error_shows_no_trace_or_path(
    web_index: Path,
    broken_search: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    testing: bool,
    url: str,
    mimetype: str,
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"TESTING": testing, "INDEX_DIR": str(web_index)})
    assert app.debug is False
    response = app.test_client().get(url)
    assert response.status_code == 500
    assert response.mimetype == mimetype
    assert_no_leaks(response)
    assert_security_headers(response)
    if mimetype == "application/json":
        assert response.get_json() == {
            "error": {"code": "internal_error", "message": "Internal error."}
        }
    else:
        assert "Something went wrong" in response.get_data(as_text=True)
    assert "secret" in caplog.text  # the maintainer still gets the detail, in the log


def test_debug_stays_off_with_flask_debug_and_config(
    web_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(web_index), "DEBUG": True})
    assert app.debug is False
    assert app.config["DEBUG"] is False


@pytest.mark.parametrize("url", ["/api/health", "/api/statements", "/", "/statements"])
def test_untrusted_or_missing_index_is_503_without_paths(
    untrusted_index: Path, tmp_path: Path, url: str
) -> None:
    for index_dir in (untrusted_index, tmp_path / "never-built"):
        app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
        response = app.test_client().get(url)
        assert response.status_code == 503
        assert_no_leaks(response)
        assert str(tmp_path) not in response.get_data(as_text=True)
        assert "not available right now" in response.get_data(as_text=True)
        assert_security_headers(response)


@pytest.mark.parametrize(
    ("error", "code", "public"),
    [
        (
            IndexUnavailable("cannot open /srv/index/releases/x/statements"),
            "index_unavailable",
            "not available right now",
        ),
        (QueryTooSlow("query ran long in /srv/index/releases/x"), "query_timeout", "took too long"),
    ],
)
def test_503_messages_name_no_server_path(
    app: Flask, monkeypatch: pytest.MonkeyPatch, error: Exception, code: str, public: str
) -> None:
    def raise_it(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(api, "search_statements", raise_it)
    response = app.test_client().get("/api/statements?q=peace")
    assert response.status_code == 503
    body = response.get_json()
    assert body["error"]["code"] == code
    assert public in body["error"]["message"]
    assert "/srv/" not in response.get_data(as_text=True)


# --- hostile text is shown as text everywhere ---------------------------------------------


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    index_dir = tmp_path_factory.mktemp("hostile-index")
    rebuild(HOSTILE_CORPUS, index_dir)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "RATE_LIMIT": 0})
    yield app.test_client()


def hostile_org_ids(client: FlaskClient) -> dict[str, str]:
    body = client.get("/api/organisations?per_page=100").get_json()
    return {hit["name"]: hit["id"] for hit in body["results"]}


def html_of(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_hostile_names_are_indexed_as_written(hostile_client: FlaskClient) -> None:
    names = hostile_org_ids(hostile_client)
    assert {SCRIPT_NAME, IMG_NAME, FORMULA_NAME} <= set(names)
    statement = hostile_client.get(f"/api/statements/{HOSTILE}").get_json()
    assert statement["organisations"][0]["name"] == SCRIPT_NAME  # JSON keeps the text exact
    assert "<script>alert('body')</script>" in statement["body"]


@pytest.mark.parametrize(
    "url",
    [
        "/statements?q=relief",
        "/statements?q=alert",
        "/statements",
        "/",
        f"/statements/{HOSTILE}",
        "/organisations",
        "/organisations?q=Relief Union",
        "/organisations?q=Youth Network",
    ],
)
def test_hostile_text_is_escaped_on_pages(hostile_client: FlaskClient, url: str) -> None:
    html = html_of(hostile_client, url)
    assert not LIVE_MARKUP.search(html), LIVE_MARKUP.search(html)
    assert "javascript:alert" not in html or 'href="javascript:' not in html


def test_statement_page_shows_hostile_names_escaped(hostile_client: FlaskClient) -> None:
    html = html_of(hostile_client, f"/statements/{HOSTILE}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Relief Union" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt; Youth Network" in html
    assert "Fixture: &lt;b&gt;Bold&lt;/b&gt; claims &amp; &#34;quotes&#34;" in html
    assert '&lt;b&gt;<span lang="my">မြစ်ကမ်း</span>&lt;/b&gt; &amp;' in html


def test_every_hostile_organisation_page_is_escaped(hostile_client: FlaskClient) -> None:
    for name, oid in hostile_org_ids(hostile_client).items():
        html = html_of(hostile_client, f"/organisations/{oid}")
        assert not LIVE_MARKUP.search(html), (name, LIVE_MARKUP.search(html))
        if name == SCRIPT_NAME:
            assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; Relief Union</h1>" in html


def test_snippets_escape_text_and_add_only_mark(hostile_client: FlaskClient) -> None:
    for q in ("alert", "relief boats", "img", "SUM"):
        body = hostile_client.get("/api/statements", query_string={"q": q}).get_json()
        assert body["total"] == 1, q
        snippet = body["results"][0]["snippet"]
        assert set(re.findall(r"<[^>]*>", snippet)) <= {"<mark>", "</mark>"}, snippet
        assert "&lt;" in snippet and "<mark>" in snippet, snippet


def test_query_text_with_html_is_escaped(hostile_client: FlaskClient) -> None:
    hostile = '"><script>alert(2)</script>'
    for url in ("/statements", "/organisations"):
        html = html_of(hostile_client, f"{url}?q={hostile}")
        assert "<script>alert(2)" not in html
        assert "&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    # A 400 re-shows the form with the typed text: still escaped, also in the <title>.
    html = html_of(hostile_client, f"/statements?q={hostile}&page=abc", status=400)
    assert "<script>alert(2)" not in html
    assert 'value="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html


def test_suggestions_json_carries_names_as_json_text(hostile_client: FlaskClient) -> None:
    response = hostile_client.get("/api/organisations?q=Relief Union&per_page=8")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["results"][0]["name"] == SCRIPT_NAME


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Star Women Group", "Star Women Group"),
        ("=1+1", "'=1+1"),
        ("+Plus", "'+Plus"),
        ("-Dash", "'-Dash"),
        ("@Handle", "'@Handle"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("", ""),
        ("2023-05-01", "2023-05-01"),
        ("a=b", "a=b"),
    ],
)
def test_csv_cell_defuses_formulas(value: str, expected: str) -> None:
    assert csv_cell(value) == expected


def test_csv_export_has_no_live_formula(hostile_client: FlaskClient) -> None:
    names = hostile_org_ids(hostile_client)
    for name, oid in names.items():
        response = hostile_client.get(f"/api/organisations/{oid}/statements.csv")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        for row in rows[1:]:
            assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row), row
        (row,) = rows[1:]
        assert row[3] == csv_cell(name)
    assert csv_cell(FORMULA_NAME) == "'" + FORMULA_NAME


# --- ids cannot reach files ---------------------------------------------------------------

HOSTILE_IDS = [
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252F..%252Fetc%252Fpasswd",
    "%2e%2e",
    "..",
    "....//....//etc/passwd",
    "..%5c..%5cwindows%5cwin.ini",
    "%00",
    "a%00b",
    "..%00.txt",
    "%c0%ae%c0%ae%2f",
    "records.sqlite",
    "manifest.json",
    "current",
    "x" * 5000,
    "%ff%fe",
]
ID_ROUTES = [
    "/api/statements/{}",
    "/statements/{}",
    "/api/organisations/{}",
    "/organisations/{}",
    "/api/organisations/{}/statements.csv",
]


@pytest.mark.parametrize("route", ID_ROUTES)
def test_hostile_ids_never_reach_a_file(client: FlaskClient, route: str) -> None:
    for hostile in HOSTILE_IDS:
        response = client.get(route.format(hostile))
        assert response.status_code in (400, 404), (route, hostile, response.status_code)
        body = response.get_data()
        assert b"root:" not in body and b"SQLite format" not in body
        assert b"[fonts]" not in body
        assert_no_leaks(response)
        assert_security_headers(response)


# --- rate limiting ------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_bursts_then_refills_evenly() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)  # one token a second
    assert [limiter.hit("a") for _ in range(60)] == [0] * 60
    assert limiter.hit("a") == 1
    assert limiter.hit("b") == 0  # another client has its own bucket
    clock.now += 1.0
    assert limiter.hit("a") == 0
    assert limiter.hit("a") == 1
    clock.now += 600
    assert [limiter.hit("a") for _ in range(60)] == [0] * 60  # never more than the burst
    assert limiter.hit("a") == 1


@pytest.mark.parametrize(("per_minute", "wait"), [(1, 60), (3, 20), (120, 1), (6000, 1)])
def test_rate_limiter_retry_after(per_minute: int, wait: int) -> None:
    limiter = RateLimiter(per_minute, clock=Clock())
    for _ in range(per_minute):
        assert limiter.hit("a") == 0
    assert limiter.hit("a") == wait


def test_rate_limiter_memory_is_bounded() -> None:
    limiter = RateLimiter(1, clock=Clock(), max_clients=3)
    for key in ("a", "b", "c", "d"):
        assert limiter.hit(key) == 0
    assert len(limiter._buckets) == 3
    assert limiter.hit("a") == 0  # forgotten, so full again
    assert limiter.hit("d") == 60


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, DEFAULT_RATE_LIMIT), ("", DEFAULT_RATE_LIMIT), ("0", 0), ("30", 30), (5, 5)],
)
def test_parse_rate_limit(raw: Any, expected: int) -> None:
    assert parse_rate_limit(raw) == expected


@pytest.mark.parametrize("raw", ["fast", "-1", "1.5"])
def test_bad_rate_limit_setting_stops_startup(
    web_index: Path, monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("STATEMENTSEARCH_RATE_LIMIT", raw)
    with pytest.raises(ValueError, match="STATEMENTSEARCH_RATE_LIMIT"):
        create_app({"INDEX_DIR": str(web_index)})


def limited_client(web_index: Path, **config: Any) -> FlaskClient:
    app = create_app({"TESTING": True, "INDEX_DIR": str(web_index), **config})
    return app.test_client()


def test_over_the_limit_is_429_json_with_retry_after(
    web_index: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = limited_client(web_index, RATE_LIMIT=3)
    for _ in range(3):
        assert client.get("/api/statements").status_code == 200
    response = client.get("/api/statements")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert set(response.get_json()["error"]) == {"code", "message"}
    assert response.headers["Retry-After"] == "20"
    assert_security_headers(response)
    assert client.get(f"/statements/{RIVER}").status_code == 429  # one allowance per client
    assert caplog.records == []  # not logged: no client addresses in logs


def test_over_the_limit_is_429_page_outside_api(web_index: Path) -> None:
    client = limited_client(web_index, RATE_LIMIT=1)
    assert client.get("/").status_code == 200
    response = client.get("/statements?q=peace")
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert "Too many requests" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "60"
    assert_security_headers(response)


def test_health_and_static_are_not_limited(web_index: Path) -> None:
    client = limited_client(web_index, RATE_LIMIT=1)
    for _ in range(5):
        assert client.get("/api/health").status_code == 200
        static = client.get("/static/style.css")
        assert static.status_code == 200
        static.close()
    assert client.get("/api/statements").status_code == 200
    assert client.get("/api/statements").status_code == 429


def test_limit_is_per_client_address(web_index: Path) -> None:
    client = limited_client(web_index, RATE_LIMIT=1)
    first = {"REMOTE_ADDR": "192.0.2.1"}
    second = {"REMOTE_ADDR": "192.0.2.2"}
    assert client.get("/api/statements", environ_base=first).status_code == 200
    assert client.get("/api/statements", environ_base=first).status_code == 429
    assert client.get("/api/statements", environ_base=second).status_code == 200


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(web_index: Path) -> None:
    client = limited_client(web_index, RATE_LIMIT=1)
    assert (
        client.get("/api/statements", headers={"X-Forwarded-For": "198.51.100.1"}).status_code
        == 200
    )
    spoofed = client.get("/api/statements", headers={"X-Forwarded-For": "198.51.100.2"})
    assert spoofed.status_code == 429  # a client cannot escape the limit by claiming an address

    proxied = limited_client(web_index, RATE_LIMIT=1, TRUSTED_PROXIES=1)
    for address in ("198.51.100.1", "198.51.100.2"):
        headers = {"X-Forwarded-For": address}
        assert proxied.get("/api/statements", headers=headers).status_code == 200
    headers = {"X-Forwarded-For": "198.51.100.1"}
    assert proxied.get("/api/statements", headers=headers).status_code == 429
    # Only the address the trusted proxy appended counts, not what the client put first.
    headers = {"X-Forwarded-For": "203.0.113.9, 198.51.100.2"}
    assert proxied.get("/api/statements", headers=headers).status_code == 429


def test_zero_turns_limiting_off(web_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATEMENTSEARCH_RATE_LIMIT", "0")
    client = limited_client(web_index)
    assert all(client.get("/api/health?x").status_code == 200 for _ in range(3))
    assert all(client.get("/api/statements").status_code == 200 for _ in range(200))


def test_limit_comes_from_the_environment(web_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATEMENTSEARCH_RATE_LIMIT", "2")
    client = limited_client(web_index)
    assert [client.get("/api/statements").status_code for _ in range(3)] == [200, 200, 429]
    monkeypatch.delenv("STATEMENTSEARCH_RATE_LIMIT")
    assert create_app({"INDEX_DIR": str(web_index)}).config["RATE_LIMIT"] == DEFAULT_RATE_LIMIT
