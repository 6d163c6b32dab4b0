"""Incremental update: re-index only the statements whose files changed.

Works on a copy of the live build (never on the live one) and publishes it like a rebuild;
the result is what a rebuild of the same corpus gives (same organisations, ids, records).
Only changed files are parsed, and the unchanged files of statements that lost signatures
to ``[[withhold]]`` (withheld names are stored nowhere an update could read them back).
Identity is global, so organisations are re-resolved over the whole corpus, but from the
live build's per-name summary (~11k distinct names, not ~967k signatures): identity
depends on nothing else (``orgs.resolve_names``). Every statement whose signatory ids
moved is re-indexed too. Falls back to a full rebuild when there is no trusted live
build, it has no per-name summary, or the curation file changed.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whoosh import index

from statementsearch.errors import CorpusError
from statementsearch.identity.curation import CURATION_FILE, read_curation
from statementsearch.identity.orgs import NameResolution, NameUse, Resolution, resolve_names
from statementsearch.indexing import schema
from statementsearch.indexing.build import (
    ORGANISATIONS_DIR,
    RECORDS_FILE,
    STATEMENTS_DIR,
    PreparedBuild,
    statement_counts,
    statement_document,
    statement_from_row,
    statement_row,
    write_organisations_index,
)
from statementsearch.indexing.records import (
    NameRow,
    OrganisationRow,
    RecordStore,
    StatementRow,
    update_records,
)
from statementsearch.indexing.releases import (
    HASH_CACHE,
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
from statementsearch.indexing.segments import FastCodec
from statementsearch.ingest.corpus import load_statement
from statementsearch.model import Statement

WRITELOCK = "MAIN_WRITELOCK"  # Whoosh's lock file: a fresh one per build, never shared


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
        store = RecordStore(str(live / RECORDS_FILE))
        try:
            if (names := store.name_rows()) is None:
                progress("the live index has no per-name summary: rebuilding everything")
                plan = None
            else:
                progress(f"resolving organisations from {len(names)} names ...")
                plan = _plan(Path(corpus_dir), store, names, manifest, hashes, changed, removed)
        finally:
            store.close()
        if plan is None:
            return rebuild_locked(corpus_dir, index_dir, workers=workers, progress=progress)
        return _apply(Path(corpus_dir), index_path, live, hashes, plan, started, progress)


@dataclass(frozen=True)
class _Plan:
    """Everything an update writes, decided before anything is written."""

    errors: list[dict[str, str]]
    gone: list[str]  # statements to take out of the index and the records
    rows: list[StatementRow]  # statements to (re-)add
    organisations: tuple[OrganisationRow, ...]  # all of them, in build order
    organisations_changed: bool
    names: dict[str, NameRow | None]  # per-name summary rows that changed (None: gone)
    resolution: NameResolution
    counts: dict[str, int]


def _plan(
    corpus: Path,
    store: RecordStore,
    old_names: dict[str, NameRow],
    manifest: dict[str, Any],
    hashes: dict[str, str],
    changed: list[str],
    removed: list[str],
) -> _Plan:
    touched = {Path(name).stem for name in changed + removed}
    reread, parsed, errors = _read_again(corpus, store, hashes, touched, manifest.get("errors", []))
    old_rows = {r.id: r for r in store.statement_rows(touched)}
    old_rows.update((r.id, r) for r in store.statement_rows(reread - touched, bodies=False))
    # Each stored name's signatures outside the re-read statements: they stay as they are.
    reread_counts = Counter(name for r in old_rows.values() for _, name, _ in r.signatures)
    outside = {
        name: kept
        for name, row in old_names.items()
        if (kept := row.signatures - reread_counts[name]) > 0
    }
    uses = _name_uses(store, old_names, outside, reread, parsed)
    path = corpus / CURATION_FILE
    curation = read_curation(path) if path.is_file() else None
    resolution = resolve_names(uses, curation, store.identity())
    ids = resolution.ids

    # New rows: re-read statements whose row changed, and the others whose names moved.
    rows: dict[str, StatementRow] = {}
    for sid, st in parsed.items():
        row = statement_row(st, [ids.get(sig.name) for sig in st.organisations])
        old = old_rows.get(sid)
        # Unchanged files are compared without bodies (not read): theirs cannot differ.
        if old is None or row != (old if sid in touched else replace(old, body=row.body)):
            rows[sid] = row
    moved = {
        sid
        for name in outside
        if ids.get(name) != (org := old_names[name].organisation_id)
        for sid, _ in store.iter_signings(org, name)
        if sid not in reread
    }
    for old in store.statement_rows(moved):
        st = statement_from_row(old)
        rows[old.id] = statement_row(st, [ids.get(sig.name) for sig in st.organisations])
        old_rows[old.id] = old

    old_organisations = tuple(store.organisation_rows())
    new_signatures = {
        sid: (rows[sid] if sid in rows else old_rows[sid]).signatures for sid in parsed
    }
    organisations = _organisation_rows(
        store, old_names, outside, old_organisations,
        {sid: old_rows[sid].signatures for sid in reread if sid in old_rows}, new_signatures,
        resolution,
    )  # fmt: skip
    new_names = {
        name: NameRow(name, ids[name], use.signatures, *use.first)
        for name, use in uses.items()
        if name in ids
    }
    names: dict[str, NameRow | None] = {
        name: row for name, row in new_names.items() if old_names.get(name) != row
    }
    names.update((name, None) for name in old_names.keys() - new_names.keys())
    gone = sorted((reread - parsed.keys()) | rows.keys())
    counts: Counter[str] = Counter(manifest.get("counts", {}))
    for sid in gone:
        if sid in old_rows:
            counts.subtract(statement_counts(old_rows[sid]))
    for row in rows.values():
        counts.update(statement_counts(row))
    counts["organisations"] = len(organisations)
    del counts["errors"]  # build_release counts them
    return _Plan(
        errors=errors,
        gone=gone,
        rows=[rows[sid] for sid in sorted(rows)],
        organisations=organisations,
        organisations_changed=organisations != old_organisations,
        names=names,
        resolution=resolution,
        counts=dict(counts),
    )


def _read_again(
    corpus: Path,
    store: RecordStore,
    hashes: dict[str, str],
    touched: set[str],
    old_errors: list[dict[str, str]],
) -> tuple[set[str], dict[str, Statement], list[dict[str, str]]]:
    """Parse the touched statements that still have a file, and the unchanged files of
    statements that lost signatures to ``[[withhold]]`` (withheld names are stored nowhere
    but count for identity: a curated merge through them, an ambiguous Burmese name).
    Return the statements read again, those parsed, and the errors as a rebuild lists
    them: duplicate ids first, then unreadable files in file order.
    """
    files: dict[str, list[str]] = {}
    for name in sorted(hashes):
        if name != CURATION_FILE:
            files.setdefault(Path(name).stem, []).append(name)
    duplicates = {sid: group for sid, group in files.items() if len(group) > 1}
    errors = [
        e
        for e in old_errors
        if (stem := Path(e["file"]).stem) not in touched and stem not in duplicates
    ]
    # Unchanged statements that lost signatures to [[withhold]] are read again too.
    reread = touched | (set(store.withheld_statements()) & files.keys())
    parsed: dict[str, Statement] = {}
    for sid in sorted(reread):
        group = files.get(sid, [])
        if len(group) == 1:
            try:
                parsed[sid] = load_statement(corpus / group[0])
            except CorpusError as exc:
                errors.append({"file": exc.path, "message": exc.message})
    errors.sort(key=lambda e: e["file"])
    for sid, group in reversed(duplicates.items()):
        both = " and ".join(str(corpus / name) for name in group)
        error = CorpusError(both, f"{len(group)} files share the statement id {sid!r}; rename one")
        errors.insert(0, {"file": error.path, "message": error.message})
    return reread, parsed, errors


def _name_uses(
    store: RecordStore,
    old_names: dict[str, NameRow],
    outside: dict[str, int],
    reread: set[str],
    parsed: dict[str, Statement],
) -> dict[str, NameUse]:
    """How every name is used after the change: its stored use outside the re-read
    statements, plus its signatures in them as parsed now."""
    uses: dict[str, NameUse] = {}
    for name, kept in outside.items():
        row = old_names[name]
        first = (row.first_statement, row.first_position)
        if first[0] in reread:  # its first signature was re-read: find the next one
            signed = store.iter_signings(row.organisation_id, name)
            first = next(w for w in signed if w[0] not in reread)
        uses[name] = NameUse(kept, first)
    for st in parsed.values():
        for sig in st.organisations:
            use, where = uses.get(sig.name), (st.id, sig.position)
            uses[sig.name] = (
                NameUse(use.signatures + 1, min(use.first, where)) if use else NameUse(1, where)
            )
    return uses


Signatures = Sequence[tuple[int, str, str]]


def _organisation_rows(
    store: RecordStore,
    old_names: dict[str, NameRow],
    outside: dict[str, int],
    old_organisations: tuple[OrganisationRow, ...],
    reread_before: dict[str, Signatures],
    reread_now: dict[str, Signatures],
    resolution: NameResolution,
) -> tuple[OrganisationRow, ...]:
    """Every organisation with its statement count, in build order (most statements first).

    A count is the statements outside the re-read ones that signed one of its names, plus
    the re-read ones that do now. When an organisation's names signed outside are exactly
    an old organisation's, the first part is that one's old count less its re-read
    statements; otherwise (a merge or a split) its statements are read name by name.
    """
    names_outside: dict[str, set[str]] = {}  # old organisation -> its names signed outside
    for name in outside:
        names_outside.setdefault(old_names[name].organisation_id, set()).add(name)
    old_counts = {o.id: o.statement_count for o in old_organisations}
    before = Counter(org for sigs in reread_before.values() for org in {o for _, _, o in sigs})
    now = Counter(org for sigs in reread_now.values() for org in {o for _, _, o in sigs})
    found = []
    for org in resolution.organisations.values():
        names = {n for n in org.names if n in outside}
        olds = {old_names[n].organisation_id for n in names}
        if not names:
            count = 0
        elif len(olds) == 1 and names_outside[(old := olds.pop())] == names:
            count = old_counts[old] - before[old]
        else:
            count = len(
                {
                    sid
                    for n in names
                    for sid, _ in store.iter_signings(old_names[n].organisation_id, n)
                    if sid not in reread_before and sid not in reread_now
                }
            )
        row = OrganisationRow(org.id, org.name, org.names, org.acronyms, count + now[org.id])
        found.append(row)
    return tuple(sorted(found, key=lambda o: (-o.statement_count, o.id)))


def _apply(
    corpus: Path,
    index_path: Path,
    live: Path,
    hashes: dict[str, str],
    plan: _Plan,
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
        writer.commit()
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
