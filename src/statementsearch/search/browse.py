"""Browsing: the organisation list, an organisation's co-signatories and years, near misses.

What the pages show beyond a text search, read from the record store of one build and
cached per build (a build never changes): every organisation in three orders (A–Z by ICU
collation in the reader's language, by statement count, by most recent statement), every
co-signatory of an organisation (by count or by name, paged), statements per year, and
the existing id that a mistyped one resembles. Ties are always broken by the A–Z key and
then the id, so a page never reshuffles between requests. Never writes.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from statementsearch.errors import BadRequest
from statementsearch.indexing.records import OrganisationRow
from statementsearch.search.library import Library, Release
from statementsearch.search.service import MAX_PAGE, SearchPage
from statementsearch.text.collation import collation_key

LIST_ORDERS = ("count", "name", "recent")
CO_SIGNATORY_ORDERS = ("count", "name")
# A suggestion must look much like what was typed: "karen-human-right-group" ->
# "karen-human-rights-group" (0.98), not any id sharing a few letters.
NEAR_MISS_CUTOFF = 0.8


def parse_order(args: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    """The sort order named by parameter ``name`` (the first choice when absent)."""
    raw = args.get(name) or choices[0]
    if raw not in choices:
        raise BadRequest(f"parameter '{name}' must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def parse_page(args: Mapping[str, str], name: str, maximum: int = MAX_PAGE) -> int:
    """A page number parameter (1 when absent); anything but 1..maximum is a 400 naming it."""
    raw = args.get(name) or "1"
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        raise BadRequest(f"parameter '{name}' must be a whole number from 1 to {maximum}")
    return int(raw)


def _rows(release: Release) -> dict[str, OrganisationRow]:
    return release.cached(
        ("browse-rows",), lambda: {row.id: row for row in release.records.organisation_rows()}
    )


def _name_keys(release: Release, language: str) -> dict[str, bytes]:
    """Organisation id -> the collation key of its display name, for one UI language."""

    def compute() -> dict[str, bytes]:
        return {oid: collation_key(row.name, language) for oid, row in _rows(release).items()}

    return release.cached(("browse-keys", language), compute)


def _ordered_ids(release: Release, order: str, language: str) -> list[str]:
    def compute() -> list[str]:
        rows, keys = _rows(release), _name_keys(release, language)
        ids = sorted(rows, key=lambda oid: (keys[oid], oid))  # A–Z; every tie-break
        if order == "count":
            ids.sort(key=lambda oid: rows[oid].statement_count, reverse=True)  # stable
        elif order == "recent":
            latest = _latest_dates(release)
            ids.sort(key=lambda oid: latest.get(oid, ""), reverse=True)  # undated last
        return ids

    return release.cached(("browse-order", order, language), compute)


def _latest_dates(release: Release) -> dict[str, str]:
    return release.cached(("browse-latest",), release.records.latest_dates)


def _organisation_item(row: OrganisationRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "names": list(row.names),
        "acronyms": list(row.acronyms),
        "statement_count": row.statement_count,
        "url": f"/organisations/{row.id}",
    }


def list_organisations(
    library: Library, order: str, page: int, per_page: int, language: str = "en"
) -> SearchPage:
    """Every organisation in ``order`` (count, name, recent), one page at a time.

    Each result is shaped as ``search_organisations`` results, plus ``latest`` (the date
    of its newest dated statement, or None) in the "recent" order.
    """
    release = library.release()
    ids = _ordered_ids(release, order, language)
    rows = _rows(release)
    start = (page - 1) * per_page
    results = []
    for oid in ids[start : start + per_page]:
        item = _organisation_item(rows[oid])
        if order == "recent":
            item["latest"] = _latest_dates(release).get(oid)
        results.append(item)
    return SearchPage(len(ids), page, per_page, tuple(results))


def co_signatories_page(
    library: Library,
    organisation_id: str,
    order: str,
    page: int,
    per_page: int,
    language: str = "en",
) -> SearchPage:
    """Every organisation that signed with this one: ``{"id", "name", "count"}``, paged.

    "count": most statements together first; "name": A–Z. Ties: A–Z, then id.
    """
    release = library.release()

    def compute() -> list[tuple[str, int]]:
        counts: Counter[str] = release.records.co_signatory_counts(organisation_id)
        keys = _name_keys(release, language)
        known = [oid for oid in counts if oid in keys]  # withheld ones are never stored
        known.sort(key=lambda oid: (keys[oid], oid))
        if order == "count":
            known.sort(key=lambda oid: counts[oid], reverse=True)
        return [(oid, counts[oid]) for oid in known]

    ordered = release.cached(("co-signatories", organisation_id, order, language), compute)
    rows = _rows(release)
    start = (page - 1) * per_page
    results = tuple(
        {"id": oid, "name": rows[oid].name, "count": count}
        for oid, count in ordered[start : start + per_page]
    )
    return SearchPage(len(ordered), page, per_page, results)


def year_counts(statements: Iterable[Mapping[str, Any]]) -> dict[int, int]:
    """Statements per year from records with an ISO ``date`` (undated ones are left out).

    [{"date": "2022-09-26"}, {"date": "2022-01-02"}, {"date": None}] -> {2022: 2}
    """
    counts = Counter(int(s["date"][:4]) for s in statements if s.get("date"))
    return dict(sorted(counts.items()))


def _closest(wanted: str, candidates: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(wanted.casefold(), candidates, n=1, cutoff=NEAR_MISS_CUTOFF)
    return found[0] if found else None


def suggest_organisation(library: Library, wanted_id: str) -> dict[str, Any] | None:
    """The organisation whose id looks most like ``wanted_id`` (a mistyped URL), or None.

    "karen-human-right-group" -> {"id": "karen-human-rights-group", "name": ..., "url": ...};
    "khrg" -> the organisation whose acronym that is, when only one has it.
    """
    release = library.release()
    rows = _rows(release)
    ids = release.cached(("browse-ids",), lambda: sorted(rows))
    found = _closest(wanted_id, ids) or _acronym_owner(release, wanted_id)
    return None if found is None else _organisation_item(rows[found])


def _acronym_owner(release: Release, wanted: str) -> str | None:
    """The one organisation with this acronym ("/organisations/khrg"), or None (none, or
    two that share it: an acronym alone never decides between organisations)."""

    def compute() -> dict[str, str | None]:
        owners: dict[str, str | None] = {}
        for row in _rows(release).values():
            for acronym in {a.casefold() for a in row.acronyms}:
                owners[acronym] = row.id if acronym not in owners else None
        return owners

    return release.cached(("browse-acronyms",), compute).get(wanted.casefold())


def suggest_statement(library: Library, wanted_id: str) -> dict[str, Any] | None:
    """The statement whose id looks most like ``wanted_id``, or None."""
    release = library.release()
    ids = release.cached(("statement-ids",), release.records.statement_ids)
    found = _closest(wanted_id, ids)
    if found is None:
        return None
    record = release.records.find_statement(found) or {}
    return {"id": found, "title": record.get("title"), "url": f"/statements/{found}"}
