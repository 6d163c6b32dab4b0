"""Benchmark: named statement queries one at a time, uncached, best of a few runs each.

    python benchmarks/bench_queries.py --index /tmp/bench-index "the" "စစ်ကောင်စီ" ...

Each query goes through ``search._search_statements`` (the per-build answer cache
bypassed, snippets on) after one warm-up call that opens the searcher; the best of
``--repeat`` runs is printed with the query's total. Without queries, bench_index.py's
statement queries are timed. ``--profile`` prints a cProfile of one pass over them.
Nothing else should load the machine while it runs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from bench_index import STATEMENT_QUERIES

from statementsearch.search.library import Library
from statementsearch.search.service import _search_statements, parse_search_request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (best shown)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("queries", nargs="*")
    args = parser.parse_args()
    release = Library(args.index).release()
    requests = [parse_search_request({"q": q}) for q in args.queries or STATEMENT_QUERIES]
    _search_statements(release, requests[0])  # open this thread's searcher once
    for request in requests:
        best, total = float("inf"), 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            total = _search_statements(release, request).total
            best = min(best, time.perf_counter() - started)
        print(f"{best * 1000:7.1f} ms  {total:6d}  {request.q}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for request in requests:
            _search_statements(release, request)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
