"""Organisation search and organisation records.

An organisation is found by any name form, acronym, partial name (as you type), Burmese
part, or, when nothing else matches, a near-spelling. The same function answers the
API, the pages, the CLI (``orgs NAME``) and the zero-result help of a statement search.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from whoosh import query as wq

from statementsearch.errors import NotFound
from statementsearch.indexing import schema
from statementsearch.search.bounds import check_query_size
from statementsearch.search.collecting import search_page
from statementsearch.search.library import Library, Release
from statementsearch.search.lookups import display_titles
from statementsearch.search.pages import SearchPage
from statementsearch.search.querying import organisation_query
from statementsearch.search.requests import OrganisationRequest


class Moved(Exception):
    """An organisation id that was merged or renamed: answer with a redirect to ``new_id``."""

    status = 308

    def __init__(self, new_id: str) -> None:
        super().__init__(new_id)
        self.new_id = new_id


def search_organisations(library: Library, request: OrganisationRequest) -> SearchPage:
    """Organisations by any name form, acronym, partial name or near-spelling; best first."""
    release = library.release()
    return release.cached(
        ("organisations", request),
        lambda: find_organisations(release, request.q, request.page, request.per_page),
    )


def find_organisations(release: Release, text: str, page: int, per_page: int) -> SearchPage:
    """One page of the organisations matching ``text`` (all, by statement count, if empty)."""
    searcher = release.organisations_searcher()
    if not text:
        hits = search_page(
            searcher, wq.Every(), page, per_page, sortedby=schema.STATEMENT_COUNT, reverse=True
        )
    else:
        query = organisation_query(text)
        check_query_size(query)
        hits = search_page(searcher, query, page, per_page)
        if hits.total == 0:
            hits = search_page(searcher, organisation_query(text, fuzzy=True), page, per_page)
    ids = [hit[schema.ID] for hit in hits.hits]
    records = release.records.organisations_by_id(ids)
    results = [
        {**records[oid], "url": f"/organisations/{quote(oid, safe='')}"}  # ids can hold ? # %
        for oid in ids
        if oid in records
    ]
    return SearchPage(hits.total, page, per_page, tuple(results))


def _signed(release: Release, organisation_id: str) -> tuple[dict[str, Any], ...]:
    signed = release.records.statements_signed(organisation_id)
    display_titles(release, signed)
    return tuple(signed)


def get_organisation(library: Library, organisation_id: str) -> dict[str, Any]:
    """An organisation with every statement it signed (newest first) and co-signatories.

    The co-signatories (a short list, ~40 ms to count for an organisation with 4,000
    statements) and the statement list (one indexed query, and a display title each:
    the busiest of 50,000 statements signed ~20,000) are cached per build; callers only
    read them.
    """
    release = library.release()
    records = release.records
    record = records.find_organisation(organisation_id)
    if record is None:
        new_id = records.find_alias(organisation_id)
        if new_id is not None:
            raise Moved(new_id)
        raise NotFound(f"no organisation with id {organisation_id!r}")
    record["statements"] = list(
        release.cached(("signed", organisation_id), lambda: _signed(release, organisation_id))
    )
    record["co_signatories"] = release.cached(
        ("co_signatories", organisation_id), lambda: records.co_signatories(organisation_id)
    )
    return record
