"""The result pages the query layer hands to views, API and CLI (``to_dict`` is the JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from statementsearch.search.facets import NO_FACETS, Facets


@dataclass(frozen=True)
class SearchPage:
    total: int
    page: int
    per_page: int
    results: tuple[dict[str, Any], ...] = field(default=())
    # The organisations a statement search was filtered by (id, name, ...), for display.
    organisations: tuple[dict[str, Any], ...] = ()
    facets: Facets = NO_FACETS
    # Zero results: a query of words that are in the index, which finds statements.
    suggestion: str | None = None
    # Zero results: organisations whose names match the query (id, name, url, ...).
    matching_organisations: tuple[dict[str, Any], ...] = ()
    # The query was typed in Zawgyi and searched as Unicode.
    zawgyi: bool = False

    @property
    def organisation(self) -> dict[str, Any] | None:
        """The first organisation filter (pages that show one)."""
        return self.organisations[0] if self.organisations else None

    @property
    def years(self) -> dict[int, int]:
        """Year -> matching statements (the years facet), for charts."""
        return self.facets.years

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "results": list(self.results),
        }

    def to_search_dict(self) -> dict[str, Any]:
        """The statement search's JSON: the page plus facets and zero-result help."""
        return {
            **self.to_dict(),
            "facets": self.facets.to_dict(),
            "filters": {
                "organisations": [{"id": o["id"], "name": o["name"]} for o in self.organisations]
            },
            "suggestion": self.suggestion,
            "matching_organisations": [
                {"id": o["id"], "name": o["name"], "url": o["url"]}
                for o in self.matching_organisations
            ],
            "zawgyi_converted": self.zawgyi,
        }
