"""The one query layer: request objects in, result pages out.

The web pages, the JSON API and the CLI all call these functions and differ only in
rendering. This layer validates parameters (a bad one is a 400 naming it), turns text into
Whoosh queries through ``analysis`` (never splitting text itself), joins hits with the
record store, and never writes. Query text is Zawgyi-converted and NFC-normalised first.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TopCollector, WrappingCollector
from whoosh.qparser import AndGroup, MultifieldParser
from whoosh.qparser import syntax as qsyntax
from whoosh.searching import ResultsPage, Searcher, TimeLimit

from statementsearch.errors import BadRequest, NotFound, QuerySyntaxError, QueryTooSlow
from statementsearch.indexing import schema
from statementsearch.indexing.build import date_key, date_text
from statementsearch.search.evaluation import Unsupported
from statementsearch.search.library import Library, Release
from statementsearch.search.querying import cap_expansions, organisation_query, statement_query
from statementsearch.search.snippets import make_snippet
from statementsearch.text.normalise import normalise_text

_DIGITS = re.compile(r"[0-9]{1,9}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_QUERY_CHARS = 500
SEARCH_SECONDS = 5.0  # a search that collects longer than this answers QueryTooSlow
MAX_PER_PAGE = 100
MAX_PAGE = 1000
DEFAULT_PER_PAGE = 20


class Moved(Exception):
    """An organisation id that was merged or renamed: answer with a redirect to ``new_id``."""

    status = 308

    def __init__(self, new_id: str) -> None:
        super().__init__(new_id)
        self.new_id = new_id


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    mode: str = "simple"
    organisation: str | None = None
    # `organisation=A&organisation=B`: statements signed by A and by every one of these.
    also_signed_by: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@dataclass(frozen=True)
class SearchPage:
    total: int
    page: int
    per_page: int
    results: tuple[dict[str, Any], ...] = field(default=())
    # The organisation a statement search was filtered by (id, name, ...), for display.
    organisation: dict[str, Any] | None = None
    also_signed_by: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "results": list(self.results),
        }


def clean_query_text(text: str) -> str:
    """Normalise what a user typed: Zawgyi -> Unicode, NFC, trimmed, bounded length."""
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequest(f"parameter 'q' is longer than {MAX_QUERY_CHARS} characters")
    normalised, _ = normalise_text(text)
    return normalised.strip()


def _int_param(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    # int() would also take "+5", "1_0" and non-ASCII digits: accept plain digits only.
    if not _DIGITS.fullmatch(raw):
        raise BadRequest(f"parameter '{name}' must be a whole number, got {raw!r}")
    value = int(raw)
    if value < 1:
        raise BadRequest(f"parameter '{name}' must be 1 or more, got {value}")
    if value > maximum:
        raise BadRequest(f"parameter '{name}' must be at most {maximum}, got {value}")
    return value


def _date_param(args: Mapping[str, str], name: str) -> dt.date | None:
    raw = args.get(name)
    if not raw:
        return None
    try:
        if not _ISO_DATE.fullmatch(raw):  # fromisoformat also takes 20220101, 2022-W01-1
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"parameter '{name}' must be a date as YYYY-MM-DD, got {raw!r}") from None


def _choice_param(args: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    raw = args.get(name) or choices[0]
    if raw not in choices:
        raise BadRequest(f"parameter '{name}' must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def parse_search_request(args: Mapping[str, str]) -> SearchRequest:
    """Validate request parameters into a SearchRequest; a bad one is a 400 naming it."""
    getlist = getattr(args, "getlist", None)  # a MultiDict: `organisation` may repeat
    given = getlist("organisation") if getlist else [args.get("organisation")]
    signers: list[str] = [o for o in given if o]
    request = SearchRequest(
        q=clean_query_text(args.get("q", "") or ""),
        mode=_choice_param(args, "mode", ("simple", "advanced")),
        organisation=signers[0] if signers else None,
        also_signed_by=tuple(signers[1:]),
        date_from=_date_param(args, "date_from"),
        date_to=_date_param(args, "date_to"),
        sort=_choice_param(args, "sort", ("relevance", "date")),
        page=_int_param(args, "page", 1, MAX_PAGE),
        per_page=_int_param(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise BadRequest("parameter 'date_from' is after 'date_to'")
    return request


@dataclass(frozen=True)
class OrganisationRequest:
    q: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def parse_organisation_request(args: Mapping[str, str]) -> OrganisationRequest:
    """Validate organisation-search parameters; a bad one is a 400 naming it."""
    return OrganisationRequest(
        q=clean_query_text(args.get("q", "") or ""),
        page=_int_param(args, "page", 1, MAX_PAGE),
        per_page=_int_param(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


def _error_nodes(node: qsyntax.SyntaxNode) -> Iterator[qsyntax.ErrorNode]:
    if isinstance(node, qsyntax.ErrorNode):
        yield node
    for child in getattr(node, "nodes", ()):
        yield from _error_nodes(child)


def _advanced_query(text: str) -> wq.Query:
    parser = MultifieldParser(
        list(schema.STATEMENT_TEXT_FIELDS),
        schema.statements_schema(),
        fieldboosts=schema.STATEMENT_TEXT_FIELDS,
        group=AndGroup,
    )
    errors = list(_error_nodes(parser.process(text)))
    problem = (
        errors[0].message
        if errors
        else "a quote is not closed"
        if text.count('"') % 2
        else "the parentheses do not balance"
        if text.count("(") != text.count(")")
        else None
    )
    if problem:
        raise QuerySyntaxError(f"parameter 'q' is not a valid advanced query: {problem}")
    try:
        return parser.parse(text)
    except Exception as exc:  # whoosh raises assorted errors for odd syntax
        raise QuerySyntaxError(f"parameter 'q' is not a valid advanced query: {exc}") from None


def _filter_organisation(release: Release, organisation_id: str) -> dict[str, Any]:
    """The organisation a filter names (following a merged or old id); 400 if unknown."""
    records = release.records
    current = organisation_id
    if records.find_organisation(current) is None:
        current = records.find_alias(organisation_id) or organisation_id
    found = records.organisations_by_id([current]).get(current)
    if found is None:
        raise BadRequest(f"parameter 'organisation': no organisation with id {organisation_id!r}")
    return found


def _filters(
    request: SearchRequest, organisation: dict[str, Any] | None, also: tuple[dict[str, Any], ...]
) -> wq.Query | None:
    parts: list[wq.Query] = []
    for signed in (organisation, *also) if organisation is not None else ():
        parts.append(wq.Term(schema.ORGANISATION_IDS, signed["id"]))
    if request.date_from or request.date_to:
        # Low bound 1, not None: an undated statement (NO_DATE) never matches a date
        # filter, and Whoosh 2.7 mishandles an open low bound (and a high bound near
        # 10^8) on this unsigned field; an open high bound works.
        low = date_key(request.date_from.isoformat()) if request.date_from else 1
        high = date_key(request.date_to.isoformat()) if request.date_to else None
        parts.append(wq.NumericRange(schema.DATE, low, high))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


class DeadlineCollector(WrappingCollector):
    """Raises TimeLimit once collecting has run past a deadline, checked between found
    documents. Whoosh's TimeLimitCollector starts a timer thread for every search: under
    load, starting it cost more than many searches."""

    def __init__(self, child: Any, seconds: float) -> None:
        super().__init__(child)
        self.seconds = seconds

    def collect_matches(self) -> None:
        deadline = time.monotonic() + self.seconds
        child = self.child
        for sub_docnum in child.matches():
            if time.monotonic() > deadline:
                raise TimeLimit
            child.collect(sub_docnum)


class ExactTopCollector(TopCollector):
    """The top N by score, with the exact number of matches.

    Whoosh's TopCollector, once its heap is full, replaces the matcher with one that can
    only find documents scoring above the N-th (an Or of phrases becomes an And), also
    with ``usequality=False``, and then reports the matches seen so far as the total:
    ``"jet fuel"`` counted 750, 809 or 1,139 of 3,532 depending on the page size.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit, usequality=False)

    def _collect(self, global_docnum: int, score: float) -> float:
        key = super()._collect(global_docnum, score)
        self.minscore = 0  # never let a replaced matcher skip a match
        return float(key)


