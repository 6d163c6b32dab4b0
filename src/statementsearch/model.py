"""The records that cross module boundaries: frozen, with ``to_dict()`` for JSON.

Parsing produces ``Statement`` and ``Signature``; later layers (organisation identity,
indexing, search, web) only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


# slots: a 50,000-statement corpus holds ~4.8 M signatures (40 bytes less each).
@dataclass(frozen=True, slots=True)
class Notice:
    """A problem found while reading or parsing one file: never fatal for the others.

    ``code`` is a stable machine name (``declared_total_mismatch``, ``numbering_gap``, ...),
    ``message`` a sentence for people, ``line`` the 1-based line in the file when known.
    """

    code: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "line": self.line}


@dataclass(frozen=True, slots=True)
class Signature:
    """One signatory entry exactly as written (numbering and bullets removed, wraps joined)."""

    name: str
    position: int  # 1-based order within the statement's list (organisations or individuals)
    line: int  # 1-based line in the source file where the entry starts

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "position": self.position}


@dataclass(frozen=True)
class Statement:
    """One parsed statement file."""

    id: str  # file name without extension; stable, used in URLs
    title: str | None
    date: dt.date | None
    language: str | None  # "en", "my", "en+my" or what front matter says
    source: str | None  # URL or citation from front matter
    body: str  # the text without front matter and signatory lists
    declared_total: int | None  # "567 organizations endorsed ..."; None when not stated
    organisations: tuple[Signature, ...] = ()
    individuals: tuple[Signature, ...] = ()
    warnings: tuple[Notice, ...] = field(default=())
    path: str = ""  # the file it came from (for messages; not part of the API)
    # How the signatory list was found, for `check` (not part of the API): "heading",
    # "inline list", "list at the end", "list after a declaring sentence"; None: no list.
    list_rule: str | None = None
    list_rule_line: int | None = None
    tail_count: int = 0  # organisations counted by "... and N other organisations"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "language": self.language,
            "source": self.source,
            "declared_total": self.declared_total,
            "body": self.body,
            "organisations": [s.to_dict() for s in self.organisations],
            "individuals": [s.to_dict() for s in self.individuals],
            "warnings": [str(w) for w in self.warnings],
        }
