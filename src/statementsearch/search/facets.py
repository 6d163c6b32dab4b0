"""Facet counts of a statement search: years, languages, most frequent signatories.

Years and languages are counted over every match, from the index's date and language
columns (one list lookup per match). Signatories are counted over the best
``SIGNATORY_SAMPLE`` matches (in the order asked for) from the record store's per-statement
organisation lists: a statement lists ~160 organisations, so counting every match of a
common word would cost more than the search. Each count is plain data (``years`` maps a
year to its count), so pages can draw a chart from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from statementsearch.indexing import schema
from statementsearch.search.evaluation import BulkSearcher
from statementsearch.search.library import Release

SIGNATORY_SAMPLE = 200  # matches whose signatories are counted (the best first)
TOP_SIGNATORIES = 10


@dataclass(frozen=True)
class Facets:
    # Year -> matching statements dated in it, oldest year first (undated: not counted).
    years: dict[int, int] = field(default_factory=dict)
    # Language code ("en", "my", "en+my") -> matching statements, most first.
    languages: dict[str, int] = field(default_factory=dict)
    # The organisations that signed most of the (best SIGNATORY_SAMPLE) matches.
    signatories: tuple[dict[str, Any], ...] = ()
    # How many matches the signatory counts are over (min(total, SIGNATORY_SAMPLE)).
    signatories_counted: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": [{"value": str(y), "count": c} for y, c in self.years.items()],
            "languages": [{"value": k, "count": c} for k, c in self.languages.items()],
            "signatories": list(self.signatories),
            "signatories_counted": self.signatories_counted,
        }


NO_FACETS = Facets()


def _years(bulk: BulkSearcher) -> list[int]:
    """Every document's year (0: undated), kept with the searcher's other columns."""
    return bulk.derived("years", lambda: [date // 10000 for date in bulk.column(schema.DATE)])


def count_facets(
    release: Release, bulk: BulkSearcher, matches: Collection[int], best: Sequence[int]
) -> Facets:
    """Facets of ``matches`` (document numbers); ``best`` is their first SIGNATORY_SAMPLE
    in result order."""
    # Counted in C (map over a column): a per-match generator was most of the facets'
    # cost for a word in most statements.
    years = Counter(map(_years(bulk).__getitem__, matches))
    years.pop(0, None)  # undated
    languages = Counter(map(bulk.column(schema.LANGUAGE).__getitem__, matches))
    languages.pop("", None)
    ids = bulk.column(schema.ID)
    orgs_of = release.records.organisations_of()
    sample = best[:SIGNATORY_SAMPLE]
    counts = Counter(chain.from_iterable(orgs_of.get(ids[d], ()) for d in sample))
    # Ties: the organisation met first, i.e. in a better match (most_common keeps the
    # counting order among equals and sorts in C; a key function per organisation was
    # most of the facets' cost).
    top = counts.most_common(TOP_SIGNATORIES)
    names = release.records.organisations_by_id([oid for oid, _ in top])
    return Facets(
        years=dict(sorted(years.items())),
        languages=dict(languages.most_common()),
        signatories=tuple(
            {"id": oid, "name": names[oid]["name"], "count": count}
            for oid, count in top
            if oid in names
        ),
        signatories_counted=len(sample),
    )
