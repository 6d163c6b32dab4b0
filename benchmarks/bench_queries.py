"""Benchmark: named statement queries one at a time, uncached, best of a few runs each.

    python benchmarks/bench_queries.py --index /tmp/bench-index "the" "စစ်ကောင်စီ" ...

Each query goes through ``statements._search_statements`` (the per-build caches emptied
before each run: answers, signatory joins, stem forms; snippets, the signatory join, the
stemmed field and facets on) after one warm-up call that opens the searcher; the best of
``--repeat`` runs is printed with the query's total and how many organisations the join
used. Without queries, bench_index.py's statement queries are timed, plus
``--signatories N`` organisation names and acronyms from the index. ``--no-facets``
switches facet counting off (compare the two). ``--profile`` prints a cProfile of one
pass over them. Nothing else should load the machine while it runs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from pathlib import Path

from bench_index import SIGNATORY_QUERIES, STATEMENT_QUERIES, signatory_queries

from statementsearch.search import statements
from statementsearch.search.facets import NO_FACETS
from statementsearch.search.library import Library, Release
from statementsearch.search.service import SearchRequest, parse_search_request
from statementsearch.search.signatories import join_organisations


def _search_statements(release: Release, request: SearchRequest) -> int:
    release._cache.clear()
    return statements._search_statements(release, request).total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (best shown)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--signatories", type=int, default=SIGNATORY_QUERIES)
    parser.add_argument("--no-facets", action="store_true", help="switch facet counting off")
    parser.add_argument("queries", nargs="*")
    args = parser.parse_args()
    library = Library(args.index)
    release = library.release()
    if args.no_facets:
        statements.count_facets = lambda *a: NO_FACETS  # type: ignore[assignment]
    queries = args.queries or [
        *STATEMENT_QUERIES,
        *signatory_queries(library, random.Random(7))[: args.signatories * 2],
    ]
    requests = [parse_search_request({"q": q}) for q in queries]
    timings: list[float] = []
    _search_statements(release, requests[0])  # open this thread's searcher once
    for request in requests:
        best, total = float("inf"), 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            total = _search_statements(release, request)
            best = min(best, time.perf_counter() - started)
        timings.append(best)
        joined = len(join_organisations(release, request.q).ids)
        print(f"{best * 1000:7.1f} ms  {total:6d}  {joined:3d} orgs  {request.q}")
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(f"p95 {p95 * 1000:.1f} ms over {len(timings)} queries (best of {args.repeat} each)")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for request in requests:
            _search_statements(release, request)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
