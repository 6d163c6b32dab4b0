"""Collecting hits through Whoosh: an exact total, a deadline, pages that end.

Statement queries are mostly evaluated in bulk (``evaluation``); organisation queries,
and statement queries of shapes the bulk evaluator does not handle, are collected here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TopCollector, WrappingCollector
from whoosh.searching import Hit, Searcher, TimeLimit

from statementsearch.errors import QueryTooSlow
from statementsearch.search.deadline import check as check_deadline

SEARCH_SECONDS = 5.0  # a search that collects longer than this answers QueryTooSlow


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
        for count, sub_docnum in enumerate(child.matches()):
            if time.monotonic() > deadline:
                raise TimeLimit
            if count % 64 == 0:
                check_deadline()  # the whole request's
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


@dataclass(frozen=True)
class Hits:
    """The number of matches and the hits of one page (none past the last page)."""

    total: int
    hits: tuple[Hit, ...]


def search_page(
    searcher: Searcher,
    query: wq.Query,
    page: int,
    per_page: int,
    sortedby: str | None = None,
    reverse: bool = False,
) -> Hits:
    """One page of hits, or QueryTooSlow if collecting runs past SEARCH_SECONDS.

    The limit is checked between found documents (no SIGALRM: requests run in worker
    threads), so a worker is never held by one query for long. A page past the last is
    empty (Whoosh's ResultsPage would answer the last page again under the asked number:
    a script paging until the results run out never stopped).
    """
    limit = page * per_page
    collector = (
        ExactTopCollector(limit)
        if sortedby is None
        else searcher.collector(limit=limit, sortedby=sortedby, reverse=reverse)
    )
    results = _collect(searcher, query, collector)
    start = (page - 1) * per_page
    return Hits(len(results), tuple(results[start : start + per_page]))


def whoosh_scores(searcher: Searcher, query: wq.Query) -> dict[int, float]:
    """Every match's score through Whoosh's collector, or QueryTooSlow past the limit (for
    query shapes the bulk evaluator refuses; the caller orders them as it orders its own)."""
    results = _collect(searcher, query, ExactTopCollector(max(1, searcher.doc_count_all())))
    return {docnum: score for score, docnum in results.top_n}


def _collect(searcher: Searcher, query: wq.Query, collector: Any) -> Any:
    """Run ``collector`` under the deadline; its Results, or QueryTooSlow."""
    timed = DeadlineCollector(collector, SEARCH_SECONDS)
    try:
        searcher.search_with_collector(query, timed)
    except TimeLimit:
        raise QueryTooSlow(
            f"the query took longer than {SEARCH_SECONDS:g} s; make it more specific"
        ) from None
    return timed.results()
