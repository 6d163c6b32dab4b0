"""The rebuild driver: parse the whole corpus, then build and publish a new release.

``rebuild`` takes the build lock; ``rebuild_locked`` is for a caller that holds it already
(``update`` falls back to it). Writing, publishing and pruning are ``releases``'s.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from statementsearch.indexing.build import BuildInput, prepare_build, write_build
from statementsearch.indexing.hashes import HASH_CACHE, corpus_hashes
from statementsearch.indexing.locking import RebuildError, build_lock
from statementsearch.indexing.memory import release_freed_memory
from statementsearch.indexing.releases import (
    RELEASES,
    BuildSummary,
    Progress,
    build_release,
    clean_stale,
    published_ids,
    quiet,
)
from statementsearch.indexing.stages import Stage
from statementsearch.ingest.corpus import iter_skipped_entries, iter_statement_files, load_corpus


def rebuild(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    strict: bool = False,
    workers: int | None = None,
    progress: Progress = quiet,
) -> BuildSummary:
    """Parse the whole corpus, build a new release beside the live one, and swap it in."""
    with build_lock(Path(index_dir)):
        return rebuild_locked(
            corpus_dir, index_dir, strict=strict, workers=workers, progress=progress
        )


def rebuild_locked(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    strict: bool = False,
    workers: int | None = None,
    progress: Progress = quiet,
) -> BuildSummary:
    """``rebuild`` for a caller that already holds the build lock."""
    started = time.perf_counter()
    index_path = Path(index_dir)
    workers = workers or min(2, os.cpu_count() or 1)
    releases = index_path / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    clean_stale(releases)
    progress(f"reading {corpus_dir} ...")
    for skipped in iter_skipped_entries(corpus_dir):
        progress(skipped)
    stage = Stage(progress, "hashing")
    hashes = corpus_hashes(corpus_dir, index_path / HASH_CACHE)
    stage.finish()
    stage = Stage(progress, "reading", sum(1 for _ in iter_statement_files(corpus_dir)), "files")
    loaded = load_corpus(corpus_dir, workers=workers, done=lambda n, _: stage.advance(n))
    stage.finish(loaded.files_seen)
    errors = [{"file": e.path, "message": e.message} for e in loaded.errors]
    for error in errors:
        progress(f"error: {error['message']}")
    unsigned = [st.id for st in loaded.statements if not (st.organisations or st.individuals)]
    for sid in unsigned:
        progress(f"warning: {sid}: no signatories found; indexed, searchable by its text")
    if strict and errors:
        raise RebuildError(f"--strict: {len(errors)} file(s) could not be read; index kept")
    if strict and unsigned:
        raise RebuildError(
            f"--strict: {len(unsigned)} statement(s) have no signatories "
            f"({', '.join(unsigned[:5])}{' ...' if len(unsigned) > 5 else ''}); index kept"
        )
    if not loaded.statements:
        raise RebuildError(f"no statement could be read from {corpus_dir}; index kept")
    progress(f"parsed {len(loaded.statements)} statements")
    stage = Stage(progress, "resolving organisations")
    prepared = prepare_build(
        BuildInput(loaded.statements, Path(corpus_dir), known_ids=published_ids(index_path))
    )
    del loaded  # the rows hold what is written; the parsed statements go
    release_freed_memory()
    stage.finish()
    for notice in prepared.notices:
        progress(f"curation: {notice}")

    def write(building: Path) -> dict[str, int]:
        return write_build(building, prepared, workers=workers, progress=progress)

    return build_release(
        index_path, corpus_dir, hashes, errors, write, started=started, progress=progress
    )