def _search_page(
    searcher: Searcher,
    query: wq.Query,
    page: int,
    per_page: int,
    sortedby: str | None = None,
    reverse: bool = False,
) -> ResultsPage:
    """One page of hits, or QueryTooSlow if collecting runs past SEARCH_SECONDS.

    The limit is checked between found documents (no SIGALRM: requests run in worker
    threads), so a worker is never held by one query for long.
    """
    limit = page * per_page
    collector = (
        ExactTopCollector(limit)
        if sortedby is None
        else searcher.collector(limit=limit, sortedby=sortedby, reverse=reverse)
    )
    timed = DeadlineCollector(collector, SEARCH_SECONDS)
    try:
        searcher.search_with_collector(query, timed)
    except TimeLimit:
        raise QueryTooSlow(
            f"the query took longer than {SEARCH_SECONDS:g} s; make it more specific"
        ) from None
    return ResultsPage(timed.results(), page, per_page)


def search_statements(library: Library, request: SearchRequest) -> SearchPage:
    """Statements matching the request, a page at a time, with marked snippets.

    Answers are cached per build: a build never changes, and popular queries repeat.
    """
    release = library.release()
    return release.cached(("statements", request), lambda: _search_statements(release, request))


def _search_statements(release: Release, request: SearchRequest) -> SearchPage:
    organisation = (
        _filter_organisation(release, request.organisation) if request.organisation else None
    )
    if not request.q:
        text_query: wq.Query | None = wq.Every()
        highlight: list[str] = []
    elif request.mode == "advanced":
        text_query = cap_expansions(_advanced_query(request.q))
        highlight = [t for f, t in text_query.iter_all_terms() if f in ("body", "title")]
    else:
        text_query, highlight = statement_query(request.q)
    also = tuple(_filter_organisation(release, other) for other in request.also_signed_by)
    if text_query is None:
        return SearchPage(0, request.page, request.per_page, organisation=organisation)
    filters = _filters(request, organisation, also)
    by_date = request.sort == "date" or not request.q
    total, page_fields = _statement_hits(release, text_query, filters, request, by_date)
    results = []
    bodies = release.records.bodies([f[schema.ID] for f in page_fields])
    for fields in page_fields:
        date = fields.get(schema.DATE) or schema.NO_DATE
        sid = fields[schema.ID]
        results.append(
            {
                "id": sid,
                "title": fields.get(schema.TITLE) or None,
                "date": date_text(date),
                "snippet": make_snippet(bodies.get(sid, ""), highlight),
                "signatory_count": fields.get(schema.SIGNATORY_COUNT, 0),
                "url": f"/statements/{sid}",
            }
        )
    return SearchPage(total, request.page, request.per_page, tuple(results), organisation, also)


