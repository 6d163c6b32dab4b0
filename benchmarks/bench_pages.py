"""Benchmark: server time of the organisation pages and feeds, in process (issue 14).

    python benchmarks/bench_pages.py --index /tmp/bench-index [--requests 200] [--language my]

Opens the app over an existing index (``statementsearch rebuild --corpus DIR --index DIR``
first) and requests, through Flask's test client (no network, no other process), the
pages of issue 14 for the busiest organisation (most statements): its page with the year
chart and the first page of co-signatories (both orders), its Atom feed, a search feed,
and the organisation list in its three orders. The first request of each (opening the
searchers, filling the per-build caches) is shown apart; then ``--requests`` more are
timed: wall-clock p50/p95/max and the p95 of this process's CPU time (steadier than
wall time on a shared machine), in ms. Targets: organisation page p95 ≤ 50 ms, feed ≤ 50 ms
(on the 10k synthetic corpus). Nothing else should load the machine while it runs.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from pathlib import Path

from statementsearch.indexing.build import RECORDS_FILE
from statementsearch.indexing.releases import current_release
from statementsearch.web.app import create_app


def busiest_organisation(index: Path) -> tuple[str, int]:
    release = current_release(index)
    if release is None:
        raise SystemExit(f"no index in {index}: run `statementsearch rebuild` first")
    with sqlite3.connect(f"file:{release / RECORDS_FILE}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT id, statement_count FROM organisations ORDER BY statement_count DESC, id"
        ).fetchone()
    return str(row[0]), int(row[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--language", choices=("en", "my"), default="en")
    args = parser.parse_args()
    organisation, count = busiest_organisation(args.index)
    app = create_app({"INDEX_DIR": str(args.index), "RATE_LIMIT": "0"})
    client = app.test_client()
    client.set_cookie("lang", args.language)
    pages = {
        "organisation page": f"/organisations/{organisation}",
        "  co-signatories A–Z, page 2": f"/organisations/{organisation}?co_sort=name&co_page=2",
        "organisation feed": f"/organisations/{organisation}.atom",
        "search feed (q=people)": "/statements.atom?q=people",
        "organisations by count": "/organisations",
        "organisations A–Z, page 3": "/organisations?sort=name&page=3",
        "organisations by recent": "/organisations?sort=recent",
    }
    print(f"busiest organisation: {organisation} ({count} statements); language {args.language}")
    print(
        f"{'page':34} {'first':>8} {'p50':>7} {'p95':>7} {'max':>7} {'cpu p95':>8}"
        f"  (ms, {args.requests} runs)"
    )
    for name, url in pages.items():
        started = time.perf_counter()
        response = client.get(url)
        first = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url).close()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        print(
            f"{name:34} {first * 1000:8.1f} {statistics.median(times) * 1000:7.1f} "
            f"{percentile(times, 0.95) * 1000:7.1f} {max(times) * 1000:7.1f} "
            f"{percentile(cpu, 0.95) * 1000:8.1f}"
        )


if __name__ == "__main__":
    main()
