"""Each segment's organisation -> documents lists, written beside the segment as arrays.

The signatory join reads up to 50 organisations' statements (``search.signatories``).
Through Whoosh that is a term lookup in every segment for every organisation (50 x 20 at
50,000 statements, a third of the slowest Burmese search). The worker that writes a part
also writes, for that segment, every organisation's local document numbers in one array
(``MAIN_<segment>.orgdocs.npy``, read memory-mapped) and where each organisation's run
starts (``MAIN_<segment>.orgkeys.json``). The names follow Whoosh's segment files, so
Whoosh deletes them with their segment (a merge, a newer build). A segment without them
(written by ``update``, or merged) is read through Whoosh as before.
"""

from __future__ import annotations

import json
import os
from itertools import accumulate, chain
from typing import Any

import numpy as np

from statementsearch.indexing import schema

DOCS = ".orgdocs.npy"
KEYS = ".orgkeys.json"


def write_organisation_docs(folder: str, segment_id: str, documents: list[dict[str, Any]]) -> None:
    """Write the organisation -> local document numbers arrays of one new segment whose
    documents are ``documents`` in order (a part of ``build.statement_document``s)."""
    by_org: dict[str, list[int]] = {}
    for number, document in enumerate(documents):
        for oid in str(document.get(schema.ORGANISATION_IDS, "")).split():
            by_org.setdefault(oid, []).append(number)
    keys = sorted(by_org)
    offsets = list(accumulate((len(by_org[k]) for k in keys), initial=0))
    docs = np.fromiter(chain.from_iterable(by_org[k] for k in keys), dtype=np.int32)
    base = os.path.join(folder, segment_id)
    np.save(base + DOCS, docs)
    with open(base + KEYS, "w", encoding="utf-8") as out:
        json.dump({"field": schema.ORGANISATION_IDS, "keys": keys, "offsets": offsets}, out)
