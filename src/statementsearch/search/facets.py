"""Facet counts of a statement search: years, languages, most frequent signatories.

Years and languages are counted over every match, from the index's date and language
columns (as arrays: one C loop over the matches). Signatories are counted over the best
``SIGNATORY_SAMPLE`` matches (in the order asked for) from the record store's per-statement
organisation lists: a statement lists ~160 organisations, so counting every match of a
common word would cost more than the search. Each count is plain data (``years`` maps a
year to its count), so pages can draw a chart from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray

from statementsearch.indexing import schema
from statementsearch.search.evaluation import BulkSearcher
from statementsearch.search.library import Release
from statementsearch.search.matches import Matches

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


def _years(bulk: BulkSearcher) -> NDArray[np.int64]:
    """Every document's year (0: undated), kept with the searcher's other columns."""
    return bulk.derived("years", lambda: [bulk.array(schema.DATE) // 10000])[0]


def _languages(bulk: BulkSearcher) -> tuple[list[str], NDArray[np.intp]]:
    """The languages of the index, and every document's as an index into them."""

    def make() -> list[Any]:
        names, codes = np.unique(np.array(bulk.column(schema.LANGUAGE)), return_inverse=True)
        return [names.tolist(), codes]

    names, codes = bulk.derived("language-codes", make)
    return names, codes


def _counted(codes: NDArray[np.integer[Any]]) -> list[tuple[int, int]]:
    """(value, count) of each value among ``codes``, most first; ties: the value met
    first (the lowest document number), as ``Counter.most_common`` over the matches."""
    values, first, counts = np.unique(codes, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    return list(zip(values[order].tolist(), counts[order].tolist(), strict=True))


def count_facets(
    release: Release, bulk: BulkSearcher, matches: Matches, best: Sequence[int]
) -> Facets:
    """Facets of ``matches``; ``best`` is their first SIGNATORY_SAMPLE in result order."""
    years = {year: count for year, count in _counted(_years(bulk)[matches.docs]) if year}
    spoken, codes = _languages(bulk)
    languages = {
        spoken[code]: count for code, count in _counted(codes[matches.docs]) if spoken[code]
    }
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
        languages=languages,
        signatories=tuple(
            {"id": oid, "name": names[oid]["name"], "count": count}
            for oid, count in top
            if oid in names
        ),
        signatories_counted=len(sample),
    )
