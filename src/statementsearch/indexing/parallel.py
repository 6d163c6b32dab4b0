"""Write a Whoosh index in parallel, one segment per part of the documents.

Whoosh's own multiprocess writer (``procs=2``) gives each process half the corpus, whatever
its size: at 50,000 statements each held 25,000 statements' postings, went past its memory
limit, spilled sorted runs to disk and merged them back at commit (pickling every posting
twice), and the rebuild grew faster than the corpus (5x the statements, 8-9x the time, 4.9
GB at its peak). Here the documents are cut into parts of at most ``PART_DOCUMENTS``
(which stay under the writer's memory limit, so nothing spills); a pool of ``workers``
processes writes each part as a segment, at most ``workers`` parts in flight, so memory
stays bounded whatever the corpus size; the parent writes the table of contents with the
segments in document order. Segments are Whoosh's, read by Whoosh's own reader; scores
use statistics over all segments, so the number of segments does not change a score.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from whoosh import index
from whoosh.writing import MERGE_SMALL, SegmentWriter

from statementsearch.indexing.segments import FastCodec

# At most this many documents per segment: for statements of the real statement's shape
# (~660 postings each) under a third of ``build.WRITER_LIMIT_MB`` by Whoosh's own
# estimate (it spills past the limit); 0.48 GB resident per worker was measured (0.68 GB
# at 3,571, 1.2 GB at 5,000). The rebuild's peak memory is the parent's plus two of these.
PART_DOCUMENTS = 2500


def part_bounds(count: int, workers: int, most: int | None = None) -> list[range]:
    """Cut ``count`` documents into equal parts of at most ``most``, a multiple of
    ``workers`` of them (so the last round keeps every worker busy).

    (10000, 2) -> 4 parts of 2,500;  (50000, 2) -> 20 parts of 2,500;  (300, 2) -> 2
    """
    workers, most = max(1, workers), most or PART_DOCUMENTS
    rounds = max(1, -(-count // (workers * most)))
    parts = workers * rounds
    edges = [count * i // parts for i in range(parts + 1)]
    return [range(a, b) for a, b in pairwise(edges) if b > a]


def merge_small_only(writer: Any, segments: Sequence[Any]) -> list[Any]:
    """A Whoosh merge policy for an update's commit: Whoosh's ``MERGE_SMALL`` over the
    small segments updates add, never the parts a rebuild wrote. (``MERGE_SMALL`` merges
    every segment below a point where the documents so far are fewer than a Fibonacci
    number of the count of segments: past ~20 parts, an update would merge the whole
    index, which takes as long as a rebuild.)"""
    large = [s for s in segments if s.doc_count_all() >= PART_DOCUMENTS // 4]
    small = [s for s in segments if s.doc_count_all() < PART_DOCUMENTS // 4]
    return large + list(MERGE_SMALL(writer, small))


# Run in the worker after a part's segment is written: (folder, segment id, documents).
# A module-level function: it is pickled to the worker.
AfterPart = Callable[[str, str, list[dict[str, Any]]], None]


def _write_part(
    target: str, documents: list[dict[str, Any]], limitmb: int, after: AfterPart | None
) -> Any:
    """In a worker: write ``documents`` as one new segment of the index, then ``after``
    (folder, segment id, documents); return the segment."""
    ix = index.open_dir(target)
    writer = SegmentWriter(ix, _lk=False, limitmb=limitmb, codec=FastCodec())
    try:
        for document in documents:
            writer.add_document(**document)
        segment = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    if after is not None:
        after(target, segment.segment_id(), documents)
    return segment


@dataclass(frozen=True)
class _Job:
    target: str
    documents: Callable[[range], list[dict[str, Any]]]
    workers: int
    limitmb: int
    done: Callable[[int], None]
    beside: Callable[[], None] | None
    after: AfterPart | None


def write_in_parts(
    target: str,
    count: int,
    documents: Callable[[range], list[dict[str, Any]]],
    *,
    workers: int,
    limitmb: int,
    done: Callable[[int], None] = lambda _: None,
    beside: Callable[[], None] | None = None,
    after: AfterPart | None = None,
) -> int:
    """Write ``count`` documents (``documents(part)`` makes a part's) into the empty index
    at ``target`` in ``workers`` processes; call ``done`` with the number written after
    each part. ``beside`` runs in a thread of this process meanwhile (it idles while the
    workers write): started once the workers are, finished before this returns,
    its exception raised here. ``after`` runs in the worker once a part's segment is
    written. Returns the number of segments."""
    ix = index.open_dir(target)
    writer = ix.writer(codec=FastCodec())  # holds the index lock; writes only the TOC
    job = _Job(target, documents, workers, limitmb, done, beside, after)
    try:
        with ThreadPoolExecutor(max_workers=1) as thread:
            segments = _pool(job, iter(enumerate(part_bounds(count, workers))), thread)
        writer._close_segment()  # its own segment stays empty: clean_files removes it
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    return len(segments)


def _context() -> multiprocessing.context.BaseContext:
    """Workers started by a fork server, not forked from this process.

    This process holds every statement's row (~2-3 GB at 50,000 statements). A forked
    worker shares those pages only until it writes near them: its own allocations reuse
    the parent's freed memory in the same pages, and each touched page is copied; at
    50,000 statements each worker grew to 2.2 GB, half of it the parent's. A fork
    server's children start from a small process that has imported this module and
    nothing else, and get only their part's documents (pickled, as before).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")  # not on Linux; never the parent's pages
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _pool(job: _Job, todo: Iterator[tuple[int, range]], thread: ThreadPoolExecutor) -> list[Any]:
    written: dict[int, Any] = {}
    finished = 0
    with ProcessPoolExecutor(max_workers=job.workers, mp_context=_context()) as pool:
        running: dict[Future[Any], tuple[int, range]] = {}

        def submit_next() -> None:
            for number, part in todo:
                # Made here, one part at a time: at most ``workers`` parts' documents
                # exist at once beside the rows they are made from.
                documents = job.documents(part)
                future = pool.submit(_write_part, job.target, documents, job.limitmb, job.after)
                running[future] = (number, part)
                return

        for _ in range(job.workers):
            submit_next()  # starts the workers (one per submission)
        besides = thread.submit(job.beside) if job.beside is not None else None
        while running:
            finished_now, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished_now:
                number, part = running.pop(future)
                written[number] = future.result()
                finished += len(part)
                job.done(finished)
                submit_next()
        if besides is not None:
            besides.result()
    return [written[n] for n in sorted(written)]
