"""Write Whoosh segments faster: the same files, without per-posting lookups.

When a Whoosh writer flushes a segment, its field writer takes the sorted postings one
at a time and, for each, reads the document's field length back from the lengths column
(a seek and a one-byte read; a ``stat`` of a missing file for fields without lengths)
and adds it through a method that type-checks its arguments. That was about half of
indexing the statements (~3.4 million postings per worker on the 10k corpus).
``FastCodec``'s field writer reads each field's lengths once into a list and fills the
postings blocks directly; blocks are still encoded and written by Whoosh's own code.

The files are Whoosh's, byte for byte (a test compares them), and every segment records
Whoosh's plain ``W3Codec``: nothing that reads an index depends on this module. It
mirrors ``whoosh.codec.base.FieldWriter.add_postings`` and ``W3PostingsWriter.add_posting``
of whoosh-reloaded 2.7.5 (pinned in pyproject.toml): check it against them when upgrading.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable
from typing import Any

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
    W3Segment,
)
from whoosh.util.numeric import length_to_byte

Posting = tuple[str, bytes, int, float, bytes | None]


class FastCodec(W3Codec):
    """Whoosh's W3 codec with a faster segment flush; pass it to ``ix.writer(codec=...)``.

    Postings blocks are stored uncompressed (Whoosh's ``compression=0``; each block says
    so in its header, so any Whoosh reader reads them): decompressing every block of a
    common word was the largest single cost of a search at 50,000 statements (18 % of
    the query mix, ``docs/benchmarks.md``), for postings about twice the size on disk.
    And a block's data is pickled with the current protocol, not protocol 2
    (``_PostingsWriter``).
    """

    def __init__(self, blocklimit: int = 128, compression: int = 0, inlinelimit: int = 1):
        super().__init__(blocklimit, compression, inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> _PostingsWriter:
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage: Any, segment: Any) -> _FieldWriter:
        return _FieldWriter(self, storage, segment)

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        # A segment pickles its codec into the index's table of contents: record Whoosh's.
        plain = W3Codec(self._blocklimit, self._compression, self._inlinelimit)
        return W3Segment(plain, indexname)


def _length_table(lengths: Any, fieldname: str) -> list[int] | None:
    """Every document's length in a field as Whoosh's writer sees it (0: none stored)."""
    if lengths is None:
        return None
    return [lengths.doc_field_length(d, fieldname) or 0 for d in range(lengths.doc_count_all())]


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Iterable[Posting]) -> None:
        """Write sorted (field, term, docnum, weight, value) postings, as Whoosh does."""
        blocklimit = self._codec._blocklimit
        lastfn: str | None = None
        lasttext: bytes | None = None
        table: list[int] | None = None
        pw: Any = None
        ids: Any = None
        weights: Any = None
        values: list[bytes] = []
        # Statistics of the block being filled, kept in locals and handed to the postings
        # writer before it writes the block (W3PostingsWriter keeps them as attributes).
        maxweight: float = 0
        minlength: int | None = None
        maxlength = 0

        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lastfn is not None and fieldname < lastfn:
                    raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
                if lasttext is not None:
                    pw._maxweight, pw._minlength, pw._maxlength = maxweight, minlength, maxlength
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                table = _length_table(lengths, fieldname)
                lastfn, lasttext = fieldname, None
            if docnum == -1:  # Whoosh's marker for a spelling-only word: no posting
                continue
            if btext != lasttext:
                if lasttext is not None:
                    if btext < lasttext:
                        raise OutOfOrderError(f"Term {fieldname}:{lasttext!r} .. {btext!r}")
                    pw._maxweight, pw._minlength, pw._maxlength = maxweight, minlength, maxlength
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
                pw = self._postwriter
                ids, weights, values = pw._ids, pw._weights, pw._values
                maxweight, minlength, maxlength = 0, None, 0
            if len(ids) >= blocklimit:
                pw._maxweight, pw._minlength, pw._maxlength = maxweight, minlength, maxlength
                pw._write_block()
                ids, weights, values = pw._ids, pw._weights, pw._values
                maxweight, minlength, maxlength = 0, None, 0
            ids.append(docnum)
            weights.append(weight)
            if weight > maxweight:
                maxweight = weight
            if value:
                values.append(value)
            length = table[docnum] if table is not None else 0
            if length:
                if minlength is None or length < minlength:
                    minlength = length
                if length > maxlength:
                    maxlength = length

        if lasttext is not None:
            pw._maxweight, pw._minlength, pw._maxlength = maxweight, minlength, maxlength
            self.finish_term()


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's W3 postings writer whose blocks are pickled with the highest protocol.

    Protocol 2 (Whoosh's) pickles every bytes value, a posting's positions, as a call of
    ``_codecs.encode`` on a str: unpickling a Burmese phrase's bigrams was a quarter of
    its search at 50,000 statements. Protocols 3+ store bytes as they are; Whoosh's
    reader unpickles any protocol. The block info stays protocol 2, as Whoosh reads it.
    Mirrors ``W3PostingsWriter._write_block`` of whoosh-reloaded 2.7.5 but the protocol.
    """

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        info = (
            len(ids),
            ids[-1],
            self._maxweight,
            comp,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = pickle.dumps(info, 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()
