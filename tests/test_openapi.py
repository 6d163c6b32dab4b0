"""``GET /api/openapi.json`` stays in step with the app, with docs/api.md, and with reality.

Fast checks run in-process: the document is valid OpenAPI 3.1, every ``/api`` route is in
it and in docs/api.md, its bounds are the ones ``search`` enforces, and real answers from
the fixture index match its schemas. The slow check runs schemathesis against a real
``statementsearch serve`` on a loopback port: no input may make the server fail (5xx),
and answers must conform to the document.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from conftest import serve_web_corpus
from statementsearch.search.service import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS
from statementsearch.web.openapi import build_openapi

REAL = Path(__file__).parents[1] / "corpus" / "2022-09-26-sham-peace-dialogue-statement.txt"

DOCS = Path(__file__).parents[1] / "docs" / "api.md"
RIVER = "2023-05-01-fixture-river-statement"
STAR = "star-women-group"


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    return body


def flask_to_openapi(rule: str) -> str:
    """/api/statements/<statement_id> -> /api/statements/{statement_id}"""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_served_document_is_the_built_one(document: dict[str, Any]) -> None:
    assert document == build_openapi()
    assert document["openapi"].startswith("3.1")


def test_document_is_valid_openapi(document: dict[str, Any]) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(document)


def test_document_structure_without_validator(document: dict[str, Any]) -> None:
    """The checks that matter even where openapi-spec-validator is not installed."""
    components = document["components"]
    refs = re.findall(r'"\$ref": "#/components/(\w+)/(\w+)"', str(document).replace("'", '"'))
    assert refs
    for kind, name in refs:
        assert name in components[kind], f"dangling $ref {kind}/{name}"
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path  # the API is read-only
        operation = item["get"]
        assert "200" in operation["responses"], path
        names = {
            components["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"]
            for p in operation["parameters"]
        }
        assert names >= set(re.findall(r"{(\w+)}", path)), path
    errors = components["schemas"]["Error"]
    assert errors["required"] == ["error"]
    assert errors["properties"]["error"]["required"] == ["code", "message"]


def test_every_api_route_is_in_the_document_and_every_path_is_documented(
    app: Flask, document: dict[str, Any]
) -> None:
    routes = {
        flask_to_openapi(rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    paths = set(document["paths"])
    assert routes == paths
    docs = DOCS.read_text("utf-8")
    for path in sorted(paths):
        assert f"GET {re.sub(r'{[a-z_]+}', '<id>', path)}" in docs, f"{path} not in docs/api.md"


def parameter(document: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["parameters"][name]
    return found


def first_schema(param: dict[str, Any]) -> dict[str, Any]:
    """The non-empty alternative of a parameter that may also be sent empty."""
    schema: dict[str, Any] = param["schema"]
    return schema["anyOf"][0] if "anyOf" in schema else schema


def test_bounds_are_the_enforced_ones(document: dict[str, Any]) -> None:
    page = first_schema(parameter(document, "page"))
    per_page = first_schema(parameter(document, "per_page"))
    assert (page["type"], page["minimum"], page["maximum"]) == ("integer", 1, 1000)
    assert (per_page["minimum"], per_page["maximum"], per_page["default"]) == (1, 100, 20)
    assert (MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS) == (1000, 100, 500)
    assert parameter(document, "q")["schema"]["maxLength"] == 500
    assert first_schema(parameter(document, "mode"))["enum"] == ["simple", "advanced"]
    assert first_schema(parameter(document, "sort"))["enum"] == ["relevance", "date"]
    for name in ("date_from", "date_to"):
        assert first_schema(parameter(document, name))["format"] == "date"


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        ("/api/statements", {"200", "400", "429", "503"}),
        ("/api/statements/{statement_id}", {"200", "404", "429", "503"}),
        ("/api/organisations", {"200", "400", "429", "503"}),
        ("/api/organisations/{organisation_id}", {"200", "308", "404", "429", "503"}),
        (
            "/api/organisations/{organisation_id}/statements.csv",
            {"200", "308", "404", "429", "503"},
        ),
        ("/api/health", {"200", "503"}),  # not rate limited
    ],
)
def test_documented_statuses(document: dict[str, Any], path: str, statuses: set[str]) -> None:
    responses = document["paths"][path]["get"]["responses"]
    assert set(responses) - {"414"} == statuses
    for status in statuses - {"200", "308"}:
        assert responses[status] == {"$ref": f"#/components/responses/{status}"}
    error = document["components"]["responses"]["400"]["content"]["application/json"]
    assert error["schema"] == {"$ref": "#/components/schemas/Error"}


def validate_against(document: dict[str, Any], body: Any, schema: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    root = {**schema, "components": document["components"]}
    validator = jsonschema.Draft202012Validator(
        root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


@pytest.mark.parametrize(
    ("url", "path", "status"),
    [
        ("/api/statements?q=peace", "/api/statements", "200"),
        ("/api/statements?q=ရန်ကုန်&per_page=1", "/api/statements", "200"),
        ("/api/statements?page=abc", "/api/statements", "400"),
        ("/api/statements?mode=advanced&q=(peace AND", "/api/statements", "400"),
        ("/api/statements?date_from=&page=&sort=&mode=", "/api/statements", "200"),
        (f"/api/statements/{RIVER}", "/api/statements/{statement_id}", "200"),
        ("/api/statements/nope", "/api/statements/{statement_id}", "404"),
        ("/api/organisations", "/api/organisations", "200"),
        ("/api/organisations?q=RYN", "/api/organisations", "200"),
        ("/api/organisations?per_page=0", "/api/organisations", "400"),
        (f"/api/organisations/{STAR}", "/api/organisations/{organisation_id}", "200"),
        ("/api/organisations/nope", "/api/organisations/{organisation_id}", "404"),
        ("/api/health", "/api/health", "200"),
    ],
)
def test_real_answers_match_the_schemas(
    client: FlaskClient, document: dict[str, Any], url: str, path: str, status: str
) -> None:
    response = client.get(url)
    assert str(response.status_code) == status
    declared = document["paths"][path]["get"]["responses"][status]
    if "$ref" in declared:
        declared = document["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
    schema = declared["content"]["application/json"]["schema"]
    validate_against(document, response.get_json(), schema)


def test_rate_limited_answer_matches_the_schema(web_index: Path, document: dict[str, Any]) -> None:
    from statementsearch.web.app import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(web_index), "RATE_LIMIT": 1})
    client = app.test_client()
    client.get("/api/statements")
    response = client.get("/api/statements")
    assert response.status_code == 429
    declared = document["components"]["responses"]["429"]
    assert "Retry-After" in declared["headers"]
    validate_against(
        document, response.get_json(), declared["content"]["application/json"]["schema"]
    )


# --- schemathesis against a live server ----------------------------------------------------

SCHEMATHESIS_CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "unsupported_method",
    )
)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``statementsearch serve`` on a free loopback port, rate limiting off for the fuzzer."""
    tmp = tmp_path_factory.mktemp("live")
    with serve_web_corpus(tmp, {"STATEMENTSEARCH_RATE_LIMIT": "0"}) as base:
        yield base


