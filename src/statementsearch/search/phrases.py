"""Which candidate documents hold a phrase's words at consecutive positions, all at once.

The position check of the posting-list evaluator (``evaluation``): for each word the
positions of every candidate are laid end to end in one array, each turned into a key
(candidate, position less the word's place in the phrase), and the keys of one word are
intersected with the next's: a candidate matches when a key survives every word. One
array operation per word instead of a Python step per candidate and position (a Burmese
word in most statements was most of a search: 450 ms at 50,000 statements). The same
documents match as through Whoosh's phrase (``tests/test_evaluation.py``). Only reads.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray

from statementsearch.indexing.formats import TermPositions
from statementsearch.search.postings import Postings

# A key is candidate * _SPAN + position - place + _SHIFT: positions are uint32 and a phrase
# holds at most a few hundred words, so keys of different candidates never meet.
_SPAN = 1 << 34
_SHIFT = 1 << 33
_LITTLE_ENDIAN = sys.byteorder == "little"


def adjacent(
    lists: Sequence[Postings],
    order: Sequence[int],
    candidates: NDArray[np.int64],
    fmt: Any,
    check: Callable[[], None],
) -> NDArray[np.bool_]:
    """For each candidate (sorted document numbers found in every list), whether word 0
    is followed by word 1, 2, ... in turn somewhere in it. ``lists[i]`` holds word i's
    postings with their positions; ``order`` is the order to intersect the words in
    (the rarest first: the fewest keys survive soonest); ``check`` looks at the clock.
    """
    count = len(candidates)
    alive = np.arange(count, dtype=np.int64)  # candidates still possible, as indexes
    starts: NDArray[np.int64] | None = None
    for place in order:
        check()
        found = lists[place]
        assert found.values is not None
        rows = np.searchsorted(found.ids, candidates[alive])
        lengths, positions = _positions(fmt, _pick(found.values, rows))
        keys = _ascending(np.repeat(alive * _SPAN, lengths) + positions + (_SHIFT - place))
        starts = keys if starts is None else starts[_found_in(keys, starts)]
        if not starts.size:
            return np.zeros(count, dtype=bool)
        owners = starts // _SPAN  # ascending, as the keys are
        alive = owners[np.concatenate(([True], owners[1:] != owners[:-1]))]
    matched = np.zeros(count, dtype=bool)
    matched[alive] = True
    return matched


def _ascending(keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """The keys ascending and distinct: mostly as they come (a document's positions are
    stored ascending per field; title and body positions of the bigram field interleave),
    else sorted (a stable sort of nearly sorted keys is a merge of runs; numpy's hashing
    ``unique`` took 0.8 s for a million keys)."""
    if keys.size > 1 and not (keys[1:] > keys[:-1]).all():
        keys = np.sort(keys, kind="stable")
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys


def _found_in(keys: NDArray[np.int64], wanted: NDArray[np.int64]) -> NDArray[np.bool_]:
    """For each of ``wanted``, whether it is among ``keys`` (both ascending)."""
    if not keys.size:
        return np.zeros(wanted.size, dtype=bool)
    at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    return keys[at] == wanted


def _pick(values: list[bytes], rows: NDArray[np.intp]) -> tuple[bytes, ...]:
    if len(rows) == 1:
        return (values[int(rows[0])],)
    return tuple(itemgetter(*rows.tolist())(values)) if len(rows) else ()


def _positions(fmt: Any, values: tuple[bytes, ...]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each value's number of positions, and all their positions end to end."""
    if type(fmt) is TermPositions and _LITTLE_ENDIAN:  # uint32 each, read in place
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) // 4
        flat = np.frombuffer(b"".join(values), dtype="<u4").astype(np.int64)
        return sizes, flat
    decoded: list[Iterable[int]] = [list(fmt.decode_positions(v)) for v in values]
    sizes = np.fromiter(map(len, decoded), dtype=np.int64, count=len(decoded))  # type: ignore[arg-type]
    return sizes, np.fromiter(chain.from_iterable(decoded), dtype=np.int64)
