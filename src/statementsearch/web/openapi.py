"""The HTTP API as an OpenAPI 3.1 document, served at ``GET /api/openapi.json``.

Longer than ~300 lines because it is one declarative document: splitting it would scatter
the contract.

docs/api.md is the contract for people; this is the same contract for machines (client
generators, schemathesis). Bounds come from ``search`` so the two cannot drift apart;
tests check that every ``/api`` route is here and in docs/api.md, that the document is
valid OpenAPI, and that real answers match these schemas. Schemas are JSON Schema
2020-12 (OpenAPI 3.1): a nullable field is ``"type": [..., "null"]``.
"""

from __future__ import annotations

import copy
from typing import Any

from statementsearch import __version__
from statementsearch.search.export import EXPORT_COLUMNS
from statementsearch.search.facets import SIGNATORY_SAMPLE, TOP_SIGNATORIES
from statementsearch.search.requests import (
    DEFAULT_PER_PAGE,
    LANGUAGES,
    MAX_FILTER_ORGANISATIONS,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
)
from statementsearch.search.service import EXPORT_MAX
from statementsearch.search.signatories import MAX_SIGNED_BY

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Schema], *, closed: bool = False) -> Schema:
    """An object with every listed property required (the API always sends them all)."""
    schema: Schema = {"type": "object", "required": list(properties), "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    return schema


STRING: Schema = {"type": "string"}
COUNT: Schema = {"type": "integer", "minimum": 0}
NULLABLE_STRING: Schema = {"type": ["string", "null"]}
DATE: Schema = {"type": ["string", "null"], "format": "date", "description": "YYYY-MM-DD"}
STRINGS: Schema = {"type": "array", "items": STRING}

SCHEMAS: dict[str, Schema] = {
    "Error": _object(
        {
            "error": _object(
                {
                    "code": {**STRING, "description": "machine-readable, e.g. bad_request"},
                    "message": {**STRING, "description": "for people; names the parameter"},
                },
                closed=True,
            )
        },
        closed=True,
    ),
    "StatementHit": _object(
        {
            "id": STRING,
            "title": NULLABLE_STRING,
            "display_title": {
                **STRING,
                "description": "the title, else the first heading or sentence of the body",
            },
            "date": DATE,
            "language": NULLABLE_STRING,
            "snippet": {
                **STRING,
                "description": "HTML: statement text escaped, only <mark> added",
            },
            "signed_by": {
                "type": "array",
                "items": _ref("Signatory"),
                "maxItems": MAX_SIGNED_BY,
                "description": "the organisations the query found that signed it, as written",
            },
            "signed_by_snippet": {
                **NULLABLE_STRING,
                "description": "HTML: 'Signed by <mark>name</mark>', names escaped",
            },
            "signatory_count": COUNT,
            "url": {**STRING, "description": "path of the HTML page"},
        }
    ),
    "Signatory": _object({"id": STRING, "name": STRING}),
    "FacetValue": _object({"value": STRING, "count": COUNT}),
    "FacetSignatory": _object({"id": STRING, "name": STRING, "count": COUNT}),
    "Facets": _object(
        {
            "years": {"type": "array", "items": _ref("FacetValue")},
            "languages": {"type": "array", "items": _ref("FacetValue")},
            "signatories": {
                "type": "array",
                "items": _ref("FacetSignatory"),
                "maxItems": TOP_SIGNATORIES,
            },
            "signatories_counted": {
                **COUNT,
                "maximum": SIGNATORY_SAMPLE,
                "description": "the best matches the signatory counts are over",
            },
        }
    ),
    "ExportRow": _object(
        {
            "id": STRING,
            "date": DATE,
            "title": NULLABLE_STRING,
            "display_title": STRING,
            "language": NULLABLE_STRING,
            "signatory_count": COUNT,
            "signed_by": STRINGS,
            "url": STRING,
        }
    ),
    "Signature": _object(
        {
            "name": {**STRING, "description": "exactly as written in the statement"},
            "organisation_id": NULLABLE_STRING,
            "position": {"type": "integer", "minimum": 1},
        }
    ),
    "Individual": _object({"name": STRING, "position": {"type": "integer", "minimum": 1}}),
    "Statement": _object(
        {
            "id": STRING,
            "title": NULLABLE_STRING,
            "date": DATE,
            "language": NULLABLE_STRING,
            "source": NULLABLE_STRING,
            "display_title": STRING,
            "declared_total": {"type": ["integer", "null"], "minimum": 0},
            "body": STRING,
            "organisations": {"type": "array", "items": _ref("Signature")},
            "individuals": {"type": "array", "items": _ref("Individual")},
            "warnings": STRINGS,
            "withheld": COUNT,
            "signatory_count": COUNT,
        }
    ),
    "OrganisationHit": _object(
        {
            "id": STRING,
            "name": STRING,
            "names": STRINGS,
            "acronyms": STRINGS,
            "statement_count": COUNT,
            "url": {**STRING, "description": "path of the HTML page"},
        }
    ),
    "SignedStatement": _object(
        {
            "id": STRING,
            "title": NULLABLE_STRING,
            "display_title": STRING,
            "date": DATE,
            "name_as_signed": STRING,
        }
    ),
    "CoSignatory": _object({"id": STRING, "name": STRING, "count": {"type": "integer"}}),
    "Organisation": _object(
        {
            "id": STRING,
            "name": STRING,
            "names": STRINGS,
            "acronyms": STRINGS,
            "statement_count": COUNT,
            "statements": {"type": "array", "items": _ref("SignedStatement")},
            "co_signatories": {"type": "array", "items": _ref("CoSignatory"), "maxItems": 20},
        }
    ),
    "Health": _object(
        {
            "status": {"type": "string", "enum": ["ok"]},
            "statements": COUNT,
            "organisations": COUNT,
            "built_at": {**NULLABLE_STRING, "description": "UTC time of the build, ISO 8601"},
            "index": {**STRING, "description": "the build id"},
        }
    ),
}


def _page_of(item: str) -> Schema:
    return _object(
        {
            "total": {**COUNT, "description": "every match, not only this page"},
            "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "results": {"type": "array", "items": _ref(item), "maxItems": MAX_PER_PAGE},
        }
    )


SCHEMAS["StatementPage"] = _object(
    {
        **_page_of("StatementHit")["properties"],
        "facets": _ref("Facets"),
        "filters": _object({"organisations": {"type": "array", "items": _ref("Signatory")}}),
        "suggestion": {
            **NULLABLE_STRING,
            "description": "nothing matched: a corrected query that finds statements",
        },
        "matching_organisations": {
            "type": "array",
            "items": _object({"id": STRING, "name": STRING, "url": STRING}),
            "description": "nothing matched: organisations whose names match q",
        },
        "zawgyi_converted": {"type": "boolean"},
    }
)
SCHEMAS["StatementExport"] = _object(
    {
        "total": COUNT,
        "exported": {**COUNT, "maximum": EXPORT_MAX},
        "limit": {"type": "integer", "const": EXPORT_MAX},
        "results": {"type": "array", "items": _ref("ExportRow"), "maxItems": EXPORT_MAX},
    }
)
SCHEMAS["OrganisationPage"] = _page_of("OrganisationHit")

# An id is a file name (at most 255 bytes) or a slug; anything longer is never found.
MAX_ID_CHARS = 255


def _or_empty(schema: Schema) -> Schema:
    """A query parameter that may also be sent empty (``?page=``: as if absent), as an
    HTML form sends its empty fields."""
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


def _query(name: str, schema: Schema, description: str) -> Schema:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _path(name: str, description: str) -> Schema:
    schema = {"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS}
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema,
    }


PARAMETERS: dict[str, Schema] = {
    "q": _query(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_CHARS},
        f"query text, at most {MAX_QUERY_CHARS} characters; empty lists everything",
    ),
    "mode": _query(
        "mode",
        _or_empty({"type": "string", "enum": ["simple", "advanced"], "default": "simple"}),
        "simple (default) never fails on syntax; advanced accepts Whoosh syntax",
    ),
    # Repeatable (``?organisation=a&organisation=b``: signed by all of them, at most
    # MAX_FILTER_ORGANISATIONS). Declared as one string: as an array, generated requests
    # of several 255-character ids outgrow the server's 8,190-byte request line (414).
    "organisation": _query(
        "organisation",
        {"type": "string", "maxLength": MAX_ID_CHARS},
        "only statements this organisation signed; an unknown id is a 400; may be "
        f"repeated (at most {MAX_FILTER_ORGANISATIONS} times): statements signed by all",
    ),
    "organisation_name": _query(
        "organisation_name",
        {"type": "string", "maxLength": MAX_QUERY_CHARS},
        "a name: its best organisation match joins the organisation filter; none is a 400",
    ),
    "language": _query(
        "language",
        _or_empty({"type": "string", "enum": list(LANGUAGES)}),
        "only statements in this language",
    ),
    "date_from": _query(
        "date_from",
        _or_empty({"type": "string", "format": "date"}),
        "inclusive, YYYY-MM-DD; empty: no lower bound",
    ),
    "date_to": _query(
        "date_to",
        _or_empty({"type": "string", "format": "date"}),
        "inclusive, YYYY-MM-DD, not before date_from; empty: no upper bound",
    ),
    "sort": _query(
        "sort",
        _or_empty({"type": "string", "enum": ["relevance", "date"], "default": "relevance"}),
        "relevance (default), or date (newest first); an empty q always sorts by date",
    ),
    "list_sort": _query(
        "sort",
        _or_empty({"type": "string", "enum": ["count", "name", "recent"], "default": "count"}),
        "with an empty q: count (most statements first, default), name (A–Z, ICU "
        "collation) or recent (newest statement first); ties A–Z, then by id",
    ),
    "page": _query(
        "page",
        _or_empty({"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
        f"1 to {MAX_PAGE}; out of range is a 400, not clamped",
    ),
    "per_page": _query(
        "per_page",
        _or_empty(
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
            }
        ),
        f"1 to {MAX_PER_PAGE} (default {DEFAULT_PER_PAGE}); out of range is a 400",
    ),
    "statement_id": _path("statement_id", "the statement's file name without its extension"),
    "organisation_id": _path("organisation_id", "a stable slug; an old or merged id answers 308"),
}

_ERRORS = {
    "400": "a parameter is invalid (the message names it), advanced query syntax, or a "
    "query of too many search terms",
    "404": "no such statement or organisation",
    "429": "too many requests from this client address; see Retry-After",
    "503": "no index can be opened (index_unavailable), or the search took too long "
    "(query_timeout)",
}
RESPONSES: dict[str, Schema] = {
    status: {
        "description": text,
        "content": {"application/json": {"schema": _ref("Error")}},
        **(
            {"headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}}}
            if status == "429"
            else {}
        ),
    }
    for status, text in _ERRORS.items()
}
RESPONSES["414"] = {
    "description": (
        "the request line is over 8190 bytes: refused by the HTTP server before the "
        "application (an HTML page, not the JSON error shape)"
    ),
    "content": {"text/html": {"schema": {"type": "string"}}},
}
RESPONSES["308"] = {
    "description": "a merged or old organisation id: the same route under the current id",
    "headers": {"Location": {"required": True, "schema": {"type": "string"}}},
}


def _json(schema: Schema, description: str, links: dict[str, Schema] | None = None) -> Schema:
    response: Schema = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if links:
        response["links"] = links
    return response


def _link(operation_id: str, parameter: str, source: str, description: str) -> Schema:
    """A link from an answer to the operation its ids feed (also guides API testers)."""
    return {
        "operationId": operation_id,
        "parameters": {parameter: f"$response.body#{source}"},
        "description": description,
    }


STATEMENT_LINKS = {
    "GetFirstStatement": _link(
        "getStatement", "statement_id", "/results/0/id", "the first statement found"
    ),
}
ORGANISATION_LINKS = {
    "GetFirstOrganisation": _link(
        "getOrganisation", "organisation_id", "/results/0/id", "the first organisation found"
    ),
    "GetFirstOrganisationCsv": _link(
        "getOrganisationStatementsCsv",
        "organisation_id",
        "/results/0/id",
        "its statements as CSV",
    ),
}
SIGNATORY_LINKS = {
    "GetFirstSignatory": _link(
        "getOrganisation",
        "organisation_id",
        "/organisations/0/organisation_id",
        "the first organisation that signed",
    ),
}


def _operation(
    operation_id: str,
    summary: str,
    parameters: list[str],
    ok: Schema,
    errors: list[str],
) -> Schema:
    statuses = [*errors, "414"]
    responses = {"200": ok} | {s: {"$ref": f"#/components/responses/{s}"} for s in statuses}
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in parameters],
            "responses": responses,
        }
    }


