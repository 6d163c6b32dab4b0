"""Incremental update: re-index only the statements whose files changed.

Works on a copy of the live build (never on the live one) and publishes it like a rebuild.
Only changed files are parsed; the other statements come from the live record store.
Organisations are re-resolved over everything (identity can move when a new bilingual
name links two forms), and every statement whose signatory ids moved is re-indexed too.
Falls back to a full rebuild when there is no trusted live build or the curation file
changed (withheld names are not kept anywhere an update could read them back from).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from whoosh import index

from statementsearch import schema
from statementsearch.build import (
    ORGANISATIONS_DIR,
    RECORDS_FILE,
    STATEMENTS_DIR,
    BuildInput,
    build_counts,
    prepare_build,
    statement_document,
    statement_from_row,
    write_organisations_index,
)
from statementsearch.corpus import load_statement
from statementsearch.errors import CorpusError
from statementsearch.indexing import (
    MANIFEST,
    BuildSummary,
    Progress,
    _quiet,
    build_lock,
    build_release,
    corpus_hashes,
    current_release,
    is_trusted,
    read_manifest,
    rebuild_locked,
)
from statementsearch.model import Statement
from statementsearch.records import RecordStore, update_records

CURATION = "curation.toml"


def update(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    progress: Progress = _quiet,
) -> BuildSummary:
    """Bring the index up to date with the corpus, touching only what changed."""
    started = time.perf_counter()
    index_path = Path(index_dir)
    with build_lock(index_path):
        live = current_release(index_path)
        manifest = read_manifest(live) if live is not None else None
        if live is None or manifest is None or not is_trusted(manifest):
            progress("no trusted index to update: rebuilding everything")
            return rebuild_locked(corpus_dir, index_dir, workers=workers, progress=progress)
        hashes = corpus_hashes(corpus_dir)
        old_files: dict[str, str] = manifest.get("files", {})
        if hashes.get(CURATION) != old_files.get(CURATION):
            progress("the curation file changed: rebuilding everything")
            return rebuild_locked(corpus_dir, index_dir, workers=workers, progress=progress)
        changed = sorted(n for n, h in hashes.items() if old_files.get(n) != h and n != CURATION)
        removed = sorted(n for n in old_files if n not in hashes)
        if not changed and not removed:
            counts = manifest.get("counts", {})
            progress("nothing changed")
            return BuildSummary(
                build_id=live.name,
                path=str(live),
                statements=counts.get("statements", 0),
                organisations=counts.get("organisations", 0),
                signatures=counts.get("signatures", 0),
                warnings=counts.get("warnings", 0),
                errors=tuple(e["message"] for e in manifest.get("errors", [])),
                seconds=time.perf_counter() - started,
                kind="update",
            )
        progress(f"{len(changed)} file(s) changed, {len(removed)} removed")
        return _apply(
            Path(corpus_dir), index_path, live, manifest, hashes, changed, removed,
            started=started, progress=progress,
        )  # fmt: skip


def _apply(
    corpus: Path,
    index_path: Path,
    live: Path,
    manifest: dict[str, object],
    hashes: dict[str, str],
    changed: list[str],
    removed: list[str],
    *,
    started: float,
    progress: Progress,
) -> BuildSummary:
    touched_ids = {Path(name).stem for name in changed + removed}
    old_errors: list[dict[str, str]] = manifest.get("errors", [])  # type: ignore[assignment]
    errors = [e for e in old_errors if Path(e["file"]).name not in set(changed) | set(removed)]
    fresh: list[Statement] = []
    for name in changed:
        try:
            fresh.append(load_statement(corpus / name))
        except CorpusError as exc:
            errors.append({"file": exc.path, "message": exc.message})
            progress(f"error: {exc.message}")
    store = RecordStore(str(live / RECORDS_FILE))
    # Organisations are re-resolved over every statement, which needs their signatures
    # but not their bodies (~15 kB each): bodies are read only for what is re-indexed.
    old_rows = {
        row.id: row for row in store.iter_statement_rows(bodies=False) if row.id not in touched_ids
    }
    known_ids = store.identity()
    kept = [statement_from_row(row) for row in old_rows.values()]
    withheld = {row.id: row.withheld for row in old_rows.values() if row.withheld}
    prepared = prepare_build(BuildInput([*kept, *fresh], corpus, withheld, known_ids))
    new_rows = {row.id: row for row in prepared.statement_rows}
    dirty = {sid for sid, row in new_rows.items() if old_rows.get(sid) != row}
    moved = sorted(dirty & old_rows.keys())  # unchanged files whose organisation ids moved
    bodies = store.bodies(moved)
    store.close()
    new_rows.update({sid: replace(new_rows[sid], body=bodies[sid]) for sid in moved})
    gone = (touched_ids - set(new_rows)) | dirty
    progress(f"re-indexing {len(dirty)} statement(s), removing {len(gone - dirty)}")

    def write(building: Path) -> dict[str, int]:
        shutil.copytree(live, building, ignore=shutil.ignore_patterns(MANIFEST))
        ix = index.open_dir(str(building / STATEMENTS_DIR))
        writer = ix.writer()
        try:
            for sid in sorted(gone):
                writer.delete_by_term(schema.ID, sid)
            for sid in sorted(dirty):
                writer.add_document(**statement_document(new_rows[sid]))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        shutil.rmtree(building / ORGANISATIONS_DIR)
        write_organisations_index(building / ORGANISATIONS_DIR, prepared)
        update_records(
            str(building / RECORDS_FILE),
            sorted(gone),
            [new_rows[sid] for sid in sorted(dirty)],
            prepared.organisation_rows,
            prepared.aliases,
            prepared.resolution.group_ids,
        )
        return build_counts(prepared)  # counts do not depend on bodies

    return build_release(
        index_path, corpus, hashes, errors, write, started=started, progress=progress,
        kind="update",
    )  # fmt: skip
