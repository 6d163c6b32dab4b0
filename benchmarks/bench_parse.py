"""Benchmark: reading and parsing statements of the real statement's size.

    python benchmarks/bench_parse.py [--count 1000] [--repeat 5]

Measures (median of --repeat runs, one process):
  parse   parse_statement() on the real statement's text, --count times
  load    load_corpus() over --count copies of the real statement on disk
          (decode, Zawgyi check, NFC, parse: everything `statementsearch check` does)
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from statementsearch.ingest.corpus import load_corpus, read_source
from statementsearch.ingest.parsing import parse_statement

REAL = (
    Path(__file__).resolve().parent.parent
    / "corpus"
    / ("2022-09-26-sham-peace-dialogue-statement.txt")
)


def time_parse(text: str, count: int) -> float:
    started = time.perf_counter()
    for n in range(count):
        parse_statement(text, f"s{n}")
    return time.perf_counter() - started


def time_load(corpus: Path) -> float:
    started = time.perf_counter()
    loaded = load_corpus(corpus, workers=1)
    elapsed = time.perf_counter() - started
    assert not loaded.errors and all(len(s.organisations) == 281 for s in loaded.statements)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = read_source(REAL).text
    statement = parse_statement(text, "real")
    print(f"machine: {platform.node()} {platform.machine()} python {platform.python_version()}")
    print(
        f"statement: {len(text):,} characters, {len(statement.organisations)} organisations; "
        f"count={args.count}, repeat={args.repeat}"
    )
    parse_runs = [time_parse(text, args.count) for _ in range(args.repeat)]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        for n in range(args.count):
            shutil.copyfile(REAL, corpus / f"copy-{n:05d}.txt")
        load_runs = [time_load(corpus) for _ in range(args.repeat)]
    for label, runs in (("parse", parse_runs), ("load", load_runs)):
        median = statistics.median(runs)
        print(
            f"{label:5}  median {median:.3f} s for {args.count}  "
            f"= {median / args.count * 100:.3f} s per 100  "
            f"(min {min(runs):.3f}, max {max(runs):.3f})"
        )


if __name__ == "__main__":
    main()
