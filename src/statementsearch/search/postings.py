"""Read a statement index's postings a block at a time, and score them as Whoosh's BM25F.

The reading half of the posting-list evaluator (``evaluation`` combines what this reads):
one term's postings over every segment in global document numbers, deleted documents left
out, as arrays; field lengths and sortable columns read whole, once per searcher; BM25F
scores with Whoosh's own statistics and the same arithmetic in the same order, so the
scores equal Whoosh's, computed a posting list at a time (numpy). This module only reads.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from pickle import loads
from typing import Any

import numpy as np
from numpy.typing import NDArray
from whoosh import formats
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from statementsearch.indexing.formats import TermPositions, iter_positions
from statementsearch.indexing.schema import ORGANISATION_IDS
from statementsearch.search.blocks import read_all
from statementsearch.search.orgdocs import SegmentOrganisations, segment_organisations


class Unsupported(Exception):
    """A query shape (or index) the bulk evaluator cannot handle; search through Whoosh."""


@dataclass(frozen=True)
class Postings:
    """One term's postings over all segments, in global document numbers (ascending)."""

    ids: NDArray[np.int64]
    weights: NDArray[np.float64]
    values: list[bytes] | None


class PostingReader:
    """Reads postings, lengths and columns of one open Whoosh searcher, and scores them.

    Document lengths and dates are read once per searcher; a searcher sees one build, so
    nothing goes stale. One per thread, like the searcher.
    """

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = searcher.schema
        self.doc_count = self.reader.doc_count_all()
        self._segments = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._lengths: dict[str, list[int]] = {}
        self._norm_cache: dict[str, NDArray[np.float64]] = {}
        self._columns: dict[str, list[Any]] = {}
        self._deleted: frozenset[int] | None = None
        self._sidecars: dict[str, list[SegmentOrganisations | None]] = {}
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise Unsupported(f"weighting {type(weighting).__name__}")
        self._weighting = weighting
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

    def live_mask(self) -> NDArray[np.bool_]:
        """True for every document that is not deleted (a fresh array: callers change it)."""
        key = "live-mask"
        if key not in self._columns:
            mask = np.ones(self.doc_count, dtype=bool)
            mask[np.fromiter(self.deleted, dtype=np.int64, count=len(self.deleted))] = False
            self._columns[key] = [mask]
        return np.array(self._columns[key][0])

    def mask_of(self, docs: Iterable[int] | NDArray[Any]) -> NDArray[np.bool_]:
        """A document set as a mask over every document number."""
        if isinstance(docs, np.ndarray) and docs.dtype == np.bool_:
            return docs
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[np.fromiter(docs, dtype=np.int64) if not isinstance(docs, np.ndarray) else docs] = True
        return mask

    def column(self, fieldname: str) -> list[Any]:
        """A sortable field's value for every document, by global document number."""
        if fieldname not in self._columns:
            if fieldname not in self.schema or not self.reader.has_column(fieldname):
                raise Unsupported(f"no column for {fieldname}")
            self._columns[fieldname] = list(self.reader.column_reader(fieldname, translate=True))
        return self._columns[fieldname]

    def derived(self, name: str, make: Callable[[], list[Any]]) -> list[Any]:
        """A per-document list computed once per searcher (``make`` computes it)."""
        key = "derived:" + name
        if key not in self._columns:
            self._columns[key] = make()
        return self._columns[key]

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
        # Filled in C (array.extend over each block's tuples) and viewed by numpy as is.
        ids = array("q")
        weights = array("d")
        vals: list[bytes] | None = [] if values else None
        if fieldname not in self.schema:
            return _postings(ids, weights, vals)
        btext = self.schema[fieldname].to_bytes(text)
        has_deleted = False
        for (seg, offset), arrays in zip(self._segments, self._arrays(fieldname), strict=True):
            if arrays is not None:  # a rebuild's segment: no Whoosh lookup (``orgdocs``)
                local = arrays.docs(text)
                ids.frombytes((local.astype(np.int64) + offset).tobytes())
                weights.extend(repeat(1.0, len(local)))
                has_deleted = has_deleted or seg.has_deletions()
                continue
            try:  # one term lookup, not a membership test and then the lookup again
                matcher = seg.postings(fieldname, btext)
            except TermNotFound:
                continue
            if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
                has_deleted, matcher = True, matcher.child
            read_all(matcher, ids, weights, vals, offset)
        found = _postings(ids, weights, vals)
        if not has_deleted:
            return found
        keep = ~self._deleted_mask()[found.ids]
        kept = None if vals is None else list(compress(vals, keep.tolist()))
        return Postings(found.ids[keep], found.weights[keep], kept)

    def _arrays(self, fieldname: str) -> list[SegmentOrganisations | None]:
        """Each segment's organisation -> documents arrays (``orgdocs``) for the
        organisation ids field, read once per searcher; None for any other field."""
        if fieldname not in self._sidecars:
            ix = getattr(self.searcher, "_ix", None)
            folder = getattr(getattr(ix, "storage", None), "folder", None)
            wanted = fieldname == ORGANISATION_IDS
            self._sidecars[fieldname] = segment_organisations(
                folder if wanted else None, self._segments, fieldname
            )
        return self._sidecars[fieldname]

    def _deleted_mask(self) -> NDArray[np.bool_]:
        return self.derived("deleted-mask", lambda: [~self.live_mask()])[0]

    def doc_frequency(self, fieldname: str, text: str) -> int:
        if fieldname not in self.schema:
            return 0
        return int(self.reader.doc_frequency(fieldname, text))

    # --- scoring (BM25F, as Whoosh computes it) -------------------------------------

    def scores(
        self, fieldname: str, text: str, ids: NDArray[np.int64], tfs: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """BM25F scores of the given postings of one term, as Whoosh's ``bm25`` gives them:
        idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average length)), the
        same float operations in the same order, so the same values to the last bit."""
        field = self.schema[fieldname]
        if not field.scorable:
            return np.array(tfs, dtype=np.float64)
        scale = float(self.searcher.idf(fieldname, text) * (self._weighting.K1 + 1))
        norms = self.norms(fieldname)[ids]
        return scale * tfs / (tfs + norms)

    def norms(self, fieldname: str) -> NDArray[np.float64]:
        """K1 * (1 - B + B * length / average length) for every document of a field."""
        if fieldname not in self._norm_cache:
            weighting = self._weighting
            b = weighting._field_B.get(fieldname, weighting.B)
            k1 = weighting.K1
            average = self.searcher.avg_field_length(fieldname) or 1
            self._norm_cache[fieldname] = np.array(
                [k1 * ((1 - b) + b * length / average) for length in self.lengths(fieldname)],
                dtype=np.float64,
            )
        return self._norm_cache[fieldname]


def _postings(ids: array[int], weights: array[float], vals: list[bytes] | None) -> Postings:
    return Postings(
        np.frombuffer(ids, dtype=np.int64), np.frombuffer(weights, dtype=np.float64), vals
    )


def position_decoder(fmt: Any) -> Callable[[bytes], Iterable[int]]:
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
