"""Tests for stages.py: a rebuild's progress lines say the stage, its rate and time left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.stages import Stage, duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (42.4, "42 s"), (59.6, "1 min 0 s"), (123, "2 min 3 s"), (4000, "1 h 6 min")],
)
def test_duration(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_a_stage_says_its_rate_and_the_time_left_at_most_every_few_seconds() -> None:
    now = [100.0]
    said: list[str] = []
    stage = Stage(said.append, "reading", 50_000, "files", every=5, clock=lambda: now[0])
    for second, done in [(1, 300), (4, 1_200), (10, 3_000), (12, 3_600), (20, 6_000)]:
        now[0] = 100.0 + second
        stage.advance(done)
    now[0] = 200.0
    took = stage.finish(50_000)
    assert said == [
        "reading 50,000 files ...",
        "reading: 3,000 of 50,000 files, 300 files/s, about 2 min 37 s left",
        "reading: 6,000 of 50,000 files, 300 files/s, about 2 min 27 s left",
        "reading: 50,000 files in 100.0 s (500 files/s)",
    ]
    assert took == 100.0


def test_a_stage_without_a_count_says_how_long_it_took() -> None:
    now = [0.0]
    said: list[str] = []
    stage = Stage(said.append, "writing records", clock=lambda: now[0])
    now[0] = 2.25
    stage.finish()
    assert said == ["writing records ...", "writing records: done in 2.2 s"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rebuild_says_each_stage_and_how_long_it_took(
    corpus: Path, tmp_path: Path, workers: int
) -> None:
    said: list[str] = []
    rebuild(corpus, tmp_path / "index", workers=workers, progress=said.append)
    ends = [line.split(":")[0] for line in said if re.search(r": .* in [0-9.]+ s", line)]
    assert sorted(ends) == sorted(
        ["hashing", "reading", "resolving organisations", "indexing", "indexing",
         "writing records", "syncing and publishing"]
    )  # fmt: skip
    indexed = [line for line in said if re.fullmatch(r"indexing: \S+ statements in .*", line)]
    assert len(indexed) == 1 and re.search(r"\(\d[\d,]* statements/s\)$", indexed[0])
