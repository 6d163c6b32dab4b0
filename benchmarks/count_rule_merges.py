"""Count the merges each identity rule makes on a corpus (e.g. the 10k synthetic one).

Parses the corpus, resolves organisations without curation, and prints how many groups
each merge rule (a)-(e) joined, with how many organisations result and how many the
rules removed. Resolution works on distinct names, so the cost is mostly the parse.

    .venv/bin/python benchmarks/count_rule_merges.py --corpus /tmp/synth-10k [--workers 2]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from statementsearch.identity.links import RULES
from statementsearch.identity.orgs import resolve_organisations
from statementsearch.ingest.corpus import load_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--examples", type=int, default=2, help="example merges per rule")
    args = parser.parse_args()
    started = time.process_time()
    loaded = load_corpus(args.corpus, workers=args.workers)
    parsed = time.process_time()
    resolution = resolve_organisations(loaded.statements)
    resolved = time.process_time()
    counts = Counter(rule for rule, *_ in resolution.rule_merges)
    names = {s.name for st in loaded.statements for s in st.organisations}
    print(
        f"{len(loaded.statements)} statements, {len(names)} distinct names, "
        f"{len(resolution.organisations)} organisations"
    )
    print(f"parse {parsed - started:.1f} s CPU, resolve {resolved - parsed:.1f} s CPU")
    print("| rule | merges | what it joins |\n|---|---:|---|")
    for rule, text in RULES.items():
        print(f"| ({rule}) | {counts[rule]} | {text} |")
    for rule in RULES:
        shown = [m for m in resolution.rule_merges if m[0] == rule][: args.examples]
        for _, _, a, b in shown:
            print(f"  ({rule}) {a!r} = {b!r}")


if __name__ == "__main__":
    main()
