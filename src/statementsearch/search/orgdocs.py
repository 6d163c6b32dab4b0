"""Read the organisation -> documents arrays a rebuild writes beside each segment.

``indexing.orgdocs`` writes them; a segment without them (added by ``update``, merged)
is read through Whoosh instead, so what a search finds never depends on them: only how
fast the signatory join and the organisation filter read an organisation's statements.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
from numpy.typing import NDArray

from statementsearch.indexing.orgdocs import DOCS, KEYS


class SegmentOrganisations:
    """One segment's arrays: an organisation's local document numbers by id."""

    def __init__(self, docs: NDArray[np.int32], keys: dict[str, tuple[int, int]]) -> None:
        self._docs = docs
        self._keys = keys

    @classmethod
    def open(cls, folder: str, segment_id: str, fieldname: str) -> SegmentOrganisations | None:
        """The segment's arrays for ``fieldname``, or None if it has none (or unreadable
        ones: then the caller reads Whoosh's postings, which are always there)."""
        base = os.path.join(folder, segment_id)
        try:
            with open(base + KEYS, encoding="utf-8") as f:
                meta = json.load(f)
            docs = np.load(base + DOCS, mmap_mode="r")
        except (OSError, ValueError):
            return None
        keys, offsets = meta.get("keys", []), meta.get("offsets", [])
        if meta.get("field") != fieldname or len(offsets) != len(keys) + 1:
            return None
        if not offsets or offsets[-1] != len(docs):
            return None
        return cls(docs, {k: (offsets[i], offsets[i + 1]) for i, k in enumerate(keys)})

    def docs(self, organisation_id: str | bytes) -> NDArray[np.int32]:
        """The organisation's local document numbers in this segment (ascending)."""
        if isinstance(organisation_id, bytes):  # as a Whoosh lexicon gives it
            organisation_id = organisation_id.decode("utf-8")
        start, end = self._keys.get(organisation_id, (0, 0))
        return self._docs[start:end]


def segment_organisations(
    folder: str | None, segments: list[tuple[Any, int]], fieldname: str
) -> list[SegmentOrganisations | None]:
    """Each segment's arrays (None where it has none), in the searcher's segment order."""
    if folder is None:
        return [None] * len(segments)
    return [
        SegmentOrganisations.open(folder, seg._segment.segment_id(), fieldname)
        for seg, _offset in segments
    ]
