"""Statement search: text, stems and signatories in, a ranked page with facets out.

A simple query matches the text (exact words above their other English forms, Burmese
syllables) or the statements its organisations signed (``signatories``); advanced syntax
goes through ``advanced``. Filters (organisations: all of them; dates; language) narrow
the documents first. Evaluated in bulk (``evaluation``); a query shape the bulk evaluator
does not take (advanced wildcards) is collected by Whoosh instead, without facets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Any
from urllib.parse import quote

from whoosh import query as wq

from statementsearch.errors import BadRequest
from statementsearch.indexing import schema
from statementsearch.indexing.build import date_key, date_text
from statementsearch.search.advanced import advanced_query
from statementsearch.search.bounds import SNIPPET_INPUT_CHARS, check_query_size
from statementsearch.search.collecting import SEARCH_SECONDS, whoosh_scores
from statementsearch.search.deadline import check as check_deadline
from statementsearch.search.evaluation import Unsupported
from statementsearch.search.facets import NO_FACETS, SIGNATORY_SAMPLE, Facets, count_facets
from statementsearch.search.library import Library, Release
from statementsearch.search.matches import NO_MATCHES
from statementsearch.search.organisations import find_organisations
from statementsearch.search.pages import SearchPage
from statementsearch.search.querying import statement_query
from statementsearch.search.requests import SearchRequest
from statementsearch.search.signatories import (
    NOTHING,
    Joined,
    combine,
    join_organisations,
    signatory_query,
    signatory_scores,
    signed_by_lines,
)
from statementsearch.search.snippets import make_snippet
from statementsearch.search.vocabulary import did_you_mean, stem_terms

ZERO_RESULT_ORGANISATIONS = 5


@dataclass(frozen=True)
class Ranked:
    """A search's matches in order (the first ``limit`` of them), before rendering."""

    total: int
    docnums: tuple[int, ...]
    joined: Joined
    marks: tuple[str, ...]
    facets: Facets


def search_statements(library: Library, request: SearchRequest) -> SearchPage:
    """Statements matching the request, a page at a time, with marked snippets, "Signed
    by" lines, facets, and help when nothing matched. Cached per build."""
    release = library.release()
    return release.cached(("statements", request), lambda: _search_statements(release, request))


def _search_statements(release: Release, request: SearchRequest) -> SearchPage:
    organisations = filter_organisations(release, request)
    start = (request.page - 1) * request.per_page
    ranked = rank_statements(release, request, organisations, request.page * request.per_page)
    docs = ranked.docnums[start : start + request.per_page]
    results = tuple(_results(release, request, ranked, docs))
    page = SearchPage(
        ranked.total,
        request.page,
        request.per_page,
        results,
        organisations=organisations,
        facets=ranked.facets,
        zawgyi=request.zawgyi,
    )
    if ranked.total == 0 and request.q:
        page = _zero_results_help(release, request, page)
    return page


def filter_organisations(release: Release, request: SearchRequest) -> tuple[dict[str, Any], ...]:
    """The organisations a request filters by: its ids, and the best match of the name
    typed in the filter box (400 when no organisation matches it)."""
    found = [filter_organisation(release, oid) for oid in request.organisations]
    if request.organisation_name:
        best = find_organisations(release, request.organisation_name, 1, 1).results
        if not best:
            raise BadRequest(
                f"parameter 'organisation_name': no organisation matches "
                f"{request.organisation_name!r}"
            )
        found.append(best[0])
    return tuple({o["id"]: o for o in found}.values())


def filter_organisation(release: Release, organisation_id: str) -> dict[str, Any]:
    """The organisation a filter names (following a merged or old id); 400 if unknown."""
    records = release.records
    current = organisation_id
    if records.find_organisation(current) is None:
        current = records.find_alias(organisation_id) or organisation_id
    found = records.organisations_by_id([current]).get(current)
    if found is None:
        raise BadRequest(f"parameter 'organisation': no organisation with id {organisation_id!r}")
    return found


def _filters(request: SearchRequest, organisations: tuple[dict[str, Any], ...]) -> wq.Query | None:
    parts: list[wq.Query] = [wq.Term(schema.ORGANISATION_IDS, o["id"]) for o in organisations]
    if request.date_from or request.date_to:
        # Low bound 1, not None: an undated statement (NO_DATE) never matches a date
        # filter, and Whoosh 2.7 mishandles an open low bound (and a high bound near
        # 10^8) on this unsigned field; an open high bound works.
        low = date_key(request.date_from.isoformat()) if request.date_from else 1
        high = date_key(request.date_to.isoformat()) if request.date_to else None
        parts.append(wq.NumericRange(schema.DATE, low, high))
    if request.language:
        parts.append(wq.Term(schema.LANGUAGE, request.language))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def rank_statements(
    release: Release,
    request: SearchRequest,
    organisations: tuple[dict[str, Any], ...],
    limit: int,
) -> Ranked:
    """The request's matches, the first ``limit`` in order, with facets."""
    joined = NOTHING
    if not request.q:
        text_query: wq.Query | None = wq.Every()
        marks: list[str] = []
    elif request.mode == "advanced":
        text_query, joined = advanced_query(release, request.q)
        marks = [t for f, t in text_query.iter_all_terms() if f in (schema.BODY, schema.TITLE)]
    else:
        text_query, marks = statement_query(request.q, partial(stem_terms, release))
        joined = join_organisations(release, request.q)
    check_query_size(text_query)
    if text_query is None and not joined:
        return Ranked(0, (), joined, (), NO_FACETS)
    filters = _filters(request, organisations)
    by_date = request.sort == "date" or not request.q
    sort_column = schema.DATE if by_date else None
    try:
        bulk = release.bulk_searcher()
        within = bulk.matching(filters) if filters is not None else None
        scores = (
            bulk.evaluate(
                text_query, within, seconds=SEARCH_SECONDS, whole_words=request.mode == "simple"
            )
            if text_query is not None
            else NO_MATCHES
        )
    except Unsupported:
        return _collected(release, text_query, joined, filters, request, limit, tuple(marks))
    if joined and request.mode == "simple":
        scores = combine(scores, signatory_scores(bulk, joined, within))
    ranked = bulk.rank(
        scores,
        max(limit, SIGNATORY_SAMPLE),
        sort_column,
        date_column=schema.DATE,
        id_field=schema.ID,
    )
    facets = count_facets(release, bulk, scores, ranked.docnums)
    return Ranked(ranked.total, ranked.docnums[:limit], joined, tuple(marks), facets)