def _statement_hits(
    release: Release,
    text_query: wq.Query,
    filters: wq.Query | None,
    request: SearchRequest,
    by_date: bool,
) -> tuple[int, list[dict[str, Any]]]:
    """The total and the stored fields of the requested page, best (or newest) first.

    Evaluated in bulk (``evaluation``); a query shape it does not handle (advanced syntax
    such as wildcards) goes through Whoosh's collector instead. Same documents either way.
    """
    searcher = release.statements_searcher()
    try:
        bulk = release.bulk_searcher()
        within = bulk.matching(filters) if filters is not None else None
        scores = bulk.evaluate(
            text_query, within, seconds=SEARCH_SECONDS, whole_words=request.mode == "simple"
        )
    except Unsupported:
        final = text_query if filters is None else wq.And([text_query, filters])
        hits = _search_page(
            searcher,
            final,
            request.page,
            request.per_page,
            sortedby=schema.DATE if by_date else None,
            reverse=by_date,
        )
        return hits.total, [hit.fields() for hit in hits]
    ranked = bulk.rank(scores, request.page * request.per_page, schema.DATE if by_date else None)
    page_docs = ranked.docnums[(request.page - 1) * request.per_page :]
    return ranked.total, [searcher.stored_fields(d) for d in page_docs]


def search_organisations(library: Library, request: OrganisationRequest) -> SearchPage:
    """Organisations by any name form, acronym, partial name or near-spelling; best first."""
    release = library.release()
    return release.cached(
        ("organisations", request), lambda: _search_organisations(release, request)
    )


def _search_organisations(release: Release, request: OrganisationRequest) -> SearchPage:
    searcher = release.organisations_searcher()
    text, page, per_page = request.q, request.page, request.per_page
    if not text:
        hits = _search_page(
            searcher, wq.Every(), page, per_page, sortedby=schema.STATEMENT_COUNT, reverse=True
        )
    else:
        hits = _search_page(searcher, organisation_query(text), page, per_page)
        if hits.total == 0:
            hits = _search_page(searcher, organisation_query(text, fuzzy=True), page, per_page)
    ids = [hit[schema.ID] for hit in hits]
    records = release.records.organisations_by_id(ids)
    results = [{**records[oid], "url": f"/organisations/{oid}"} for oid in ids if oid in records]
    return SearchPage(hits.total, page, per_page, tuple(results))


def get_statement(library: Library, statement_id: str) -> dict[str, Any]:
    """The full statement record; NotFound if there is no such statement."""
    record = library.release().records.find_statement(statement_id)
    if record is None:
        raise NotFound(f"no statement with id {statement_id!r}")
    return record


def get_organisation(library: Library, organisation_id: str) -> dict[str, Any]:
    """An organisation with every statement it signed (newest first) and co-signatories.

    The co-signatories (a short list, ~40 ms to count for an organisation with 4,000
    statements) are cached per build; the statement list is one indexed query.
    """
    release = library.release()
    records = release.records
    record = records.find_organisation(organisation_id)
    if record is None:
        new_id = records.find_alias(organisation_id)
        if new_id is not None:
            raise Moved(new_id)
        raise NotFound(f"no organisation with id {organisation_id!r}")
    record["statements"] = records.statements_signed(organisation_id)
    record["co_signatories"] = release.cached(
        ("co_signatories", organisation_id), lambda: records.co_signatories(organisation_id)
    )
    return record


def health(library: Library) -> dict[str, Any]:
    release = library.release()
    counts = release.manifest.get("counts", {})
    return {
        "status": "ok",
        "statements": counts.get("statements", 0),
        "organisations": counts.get("organisations", 0),
        "built_at": release.manifest.get("built_at"),
        "index": release.build_id,
    }
