"""Time resolve_organisations on 100,000 synthetic signatures (invented names).

A pool of a few thousand invented organisations, each written in several ways (spelling,
plural, quotes, acronym in brackets or after a dash, spacing, Burmese beside English),
is sampled into statements of ~150 signatories. Prints the median of three runs.

    .venv/bin/python benchmarks/bench_orgs.py [--signatures 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from statementsearch.identity.orgs import resolve_organisations
from statementsearch.model import Signature, Statement

WORDS = [
    "Hill",
    "Lotus",
    "River",
    "Lake",
    "Kite",
    "Weavers",
    "Bamboo",
    "Teak",
    "Monsoon",
    "Valley",
    "Harbour",
    "Delta",
    "Cedar",
    "Falcon",
    "Orchid",
    "Lantern",
    "Meadow",
    "Stone",
    "Willow",
    "Copper",
    "Amber",
    "Pebble",
    "Summit",
    "Tide",
    "Ember",
    "Fern",
]
KINDS = [
    "Organisation",
    "Network",
    "Union",
    "Council",
    "Centre",
    "Youths",
    "Women’s",
    "Workers",
    "Group",
    "Alliance",
]
PLACES = ["", " (Sydney)", " – Lakeside", " (USA)", " Japan", " of Norway"]
BURMESE = ["ရက်ကန်း", "မြစ်ကမ်း", "စွန်", "ကြာ", "တောင်", "ချိုင့်"]


def _variants(base: str, acronym: str, burmese: str) -> list[str]:
    plain = base.replace("Organisation", "Organization").replace("Centre", "Center")
    return [
        base,
        plain,
        f"{base} ({acronym})",
        f"{plain} – {acronym}",
        base.replace("’", "'"),
        base.replace("Youths", "Youth").replace("Workers", "Worker"),
        f"{burmese} – {base}",
        burmese,
    ]


def build_pool(size: int, rng: random.Random) -> list[list[str]]:
    """Return ``size`` invented organisations, each a list of ways to write its name."""
    seen: set[str] = set()
    pool: list[list[str]] = []
    while len(pool) < size:
        words = rng.sample(WORDS, 2)
        base = f"{words[0]} {words[1]} {rng.choice(KINDS)}{rng.choice(PLACES)}"
        if base in seen:
            continue
        seen.add(base)
        acronym = "".join(w[0] for w in base.split() if w[0].isupper())[:5]
        burmese = "".join(rng.sample(BURMESE, 3)) + "အဖွဲ့"
        pool.append(_variants(base, acronym, burmese))
    return pool


def build_statements(signatures: int, pool_size: int, seed: int = 7) -> list[Statement]:
    rng = random.Random(seed)
    pool = build_pool(pool_size, rng)
    statements: list[Statement] = []
    made = 0
    while made < signatures:
        count = min(150, signatures - made)
        names = [rng.choice(rng.choice(pool)) for _ in range(count)]
        sigs = tuple(Signature(name, i, i) for i, name in enumerate(names, start=1))
        statements.append(
            Statement(f"bench-{len(statements):05d}", None, None, None, None, "", None, sigs)
        )
        made += count
    return statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--signatures", type=int, default=100_000)
    parser.add_argument("--pool", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    statements = build_statements(args.signatures, args.pool)
    times: list[float] = []
    organisations = 0
    for _ in range(args.runs):
        from statementsearch.identity import names

        names.parse_name.cache_clear()  # measure cold: every distinct name parsed again
        names.name_keys.cache_clear()
        start = time.perf_counter()
        resolution = resolve_organisations(statements)
        times.append(time.perf_counter() - start)
        organisations = len(resolution.organisations)
    print(
        f"{args.signatures:,} signatures, {len(statements):,} statements, "
        f"{organisations:,} organisations: median {statistics.median(times):.2f} s "
        f"over {args.runs} runs ({', '.join(f'{t:.2f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
