"""Turn parsed statements into the files of one build (Whoosh indexes + record store).

``prepare_build`` resolves organisations and decides what each document holds;
``write_build`` writes it into a directory that nobody reads yet. Publishing that
directory is ``indexing``'s job. Withheld organisations are dropped here, before anything
is written: their names reach no file of the build, and every name form of them in a
statement's text is redacted (``identity.withholding``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index

from statementsearch.identity.building import resolve_for_build
from statementsearch.identity.curation import CURATION_FILE, read_curation
from statementsearch.identity.names import acronym_key, name_lookup_keys
from statementsearch.identity.orgs import Resolution
from statementsearch.identity.withholding import Redactor
from statementsearch.indexing import schema
from statementsearch.indexing.orgdocs import write_organisation_docs
from statementsearch.indexing.parallel import write_in_parts
from statementsearch.indexing.records import OrganisationRow, Signings, StatementRow, write_records
from statementsearch.indexing.segments import FastCodec
from statementsearch.indexing.stages import Stage
from statementsearch.indexing.titles import display_title
from statementsearch.model import Notice, Signature, Statement

STATEMENTS_DIR = "statements"
ORGANISATIONS_DIR = "organisations"
RECORDS_FILE = "records.sqlite"
# Whoosh's per-writer memory (its own estimate) before it spills sorted runs to disk and
# merges them back at commit. Spilling pickles every posting twice: at 256 it spilled on
# the 10k corpus and indexing took 70 s instead of 47 s. 1024 holds ~5.5M postings
# (~8,000 statements); ``parallel`` writes parts of at most 4,000, so nothing spills.
WRITER_LIMIT_MB = 1024


@dataclass(frozen=True)
class BuildInput:
    statements: Sequence[Statement]
    corpus_dir: Path
    # Withheld signatures already dropped from these statements (an update re-reads
    # unchanged statements from a build where withheld names were never stored).
    withheld_before: Mapping[str, int] = field(default_factory=dict)
    # Ids the live build published (group key -> id): kept, so ids survive rebuilds.
    known_ids: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PreparedBuild:
    resolution: Resolution
    statement_rows: tuple[StatementRow, ...]
    organisation_rows: tuple[OrganisationRow, ...]

    @property
    def aliases(self) -> dict[str, str]:
        return dict(self.resolution.aliases)

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self.resolution.notices


def date_key(iso: str | None) -> int:
    """The sortable integer form of a date.  "2022-09-26" -> 20220926;  None -> 0"""
    return int(iso.replace("-", "")) if iso else schema.NO_DATE


def date_text(key: int) -> str | None:
    """The date a sortable integer stands for.  20220926 -> "2022-09-26";  0 -> None"""
    if not key:
        return None
    text = str(key)
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def prepare_build(given: BuildInput) -> PreparedBuild:
    """Resolve organisations and compute the rows every file of the build is made from.

    The resolution is by name (``identity.building``): it holds no object per signature.
    """
    curation_path = given.corpus_dir / CURATION_FILE
    curation = read_curation(curation_path) if curation_path.is_file() else None
    identity = resolve_for_build(given.statements, curation, given.known_ids)
    ids = {
        st.id: [identity.ids.get(sig.name) for sig in st.organisations] for st in given.statements
    }
    redactor = Redactor.for_names(
        sig.name
        for st in given.statements
        for sig, org_id in zip(st.organisations, ids[st.id], strict=True)
        if org_id is None
    )
    rows = [
        statement_row(st, ids[st.id], given.withheld_before.get(st.id, 0), redactor)
        for st in given.statements
    ]
    organisations = tuple(
        OrganisationRow(org.id, org.name, org.names, org.acronyms, count)
        for org, count in identity.organisations
    )
    return PreparedBuild(identity.resolution, tuple(rows), organisations)


def statement_row(
    st: Statement,
    organisation_ids: Sequence[str | None],
    withheld_before: int = 0,
    redactor: Redactor | None = None,
) -> StatementRow:
    """The stored row of one statement, given the organisation id of each signature
    (None: withheld), how many signatures were withheld before it was read, and the
    redactor of every withheld organisation's name forms (title, body, source, people)."""
    redact = (redactor or Redactor()).redact
    signatures, withheld_names = [], []
    for sig, org_id in zip(st.organisations, organisation_ids, strict=True):
        if org_id is None:
            withheld_names.append(sig.name)
        else:
            # Interned: ~12,000 distinct names in 4.8 M signatures at 50,000 statements
            # (each statement's parse makes its own copy of every name it lists).
            signatures.append((sig.position, sys.intern(sig.name), org_id))
    return StatementRow(
        id=st.id,
        title=redact(st.title),
        date=st.date.isoformat() if st.date else None,
        language=st.language,
        source=redact(st.source),
        declared_total=st.declared_total,
        body=redact(st.body) or "",
        individuals=[{**sig.to_dict(), "name": redact(sig.name)} for sig in st.individuals],
        # A warning can quote a signatory ("line 40 joined to ..."): drop the
        # ones that quote a withheld name rather than leak it.
        warnings=[
            str(w)
            for w in st.warnings
            if not any(n in w.message for n in withheld_names) and redact(str(w)) == str(w)
        ],
        withheld=len(withheld_names) + withheld_before,
        signatures=Signings(signatures),
    )


