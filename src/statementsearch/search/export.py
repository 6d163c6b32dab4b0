"""Export every match of a statement search (CSV and JSON), streamed, capped.

At most ``EXPORT_MAX`` statements, in the order the search ranks them; rows are made a
chunk at a time as they are written, so memory does not grow with the export.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from statementsearch.indexing import schema
from statementsearch.indexing.build import date_text
from statementsearch.search.library import Library
from statementsearch.search.requests import SearchRequest
from statementsearch.search.signatories import signed_by_lines
from statementsearch.search.statements import filter_organisations, rank_statements

EXPORT_MAX = 10_000  # statements in one export (docs/api.md)
_CHUNK = 200
EXPORT_COLUMNS = (
    "id",
    "date",
    "title",
    "display_title",
    "language",
    "signatory_count",
    "signed_by",
    "url",
)


def iter_export_rows(
    library: Library, request: SearchRequest
) -> tuple[int, Iterator[dict[str, Any]]]:
    """The number of matches and an iterator over the first EXPORT_MAX of them as rows
    (``EXPORT_COLUMNS``; ``signed_by``: the matched signatories' names as written)."""
    release = library.release()
    request = replace(request, page=1)
    organisations = filter_organisations(release, request)
    ranked = rank_statements(release, request, organisations, EXPORT_MAX)

    def rows() -> Iterator[dict[str, Any]]:
        searcher = release.statements_searcher()
        for start in range(0, len(ranked.docnums), _CHUNK):
            stored = [searcher.stored_fields(d) for d in ranked.docnums[start : start + _CHUNK]]
            signed = signed_by_lines(release, [f[schema.ID] for f in stored], ranked.joined)
            for fields in stored:
                sid = fields[schema.ID]
                yield {
                    "id": sid,
                    "date": date_text(fields.get(schema.DATE) or schema.NO_DATE),
                    "title": fields.get(schema.TITLE) or None,
                    "display_title": fields.get(schema.DISPLAY_TITLE) or sid,
                    "language": fields.get(schema.LANGUAGE) or None,
                    "signatory_count": fields.get(schema.SIGNATORY_COUNT, 0),
                    "signed_by": [s["name"] for s in signed.get(sid, [])],
                    "url": f"/statements/{sid}",
                }

    return ranked.total, rows()
