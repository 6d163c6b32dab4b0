"""Time each stage of a full rebuild, in process, from the rebuild's own progress messages.

    .venv/bin/python benchmarks/bench_rebuild_stages.py --corpus /tmp/synth-10k --index /tmp/st

Each progress message starts a stage; the line printed for a stage is the time from its
message to the next. The index directory is removed first. Nothing else should load the
machine while it runs.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from statementsearch.indexing.rebuild import rebuild


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--index", required=True, type=Path)
    args = parser.parse_args()
    shutil.rmtree(args.index, ignore_errors=True)
    started = time.perf_counter()
    stage = [started, "start"]

    def progress(message: str) -> None:
        now = time.perf_counter()
        if "skipped:" not in message:
            print(f"{now - stage[0]:7.1f} s  {stage[1][:70]}")
            stage[0], stage[1] = now, message

    rebuild(args.corpus, args.index, progress=progress)
    progress("end")
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
