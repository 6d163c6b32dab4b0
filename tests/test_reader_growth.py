"""The new list shapes and page furniture are read in time linear in the input.

Each shape is parsed at n and at 8n lines (or characters); linear time gives a ratio near
8, quadratic near 64: the bound, 24, leaves room for a busy machine. CPU time, best of
three, with the garbage collector paused while timing.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from statementsearch.ingest.parsing import parse_statement

PROSE = "A paragraph of prose that ends with a full stop and is long enough to be prose.\n\n"
SHAPES: list[tuple[str, Callable[[int], str]]] = [
    ("unheaded plain lines", lambda n: PROSE + "Alpha Union\n" * n),
    ("unheaded wrapped numbers", lambda n: PROSE + "1. Alpha Union of\n\nthe Hills\n\n" * n),
    ("pipe table", lambda n: "Signed by\n| No. | Name |\n|---|---|\n" + "| 1 | Alpha |\n" * n),
    ("two columns", lambda n: "Signed by\n" + "Alpha Union\tBeta Network\n" * n),
    ("country groups", lambda n: "Signed by\n" + "Japan\n- Alpha Union\n" * n),
    ("tails", lambda n: "Signed by\n" + "1. Alpha\n... and 4 other organisations\n" * n),
    ("form feeds", lambda n: "Header\n1. Alpha\nPage 1 of 2\n\f" * n),
    ("hyphen breaks", lambda n: "Signed by\n1. Alpha Develop-\nment Union\n" * n),
    ("one long pipe line", lambda n: "|" + " a |" * (n * 10)),
    ("one long tab line", lambda n: "Signed by\n" + "Alpha\t" * (n * 10)),
    ("one long heading-like line", lambda n: "Signed by / " * (n * 5)),
    ("paragraph of names", lambda n: "Signed by:\n" + "Alpha Union, " * (n * 5) + "Beta."),
]


def _cpu(text: str) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(3):
            started = time.process_time()
            parse_statement(text, "growth")
            best = min(best, time.process_time() - started)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize(("label", "make"), SHAPES, ids=[label for label, _ in SHAPES])
def test_reading_grows_linearly(label: str, make: Callable[[int], str]) -> None:
    small, large = _cpu(make(1_000)), _cpu(make(8_000))
    assert large < 24 * max(small, 0.002), f"{label}: {small:.3f} s -> {large:.3f} s"
