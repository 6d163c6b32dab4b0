"""How well lists are read without their heading, and whether bodies alone give names.

For every statement of a corpus whose list opens at a heading, parse it again (1) with
that heading line removed: the structural reader should find the same signatories; and
(2) cut before the heading (the body alone): no signatory may be read.

    .venv/bin/python benchmarks/unheaded_recovery.py --corpus /tmp/synth-10k [--every 10]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from statementsearch.ingest.corpus import read_source
from statementsearch.ingest.parsing import parse_statement


def _names(text: str) -> tuple[list[str], str | None]:
    statement = parse_statement(text, "x")
    names = [s.name for s in (*statement.organisations, *statement.individuals)]
    return names, statement.list_rule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--every", type=int, default=1, help="take every Nth file")
    args = parser.parse_args()
    same = different = false_positive = 0
    rules: Counter[str | None] = Counter()
    for path in sorted(Path(args.corpus).iterdir())[:: args.every]:
        if path.suffix not in (".txt", ".md"):
            continue
        text = read_source(path).text
        statement = parse_statement(text, path.stem)
        if statement.list_rule != "heading" or statement.list_rule_line is None:
            continue
        lines = text.split("\n")
        at = statement.list_rule_line - 1
        before = [s.name for s in (*statement.organisations, *statement.individuals)]
        after, rule = _names("\n".join(lines[:at] + lines[at + 1 :]))
        rules[rule] += 1
        if after == before:
            same += 1
        else:
            different += 1
            print(f"different: {path.name}: {len(before)} -> {len(after)} ({rule})")
        if _names("\n".join(lines[:at]))[0]:
            false_positive += 1
            print(f"names read from the body alone: {path.name}")
    print(f"heading removed: {same} same list, {different} different; rules {dict(rules)}")
    print(f"body alone: {false_positive} statement(s) gave names")


if __name__ == "__main__":
    main()
