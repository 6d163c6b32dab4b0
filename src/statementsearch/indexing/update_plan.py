"""Plan an incremental update: decide everything it will write before writing anything.

Only changed files are parsed, and the unchanged files of statements that lost signatures
to ``[[withhold]]`` (withheld names are stored nowhere an update could read them back).
Identity is global, so organisations are re-resolved over the whole corpus, but from the
live build's per-name summary (~11k distinct names, not ~967k signatures): identity
depends on nothing else (``orgs.resolve_names``). Every statement whose signatory ids
moved is re-indexed too. This module only reads the live build; ``update`` writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from statementsearch.errors import CorpusError
from statementsearch.identity.curation import CURATION_FILE, read_curation
from statementsearch.identity.orgs import NameResolution, NameUse, resolve_names
from statementsearch.identity.withholding import Redactor
from statementsearch.indexing.build import (
    statement_counts,
    statement_from_row,
    statement_row,
)
from statementsearch.indexing.records import (
    NameRow,
    OrganisationRow,
    StatementRow,
)
from statementsearch.indexing.recordstore import RecordStore
from statementsearch.ingest.corpus import load_statement
from statementsearch.model import Statement


@dataclass(frozen=True)
class Plan:
    """Everything an update writes, decided before anything is written."""

    errors: list[dict[str, str]]
    gone: list[str]  # statements to take out of the index and the records
    rows: list[StatementRow]  # statements to (re-)add
    organisations: tuple[OrganisationRow, ...]  # all of them, in build order
    organisations_changed: bool
    names: dict[str, NameRow | None]  # per-name summary rows that changed (None: gone)
    resolution: NameResolution
    counts: dict[str, int]
    # The name forms to redact differ from the live build's: every body must be redone.
    redaction_changed: bool = False


def make_plan(
    corpus: Path,
    store: RecordStore,
    old_names: dict[str, NameRow],
    manifest: dict[str, Any],
    hashes: dict[str, str],
    changed: list[str],
    removed: list[str],
) -> Plan:
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
    redactor = Redactor.for_names(resolution.withheld)
    # The live build redacted the names withheld then: those of the unchanged statements
    # read again that it did not publish, and (unknown) those of changed statements that
    # had withheld signatures. Other redactions would leave unchanged bodies stale.
    before = {
        sig.name
        for sid, st in parsed.items()
        if sid not in touched
        for sig in st.organisations
        if sig.name not in old_names
    }
    redaction_changed = Redactor.for_names(before) != redactor or any(
        old_rows[sid].withheld for sid in touched if sid in old_rows
    )

    # New rows: re-read statements whose row changed, and the others whose names moved.
    rows: dict[str, StatementRow] = {}
    for sid, st in parsed.items():
        row = statement_row(st, [ids.get(sig.name) for sig in st.organisations], 0, redactor)
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
        rows[old.id] = statement_row(
            st, [ids.get(sig.name) for sig in st.organisations], 0, redactor
        )
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
    return Plan(
        errors=errors,
        gone=gone,
        rows=[rows[sid] for sid in sorted(rows)],
        organisations=organisations,
        organisations_changed=organisations != old_organisations,
        names=names,
        resolution=resolution,
        counts=dict(counts),
        redaction_changed=redaction_changed,
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
