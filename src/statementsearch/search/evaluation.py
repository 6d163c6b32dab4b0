"""Evaluate statement queries a posting list at a time instead of a posting at a time.

(Over 300 lines on purpose: the evaluator of each query shape (term, phrase, and, or,
filters) and the ranking that orders what they match belong together; reading and
scoring postings is already apart, in ``postings``.)

Whoosh's matchers step through postings one document at a time, through several layers of
Python wrappers, scoring each match as they go; for a word in most of 10,000 statements
that was most of a search (cProfile: ``next``, ``score``, ``is_active``), and asking for
the exact total ran the query a second time. Here each term's postings are read a block
at a time, combined with set operations, phrases are checked on decoded positions only for
the documents that could still match, and matches are scored with Whoosh's own BM25F
formula and statistics. The same documents match as through Whoosh
(``tests/test_evaluation.py`` compares them query by query).

Handled: Term, Phrase (slop 1, incl. ``AdjacentPhrase``), And, Or, Every, NullQuery and
the filters (an organisation id term, a date range). Anything else raises ``Unsupported``
and the caller searches through Whoosh. Reading postings and scoring them is
``postings``; this module combines them. It only reads.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, islice
from typing import Any

from whoosh import query as wq

from statementsearch.errors import QueryTooSlow
from statementsearch.search import deadline
from statementsearch.search.postings import PostingReader, Unsupported, position_decoder

__all__ = ["BulkSearcher", "Ranked", "Unsupported"]

# Candidates whose positions are checked between two looks at the clock.
_CHECK_EVERY = 512


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
        within: set[int] | None = None,
        seconds: float = 5.0,
        *,
        whole_words: bool = False,
    ) -> dict[int, float]:
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
            return self._evaluate(query, within)
        finally:
            self._read.clear()

    def _evaluate(self, query: wq.Query, within: set[int] | None) -> dict[int, float]:
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
            docs = self.live_docs() if within is None else within - self.deleted
            return dict.fromkeys(docs, query.boost)
        if kind is wq.NullQuery or query is wq.NullQuery:
            return {}
        raise Unsupported(type(query).__name__)

    def _term(self, query: wq.Term, within: set[int] | None) -> dict[int, float]:
        found = self.postings(query.fieldname, query.text)
        ids, tfs = found.ids, found.weights
        if within is not None:  # filtered in C: a common word's postings are most of them
            keep = list(map(within.__contains__, ids))
            ids, tfs = list(compress(ids, keep)), list(compress(tfs, keep))
        scores = self.scores(query.fieldname, query.text, ids, tfs)
        boost = query.boost
        if boost != 1.0:
            scores = [s * boost for s in scores]
        return dict(zip(ids, scores, strict=True))

    def _phrase(self, query: wq.Phrase, within: set[int] | None, assume: Any) -> dict[int, float]:
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
        if any(not p.ids for p in lists):
            return {}
        # Intersect starting from the shortest list; map each doc to its index per list.
        order = sorted(range(len(lists)), key=lambda i: len(lists[i].ids))
        candidates = set(lists[order[0]].ids)
        if within is not None:
            candidates &= within
        for i in order[1:]:
            candidates.intersection_update(lists[i].ids)
            if not candidates:
                return {}
        index = [{d: n for n, d in enumerate(p.ids) if d in candidates} for p in lists]
        decode = position_decoder(field.format)
        matched: list[int] = []
        for count, doc in enumerate(sorted(candidates)):
            if assume is not None and doc in assume:
                matched.append(doc)
                continue
            if count % _CHECK_EVERY == 0:
                self._check_clock()
            # Start positions where word 0 is followed by word 1, 2, ... in turn.
            starts: set[int] | None = None
            for i in order:
                vals = lists[i].values
                assert vals is not None
                shifted = map((-i).__add__, decode(vals[index[i][doc]]))
                starts = set(shifted) if starts is None else starts.intersection(shifted)
                if not starts:
                    break
            if starts:
                matched.append(doc)
        total = dict.fromkeys(matched, 0.0)
        for i, word in enumerate(words):
            found = lists[i]
            rows = [index[i][d] for d in matched]
            scores = self.scores(query.fieldname, word, matched, [found.weights[r] for r in rows])
            for doc, score in zip(matched, scores, strict=True):
                total[doc] += score
        if query.boost != 1.0:
            for doc in total:
                total[doc] *= query.boost
        return total

    def _or(
        self, children: Sequence[wq.Query], boost: float, within: set[int] | None
    ) -> dict[int, float]:
        # Whole-word terms first: with ``whole_words``, a document they match needs no
        # position check for the phrase beside them (its syllables are in it, in order).
        phrases = [c for c in children if isinstance(c, wq.Phrase)]
        others = [c for c in children if not isinstance(c, wq.Phrase)]
        union: dict[int, float] = {}
        for child in others:
            _add_into(union, self._evaluate(child, within))
        for child in phrases:
            if not (isinstance(child, wq.Phrase) and child.slop == 1):
                raise Unsupported("sloppy phrase")
            known = union.keys() if self._whole_words else None
            _add_into(union, self._phrase(child, within, assume=known))
        return _boosted(union, boost)

    def _and(
        self, children: Sequence[wq.Query], boost: float, within: set[int] | None
    ) -> dict[int, float]:
        # Where every part can match (postings only, no positions), then the rarest part
        # first, the others evaluated only where it matched: a phrase's positions are
        # checked only in documents the other parts leave.
        for child in children:
            possible = self._candidates(child)
            within = possible if within is None else within & possible
            if not within:
                return {}
        ordered = sorted(children, key=self._estimate)
        result: dict[int, float] | None = None
        for child in ordered:
            scores = self._evaluate(child, within)
            if result is None:
                result = scores
            else:
                result = {d: s + scores[d] for d, s in result.items() if d in scores}
            if not result:
                return {}
            within = set(result)
        return _boosted(result or {}, boost)

    def _candidates(self, query: wq.Query) -> set[int]:
        """The documents a query could match, from postings alone (a superset)."""
        if type(query) is wq.Term:
            return set(self.postings(query.fieldname, query.text).ids)
        if isinstance(query, wq.Phrase):
            words = list(query.words)
            values = len(words) > 1  # read once, with the positions its check will need
            sets = [set(self.postings(query.fieldname, w, values).ids) for w in words]
            return set.intersection(*sets) if sets else set()
        if type(query) is wq.Or:
            return set().union(*(self._candidates(q) for q in query.subqueries))
        if type(query) is wq.And:
            parts = [self._candidates(q) for q in query.subqueries]
            return set.intersection(*parts) if parts else self.live_docs()
        return self.live_docs()

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

    def matching(self, query: wq.Query) -> set[int]:
        """The documents a filter query matches (no scores)."""
        if isinstance(query, wq.And):
            sets = [self.matching(q) for q in query.subqueries]
            return set.intersection(*sets) if sets else self.live_docs()
        if type(query) is wq.Term:
            return set(self.postings(query.fieldname, query.text).ids)
        if type(query) is wq.NumericRange:
            if query.startexcl or query.endexcl:  # search.py's date filters never are
                raise Unsupported("exclusive range")
            low, high = query.start, query.end
            values = self.column(query.fieldname)
            docs = {
                d
                for d, v in enumerate(values)
                if (low is None or v >= low) and (high is None or v <= high)
            }
            return docs - self.deleted
        raise Unsupported(type(query).__name__)

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
        scores: dict[int, float],
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
        position = self._positions(sort_column or date_column, id_field)
        if sort_column is not None:
            if len(scores) * 8 > len(position):
                # Walk the documents in date order until ``limit`` of them matched.
                order = self._by_position(sort_column, id_field)
                top_docs = list(islice(filter(scores.__contains__, order), limit))
            else:
                top_docs = heapq.nsmallest(limit, scores, key=position.__getitem__)
            return Ranked(len(scores), tuple(top_docs))
        # Only documents scoring at least the ``limit``-th best score (less a margin for
        # the rounding) can be in the first ``limit``: the others are never keyed.
        candidates: Any = scores.items()
        if 0 < limit < len(scores):
            cut = min(heapq.nlargest(limit, scores.values())) - 1e-9
            candidates = [(d, v) for d, v in candidates if v >= cut]

        def key(kv: tuple[int, float]) -> tuple[float, int]:
            return (-round(kv[1], 9), position[kv[0]])

        top = heapq.nsmallest(limit, candidates, key=key)
        return Ranked(len(scores), tuple(d for d, _ in top))

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

    def _positions(self, date_column: str, id_field: str) -> list[int]:
        """Each document's place in ``_by_position``'s order (a smaller one comes first)."""
        key = f"position:{date_column}:{id_field}"
        if key not in self._columns:
            position = [0] * self.doc_count
            for place, doc in enumerate(self._by_position(date_column, id_field)):
                position[doc] = place
            self._columns[key] = position
        return self._columns[key]


def _add_into(total: dict[int, float], scores: dict[int, float]) -> None:
    if not total:  # the first of an Or's children: copied in C
        total.update(scores)
        return
    for doc, score in scores.items():
        total[doc] = total.get(doc, 0.0) + score


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}
