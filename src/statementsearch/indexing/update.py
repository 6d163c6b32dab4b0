"""Incremental update: re-index only the statements whose files changed.

Works on a copy of the live build (never on the live one) and publishes it like a rebuild;
the result is what a rebuild of the same corpus gives (same organisations, ids, records).
What to re-read and re-write is planned first (``update_plan``), then written into a
``.building`` directory made of hard links to the live build's files. Falls back to a
full rebuild when there is no trusted live build, it has no per-name summary, or the
curation file changed.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from whoosh import index

from statementsearch.identity.curation import CURATION_FILE
from statementsearch.identity.orgs import Resolution
from statementsearch.indexing import schema
from statementsearch.indexing.build import (
    ORGANISATIONS_DIR,
    RECORDS_FILE,
    STATEMENTS_DIR,
    PreparedBuild,
    statement_document,
    write_organisations_index,
)
from statementsearch.indexing.hashes import HASH_CACHE, corpus_hashes
from statementsearch.indexing.locking import build_lock
from statementsearch.indexing.parallel import merge_small_only
from statementsearch.indexing.rebuild import rebuild_locked
from statementsearch.indexing.records import update_records
from statementsearch.indexing.recordstore import RecordStore
from statementsearch.indexing.releases import (
    RELEASES,
    BuildSummary,
    Progress,
    build_release,
    clean_stale,
    current_release,
    is_trusted,
    quiet,
    read_manifest,
)
from statementsearch.indexing.segments import FastCodec
from statementsearch.indexing.update_plan import Plan, make_plan
from statementsearch.ingest.corpus import iter_skipped_entries

WRITELOCK = "MAIN_WRITELOCK"  # Whoosh's lock file: a fresh one per build, never shared


def update(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    progress: Progress = quiet,
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
        hashes = corpus_hashes(corpus_dir, index_path / HASH_CACHE)
        old_files: dict[str, str] = manifest.get("files", {})
        if hashes.get(CURATION_FILE) != old_files.get(CURATION_FILE):
            progress("the curation file changed: rebuilding everything")
            return rebuild_locked(corpus_dir, index_dir, workers=workers, progress=progress)
        changed = sorted(
            n for n, h in hashes.items() if old_files.get(n) != h and n != CURATION_FILE
        )
        removed = sorted(n for n in old_files if n not in hashes)
        if not changed and not removed:
            clean_stale(index_path / RELEASES)  # what a killed update left
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
        for skipped in iter_skipped_entries(corpus_dir):
            progress(skipped)
        progress(f"{len(changed)} file(s) changed, {len(removed)} removed")
        store = RecordStore(str(live / RECORDS_FILE))
        try:
            if (names := store.name_rows()) is None:
                progress("the live index has no per-name summary: rebuilding everything")
                plan = None
            else:
                progress(f"resolving organisations from {len(names)} names ...")
                plan = make_plan(Path(corpus_dir), store, names, manifest, hashes, changed, removed)
        finally:
            store.close()
        if plan is not None and plan.redaction_changed:
            progress("the names of withheld organisations changed: rebuilding everything")
            plan = None
        if plan is None:
            return rebuild_locked(corpus_dir, index_dir, workers=workers, progress=progress)
        return _apply(Path(corpus_dir), index_path, live, hashes, plan, started, progress)


def _apply(
    corpus: Path,
    index_path: Path,
    live: Path,
    hashes: dict[str, str],
    plan: Plan,
    started: float,
    progress: Progress,
) -> BuildSummary:
    progress(
        f"re-indexing {len(plan.rows)} statement(s), removing "
        f"{len(set(plan.gone) - {r.id for r in plan.rows})}; organisations "
        + ("changed" if plan.organisations_changed else "unchanged")
    )

    def write(building: Path) -> dict[str, int]:
        building.mkdir()
        progress("indexing statements ...")
        _link_tree(live / STATEMENTS_DIR, building / STATEMENTS_DIR)
        ix = index.open_dir(str(building / STATEMENTS_DIR))
        writer = ix.writer(codec=FastCodec())  # as a rebuild writes: the same files
        try:
            for sid in plan.gone:
                writer.delete_by_term(schema.ID, sid)
            for row in plan.rows:
                writer.add_document(**statement_document(row))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small_only)
        if plan.organisations_changed:
            progress(f"indexing {len(plan.organisations)} organisations ...")
            # Rewritten, not patched: documents in build order keep ties in the same
            # order as a rebuild's, and no deleted documents skew the scores.
            prepared = PreparedBuild(Resolution((), {}), (), plan.organisations)
            write_organisations_index(building / ORGANISATIONS_DIR, prepared)
        else:
            _link_tree(live / ORGANISATIONS_DIR, building / ORGANISATIONS_DIR)
        progress("writing records ...")
        shutil.copyfile(live / RECORDS_FILE, building / RECORDS_FILE)
        update_records(
            str(building / RECORDS_FILE),
            plan.gone,
            plan.rows,
            plan.organisations,
            plan.resolution.aliases,
            plan.resolution.group_ids,
            plan.names,
        )
        progress("publishing ...")
        return plan.counts

    return build_release(
        index_path, corpus, hashes, plan.errors, write, started=started, progress=progress,
        kind="update",
    )  # fmt: skip


def _link_tree(source: Path, target: Path) -> None:
    """Hard-link a Whoosh index directory's files into a new one.

    Whoosh never writes into an existing file: segments get new names, the table of
    contents is written to a temporary name and renamed, and a writer removes what it
    no longer needs (here, only these links). Its lock file is not linked: a lock
    shared with the live build would be one lock for both. Where the file system has no
    hard links, the files are copied.
    """
    target.mkdir()
    for entry in os.scandir(source):
        if entry.name == WRITELOCK:
            continue
        try:
            os.link(entry.path, target / entry.name)
        except OSError:
            shutil.copy2(entry.path, target / entry.name)