@pytest.mark.slow
def test_schemathesis_finds_no_server_error(live_server: str, tmp_path: Path) -> None:
    pytest.importorskip("schemathesis", reason="schemathesis is not installed")
    command = [sys.executable, "-m", "schemathesis.cli", "run", f"{live_server}/api/openapi.json"]
    command += ["--checks", SCHEMATHESIS_CHECKS, "--max-examples", "60", "--seed", "1"]
    command += ["--workers", "2", "--max-redirects", "0", "--request-timeout", "20"]
    # Schemathesis keeps its example database and reports in the working directory.
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false"}
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=150, env=env
    )
    output = result.stdout[-8000:] + result.stderr[-2000:]
    assert result.returncode == 0, output
    assert re.search(r"\d+ passed", output), output


@pytest.mark.slow
def test_longest_valid_query_reaches_the_app(live_server: str) -> None:
    """500 Burmese characters (4,500 bytes percent-encoded) pass gunicorn's line limit and
    the query's term limit: the first 500 Burmese characters of the real statement."""
    text = REAL.read_text(encoding="utf-8")
    burmese = "".join(re.findall(r"[\u1000-\u109f]+", text))[:500]
    query = urllib.parse.urlencode({"q": burmese, "per_page": "100"})
    assert len(query) > 4094  # gunicorn's default limit would refuse it
    with urllib.request.urlopen(f"{live_server}/api/statements?{query}", timeout=20) as answer:
        assert answer.status == 200
        assert answer.headers["Content-Security-Policy"]