SEARCH_PARAMETERS = [
    *("q", "mode", "organisation", "organisation_name", "date_from", "date_to", "language"),
    *("sort", "page"),
]
EXPORT_PARAMETERS = [p for p in SEARCH_PARAMETERS if p != "page"]
PATHS: dict[str, Schema] = {
    "/api/statements": _operation(
        "searchStatements",
        "Search statements (text and signatories), or list them newest first",
        [*SEARCH_PARAMETERS, "per_page"],
        _json(_ref("StatementPage"), "a page of matching statements", STATEMENT_LINKS),
        ["400", "429", "503"],
    ),
    "/api/statements.csv": _operation(
        "exportStatementsCsv",
        f"Every match of a statement search (at most {EXPORT_MAX}) as CSV, streamed",
        EXPORT_PARAMETERS,
        {
            "description": "UTF-8 CSV without BOM, CRLF line ends, formula-safe cells; "
            f"columns {', '.join(EXPORT_COLUMNS)}",
            "headers": {
                "Content-Disposition": {"schema": {"type": "string"}},
                "X-Total-Count": {"schema": {"type": "integer", "minimum": 0}},
            },
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        ["400", "429", "503"],
    ),
    "/api/statements.json": _operation(
        "exportStatementsJson",
        f"Every match of a statement search (at most {EXPORT_MAX}) as JSON, streamed",
        EXPORT_PARAMETERS,
        _json(_ref("StatementExport"), "every match, in result order"),
        ["400", "429", "503"],
    ),
    "/api/statements/{statement_id}": _operation(
        "getStatement",
        "One statement with its signatories in the order written",
        ["statement_id"],
        _json(_ref("Statement"), "the statement", SIGNATORY_LINKS),
        ["404", "429", "503"],
    ),
    "/api/organisations": _operation(
        "searchOrganisations",
        "Find organisations by any name, acronym or near-spelling",
        ["q", "list_sort", "page", "per_page"],
        _json(
            _ref("OrganisationPage"),
            "a page of organisations, best match first",
            ORGANISATION_LINKS,
        ),
        ["400", "429", "503"],
    ),
    "/api/organisations/{organisation_id}": _operation(
        "getOrganisation",
        "One organisation, every statement it signed, and its co-signatories",
        ["organisation_id"],
        _json(_ref("Organisation"), "the organisation"),
        ["308", "404", "429", "503"],
    ),
    "/api/organisations/{organisation_id}/statements.csv": _operation(
        "getOrganisationStatementsCsv",
        "The statements an organisation signed, as CSV",
        ["organisation_id"],
        {
            "description": "UTF-8 CSV without BOM, CRLF line ends; see docs/api.md",
            "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        ["308", "404", "429", "503"],
    ),
    "/api/health": _operation(
        "health",
        "The live index build and its counts (not rate limited)",
        [],
        _json(_ref("Health"), "the index that answers"),
        ["503"],
    ),
    "/api/openapi.json": _operation(
        "openapi",
        "This document",
        [],
        _json({"type": "object"}, "the OpenAPI document"),
        ["429"],
    ),
}


def build_openapi() -> dict[str, Any]:
    """The OpenAPI document for this version of the API (a fresh dict each call)."""
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": {
                "title": "statementsearch",
                "version": __version__,
                "summary": "Search civil-society statements and their signatories.",
                "description": (
                    "Full-text search over joint statements in English and Burmese, and "
                    "organisations by any of their names. All JSON is UTF-8 (not "
                    "ASCII-escaped). Every error has one shape: "
                    '{"error": {"code", "message"}}. Clients should follow 308 redirects. '
                    "The prose contract is docs/api.md."
                ),
                "license": {"name": "MIT", "identifier": "MIT"},
            },
            "servers": [{"url": "/"}],
            "paths": PATHS,
            "components": {
                "schemas": SCHEMAS,
                "parameters": PARAMETERS,
                "responses": RESPONSES,
            },
        }
    )
