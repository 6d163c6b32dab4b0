"""Posting formats of the text fields: a document's terms -> postings, and back.

Whoosh's ``Positions`` and ``Frequency`` formats read every token as a Token object from
the analyzer's generator chain, and ``Positions`` pickles a list of deltas per posting
(``decode_positions`` unpickles it and sums it in Python). A statement makes ~660
postings, so that per-token and per-posting work was most of indexing. These formats
take the terms of one of our ICU analyzers straight from ``analysis.index_terms`` (the
same terms: tested) and store positions as 4-byte little-endian integers, encoded and
decoded by ``array`` in C.

Readers decode through Whoosh's Format API (``decode_positions``, ``decode_frequency``,
``decode_weight``), so matchers and queries work unchanged. Whoosh pickles the schema,
formats included, into the index: the class paths ``statementsearch.formats.*`` and the
encoding are part of the index format (``indexing.FORMAT_VERSION``).
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import formats
from whoosh.analysis import CompositeAnalyzer
from whoosh.system import pack_uint

from statementsearch.text.analysis import FieldKind, ICUTokenizer, index_terms

_BIG_ENDIAN = sys.byteorder == "big"
# A posting's value is its positions as uint32, so its frequency is its length / 4.
_POSITION_SIZE = 4
assert array("I").itemsize == _POSITION_SIZE

WordValue = tuple[str, int, float, bytes]


def analyzer_kind(analyzer: object) -> FieldKind | None:
    """The field kind of one of our analyzers, or None for any other analyzer.

    word_analyzer() -> "word";  whoosh's StandardAnalyzer() -> None
    """
    if isinstance(analyzer, CompositeAnalyzer) and len(analyzer.items) == 1:
        tokenizer = analyzer.items[0]
        if isinstance(tokenizer, ICUTokenizer):
            return tokenizer.kind
    return None


def _fast_kind(value: object, analyzer: object, kwargs: dict[str, Any]) -> FieldKind | None:
    """The kind to index ``value`` with directly, or None to take Whoosh's general path
    (pre-split values, other analyzers, options such as ``start_pos``)."""
    if not isinstance(value, str) or kwargs.keys() - {"mode"}:
        return None
    return analyzer_kind(analyzer)


def encode_positions(positions: Iterable[int]) -> bytes:
    """Encode ascending token positions as a posting value.  [0, 7] -> 8 bytes"""
    packed = array("I", positions)
    if _BIG_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


def decode_positions(value: bytes) -> list[int]:
    """Decode a posting value into its positions.  encode_positions([0, 7]) -> [0, 7]"""
    packed = array("I")
    packed.frombytes(value)
    if _BIG_ENDIAN:
        packed.byteswap()
    return packed.tolist()


def iter_positions(value: bytes) -> Iterable[int]:
    """The positions of a posting value, read in place where the byte order allows (for
    phrase checks that only iterate them).  encode_positions([0, 7]) -> 0, 7"""
    if _BIG_ENDIAN:
        return decode_positions(value)
    return memoryview(value).cast("I")


class TermPositions(formats.Positions):
    """Positions of each term in a document (phrase fields), as uint32 values."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[WordValue]:
        kind = _fast_kind(value, analyzer, kwargs)
        if kind is None:
            # Whoosh's loop over Token objects, encoding through self.encode.
            yield from super().word_values(value, analyzer, **kwargs)
            return
        terms, positions = index_terms(value, kind)
        at: defaultdict[str, list[int]] = defaultdict(list)
        for term, pos in zip(terms, positions, strict=True):
            at[term].append(pos)
        boost = self.field_boost
        for term, found in at.items():
            yield term, len(found), len(found) * boost, encode_positions(found)

    def encode(self, poslist: Iterable[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // _POSITION_SIZE

    def decode_weight(self, valuestring: bytes) -> float:
        return len(valuestring) // _POSITION_SIZE * self.field_boost


class TermFrequency(formats.Frequency):
    """How often each term occurs in a document (fields without phrases).

    Values are Whoosh's own (``pack_uint(frequency)``); only reading the terms is faster.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[WordValue]:
        kind = _fast_kind(value, analyzer, kwargs)
        if kind is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        terms, _positions = index_terms(value, kind)
        boost = self.field_boost
        for term, count in Counter(terms).items():
            yield term, count, count * boost, pack_uint(count)
