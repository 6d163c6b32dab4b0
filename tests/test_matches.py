"""Matches (search/matches.py) read as the dict they replaced; the signatory combination
on arrays adds up as the per-document formula did."""

from __future__ import annotations

import random

import numpy as np
import pytest

from statementsearch.search.matches import NO_MATCHES, Matches
from statementsearch.search.signatories import combine


def as_matches(scores: dict[int, float]) -> Matches:
    return Matches.of(scores)


def test_matches_read_as_a_mapping_in_document_order() -> None:
    found = Matches.of({7: 1.5, 2: 0.25, 5: 3.0})
    assert list(found) == [2, 5, 7] and len(found) == 3
    assert found[5] == 3.0 and 7 in found and 3 not in found
    assert found == {2: 0.25, 5: 3.0, 7: 1.5}
    assert Matches.of(found) is found
    assert NO_MATCHES == {} and not NO_MATCHES


def test_dense_takes_the_masked_documents() -> None:
    mask = np.array([False, True, False, True])
    scores = np.array([0.0, 2.0, 0.0, 0.5])
    assert Matches.dense(mask, scores) == {1: 2.0, 3: 0.5}


def old_combine(text: dict[int, float], signatory: dict[int, float]) -> dict[int, float]:
    """The per-document formula the array version replaced."""
    if not signatory:
        return text
    scale = max(text.values(), default=1.0) or 1.0
    combined = dict(text)
    for doc, score in signatory.items():
        combined[doc] = combined.get(doc, 0.0) + score * scale
    return combined


@pytest.mark.parametrize("seed", range(6))
def test_combine_adds_as_the_per_document_formula(seed: int) -> None:
    rng = random.Random(seed)
    docs = range(rng.randint(0, 60))
    text = {d: rng.random() * 9 for d in docs if rng.random() < 0.5}
    signatory = {d: rng.choice([1.0, 0.5, 0.125]) for d in docs if rng.random() < 0.3}
    got = combine(as_matches(text), as_matches(signatory))
    assert got == old_combine(text, signatory)  # the same floats, not only close ones
