"""Read the curation file (``corpus/curation.toml``): a maintainer's identity decisions.

The file says which names to merge, which to keep apart, an organisation's display name,
old id -> current id redirects, and which organisations to withhold. This module only reads
and checks the file's shape; ``orgs`` applies it. Every problem names the file and the entry
(``curation.toml: [[merge]] #2``): tomllib gives no line numbers for values.
A file that cannot be read at all, or a ``[[withhold]]`` entry that cannot be understood,
raises ``CurationError``: going on would publish an organisation someone asked to hide.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from typing import Any

from statementsearch.errors import StatementSearchError
from statementsearch.model import Notice

CURATION_FILE = "curation.toml"
_TABLES = {
    "merge": {"names", "note"},
    "keep_apart": {"names", "note"},
    "display": {"match", "name", "note"},
    "withhold": {"match", "note"},
}


class CurationError(StatementSearchError):
    """The curation file cannot be used safely; the message names the file and entry."""

    code = "curation_error"


@dataclass(frozen=True)
class NameGroup:
    """A ``[[merge]]`` or ``[[keep_apart]]`` entry: names as written (or ids, for merge)."""

    where: str  # "curation.toml: [[merge]] #1", for messages
    names: tuple[str, ...]


@dataclass(frozen=True)
class DisplayRule:
    """A ``[[display]]`` entry: the organisation ``match`` (a name or an id) shows ``name``."""

    where: str
    match: str
    name: str


@dataclass(frozen=True)
class Withhold:
    """A ``[[withhold]]`` entry: the organisation ``match`` (a name or an id) is withheld."""

    where: str
    match: str


@dataclass(frozen=True)
class Redirect:
    """One ``[redirects]`` line: ``old`` id answers with a redirect to ``new``."""

    where: str
    old: str
    new: str


@dataclass(frozen=True)
class Curation:
    """Everything the curation file asks for, plus the problems found reading it."""

    path: str = ""
    merges: tuple[NameGroup, ...] = ()
    keep_apart: tuple[NameGroup, ...] = ()
    display: tuple[DisplayRule, ...] = ()
    withhold: tuple[Withhold, ...] = ()
    redirects: tuple[Redirect, ...] = ()
    notices: tuple[Notice, ...] = ()


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def parse_curation(text: str, path: str = CURATION_FILE) -> Curation:
    """Parse curation TOML text; collect problems as notices, raise only when unsafe.

    '[[merge]]\\nnames = ["A", "B"]' -> Curation(merges=(NameGroup(where, ("A", "B")),))
    '[[withhold]]\\nnmae = "X"' -> CurationError ("unknown key 'nmae'")
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise CurationError(f"{path}: not valid TOML: nested too deeply") from None
    notices: list[Notice] = []
    found: dict[str, list[Any]] = {name: [] for name in (*_TABLES, "redirects")}

    def problem(where: str, message: str, table: str) -> None:
        if table == "withhold":
            raise CurationError(f"{where}: {message}; nothing was withheld")
        notices.append(Notice("curation_entry", f"{where}: {message}"))

    for table, value in data.items():
        if table == "redirects":
            if not isinstance(value, dict):
                problem(f"{path}: [redirects]", "must be a table of old-id = new-id", table)
                continue
            for old, new in value.items():
                where = f"{path}: [redirects] {old!r}"
                if _text(new) is None:
                    problem(where, "the new id must be a non-empty string", table)
                else:
                    found[table].append(Redirect(where, old.strip(), new.strip()))
            continue
        if table not in _TABLES:
            known = ", ".join(f"[[{t}]]" for t in _TABLES) + ", [redirects]"
            problem(f"{path}: [{table}]", f"unknown table; expected one of {known}", table)
            continue
        entries = value if isinstance(value, list) else [value]
        for number, entry in enumerate(entries, start=1):
            where = f"{path}: [[{table}]] #{number}"
            if not isinstance(entry, dict):
                problem(where, "must be a table (write it as [[" + table + "]])", table)
                continue
            unknown = sorted(set(entry) - _TABLES[table])
            if unknown:
                allowed = ", ".join(sorted(_TABLES[table]))
                problem(where, f"unknown key {unknown[0]!r}; allowed: {allowed}", table)
                continue
            if table in ("merge", "keep_apart"):
                raw = entry.get("names")
                names = [_text(n) for n in raw] if isinstance(raw, list) else []
                if len(names) < 2 or None in names:
                    problem(where, "'names' must list at least two non-empty names", table)
                    continue
                found[table].append(NameGroup(where, tuple(n for n in names if n)))
                continue
            match = _text(entry.get("match"))
            if match is None:
                problem(where, "'match' (a name as written, or an id) is required", table)
            elif table == "withhold":
                found[table].append(Withhold(where, match))
            elif (name := _text(entry.get("name"))) is None:
                problem(where, "'name' (the name to display) is required", table)
            else:
                found[table].append(DisplayRule(where, match, name))
    return Curation(
        path=path,
        merges=tuple(found["merge"]),
        keep_apart=tuple(found["keep_apart"]),
        display=tuple(found["display"]),
        withhold=tuple(found["withhold"]),
        redirects=tuple(found["redirects"]),
        notices=tuple(notices),
    )


def read_curation(path: str | os.PathLike[str]) -> Curation:
    """Read a curation file; a missing file is an empty curation, not an error."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return Curation(path=name)
    except OSError as exc:
        raise CurationError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CurationError(f"{name}: not UTF-8 text") from None
    return parse_curation(text, name)
