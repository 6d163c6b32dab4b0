"""A query's matches and their scores, as two arrays (document numbers ascending, scores).

What the posting-list evaluator (``evaluation``) hands to ranking, the signatory join and
the facets: they work on the arrays (one C loop per step, whatever the number of matches);
as a read-only mapping (document number -> score) it also reads like the dict it replaced
(tests, Whoosh's collected scores). Only reads.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray


class Matches(Mapping[int, float]):
    """Matching documents (sorted, distinct) and each one's score."""

    __slots__ = ("_dict", "docs", "scores")

    def __init__(self, docs: NDArray[np.int64], scores: NDArray[np.float64]) -> None:
        self.docs = docs
        self.scores = scores
        self._dict: dict[int, float] | None = None

    @classmethod
    def dense(cls, mask: NDArray[np.bool_], scores: NDArray[np.float64]) -> Matches:
        """The documents a mask holds, with their entries of a per-document score array."""
        docs = np.flatnonzero(mask).astype(np.int64)
        return cls(docs, scores[docs])

    @classmethod
    def of(cls, scores: Mapping[int, float]) -> Matches:
        """Any mapping of document numbers to scores (Whoosh's collected hits)."""
        if isinstance(scores, Matches):
            return scores
        docs = np.fromiter(scores.keys(), dtype=np.int64, count=len(scores))
        values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
        order = np.argsort(docs, kind="stable")
        return cls(docs[order], values[order])

    def _as_dict(self) -> dict[int, float]:
        if self._dict is None:
            self._dict = dict(zip(self.docs.tolist(), self.scores.tolist(), strict=True))
        return self._dict

    def __getitem__(self, doc: int) -> float:
        return self._as_dict()[doc]

    def __iter__(self) -> Iterator[int]:
        return iter(self.docs.tolist())

    def __len__(self) -> int:
        return len(self.docs)

    def __contains__(self, doc: Any) -> bool:
        return doc in self._as_dict()

    def __repr__(self) -> str:
        return f"Matches({len(self)} documents)"


NO_MATCHES = Matches(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
