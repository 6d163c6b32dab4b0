"""The one query layer: request objects in, result pages out.

The web pages, the JSON API and the CLI all call the functions gathered here and differ
only in rendering. The layer validates parameters (``requests``: a bad one is a 400
naming it), turns text into Whoosh queries through ``analysis`` (never splitting text
itself), searches statements (``statements``: text, stems, signatories, facets) and
organisations (``organisations``), reads records (``lookups``), exports (``export``),
and never writes.
"""

from __future__ import annotations

from statementsearch.search.collecting import SEARCH_SECONDS
from statementsearch.search.export import EXPORT_MAX, iter_export_rows
from statementsearch.search.lookups import get_statement, health, signatories_once
from statementsearch.search.organisations import (
    Moved,
    get_organisation,
    search_organisations,
)
from statementsearch.search.pages import SearchPage
from statementsearch.search.requests import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    OrganisationRequest,
    SearchRequest,
    clean_query_text,
    parse_organisation_request,
    parse_search_request,
)
from statementsearch.search.statements import search_statements, statement_marks

__all__ = [
    "DEFAULT_PER_PAGE",
    "EXPORT_MAX",
    "MAX_PAGE",
    "MAX_PER_PAGE",
    "MAX_QUERY_CHARS",
    "SEARCH_SECONDS",
    "Moved",
    "OrganisationRequest",
    "SearchPage",
    "SearchRequest",
    "clean_query_text",
    "get_organisation",
    "get_statement",
    "health",
    "iter_export_rows",
    "parse_organisation_request",
    "parse_search_request",
    "search_organisations",
    "search_statements",
    "signatories_once",
    "statement_marks",
]
