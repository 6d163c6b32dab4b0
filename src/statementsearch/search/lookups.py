"""Single records: a statement as published, display titles, the service's health.

A statement's public record keeps ``title`` as parsed (null when there is none) and adds
``display_title`` (``indexing.titles.display_title``: its first heading or sentence), so
no page reads "Untitled statement <id>".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from statementsearch.errors import IndexUnavailable, NotFound
from statementsearch.indexing import schema
from statementsearch.indexing.titles import display_title
from statementsearch.search.library import Library, Release


def get_statement(library: Library, statement_id: str) -> dict[str, Any]:
    """The full statement record; NotFound if there is no such statement."""
    record = library.release().records.find_statement(statement_id)
    if record is None:
        raise NotFound(f"no statement with id {statement_id!r}")
    # The store's space-separated copy of the signatories' ids: ``organisations`` says
    # the same, in the order written.
    record.pop("organisation_ids", None)
    record["display_title"] = display_title(record["title"], record["body"], record["id"])
    return record


def signatories_once(organisations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The signatures of a statement with one entry per organisation, in the order first
    written, with every position it holds and each name form it was written as.

    [{"name": "A", "organisation_id": "a", "position": 1}, {... "A.", "a", 5}]
    -> [{"organisation_id": "a", "name": "A", "names": ["A", "A."], "positions": [1, 5]}]
    """
    grouped: dict[str, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for sig in organisations:
        key = sig.get("organisation_id") or f"position:{sig['position']}"
        entry = grouped.get(key)
        if entry is None:
            entry = {
                "organisation_id": sig.get("organisation_id"),
                "name": sig["name"],
                "names": [sig["name"]],
                "positions": [sig["position"]],
            }
            grouped[key] = entry
            out.append(entry)
        else:
            entry["positions"].append(sig["position"])
            if sig["name"] not in entry["names"]:
                entry["names"].append(sig["name"])
    return out


def display_titles(release: Release, statements: list[dict[str, Any]]) -> None:
    """Give each statement listed (``id``, ``title``) its ``display_title``, reading the
    stored one only for statements without a title."""
    untitled = [s for s in statements if not s.get("title")]
    for s in statements:
        s["display_title"] = s.get("title") or s["id"]
    if not untitled:
        return
    searcher = release.statements_searcher()
    docnums = release.cached(("docnums",), lambda: _docnums(searcher))
    for s in untitled:
        docnum = docnums.get(s["id"])
        if docnum is not None:
            s["display_title"] = searcher.stored_fields(docnum).get(schema.DISPLAY_TITLE) or s["id"]


def _docnums(searcher: Any) -> dict[str, int]:
    """Statement id -> its live document number (from the id column; 10k ids ~10 ms)."""
    reader = searcher.reader()
    column = reader.column_reader(schema.ID, translate=True)
    return {sid: d for d, sid in enumerate(column) if not reader.is_deleted(d)}


def health(library: Library) -> dict[str, Any]:
    """The live build's counts, after checking what serving needs: both indexes open and
    the record store readable and as large as the manifest says (else IndexUnavailable)."""
    release = library.release()
    counts = release.manifest.get("counts", {})
    release.statements_searcher()
    release.organisations_searcher()
    try:
        ids = release.records.statement_ids()
        if ids:
            release.records.find_statement(ids[0])
    except sqlite3.DatabaseError as exc:
        message = f"the record store of {release.build_id} is unreadable: {exc}"
        raise IndexUnavailable(message) from exc
    if len(ids) != counts.get("statements", 0):
        raise IndexUnavailable(f"the record store of {release.build_id} misses statements")
    return {
        "status": "ok",
        "statements": counts.get("statements", 0),
        "organisations": counts.get("organisations", 0),
        "built_at": release.manifest.get("built_at"),
        "index": release.build_id,
    }
