"""The array phrase check (search/phrases.py): consecutive positions, per candidate."""

from __future__ import annotations

import numpy as np
import pytest

from statementsearch.indexing.formats import TermPositions, encode_positions
from statementsearch.search.phrases import adjacent
from statementsearch.search.postings import Postings


def postings(by_doc: dict[int, list[int]]) -> Postings:
    docs = sorted(by_doc)
    return Postings(
        np.array(docs, dtype=np.int64),
        np.ones(len(docs)),
        [encode_positions(by_doc[d]) for d in docs],
    )


@pytest.mark.parametrize(
    ("words", "want"),
    [
        # word -> document -> positions; candidates are documents 1, 2, 3
        ([{1: [0, 5], 2: [3], 3: [7]}, {1: [6], 2: [1], 3: [8, 9]}], [True, False, True]),
        (
            [{1: [0], 2: [0], 3: [0]}, {1: [1], 2: [2], 3: [1]}, {1: [2], 2: [3], 3: [3]}],
            [True, False, False],
        ),
        # the same word twice ("အဖွဲ့ အဖွဲ့"): two consecutive occurrences
        ([{1: [2, 3], 2: [2, 4], 3: [0, 9, 10]}] * 2, [True, False, True]),
        # a word at position 0 never follows anything
        ([{1: [4], 2: [4], 3: [4]}, {1: [0], 2: [5], 3: [3]}], [False, True, False]),
    ],
)
@pytest.mark.parametrize("rarest_first", [False, True])
def test_adjacent_finds_the_candidates_with_the_words_in_a_row(
    words: list[dict[int, list[int]]], want: list[bool], rarest_first: bool
) -> None:
    lists = [postings(w) for w in words]
    order = list(range(len(lists)))[:: -1 if rarest_first else 1]
    candidates = np.array([1, 2, 3], dtype=np.int64)
    got = adjacent(lists, order, candidates, TermPositions(), lambda: None)
    assert got.tolist() == want


def test_adjacent_checks_the_clock_and_takes_no_candidates() -> None:
    lists = [postings({1: [0]}), postings({1: [1]})]
    ticks: list[int] = []
    got = adjacent(
        lists, [0, 1], np.array([1], dtype=np.int64), TermPositions(), lambda: ticks.append(1)
    )
    assert got.tolist() == [True] and len(ticks) == 2
    empty = adjacent(lists, [0, 1], np.zeros(0, dtype=np.int64), TermPositions(), lambda: None)
    assert empty.tolist() == []
