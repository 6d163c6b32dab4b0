"""The signatory join: a statement query also finds the statements its organisations signed.

Signatory names live in the organisations index only (copying ~160 names into every
statement document was ~40 % of indexing: DESIGN.md). So a query is first an
organisation search (any name form, acronym, Burmese part, partial name: the same query
as ``/api/organisations``), and its best ``MAX_JOIN_ORGANISATIONS`` organisations are
joined to statements through the statements index's ``organisation_ids`` postings. The
cost is the organisation search plus one posting list per joined organisation: it grows
with the matching organisations and the statements they signed, not with the corpus.

Ranking (docs/api.md): a statement's signatory score is the best score among its joined
organisations, scaled so that the best organisation counts as much as the best text
match; text and signatory scores add up. So text and signatory > text only ≈ signatory
only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from statementsearch.indexing import schema
from statementsearch.search.bounds import MAX_QUERY_TERMS, count_terms
from statementsearch.search.evaluation import BulkSearcher, Within
from statementsearch.search.library import Release
from statementsearch.search.matches import Matches
from statementsearch.search.querying import organisation_query

# At most this many organisations (the best matches first) are joined to their
# statements: "the" or one common word must not pull in every organisation.
MAX_JOIN_ORGANISATIONS = 50
# "Signed by" names shown per result.
MAX_SIGNED_BY = 3


@dataclass(frozen=True)
class Joined:
    """The organisations a query matched, best first, with scores scaled to (0, 1]."""

    scores: dict[str, float]

    @property
    def ids(self) -> list[str]:
        return list(self.scores)

    def __bool__(self) -> bool:
        return bool(self.scores)


NOTHING = Joined({})


def join_organisations(release: Release, text: str) -> Joined:
    """The organisations whose names match ``text`` (the organisation search, exact and
    partial forms, no typo expansion), capped; cached per build."""
    if not text.strip():
        return NOTHING

    def compute() -> Joined:
        query = organisation_query(text)
        if count_terms(query) > MAX_QUERY_TERMS:  # a paragraph, not an organisation's name
            return NOTHING
        searcher = release.organisations_searcher()
        hits = searcher.search(query, limit=MAX_JOIN_ORGANISATIONS)
        if not len(hits):
            return NOTHING
        best = max(hit.score for hit in hits) or 1.0
        return Joined({hit[schema.ID]: (hit.score or best) / best for hit in hits})

    return release.cached(("join", text), compute)


def signatory_scores(bulk: BulkSearcher, joined: Joined, within: Within) -> Matches:
    """Statement (document number) -> the best joined organisation's scaled score.

    Best organisation first, each adding only the statements not seen yet, in array
    operations (the busiest organisation of a 10k corpus signed ~4,000 statements)."""
    found = np.zeros(bulk.doc_count, dtype=bool)
    scores = np.zeros(bulk.doc_count)
    allowed = None if within is None else bulk.mask_of(within)
    for oid, score in sorted(joined.scores.items(), key=lambda item: -item[1]):
        ids = bulk.postings(schema.ORGANISATION_IDS, oid).ids
        new = ids[~found[ids]]
        if allowed is not None:
            new = new[allowed[new]]
        found[new] = True
        scores[new] = score
    return Matches.dense(found, scores)


def combine(text: Matches, signatory: Matches) -> Matches:
    """Add the signatory scores, the best organisation worth the best text match."""
    if not len(signatory):
        return text
    scale = (float(text.scores.max()) if len(text) else 1.0) or 1.0
    # Both ascending: a stable sort merges them (numpy's union1d hashes: 10 ms at 50,000).
    docs = np.sort(np.concatenate([text.docs, signatory.docs]), kind="stable")
    docs = docs[np.concatenate(([True], docs[1:] != docs[:-1]))]
    values = np.zeros(len(docs))
    values[np.searchsorted(docs, text.docs)] = text.scores
    at = np.searchsorted(docs, signatory.docs)
    values[at] = values[at] + signatory.scores * scale
    return Matches(docs, values)


def signatory_query(joined: Joined) -> wq.Query:
    """The joined organisations as a statements query (for Whoosh's own collector)."""
    if not joined:
        return wq.NullQuery
    return wq.Or(
        [wq.Term(schema.ORGANISATION_IDS, oid, boost=s) for oid, s in joined.scores.items()]
    )


def signed_by_lines(
    release: Release, statement_ids: Sequence[str], joined: Joined
) -> dict[str, list[dict[str, str]]]:
    """Per statement, the joined organisations as signed there, in the order written:
    [{"id", "name"}] (at most MAX_SIGNED_BY; the name as written in that statement)."""
    if not joined or not statement_ids:
        return {}
    found = release.records.signatures_of(list(statement_ids), joined.ids)
    lines: dict[str, list[dict[str, str]]] = {}
    for sid, signatures in found.items():
        seen: set[str] = set()
        for _pos, name, oid in signatures:
            if oid in seen or len(seen) >= MAX_SIGNED_BY:
                continue
            seen.add(oid)
            lines.setdefault(sid, []).append({"id": oid, "name": name})
    return lines
