"""Benchmark: `update` after changing a few files of a built corpus, stage by stage.

    python benchmarks/generate_corpus.py --count 10000 --out /tmp/synth-10k
    python -m statementsearch.cli rebuild --corpus /tmp/synth-10k --index /tmp/bench-index
    python benchmarks/bench_update.py --corpus /tmp/synth-10k --index /tmp/bench-index

Each run changes ``--files`` random statement files (a sentence appended to each; one of
them also gets a signatory added and another loses one, unless ``--text-only``), times
``update``, then restores the files and times the ``update`` that brings the index back.
Both are real updates of ``--files`` statements, so runs repeat on the same index without
a rebuild. Each update runs in a fresh process, as ``statementsearch update`` does (no
warm caches); "imports" is its start-up, the other stages are the time between
``update``'s progress lines. ``--profile FILE`` writes a cProfile of the first change
update (read it with ``python -m pstats FILE``). Target (issue 4): <= 5 s.
Nothing else should load the machine while it runs.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()

from statementsearch.indexing.update import update  # noqa: E402
from statementsearch.ingest.corpus import iter_statement_files, load_statement  # noqa: E402

ADDENDUM = "\nAddendum: jet fuel deliveries resumed.\n"
ADDED_NAME = "Benchmark Fictional Lantern Weavers Union"


def add_signatory(path: Path) -> None:
    """Write one more entry after the last signatory, shaped like the line before it."""
    statement = load_statement(path)
    lines = path.read_text("utf-8").split("\n")
    last = statement.organisations[-1]
    line = lines[last.line - 1]
    if last.name not in line:  # a wrapped name: its first line only has part of it
        raise SystemExit(f"{path}: cannot find {last.name!r} on line {last.line}")
    lines.insert(last.line, line.replace(last.name, ADDED_NAME))
    path.write_text("\n".join(lines), "utf-8")


def remove_signatory(path: Path) -> None:
    """Delete one signatory line from the middle of the list."""
    statement = load_statement(path)
    lines = path.read_text("utf-8").split("\n")
    whole = [s for s in statement.organisations[1:-1] if s.name in lines[s.line - 1]]
    if not whole:
        raise SystemExit(f"{path}: no signatory line to remove")
    del lines[whole[len(whole) // 2].line - 1]
    path.write_text("\n".join(lines), "utf-8")


def change(paths: list[Path], *, signatories: bool) -> None:
    for path in paths:
        path.write_text(path.read_text("utf-8") + ADDENDUM, "utf-8")
    if signatories:
        add_signatory(paths[0])
        remove_signatory(paths[1])


def timed_update(corpus: Path, index: Path, profile: Path | None = None) -> list[tuple[str, float]]:
    """Run ``update``; return (progress line, seconds since the line before) and the total."""
    last = time.perf_counter()
    stages: list[tuple[str, float]] = [("imports", last - STARTED)]

    def progress(message: str) -> None:
        nonlocal last
        now = time.perf_counter()
        stages.append((message, now - last))
        last = now

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    summary = update(corpus, index, progress=progress)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    end = time.perf_counter()
    stages.append(("(publish, to the end)", end - last))
    if summary.kind != "update":
        raise SystemExit(f"expected an update, got a {summary.kind}: {summary.describe()}")
    stages.append(("total", end - STARTED))
    return stages


def update_in_child(corpus: Path, index: Path, profile: Path | None) -> list[tuple[str, float]]:
    """``timed_update`` in a fresh interpreter, as the command line runs it."""
    command = [sys.executable, __file__, "--child", "--corpus", str(corpus), "--index", str(index)]
    if profile:
        command += ["--profile", str(profile)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr or done.stdout)
    return [tuple(stage) for stage in json.loads(done.stdout)]


def show(title: str, stages: list[tuple[str, float]]) -> None:
    print(title)
    for message, seconds in stages:
        print(f"  {seconds:7.2f} s  until: {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--files", type=int, default=10, help="files changed per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the first update")
    parser.add_argument(
        "--text-only", action="store_true", help="only append a sentence (no signatory changes)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(timed_update(args.corpus, args.index, args.profile)))
        return
    rng = random.Random(args.seed)
    files = list(iter_statement_files(args.corpus))
    totals: dict[str, list[float]] = {"change": [], "restore": []}
    for run in range(1, args.runs + 1):
        paths = rng.sample(files, args.files)
        saved = {path: path.read_bytes() for path in paths}
        try:
            change(paths, signatories=not args.text_only)
            stages = update_in_child(args.corpus, args.index, args.profile if run == 1 else None)
            show(f"run {run}: update after changing {args.files} files", stages)
            totals["change"].append(stages[-1][1])
        finally:
            for path, data in saved.items():
                path.write_bytes(data)
        stages = update_in_child(args.corpus, args.index, None)
        show(f"run {run}: update after restoring them", stages)
        totals["restore"].append(stages[-1][1])
    what = "a sentence appended" + (", a signatory added and one removed" * (not args.text_only))
    print(f"{args.files} files changed ({what}); {args.runs} runs, each update a fresh process")
    for kind, values in totals.items():
        shown = ", ".join(f"{v:.2f}" for v in values)
        median = statistics.median(values)
        print(f"update ({kind}, {args.files} files): median {median:.2f} s ({shown})")


if __name__ == "__main__":
    main()
