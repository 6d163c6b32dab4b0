"""Evaluate statement queries a posting list at a time instead of a posting at a time.

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
and the caller searches through Whoosh. This module only reads.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pickle import loads
from typing import Any

from whoosh import formats
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from statementsearch.errors import QueryTooSlow
from statementsearch.indexing.formats import TermPositions, iter_positions
from statementsearch.search import deadline

# Candidates whose positions are checked between two looks at the clock.
_CHECK_EVERY = 512


class Unsupported(Exception):
    """A query shape this module does not evaluate; search it through Whoosh instead."""


@dataclass(frozen=True)
class Postings:
    """One term's postings over all segments, in global document numbers."""

    ids: list[int]
    weights: list[float]
    values: list[bytes] | None


@dataclass(frozen=True)
class Ranked:
    """The documents a query matched, and one page of them in order."""

    total: int
    docnums: tuple[int, ...]


class BulkSearcher:
    """Evaluates queries against one open Whoosh searcher (one per thread, like it).

    Document lengths and dates are read once per searcher; a searcher sees one build, so
    nothing goes stale.
    """

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.doc_count = self.reader.doc_count_all()
        self._segments = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._lengths: dict[str, list[int]] = {}
        self._norm_cache: dict[str, list[float]] = {}
        self._columns: dict[str, list[Any]] = {}
        self._deleted: frozenset[int] | None = None
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise Unsupported(f"weighting {type(weighting).__name__}")
        self._weighting = weighting
        self._deadline = 0.0
        self._seconds = 0.0
        self._whole_words = False
        # Postings read during the current evaluation, by (field, text).
        self._read: dict[tuple[str, str], Postings] = {}

    # --- reading -------------------------------------------------------------------------

    @property
    def deleted(self) -> frozenset[int]:
        if self._deleted is None:
            self._deleted = frozenset(
                offset + d for seg, offset in self._segments for d in seg.deleted_docs_set
            )
        return self._deleted

    def live_docs(self) -> set[int]:
        return set(range(self.doc_count)) - self.deleted

    def column(self, fieldname: str) -> list[Any]:
        """A sortable field's value for every document, by global document number."""
        if fieldname not in self._columns:
            if fieldname not in self.schema or not self.reader.has_column(fieldname):
                raise Unsupported(f"no column for {fieldname}")
            self._columns[fieldname] = list(self.reader.column_reader(fieldname, translate=True))
        return self._columns[fieldname]

    def lengths(self, fieldname: str) -> list[int]:
        """Every document's indexed length of a field (Whoosh's quantised one, as BM25F)."""
        if fieldname not in self._lengths:
            lengths: list[int] = []
            for seg, _offset in self._segments:
                lengths.extend(_segment_lengths(seg, fieldname))
            self._lengths[fieldname] = lengths
        return self._lengths[fieldname]

    def postings(self, fieldname: str, text: str, values: bool = False) -> Postings:
        """A term's postings (deleted documents left out); empty if the term is absent.

        Kept for the rest of the current evaluation: a word is often read twice (first for
        an And's candidates, then to score it).
        """
        key = (fieldname, text)
        found = self._read.get(key)
        if found is None or (values and found.values is None):
            found = self._read_postings(fieldname, text, values)
            self._read[key] = found
        return found

    def _read_postings(self, fieldname: str, text: str, values: bool) -> Postings:
        ids: list[int] = []
        weights: list[float] = []
        vals: list[bytes] | None = [] if values else None
        if fieldname not in self.schema:
            return Postings(ids, weights, vals)
        btext = self.schema[fieldname].to_bytes(text)
        for seg, offset in self._segments:
            if (fieldname, btext) not in seg:
                continue
            matcher = seg.postings(fieldname, btext)
            deleted: frozenset[int] = frozenset()
            if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
                deleted, matcher = seg.deleted_docs_set, matcher.child
            start = len(ids)
            _read_all(matcher, ids, weights, vals)
            if offset or deleted:
                self._shift(ids, weights, vals, start, offset, deleted)
        return Postings(ids, weights, vals)

    @staticmethod
    def _shift(
        ids: list[int],
        weights: list[float],
        vals: list[bytes] | None,
        start: int,
        offset: int,
        deleted: frozenset[int],
    ) -> None:
        keep = [i for i in range(start, len(ids)) if ids[i] not in deleted]
        ids[start:] = [ids[i] + offset for i in keep]
        weights[start:] = [weights[i] for i in keep]
        if vals is not None:
            vals[start:] = [vals[i] for i in keep]

    def doc_frequency(self, fieldname: str, text: str) -> int:
        if fieldname not in self.schema:
            return 0
        return int(self.reader.doc_frequency(fieldname, text))

    # --- scoring -------------------------------------------------------------------------

    def _scores(
        self, fieldname: str, text: str, ids: list[int], tfs: Iterable[float]
    ) -> list[float]:
        """BM25F scores of the given postings of one term, as Whoosh's ``bm25`` gives them:
        idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average length))."""
        field = self.schema[fieldname]
        if not field.scorable:
            return [float(tf) for tf in tfs]
        scale = self.searcher.idf(fieldname, text) * (self._weighting.K1 + 1)
        norms = self._norms(fieldname)
        return [scale * tf / (tf + norms[d]) for d, tf in zip(ids, tfs, strict=True)]

    def _norms(self, fieldname: str) -> list[float]:
        """K1 * (1 - B + B * length / average length) for every document of a field."""
        if fieldname not in self._norm_cache:
            weighting = self._weighting
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            average = self.searcher.avg_field_length(fieldname) or 1
            self._norm_cache[fieldname] = [
                k1 * ((1 - b) + b * length / average) for length in self.lengths(fieldname)
            ]
        return self._norm_cache[fieldname]

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
        if within is not None:
            pairs = [(d, w) for d, w in zip(ids, tfs, strict=True) if d in within]
            ids, tfs = [d for d, _ in pairs], [w for _, w in pairs]
        scores = self._scores(query.fieldname, query.text, ids, tfs)
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
        decode = _position_decoder(field.format)
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
            scores = self._scores(query.fieldname, word, matched, [found.weights[r] for r in rows])
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
        dates = self.column(sort_column or date_column)
        ids = self.stored_ids(id_field)
        if sort_column is None:

            def key(kv: tuple[int, float]) -> tuple[float, int, str]:
                return (-round(kv[1], 9), -dates[kv[0]], ids[kv[0]])

            top = heapq.nsmallest(limit, scores.items(), key=key)
            return Ranked(len(scores), tuple(d for d, _ in top))
        top_docs = heapq.nsmallest(limit, scores, key=lambda d: (-dates[d], ids[d]))
        return Ranked(len(scores), tuple(top_docs))