def statement_document(row: StatementRow) -> dict[str, object]:
    """The statements-index document of one statement."""
    text = f"{row.title}\n\n{row.body}" if row.title else row.body
    return {
        schema.ID: row.id,
        schema.DISPLAY_TITLE: display_title(row.title, row.body, row.id),
        schema.TITLE: row.title or "",
        schema.BODY: row.body,
        schema.BODY_SYLLABLES: text,
        schema.BODY_BIGRAMS: text,
        schema.ORGANISATION_IDS: " ".join(sorted({org for _, _, org in row.signatures})),
        schema.DATE: date_key(row.date),
        schema.SIGNATORY_COUNT: len(row.signatures),
        schema.LANGUAGE: row.language or "",
    }


def organisation_document(row: OrganisationRow) -> dict[str, object]:
    """The organisations-index document of one organisation."""
    names = "\n".join(row.names)
    keys = sorted({key for name in row.names for key in name_lookup_keys(name)})
    return {
        schema.ID: row.id,
        schema.NAME: row.name,
        schema.NAMES: names,
        schema.NAMES_SYLLABLES: names,
        schema.NAMES_BIGRAMS: names,
        schema.ACRONYMS: " ".join(filter(None, map(acronym_key, row.acronyms))),
        schema.KEYS: " ".join(keys),
        schema.STATEMENT_COUNT: row.statement_count,
    }


def write_statements_index(
    target: Path,
    rows: Sequence[StatementRow],
    *,
    workers: int = 1,
    done: Callable[[int], None] = lambda _: None,
    beside: Callable[[], None] | None = None,
) -> None:
    """Write the statements index; ``workers`` > 1 writes parts of it in parallel
    processes (``parallel``), calling ``done`` with the number written after each part,
    and runs ``beside`` in a thread meanwhile (else after the index is written)."""
    target.mkdir()
    ix = index.create_in(str(target), schema.statements_schema())
    if workers > 1 and len(rows) >= 200:

        def documents(part: range) -> list[dict[str, object]]:
            return [statement_document(rows[i]) for i in part]

        write_in_parts(
            str(target),
            len(rows),
            documents,
            workers=workers,
            limitmb=WRITER_LIMIT_MB,
            done=done,
            beside=beside,
            after=write_organisation_docs,
        )
        return
    writer = ix.writer(limitmb=WRITER_LIMIT_MB, codec=FastCodec())
    try:
        for row in rows:
            writer.add_document(**statement_document(row))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    done(len(rows))
    if beside is not None:
        beside()


def write_organisations_index(target: Path, prepared: PreparedBuild) -> None:
    target.mkdir()
    ix = index.create_in(str(target), schema.organisations_schema())
    writer = ix.writer(limitmb=WRITER_LIMIT_MB, codec=FastCodec())
    try:
        for row in prepared.organisation_rows:
            writer.add_document(**organisation_document(row))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def write_build(
    building: Path,
    prepared: PreparedBuild,
    *,
    workers: int = 1,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, int]:
    """Write both indexes and the record store into ``building``; return the counts."""
    building.mkdir()
    rows = prepared.statement_rows
    organisations = prepared.organisation_rows

    def the_rest() -> None:
        """The organisations index and the record store: one core's work, written while
        the statements index's workers run (this process would only wait for them)."""
        stage = Stage(progress, "indexing", len(organisations), "organisations")
        write_organisations_index(building / ORGANISATIONS_DIR, prepared)
        stage.finish(len(organisations))
        stage = Stage(progress, "writing records")
        write_records(
            os.fspath(building / RECORDS_FILE),
            rows,
            organisations,
            prepared.aliases,
            prepared.resolution.group_ids,
        )
        stage.finish()

    stage = Stage(progress, "indexing", len(rows))
    write_statements_index(
        building / STATEMENTS_DIR, rows, workers=workers, done=stage.advance, beside=the_rest
    )
    stage.finish(len(rows))
    return build_counts(prepared)


def build_counts(prepared: PreparedBuild) -> dict[str, int]:
    """The counts a manifest records for a build."""
    counts: Counter[str] = Counter()
    for row in prepared.statement_rows:
        counts.update(statement_counts(row))
    return {
        "statements": counts["statements"],
        "organisations": len(prepared.organisation_rows),
        "signatures": counts["signatures"],
        "withheld_signatures": counts["withheld_signatures"],
        "warnings": counts["warnings"],
    }


def statement_counts(row: StatementRow) -> Counter[str]:
    """One statement's share of a manifest's counts (an update adds and subtracts them)."""
    return Counter(
        statements=1,
        signatures=len(row.signatures),
        withheld_signatures=row.withheld,
        warnings=len(row.warnings),
    )


def statement_from_row(row: StatementRow) -> Statement:
    """Rebuild a Statement from its stored row (an update re-resolves unchanged ones)."""
    return Statement(
        id=row.id,
        title=row.title,
        date=dt.date.fromisoformat(row.date) if row.date else None,
        language=row.language,
        source=row.source,
        body=row.body,
        declared_total=row.declared_total,
        organisations=tuple(Signature(name, pos, 0) for pos, name, _ in row.signatures),
        individuals=tuple(Signature(i["name"], i["position"], 0) for i in row.individuals),
        warnings=tuple(Notice("stored", text) for text in row.warnings),
    )
