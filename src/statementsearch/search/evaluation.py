"""Evaluate statement queries a posting list at a time instead of a posting at a time.

(Over 300 lines on purpose: the evaluator of each query shape (term, phrase, and, or,
filters) and the ranking that orders what they match belong together; reading and
scoring postings is already apart, in ``postings``, the phrase check in ``phrases``.)

Whoosh's matchers step through postings one document at a time, through several layers of
Python wrappers, scoring each match as they go; for a word in most of 10,000 statements
that was most of a search (cProfile: ``next``, ``score``, ``is_active``), and asking for
the exact total ran the query a second time. Here each term's postings are read a block
at a time into arrays, scored with Whoosh's own BM25F formula and statistics in one array
operation, and combined over one score array and one match mask per query (of the
index's size: 50,000 statements are 400 kB of scores), so no step runs per match in
Python; phrases are checked on decoded positions only for the documents that could still
match (``phrases``). The same documents match as through Whoosh, with the same scores
(``tests/test_evaluation.py`` compares them query by query): every score is the same
float operations in the same order as before.

Every match is found, so totals and facets stay exact (docs/scaling.md says why no
document is skipped).

Handled: Term, Phrase (slop 1, incl. ``AdjacentPhrase``), And, Or, Every, NullQuery and
the filters (an organisation id term, a date range). Anything else raises ``Unsupported``
and the caller searches through Whoosh. Reading postings and scoring them is
``postings``; this module combines them. It only reads.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from whoosh import query as wq

from statementsearch.errors import QueryTooSlow
from statementsearch.search import deadline
from statementsearch.search.matches import Matches
from statementsearch.search.phrases import adjacent
from statementsearch.search.postings import PostingReader, Unsupported

__all__ = ["BulkSearcher", "Matches", "Ranked", "Unsupported"]

Mask = NDArray[np.bool_]
# A query part's result: which documents it matches, and its score in each (0 elsewhere).
Dense = tuple[Mask, NDArray[np.float64]]
# The documents left by a filter: a mask, or any collection of document numbers.
Within = Mask | Collection[int] | None


@dataclass(frozen=True)
class Ranked:
    """The documents a query matched, and one page of them in order."""

    total: int
    docnums: tuple[int, ...]


class BulkSearcher(PostingReader):
    """Evaluates queries against one open Whoosh searcher (one per thread, like it)."""

    def __init__(self, searcher: Any) -> None:
        super().__init__(searcher)
        self._deadline = 0.0
        self._seconds = 0.0
        self._whole_words = False

    # --- evaluation ----------------------------------------------------------------------

    def evaluate(
        self,
        query: wq.Query,
        within: Within = None,
        seconds: float = 5.0,
        *,
        whole_words: bool = False,
    ) -> Matches:
        """Every matching document's score (query boosts applied, child scores summed),
        among ``within`` only if given (the documents a filter left).

        ``whole_words``: the query is ``querying.statement_query``'s, whose Ors hold one
        piece's syllable phrase beside its whole-word terms. A document a whole word
        matches then contains the phrase too, so its positions are not checked (the
        same documents either way; its score counts the phrase as matched).

        Raises QueryTooSlow once evaluating has taken longer than ``seconds``.
        """
        self._whole_words = whole_words
        self._seconds = seconds
        self._deadline = time.monotonic() + seconds
        try:
            mask = None if within is None else self.mask_of(within)
            return Matches.dense(*self._evaluate(query, mask))
        finally:
            self._read.clear()

    def _empty(self) -> Dense:
        return np.zeros(self.doc_count, dtype=bool), np.zeros(self.doc_count)

    def _dense(self, ids: NDArray[np.int64], scores: NDArray[np.float64]) -> Dense:
        mask, dense = self._empty()
        mask[ids] = True
        dense[ids] = scores
        return mask, dense

    def _evaluate(self, query: wq.Query, within: Mask | None) -> Dense:
        self._check_clock()
        kind = type(query)
        if kind is wq.Term:
            return self._term(query, within)
        if isinstance(query, wq.Phrase) and query.slop == 1:
            return self._phrase(query, within, assume=None)
        if kind is wq.Or:
            return self._or(query.subqueries, query.boost, within)
        if kind is wq.And:
            return self._and(query.subqueries, query.boost, within)
        if kind is wq.Every and query.fieldname in (None, "", "*"):
            mask = self.live_mask()
            if within is not None:
                mask &= within
            return mask, np.where(mask, float(query.boost), 0.0)
        if kind is wq.NullQuery or query is wq.NullQuery:
            return self._empty()
        raise Unsupported(type(query).__name__)

    def _term(self, query: wq.Term, within: Mask | None) -> Dense:
        found = self.postings(query.fieldname, query.text)
        ids, tfs = found.ids, found.weights
        if within is not None:  # a common word's postings are most of them
            keep = within[ids]
            ids, tfs = ids[keep], tfs[keep]
        scores = self.scores(query.fieldname, query.text, ids, tfs)
        if query.boost != 1.0:
            scores = scores * query.boost
        return self._dense(ids, scores)

    def _phrase(self, query: wq.Phrase, within: Mask | None, assume: Mask | None) -> Dense:
        """Documents with the words at consecutive positions, scored as the summed terms.

        ``assume``: documents already known to match this phrase's Or (a whole-word term):
        their positions are not checked, only scored.
        """
        words = list(query.words)
        if len(words) == 1:
            return self._term(wq.Term(query.fieldname, words[0], boost=query.boost), within)
        field = self.schema[query.fieldname] if query.fieldname in self.schema.names() else None
        if field is None or not field.format.supports("positions"):
            raise Unsupported(f"phrase on {query.fieldname} without positions")
        lists = [self.postings(query.fieldname, w, values=True) for w in words]
        if any(not len(p.ids) for p in lists):
            return self._empty()
        # Intersect starting from the shortest list.
        order = sorted(range(len(lists)), key=lambda i: len(lists[i].ids))
        candidates = lists[order[0]].ids
        if within is not None:
            candidates = candidates[within[candidates]]
        for i in order[1:]:
            candidates = candidates[self.mask_of(lists[i].ids)[candidates]]
            if not len(candidates):
                return self._empty()
        known = assume[candidates] if assume is not None else np.zeros(len(candidates), bool)
        unknown = candidates[~known]
        checked = adjacent(lists, order, unknown, field.format, self._check_clock)
        matched = np.sort(np.concatenate([candidates[known], unknown[checked]]))
        total = np.zeros(len(matched))
        for i, word in enumerate(words):
            found = lists[i]
            rows = np.searchsorted(found.ids, matched)
            total = total + self.scores(query.fieldname, word, matched, found.weights[rows])
        if query.boost != 1.0:
            total = total * query.boost
        return self._dense(matched, total)

    def _or(self, children: Sequence[wq.Query], boost: float, within: Mask | None) -> Dense:
        # Whole-word terms first: with ``whole_words``, a document they match needs no
        # position check for the phrase beside them (its syllables are in it, in order).
        # Each child's scores are added in the children's order, as before: the same sums.
        phrases = [c for c in children if isinstance(c, wq.Phrase)]
        others = [c for c in children if not isinstance(c, wq.Phrase)]
        union, total = self._empty()
        for child in others:
            mask, scores = self._evaluate(child, within)
            union |= mask
            total += scores
        for child in phrases:
            if not (isinstance(child, wq.Phrase) and child.slop == 1):
                raise Unsupported("sloppy phrase")
            # The documents matched so far, earlier phrases included.
            known = union.copy() if self._whole_words else None
            mask, scores = self._phrase(child, within, assume=known)
            union |= mask
            total += scores
        return union, _boosted(total, boost)

    def _and(self, children: Sequence[wq.Query], boost: float, within: Mask | None) -> Dense:
        # Where every part can match (postings only, no positions), then the rarest part
        # first, the others evaluated only where it matched: a phrase's positions are
        # checked only in documents the other parts leave.
        for child in children:
            possible = self._candidates(child)
            within = possible if within is None else within & possible
            if not within.any():
                return self._empty()
        ordered = sorted(children, key=self._estimate)
        result: Dense | None = None
        for child in ordered:
            mask, scores = self._evaluate(child, within)
            if result is not None:
                mask = result[0] & mask
                scores = np.where(mask, result[1] + scores, 0.0)
            result = mask, scores
            if not mask.any():
                return self._empty()
            within = mask
        if result is None:
            return self._empty()
        return result[0], _boosted(result[1], boost)

    def _candidates(self, query: wq.Query) -> Mask:
        """The documents a query could match, from postings alone (a superset)."""
        if type(query) is wq.Term:
            return self.mask_of(self.postings(query.fieldname, query.text).ids)
        if isinstance(query, wq.Phrase):
            words = list(query.words)
            values = len(words) > 1  # read once, with the positions its check will need
            masks = [self.mask_of(self.postings(query.fieldname, w, values).ids) for w in words]
            return np.logical_and.reduce(masks) if masks else self._empty()[0]
        if type(query) is wq.Or:
            parts = [self._candidates(q) for q in query.subqueries]
            return np.logical_or.reduce(parts) if parts else self._empty()[0]
        if type(query) is wq.And:
            parts = [self._candidates(q) for q in query.subqueries]
            return np.logical_and.reduce(parts) if parts else self.live_mask()
        return self.live_mask()

    def _estimate(self, query: wq.Query) -> int:
        """An upper bound on how many documents a query can match (for ordering an And)."""
        if isinstance(query, (wq.Term, wq.Phrase)):
            words = [query.text] if isinstance(query, wq.Term) else list(query.words)
            return min(self.doc_frequency(query.fieldname, w) for w in words)
        if isinstance(query, wq.And):
            return min((self._estimate(q) for q in query.subqueries), default=0)
        if isinstance(query, wq.Or):
            return sum(self._estimate(q) for q in query.subqueries)
        return self.doc_count

    def _check_clock(self) -> None:
        deadline.check()  # the whole request's
        if time.monotonic() > self._deadline:
            raise QueryTooSlow(
                f"the query took longer than {self._seconds:g} s; make it more specific"
            )

    # --- filters and ordering ------------------------------------------------------------

    def matching(self, query: wq.Query) -> Mask:
        """The documents a filter query matches (no scores), as a mask."""
        if isinstance(query, wq.And):
            masks = [self.matching(q) for q in query.subqueries]
            return np.logical_and.reduce(masks) if masks else self.live_mask()
        if type(query) is wq.Term:
            return self.mask_of(self.postings(query.fieldname, query.text).ids)
        if type(query) is wq.NumericRange:
            if query.startexcl or query.endexcl:  # search.py's date filters never are
                raise Unsupported("exclusive range")
            low, high = query.start, query.end
            values = self.array(query.fieldname)
            mask = self.live_mask()
            if low is not None:
                mask &= values >= low
            if high is not None:
                mask &= values <= high
            return mask
        raise Unsupported(type(query).__name__)

    def array(self, fieldname: str) -> NDArray[Any]:
        """A sortable column as an array (numbers as int64), read once per searcher."""
        return self.derived(f"array:{fieldname}", lambda: [np.array(self.column(fieldname))])[0]

    def stored_ids(self, fieldname: str) -> list[str]:
        """A stored field's value (the statement id) for every document, read once."""
        key = "stored:" + fieldname
        if key not in self._columns:
            self._columns[key] = [
                (fields or {}).get(fieldname, "")
                for fields in (self._stored(d) for d in range(self.doc_count))
            ]
        return self._columns[key]

    def _stored(self, docnum: int) -> dict[str, Any] | None:
        if docnum in self.deleted:
            return None
        return dict(self.searcher.stored_fields(docnum))

    def rank(
        self,
        scores: Mapping[int, float],
        limit: int,
        sort_column: str | None = None,
        *,
        date_column: str,
        id_field: str,
    ) -> Ranked:
        """The first ``limit`` documents in the documented order (docs/api.md, "Order"):
        by relevance, best score first, then newest, then by id; by date (``sort_column``),
        newest first, then by id. Document numbers play no part: a rebuild and an update
        of the same corpus number documents differently but order them the same.
        Scores are compared to 9 decimal places (sums in another order differ in the last
        bits)."""
        matches = Matches.of(scores)
        docs, values = matches.docs, matches.scores
        total = len(docs)
        if limit <= 0 or not total:
            return Ranked(total, ())
        position = self._position_array(sort_column or date_column, id_field)
        if sort_column is not None:
            places = position[docs]
            if limit < total:  # the ``limit`` earliest places, then in order
                first = np.argpartition(places, limit - 1)[:limit]
                top = docs[first[np.argsort(places[first])]]
            else:
                top = docs[np.argsort(places)]
            return Ranked(total, tuple(top.tolist()))
        # Only documents scoring at least the ``limit``-th best score (less a margin for
        # the rounding) can be in the first ``limit``: the others are never keyed.
        if limit < total:
            cut = float(np.partition(values, total - limit)[total - limit]) - 1e-9
            keep = values >= cut
            docs, values = docs[keep], values[keep]
        candidates = zip(values.tolist(), position[docs].tolist(), docs.tolist(), strict=True)
        best = heapq.nsmallest(limit, candidates, key=lambda c: (-round(c[0], 9), c[1]))
        return Ranked(total, tuple(doc for _score, _place, doc in best))

    def _by_position(self, date_column: str, id_field: str) -> list[int]:
        """Every document, newest first, then by id (deleted ones included)."""
        key = f"order:{date_column}:{id_field}"
        if key not in self._columns:
            dates = self.column(date_column)
            try:
                ids = self.column(id_field)  # a sortable column in current builds
            except Unsupported:
                ids = self.stored_ids(id_field)
            self._columns[key] = sorted(range(self.doc_count), key=lambda d: (-dates[d], ids[d]))
        return self._columns[key]

    def _position_array(self, date_column: str, id_field: str) -> NDArray[np.int64]:
        """Each document's place in ``_by_position``'s order (a smaller one comes first)."""

        def make() -> list[NDArray[np.int64]]:
            position = np.zeros(self.doc_count, dtype=np.int64)
            order = np.array(self._by_position(date_column, id_field), dtype=np.int64)
            position[order] = np.arange(self.doc_count, dtype=np.int64)
            return [position]

        return self.derived(f"position:{date_column}:{id_field}", make)[0]


def _boosted(scores: NDArray[np.float64], boost: float) -> NDArray[np.float64]:
    return scores if boost == 1.0 else scores * boost
