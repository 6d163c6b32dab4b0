"""Read a Word (.docx) statement with python-docx: paragraphs, headings, tables, lists.

Word's automatic list numbering is not in the paragraph text: a paragraph whose
properties (or style) carry ``numPr`` is a list item, numbered here per list as Word
would show it (``1.``, ``2.``, ...; bullets become ``- ``), so the signatory reader sees a
list. Table rows become lines: a row whose first cell is a number becomes a numbered item.

A .docx is a ZIP: its directory is checked before anything is inflated (total size,
member count), so a ZIP bomb is refused without being unpacked. A truncated or corrupt
file is refused by name. Parsing is linear in the (capped) document size.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from statementsearch.errors import CorpusError
from statementsearch.ingest.readers import Document

# Uncompressed size of all parts together; a statement's XML is well under 1 MB.
MAX_DOCX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_DOCX_MEMBERS = 2000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NUMBER_CELL = re.compile(r"\s*[0-9\u1040-\u1049]+\s*[.)\u104b]?\s*")


def _check_zip(path: Path) -> None:
    """Refuse a file that is not a ZIP, or whose directory promises too much."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise CorpusError(
            str(path), f"not a readable .docx (corrupt or truncated ZIP: {exc})"
        ) from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise CorpusError(
            str(path), f".docx has {len(members):,} parts; the limit is {MAX_DOCX_MEMBERS:,}"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise CorpusError(
            str(path),
            f".docx would inflate to {total:,} bytes (a ZIP bomb?); the limit is "
            f"{MAX_DOCX_UNCOMPRESSED:,}",
        )
    if not any(m.filename == "word/document.xml" for m in members):
        raise CorpusError(str(path), "not a Word document (no word/document.xml)")


class _Numbering:
    """Word's list definitions: numId -> level formats; counts items per list as Word does."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}  # (numId, ilvl) -> fmt, start
        self.counts: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, int]]] = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, int]] = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{_W}val", "") if ref is not None else "", {}))
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                level = int(override.get(f"{_W}ilvl", "0"))
                if start is not None and level in levels:
                    levels[level] = (levels[level][0], int(start.get(f"{_W}val", "1")))
            for level, spec in levels.items():
                self.formats[(num.get(f"{_W}numId", ""), level)] = spec

    def label(self, num_id: str, level: int) -> str:
        """The next label of this list at this level: "1.", "2." ... or "-" for bullets."""
        fmt, start = self.formats.get((num_id, level), ("decimal", 1))
        if fmt in ("bullet", "none"):
            return "-"
        counts = self.counts.setdefault(num_id, [])
        while len(counts) <= level:
            counts.append(0)
        del counts[level + 1 :]  # a deeper level restarts under a new item
        counts[level] = counts[level] + 1 if counts[level] else start
        return f"{counts[level]}."


def _find_num_pr(ppr: Any) -> tuple[str, int] | bool | None:
    """A numPr in these properties: (numId, level); None if numbering is removed there;
    False if they say nothing about numbering."""
    num = ppr.find(f"{_W}numPr") if ppr is not None else None
    if num is None:
        return False
    num_id = num.find(f"{_W}numId")
    ilvl = num.find(f"{_W}ilvl")
    value = num_id.get(f"{_W}val", "0") if num_id is not None else "0"
    if value == "0":
        return None  # numbering explicitly removed
    return value, int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0


def _num_pr(paragraph: Any, by_style: dict[str | None, tuple[str, int] | None]) -> Any:
    """The list a paragraph belongs to, from its own properties or its style's.

    A style's answer is cached by style id: python-docx looks a style up by scanning
    all styles, which was 60 % of reading a document.
    """
    own = _find_num_pr(paragraph._p.pPr)
    if own is not False:
        return own
    style_id = paragraph._p.style
    if style_id not in by_style:
        found: tuple[str, int] | None = None
        style = paragraph.style
        while style is not None:
            result = _find_num_pr(style.element.pPr)
            if result is not False:
                found = result if isinstance(result, tuple) else None
                break
            style = style.base_style
        by_style[style_id] = found
    return by_style[style_id]


def _row_line(row: Any) -> str:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:  # a merged cell comes back once per grid column it spans
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        text = " ".join(cell.text.split())
        if text:
            cells.append(text)
    if not cells:
        return ""
    # A pipe-table line: the signatory reader's table rules (header, number and place
    # columns) then read Word files, web pages and text alike.
    return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"


def _iter_lines(document: Any) -> Iterator[tuple[str, bool]]:
    """Yield (line, is_list_item) in document order."""
    from docx.table import Table

    numbering = _Numbering(document)
    by_style: dict[str | None, tuple[str, int] | None] = {}
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                if line := _row_line(row):
                    yield line, True
            yield "", False
            continue
        text = block.text.replace("\t", " ").strip()
        if not text:
            yield "", False
            continue
        found = _num_pr(block, by_style)
        if found is None:
            yield text, False
        else:
            yield f"{numbering.label(*found)} {text}", True


def _layout(lines: Iterator[tuple[str, bool]]) -> str:
    """Paragraphs apart by a blank line; list items and table rows one per line."""
    out: list[str] = []
    previous_item = False
    for line, item in lines:
        if not line:
            if out and out[-1]:
                out.append("")
            previous_item = False
            continue
        if out and out[-1] and not (item and previous_item):
            out.append("")
        out.append(line)
        previous_item = item
    return "\n".join(out).strip() + "\n"


def read_docx(path: Path) -> Document:
    """Read a .docx; refuse ZIP bombs, broken and non-Word files by name."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    _check_zip(path)
    try:
        document = docx.Document(str(path))
        text = _layout(_iter_lines(document))
        properties = document.core_properties
        title = (properties.title or "").strip() or None
        created = properties.created
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as exc:
        message = f"not a readable .docx ({type(exc).__name__}: {exc})"
        raise CorpusError(str(path), message) from None
    if not text.strip():
        raise CorpusError(str(path), "the document has no text")
    date = created.date() if isinstance(created, dt.datetime) else None
    return Document(
        text, "docx", title=title, date=date, date_from="the Word document's creation date"
    )