def _collected(
    release: Release,
    text_query: wq.Query | None,
    joined: Joined,
    filters: wq.Query | None,
    request: SearchRequest,
    limit: int,
    marks: tuple[str, ...],
) -> Ranked:
    """The same matches through Whoosh's collector (query shapes ``evaluation`` refuses),
    in the same order as the bulk path gives. An advanced query holds its ``signatory:``
    parts already; a simple one is joined."""
    joining = joined and request.mode == "simple"
    parts = [q for q in (text_query, signatory_query(joined) if joining else None) if q is not None]
    query: wq.Query = parts[0] if len(parts) == 1 else wq.Or(parts)
    if filters is not None:
        query = wq.And([query, filters])
    by_date = request.sort == "date" or not request.q
    scores = whoosh_scores(release.statements_searcher(), query)
    ranked = release.bulk_searcher().rank(
        scores,
        limit,
        schema.DATE if by_date else None,
        date_column=schema.DATE,
        id_field=schema.ID,
    )
    return Ranked(ranked.total, ranked.docnums, joined, marks, NO_FACETS)


def _results(
    release: Release, request: SearchRequest, ranked: Ranked, docs: tuple[int, ...]
) -> Iterator[dict[str, Any]]:
    searcher = release.statements_searcher()
    stored = [searcher.stored_fields(d) for d in docs]
    ids = [fields[schema.ID] for fields in stored]
    bodies = release.records.bodies(ids, SNIPPET_INPUT_CHARS) if request.q else {}
    signed = signed_by_lines(release, ids, ranked.joined)
    for fields in stored:
        check_deadline()
        sid = fields[schema.ID]
        signed_by = signed.get(sid, [])
        yield {
            "id": sid,
            "title": fields.get(schema.TITLE) or None,
            "display_title": fields.get(schema.DISPLAY_TITLE) or fields.get(schema.TITLE) or sid,
            "date": date_text(fields.get(schema.DATE) or schema.NO_DATE),
            "language": fields.get(schema.LANGUAGE) or None,
            "snippet": make_snippet(bodies.get(sid, ""), list(ranked.marks)) if bodies else "",
            "signed_by": signed_by,
            "signed_by_snippet": signed_by_html(signed_by),
            "signatory_count": fields.get(schema.SIGNATORY_COUNT, 0),
            "url": f"/statements/{quote(sid, safe='')}",  # ids can hold ? # %
        }


def signed_by_html(signed_by: list[dict[str, str]]) -> str | None:
    """'Signed by <mark>Name</mark>, <mark>Other</mark>' (escaped), or None."""
    if not signed_by:
        return None
    return "Signed by " + ", ".join(f"<mark>{escape(s['name'])}</mark>" for s in signed_by)


def _zero_results_help(release: Release, request: SearchRequest, page: SearchPage) -> SearchPage:
    """Nothing matched: a "Did you mean" that finds statements, and the organisations
    whose names match (fuzzily, as the organisation search does when nothing else does)."""
    suggestion = None
    if request.mode == "simple":
        candidate = did_you_mean(release, request.q)
        if candidate is not None:
            trial = SearchRequest(q=candidate, per_page=1)
            if rank_statements(release, trial, (), 1).total:
                suggestion = candidate
    try:
        matching = find_organisations(release, request.q, 1, ZERO_RESULT_ORGANISATIONS)
    except BadRequest:  # too long to be an organisation's name: no names to offer
        matching = SearchPage(0, 1, ZERO_RESULT_ORGANISATIONS)
    return SearchPage(
        page.total,
        page.page,
        page.per_page,
        page.results,
        organisations=page.organisations,
        facets=page.facets,
        suggestion=suggestion,
        matching_organisations=matching.results,
        zawgyi=page.zawgyi,
    )


def statement_marks(library: Library, q: str) -> list[str]:
    """What to mark in a statement's full text when arriving from a simple search for
    ``q``: its pieces, and the body's other forms of its English words."""
    if not q:
        return []
    release = library.release()
    return statement_query(q, partial(stem_terms, release))[1]
