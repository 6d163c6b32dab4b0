"""JSON routes (docs/api.md is their contract): parse the request, call ``search``, jsonify.

No query logic lives here. Errors raised by ``search`` carry their status; ``app`` turns
them into ``{"error": {"code", "message"}}``. ``GET /api/openapi.json`` is the same
contract for machines (``openapi``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from statementsearch.search.browse import LIST_ORDERS, list_organisations, parse_order
from statementsearch.search.export import EXPORT_COLUMNS
from statementsearch.search.service import (
    EXPORT_MAX,
    get_organisation,
    get_statement,
    health,
    iter_export_rows,
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
    return jsonify(page.to_search_dict())


def _csv_line(values: list[Any]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


@bp.get("/statements.csv")
def statements_csv() -> Response:
    """Every match (at most EXPORT_MAX) as UTF-8 CSV, streamed; formula-safe cells."""
    total, rows = iter_export_rows(get_library(), parse_search_request(request.args))

    def lines() -> Iterator[str]:
        yield _csv_line(list(EXPORT_COLUMNS))
        for row in rows:
            values = [
                "; ".join(row[c]) if c == "signed_by" else "" if row[c] is None else str(row[c])
                for c in EXPORT_COLUMNS
            ]
            yield _csv_line([csv_cell(v) for v in values])

    response = Response(lines(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="statements.csv"'
    response.headers["X-Total-Count"] = str(total)
    return response


@bp.get("/statements.json")
def statements_json() -> Response:
    """Every match (at most EXPORT_MAX) as one JSON document, streamed."""
    total, rows = iter_export_rows(get_library(), parse_search_request(request.args))

    def chunks() -> Iterator[str]:
        head = {"total": total, "exported": min(total, EXPORT_MAX), "limit": EXPORT_MAX}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
        for n, row in enumerate(rows):
            yield ("," if n else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    response = Response(chunks(), content_type="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="statements.json"'
    return response


@bp.get("/statements/<statement_id>")
def statement(statement_id: str) -> Response:
    return jsonify(get_statement(get_library(), statement_id))


@bp.get("/organisations")
def organisations() -> Response:
    search = parse_organisation_request(request.args)
    # Checked with or without `q` (a bad value is a 400 either way); it orders the list.
    order = parse_order(request.args, "sort", LIST_ORDERS)
    if search.q:
        page = search_organisations(get_library(), search)
    else:  # the whole list, in the `sort` order (ties: A–Z, then id)
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
