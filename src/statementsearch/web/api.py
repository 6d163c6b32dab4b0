"""JSON routes (docs/api.md is their contract): parse the request, call ``search``, jsonify.

No query logic lives here. Errors raised by ``search`` carry their status; ``app`` turns
them into ``{"error": {"code", "message"}}``. ``GET /api/openapi.json`` is the same
contract for machines (``openapi``).
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, jsonify, request, url_for

from statementsearch.search.browse import LIST_ORDERS, list_organisations, parse_order
from statementsearch.search.service import (
    get_organisation,
    get_statement,
    health,
    parse_organisation_request,
    parse_search_request,
    search_organisations,
    search_statements,
)
from statementsearch.web.handle import get_library
from statementsearch.web.openapi import build_openapi

bp = Blueprint("api", __name__, url_prefix="/api")

CSV_COLUMNS = ("statement_id", "date", "title", "name_as_signed", "url")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """Make a value inert in a spreadsheet: a leading formula character gets a ``'``.

    "=HYPERLINK(...)" -> "'=HYPERLINK(...)"; "Star Women Group" -> "Star Women Group"
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@bp.get("/statements")
def statements() -> Response:
    page = search_statements(get_library(), parse_search_request(request.args))
    return jsonify(page.to_dict())


@bp.get("/statements/<statement_id>")
def statement(statement_id: str) -> Response:
    return jsonify(get_statement(get_library(), statement_id))


@bp.get("/organisations")
def organisations() -> Response:
    search = parse_organisation_request(request.args)
    if search.q:
        page = search_organisations(get_library(), search)
    else:  # the whole list, in the `sort` order (ties: A–Z, then id)
        order = parse_order(request.args, "sort", LIST_ORDERS)
        page = list_organisations(get_library(), order, search.page, search.per_page)
    return jsonify(page.to_dict())


@bp.get("/organisations/<organisation_id>")
def organisation(organisation_id: str) -> Response:
    return jsonify(get_organisation(get_library(), organisation_id))


@bp.get("/organisations/<organisation_id>/statements.csv")
def organisation_csv(organisation_id: str) -> Response:
    """Every statement the organisation signed, newest first, as UTF-8 CSV (no BOM)."""
    record = get_organisation(get_library(), organisation_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for signed in record["statements"]:
        row = (
            signed["id"],
            signed["date"] or "",
            signed["title"] or "",
            signed["name_as_signed"],
            url_for("views.statement", statement_id=signed["id"]),
        )
        writer.writerow([csv_cell(value) for value in row])
    response = Response(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{record['id']}-statements.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/health")
def health_check() -> Response:
    return jsonify(health(get_library()))


@bp.get("/openapi.json")
def openapi() -> Response:
    """The API as an OpenAPI 3.1 document (docs/api.md is the prose version)."""
    return jsonify(build_openapi())