def _read_all(matcher: Any, ids: list[int], weights: list[float], vals: list[bytes] | None) -> None:
    """Append every posting of a segment's term matcher, a block at a time if it can."""
    if type(matcher) is W3LeafMatcher:
        while matcher.is_active():
            matcher._read_ids()
            ids.extend(matcher._ids)
            matcher._read_weights()
            weights.extend(matcher._weights)
            if vals is not None:
                matcher._read_values()
                vals.extend(matcher._values)
            matcher._next_block()
        return
    while matcher.is_active():  # inlined postings and anything else: one at a time
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if vals is not None:
            vals.append(matcher.value())
        matcher.next()


def _position_decoder(fmt: Any) -> Callable[[bytes], Iterable[int]]:
    """Decode a posting's positions without building a list where it can: our
    TermPositions values are read in place as uint32; Whoosh's stock Positions (pickled
    deltas) are accumulated in C."""
    if type(fmt) is TermPositions:
        return iter_positions
    if type(fmt) is not formats.Positions:
        return fmt.decode_positions

    def decode(value: bytes) -> Iterable[int]:
        deltas = value[_INT_SIZE:]
        return accumulate(loads(deltas if deltas.endswith(b".") else deltas + b"."))

    return decode


def _segment_lengths(seg: Any, fieldname: str) -> list[int]:
    """One segment's field lengths: its lengths column read whole where it can be."""
    count = seg.doc_count_all()
    column = None
    perdoc: Any = getattr(seg, "_perdoc", None)
    if hasattr(perdoc, "_cached_reader"):
        column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    if column is None:
        return [seg.doc_field_length(d, fieldname, 1) or 1 for d in range(count)]
    return [byte_to_length(b) if b else 1 for b in column]


def _add_into(total: dict[int, float], scores: dict[int, float]) -> None:
    for doc, score in scores.items():
        total[doc] = total.get(doc, 0.0) + score


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}
