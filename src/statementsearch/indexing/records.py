"""The record store of one build: full statements, organisations and who signed what.

Whoosh answers "which documents match"; this SQLite file (stdlib, one per build, read-only
once published) answers "show me this record" without scanning stored fields: a statement
with its ordered signatory list, an organisation's statements newest first, its
co-signatories. Withheld organisations are never written here: their signatures are
counted per statement and nothing else about them is kept.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

SCHEMA = """
CREATE TABLE statements (
    id TEXT PRIMARY KEY, title TEXT, date TEXT, language TEXT, source TEXT,
    declared_total INTEGER, body TEXT NOT NULL, individuals TEXT NOT NULL,
    warnings TEXT NOT NULL, withheld INTEGER NOT NULL, signatory_count INTEGER NOT NULL,
    organisation_ids TEXT NOT NULL
);
CREATE TABLE signatures (
    statement_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    organisation_id TEXT NOT NULL, PRIMARY KEY (statement_id, position)
) WITHOUT ROWID;
CREATE TABLE organisations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, names TEXT NOT NULL, acronyms TEXT NOT NULL,
    statement_count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE identity (key TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names (
    name TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, signatures INTEGER NOT NULL,
    first_statement TEXT NOT NULL, first_position INTEGER NOT NULL
) WITHOUT ROWID;
"""
# Covering indexes: an organisation's statement list (and its co-signatory count) reads
# only index pages, not one table row per statement signed.
INDEXES = """
CREATE INDEX signatures_by_organisation
    ON signatures (organisation_id, statement_id, position, name);
CREATE INDEX statements_listed ON statements (id, date, title);
"""


class Signings(Sequence[tuple[int, str, str]]):
    """A statement's signatures, (position, name as written, organisation id), kept as
    three columns: a tuple per signature cost 64 bytes and one allocator block each, 4.8 M
    of them at 50,000 statements (~300 MB, and the holes they left when a build freed
    them); here ~20 bytes a signature in three blocks a statement. Reads like the tuple of
    tuples it replaces, and equals one with the same items."""

    __slots__ = ("_names", "_organisations", "_positions")

    def __init__(self, signatures: Iterable[tuple[int, str, str]] = ()) -> None:
        items = list(signatures)
        self._positions = array("I", [position for position, _, _ in items])
        self._names = tuple(name for _, name, _ in items)
        self._organisations = tuple(org for _, _, org in items)

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, index: int) -> tuple[int, str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> Signings: ...
    def __getitem__(self, index: int | slice) -> tuple[int, str, str] | Signings:
        if isinstance(index, slice):
            return Signings(tuple(self)[index])
        return (self._positions[index], self._names[index], self._organisations[index])

    def __iter__(self) -> Iterator[tuple[int, str, str]]:
        return zip(self._positions, self._names, self._organisations, strict=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Signings({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Signings, (tuple(self),))


@dataclass(frozen=True)
class StatementRow:
    """A statement as stored: signatures carry organisation ids; withheld ones are counted."""

    id: str
    title: str | None
    date: str | None
    language: str | None
    source: str | None
    declared_total: int | None
    body: str
    individuals: Sequence[dict[str, Any]]
    warnings: Sequence[str]
    withheld: int
    signatures: Sequence[tuple[int, str, str]]  # (position, name as written, organisation id)


@dataclass(frozen=True)
class OrganisationRow:
    id: str
    name: str
    names: Sequence[str]
    acronyms: Sequence[str]
    statement_count: int


@dataclass(frozen=True)
class NameRow:
    """One distinct name as signed: its organisation, how often, and where first.

    The per-name summary an update resolves identity from (~11k rows at 10k statements)
    instead of every signature (~967k): identity depends on nothing else.
    """

    name: str
    organisation_id: str
    signatures: int
    first_statement: str
    first_position: int


def name_rows(statements: Iterable[StatementRow]) -> list[NameRow]:
    """Summarise the signatures of ``statements`` per distinct name."""
    found: dict[str, list[Any]] = {}
    for s in statements:
        for pos, name, org in s.signatures:
            row = found.get(name)
            if row is None:
                found[name] = [org, 1, s.id, pos]
            else:
                row[1] += 1
                if (s.id, pos) < (row[2], row[3]):
                    row[2], row[3] = s.id, pos
    return [NameRow(name, *row) for name, row in found.items()]


def _insert_names(db: sqlite3.Connection, rows: Iterable[NameRow]) -> None:
    db.executemany(
        "INSERT INTO names VALUES (?,?,?,?,?)",
        (
            (r.name, r.organisation_id, r.signatures, r.first_statement, r.first_position)
            for r in rows
        ),
    )


def _insert_statements(db: sqlite3.Connection, rows: Sequence[StatementRow]) -> None:
    db.executemany(
        "INSERT INTO statements VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                s.id,
                s.title,
                s.date,
                s.language,
                s.source,
                s.declared_total,
                s.body,
                json.dumps(list(s.individuals), ensure_ascii=False),
                json.dumps(list(s.warnings), ensure_ascii=False),
                s.withheld,
                len(s.signatures),
                " ".join(dict.fromkeys(org for _, _, org in s.signatures)),
            )
            for s in rows
        ),
    )
    db.executemany(
        "INSERT INTO signatures VALUES (?,?,?,?)",
        ((s.id, pos, name, org) for s in rows for pos, name, org in s.signatures),
    )


def _replace_organisations(
    db: sqlite3.Connection,
    organisations: Iterable[OrganisationRow],
    aliases: Mapping[str, str],
    identity: Mapping[str, str],
) -> None:
    for table in ("organisations", "aliases", "identity"):
        db.execute(f"DELETE FROM {table}")
    db.executemany(
        "INSERT INTO organisations VALUES (?,?,?,?,?)",
        (
            (
                o.id,
                o.name,
                json.dumps(list(o.names), ensure_ascii=False),
                json.dumps(list(o.acronyms), ensure_ascii=False),
                o.statement_count,
            )
            for o in organisations
        ),
    )
    db.executemany("INSERT INTO aliases VALUES (?,?)", sorted(aliases.items()))
    db.executemany("INSERT INTO identity VALUES (?,?)", sorted(identity.items()))


def write_records(
    path: str,
    statements: Iterable[StatementRow],
    organisations: Iterable[OrganisationRow],
    aliases: Mapping[str, str],
    identity: Mapping[str, str],
) -> None:
    """Write a new record store at ``path`` (which must not exist) in one transaction.

    ``identity`` (names.py group key -> organisation id) lets the next build keep ids.
    """
    db = sqlite3.connect(path)
    try:
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-50000;" + SCHEMA
        )
        with db:
            # Primary-key order: appends, not page splits.
            ordered = sorted(statements, key=lambda s: s.id)
            _insert_statements(db, ordered)
            _insert_names(db, name_rows(ordered))
            _replace_organisations(db, organisations, aliases, identity)
            # Built after the bulk load: one sort instead of a B-tree insert per row.
            db.executescript(INDEXES)
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()


def update_records(
    path: str,
    remove: Iterable[str],
    statements: Sequence[StatementRow],
    organisations: Iterable[OrganisationRow],
    aliases: Mapping[str, str],
    identity: Mapping[str, str],
    names: Mapping[str, NameRow | None],
) -> None:
    """Change a copy of a record store in place: drop ``remove``, add ``statements``,
    replace the organisation tables (an update touches few statements, all organisations)
    and the ``names`` rows that changed (None: the name is no longer signed).
    """
    db = sqlite3.connect(path)
    try:
        # A private copy, thrown away if anything fails and synced before it is published:
        # no rollback journal, no syncs of its own (as ``write_records``).
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        with db:
            gone = [(sid,) for sid in remove]
            db.executemany("DELETE FROM statements WHERE id = ?", gone)
            db.executemany("DELETE FROM signatures WHERE statement_id = ?", gone)
            _insert_statements(db, statements)
            db.executemany("DELETE FROM names WHERE name = ?", ((n,) for n in names))
            _insert_names(db, (row for row in names.values() if row is not None))
            _replace_organisations(db, organisations, aliases, identity)
    finally:
        db.close()


def chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """Pieces of a list small enough for one ``IN (...)`` (SQLite limits host parameters)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
