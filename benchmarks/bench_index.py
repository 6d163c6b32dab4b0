"""Benchmark: rebuild, update and in-process search on a synthetic corpus.

    python benchmarks/generate_corpus.py --count 10000 --out /tmp/synth-10k
    python benchmarks/bench_index.py --corpus /tmp/synth-10k --index /tmp/bench-index

Reports (targets from issue 4 in brackets):
  rebuild                full rebuild, wall seconds                         [<= 60 s]
  update                 `update` after changing 10 files                   [<= 5 s]
  open + first query     fresh process: open the index, answer one query    [<= 1 s]
  statement search       p50/p95 over 1-3 word English and Burmese queries,
                         organisation names and acronyms (signatory join),
                         other English forms (stems); snippets and facets
                         on, one long-lived searcher                        [p95 <= 50 ms]
  facets                 the same queries without facet counting            [adds <= 10 ms]
  organisation search    p50/p95 over full names, prefixes, acronyms,
                         Burmese parts and typos                            [p95 <= 10 ms]
  statement list         an organisation's statements, newest first         [p95 <= 20 ms]
  organisation page      statement list + top co-signatories (the web page)
Nothing else should load the machine while it runs.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.search import statements as statement_search
from statementsearch.search.facets import NO_FACETS
from statementsearch.search.library import Library, Release
from statementsearch.search.organisations import find_organisations
from statementsearch.search.service import (
    OrganisationRequest,
    SearchRequest,
    get_organisation,
    parse_organisation_request,
    parse_search_request,
    search_organisations,
    search_statements,
)

STATEMENT_QUERIES = [
    "the", "military", "people", "junta", "jet fuel", "arms embargo", "humanitarian",
    "sanctions", "refugees", "ASEAN", "airstrike", "the military council", "human rights",
    '"jet fuel"', "women's", "students strike", "ရန်ကုန်", "မန္တလေး", "စစ်ကောင်စီ",
    "ပြည်သူ", "လူ့အခွင့်အရေး", "ကျောင်းသားများ", "ဒုက္ခသည်", "အကြမ်းဖက်",
    "လေကြောင်းတိုက်", "ကောင်စီ", "jet fuel ရန်ကုန်", "သပိတ်",
    # Other English forms (the stemmed field): "village" finds "villages" ...
    "village", "crime", "organisations", "killings", "tortured", "refugee camps",
]  # fmt: skip
# Organisation names and acronyms are added from the index (``signatory_queries``): they
# find statements through the signatory join.
SIGNATORY_QUERIES = 12

FIRST_QUERY = r"""
import sys, time
t = time.perf_counter()
from statementsearch.search.library import Library
from statementsearch.search.service import parse_search_request, search_statements
page = search_statements(Library(sys.argv[1]), parse_search_request({"q": "jet fuel"}))
print(time.perf_counter() - t, page.total)
"""


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms (n={len(ordered)})"
    )


def _search_statements(release: Release, request: SearchRequest) -> object:
    """A statement search with every per-build cache of this release emptied first (the
    answer, and the join's and stems' own entries): what an unseen query costs."""
    release._cache.clear()
    return statement_search._search_statements(release, request)


def _search_organisations(release: Release, request: OrganisationRequest) -> object:
    return find_organisations(release, request.q, request.page, request.per_page)


def signatory_queries(library: Library, rng: random.Random) -> list[str]:
    """Names and acronyms of organisations (half of them busy ones), one to three words."""
    rows = (
        library.release()
        .records._db()
        .execute("SELECT name, acronyms FROM organisations ORDER BY statement_count DESC")
        .fetchall()
    )
    picked = rows[:SIGNATORY_QUERIES] + rng.sample(rows, min(SIGNATORY_QUERIES, len(rows)))
    queries = []
    for n, row in enumerate(picked):
        acronyms = json.loads(row["acronyms"])
        if n % 2 and acronyms:
            queries.append(acronyms[0])
        else:
            queries.append(" ".join(row["name"].split()[:3]))
    return queries


def timed(fn: object, *args: object) -> float:
    started = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - started


def organisation_queries(library: Library, rng: random.Random) -> list[str]:
    records = library.release().records
    rows = records._db().execute("SELECT name, names, acronyms FROM organisations").fetchall()
    queries: list[str] = []
    for row in rng.sample(rows, min(60, len(rows))):
        name = row["name"]
        queries.append(name)  # full name
        queries.append(name[: max(3, len(name) // 2)])  # typed halfway
        acronyms = json.loads(row["acronyms"])
        if acronyms:
            queries.append(acronyms[0])
        burmese = "".join(ch for ch in name if "\u1000" <= ch <= "\u109f")
        if len(burmese) > 6:
            queries.append(burmese[2:8])  # a Burmese fragment
        words = [w for w in name.split() if w.isascii() and len(w) > 5]
        if words:  # a typo: drop one letter of a long word
            word = words[0]
            queries.append(word[:2] + word[3:])
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query sets")
    args = parser.parse_args()
    rng = random.Random(7)
    print(f"machine: {platform.node()} {platform.machine()}, python {platform.python_version()}")
    print(f"corpus: {args.corpus} ({sum(1 for _ in args.corpus.glob('*.txt'))} files)")

    if not args.skip_rebuild:
        summary = rebuild(args.corpus, args.index, progress=lambda m: print("  ", m))
        print(f"rebuild: {summary.seconds:.1f} s  ({summary.describe()})")
        files = sorted(args.corpus.glob("*.txt"))
        for path in rng.sample(files, 10):
            path.write_text(
                path.read_text("utf-8") + "\nAddendum: jet fuel deliveries resumed.\n", "utf-8"
            )
        summary = update(args.corpus, args.index, progress=lambda m: print("  ", m))
        print(f"update (10 files changed): {summary.seconds:.2f} s")

    firsts = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_QUERY, str(args.index)],
            check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        firsts.append(float(out[0]))
    first = statistics.median(firsts)
    print(f"open + first query (fresh process, incl. imports): median {first:.2f} s")

    library = Library(args.index)
    release = library.release()
    queries = STATEMENT_QUERIES + signatory_queries(library, rng)
    requests = [parse_search_request({"q": q}) for q in queries]
    search_statements(library, requests[0])  # open the searcher once, as a worker does
    # Uncached: the search itself, with the per-build answer cache bypassed.
    samples = [
        timed(_search_statements, release, request)
        for _ in range(args.rounds)
        for request in requests
    ]
    count = f"{len(requests)} queries x {args.rounds}"
    print(f"statement search, uncached ({count}): {percentiles(samples)}")
    slowest = sorted((timed(_search_statements, release, r), r.q) for r in requests)[-5:]
    print("   slowest:", ", ".join(f"{q!r} {t * 1000:.0f} ms" for t, q in reversed(slowest)))
    # Facets cost: the same searches with facet counting switched off.
    counting = statement_search.count_facets
    statement_search.count_facets = lambda *args: NO_FACETS  # type: ignore[assignment]
    try:
        without = [
            timed(_search_statements, release, request)
            for _ in range(args.rounds)
            for request in requests
        ]
    finally:
        statement_search.count_facets = counting
    print(f"statement search without facets ({count}): {percentiles(without)}")
    p95 = sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]
    p95_without = sorted(without)[max(0, round(0.95 * len(without)) - 1)]
    print(f"   facets add {(p95 - p95_without) * 1000:.1f} ms at p95")
    for request in requests:  # a first pass through the public function fills the cache
        search_statements(library, request)
    samples = [timed(search_statements, library, request) for request in requests]
    print(f"statement search, repeated (answered from the cache): {percentiles(samples)}")

    org_requests = [
        parse_organisation_request({"q": q}) for q in organisation_queries(library, rng)
    ]
    search_organisations(library, org_requests[0])
    samples = [
        timed(_search_organisations, release, r) for _ in range(args.rounds) for r in org_requests
    ]
    count = f"{len(org_requests)} queries x {args.rounds}"
    print(f"organisation search, uncached ({count}): {percentiles(samples)}")

    records = library.release().records
    ids = [row[0] for row in records._db().execute(
        "SELECT id FROM organisations ORDER BY statement_count DESC"
    )]  # fmt: skip
    sample = ids[:20] + rng.sample(ids, min(80, len(ids)))
    top = records.find_organisation(ids[0])
    print(f"   busiest organisation signed {top['statement_count'] if top else 0} statements")
    samples = [timed(records.statements_signed, oid) for _ in range(args.rounds) for oid in sample]
    print(f"statement list ({len(sample)} organisations x {args.rounds}): {percentiles(samples)}")
    samples = [timed(get_organisation, library, oid) for oid in sample]
    print(f"organisation page incl. co-signatories ({len(sample)}): {percentiles(samples)}")


if __name__ == "__main__":
    main()
