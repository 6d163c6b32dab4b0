"""Decode Whoosh's W3 postings blocks a block at a time (the reading half of ``postings``).

A block of Whoosh's W3 postings is read here from its data tuple, as
``W3LeafMatcher._read_ids/_read_weights/_read_values`` read it, but decoded in C; a term
query reads a block's ids and weights without unpickling its positions.
"""

from __future__ import annotations

import zlib
from array import array
from itertools import accumulate, repeat
from pickle import loads
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher


def read_all(
    matcher: Any, ids: array[int], weights: array[float], vals: list[bytes] | None, offset: int
) -> None:
    """Append every posting of a segment's term matcher (``offset`` added to its document
    numbers), a block at a time if it can.

    A block of Whoosh's W3 postings is read here from its data tuple, as
    ``W3LeafMatcher._read_ids/_read_weights/_read_values`` read it, but decoded in C
    (``accumulate``, ``map``): Whoosh decodes the ids with a Python generator, and a
    segment's offset was a Python loop per posting (whoosh-reloaded 2.7.5, pinned).
    Without ``vals``, a block's values are not unpickled at all (``_ids_and_weights``).
    """
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        shift = offset.__add__
        while matcher.is_active():
            if vals is None:
                data = _ids_and_weights(matcher)
            else:
                if matcher._data is None:
                    matcher._read_data()
                data = matcher._data
            block_ids, block_weights = data[0], data[1]
            count = matcher._blocklength
            ids.extend(map(shift, accumulate(block_ids)) if offset else accumulate(block_ids))
            if block_weights is None:
                weights.extend(repeat(1.0, count))
            elif isinstance(block_weights, float):
                weights.extend(repeat(block_weights, count))
            else:
                weights.extend(block_weights)
            if vals is not None:
                matcher._read_values()
                vals.extend(matcher._values)
            matcher._next_block()
        return
    while matcher.is_active():  # inlined postings and anything else: one at a time
        ids.append(matcher.id() + offset)
        weights.append(matcher.weight())
        if vals is not None:
            vals.append(matcher.value())
        matcher.next()


# Where a W3 block's pickled values begin: protocol 2 pickles each bytes value as a call
# of ``_codecs.encode``, whose global comes first in the values (a tuple, opened by a MARK,
# or one bytes object for fixed-size values).
_VALUES_GLOBAL = b"c_codecs\nencode\n"
_MARK = b"("
_TUPLE2_STOP = b"\x86."


def _ids_and_weights(matcher: Any) -> tuple[Any, Any]:
    """A W3 block's (ids, weights) without unpickling its values.

    A block is one pickled tuple (ids, weights, values); for the body's positions the
    values are ~95 % of the bytes and most of unpickling (one ``_codecs.encode`` call per
    posting), and a term query never needs them. The pickle is cut where its values begin
    and closed as a 2-tuple; the result is checked against the block's header (its
    length), and anything unexpected unpickles the whole block as Whoosh does.
    """
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    if matcher._compression:
        raw = zlib.decompress(raw)
    count = matcher._blocklength
    at = raw.find(_VALUES_GLOBAL)
    if at > 0:
        for cut in (at - 1, at) if raw[at - 1 : at] == _MARK else (at,):
            try:
                data = loads(raw[:cut] + _TUPLE2_STOP)
            except Exception:  # not where the values begin: try the next cut, or all
                continue
            if _is_ids_and_weights(data, count):
                return data
    data = loads(raw)
    return data[0], data[1]


def _is_ids_and_weights(data: Any, count: int) -> bool:
    if type(data) is not tuple or len(data) != 2 or type(data[0]) is not tuple:
        return False
    ids, weights = data
    if len(ids) != count or not all(type(i) is int for i in ids[:1]):
        return False
    return (
        weights is None
        or type(weights) is float
        or (type(weights) is tuple and len(weights) == count)
    )
